/*
 * shim.c — the process-wide parts of the ncurses glue: locale, newterm on stdio, and restoring the
 * terminal at exit and on SIGTERM / SIGHUP / SIGINT. The state the signal handlers read is a C static
 * so that no Swift code runs inside a handler.
 */
#include "cncurses.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static SCREEN *active_screen = NULL;          /* the screen to restore; NULL when curses is not active */
static volatile sig_atomic_t curses_active = 0;
static int cleanup_registered = 0;

int cncurses_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL) return 0;
    return strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0;
}

int cncurses_setup_locale(void) {
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    return cncurses_locale_is_utf8();
}

SCREEN *cncurses_newterm(const char *term) {
    return newterm(term, stdout, stdin);
}

int cncurses_end(void) {
    if (!curses_active) return 0;
    curses_active = 0;
    curs_set(1);
    endwin();
    if (active_screen != NULL) {
        delscreen(active_screen);
        active_screen = NULL;
    }
    return 1;
}

static void cleanup_at_exit(void) {
    cncurses_end();
}

/* Minimal by design: leave curses mode (not strictly async-signal-safe, but the established practice;
   the process ends right after) and exit with the conventional 128 + signal status. */
static void on_fatal_signal(int sig) {
    if (curses_active) {
        curses_active = 0;
        endwin();
    }
    _exit(128 + sig);
}

/* A crash (a Swift trap is SIGILL or SIGTRAP; also abort, segfault, bus error, FP error): leave curses mode
   so the user gets their terminal back, then die of the same signal with the default action. */
static void on_crash_signal(int sig) {
    if (curses_active) {
        curses_active = 0;
        endwin();
        /* The crash report went to the alternate screen and is gone: say what happened on the real one. */
        static const char msg[] = "convlens: internal error (crashed); the terminal has been restored\n";
        ssize_t ignored = write(2, msg, sizeof msg - 1);
        (void)ignored;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void cncurses_install_signal_cleanup(SCREEN *screen) {
    struct sigaction sa;
    active_screen = screen;
    curses_active = 1;
    if (cleanup_registered) return;
    cleanup_registered = 1;
    atexit(cleanup_at_exit);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    struct sigaction crash;
    memset(&crash, 0, sizeof crash);
    crash.sa_handler = on_crash_signal;
    sigemptyset(&crash.sa_mask);
    crash.sa_flags = SA_RESETHAND;
    int crashes[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
    for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) sigaction(crashes[i], &crash, NULL);
}
