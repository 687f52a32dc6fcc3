/*
 * shim.c — the process-wide parts of the ncurses glue: locale, newterm on stdio, the signals, suspend/resume, the
 * wait for input (the wide-character API), and tiparm for the frame writer's terminfo strings. The state the signal handlers read is C statics
 * so that no Swift code runs in a handler. What differs between Linux and macOS is listed at the top of cncurses.h.
 *
 * Signals while curses mode is active (from cncurses_newterm to cncurses_end):
 *
 *  - Every signal whose default action ends the process (POSIX: HUP INT QUIT ILL TRAP ABRT BUS FPE USR1 SEGV USR2
 *    PIPE ALRM TERM XCPU XFSZ VTALRM PROF SYS, Linux also STKFLT IO PWR, and the real-time signals): the handler
 *    writes the bytes that leave curses mode (attributes and colours off, mouse reporting off, keypad local, cursor
 *    visible, main screen; prepared at open from terminfo), puts back the terminal modes the shell had
 *    (tcsetattr), sets the signal to SIG_DFL and raises it again, so the process ends with the signal's own status
 *    (128 + n in the shell, a core dump where the default does that). Only write, tcsetattr, sigaction,
 *    sigprocmask and raise run in the handler: all async-signal-safe (endwin is not).
 *    A signal that is ignored when the screen opens stays ignored (nohup's SIGHUP; SIGPIPE when main ignores it so
 *    that output errors become EPIPE). A handler already there is replaced only for the crash signals and SIGQUIT,
 *    where it is the Swift runtime's crash reporter (it would write its report and a prompt on the alternate screen
 *    and leave the terminal raw); other handlers belong to someone and are left alone, and so are real-time signals
 *    that are not at their default. At cncurses_end the earlier dispositions come back (the crash reporter is in
 *    charge again), and a handler that runs when curses mode is no longer active hands the signal on to them.
 *    Ours are installed before newterm: the runtime's are already there (it installs them at start-up), and
 *    ncurses takes SIGINT, SIGTERM and SIGTSTP only when they are still at their default, so it leaves ours alone.
 *    SIGWINCH stays ncurses' own (KEY_RESIZE). SIGKILL and SIGSTOP cannot be caught.
 *
 *  - Suspend. raw() turns off ISIG, so Ctrl-Z arrives as byte 26 and the tty driver sends no SIGTSTP; a SIGTSTP
 *    can still come from outside (kill -TSTP), and raw() does not disable ncurses' own SIGTSTP handler (newterm
 *    installs it when SIGTSTP is at its default). That handler does endwin, stop and doupdate inside the handler
 *    (not async-signal-safe, and ncurses is not reentrant if the signal comes while it draws); doupdate sets
 *    SIGTSTP to SIG_IGN while it draws, so a SIGTSTP arriving then is lost; and after `fg` keypad mode stays off
 *    (endwin sent rmkx, reset_prog_mode does not send smkx again), so the first arrow key arrived as Esc and quit.
 *    Ours is installed first, so ncurses leaves SIGTSTP alone. Our SIGTSTP and SIGCONT handlers only set a flag;
 *    the wait for input (cncurses_next_key) blocks those signals, looks at the flags and at ncurses' input, then
 *    sleeps in pselect with them unblocked, so a signal arriving at any moment ends the wait at once (no lost
 *    wake-up). A SIGTSTP is reported like the Ctrl-Z key; the program then calls cncurses_suspend on its own
 *    thread: endwin, SIGTSTP to the process group at its default action (as the tty driver does for Ctrl-Z, so a
 *    wrapping shell script stops too and the shell gets its prompt back), and on SIGCONT cncurses_resume: the
 *    terminal size, program modes, keypad, cursor, a full repaint. All curses calls stay on the program's thread,
 *    and the stop waits at most for the frame being drawn. A SIGCONT after a stop we did not ask for (SIGSTOP,
 *    which cannot be caught) is reported too; the program leaves and re-enters curses mode to get its modes back
 *    and repaints.
 */
#include "cncurses.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef NSIG
#define NSIG 65
#endif

/* tiparm came with ncurses 5.9; macOS has 5.7, whose tparm takes up to nine long parameters. */
#if defined(__APPLE__)
#define cncurses_tparm2(cap, a, b) tparm((char *)(cap), (long)(a), (long)(b), 0L, 0L, 0L, 0L, 0L, 0L, 0L)
#else
#define cncurses_tparm2(cap, a, b) tiparm((cap), (a), (b))
#endif

static SCREEN *active_screen = NULL;          /* the screen to restore; NULL when curses is not active */
static volatile sig_atomic_t curses_active = 0;
static volatile sig_atomic_t program_mode = 0; /* 1 in curses mode; 0 between endwin and resume */
static volatile sig_atomic_t tstp_pending = 0;
static volatile sig_atomic_t cont_pending = 0;
static int cleanup_registered = 0;
static int tty_fd = -1;                       /* the terminal curses writes to (stdout) */
static struct termios shell_modes;            /* the modes before curses mode, put back by the fatal handler */
static int have_shell_modes = 0;
static char leave_bytes[512];                 /* what leaves curses mode: written by the fatal handler */
static size_t leave_length = 0;
static int suspend_ignored = 0;               /* SIGTSTP not ours (ignored at open): Ctrl-Z does nothing */

static struct sigaction previous[NSIG];      /* the dispositions before ours, put back by cncurses_end */
static unsigned char taken[NSIG];             /* 1 where ours is installed */

int cncurses_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    if (cs == NULL) return 0;
    return strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0;
}

/* The locale name that decides the character set: the first of LC_ALL, LC_CTYPE, LANG that is set (POSIX). */
static const char *ctype_name(void) {
    const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (int i = 0; i < 3; i++) {
        const char *v = getenv(names[i]);
        if (v != NULL && v[0] != '\0') return v;
    }
    return NULL;
}

/* True when `name` asks for UTF-8 ("zh_CN.UTF-8", "en_US.utf8"), ignoring case. */
static int names_utf8(const char *name) {
    for (const char *p = name; *p != '\0'; p++) {
        if (strncasecmp(p, "utf-8", 5) == 0 || strncasecmp(p, "utf8", 4) == 0) return 1;
    }
    return 0;
}

int cncurses_setup_locale(void) {
    /* Only the character set: it is all that ncurses (wide characters) and convlens (UTF-8 or ASCII glyphs) take
       from the locale. setlocale(LC_ALL, "") loaded all twelve categories' files (about 60 system calls, 0.16 ms
       of the first frame) for nothing: numbers, dates and messages are convlens's own. */
    setlocale(LC_CTYPE, "");
    const char *name = ctype_name();
    if (!cncurses_locale_is_utf8() && name != NULL && names_utf8(name)) {
        /* The locale asks for UTF-8 but is not installed (zh_CN.UTF-8 on a fresh machine): take the character
           set of C.UTF-8 (UTF-8 on macOS), so box drawing and Chinese still show instead of ASCII. */
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL && setlocale(LC_CTYPE, "C.utf8") == NULL) {
            setlocale(LC_CTYPE, "UTF-8");
        }
    }
    return cncurses_locale_is_utf8();
}

/* ---- Output ---- */

const char *cncurses_apply(const char *cap, int a, int b) {
    return cncurses_tparm2(cap, a, b);
}

/* ---- Leaving curses mode from a handler ---- */

static void leave_terminal(void) {
    if (!program_mode) return;
    program_mode = 0;
    if (leave_length > 0) {
        ssize_t ignored = write(tty_fd, leave_bytes, leave_length);
        (void)ignored;
    }
    if (have_shell_modes) tcsetattr(tty_fd, TCSANOW, &shell_modes);
}

static int is_crash(int sig) {
    switch (sig) {
    case SIGILL: case SIGTRAP: case SIGABRT: case SIGSEGV: case SIGBUS: case SIGFPE: case SIGSYS: return 1;
    default: return 0;
    }
}

static void raise_with(int sig, const struct sigaction *action) {
    sigset_t mask;
    sigaction(sig, action, NULL);
    sigemptyset(&mask);
    sigaddset(&mask, sig);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    raise(sig);
}

static void on_fatal_signal(int sig) {
    int saved_errno = errno;
    struct sigaction dfl;
    if (!curses_active) {
        raise_with(sig, &previous[sig]);  /* curses mode is over: whoever had the signal before gets it */
        errno = saved_errno;
        return;
    }
    leave_terminal();
    if (is_crash(sig)) {
        /* The runtime's report went to the alternate screen and is gone: say what happened on the real one. */
        static const char msg[] = "convlens: internal error (crashed); the terminal has been restored\n";
        ssize_t ignored = write(2, msg, sizeof msg - 1);
        (void)ignored;
    }
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    raise_with(sig, &dfl);
    _exit(128 + sig);  /* not reached: the default action ends the process */
}

static void on_tstp(int sig) {
    (void)sig;
    tstp_pending = 1;
}

static void on_cont(int sig) {
    (void)sig;
    cont_pending = 1;
}

/* ---- Taking the signals over and giving them back ---- */

static const int fatal_signals[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE,
    SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
#if defined(__linux__) && defined(SIGIO)
    SIGIO,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGEMT
    SIGEMT,
#endif
#ifdef SIGLOST
    SIGLOST,
#endif
};

/* Installs `handler` for `sig` unless the signal is ignored, or has a handler that is not ours to replace. One
   call installs ours and returns what was there (a second puts that back when it is not ours to replace: rare),
   instead of a call to look and one to install for each of the ~60 signals. A fatal signal arriving in between
   finds curses mode not active yet, and our handler hands it to the disposition it had (on_fatal_signal); a
   SIGTSTP or SIGCONT there only sets its flag, read as a suspend that does nothing (suspend_ignored) or a
   redraw. */
static void take(int sig, void (*handler)(int), int replace_handlers, int flags) {
    struct sigaction ours;
    if (sig <= 0 || sig >= NSIG || taken[sig]) return;
    memset(&ours, 0, sizeof ours);
    ours.sa_handler = handler;
    sigfillset(&ours.sa_mask);  /* nothing else runs during a handler */
    ours.sa_flags = flags;
    if (sigaction(sig, &ours, &previous[sig]) != 0) return;
    if (previous[sig].sa_handler == SIG_IGN || (previous[sig].sa_handler != SIG_DFL && !replace_handlers)) {
        sigaction(sig, &previous[sig], NULL);
        return;
    }
    taken[sig] = 1;
}

/* The main thread's stack may be what ran out: give the crash handlers a stack of their own if there is none. */
static void ensure_signal_stack(void) {
    static char stack_memory[64 * 1024];
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    stack_t ss;
    memset(&ss, 0, sizeof ss);
    ss.ss_sp = stack_memory;
    ss.ss_size = sizeof stack_memory;
    sigaltstack(&ss, NULL);
}

static void take_signals(void) {
    unsigned i;
    ensure_signal_stack();
    for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        int sig = fatal_signals[i];
        take(sig, on_fatal_signal, is_crash(sig) || sig == SIGQUIT, SA_ONSTACK | SA_RESTART);
    }
#ifdef SIGRTMIN
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++) take(sig, on_fatal_signal, 0, SA_ONSTACK | SA_RESTART);
#endif
    take(SIGTSTP, on_tstp, 0, SA_RESTART);
    suspend_ignored = !taken[SIGTSTP];
    take(SIGCONT, on_cont, 0, SA_RESTART);
}

static void give_signals_back(void) {
    for (int sig = 1; sig < NSIG; sig++) {
        if (!taken[sig]) continue;
        taken[sig] = 0;
        sigaction(sig, &previous[sig], NULL);
    }
}

/* ---- Opening and closing ---- */

SCREEN *cncurses_newterm(const char *term) {
    SCREEN *screen;
    tty_fd = fileno(stdout);
    have_shell_modes = tcgetattr(tty_fd, &shell_modes) == 0;
    take_signals();
    screen = newterm(term, stdout, stdin);
    if (screen == NULL) give_signals_back();
    return screen;
}

void cncurses_raw_output(void) {
    struct termios modes;
    if (tty_fd < 0 || tcgetattr(tty_fd, &modes) != 0) return;
    modes.c_oflag &= ~(tcflag_t)OPOST;
    if (tcsetattr(tty_fd, TCSADRAIN, &modes) == 0) def_prog_mode();
}

/* Appends a terminfo string to the leave bytes without its padding ("$<5>", "$<2*>": a delay for tputs, which the
   handler cannot call; written as it is, a vt100 showed the text itself). Nothing when it would not fit whole. */
static void append_leave(const char *s) {
    size_t n, i, k = 0;
    char clean[sizeof leave_bytes];
    if (s == NULL || s == (const char *)-1) return;
    n = strlen(s);
    for (i = 0; i < n; i++) {
        if (s[i] == '$' && s[i + 1] == '<') {
            size_t j = i + 2;
            while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == '*' || s[j] == '/')) j++;
            if (j < n && s[j] == '>') {
                i = j;
                continue;
            }
        }
        if (k == sizeof clean) return;
        clean[k++] = s[i];
    }
    if (leave_length + k >= sizeof leave_bytes) return;
    memcpy(leave_bytes + leave_length, clean, k);
    leave_length += k;
}

/* What endwin sends, prepared now because the handler cannot ask terminfo. */
static void prepare_leave_bytes(void) {
    const char *xm = tigetstr("XM");
    const char *cup = tigetstr("cup");
    const char *rmcup = tigetstr("rmcup");
    leave_length = 0;
    append_leave(tigetstr("sgr0"));
    append_leave(tigetstr("op"));
    if (xm != NULL && xm != (const char *)-1) {
        append_leave(cncurses_tparm2(xm, 0, 0));  /* the terminal's own "mouse reporting off" */
    } else {
        const char *kmous = tigetstr("kmous");
        if (kmous != NULL && kmous != (const char *)-1) append_leave("\033[?1000l");
    }
    append_leave(tigetstr("rmkx"));
    append_leave(tigetstr("cnorm"));
    if (rmcup != NULL && rmcup != (const char *)-1) {
        append_leave(rmcup);
    } else if (cup != NULL && cup != (const char *)-1) {
        append_leave(cncurses_tparm2(cup, 998, 0));  /* no alternate screen: put the cursor on the bottom line */
        append_leave(tigetstr("el"));                  /* and clear it for the message the shell prints there */
    }
}

static void cleanup_at_exit(void) {
    cncurses_end();
}

void cncurses_install_signal_cleanup(SCREEN *screen) {
    active_screen = screen;
    prepare_leave_bytes();
    program_mode = 1;
    curses_active = 1;
    if (cleanup_registered) return;
    cleanup_registered = 1;
    atexit(cleanup_at_exit);
}

int cncurses_end(void) {
    if (!curses_active) return 0;
    if (program_mode) {
        curs_set(1);
        endwin();
    }
    program_mode = 0;
    curses_active = 0;
    give_signals_back();
    if (active_screen != NULL) {
        delscreen(active_screen);
        active_screen = NULL;
    }
    return 1;
}

/* ---- Waiting for input ---- */

static long ms_since(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* Looks at the flags and at what ncurses has already (its buffer, a resize, the bytes ready) without waiting. */
static cncurses_key_t poll_once(WINDOW *w) {
    cncurses_key_t k;
    wint_t ch = 0;
    k.code = 0;
    if (tstp_pending) {
        tstp_pending = 0;
        k.status = CNCURSES_SUSPEND;
    } else if (cont_pending) {
        cont_pending = 0;
        k.status = CNCURSES_CONTINUED;
    } else {
        wtimeout(w, 0);
        k.status = wget_wch(w, &ch);
        k.code = (unsigned int)ch;
    }
    return k;
}

/* Input said ready but ncurses read nothing: true when that is because the terminal hung up (its other side
   closed), which reads as ready for ever. */
static int input_hung_up(void) {
    struct pollfd p;
    p.fd = STDIN_FILENO;
    p.events = POLLIN;
    p.revents = 0;
    return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

cncurses_key_t cncurses_next_key(WINDOW *w, int timeout_ms) {
    struct timespec start;
    sigset_t watched, old;
    int ready = 0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    sigemptyset(&watched);
    sigaddset(&watched, SIGTSTP);
    sigaddset(&watched, SIGCONT);
    sigaddset(&watched, SIGWINCH);
    for (;;) {
        cncurses_key_t k;
        long left;
        sigprocmask(SIG_BLOCK, &watched, &old);
        k = poll_once(w);
        if (k.status == ERR && ready && input_hung_up()) k.status = CNCURSES_HANGUP;
        left = timeout_ms < 0 ? -1 : timeout_ms - ms_since(&start);
        if (k.status == ERR && (timeout_ms < 0 || left > 0)) {
            fd_set readable;
            struct timespec wait;
            FD_ZERO(&readable);
            FD_SET(STDIN_FILENO, &readable);
            wait.tv_sec = left / 1000;
            wait.tv_nsec = (left % 1000) * 1000000;
            /* Sleeps with the watched signals unblocked; one that was pending or comes now ends the wait (EINTR). */
            ready = pselect(STDIN_FILENO + 1, &readable, NULL, NULL, left < 0 ? NULL : &wait, &old) > 0;
            sigprocmask(SIG_SETMASK, &old, NULL);
            continue;
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        return k;
    }
}

/* ---- Suspend and resume ---- */

int cncurses_suspend(void) {
    struct sigaction dfl, ours;
    sigset_t mask;
    struct termios current;
    if (!curses_active || !program_mode || suspend_ignored) return 0;
    endwin();
    program_mode = 0;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &ours);
    sigemptyset(&mask);
    sigaddset(&mask, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &mask, NULL);
    kill(0, SIGTSTP);  /* the whole process group stops here, as on Ctrl-Z in a cooked terminal; `fg` continues */
    sigaction(SIGTSTP, &ours, NULL);
    /* Put in the background (`bg`)? Touching the modes stops us (SIGTTOU) until `fg`: then the shell's modes,
       changed perhaps with stty while we were stopped, are the ones to put back at the end. */
    if (tcgetattr(tty_fd, &current) == 0) tcsetattr(tty_fd, TCSADRAIN, &current);
    have_shell_modes = tcgetattr(tty_fd, &shell_modes) == 0;
    def_shell_mode();
    tstp_pending = 0;
    cont_pending = 0;
    return 1;
}

void cncurses_leave(void) {
    if (!curses_active || !program_mode) return;
    endwin();
    program_mode = 0;
}

void cncurses_resume(WINDOW *w) {
    struct winsize ws;
    if (!curses_active || program_mode) return;
    /* SIGWINCH goes to the foreground job only: a resize while we were stopped went unseen. */
    if (ioctl(tty_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0
        && (ws.ws_row != getmaxy(w) || ws.ws_col != getmaxx(w)))
        resize_term(ws.ws_row, ws.ws_col);
    clearok(curscr, TRUE);
    doupdate();      /* after endwin: program modes (reset_prog_mode), alternate screen, mouse, a full repaint */
    keypad(w, TRUE); /* sends smkx again: after endwin, reset_prog_mode alone leaves keypad mode off */
    curs_set(0);
    program_mode = 1;
    cont_pending = 0;
}
