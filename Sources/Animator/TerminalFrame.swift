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

    public init(
        clear: [UInt8], styles: [[UInt8]], reset: [UInt8], cursor: CursorAddressing, canWriteLastCell: Bool,
        isUTF8: Bool
    ) {
        self.clear = clear
        self.styles = styles
        self.reset = reset
        self.cursor = cursor
        self.canWriteLastCell = canWriteLastCell
        self.isUTF8 = isUTF8
    }

    /// ECMA-48 sequences: `ESC [ H ESC [ 2 J`, `ESC [ 0 ; … m` with the given SGR parameters per style.
    public static func ansi(sgr: (Style) -> [Int], isUTF8: Bool = true) -> TerminalCodes {
        let styles = Style.allCases.map { style -> [UInt8] in
            Array(("\u{1B}[" + ([0] + sgr(style)).map(String.init).joined(separator: ";") + "m").utf8)
        }
        return TerminalCodes(
            clear: Array("\u{1B}[H\u{1B}[2J".utf8), styles: styles, reset: Array("\u{1B}[0m".utf8), cursor: .ansi,
            canWriteLastCell: true, isUTF8: isUTF8)
    }
}

/// Turns frames into the bytes that bring the terminal from the last frame to the next: only the cells that
/// changed, each run after one cursor move, a style sequence only where the style changes. It replaces ncurses'
/// `doupdate` for the frames (its cursor-motion and attribute search cost thousands of instructions per run of
/// changed cells; see BENCHMARKS.md); ncurses still owns the terminal's modes, input, resize and suspend.
///
/// A full frame (no previous one, or another size) clears the screen and writes every cell that is not a blank of
/// the normal style. The terminal's style is unknown at the start of each frame (something else may have written
/// in between), so the first run sets it.
public final class TerminalFrameWriter {
    private let codes: TerminalCodes
    private var cursorCache: [Int: [UInt8]] = [:]
    private var buffer: [UInt8] = []

    /// Unchanged cells between two changed ones on a row are rewritten rather than skipped with a cursor move
    /// when there are at most this many (a move is 6–8 bytes).
    private static let maxGapRewrite = 4

    public init(codes: TerminalCodes) {
        self.codes = codes
    }

    /// The bytes that show `canvas` on a screen of `screenWidth` × `screenHeight` cells whose content is
    /// `previous` (nil: unknown, clear first). Cells outside the screen are clipped.
    public func frame(_ canvas: Canvas, after previous: Canvas?, screenWidth: Int, screenHeight: Int) -> [UInt8] {
        var e = FrameBytes(codes: codes, out: [], cursorCache: [:])
        swap(&e.out, &buffer)
        swap(&e.cursorCache, &cursorCache)
        defer {
            swap(&e.cursorCache, &cursorCache)
            swap(&e.out, &buffer)
        }
        e.out.removeAll(keepingCapacity: true)
        let rows = min(screenHeight, canvas.height)
        let cols = min(screenWidth, canvas.width)
        let before: Canvas
        if let previous, previous.width == canvas.width, previous.height == canvas.height {
            before = previous
        } else {
            e.out += codes.reset
            e.current = Style.normal.rawValue
            e.out += codes.clear
            e.cursor = (0, 0)
            before = Canvas(width: canvas.width, height: canvas.height)
        }
        // The bottom-right cell of the screen, when writing it would scroll.
        let blockedRow = codes.canWriteLastCell || cols < screenWidth || rows < screenHeight ? -1 : rows - 1
        canvas.forEachChange(since: before, mergingGapsUpTo: Self.maxGapRewrite) { y, columns, cells in
            guard y < rows else { return }
            let clip = y == blockedRow ? cols - 1 : cols
            let end = min(columns.upperBound, clip)
            guard columns.lowerBound < end else { return }
            let row = UnsafeBufferPointer(rebasing: cells[(y * canvas.width)..<((y + 1) * canvas.width)])
            e.moveIfNeeded(to: columns.lowerBound, y: y)
            var x = columns.lowerBound
            while x < end { x = e.putCell(row, x: x, y: y, cols: clip) }
        }
        return e.out
    }
}

/// The bytes of one frame as they are made, and what the terminal is known to have now.
private struct FrameBytes {
    let codes: TerminalCodes
    var out: [UInt8]
    var cursorCache: [Int: [UInt8]]
    /// The style the terminal has now (`Style.rawValue`); nil = unknown.
    var current: UInt8?
    /// Where the terminal's cursor is now, when known.
    var cursor: (x: Int, y: Int)?

    init(codes: TerminalCodes, out: [UInt8], cursorCache: [Int: [UInt8]]) {
        self.codes = codes
        self.out = out
        self.cursorCache = cursorCache
    }

    /// Puts the cursor at (x, y) unless it is there.
    mutating func moveIfNeeded(to x: Int, y: Int) {
        if let at = cursor, at == (x, y) { return }
        move(to: x, y: y)
    }

    private mutating func move(to x: Int, y: Int) {
        switch codes.cursor {
        case .ansi:
            out.append(0x1B)
            out.append(0x5B)
            appendDecimal(y + 1)
            out.append(0x3B)
            appendDecimal(x + 1)
            out.append(0x48)
        case .terminfo(let address):
            let key = y << 20 | x
            if let bytes = cursorCache[key] {
                out += bytes
            } else {
                let bytes = address(y, x)
                cursorCache[key] = bytes
                out += bytes
            }
        }
        cursor = (x, y)
    }

    private mutating func appendDecimal(_ n: Int) {
        if n >= 10 { appendDecimal(n / 10) }
        out.append(UInt8(0x30 + n % 10))
    }

    /// Writes cell x of `row` (row y of the screen; a wide character: both its columns) and returns the column
    /// after it.
    @inline(__always)
    mutating func putCell(_ row: UnsafeBufferPointer<UInt64>, x: Int, y: Int, cols: Int) -> Int {
        let code = row[x]
        setStyle(Canvas.CodeParts.style(code))
        if let scalar = Canvas.CodeParts.scalar(code), scalar < 0x80 {
            out.append(UInt8(truncatingIfNeeded: scalar))  // nearly every cell: one ASCII byte (never wide)
            cursor = x + 1 < cols ? (x + 1, y) : nil
            return x + 1
        }
        if Canvas.CodeParts.isContinuation(code) {
            // The right half of a wide character whose left half is off this run: blank it.
            out.append(0x20)
            cursor = x + 1 < cols ? (x + 1, y) : nil
            return x + 1
        }
        let isWide = x + 1 < row.count && Canvas.CodeParts.isContinuation(row[x + 1])
        if isWide && x + 1 >= cols {
            out.append(0x20)  // half a wide character would wrap
            cursor = nil
            return x + 1
        }
        let columns = isWide ? 2 : 1
        if let scalar = Canvas.CodeParts.scalar(code) {
            appendScalar(scalar, columns: columns)
        } else if codes.isUTF8 {
            out += Canvas.CodeParts.text(code).utf8
        } else {
            for _ in 0..<columns { out.append(0x3F) }
        }
        // A cell in the last column leaves the cursor waiting to wrap: the next run moves it.
        cursor = x + columns < cols ? (x + columns, y) : nil
        return x + columns
    }

    private mutating func appendScalar(_ v: UInt32, columns: Int) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if !codes.isUTF8 {
            for _ in 0..<columns { out.append(0x3F) }
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        } else if v < 0x1_0000 {
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        } else {
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }

    @inline(__always)
    private mutating func setStyle(_ style: UInt8) {
        if style == current { return }
        out += codes.styles[Int(style)]
        current = style
    }
}
