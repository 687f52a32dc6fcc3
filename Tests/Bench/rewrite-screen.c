/*
 * rewrite-screen.c: the C reference of issue 9, "a C program rewriting every cell of the screen".
 *
 *   cc -O2 Tests/Bench/rewrite-screen.c -o /tmp/rewrite-screen -lncursesw
 *   /tmp/rewrite-screen WIDTH HEIGHT FRAMES
 *
 * Opens a pseudo-terminal of WIDTH x HEIGHT, starts ncurses on its slave side with newterm (TERM=xterm-256color,
 * as convlens bench does) while a thread drains the master side, draws one full frame, then FRAMES frames in which
 * every cell of the screen gets a new character (mvaddch on each cell, then refresh, so ncurses sends all of
 * them). Only draw_frame is meant to be counted: Tests/Bench/run-callgrind.sh runs it under
 * valgrind --tool=callgrind --toggle-collect=draw_frame and divides by FRAMES.
 */
#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE
#include <curses.h>
#include <pthread.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int master_fd;

static void *drain(void *arg) {
    char buf[65536];
    (void)arg;
    while (read(master_fd, buf, sizeof buf) > 0) {}
    return NULL;
}

/* Every cell gets a letter that differs from the previous frame's; the bottom-right cell is inserted, not added,
   so the screen never scrolls (as convlens does). */
static void paint(int frame, int width, int height) {
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            chtype ch = (chtype)('a' + (frame + x + y) % 26);
            if (y == height - 1 && x == width - 1) mvinsch(y, x, ch);
            else mvaddch(y, x, ch);
        }
    }
    refresh();
}

/* One counted frame. */
__attribute__((noinline)) void draw_frame(int frame, int width, int height) { paint(frame, width, height); }

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s WIDTH HEIGHT FRAMES\n", argv[0]);
        return 64;
    }
    int width = atoi(argv[1]), height = atoi(argv[2]), frames = atoi(argv[3]);
    if (width < 1 || width > 1000 || height < 1 || height > 1000 || frames < 1 || frames > 1000000) {
        fprintf(stderr, "%s: WIDTH and HEIGHT must be 1..1000, FRAMES 1..1000000\n", argv[0]);
        return 64;
    }
    int slave_fd;
    struct winsize size = {.ws_row = (unsigned short)height, .ws_col = (unsigned short)width};
    if (openpty(&master_fd, &slave_fd, NULL, NULL, &size) != 0) {
        perror("openpty");
        return 1;
    }
    pthread_t reader;
    pthread_create(&reader, NULL, drain, NULL);
    FILE *out = fdopen(slave_fd, "w");
    FILE *in = fdopen(dup(slave_fd), "r");
    unsetenv("LINES");
    unsetenv("COLUMNS");
    SCREEN *screen = newterm("xterm-256color", out, in);
    if (screen == NULL) {
        fprintf(stderr, "%s: newterm failed\n", argv[0]);
        return 1;
    }
    raw();
    noecho();
    nonl();
    leaveok(stdscr, TRUE);
    curs_set(0);
    paint(0, width, height); /* the first frame (ncurses' own set-up output with it): not counted */
    for (int f = 1; f <= frames; f++) draw_frame(f, width, height);
    endwin();
    delscreen(screen);
    return 0;
}
