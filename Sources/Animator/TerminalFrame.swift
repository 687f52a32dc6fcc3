import CFrameBytes

/// The escape sequences a terminal needs to show a canvas, read from its terminfo entry once (by
/// `CursesScreen`; tests use `TerminalCodes.ansi`).
public struct TerminalCodes: Sendable {
    /// How the cursor is moved to a cell.
    public enum CursorAddressing: Sendable {
        /// `ESC [ row ; col H`, 1-based (the `cup` of xterm, tmux, screen, the Linux console and nearly every
        /// terminal in use): formatted here, without terminfo's interpreter.
        case ansi
        /// Any other `cup`: the terminfo string for (row, column), asked once per cell and remembered.
        case terminfo(@Sendable (_ row: Int, _ column: Int) -> [UInt8])
    }

    /// Erases the screen and homes the cursor (`clear`).
    public var clear: [UInt8]
    /// Per `Style.rawValue`: the bytes that set the style from any other (attributes off, then its own).
    public var styles: [[UInt8]]
    /// Attributes and colours off (`sgr0`, with `op` where `sgr0` leaves colours on).
    public var reset: [UInt8]
    public var cursor: CursorAddressing
    /// False when writing the bottom-right cell would scroll the screen (`am` without `xenl`): it is left blank.
    public var canWriteLastCell: Bool
    /// False when the locale cannot encode UTF-8: a cell that is not ASCII is sent as `?` (one per column).
    public var isUTF8: Bool
    /// The styles in which a blank looks like a blank of any other of them (no reverse video, underline or
    /// background colour; bold, dim or a foreground colour do not show on a blank): a blank cell of one of these
    /// is written in whichever of them the terminal has, without a style sequence. A row of numbers whose digits
    /// are styled and whose separating blanks are not then costs one style sequence, not one per digit.
    public var plainBlanks: Set<Style>

    public init(
        clear: [UInt8], styles: [[UInt8]], reset: [UInt8], cursor: CursorAddressing, canWriteLastCell: Bool,
        isUTF8: Bool, plainBlanks: Set<Style> = []
    ) {
        self.clear = clear
        self.styles = styles
        self.reset = reset
        self.cursor = cursor
        self.canWriteLastCell = canWriteLastCell
        self.isUTF8 = isUTF8
        self.plainBlanks = plainBlanks
    }

    /// ECMA-48 sequences: `ESC [ H ESC [ 2 J`, `ESC [ 0 ; … m` with the given SGR parameters per style.
    public static func ansi(sgr: (Style) -> [Int], isUTF8: Bool = true, plainBlanks: Set<Style> = []) -> TerminalCodes {
        let styles = Style.allCases.map { style -> [UInt8] in
            Array(("\u{1B}[" + ([0] + sgr(style)).map(String.init).joined(separator: ";") + "m").utf8)
        }
        return TerminalCodes(
            clear: Array("\u{1B}[H\u{1B}[2J".utf8), styles: styles, reset: Array("\u{1B}[0m".utf8), cursor: .ansi,
            canWriteLastCell: true, isUTF8: isUTF8, plainBlanks: plainBlanks)
    }
}

/// Turns frames into the bytes that bring the terminal from the last frame to the next: only the cells that
/// changed, each run after one cursor move, a style sequence only where the style changes (an unchanged cell inside
/// a run that would need one is passed with a cursor move forward). It replaces ncurses'
/// `doupdate` for the frames (its cursor-motion and attribute search cost thousands of instructions per run of
/// changed cells; see BENCHMARKS.md); ncurses still owns the terminal's modes, input, resize and suspend.
///
/// A full frame (no previous one, or another size) clears the screen and writes every cell that is not a blank of
/// the normal style. The terminal's style is unknown at the start of each frame (something else may have written
/// in between), so the first run sets it.
public final class TerminalFrameWriter {
    private let codes: TerminalCodes
    private var cursorCache: [Int: [UInt8]] = [:]
    /// The frame's bytes as they are made, kept between frames (no allocation once it is large enough).
    private var bytes = ByteBuffer()

    private let styles: StyleTable

    public init(codes: TerminalCodes) {
        self.codes = codes
        styles = StyleTable(
            codes.styles, plainBlanks: codes.plainBlanks, isUTF8: codes.isUTF8, maxGap: FrameBytes.maxGap)
    }

    deinit { bytes.free() }

    /// The bytes that show `canvas` on a screen of `screenWidth` × `screenHeight` cells whose content is
    /// `previous` (nil: unknown, clear first). Cells outside the screen are clipped.
    public func frame(_ canvas: Canvas, after previous: Canvas?, screenWidth: Int, screenHeight: Int) -> [UInt8] {
        withFrame(canvas, after: previous, screenWidth: screenWidth, screenHeight: screenHeight) { Array($0) }
    }

    /// `frame`'s bytes lent to `body` where the writer made them, not copied into an array (a step of a large
    /// layer writes 3 KB); valid only during the call.
    public func withFrame<R>(
        _ canvas: Canvas, after previous: Canvas?, screenWidth: Int, screenHeight: Int,
        _ body: (UnsafeBufferPointer<UInt8>) -> R
    ) -> R {
        make(canvas, after: previous, screenWidth: screenWidth, screenHeight: screenHeight)
        return body(UnsafeBufferPointer(start: bytes.base, count: bytes.count))
    }

    /// Writes the frame's bytes into `bytes`.
    private func make(_ canvas: Canvas, after previous: Canvas?, screenWidth: Int, screenHeight: Int) {
        var e = FrameBytes(codes: codes, out: bytes, cursorCache: [:], styles: styles)
        swap(&e.cursorCache, &cursorCache)
        defer {
            swap(&e.cursorCache, &cursorCache)
            bytes = e.out
        }
        e.out.count = 0
        let rows = min(screenHeight, canvas.height)
        let cols = min(screenWidth, canvas.width)
        let before: Canvas
        if let previous, previous.width == canvas.width, previous.height == canvas.height {
            before = previous
        } else {
            e.out.append(codes.reset)
            e.current = Style.normal.rawValue
            e.out.append(codes.clear)
            e.cursor = (0, 0)
            before = Canvas(width: canvas.width, height: canvas.height)
        }
        // The bottom-right cell of the screen, when writing it would scroll.
        let blockedRow = codes.canWriteLastCell || cols < screenWidth || rows < screenHeight ? -1 : rows - 1
        let width = canvas.width
        guard rows > 0 && cols > 0 else { return }
        canvas.withCodes(comparedTo: before) { new, old in
            for y in 0..<rows {
                let n = new + y * width
                let o = old + y * width
                // Most rows of a step are unchanged: one comparison of their bytes.
                if Canvas.CodeParts.same(n, o, count: width) { continue }
                e.putChanges(n, o, width: width, clip: y == blockedRow ? cols - 1 : cols, y: y)
            }
        }
    }
}

/// The style sequences end to end in one buffer, for the cell loop (plain pointers: a closure over an array
/// would keep the loop's write position in memory).
private final class StyleTable {
    let bytes: UnsafeMutablePointer<UInt8>
    /// Where each style's sequence starts; one more entry: the end of the last.
    let starts: UnsafeMutablePointer<Int>
    let count: Int
    /// The longest style sequence and 4 bytes of UTF-8: the most a cell that is one scalar costs.
    let mostPerCell: Int
    /// Bit `rawValue` set: a blank of that style may be written in another such style (`TerminalCodes.plainBlanks`).
    let plainBlanks: UInt64
    /// The table as `cframebytes_put_row` reads it, with the terminal's UTF-8 and the writer's gap.
    let table: cframebytes_table

    init(_ styles: [[UInt8]], plainBlanks: Set<Style>, isUTF8: Bool, maxGap: Int) {
        precondition(styles.count <= 64, "a style's bit in plainBlanks must fit in a word")
        self.plainBlanks = plainBlanks.reduce(0) { $0 | 1 << UInt64($1.rawValue) }
        // A word of slack after the last: sequences are copied eight bytes at a time.
        let all = styles.flatMap { $0 } + Array(repeating: 0, count: 8)
        bytes = .allocate(capacity: all.count)
        bytes.initialize(from: all, count: all.count)
        count = styles.count
        starts = .allocate(capacity: styles.count + 1)
        var at = 0
        for (i, style) in styles.enumerated() {
            starts[i] = at
            at += style.count
        }
        starts[styles.count] = at
        mostPerCell = (styles.lazy.map(\.count).max() ?? 0) + 4
        table = cframebytes_table(
            bytes: bytes, starts: starts, count: Int64(count), plain: self.plainBlanks, max_gap: Int64(maxGap),
            utf8: isUTF8 ? 1 : 0)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    /// Writes style `style`'s sequence at `p` and returns its length. Eight bytes at a time (the table and the
    /// room reserved have a word's slack): a style sequence is a few bytes, and `memcpy` costs more than its copy.
    @inline(__always)
    func write(_ style: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(style < count, "a cell has no style sequence")
        let at = starts[style]
        let length = starts[style + 1] - at
        var i = 0
        while i < length {
            UnsafeMutableRawPointer(p + i).storeBytes(
                of: UnsafeRawPointer(bytes + at + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
            i += 8
        }
        return length
    }
}

/// A growable byte buffer written through a pointer: a frame's bytes are appended a cell at a time, and an
/// `Array`'s append (its uniqueness and capacity checks) cost more than the cell's byte.
private struct ByteBuffer {
    private(set) var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
    private(set) var capacity = 4096
    var count = 0

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        new.initialize(from: base, count: count)
        base.deallocate()
        base = new
        capacity = grown
    }

    /// Appends one byte; room must have been reserved.
    @inline(__always)
    mutating func put(_ byte: UInt8) {
        assert(count < capacity, "a frame wrote past the room it reserved")
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }  // a terminal may lack a string (an empty array has no address)
        reserve(bytes.count)
        bytes.withUnsafeBufferPointer { (base + count).initialize(from: $0.baseAddress!, count: $0.count) }
        count += bytes.count
    }

    func free() { base.deallocate() }
}

/// The bytes of one frame as they are made, and what the terminal is known to have now.
private struct FrameBytes {
    let codes: TerminalCodes
    var out: ByteBuffer
    var cursorCache: [Int: [UInt8]]
    /// The style the terminal has now (`Style.rawValue`); nil = unknown.
    var current: UInt8?
    /// Where the terminal's cursor is now, when known.
    var cursor: (x: Int, y: Int)?
    /// The most bytes a cell that is one scalar costs (its style sequence and its UTF-8).
    let mostPerCell: Int
    /// Unchanged cells between two changed ones on a row are rewritten rather than skipped with a cursor move
    /// when there are at most this many (a move is 6–8 bytes).
    static let maxGap = 4
    /// `codes.styles` end to end, and where each starts (one more: the end of the last).
    let styles: StyleTable
    /// The terminal takes ECMA-48's `ESC [ k C` (cursor forward): those that take its `ESC [ r ; c H`.
    let canMoveForward: Bool

    init(codes: TerminalCodes, out: ByteBuffer, cursorCache: [Int: [UInt8]], styles: StyleTable) {
        self.codes = codes
        self.out = out
        self.cursorCache = cursorCache
        mostPerCell = styles.mostPerCell
        self.styles = styles
        if case .ansi = codes.cursor { canMoveForward = true } else { canMoveForward = false }
    }

    /// Puts the cursor at (x, y) unless it is there.
    mutating func moveIfNeeded(to x: Int, y: Int) {
        if let at = cursor, at == (x, y) { return }
        move(to: x, y: y)
    }

    private mutating func move(to x: Int, y: Int) {
        switch codes.cursor {
        case .ansi:
            // Written through a pointer (a frame of a large grid moves the cursor once a row): forward on the row the
            // cursor is on, ESC [ n C (the next run of a row — a dilated window's taps, 84 runs a step, most on a row
            // with others — costs one number, not two, and fewer bytes); else ESC [ row ; column H.
            out.reserve(24)
            let p = out.base + out.count
            (p[0], p[1]) = (0x1B, 0x5B)
            var k = 2
            if let at = cursor, at.y == y && at.x < x {
                k += Self.writeDecimal(x - at.x, p + k)
                p[k] = 0x43
            } else {
                k += Self.writeDecimal(y + 1, p + k)
                p[k] = 0x3B
                k += 1 + Self.writeDecimal(x + 1, p + k + 1)
                p[k] = 0x48
            }
            out.count += k + 1
        case .terminfo(let address):
            let key = y << 20 | x
            if let bytes = cursorCache[key] {
                out.append(bytes)
            } else {
                let bytes = address(y, x)
                cursorCache[key] = bytes
                out.append(bytes)
            }
        }
        cursor = (x, y)
    }

    /// Writes the decimal digits of `n` (≥ 0) at p; returns how many. Room for them was reserved with the move (a
    /// screen has fewer than 10¹⁰ rows or columns).
    @inline(__always)
    private static func writeDecimal(_ n: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if n < 10 {
            p[0] = UInt8(truncatingIfNeeded: 0x30 + n)
            return 1
        }
        if n < 100 {
            (p[0], p[1]) = (UInt8(truncatingIfNeeded: 0x30 + n / 10), UInt8(truncatingIfNeeded: 0x30 + n % 10))
            return 2
        }
        let k = writeDecimal(n / 10, p)
        p[k] = UInt8(truncatingIfNeeded: 0x30 + n % 10)
        return k + 1
    }

    /// Writes the changed cells of row `y` (`n`; the terminal shows `o`) left of `clip`: each run of changes after
    /// one cursor move, a short gap of unchanged cells inside a run rewritten (a move costs more), a wide
    /// character written whole.
    mutating func putChanges(
        _ n: UnsafePointer<UInt64>, _ o: UnsafePointer<UInt64>, width: Int, clip: Int, y: Int
    ) {
        guard canMoveForward else { return putChanges(n, o, width: width, clip: clip, y: y, from: 0) }
        // The row in C (`cframebytes_put_row`), which hands a run back here from a cell it cannot write.
        var from = 0
        while from < clip {
            out.reserve(clip * (mostPerCell + 32) + 64)
            var state = cframebytes_state(
                style: current.map(Int64.init) ?? -1, cursor_x: Int64(cursor?.x ?? -1), cursor_y: Int64(cursor?.y ?? 0))
            var written = 0
            let stop = withUnsafePointer(to: styles.table) {
                cframebytes_put_row(n, o, from, width, clip, y, $0, &state, out.base + out.count, &written)
            }
            out.count += written
            current = state.style >= 0 ? UInt8(state.style) : nil
            cursor = state.cursor_x >= 0 ? (Int(state.cursor_x), Int(state.cursor_y)) : nil
            guard stop < clip else { return }
            moveIfNeeded(to: stop, y: y)  // C leaves the cursor there
            let end = putRun(n, o, from: stop, changedFrom: stop, width: width, clip: clip)
            cursor = end < clip ? (end, y) : nil
            from = end
        }
    }

    /// `putChanges` in Swift, from column `from`: for a terminal whose cursor is moved by its terminfo string.
    private mutating func putChanges(
        _ n: UnsafePointer<UInt64>, _ o: UnsafePointer<UInt64>, width: Int, clip: Int, y: Int, from: Int
    ) {
        var x = Self.firstDifference(n, o, from: from, to: clip)
        while x < clip {
            // A run starts at a whole character: back over the right half of a wide one, new or old.
            var start = x
            while start > 0 && (Canvas.CodeParts.isContinuation(n[start]) || Canvas.CodeParts.isContinuation(o[start]))
            {
                start -= 1
            }
            moveIfNeeded(to: start, y: y)
            let end = putRun(n, o, from: start, changedFrom: x, width: width, clip: clip)
            // A cell in the last column leaves the cursor waiting to wrap: the next run moves it.
            cursor = end < clip ? (end, y) : nil
            // The rest of the row unchanged (one vectorised comparison; usually the row's tail)?
            if end >= clip || Canvas.CodeParts.same(n + end, o + end, count: clip - end) { return }
            x = Self.firstDifference(n, o, from: end, to: clip)
        }
    }

    /// The first column at or after `x` (before `end`) where the two rows differ; `end` when none does. Four
    /// cells at a time: a changed row is mostly unchanged cells.
    @inline(__always)
    private static func firstDifference(
        _ n: UnsafePointer<UInt64>, _ o: UnsafePointer<UInt64>, from start: Int, to end: Int
    ) -> Int {
        var x = start
        while x + 4 <= end && (n[x] ^ o[x]) | (n[x + 1] ^ o[x + 1]) | (n[x + 2] ^ o[x + 2]) | (n[x + 3] ^ o[x + 3]) == 0
        {
            x += 4
        }
        while x < end && n[x] == o[x] { x += 1 }
        return x
    }

    /// Writes the run of `n` that starts at `start` and has its first change at `changed`, up to the first
    /// unchanged cell that is neither the right half of a wide character nor in a gap of at most `maxGap` unchanged
    /// cells before another change (`runEnd`); returns where it ended (at most `clip`). The cells that need no style
    /// sequence are written by `cframebytes_put_simple` (C: ASCII in the terminal's style, eight cells at a time
    /// where it can; a one-column scalar below U+10000 (■, ●, ⋅, ░) as its two or three bytes of UTF-8; a blank the
    /// terminal may write in its own style (`plainBlanks`); an unchanged one-column cell of another style passed
    /// with `ESC [ C` where the terminal takes it (`canMoveForward`): the blank between two of the receptive field's
    /// reverse-video squares cost two style sequences, 14 bytes, now 3). The cell it stops at is written here, after
    /// its style's sequence, and the loop goes back to C. The room reserved is every cell's most and a word's slack
    /// for the style copies. (The receptive field's step of 2,500 squares and blanks: 134.3K instructions in the
    /// run loop, 115.7K with it in C; a dilated window's 84 short runs cost ~45 instructions a run more.)
    private mutating func putRun(
        _ n: UnsafePointer<UInt64>, _ o: UnsafePointer<UInt64>, from start: Int, changedFrom changed: Int,
        width: Int, clip: Int
    ) -> Int {
        let end = Self.runEnd(n, o, changedFrom: changed, clip: clip)
        out.reserve((end - start) * mostPerCell + 8)
        var (p, style) = (out.base + out.count, current.map(Int.init) ?? -1)
        let (plain, utf8, forward) = (styles.plainBlanks, codes.isUTF8, canMoveForward)
        var x = start
        while x < end {
            // The cells written without a style sequence, in C (`cframebytes_put_simple`); then the one that needs
            // more, here.
            var written = 0
            x = cframebytes_put_simple(
                n, o, x, end, width, Int64(style), plain, utf8 ? 1 : 0, forward ? 1 : 0, p, &written)
            p += written
            guard x < end else { break }
            let code = n[x]
            let cellStyle = Int(Canvas.CodeParts.style(code))
            if cellStyle != style {
                p += styles.write(cellStyle, at: p)
                style = cellStyle
            }
            let glyph = UInt32(truncatingIfNeeded: code)
            if glyph < 0x80 {
                p.pointee = UInt8(truncatingIfNeeded: glyph)  // never wide
                (p, x) = (p + 1, x + 1)
            } else if glyph < 0x1_0000 && utf8 && Self.isNarrow(n, x, width) {
                (p, x) = (p + Self.writeBMP(glyph, p), x + 1)
            } else {
                out.count = p - out.base
                x = putOther(n, x: x, width: width, end: end, cols: clip)
                p = out.base + out.count
            }
        }
        out.count = p - out.base
        if style >= 0 { current = UInt8(style) }
        return x
    }

    /// Cell x is not the left half of a wide character.
    @inline(__always)
    private static func isNarrow(_ n: UnsafePointer<UInt64>, _ x: Int, _ width: Int) -> Bool {
        x + 1 >= width || !Canvas.CodeParts.isContinuation(n[x + 1])
    }

    /// Writes a scalar from U+0080 to U+FFFF as its two or three bytes of UTF-8 at p; returns how many.
    @inline(__always)
    private static func writeBMP(_ glyph: UInt32, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if glyph < 0x800 {
            p[0] = UInt8(truncatingIfNeeded: 0xC0 | glyph >> 6)
            p[1] = UInt8(truncatingIfNeeded: 0x80 | glyph & 0x3F)
            return 2
        }
        p[0] = UInt8(truncatingIfNeeded: 0xE0 | glyph >> 12)
        p[1] = UInt8(truncatingIfNeeded: 0x80 | glyph >> 6 & 0x3F)
        p[2] = UInt8(truncatingIfNeeded: 0x80 | glyph & 0x3F)
        return 3
    }

    /// Where the run with its first change at `changed` ends: the first unchanged cell after it that is not the
    /// right half of a wide character and has no change among the `maxGap` cells after it (a longer gap costs more
    /// rewritten than a cursor move), else `clip`. Cells before `changed` (the start of a wide character) are in it.
    @inline(__always)
    private static func runEnd(
        _ n: UnsafePointer<UInt64>, _ o: UnsafePointer<UInt64>, changedFrom changed: Int, clip: Int
    ) -> Int {
        var x = changed + 1
        while x < clip {
            // Every window of maxGap + 1 cells starting at x…x + maxGap holds cell x + maxGap: a change there rules
            // them all out (a grid's row changes every other cell: most windows are passed by one comparison).
            let last = x + maxGap
            if last < clip && n[last] != o[last] {
                x = last + 1
                continue
            }
            var k = min(last, clip) - 1
            while k >= x && n[k] == o[k] { k -= 1 }
            if k >= x {
                x = k + 1  // the windows starting at x…k hold that change
                continue
            }
            // The window from x is unchanged to its end or the clip: the run ends here, but not inside a wide
            // character.
            if !Canvas.CodeParts.isContinuation(n[x]) { return x }
            x += 1
        }
        return clip
    }

    /// Writes a cell that is not ASCII and returns the column after it.
    private mutating func putOther(_ row: UnsafePointer<UInt64>, x: Int, width: Int, end: Int, cols: Int) -> Int {
        let code = row[x]
        if Canvas.CodeParts.isContinuation(code) {
            // The right half of a wide character whose left half is off this run: blank it.
            out.put(0x20)
            return x + 1
        }
        let isWide = x + 1 < width && Canvas.CodeParts.isContinuation(row[x + 1])
        if isWide && x + 1 >= cols {
            out.put(0x20)  // half a wide character would wrap
            return x + 1
        }
        let columns = isWide ? 2 : 1
        if let scalar = Canvas.CodeParts.scalar(code) {
            appendScalar(scalar, columns: columns)
        } else if codes.isUTF8 {
            // A longer grapheme may take more than a cell's share of the room reserved for the run.
            let text = Array(Canvas.CodeParts.text(code).utf8)
            out.reserve(text.count + (end - x) * mostPerCell + 8)
            out.append(text)
        } else {
            for _ in 0..<columns { out.put(0x3F) }
        }
        return x + columns
    }

    /// Room for 4 bytes was reserved with the cell.
    private mutating func appendScalar(_ v: UInt32, columns: Int) {
        if !codes.isUTF8 {
            for _ in 0..<columns { out.put(0x3F) }
        } else if v < 0x1_0000 {
            out.count += Self.writeBMP(v, out.base + out.count)
        } else {
            out.put(UInt8(0xF0 | v >> 18))
            out.put(UInt8(0x80 | v >> 12 & 0x3F))
            out.put(UInt8(0x80 | v >> 6 & 0x3F))
            out.put(UInt8(0x80 | v & 0x3F))
        }
    }
}
