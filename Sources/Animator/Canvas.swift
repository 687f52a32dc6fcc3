import ConvModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a cell means; a theme maps it to colour, attributes or glyphs. No meaning rides on colour alone:
/// every style that marks something also comes with a glyph or an attribute chosen by the renderer.
public enum Style: UInt8, Sendable, CaseIterable, Comparable {
    case normal, dim, title, label, rule, keyBar, keyName
    case padding, paddingTap, hole, tap, window, frame, ghost, uncovered
    case current, visited, pending
    case scatter, overlap, cropped, extra
    case formula, result, emphasis, warning, receptive, compare
    case selected

    public static func < (a: Style, b: Style) -> Bool { a.rawValue < b.rawValue }

    /// A short stable name used in text snapshots.
    public var name: String { String(describing: self) }
}

/// One screen cell: a grapheme and its style. A wide (two-column) grapheme occupies its cell and marks the next
/// one as a continuation, as terminals do. A canvas stores cells packed (see `Canvas`); this is how they are read
/// and written one at a time.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public var isContinuation: Bool

    public init(text: String, style: Style, isContinuation: Bool) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell(text: " ", style: .normal, isContinuation: false)
}

/// The display width of a grapheme cluster in a terminal, measured from our own tables so that it does not
/// depend on the process locale: 0 for control and zero-width characters (a lone combining mark, ZWSP); 2 for
/// East Asian wide and fullwidth characters, emoji with emoji presentation (🚀), emoji made emoji by VS16 (❤️),
/// flags (a pair of regional indicators), keycaps and ZWJ sequences (measured by their first emoji); else 1.
public func displayWidth(_ ch: Character) -> Int {
    let scalars = ch.unicodeScalars
    guard let first = scalars.first else { return 0 }
    let v = first.value
    if v < 0x80 && ch.utf8.count == 1 {
        return v < 0x20 || v == 0x7F ? 0 : 1
    }
    if v < 0x20 || (0x7F..<0xA0).contains(v) {
        return 0
    }
    if let narrow = narrowSingleScalar(v), ch.utf8.count <= 3, scalars.count == 1 {
        return narrow
    }
    if first.properties.isEmoji && scalars.contains("\u{FE0F}") {
        return 2
    }
    if (0x1F1E6...0x1F1FF).contains(v) {
        return scalars.count > 1 ? 2 : 1
    }
    if (0x1F000...0x1FAFF).contains(v) {
        return first.properties.isEmojiPresentation ? 2 : 1
    }
    if first.properties.isEmojiPresentation || wideRanges.contains(where: { $0.contains(v) }) {
        return 2
    }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: return 1
    }
}

/// The width of a lone scalar from the blocks the interface draws with (Latin, Greek, the phonetic letters of Cᵀ,
/// punctuation, arrows, mathematical operators, box drawing, the check and ballot marks ✓ ✗ — not emoji), without
/// the Unicode property lookups; nil for anything else.
private func narrowSingleScalar(_ v: UInt32) -> Int? {
    switch v {
    case 0x300...0x36F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0x20D0...0x20FF: 0
    case 0xA0..<0x300, 0x370..<0x483, 0x1D00...0x1DBF, 0x2000..<0x2300, 0x2500...0x25FC, 0x2713, 0x2717: 1
    default: nil
    }
}

/// East Asian Wide (W) and Fullwidth (F) ranges outside the emoji blocks (Unicode's EastAsianWidth.txt).
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
    0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
    0x20000...0x2FFFD, 0x30000...0x3FFFD,
]

/// The width of a scalar that is always a grapheme of its own next to another such scalar (printable ASCII, the
/// narrow blocks of `narrowSingleScalar` without their zero-width parts, and the common CJK blocks without their
/// combining marks), so a string made only of them is measured, wrapped and put one scalar at a time; nil for any
/// other scalar. Equal to `displayWidth` of the scalar as a `Character`.
@inline(__always)
func simpleWidth(_ v: UInt32) -> Int? {
    if v < 0x7F { return v >= 0x20 ? 1 : nil }
    switch v {
    case 0xA0..<0x300, 0x370..<0x483, 0x1D00...0x1DBF, 0x2000...0x200A, 0x2010...0x2027, 0x202F...0x205F,
        0x2070..<0x20D0, 0x2100..<0x2300, 0x2300...0x2319, 0x231C...0x2328, 0x232B...0x23E8, 0x2500...0x25FC,
        0x2713, 0x2717:
        return 1
    case 0x2E80...0x3029, 0x3030...0x303E, 0x3041...0x3098, 0x309B...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF01...0xFF60, 0xFFE0...0xFFE6:
        return 2
    default:
        return nil
    }
}

/// Whether two byte buffers of the same length hold the same bytes (one vectorised comparison: a generic
/// `elementsEqual` reads a byte at a time).
func sameBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard let x = a.baseAddress, let y = b.baseAddress else { return true }
    return memcmp(x, y, a.count) == 0
}

/// The display width of a string, measured per grapheme (per scalar when every scalar is simple).
public func displayWidth(_ s: String) -> Int {
    // Counted on the bytes when every scalar is simple (`simpleColumns`): reading a short title through the
    // string's UTF-8 view cost about 40 instructions a byte.
    var text = s
    return text.withUTF8 { simpleColumns($0, 0..<$0.count) } ?? s.reduce(0) { $0 + displayWidth($1) }
}

/// Graphemes of more than one scalar (a flag, an emoji with VS16, a letter with a combining mark), numbered once
/// for the process so that equal cells of any two canvases hold equal codes. They come only from the interface's
/// strings and the files read, so the table stays small.
private final class Clusters: @unchecked Sendable {
    static let shared = Clusters()
    private let lock = Lock()
    private var strings: [String] = []
    private var numbers: [String: UInt32] = [:]

    func number(_ s: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let n = numbers[s] { return n }
        let n = UInt32(strings.count)
        strings.append(s)
        numbers[s] = n
        return n
    }

    func string(_ n: UInt32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return strings[Int(n)]
    }
}

/// A rectangle of cells that a view renders into; the terminal or a text dump shows it.
///
/// Each cell is one `UInt64`: the low 32 bits hold the grapheme (its scalar when it has one, `continuation` for the
/// right half of a wide character, or `clusterFlag` + the number of a longer grapheme in `Clusters`), the next 8 its
/// style. Putting, comparing and listing changes are integer operations; no `String` is made per cell.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    private var codes: [UInt64]

    private static let continuation: UInt32 = 0xFFFF_FFFF
    private static let clusterFlag: UInt32 = 0x8000_0000
    fileprivate static let glyphMask: UInt64 = 0xFFFF_FFFF
    private static let blankCode = code(0x20, .normal)

    @inline(__always)
    fileprivate static func code(_ glyph: UInt32, _ style: Style) -> UInt64 {
        UInt64(glyph) | UInt64(style.rawValue) << 32
    }

    @inline(__always)
    fileprivate static func isContinuation(_ code: UInt64) -> Bool { UInt32(truncatingIfNeeded: code) == continuation }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        codes = Array(repeating: Self.blankCode, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get {
            let code = codes[y * width + x]
            let glyph = UInt32(truncatingIfNeeded: code)
            return Cell(text: Self.text(glyph), style: style(code), isContinuation: glyph == Self.continuation)
        }
        set {
            codes[y * width + x] = Self.code(
                newValue.isContinuation ? Self.continuation : glyph(newValue.text), newValue.style)
        }
    }

    private static func text(_ glyph: UInt32) -> String {
        if glyph == continuation { return "" }
        if glyph & clusterFlag != 0 { return Clusters.shared.string(glyph & ~clusterFlag) }
        return String(Character(Unicode.Scalar(glyph)!))
    }

    private func glyph(_ text: String) -> UInt32 {
        var scalars = text.unicodeScalars.makeIterator()
        if let first = scalars.next(), scalars.next() == nil { return first.value }
        return Self.clusterFlag | Clusters.shared.number(text)
    }

    @inline(__always)
    private func style(_ code: UInt64) -> Style { Style(rawValue: UInt8(truncatingIfNeeded: code >> 32)) ?? .normal }

    /// The style of cell (x, y).
    public func style(_ x: Int, _ y: Int) -> Style { style(codes[y * width + x]) }

    /// True when cell (x, y) is the right half of a wide character.
    public func isContinuation(_ x: Int, _ y: Int) -> Bool { Self.isContinuation(codes[y * width + x]) }

    /// The grapheme of cell (x, y) when it is one scalar; nil for a continuation or a longer grapheme (read
    /// `self[x, y].text` then).
    public func scalar(_ x: Int, _ y: Int) -> Unicode.Scalar? {
        let glyph = UInt32(truncatingIfNeeded: codes[y * width + x])
        return glyph & Self.clusterFlag == 0 ? Unicode.Scalar(glyph) : nil
    }

    /// The number of cells that differ from `previous` (of the same size).
    public func changedCellCount(since previous: Canvas) -> Int {
        zip(codes, previous.codes).count { $0 != $1 }
    }

    /// Writes one grapheme of width `w` (1 or 2) at (col, y), which lies inside the canvas; never leaves half of a
    /// wide character behind (its other half becomes a blank of its style).
    @inline(__always)
    private mutating func place(_ col: Int, _ row: Int, _ glyph: UInt32, width w: Int, _ style: Style) {
        let width = width
        codes.withUnsafeMutableBufferPointer { Self.place(in: $0, col, row, glyph, width: w, style, rowWidth: width) }
    }

    /// `place` on the canvas's codes, for loops that write many cells in one access.
    @inline(__always)
    private static func place(
        in codes: UnsafeMutableBufferPointer<UInt64>, _ col: Int, _ row: Int, _ glyph: UInt32, width w: Int,
        _ style: Style, rowWidth width: Int
    ) {
        let i = row + col
        if col > 0 && isContinuation(codes[i]) { codes[i - 1] = codes[i - 1] & ~glyphMask | 0x20 }
        if col + w < width && isContinuation(codes[i + w]) { codes[i + w] = codes[i + w] & ~glyphMask | 0x20 }
        codes[i] = code(glyph, style)
        if w == 2 { codes[i + 1] = code(continuation, style) }
    }

    /// Writes `text` from column `x` of row `y`, clipping at the right edge and measuring wide characters;
    /// returns the column after the last one written.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, _ style: Style = .normal) -> Int {
        guard y >= 0, y < height else { return x + displayWidth(text) }
        if let end = putSimple(x, y, text, style) { return end }
        var col = x
        for ch in text {
            let w = displayWidth(ch)
            if w == 0 { continue }
            if col >= 0 && col + w <= width { place(col, y * width, glyph(String(ch)), width: w, style) }
            col += w
        }
        return col
    }

    /// `put` of text given as its UTF-8 bytes (valid): a sum's row (`LineText.utf8`), put without a `String`
    /// unless a scalar is not simple.
    @discardableResult
    mutating func put(_ x: Int, _ y: Int, utf8 bytes: [UInt8], _ style: Style) -> Int {
        if y >= 0, y < height, let end = bytes.withUnsafeBufferPointer({ putSimple(x, y, $0, style) }) { return end }
        return put(x, y, String(decoding: bytes, as: UTF8.self), style)
    }

    /// Runs `body` with a `RowCopier` from `source` into this canvas: both canvases are opened once for every row
    /// segment it copies (a grid copies many rows of a kept viewport a frame, `FixedCells`).
    mutating func copyRows<R>(from source: Canvas, _ body: (RowCopier) -> R) -> R {
        let (width, height) = (width, height)
        return codes.withUnsafeMutableBufferPointer { target in
            source.codes.withUnsafeBufferPointer { cells in
                body(RowCopier(target: target, width: width, height: height, source: cells, sourceWidth: source.width))
            }
        }
    }

    /// Blanks the `width` × `height` cells from (x, y), which lie inside the canvas.
    mutating func clear(x: Int, y: Int, width w: Int, height h: Int) {
        precondition(x >= 0 && y >= 0 && x + w <= width && y + h <= height, "a clear leaves the canvas")
        let width = width
        codes.withUnsafeMutableBufferPointer { cells in
            for row in y..<(y + h) {
                (cells.baseAddress! + row * width + x).update(repeating: Self.blankCode, count: w)
            }
        }
    }

    /// The `width` × `height` cells from (x, y), which lie inside the canvas, as a canvas of their own.
    func cropped(x: Int, y: Int, width w: Int, height h: Int) -> Canvas {
        precondition(x >= 0 && y >= 0 && x + w <= width && y + h <= height, "a crop leaves the canvas")
        var part = Canvas(width: w, height: h)
        part.copyRows(from: self) { $0.copy(rows: y..<(y + h), columns: x..<(x + w), to: 0, 0) }
        return part
    }

    /// Copies row segments from one canvas into another while `copyRows` holds both.
    struct RowCopier {
        fileprivate let target: UnsafeMutableBufferPointer<UInt64>
        fileprivate let width: Int, height: Int
        fileprivate let source: UnsafeBufferPointer<UInt64>
        fileprivate let sourceWidth: Int

        /// Copies `columns` of rows `sourceRows` of the source to the rows from `y` on, from column `x`: a block,
        /// checked once. Both lie inside their canvases.
        @inline(__always)
        func copy(rows sourceRows: Range<Int>, columns: Range<Int>, to x: Int, _ y: Int) {
            precondition(columns.lowerBound >= 0 && columns.upperBound <= sourceWidth)
            precondition(sourceRows.lowerBound >= 0 && sourceRows.upperBound * sourceWidth <= source.count)
            precondition(x >= 0 && x + columns.count <= width && y >= 0 && y + sourceRows.count <= height)
            let n = columns.count
            guard n > 0 else { return }
            var from = source.baseAddress! + sourceRows.lowerBound * sourceWidth + columns.lowerBound
            var to = target.baseAddress! + y * width + x
            for _ in sourceRows {
                to.update(from: from, count: n)
                from += sourceWidth
                to += width
            }
        }
    }

    /// Runs `body` with row `y`'s cells for direct writes (a grid's row of numbers: no check of the canvas per
    /// cell); nil, without running it, when the row is off the canvas.
    mutating func withRow<R>(_ y: Int, _ body: (RowCells) -> R) -> R? {
        guard y >= 0, y < height else { return nil }
        let start = y * width
        let width = width
        return codes.withUnsafeMutableBufferPointer { all in
            body(RowCells(cells: UnsafeMutableBufferPointer(rebasing: all[start..<(start + width)])))
        }
    }

    /// One row of a canvas being written by `withRow`. Each write fills whole cells right-aligned, as `put` of
    /// the text padded with spaces would (a wide character cut at either end leaves a blank), or returns false
    /// and writes nothing when it cannot (the caller falls back to `put`).
    struct RowCells {
        fileprivate let cells: UnsafeMutableBufferPointer<UInt64>

        /// Prepares columns x..<x + count to be overwritten; false when they leave the row.
        @inline(__always)
        private func clear(_ x: Int, _ count: Int) -> Bool {
            guard x >= 0, count >= 1, x + count <= cells.count else { return false }
            if x > 0 && Canvas.isContinuation(cells[x]) { cells[x - 1] = cells[x - 1] & ~Canvas.glyphMask | 0x20 }
            if x + count < cells.count && Canvas.isContinuation(cells[x + count]) {
                cells[x + count] = cells[x + count] & ~Canvas.glyphMask | 0x20
            }
            return true
        }

        /// The integer `value` right-aligned in columns x..<x + count, as `String(value)`.
        @inline(__always)
        func putRight(_ x: Int, count: Int, integer value: Int64, _ style: Style) -> Bool {
            guard clear(x, count) else { return false }
            let s = Canvas.code(0, style)
            var n = value.magnitude
            var i = x + count - 1
            while true {
                cells[i] = s | (0x30 + n % 10)
                n /= 10
                i -= 1
                if n == 0 { break }
                if i < x { return false }
            }
            if value < 0 {
                if i < x { return false }
                cells[i] = s | 0x2D
                i -= 1
            }
            while i >= x {
                cells[i] = s | 0x20
                i -= 1
            }
            return true
        }

        /// `glyph`, a scalar one column wide (see `simpleWidth`), in the last of columns x..<x + count.
        @inline(__always)
        func putRight(_ x: Int, count: Int, glyph: UInt32, _ style: Style) -> Bool {
            guard clear(x, count) else { return false }
            let s = Canvas.code(0, style)
            for i in x..<(x + count - 1) { cells[i] = s | 0x20 }
            cells[x + count - 1] = s | UInt64(glyph)
            return true
        }

        /// Printable ASCII `text` right-aligned in columns x..<x + count.
        func putRight(_ x: Int, count: Int, ascii text: String, _ style: Style) -> Bool {
            let utf8 = text.utf8
            let n = utf8.count
            guard n <= count else { return false }
            for b in utf8 where b < 0x20 || b >= 0x7F { return false }
            guard clear(x, count) else { return false }
            let s = Canvas.code(0, style)
            var i = x
            for _ in 0..<(count - n) {
                cells[i] = s | 0x20
                i += 1
            }
            for b in utf8 {
                cells[i] = s | UInt64(b)
                i += 1
            }
            return true
        }
    }

    /// `put` for text whose scalars are all simple (see `simpleWidth`), one scalar a grapheme, decoded from the
    /// UTF-8 in one pass; nil for other text (the cells written up to the scalar that is not simple are then
    /// written again, the same, by the grapheme path). The cells written are one stretch of the row, so only its
    /// two ends can cut a wide character there (`place` checks both neighbours of every cell; inside the stretch
    /// those checks change nothing).
    private mutating func putSimple(_ x: Int, _ y: Int, _ text: String, _ style: Style) -> Int? {
        var text = text
        return text.withUTF8 { putSimple(x, y, $0, style) }
    }

    /// `putSimple` of text's UTF-8 bytes.
    private mutating func putSimple(_ x: Int, _ y: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ style: Style) -> Int? {
        let row = y * width
        let width = width
        let styleBits = Self.code(0, style)
        return codes.withUnsafeMutableBufferPointer { cells -> Int? in
            var col = x
            var i = 0
            var first = true
            // The column after the last cell written.
            var written = 0
            // The last other scalar and its width: a line repeats its few ("⋅" in every product of a sum).
            var (known, knownWidth): (UInt32, Int) = (0x20, 1)
            while i < bytes.count {
                let b = bytes[i]
                // Nearly every scalar: printable ASCII, one column; a stretch of them is copied in a tight loop.
                if b >= 0x20 && b < 0x7F {
                    if col >= 0 && col < width && !first {
                        (i, col) = Self.copyASCII(
                            bytes, from: i, to: cells.baseAddress! + row, col, width, styleBits)
                        written = col
                        continue
                    }
                    if col >= 0 && col < width {
                        Self.place(in: cells, col, row, UInt32(b), width: 1, style, rowWidth: width)
                        first = false
                        written = col + 1
                    }
                    col += 1
                    i += 1
                    continue
                }
                let (v, next) = Animator.scalar(at: i, in: bytes)
                if v != known {
                    guard let w = simpleWidth(v) else { return nil }
                    (known, knownWidth) = (v, w)
                }
                let w = knownWidth
                i = next
                if col >= 0 && col + w <= width {
                    if first {
                        Self.place(in: cells, col, row, v, width: w, style, rowWidth: width)
                        first = false
                    } else {
                        cells[row + col] = styleBits | UInt64(v)
                        if w == 2 { cells[row + col + 1] = Self.code(Self.continuation, style) }
                    }
                    written = col + w
                }
                col += w
            }
            // The cell after the stretch: the right half of a wide character cut in two is blanked.
            if !first && written < width && Self.isContinuation(cells[row + written]) {
                cells[row + written] = cells[row + written] & ~Self.glyphMask | 0x20
            }
            return col
        }
    }

    /// Writes the printable ASCII bytes from `i` into `row` from column `col` up to the row's `width`, and the
    /// products' dots among them (⋅, U+22C5, one column: a sum's every term has one, and each stopped the copy);
    /// returns where it stopped in the bytes and the row.
    @inline(__always)
    private static func copyASCII(
        _ bytes: UnsafeBufferPointer<UInt8>, from i: Int, to row: UnsafeMutablePointer<UInt64>, _ col: Int,
        _ width: Int, _ styleBits: UInt64
    ) -> (Int, Int) {
        let n = bytes.count
        var j = i
        var col = col
        while true {
            let stop = min(n, j + width - col)
            while j < stop {
                let c = bytes[j]
                guard c >= 0x20 && c < 0x7F else { break }
                row[col] = styleBits | UInt64(c)
                col += 1
                j += 1
            }
            guard j + 2 < n && col < width && bytes[j] == 0xE2 && bytes[j + 1] == 0x8B && bytes[j + 2] == 0x85 else {
                return (j, col)
            }
            row[col] = styleBits | 0x22C5
            col += 1
            j += 3
        }
    }

    /// Gives the `count` cells of row y from x (clipped to the canvas) the style `style`, their glyphs as they are:
    /// what drawing the same text there in that style does.
    mutating func restyle(_ x: Int, _ y: Int, count: Int, _ style: Style) {
        guard y >= 0 && y < height else { return }
        let (from, to) = (max(0, x), min(width, x + count))
        guard from < to else { return }
        let bits = Self.code(0, style)
        codes.withUnsafeMutableBufferPointer { cells in
            for i in (y * width + from)..<(y * width + to) { cells[i] = cells[i] & Self.glyphMask | bits }
        }
    }

    /// Fills a row segment with one character.
    public mutating func fill(_ x: Int, _ y: Int, count: Int, _ ch: Character, _ style: Style = .normal) {
        guard count > 0 else { return }
        guard displayWidth(ch) == 1, y >= 0, y < height else {
            put(x, y, String(repeating: String(ch), count: count), style)
            return
        }
        let g = glyph(String(ch))
        let (row, width) = (y * width, width)
        codes.withUnsafeMutableBufferPointer { cells in
            for col in max(0, x)..<max(max(0, x), min(width, x + count)) {
                Self.place(in: cells, col, row, g, width: 1, style, rowWidth: width)
            }
        }
    }

    /// The text of one row, trailing spaces removed.
    public func line(_ y: Int) -> String {
        var last = -1
        for x in 0..<width where UInt32(truncatingIfNeeded: codes[y * width + x]) != 0x20 { last = x }
        var s = String.UnicodeScalarView()
        for x in 0..<(last + 1) {
            let glyph = UInt32(truncatingIfNeeded: codes[y * width + x])
            if glyph == Self.continuation { continue }
            if glyph & Self.clusterFlag != 0 {
                s.append(contentsOf: Self.text(glyph).unicodeScalars)
            } else {
                s.append(Unicode.Scalar(glyph)!)
            }
        }
        return String(s)
    }

    /// The whole canvas as text, one line per row, trailing spaces removed.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }

    /// Runs of non-normal style per row, as `row col+len style`, for snapshot tests.
    public var styleRuns: [String] {
        var runs: [String] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                let style = self.style(x, y)
                var end = x + 1
                while end < width && self.style(end, y) == style { end += 1 }
                if style != .normal { runs.append("\(y) \(x)+\(end - x) \(style.name)") }
                x = end
            }
        }
        return runs
    }

    /// The cells that differ from `previous`, row by row as column ranges (runs of changed cells, without the gaps
    /// the terminal writer joins); every row when there is no previous frame or its size differs. A wide character
    /// and its continuation are reported together. For tests and tools: `TerminalFrameWriter` finds its runs as it
    /// writes them.
    public func changes(since previous: Canvas?) -> [(y: Int, columns: Range<Int>)] {
        guard let previous, previous.width == width, previous.height == height else {
            return (0..<height).map { ($0, 0..<width) }
        }
        var runs: [(y: Int, columns: Range<Int>)] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                guard codes[y * width + x] != previous.codes[y * width + x] else {
                    x += 1
                    continue
                }
                var start = x
                while start > 0
                    && (Self.isContinuation(codes[y * width + start])
                        || Self.isContinuation(previous.codes[y * width + start]))
                {
                    start -= 1
                }
                var end = x + 1
                while end < width
                    && (codes[y * width + end] != previous.codes[y * width + end]
                        || Self.isContinuation(codes[y * width + end]))
                {
                    end += 1
                }
                runs.append((y, start..<end))
                x = end
            }
        }
        return runs
    }

    /// This canvas's cell codes and `other`'s (of the same size, not empty), row after row, for the terminal
    /// writer's comparison of two frames.
    func withCodes<R>(
        comparedTo other: Canvas, _ body: (_ new: UnsafePointer<UInt64>, _ old: UnsafePointer<UInt64>) -> R
    ) -> R {
        precondition(other.width == width && other.height == height && !codes.isEmpty, "frames of different sizes")
        return codes.withUnsafeBufferPointer { new in
            other.codes.withUnsafeBufferPointer { old in body(new.baseAddress!, old.baseAddress!) }
        }
    }

    /// The parts of a cell code, for code that reads the codes directly (the terminal writer, `withCodes`).
    enum CodeParts {
        /// The right half of a wide character.
        static func isContinuation(_ code: UInt64) -> Bool { Canvas.isContinuation(code) }
        /// The scalar of a cell of one scalar; nil for a continuation or a longer grapheme.
        @inline(__always)
        static func scalar(_ code: UInt64) -> UInt32? {
            let glyph = UInt32(truncatingIfNeeded: code)
            return glyph & Canvas.clusterFlag == 0 ? glyph : nil
        }
        /// The text of a cell (a longer grapheme from the side table).
        static func text(_ code: UInt64) -> String { Canvas.text(UInt32(truncatingIfNeeded: code)) }
        @inline(__always)
        static func style(_ code: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: code >> 32) }
        /// Whether `count` cells from `a` and from `b` are the same (one vectorised comparison).
        @inline(__always)
        static func same(_ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>, count: Int) -> Bool {
            memcmp(a, b, count * 8) == 0
        }
    }
}
