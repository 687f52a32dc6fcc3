/*
 * cncurses.h — the small C surface convlens needs from ncurses (wide-character API).
 *
 * Swift imports plain functions, structs and integer constants from <curses.h>, but not:
 *   - function-like macros (A_BOLD and the other A_* attributes, BUTTON1_PRESSED, getmaxyx),
 *   - mutable C globals under Swift 6 strict concurrency (stdscr, COLORS, COLOR_PAIRS, stdin/stdout),
 *   - variadic functions (printw, tiparm — cncurses_apply wraps tiparm).
 * Frames are not drawn through ncurses: CursesScreen writes them itself with the terminal's terminfo strings
 * (cncurses_string_cap, cncurses_apply; see Animator/TerminalFrame.swift). Everything here is a `static inline`
 * function (no state), except cncurses_apply (variadic tiparm) and the signals, the atexit cleanup, suspend and
 * resume, the wait for input and the locale helpers, which live in shim.c because they need process-wide statics.
 *
 * Only Sources/convlens/Terminal/CursesScreen.swift imports this module. Call everything from one thread.
 *
 * Linux and macOS: what differs, all of it (built and tested on Linux; macOS by construction).
 *   - Header and library. Linux: <ncursesw/curses.h> (or the <curses.h> of a wide build where there is no
 *     ncursesw/ folder) with NCURSES_WIDECHAR, library ncursesw (Debian/Ubuntu libncurses-dev, Fedora
 *     ncurses-devel, Arch ncurses). macOS: the system's <curses.h> (ncurses 5.7, no Homebrew), whose wide API is
 *     behind _XOPEN_SOURCE_EXTENDED, library ncurses. Package.swift picks the library per platform. On macOS
 *     <curses.h> belongs to the SDK's Darwin.ncurses clang module, which a #define before the #include does not
 *     reach: Package.swift also passes _XOPEN_SOURCE_EXTENDED on the command line for shim.c, and nothing Swift
 *     sees here needs the wide API (wget_wch is used in shim.c only).
 *   - tiparm (ncurses 5.9 and later) is missing from macOS's 5.7: shim.c uses tparm there.
 *   - WINDOW is opaque on macOS: `WINDOW *` is an OpaquePointer in Swift (a typealias in CursesScreen.swift).
 *   - Locale: an installed UTF-8 locale is used as is; one that is named but missing (zh_CN.UTF-8 on a fresh
 *     machine) falls back to the character set of C.UTF-8 / C.utf8 (glibc) or UTF-8 (macOS).
 *   - Signals: SIGSTKFLT, SIGPWR, SIGIO-as-fatal and the real-time signals exist on Linux only, SIGEMT on macOS
 *     only; each is taken only where it is defined (#ifdef). pselect, sigaltstack, openpty exist on both.
 *   - Keys and mouse: the KEY_* codes are the same; Home/End/arrow sequences differ by terminal, not by system
 *     (CursesScreen defines them all). macOS's 5.7 reports the mouse in the X10 encoding only (clicks beyond
 *     column 223 are lost) and has mmask_t as unsigned long; button 1 press/click is all convlens asks for.
 *   - Swift side: C's stdout is `stdout` on glibc, `__stdoutp` on Darwin (Commands/Common.swift); `convlens
 *     bench` is Linux only (peak memory from /proc, posix_spawn_file_actions_t differs).
 */
#ifndef CNCURSES_H
#define CNCURSES_H

/* SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, so ask for the wide-character API explicitly. */
#if defined(__APPLE__)
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <curses.h>
#else
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#endif
#include <stdio.h>
#include <wchar.h>

/* ---- Colours: the COLOR_* constants import; the number of colours comes from terminfo (ncurses' COLORS is set
   by start_color, which convlens does not call: it writes its colours itself) ---- */
static inline int cncurses_colors(void)      { return tigetnum("colors"); }

/* ---- Key codes (plain octal #defines; re-exported so Swift needs no guessing about imports) ---- */
static inline int cncurses_key_code_yes(void)  { return KEY_CODE_YES; }
static inline int cncurses_key_left(void)      { return KEY_LEFT; }
static inline int cncurses_key_right(void)     { return KEY_RIGHT; }
static inline int cncurses_key_up(void)        { return KEY_UP; }
static inline int cncurses_key_down(void)      { return KEY_DOWN; }
static inline int cncurses_key_home(void)      { return KEY_HOME; }
static inline int cncurses_key_end(void)       { return KEY_END; }
static inline int cncurses_key_ppage(void)     { return KEY_PPAGE; }
static inline int cncurses_key_npage(void)     { return KEY_NPAGE; }
static inline int cncurses_key_btab(void)      { return KEY_BTAB; }
static inline int cncurses_key_enter(void)     { return KEY_ENTER; }
static inline int cncurses_key_backspace(void) { return KEY_BACKSPACE; }
static inline int cncurses_key_resize(void)    { return KEY_RESIZE; }
static inline int cncurses_key_mouse(void)     { return KEY_MOUSE; }

/* ---- Mouse masks (macros) ---- */
static inline mmask_t cncurses_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cncurses_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t cncurses_wheel_up(void)       { return BUTTON4_PRESSED; }
static inline mmask_t cncurses_wheel_down(void)     { return BUTTON5_PRESSED; }
/* Every button event, not pointer motion (that would be REPORT_MOUSE_POSITION). */
static inline mmask_t cncurses_all_buttons(void)     { return ALL_MOUSE_EVENTS; }

/* ---- Windows ---- */
/* The current screen's stdscr (a C global, not importable under strict concurrency). */
static inline WINDOW *cncurses_stdscr(void) { return stdscr; }
static inline int cncurses_getmaxy(const WINDOW *w) { return getmaxy(w); }
static inline int cncurses_getmaxx(const WINDOW *w) { return getmaxx(w); }

/* ---- Input ---- */
/* The result of cncurses_next_key: status is ERR (timeout), OK (code is a character), KEY_CODE_YES (code is a
   KEY_* function-key code), or one of the events below. */
typedef struct {
    int status;
    unsigned int code;
} cncurses_key_t;

/* A SIGTSTP came from outside (kill -TSTP): suspend as for Ctrl-Z (cncurses_suspend). */
#define CNCURSES_SUSPEND (-2)
/* The process was stopped by something else (SIGSTOP) and continued: cncurses_leave, then cncurses_resume. */
#define CNCURSES_CONTINUED (-3)
/* The terminal hung up (its other side closed) while SIGHUP is ignored (nohup): nothing more will come. */
#define CNCURSES_HANGUP (-4)
static inline int cncurses_event_suspend(void)   { return CNCURSES_SUSPEND; }
static inline int cncurses_event_continued(void) { return CNCURSES_CONTINUED; }
static inline int cncurses_event_hangup(void)    { return CNCURSES_HANGUP; }

/* ---- Capabilities ---- */
/* 1 when the current terminal has cursor addressing (cup); TERM=dumb has not. */
static inline int cncurses_can_position_cursor(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (const char *)-1;
}

/* ---- Terminfo strings, for CursesScreen's own frame output (TerminalFrameWriter) ---- */
/* The string capability `name` (e.g. "sgr0"), or NULL when the terminal has none. */
static inline const char *cncurses_string_cap(const char *name) {
    const char *s = tigetstr(name);
    return s == (const char *)-1 ? NULL : s;
}
/* 1 when the terminal has the boolean capability `name` (e.g. "xenl"). */
static inline int cncurses_flag_cap(const char *name) { return tigetflag(name) > 0; }
/* `cap` with parameters a and b applied (tiparm; tparm on macOS). The result lives until the next call: copy it. */
const char *cncurses_apply(const char *cap, int a, int b);

/* ---- Process-wide helpers (shim.c) ---- */

/* Calls setlocale(LC_CTYPE, "") (the character set only: every other category stays "C", so printf-style
   formatting stays "1.5" in every locale) and returns 1 when the character set is UTF-8. Idempotent. */
int cncurses_setup_locale(void);
/* 1 when nl_langinfo(CODESET) names UTF-8 for the current locale. */
int cncurses_locale_is_utf8(void);

/* Saves the terminal modes, takes over the signals (shim.c says which and why: every signal that would end the
   process restores the terminal first and then ends it with its own status; SIGTSTP and SIGCONT are reported by
   cncurses_next_key), then newterm(term, stdout, stdin). NULL when the terminal type is unknown (never exits,
   unlike initscr); the signals are given back then. */
SCREEN *cncurses_newterm(const char *term);

/* Remembers `screen` as the one to restore, prepares the bytes that leave curses mode (for the signal handlers)
   and registers atexit cleanup (once). Call right after cncurses_newterm succeeds. SIGWINCH is left to ncurses. */
void cncurses_install_signal_cleanup(SCREEN *screen);

/* Turns the terminal driver's output processing off (OPOST: no newline or tab translation) and makes that part of
   the program mode ncurses restores on resume (def_prog_mode). convlens moves the cursor with cup and never writes
   a newline, and with OPOST on the kernel looks at every byte of a frame (a 3 KB frame of a 16-channel layer: about
   4 microseconds more per write on a pty, a tenth of a step). Call after raw() and nonl(). */
void cncurses_raw_output(void);

/* Idempotent: restores the cursor, endwin(), gives the signals back, delscreen(). Safe to call more than once
   and from the atexit handler. Returns 1 if it ended curses mode, 0 if it was not active. */
int cncurses_end(void);

/* Waits up to `timeout_ms` milliseconds (negative: forever) for a key (wget_wch's status and code), a resize
   (KEY_RESIZE), a SIGTSTP / SIGCONT (CNCURSES_SUSPEND / CNCURSES_CONTINUED), or CNCURSES_HANGUP; ERR on
   timeout. The signals are blocked while it looks and unblocked only inside pselect, so none is missed. */
cncurses_key_t cncurses_next_key(WINDOW *w, int timeout_ms);

/* Ctrl-Z: leaves curses mode (endwin) and stops the process group with SIGTSTP at its default action; returns
   1 once continued (`fg`), with curses mode still off: call cncurses_resume. Returns 0 and does nothing when
   SIGTSTP was ignored at open (no job control to come back with). */
int cncurses_suspend(void);

/* After CNCURSES_CONTINUED: leaves curses mode (endwin), so that cncurses_resume sets every mode again. */
void cncurses_leave(void);

/* Back to curses mode after cncurses_suspend / cncurses_leave: the current terminal size, the program's tty
   modes, alternate screen, keypad mode, hidden cursor, and a full repaint of what was shown. Set the mouse mask
   again afterwards. */
void cncurses_resume(WINDOW *w);

#endif /* CNCURSES_H */
