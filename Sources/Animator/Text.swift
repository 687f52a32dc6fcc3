import ConvModel

/// Splits text into lines of at most `width` display columns, breaking at spaces (or anywhere in CJK text,
/// which has no spaces); existing line breaks are kept.
///
/// It works on the UTF-8 bytes: a paragraph whose scalars are all simple (`simpleWidth`: most narration) is
/// measured one decoded scalar at a time, others one grapheme at a time; each line is made from its bytes.
public func wrap(_ text: String, width: Int) -> [String] { wrap(text, width: width, plain: false) }

/// `wrap`; `plain` (tests): without the ways that skip work (a simple paragraph that fits, `runLines`), every
/// paragraph broken one piece per scalar or grapheme.
func wrap(_ text: String, width: Int, plain: Bool) -> [String] {
    guard width > 0 else { return [] }
    var text = text
    text.makeContiguousUTF8()
    return text.utf8.withContiguousStorageIfAvailable { bytes in
        var breaker = LineBreaker(width: width, text: text, bytes: bytes, plain: plain)
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
                breaker.paragraph(start..<i)
                i += length
                start = i
            } else {
                i += 1
            }
        }
        breaker.paragraph(start..<bytes.count)
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
        let b = bytes[i]
        if b >= 0x20 && b < 0x7F {  // printable ASCII: one column (most of a sum's or a title's bytes)
            total += 1
            i += 1
            continue
        }
        let (v, next) = scalar(at: i, in: bytes)
        guard let w = simpleWidth(v) else { return nil }
        total += w
        i = next
    }
    return total
}

/// True when every scalar of `bytes[range]` is simple (`simpleWidth`: no line break, control or cluster) and they
/// take at most `width` columns; it stops reading at the first column past `width`.
func fitsOneLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, width: Int) -> Bool {
    var columns = 0
    var i = range.lowerBound
    while i < range.upperBound {
        let b = bytes[i]
        if b >= 0x20 && b < 0x7F {
            columns += 1
            i += 1
        } else {
            let (v, next) = scalar(at: i, in: bytes)
            guard let w = simpleWidth(v) else { return false }
            columns += w
            i = next
        }
        if columns > width { return false }
    }
    return true
}

/// `text[range]` of byte offsets on scalar boundaries, as a string of its own: a copy of the bytes, which are
/// valid UTF-8 already (`String(decoding:)` would check them again); the text itself when the range is all of it.
func slice(_ text: String, _ range: Range<Int>) -> String {
    let utf8 = text.utf8
    let from = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
    return String(text[from..<utf8.index(from, offsetBy: range.count)])
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
    /// The text and its UTF-8 bytes.
    let text: String
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

    /// Only the plain way (tests): one piece per scalar or grapheme, every paragraph measured.
    let plain: Bool

    init(width: Int, text: String, bytes: UnsafeBufferPointer<UInt8>, plain: Bool = false) {
        self.width = width
        self.text = text
        self.bytes = bytes
        self.plain = plain
    }

    /// Breaks the paragraph in `range` (bytes of `text`) and appends its lines.
    mutating func paragraph(_ range: Range<Int>) {
        // Simple text that fits (most formulas and narration) is the line, as it is: nothing to measure further.
        if !plain && fitsOneLine(bytes, range, width: width) {
            lines.append(slice(text, range))
            return
        }
        if !plain, let runs = runLines(range) {
            lines += runs
            return
        }
        pieces = Self.simplePieces(bytes, range) ?? graphemePieces(range, of: text)
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

    /// The lines of a paragraph of simple text (most narration) broken straight from its bytes, when each run of
    /// narrow characters that are neither spaces nor closing punctuation fits on a line with the space before it
    /// and there is no closing punctuation; nil, with nothing appended, when that does not hold. It is what the
    /// breaker does with such runs as pieces (`add`, `flushWord`, `breakLine`): a run is never split (nothing is
    /// carried to the next line) nor cut (the word it ends is no wider than the line), so the line and the word
    /// are ranges of bytes, and a line ends only before a space (those at its end dropped) or a wide character.
    private func runLines(_ range: Range<Int>) -> [String]? {
        guard width >= 2 else { return nil }
        var out: [String] = []
        var (lineStart, lineEnd, lineWidth) = (range.lowerBound, range.lowerBound, 0)
        var (wordStart, wordEnd, wordWidth) = (range.lowerBound, range.lowerBound, 0)
        func flushWord() {
            if lineWidth + wordWidth > width && lineEnd > lineStart {
                while lineEnd > lineStart && bytes[lineEnd - 1] == 0x20 { lineEnd -= 1 }
                out.append(slice(text, lineStart..<lineEnd))
                (lineStart, lineWidth) = (lineEnd, 0)
                if wordStart < wordEnd && bytes[wordStart] == 0x20 {
                    (wordStart, wordWidth) = (wordStart + 1, wordWidth - 1)
                }
            }
            if lineEnd == lineStart { lineStart = wordStart }
            (lineEnd, lineWidth) = (wordEnd, lineWidth + wordWidth)
            (wordStart, wordWidth) = (wordEnd, 0)
        }
        var runColumns = 0  // of the run of narrow characters being read
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
            // The run ends: it joins the word; then the space starts a word, or the wide character is one.
            guard runColumns + 1 <= width else { return nil }
            if runColumns > 0 { (wordEnd, wordWidth) = (i, wordWidth + runColumns) }
            flushWord()
            if v == 0x20 {
                (wordStart, wordEnd, wordWidth) = (i, next, 1)
            } else {
                (wordEnd, wordWidth) = (next, columns)
                flushWord()
            }
            (runColumns, i) = (0, next)
        }
        guard runColumns + 1 <= width else { return nil }
        if runColumns > 0 { (wordEnd, wordWidth) = (i, wordWidth + runColumns) }
        flushWord()
        if lineEnd > lineStart || out.isEmpty { out.append(slice(text, lineStart..<lineEnd)) }
        return out
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
        return slice(text, pieces[from].start..<pieces[to - 1].end)
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
/// continuation lines are indented by `indent`. `plain` (tests): graphemes measured as they are joined, even for
/// simple text.
func wrapTerms(_ text: String, width: Int, indent: Int, plain: Bool = false, parts: SumParts? = nil) -> [String] {
    measuredTerms(text, width: width, indent: indent, plain: plain, parts: parts).lines
}

/// `wrapTerms`' lines and, when every scalar is simple and no piece is longer than a line, each line's width (the
/// wrap measured them: a sum cut to its first rows is not measured again, `wrappedLine`).
func measuredTerms(_ text: String, width: Int, indent: Int, plain: Bool = false, parts: SumParts? = nil) -> (
    lines: [String], widths: [Int]?
) {
    var text = text
    text.makeContiguousUTF8()
    let simple =
        plain
        ? nil
        : text.utf8.withContiguousStorageIfAvailable { bytes in
            simpleTermLines(text, bytes, width: width, indent: indent, parts: parts)
        }
    let measured = simple.flatMap { $0 }
    guard
        let (lines, widest) = measured.map({ ($0.lines, $0.widest) })
            ?? termLines(text, width: width, indent: indent)
    else {
        return ([text], nil)
    }
    let widths = measured?.widths
    // A piece longer than the line (prose without sums): fall back to word wrapping.
    guard widest > width else { return (lines, widths) }
    let pad = String(repeating: " ", count: indent)
    let wrapped = wrap(text, width: width)
    guard let first = wrapped.first, width > indent + 1 else { return (wrapped, nil) }
    let rest = wrap(wrapped.dropFirst().joined(separator: " "), width: width - indent).map { pad + $0 }.filter {
        !$0.trimmingPrefix(" ").isEmpty
    }
    return ([first] + rest, nil)
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

/// `termLines` for text whose scalars are all simple, each a grapheme of its own, so widths add up: the cut
/// points come with their columns (`simpleTermCuts`), and a line is the indent and one run of the text's bytes.
/// The text itself when it fits; nil when a scalar is not simple. With `parts`, the products' region is cut from
/// them (`sumTermCuts`).
private func simpleTermLines(
    _ text: String, _ bytes: UnsafeBufferPointer<UInt8>, width: Int, indent: Int, parts: SumParts?
) -> (lines: [String], widths: [Int], widest: Int)? {
    guard let rows = simpleTermRows(bytes, width: width, indent: indent, parts: parts) else { return nil }
    guard rows.runs.count > 1 || rows.runs[0].padded || rows.runs[0].bytes.count != bytes.count else {
        return ([text], rows.widths, rows.widest)
    }
    let lines = rows.runs.map { run -> String in
        let part = slice(text, run.bytes)
        guard run.padded && indent > 0 else { return part }
        var line = indent < spaces.count ? spaces[indent] : String(repeating: " ", count: indent)
        line += part
        return line
    }
    return (lines, rows.widths, rows.widest)
}

/// `simpleTermLines`' rows as runs of the bytes (each after the indent when `padded`), their widths and the widest;
/// nil when a scalar is not simple.
private func simpleTermRows(_ bytes: UnsafeBufferPointer<UInt8>, width: Int, indent: Int, parts: SumParts?) -> (
    runs: [(bytes: Range<Int>, padded: Bool)], widths: [Int], widest: Int
)? {
    guard let (cuts, columns) = parts.map({ sumTermCuts(bytes, $0) }) ?? simpleTermCuts(bytes) else { return nil }
    guard columns > width else { return ([(0..<bytes.count, false)], [columns], columns) }
    // Grown once: a sum written to four rows of the screen wraps to five (a row's last term moves on).
    let expected = columns / max(1, width - indent) + 2
    var runs: [(bytes: Range<Int>, padded: Bool)] = []
    var widths: [Int] = []
    runs.reserveCapacity(expected)
    widths.reserveCapacity(expected)
    var widest = 0
    // The line being built: the indent when `padded`, then `bytes[start..<end]`.
    var (padded, start, end, lineWidth) = (false, 0, 0, 0)
    var (from, fromColumn) = (0, 0)
    for k in 0...cuts.count {
        let (to, toColumn) = k < cuts.count ? cuts[k] : (bytes.count, columns)
        let w = toColumn - fromColumn
        let isEmpty = start == end && (!padded || indent == 0)
        if !isEmpty && lineWidth + w > width {
            runs.append((start..<end, padded))
            widths.append(lineWidth)
            widest = max(widest, lineWidth)
            var first = from
            while first < to && bytes[first] == 0x20 { first += 1 }
            (padded, start, end, lineWidth) = (true, first, to, indent + w - (first - from))
        } else {
            end = to
            lineWidth += w
        }
        (from, fromColumn) = (to, toColumn)
    }
    runs.append((start..<end, padded))
    widths.append(lineWidth)
    return (runs, widths, max(widest, lineWidth))
}

/// `wrappedLine` of a sum given as its UTF-8 bytes (`GridLook.Content.utf8`), its rows as bytes: the same rows,
/// never a `String` made (`String(decoding:)` checks every byte). Nil when the bytes path does not apply (a scalar
/// that is not simple, a piece longer than a row): the text's `String` is wrapped then.
func wrappedSum(_ text: [UInt8], width: Int, most: Int, parts: SumParts?) -> [[UInt8]]? {
    text.withUnsafeBufferPointer { bytes in
        let indent = sumIndent
        guard let wrapped = simpleTermRows(bytes, width: width, indent: indent, parts: parts), wrapped.widest <= width
        else { return nil }
        func row(_ k: Int) -> [UInt8] {
            let (run, padded) = wrapped.runs[k]
            if !padded && run.count == bytes.count { return text }  // a sum that fits: its bytes
            let pad = padded ? indent : 0
            return [UInt8](unsafeUninitializedCapacity: pad + run.count) { row, count in
                row.baseAddress!.initialize(repeating: 0x20, count: pad)
                (row.baseAddress! + pad).initialize(from: bytes.baseAddress! + run.lowerBound, count: run.count)
                count = pad + run.count
            }
        }
        guard wrapped.runs.count > most, let eq = lastRange(of: " = ", in: bytes) else {
            return wrapped.runs.indices.map(row)
        }
        var rows = (0..<most).map(row)
        let result = bytes[eq.upperBound...]
        guard
            let last = cutSumRow(
                rows[most - 1], measured: wrapped.widths[most - 1], result: result, width: width,
                {
                    $0.withUnsafeBufferPointer { simpleColumns($0, 0..<$0.count) }
                })
        else { return nil }
        rows[most - 1] = last
        return rows
    }
}

/// `termCuts` of text whose scalars are all simple, each cut with the column it starts at, and the text's width,
/// in one pass over the bytes; nil when a scalar is not simple.
private func simpleTermCuts(_ bytes: UnsafeBufferPointer<UInt8>) -> (cuts: [(at: Int, column: Int)], columns: Int)? {
    var scan = TermScan(capacity: bytes.count / 6)  // a term takes at least " + a⋅b"
    guard scan.scan(bytes, from: 0, to: bytes.count) else { return nil }
    return scan.finish()
}

/// `simpleTermCuts` of a sum whose products' region was written by `TextBytes.append(products:)` (`SumParts`):
/// only the bytes before and after it are read; in it, the cuts are the " + " written between the products, each
/// product one "⋅" (three bytes, one column) among ASCII.
private func sumTermCuts(_ bytes: UnsafeBufferPointer<UInt8>, _ parts: SumParts) -> (
    cuts: [(at: Int, column: Int)], columns: Int
)? {
    var scan = TermScan(capacity: parts.pluses.count + 4)
    let region = parts.products
    guard scan.scan(bytes, from: 0, to: region.lowerBound) else { return nil }
    let first = scan.column
    if let last = parts.pluses.last {
        // `cut(at:column:)` for each " + " between the products, in one loop: products 0…k lie before the k-th, k + 1
        // "⋅", two bytes more than their columns each.
        scan.leadCut()
        scan.equals.removeAll(keepingCapacity: true)
        let base = first - region.lowerBound - 2
        scan.cuts.reserveCapacity(scan.cuts.count + parts.pluses.count + 4)
        for (k, at) in parts.pluses.enumerated() { scan.cuts.append((at, base + at - 2 * k)) }
        scan.next = last + 3
    }
    scan.column = first + region.count - 2 * parts.count
    scan.next = max(scan.next, region.upperBound)
    guard scan.scan(bytes, from: region.upperBound, to: bytes.count) else { return nil }
    return scan.finish()
}

/// The pass of `simpleTermCuts`, over a range of the bytes at a time: each " + " is a cut, and the " = " after the
/// last of them.
private struct TermScan {
    var cuts: [(at: Int, column: Int)] = []
    var equals: [(at: Int, column: Int)] = []
    var column = 0
    /// The first byte a separator may start at (not the first byte, nor inside one found).
    var next = 1
    // The last scalar measured here and its width: a sum repeats its few ("⋅", "−"). A space never comes here.
    var (known, knownWidth): (UInt32, Int) = (0x20, 1)

    init(capacity: Int) { cuts.reserveCapacity(capacity) }

    /// A " + " at `at`, in `column` (the first one after the last " = " before it, `leadCut`).
    mutating func cut(at: Int, column: Int) {
        leadCut()
        cuts.append((at, column))
        if !equals.isEmpty { equals.removeAll(keepingCapacity: true) }
        next = at + 3
    }

    /// Before the first " + ": the last " = " before it is a cut too (a row may end before the first term, when the
    /// words before it and that term are wider than a row).
    mutating func leadCut() {
        if cuts.isEmpty, let lead = equals.last { cuts.append(lead) }
    }

    /// Reads `bytes[from..<to]` (a separator is matched against the bytes after it too); false when a scalar is not
    /// simple.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Bool {
        // The state in locals for the loop (through `self` each would be stored and loaded again per byte).
        let n = bytes.count
        var (i, column, next, known, knownWidth) = (from, column, next, known, knownWidth)
        defer { (self.column, self.next, self.known, self.knownWidth) = (column, next, known, knownWidth) }
        while i < end {
            let b = bytes[i]
            if b > 0x20 && b < 0x7F {
                column += 1
                i += 1
            } else if b == 0x20 {
                if i >= next && i + 2 < n && bytes[i + 2] == 0x20 {
                    let middle = bytes[i + 1]
                    if middle == 0x2B {
                        cut(at: i, column: column)
                        next = i + 3
                    } else if middle == 0x3D {
                        equals.append((i, column))
                        next = i + 3
                    }
                }
                column += 1
                i += 1
            } else {
                let (v, after) = scalar(at: i, in: bytes)
                if v != known {
                    guard let w = simpleWidth(v) else { return false }
                    (known, knownWidth) = (v, w)
                }
                column += knownWidth
                i = after
            }
        }
        return true
    }

    /// The cuts, the " = " after the last " + " among them, and the columns read.
    mutating func finish() -> (cuts: [(at: Int, column: Int)], columns: Int) {
        cuts += equals
        return (cuts, column)
    }
}

/// Where `TextBytes.append(products:)` wrote a sum's products (`products`, bytes of the text) and the " + " between
/// them (`pluses`, one fewer than the products): `wrapTerms` cuts that region without reading it.
struct SumParts: Sendable {
    let products: Range<Int>
    let pluses: [Int]

    /// How many products.
    var count: Int { products.isEmpty ? 0 : pluses.count + 1 }
}

/// Strings of 0 to 15 spaces, for indents (each is small enough to be held in the string itself).
private let spaces = (0..<16).map { String(repeating: " ", count: $0) }

/// A number for a formula: negatives in parentheses so that `x⋅w` stays readable.
func term(_ v: Double) -> String { v < 0 ? "(\(Num.display(v)))" : Num.display(v) }

/// Text built as UTF-8 bytes, made a `String` once or kept as bytes (`utf8`: a sum's line): appending to a
/// `String` piece by piece costs a few hundred instructions a piece (a sum of 49 products is 200 pieces). The
/// bytes are written through a pointer into room made beforehand: one check of the room per write, not one per
/// byte.
/// Not copyable: it owns its buffer (allocated, not filled, and freed when it ends).
struct TextBytes: ~Copyable {
    /// The bytes written are `storage[..<count]`; the rest, up to `capacity`, is room.
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Where the last `append(products:notingSum: true)` wrote its products and the " + " between them
    /// (`SumParts`).
    private(set) var sumParts = SumParts(products: 0..<0, pluses: [])

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Makes room for `most` more bytes and lets `body` write them from the pointer; it returns how many it wrote.
    @inline(__always)
    private mutating func write(most: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + most > capacity {
            capacity = max(count + most, 2 * capacity)
            let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            larger.initialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
        }
        count += body(storage + count)
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    /// The bytes of `source` (UTF-8).
    mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let from = source.baseAddress else { return }
        write(most: source.count) { to in
            to.update(from: from, count: source.count)
            return source.count
        }
    }

    /// The decimal digits of `n`.
    mutating func append(_ n: Int) {
        write(most: 20) { Self.write(Int64(n), $0) }
    }

    /// `Num.display(v)`, its digits written here for an integer (the common case).
    mutating func append(number v: Double) {
        guard let n = Self.integer(v) else { return append(Num.display(v)) }
        write(most: 20) { Self.write(n, $0) }
    }

    /// `term(v)`: a negative number in parentheses.
    mutating func append(term v: Double) {
        guard let n = Self.integer(v) else {
            if v < 0 { append("(") }
            append(number: v)
            if v < 0 { append(")") }
            return
        }
        write(most: 22) { Self.write(term: n, $0) }
    }

    /// `Num.display` of each value, joined by ", ": the integers in one go.
    mutating func append<C: Collection<Double>>(list values: C) {
        var next = values.startIndex
        write(most: 22 * values.count) { p in
            var k = 0
            while next < values.endIndex, let n = Self.integer(values[next]) {
                if next > values.startIndex {
                    (p[k], p[k + 1]) = (0x2C, 0x20)
                    k += 2
                }
                k += Self.write(n, p + k)
                values.formIndex(after: &next)
            }
            return k
        }
        while next < values.endIndex {
            if next > values.startIndex { append(", ") }
            append(number: values[next])
            values.formIndex(after: &next)
        }
    }

    /// `x⋅w + x⋅w + …` of the terms (`factors` gives x and w of each): `term(x) + "⋅" + term(w)` each, joined by
    /// " + ". The products of integers are written in one go. With `columns`, the terms stop once they take more
    /// columns than that (`Frame.sumColumns`: a sum wrapped at its terms shows at most four rows of the screen,
    /// the rest cut to " + … = v", so the rows shown are the same; a row of a 16-channel 7×7 matrix is 784 terms).
    @inline(__always)  // its few callers' factors (a closure reading two arrays) inlined into the loop
    mutating func append<C: Collection>(
        products terms: C, columns: Int = .max, notingSum: Bool = false,
        _ factors: (C.Element) -> (x: Double, w: Double)
    ) {
        var next = terms.startIndex
        let start = count
        var integers = 0
        // Noted only for a sum that is wrapped from them (a matrix row of 784 terms is not), through a pointer (an
        // array's append in the loop cost a fifth of the product's writing).
        let pluses = notingSum ? UnsafeMutablePointer<Int>.allocate(capacity: max(1, terms.count)) : nil
        defer { pluses?.deallocate() }
        var noted = 0
        write(most: Self.mostProduct * terms.count) { p in
            var k = 0
            // The integers' columns: their bytes, less two for each ⋅ (three bytes, one column).
            while next < terms.endIndex && k - 2 * integers <= columns {
                let (x, w) = factors(terms[next])
                guard let a = Self.integer(x), let b = Self.integer(w) else { break }
                if let pluses, next != terms.startIndex {
                    pluses[noted] = start + k
                    noted += 1
                }
                k += Self.write(a, b, first: next == terms.startIndex, p + k)
                integers += 1
                terms.formIndex(after: &next)
            }
            return k
        }
        let integerBytes = count - start
        // Other numbers: at least one column for every three bytes.
        while next < terms.endIndex && integerBytes - 2 * integers + (count - start - integerBytes) / 3 <= columns {
            let (x, w) = factors(terms[next])
            if next > terms.startIndex {
                if let pluses {
                    pluses[noted] = count
                    noted += 1
                }
                append(" + ")
            }
            append(term: x)
            append("⋅")
            append(term: w)
            terms.formIndex(after: &next)
        }
        if let pluses {
            sumParts = SumParts(
                products: start..<count, pluses: Array(UnsafeBufferPointer(start: pluses, count: noted)))
        }
    }

    /// The most bytes a product of integers takes, with its " + ".
    static let mostProduct = 3 + 18 + 3 + 18

    /// Writes `term(a)⋅term(b)` at p, after " + " unless it is the first; returns how many bytes.
    @inline(__always)
    private static func write(_ a: Int64, _ b: Int64, first: Bool, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var k = 0
        if !first {
            (p[0], p[1], p[2]) = (0x20, 0x2B, 0x20)
            k = 3
        }
        k += write(term: a, p + k)
        (p[k], p[k + 1], p[k + 2]) = (0xE2, 0x8B, 0x85)  // ⋅ (U+22C5)
        return k + 3 + write(term: b, p + k + 3)
    }

    var string: String { String(decoding: UnsafeBufferPointer(start: storage, count: count), as: UTF8.self) }

    /// The bytes written (valid UTF-8), a copy: a sum's line keeps them (`GridLook(utf8:)`), not a `String`.
    var utf8: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// v as an integer when `Num.display` writes it as one (a whole number below 10^15), else nil.
    @inline(__always)
    static func integer(_ v: Double) -> Int64? {
        guard v.magnitude < 1e15 else { return nil }
        let n = Int64(v)
        return Double(n) == v ? n : nil
    }

    /// Writes the digits of n (a minus sign first when negative) at p; returns how many bytes (at most 20).
    @inline(__always)
    private static func write(_ n: Int64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if n >= 0 && n < 10 {  // a digit (most of a sum's factors): no counting, no division
            p[0] = UInt8(truncatingIfNeeded: 0x30 &+ n)
            return 1
        }
        var k = 0
        if n < 0 {
            p[0] = 0x2D
            k = 1
        }
        var m = n.magnitude
        var digits = 1
        var rest = m / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        k += digits
        var i = k - 1
        repeat {
            p[i] = UInt8(truncatingIfNeeded: 0x30 &+ m % 10)
            m /= 10
            i -= 1
        } while m > 0
        return k
    }

    /// `term`: n, in parentheses when negative; returns how many bytes (at most 22).
    @inline(__always)
    private static func write(term n: Int64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        guard n < 0 else { return write(n, p) }
        if n > -10 {  // (-d): a negative weight, most of them
            (p[0], p[1], p[2], p[3]) = (0x28, 0x2D, UInt8(truncatingIfNeeded: 0x30 &- n), 0x29)
            return 4
        }
        p[0] = 0x28
        let k = 1 + write(n, p + 1)
        p[k] = 0x29
        return k + 1
    }
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

/// A sum cut before each " + ", before each " = " after the last " + ", and before the last " = " before the first
/// " + " (so `out = a + b = 7` gives `out`, ` = a`, ` + b`, ` = 7`), in one pass over the bytes (the separators are
/// ASCII).
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
    // The last " = " before the first " + " too: a row may end before the first term (a long prefix).
    let lead = cuts.first.flatMap { first in equals.last { $0 < first } }
    return (lead.map { [$0] } ?? []) + cuts + equals.filter { e in cuts.last.map { e > $0 } ?? true }
}

/// The last row shown of a sum cut to its first rows, ended with the sum's `result` (`… = v`): whole terms dropped
/// from its end until it and " + … = v" take at most `width` columns (`measured`: the row's width when the wrap
/// knows it). The result is never cut: a row whose first term alone leaves it no room is cut before that term's
/// " = " (`out[0,1] = W row 0 ⋅ P column 1 = … = v`), and a row with nothing left to drop becomes its indent and
/// `… = v`. A row of the word-wrap fallback ends in " +" (its next term's sign): the joint takes its place.
/// `measure` gives a run's columns (nil: not measurable here, and so nil).
func cutSumRow(
    _ row: [UInt8], measured: Int?, result: some Collection<UInt8>, width: Int, _ measure: ([UInt8]) -> Int?
) -> [UInt8]? {
    var last = row
    guard var lastWidth = measured ?? measure(last) else { return nil }
    let dots: [UInt8] = [0xE2, 0x80, 0xA6, 0x20, 0x3D, 0x20]  // "… = "
    guard let resultWidth = measure(dots + result) else { return nil }
    // What joins the row to "… = v": " + " after a term, " = " after the words before the first term.
    var joint: [UInt8] = [0x20, 0x2B, 0x20]
    if last.count >= 2 && last[last.count - 2] == 0x20 && last[last.count - 1] == 0x2B {
        last.removeLast(2)  // the next term's sign, ending a row of the word-wrap fallback: the joint's
        lastWidth -= 2
    }
    while lastWidth + 3 + resultWidth > width, let (at, equals) = lastSumCut(last) {
        guard let cutWidth = measure(Array(last[at...])) else { return nil }
        lastWidth -= cutWidth
        last.removeSubrange(at...)
        joint[1] = equals ? 0x3D : 0x2B
    }
    guard lastWidth + 3 + resultWidth > width else { return last + joint + dots + result }
    let indent = last.prefix { $0 == 0x20 }.count
    return Array(repeating: 0x20, count: indent + resultWidth <= width ? indent : 0) + dots + result
}

/// Where the last " + " or " = " of a sum's row starts, and whether it is " = ".
private func lastSumCut(_ row: [UInt8]) -> (at: Int, equals: Bool)? {
    var i = row.count - 3
    while i >= 0 {
        if row[i] == 0x20 && row[i + 2] == 0x20 && (row[i + 1] == 0x2B || row[i + 1] == 0x3D) {
            return (i, row[i + 1] == 0x3D)
        }
        i -= 1
    }
    return nil
}

/// The last occurrence of an ASCII `needle` in `text`, found on the bytes (a pointer's, not the UTF-8 view's: a
/// sum's row searched from its end cost ~40 instructions a byte through the view; the needle a literal's bytes, no
/// array made per search).
func lastRange(of needle: StaticString, in text: String) -> Range<String.Index>? {
    var copy = text
    guard let at = copy.withUTF8({ lastRange(of: needle, in: $0) }) else { return nil }
    let utf8 = text.utf8
    let from = utf8.index(utf8.startIndex, offsetBy: at.lowerBound)
    return from..<utf8.index(from, offsetBy: at.count)
}

/// The last occurrence of an ASCII `needle` in `bytes`, as byte offsets.
func lastRange(of needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
    let count = needle.utf8CodeUnitCount
    guard count > 0 else { return nil }
    return needle.withUTF8Buffer { n in
        var i = bytes.count - count
        while i >= 0 {
            if bytes[i] == n[0] && (1..<count).allSatisfy({ bytes[i + $0] == n[$0] }) { return i..<i + count }
            i -= 1
        }
        return nil
    }
}
