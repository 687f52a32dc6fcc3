import ConvModel

/// Splits text into lines of at most `width` display columns, breaking at spaces (or anywhere in CJK text,
/// which has no spaces); existing line breaks are kept.
///
/// It works on the UTF-8 bytes: a paragraph whose scalars are all simple (`simpleWidth`: most narration) is
/// measured one decoded scalar at a time, others one grapheme at a time; each line is made from its bytes.
public func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var text = text
    text.makeContiguousUTF8()
    return text.utf8.withContiguousStorageIfAvailable { bytes in
        var breaker = LineBreaker(width: width, bytes: bytes)
        var start = 0
        var i = 0
        while i < bytes.count {
            // Paragraphs end at line feeds and at U+2028 / U+2029 (E2 80 A8 / A9).
            var length = 0
            if bytes[i] == 0x0A {
                length = 1
            } else if bytes[i] == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] & 0xFE == 0xA8 {
                length = 3
            }
            if length > 0 {
                breaker.paragraph(start..<i, of: text)
                i += length
                start = i
            } else {
                i += 1
            }
        }
        breaker.paragraph(start..<bytes.count, of: text)
        return breaker.lines
    } ?? []
}

/// Characters that must not start a line in Chinese text (the kinsoku rule): closing punctuation. A grapheme is
/// compared as a `Character` (canonical equivalence); a simple scalar by `isClosing`, the same list.
private let closingPunctuation: Set<Character> = [
    "，", "。", "、", "；", "：", "！", "？", "）", "》", "」", "』", "】", "〉", "〕", "”", "’", "…", "］", "｝",
]

/// True when the scalar is one of `closingPunctuation`.
private func isClosing(_ v: UInt32) -> Bool {
    switch v {
    case 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0xFF09, 0x300B, 0x300D, 0x300F, 0x3011, 0x3009,
        0x3015, 0x201D, 0x2019, 0x2026, 0xFF3D, 0xFF5D:
        true
    default:
        false
    }
}

/// The scalar whose UTF-8 encoding starts at byte `i` of valid UTF-8, and the index after it.
@inline(__always)
func scalar(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (value: UInt32, next: Int) {
    let b = UInt32(bytes[i])
    if b < 0x80 { return (b, i + 1) }
    if b < 0xE0 { return ((b & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), i + 2) }
    if b < 0xF0 {
        return ((b & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), i + 3)
    }
    let high = (b & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
    return (high | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F), i + 4)
}

/// The display width of `bytes[range]` when every scalar in it is simple (`simpleWidth`), else nil.
func simpleColumns(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
    var total = 0
    var i = range.lowerBound
    while i < range.upperBound {
        let (v, next) = scalar(at: i, in: bytes)
        guard let w = simpleWidth(v) else { return nil }
        total += w
        i = next
    }
    return total
}

/// What `LineBreaker` breaks: one grapheme of the paragraph, its bytes, and what the rules ask of it.
private struct Piece {
    let start: Int
    let end: Int
    let columns: Int
    let isSpace: Bool
    let isClosing: Bool
    /// A wide (CJK) character: it may start a new line.
    let isWide: Bool

    init(start: Int, end: Int, columns: Int, isSpace: Bool = false, isClosing: Bool = false, isWide: Bool? = nil) {
        (self.start, self.end, self.columns) = (start, end, columns)
        (self.isSpace, self.isClosing, self.isWide) = (isSpace, isClosing, isWide ?? (columns == 2))
    }
}

/// Breaks paragraphs into lines: at spaces, or before any wide (CJK) character, never starting a line with
/// closing punctuation; a word longer than the line is cut. The line and the word being built are always runs of
/// the paragraph's pieces (what moves between a line and the next word lies between them), kept as ranges of
/// `pieces`, and a line is made as one string of its bytes.
private struct LineBreaker {
    let width: Int
    let bytes: UnsafeBufferPointer<UInt8>
    var lines: [String] = []
    var pieces: [Piece] = []
    /// The line and the word being built: `pieces[lineStart..<lineEnd]`, `pieces[wordStart..<wordEnd]`.
    var lineStart = 0
    var lineEnd = 0
    var lineWidth = 0
    var wordStart = 0
    var wordEnd = 0
    var wordWidth = 0

    init(width: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.width = width
        self.bytes = bytes
    }

    /// Breaks the paragraph in `range` (bytes of `text`) and appends its lines.
    mutating func paragraph(_ range: Range<Int>, of text: String) {
        pieces =
            Self.runPieces(bytes, range, width: width) ?? Self.simplePieces(bytes, range)
            ?? graphemePieces(range, of: text)
        // A paragraph no wider than the line is the line, as it is: nothing breaks, nothing is cut.
        var columns = 0
        for piece in pieces { columns += piece.columns }
        if columns <= width {
            lines.append(string(0, pieces.count))
            return
        }
        (lineStart, lineEnd, lineWidth, wordStart, wordEnd, wordWidth) = (0, 0, 0, 0, 0, 0)
        let before = lines.count
        for k in pieces.indices { add(k) }
        flushWord()
        if lineEnd > lineStart || lines.count == before { lines.append(string(lineStart, lineEnd)) }
    }

    /// Pieces of simple text (most narration) with each run of narrow characters that are neither spaces nor
    /// closing punctuation as one piece: the breaker never splits such a run when the paragraph has no closing
    /// punctuation (nothing is carried to the next line) and no run is cut (with the space before it, each fits
    /// on a line; a wide character needs two columns). Nil when any of that does not hold.
    private static func runPieces(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, width: Int) -> [Piece]? {
        guard width >= 2 else { return nil }
        var pieces: [Piece] = []
        pieces.reserveCapacity(range.count / 2 + 1)
        var run = range.lowerBound  // where the current run began
        var runColumns = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let b = bytes[i]
            if b >= 0x21 && b < 0x7F {  // printable ASCII but space: the run goes on
                runColumns += 1
                i += 1
                continue
            }
            let (v, next) = scalar(at: i, in: bytes)
            guard let columns = simpleWidth(v), !(v >= 0x2000 && isClosing(v)) else { return nil }
            if columns == 1 && v != 0x20 {
                runColumns += 1
                i = next
                continue
            }
            if runColumns > 0 { pieces.append(Piece(start: run, end: i, columns: runColumns, isWide: false)) }
            guard runColumns + 1 <= width else { return nil }
            pieces.append(Piece(start: i, end: next, columns: columns, isSpace: v == 0x20))
            (run, runColumns, i) = (next, 0, next)
        }
        if runColumns > 0 { pieces.append(Piece(start: run, end: i, columns: runColumns, isWide: false)) }
        guard runColumns + 1 <= width else { return nil }
        return pieces
    }

    /// One piece per scalar, decoded from the bytes, when every scalar is a grapheme of known width (most
    /// narration: no grapheme breaking); nil as soon as one is not.
    private static func simplePieces(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Piece]? {
        var simple = true
        // At most one piece per byte.
        let pieces = [Piece](unsafeUninitializedCapacity: range.count) { buffer, count in
            var i = range.lowerBound
            var k = 0
            while i < range.upperBound {
                let (v, next) = scalar(at: i, in: bytes)
                guard let columns = simpleWidth(v) else {
                    simple = false
                    break
                }
                let closing = v >= 0x2000 && isClosing(v)
                (buffer.baseAddress! + k).initialize(
                    to: Piece(start: i, end: next, columns: columns, isSpace: v == 0x20, isClosing: closing))
                k += 1
                i = next
            }
            count = k
        }
        return simple ? pieces : nil
    }

    /// One piece per grapheme of the paragraph (clusters, controls, emoji).
    private func graphemePieces(_ range: Range<Int>, of text: String) -> [Piece] {
        let utf8 = text.utf8
        let paragraph = text[
            utf8.index(
                utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(
                    utf8.startIndex, offsetBy: range.upperBound)]
        var pieces: [Piece] = []
        var i = paragraph.startIndex
        var offset = range.lowerBound
        while i < paragraph.endIndex {
            let ch = paragraph[i]
            let next = paragraph.index(after: i)
            let end = offset + utf8.distance(from: i, to: next)
            let closing = closingPunctuation.contains(ch)
            pieces.append(
                Piece(start: offset, end: end, columns: displayWidth(ch), isSpace: ch == " ", isClosing: closing))
            i = next
            offset = end
        }
        return pieces
    }

    /// The text of `pieces[from..<to]`.
    private func string(_ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        return String(
            decoding: UnsafeBufferPointer(rebasing: bytes[pieces[from].start..<pieces[to - 1].end]), as: UTF8.self)
    }

    private func columns(_ from: Int, _ to: Int) -> Int {
        var total = 0
        for k in from..<to { total += pieces[k].columns }
        return total
    }

    private mutating func add(_ k: Int) {
        let w = pieces[k].columns
        if pieces[k].isSpace {
            flushWord()
            wordStart = k
            wordEnd = k + 1
            wordWidth = 1
            return
        }
        let wide = pieces[k].isWide
        if wide { flushWord() }  // CJK: every character may start a new line
        wordEnd = k + 1
        wordWidth += w
        if wide { flushWord() }
    }

    private mutating func flushWord() {
        if lineWidth + wordWidth > width && lineEnd > lineStart { breakLine() }
        // A word longer than the line is cut.
        while wordWidth > width {
            var head = wordStart
            var hw = 0
            while head < wordEnd, hw + pieces[head].columns <= width || head == wordStart {
                hw += pieces[head].columns
                head += 1  // at least one character per line
            }
            lines.append(string(wordStart, head))
            wordStart = head
            wordWidth -= hw
        }
        if lineEnd == lineStart { lineStart = wordStart }
        lineEnd = wordEnd
        lineWidth += wordWidth
        wordStart = wordEnd
        wordWidth = 0
    }

    /// Ends the line before the pending word. Closing punctuation never starts a line: the line's last character
    /// that is not closing punctuation goes down with it, and the closing marks after it (`格）` before `。`).
    private mutating func breakLine() {
        var carried: (start: Int, columns: Int)?
        if wordStart < wordEnd, pieces[wordStart].isClosing,
            let keep = (lineStart..<lineEnd).last(where: { !pieces[$0].isClosing && !pieces[$0].isSpace }),
            keep > lineStart, (lineStart..<keep).contains(where: { !pieces[$0].isSpace })
        {
            carried = (keep, columns(keep, lineEnd))
            lineEnd = keep
        }
        while lineEnd > lineStart, pieces[lineEnd - 1].isSpace { lineEnd -= 1 }
        lines.append(string(lineStart, lineEnd))
        lineStart = lineEnd
        lineWidth = 0
        if wordStart < wordEnd, pieces[wordStart].isSpace {
            wordStart += 1
            wordWidth -= 1
        }
        if let carried {
            wordStart = carried.start
            wordWidth += carried.columns
        }
    }
}

/// Breaks a long sum `a + b + c = v` into lines no wider than `width`, breaking before " + " or " = ";
/// continuation lines are indented by `indent`.
func wrapTerms(_ text: String, width: Int, indent: Int) -> [String] {
    var text = text
    text.makeContiguousUTF8()
    let simple = text.utf8.withContiguousStorageIfAvailable { bytes -> (lines: [String], widest: Int)? in
        guard let columns = simpleColumns(bytes, 0..<bytes.count) else { return nil }
        return columns > width ? simpleTermLines(text, bytes, width: width, indent: indent) : ([text], columns)
    }
    guard let (lines, widest) = simple.flatMap({ $0 }) ?? termLines(text, width: width, indent: indent) else {
        return [text]
    }
    // A piece longer than the line (prose without sums): fall back to word wrapping.
    guard widest > width else { return lines }
    let pad = String(repeating: " ", count: indent)
    let wrapped = wrap(text, width: width)
    guard let first = wrapped.first, width > indent + 1 else { return wrapped }
    return [first]
        + wrap(wrapped.dropFirst().joined(separator: " "), width: width - indent).map { pad + $0 }.filter {
            !$0.trimmingPrefix(" ").isEmpty
        }
}

/// `wrapTerms`' lines, and the widest, for any text (graphemes measured as they are joined); nil when the text
/// fits.
private func termLines(_ text: String, width: Int, indent: Int) -> (lines: [String], widest: Int)? {
    guard displayWidth(text) > width else { return nil }
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    let pad = String(repeating: " ", count: indent)
    for p in termPieces(text) {
        let w = displayWidth(String(p))
        if !line.isEmpty && lineWidth + w > width {
            lines.append(line)
            line = pad + p.drop(while: { $0 == " " })
            lineWidth = displayWidth(line)
        } else {
            line += p
            lineWidth += w
        }
    }
    lines.append(line)
    return (lines, lines.map(displayWidth).max() ?? 0)
}

/// `termLines` for text whose scalars are all simple: each is a grapheme of its own, so widths add up and a line
/// is the indent and one run of the text's bytes.
private func simpleTermLines(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>, width: Int, indent: Int) -> (
    lines: [String], widest: Int
) {
    func string(_ range: Range<Int>, padded: Bool) -> String {
        let run = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return padded ? String(repeating: " ", count: indent) + run : run
    }
    var lines: [String] = []
    var widest = 0
    // The line being built: the indent when `padded`, then `bytes[start..<end]`.
    var (padded, start, end, lineWidth) = (false, 0, 0, 0)
    let cuts = termCuts(bytes)
    for (k, from) in ([0] + cuts).enumerated() {
        let to = k < cuts.count ? cuts[k] : bytes.count
        let w = simpleColumns(bytes, from..<to) ?? 0
        let isEmpty = start == end && (!padded || indent == 0)
        if !isEmpty && lineWidth + w > width {
            lines.append(string(start..<end, padded: padded))
            widest = max(widest, lineWidth)
            var first = from
            while first < to && bytes[first] == 0x20 { first += 1 }
            (padded, start, end, lineWidth) = (true, first, to, indent + w - (first - from))
        } else {
            end = to
            lineWidth += w
        }
    }
    lines.append(string(start..<end, padded: padded))
    return (lines, max(widest, lineWidth))
}

/// A number for a formula: negatives in parentheses so that `x⋅w` stays readable.
func term(_ v: Double) -> String { v < 0 ? "(\(Num.display(v)))" : Num.display(v) }

/// Text built as UTF-8 bytes and made a `String` once: appending to a `String` piece by piece costs a few
/// hundred instructions a piece (a sum of nine products is 45 pieces).
struct TextBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ s: String) {
        let copied: Void? = s.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil { bytes.append(contentsOf: s.utf8) }
    }

    /// `Num.display(v)`, its digits written here for an integer (the common case).
    mutating func append(number v: Double) {
        guard v != 0, v == v.rounded(), abs(v) < 1e15 else {
            append(v == 0 ? "0" : Num.display(v))
            return
        }
        if v < 0 { bytes.append(0x2D) }
        let n = Int64(v).magnitude
        var place: UInt64 = 1
        while place <= n / 10 { place *= 10 }
        repeat {
            bytes.append(UInt8(truncatingIfNeeded: 0x30 + n / place % 10))
            place /= 10
        } while place > 0
    }

    /// `term(v)`: a negative number in parentheses.
    mutating func append(term v: Double) {
        if v < 0 { bytes.append(0x28) }
        append(number: v)
        if v < 0 { bytes.append(0x29) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Pads or cuts a string to exactly `width` display columns.
func fit(_ s: String, _ width: Int, right: Bool = false) -> String {
    let w = displayWidth(s)
    if w <= width {
        let pad = String(repeating: " ", count: width - w)
        return right ? pad + s : s + pad
    }
    var out = ""
    var used = 0
    for ch in s {
        let cw = displayWidth(ch)
        if used + cw > width - 1 { break }
        out.append(ch)
        used += cw
    }
    return out + "…" + String(repeating: " ", count: max(0, width - used - 1))
}

/// Single-cell ASCII stand-ins for the glyphs the views use, for terminals without a UTF-8 locale. Padding is
/// "░" (the field dot "·" stays in the receptive-field view) and products use "⋅" (dot operator), so each maps
/// to its own ASCII character.
let asciiGlyphs: [Character: Character] = [
    "·": ".", "░": ".", "⋅": "*", "∘": "o", "─": "-", "│": "|", "┌": "/", "┐": "\\", "└": "\\", "┘": "/", "┆": ":",
    "×": "x",
    "▶": ">", "‖": "=", "−": "-", "⌊": "[", "⌋": "]", "→": ">", "←": "<", "↑": "^", "↓": "v", "…": "~",
    "■": "#", "●": "@", "▼": "v", "▲": "^", "Σ": "S", "✗": "x",
    "′": "'", "°": "o", "✓": "v", "≈": "~", "⊕": "+", "“": "\"", "”": "\"", "‘": "'", "’": "'",
    "ᵀ": "T", "∂": "d", "—": "-", "–": "-", "╭": "+", "╮": "+", "╰": "+", "╯": "+", "┄": "-", "├": "+", "┤": "+",
]

extension Canvas {
    /// The canvas with every non-ASCII glyph replaced by a one-column ASCII stand-in (wide characters by "?").
    public func asciiOnly() -> Canvas {
        var c = self
        for y in 0..<height {
            for x in 0..<width {
                let cell = c[x, y]
                // The second half of a wide character becomes a second "?", so the row keeps its width.
                if cell.isContinuation {
                    c[x, y] = Cell(text: "?", style: cell.style, isContinuation: false)
                    continue
                }
                guard let ch = cell.text.first, !ch.isASCII else { continue }
                let stand = asciiGlyphs[ch] ?? "?"
                c[x, y] = Cell(text: String(stand), style: cell.style, isContinuation: false)
            }
        }
        return c
    }
}

/// Text for a single line (a title): line breaks and tabs become spaces, so words never run together.
func oneLine(_ s: String) -> String {
    // Each of these is a grapheme of its own (controls and separators never join others, "\r\n" aside), so a
    // string without their bytes (LF, CR, tab, and E2 80 A8 / A9) has none of them.
    let found =
        s.utf8.withContiguousStorageIfAvailable { b in
            b.indices.contains { i in
                b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09
                    || (b[i] == 0xE2 && i + 2 < b.count && b[i + 1] == 0x80 && b[i + 2] & 0xFE == 0xA8)
            }
        } ?? true
    guard found else { return s }
    let breaks: Set<Character> = ["\n", "\r\n", "\t", "\r", "\u{2028}", "\u{2029}"]
    guard s.contains(where: { breaks.contains($0) }) else { return s }
    return String(s.map { breaks.contains($0) ? " " : $0 })
}

/// A sum cut before each " + ", and before each " = " after the last " + " (so `out = a + b = 7` gives
/// `out = a`, ` + b`, ` = 7`), in one pass over the bytes (the separators are ASCII).
func termPieces(_ text: String) -> [Substring] {
    var text = text
    text.makeContiguousUTF8()
    let utf8 = text.utf8
    let cuts = utf8.withContiguousStorageIfAvailable(termCuts) ?? Array(utf8).withUnsafeBufferPointer(termCuts)
    var pieces: [Substring] = []
    var start = text.startIndex
    for cut in cuts {
        let index = utf8.index(utf8.startIndex, offsetBy: cut)
        pieces.append(text[start..<index])
        start = index
    }
    pieces.append(text[start...])
    return pieces
}

/// Where `termPieces` cuts the text whose UTF-8 bytes are `bytes`: byte offsets, in order.
private func termCuts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
    var cuts: [Int] = []
    var equals: [Int] = []
    var i = 1
    while i + 2 < bytes.count {
        let middle = bytes[i + 1]
        if bytes[i] == 0x20 && bytes[i + 2] == 0x20 && (middle == 0x2B || middle == 0x3D) {
            if middle == 0x2B {
                cuts.append(i)
            } else {
                equals.append(i)
            }
            i += 3
        } else {
            i += 1
        }
    }
    return cuts + equals.filter { e in cuts.last.map { e > $0 } ?? true }
}

/// The last occurrence of an ASCII `needle` in `text`, found on the bytes.
func lastRange(of needle: String, in text: String) -> Range<String.Index>? {
    let n = Array(needle.utf8)
    let utf8 = text.utf8
    guard utf8.count >= n.count else { return nil }
    var i = utf8.index(utf8.endIndex, offsetBy: -n.count)
    while true {
        if utf8[i...].prefix(n.count).elementsEqual(n) { return i..<utf8.index(i, offsetBy: n.count) }
        guard i > utf8.startIndex else { return nil }
        i = utf8.index(before: i)
    }
}
