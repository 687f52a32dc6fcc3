/* The row loop of the frame writer; the cell loop is `static inline` in include/cframebytes.h. */
#include "cframebytes.h"

#include <string.h>

static const uint32_t continuation = 0xFFFFFFFFu;

static inline int is_continuation(uint64_t code) { return (uint32_t)code == continuation; }

/* The first column at or after x (before end) where the rows differ; end when none does. */
static inline size_t first_difference(const uint64_t *n, const uint64_t *o, size_t x, size_t end) {
    while (x + 4 <= end && ((n[x] ^ o[x]) | (n[x + 1] ^ o[x + 1]) | (n[x + 2] ^ o[x + 2]) | (n[x + 3] ^ o[x + 3])) == 0)
        x += 4;
    while (x < end && n[x] == o[x]) x++;
    return x;
}

/* Where the run with its first change at `changed` ends (`FrameBytes.runEnd`): the first unchanged cell after it
   that is not the right half of a wide character and has no change among the `gap` cells after it, else clip. */
static inline size_t run_end(const uint64_t *n, const uint64_t *o, size_t changed, size_t clip, size_t gap) {
    size_t x = changed + 1;
    while (x < clip) {
        const size_t last = x + gap;
        if (last < clip && n[last] != o[last]) {
            x = last + 1;
            continue;
        }
        size_t k = (last < clip ? last : clip);
        while (k > x && n[k - 1] == o[k - 1]) k--;
        if (k > x) {
            x = k;
            continue;
        }
        if (!is_continuation(n[x])) return x;
        x++;
    }
    return clip;
}

/* The decimal digits of v at p; returns how many. */
static inline size_t write_decimal(size_t v, uint8_t *p) {
    if (v < 10) {
        p[0] = (uint8_t)('0' + v);
        return 1;
    }
    if (v < 100) {
        p[0] = (uint8_t)('0' + v / 10);
        p[1] = (uint8_t)('0' + v % 10);
        return 2;
    }
    const size_t k = write_decimal(v / 10, p);
    p[k] = (uint8_t)('0' + v % 10);
    return k + 1;
}

/* Writes the cursor move from (*cx, *cy) to (x, y) at p unless the cursor is there; returns how many bytes. */
static inline size_t move(int64_t *cx, int64_t *cy, size_t x, size_t y, uint8_t *p) {
    if (*cx == (int64_t)x && *cy == (int64_t)y) return 0;
    p[0] = 0x1B;
    p[1] = 0x5B;
    size_t k = 2;
    if (*cy == (int64_t)y && *cx >= 0 && *cx < (int64_t)x) {
        k += write_decimal(x - (size_t)*cx, p + k);
        p[k++] = 0x43;
    } else {
        k += write_decimal(y + 1, p + k);
        p[k++] = 0x3B;
        k += write_decimal(x + 1, p + k);
        p[k++] = 0x48;
    }
    *cx = (int64_t)x;
    *cy = (int64_t)y;
    return k;
}

/* Writes cells start..<end of row n at *p (the cursor at start, the terminal in *style); returns end, or the first
   cell it cannot write (not one scalar of one column, or a style without a sequence). */
static inline size_t write_run(
    const uint64_t *n, const uint64_t *o, size_t start, size_t end, size_t width, const cframebytes_table *table,
    int64_t *style, uint8_t **p) {
    const int utf8 = table->utf8 != 0;
    uint8_t *q = *p;
    int64_t s = *style;
    if (end == start + 1 && (int64_t)((n[start] >> 32) & 0xFF) == s && (uint32_t)n[start] < 0x80) {
        /* One ASCII cell in the terminal's style (a sum's term whose value alone changed): its byte. */
        *q = (uint8_t)n[start];
        *p = q + 1;
        return end;
    }
    size_t i = start;
    while (i < end) {
        size_t written = 0;
        i = cframebytes_put_simple(n, o, i, end, width, s, table->plain, utf8, 1, q, &written);
        q += written;
        if (i >= end) break;
        const uint64_t code = n[i];
        const uint32_t glyph = (uint32_t)code;
        const int narrow = i + 1 >= width || !is_continuation(n[i + 1]);
        const int64_t cell_style = (int64_t)((code >> 32) & 0xFF);
        if (!(glyph < 0x80 || (utf8 && glyph < 0x10000 && narrow)) || (cell_style != s && cell_style >= table->count))
            break;
        if (cell_style != s) {
            const intptr_t at = table->starts[cell_style], length = table->starts[cell_style + 1] - at;
            for (intptr_t k = 0; k < length; k += 8) memcpy(q + k, table->bytes + at + k, 8);
            q += length;
            s = cell_style;
        }
        if (glyph < 0x80) {
            *q++ = (uint8_t)glyph;
        } else {
            q += cframebytes_write_bmp(glyph, q);
        }
        i++;
    }
    *p = q;
    *style = s;
    return i;
}

size_t cframebytes_put_row(
    const uint64_t *n, const uint64_t *o, size_t from, size_t width, size_t clip, size_t y,
    const cframebytes_table *table, cframebytes_state *state, uint8_t *out, size_t *count) {
    uint8_t *p = out;
    int64_t style = state->style, cx = state->cursor_x, cy = state->cursor_y;
    const size_t gap = (size_t)table->max_gap;
    size_t stop = clip;
    size_t x = first_difference(n, o, from, clip);
    while (x < clip) {
        /* A run starts at a whole character: back over the right half of a wide one, new or old. */
        size_t start = x;
        while (start > 0 && (is_continuation(n[start]) || is_continuation(o[start]))) start--;
        p += move(&cx, &cy, start, y, p);
        const size_t end = run_end(n, o, x, clip, gap);
        const size_t at = write_run(n, o, start, end, width, table, &style, &p);
        if (at < end) {
            /* The Swift writer goes on from that cell, the cursor there. */
            cx = (int64_t)at;
            stop = at;
            break;
        }
        /* A cell in the last column leaves the cursor waiting to wrap: the next run moves it. */
        if (end >= clip) {
            cx = -1;
            break;
        }
        cx = (int64_t)end;
        /* The run ended before `gap` + 1 unchanged cells (`run_end`): the next change is after them, usually near (a
           sum's next term: eight cells looked at); else the rest of the row is compared at once (usually its
           unchanged tail: one vectorised comparison, not the scan). */
        const size_t skip = end + gap + 1 < clip ? end + gap + 1 : clip;
        const size_t near = skip + 8 < clip ? skip + 8 : clip;
        x = first_difference(n, o, skip, near);
        if (x == near && near < clip) {
            if (memcmp(n + near, o + near, (clip - near) * sizeof(uint64_t)) == 0) break;
            x = first_difference(n, o, near, clip);
        }
    }
    state->style = style;
    state->cursor_x = cx;
    state->cursor_y = cy;
    *count = (size_t)(p - out);
    return stop;
}
