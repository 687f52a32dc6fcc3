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
/// one as a continuation, as terminals do.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public var isContinuation: Bool

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

/// The width of a lone scalar from the blocks the interface draws with (Latin, Greek, punctuation, arrows,
/// mathematical operators, box drawing), without the Unicode property lookups; nil for anything else.
private func narrowSingleScalar(_ v: UInt32) -> Int? {
    switch v {
    case 0x300...0x36F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0x20D0...0x20FF: 0
    case 0xA0..<0x300, 0x370..<0x483, 0x2000..<0x2300, 0x2500...0x25FC: 1
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

/// The display width of a string, measured per grapheme.
public func displayWidth(_ s: String) -> Int {
    var ascii = 0
    for b in s.utf8 {
        guard b < 0x80 else { return s.reduce(0) { $0 + displayWidth($1) } }
        if b >= 0x20 && b != 0x7F { ascii += 1 }
    }
    return ascii
}

/// A rectangle of cells that a view renders into; the terminal or a text dump shows it.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from column `x` of row `y`, clipping at the right edge and measuring wide characters;
    /// returns the column after the last one written.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, _ style: Style = .normal) -> Int {
        guard y >= 0, y < height else { return x + displayWidth(text) }
        if let end = putASCII(x, y, text, style) { return end }
        var col = x
        for ch in text {
            let w = displayWidth(ch)
            if w == 0 { continue }
            if col >= 0 && col + w <= width {
                // Never leave half of a wide character behind: clear its other half.
                if self[col, y].isContinuation && col > 0 {
                    self[col - 1, y] = Cell(text: " ", style: self[col - 1, y].style, isContinuation: false)
                }
                let end = col + w
                if end < width && self[end, y].isContinuation {
                    self[end, y] = Cell(text: " ", style: self[end, y].style, isContinuation: false)
                }
                self[col, y] = Cell(text: String(ch), style: style, isContinuation: false)
                if w == 2 { self[col + 1, y] = Cell(text: "", style: style, isContinuation: true) }
            }
            col += w
        }
        return col
    }

    /// `put` for printable ASCII text (most of the screen), one byte a cell without grapheme breaking; nil for any
    /// other text.
    private mutating func putASCII(_ x: Int, _ y: Int, _ text: String, _ style: Style) -> Int? {
        let utf8 = text.utf8
        let isASCII =
            utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
            ?? utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        guard isASCII else { return nil }
        var col = x
        let row = y * width
        for b in utf8 where col < width {
            if col >= 0 {
                if cells[row + col].isContinuation && col > 0 {
                    cells[row + col - 1] = Cell(text: " ", style: cells[row + col - 1].style, isContinuation: false)
                }
                if col + 1 < width && cells[row + col + 1].isContinuation {
                    cells[row + col + 1] = Cell(text: " ", style: cells[row + col + 1].style, isContinuation: false)
                }
                cells[row + col] = Cell(text: Self.asciiCells[Int(b)], style: style, isContinuation: false)
            }
            col += 1
        }
        return x + utf8.count
    }

    /// One-character strings for the printable ASCII bytes, made once.
    private static let asciiCells: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// Fills a row segment with one character.
    public mutating func fill(_ x: Int, _ y: Int, count: Int, _ ch: Character, _ style: Style = .normal) {
        guard count > 0 else { return }
        guard displayWidth(ch) == 1, y >= 0, y < height else {
            put(x, y, String(repeating: String(ch), count: count), style)
            return
        }
        let text = String(ch)
        for col in max(0, x)..<max(max(0, x), min(width, x + count)) {
            if self[col, y].isContinuation && col > 0 { self[col - 1, y].text = " " }
            if col + 1 < width && self[col + 1, y].isContinuation {
                self[col + 1, y] = Cell(text: " ", style: self[col + 1, y].style, isContinuation: false)
            }
            self[col, y] = Cell(text: text, style: style, isContinuation: false)
        }
    }

    /// The text of one row, trailing spaces removed.
    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// The whole canvas as text, one line per row, trailing spaces removed.
    public var text: String { (0..<height).map(line).joined(separator: "\n") }

    /// Runs of non-normal style per row, as `row col+len style`, for snapshot tests.
    public var styleRuns: [String] {
        var runs: [String] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                let style = self[x, y].style
                var end = x + 1
                while end < width && self[end, y].style == style { end += 1 }
                if style != .normal { runs.append("\(y) \(x)+\(end - x) \(style.name)") }
                x = end
            }
        }
        return runs
    }
}

extension Canvas {
    /// The cells that differ from `previous`, row by row as column ranges, so a screen redraws only what changed;
    /// every row when there is no previous frame or its size differs. A wide character and its continuation
    /// are reported together.
    public func changes(since previous: Canvas?) -> [(y: Int, columns: Range<Int>)] {
        guard let previous, previous.width == width, previous.height == height else {
            return (0..<height).map { ($0, 0..<width) }
        }
        var runs: [(y: Int, columns: Range<Int>)] = []
        for y in 0..<height {
            var x = 0
            while x < width {
                guard self[x, y] != previous[x, y] else {
                    x += 1
                    continue
                }
                var start = x
                while start > 0 && (self[start, y].isContinuation || previous[start, y].isContinuation) { start -= 1 }
                var end = x + 1
                while end < width && (self[end, y] != previous[end, y] || self[end, y].isContinuation) { end += 1 }
                runs.append((y, start..<end))
                x = end
            }
        }
        return runs
    }
}
