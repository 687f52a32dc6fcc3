/*
 * cframebytes.h — the one loop of the frame writer (Animator/TerminalFrame.swift) that Swift cannot make fast: the
 * glyphs of a run of canvas cells copied out as bytes, eight cells at a time. Swift's SIMD types compile to one
 * lane at a time through memory here (measured: more instructions than the scalar loop); SSE2, which every x86-64
 * has, does the eight cells in about thirty instructions. Elsewhere (arm64) the plain loop below, which the
 * compiler may vectorise. `static inline`: Swift inlines it into the writer, no call per run. (Finding a run's end
 * sixteen cells at a time this way cost more than the writer's scalar skip, measured: not kept.)
 */
#ifndef CFRAMEBYTES_H
#define CFRAMEBYTES_H

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__SSE2__)
/* All ones in each 64-bit lane of x whose cell equals `want` once masked, or `space`: SSE2 has no 64-bit compare, so
   each lane's two 32-bit results are ANDed with the lane's halves swapped. */
static inline __m128i cframebytes_matches(__m128i x, __m128i mask, __m128i want, __m128i space) {
    const __m128i m = _mm_cmpeq_epi32(_mm_and_si128(x, mask), want);
    const __m128i s = _mm_cmpeq_epi32(x, space);
    return _mm_or_si128(_mm_and_si128(m, _mm_shuffle_epi32(m, 0xB1)), _mm_and_si128(s, _mm_shuffle_epi32(s, 0xB1)));
}
#endif

/*
 * Copies the low byte of cells[0], cells[1], … to out while each cell with its low seven bits cleared equals
 * `plain` (an ASCII glyph in the style the terminal has, in the canvas's code: glyph in the low 32 bits, style
 * above) or the cell equals `blank` (a blank the terminal may write in its style: its low byte is a space), in whole
 * blocks of eight: it stops before the first block of eight that holds another cell, or when fewer than eight of
 * `count` are left. Returns how many cells it copied (a multiple of eight); out must have room for them.
 */
static inline size_t cframebytes_copy_plain(
    const uint64_t *cells, size_t count, uint64_t plain, uint64_t blank, uint8_t *out) {
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i mask = _mm_set1_epi64x((long long)~(uint64_t)0x7F);
    const __m128i want = _mm_set1_epi64x((long long)plain);
    const __m128i space = _mm_set1_epi64x((long long)blank);
    const __m128i low = _mm_set1_epi64x(0xFF);
    for (; i + 8 <= count; i += 8) {
        const __m128i a = _mm_loadu_si128((const __m128i *)(cells + i));
        const __m128i b = _mm_loadu_si128((const __m128i *)(cells + i + 2));
        const __m128i c = _mm_loadu_si128((const __m128i *)(cells + i + 4));
        const __m128i d = _mm_loadu_si128((const __m128i *)(cells + i + 6));
        /* Every half of every cell equal to `plain`'s (the usual block), else each cell to `plain` or `blank`. */
        const __m128i plainOnly = _mm_and_si128(
            _mm_and_si128(_mm_cmpeq_epi32(_mm_and_si128(a, mask), want), _mm_cmpeq_epi32(_mm_and_si128(b, mask), want)),
            _mm_and_si128(_mm_cmpeq_epi32(_mm_and_si128(c, mask), want), _mm_cmpeq_epi32(_mm_and_si128(d, mask), want)));
        if (_mm_movemask_epi8(plainOnly) != 0xFFFF) {
            const __m128i same = _mm_and_si128(
                _mm_and_si128(cframebytes_matches(a, mask, want, space), cframebytes_matches(b, mask, want, space)),
                _mm_and_si128(cframebytes_matches(c, mask, want, space), cframebytes_matches(d, mask, want, space)));
            if (_mm_movemask_epi8(same) != 0xFFFF) break;
        }
        /* Each glyph < 0x80, so signed packing never saturates: 8 × 64 → 8 × 16 → 8 × 8 bits. */
        const __m128i ab = _mm_packs_epi32(_mm_and_si128(a, low), _mm_and_si128(b, low));
        const __m128i cd = _mm_packs_epi32(_mm_and_si128(c, low), _mm_and_si128(d, low));
        const __m128i words = _mm_packs_epi32(ab, cd);
        _mm_storel_epi64((__m128i *)(out + i), _mm_packus_epi16(words, words));
    }
#else
    for (; i + 8 <= count; i += 8) {
        uint64_t differ = 0;
        for (size_t k = 0; k < 8; k++) differ |= ((cells[i + k] & ~(uint64_t)0x7F) ^ plain) && cells[i + k] != blank;
        if (differ != 0) break;
        for (size_t k = 0; k < 8; k++) out[i + k] = (uint8_t)cells[i + k];
    }
#endif
    return i;
}

/* Writes a scalar from U+0080 to U+FFFF as its two or three bytes of UTF-8 at p; returns how many. */
static inline size_t cframebytes_write_bmp(uint32_t glyph, uint8_t *p) {
    if (glyph < 0x800) {
        p[0] = (uint8_t)(0xC0 | glyph >> 6);
        p[1] = (uint8_t)(0x80 | (glyph & 0x3F));
        return 2;
    }
    p[0] = (uint8_t)(0xE0 | glyph >> 12);
    p[1] = (uint8_t)(0x80 | ((glyph >> 6) & 0x3F));
    p[2] = (uint8_t)(0x80 | (glyph & 0x3F));
    return 3;
}

/*
 * The writer's cell loop (`FrameBytes.putRun` in Animator/TerminalFrame.swift) for the cells a run writes without a
 * style sequence, from x to `end` of row `n` (the terminal shows `o`; `width` cells a row): a cell in the terminal's
 * style `style` (-1: unknown) whose glyph is ASCII, or with `utf8` a scalar below U+10000 that is not the left half of
 * a wide character (two or three bytes of UTF-8); a blank the terminal may write in its style (bit s of `plain` set
 * for each style s whose blank looks plain: both styles' set; a style is below 64, `StyleTable`, and its shift
 * masked), as a space; with `forward`, an unchanged one-column cell of another style, passed with ESC [ C. Runs of
 * ASCII in the terminal's style go eight cells at a time (`cframebytes_copy_plain`). It stops at the first cell that needs more (a style sequence, a wide character, a
 * longer grapheme, a scalar the terminal cannot take): returns its index, or `end`, with the bytes written in
 * *count. out has room for three bytes a cell. (Writing the style sequences here too cost more: the loop's values
 * no longer fit the registers.)
 */
static inline size_t cframebytes_put_simple(
    const uint64_t *n, const uint64_t *o, size_t x, size_t end, size_t width, int64_t style, uint64_t plain,
    int utf8, int forward, uint8_t *out, size_t *count) {
    const uint32_t continuation = 0xFFFFFFFFu;
    const uint64_t plain_ascii = style >= 0 ? (uint64_t)style << 32 : ~(uint64_t)0;
    const int style_plain = style >= 0 && ((plain >> (style & 63)) & 1);
    const uint64_t blank = style_plain && (plain & 1) ? 0x20 : ~(uint64_t)0;
    uint8_t *p = out;
    size_t block_from = x;
    while (x < end) {
        const uint64_t code = n[x];
        const uint32_t glyph = (uint32_t)code;
        if ((code & ~(uint64_t)0x7F) == plain_ascii) {
            if (x >= block_from) {
                const size_t k = cframebytes_copy_plain(n + x, end - x, plain_ascii, blank, p);
                if (k > 0) {
                    p += k;
                    x += k;
                    continue;
                }
                block_from = x + 8;
            }
            *p++ = (uint8_t)glyph;
            x++;
            continue;
        }
        const int64_t cell_style = (int64_t)((code >> 32) & 0xFF);
        if (cell_style != style) {
            if (glyph == 0x20 && style_plain && ((plain >> (cell_style & 63)) & 1)) {
                *p++ = 0x20;
                x++;
                continue;
            }
            if (forward && code == o[x] && glyph != continuation
                && (x + 1 >= width || (uint32_t)n[x + 1] != continuation)) {
                p[0] = 0x1B;
                p[1] = 0x5B;
                p[2] = 0x43;
                p += 3;
                x++;
                continue;
            }
            break;
        }
        if (!utf8 || glyph >= 0x10000 || (x + 1 < width && (uint32_t)n[x + 1] == continuation)) break;
        p += cframebytes_write_bmp(glyph, p);
        x++;
    }
    *count = (size_t)(p - out);
    return x;
}


/* The style sequences a row is written with (`StyleTable` in Animator/TerminalFrame.swift): style s's bytes are
   bytes[starts[s] ..< starts[s + 1]], with a word of slack after the last (copied eight bytes at a time). */
typedef struct {
    const uint8_t *bytes;
    const intptr_t *starts;
    int64_t count;
    /* Bit s set: a blank of style s looks like a blank of any other such style (`TerminalCodes.plainBlanks`). */
    uint64_t plain;
    /* Unchanged cells between two changed ones that a run rewrites rather than skips (`FrameBytes.maxGap`). */
    int64_t max_gap;
    /* The terminal takes UTF-8. */
    int64_t utf8;
} cframebytes_table;

/* What the terminal is known to have: its style (-1: unknown) and its cursor (x -1: unknown). */
typedef struct {
    int64_t style;
    int64_t cursor_x;
    int64_t cursor_y;
} cframebytes_state;

/*
 * The changed cells of row `y` at or after `from`, left of `clip` (row `n`; the terminal shows `o`; `width` cells a
 * row), for a terminal that takes ECMA-48's cursor moves (`FrameBytes.putChanges` in Animator/TerminalFrame.swift
 * says the rule: each run after one move, a gap of at most `max_gap` unchanged cells rewritten, a wide character
 * whole): each run moved to (ESC [ n C forward on the cursor's row, else ESC [ row ; column H) and written through
 * `cframebytes_put_simple`, a style's sequence where a cell needs it. It stops at the first cell that is not one
 * scalar of one column it can write (a wide character, a longer grapheme, a scalar the terminal cannot take),
 * with the cursor there, and returns its column for the Swift writer to go on from; else `clip`. `state` is
 * read and updated; *count = bytes written. out has room for clip * (the longest style sequence + 32) + 64
 * bytes. (One call a changed row: a run cost ~220 instructions in Swift, across the row loop, the move and the
 * run's set-up — a dilated window's step writes ~130 runs, a 16-channel im2col step ~400.)
 */
size_t cframebytes_put_row(
    const uint64_t *n, const uint64_t *o, size_t from, size_t width, size_t clip, size_t y,
    const cframebytes_table *table, cframebytes_state *state, uint8_t *out, size_t *count);

#endif
