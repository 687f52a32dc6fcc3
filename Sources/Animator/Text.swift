import ConvModel

/// Splits text into lines of at most `width` display columns, breaking at spaces (or anywhere in CJK text,
/// which has no spaces); existing line breaks are kept.
public func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in paragraphs(text) {
        var breaker = LineBreaker(width: width, text: paragraph)
        let scalars = paragraph.unicodeScalars
        if scalars.allSatisfy({ simpleWidth($0.value) != nil }) {
            // Every scalar is a grapheme of known width (most narration): no grapheme breaking.
            var i = scalars.startIndex
            while i < scalars.endIndex {
                let v = scalars[i].value
                let next = scalars.index(after: i)
                let closing = v >= 0x2000 && closingScalars.contains(v)
                breaker.add(
                    Piece(start: i, end: next, columns: simpleWidth(v) ?? 1, isSpace: v == 0x20, isClosing: closing))
                i = next
            }
        } else {
            var i = paragraph.startIndex
            while i < paragraph.endIndex {
                let ch = paragraph[i]
                let next = paragraph.index(after: i)
                let closing = closingPunctuation.contains(ch)
                breaker.add(
                    Piece(start: i, end: next, columns: displayWidth(ch), isSpace: ch == " ", isClosing: closing))
                i = next
            }
        }
        lines += breaker.finish()
    }
    return lines
}

/// The paragraphs of a text: split at line feeds and at U+2028 / U+2029, found on the bytes.
private func paragraphs(_ text: String) -> [Substring] {
    let utf8 = text.utf8
    var parts: [Substring] = []
    var start = text.startIndex
    var i = utf8.startIndex
    while i < utf8.endIndex {
        let b = utf8[i]
        var length = 0
        if b == 0x0A {
            length = 1
        } else if b == 0xE2, let j = utf8.index(i, offsetBy: 2, limitedBy: utf8.index(before: utf8.endIndex)),
            utf8[utf8.index(after: i)] == 0x80, utf8[j] == 0xA8 || utf8[j] == 0xA9
        {
            length = 3
        }
        if length > 0 {
            parts.append(text[start..<i])
            i = utf8.index(i, offsetBy: length)
            start = i
        } else {
            i = utf8.index(after: i)
        }
    }
    parts.append(text[start...])
    return parts
}

/// Characters that must not start a line in Chinese text (the kinsoku rule): closing punctuation.
private let closingPunctuation: Set<Character> = [
    "，", "。", "、", "；", "：", "！", "？", "）", "》", "」", "』", "】", "〉", "〕", "”", "’", "…", "］", "｝",
]

/// What `LineBreaker` breaks: one grapheme of the paragraph, where it lies, and what the rules ask of it.
private struct Piece {
    let start: String.Index
    let end: String.Index
    let columns: Int
    let isSpace: Bool
    let isClosing: Bool
}

private let closingScalars = Set(closingPunctuation.flatMap { $0.unicodeScalars.map(\.value) })

/// Breaks one paragraph into lines: at spaces, or before any wide (CJK) character, never starting a line with
/// closing punctuation; a word longer than the line is cut. A line is always a run of the paragraph's graphemes
/// (what moves between a line and the next word lies between them), so it is made as one slice of the text.
private struct LineBreaker {
    let width: Int
    let text: Substring
    var lines: [String] = []
    var line: [Piece] = []
    var lineWidth = 0
    var word: [Piece] = []
    var wordWidth = 0

    init(width: Int, text: Substring) {
        self.width = width
        self.text = text
    }

    private func string(_ pieces: [Piece]) -> String {
        guard let first = pieces.first, let last = pieces.last else { return "" }
        return String(text[first.start..<last.end])
    }

    mutating func add(_ ch: Piece) {
        let w = ch.columns
        if ch.isSpace {
            flushWord()
            word.append(ch)
            wordWidth = 1
            return
        }
        if w == 2 { flushWord() }  // CJK: every character may start a new line
        word.append(ch)
        wordWidth += w
        if w == 2 { flushWord() }
    }

    mutating func finish() -> [String] {
        flushWord()
        if !line.isEmpty || lines.isEmpty { lines.append(string(line)) }
        return lines
    }

    private mutating func flushWord() {
        if lineWidth + wordWidth > width && !line.isEmpty { breakLine() }
        // A word longer than the line is cut.
        while wordWidth > width {
            var head = 0
            var hw = 0
            while head < word.count, hw + word[head].columns <= width || head == 0 {
                hw += word[head].columns
                head += 1  // at least one character per line
            }
            lines.append(string(Array(word[..<head])))
            word.removeFirst(head)
            wordWidth -= hw
        }
        line += word
        lineWidth += wordWidth
        word.removeAll(keepingCapacity: true)
        wordWidth = 0
    }

    /// Ends the line before the pending word. Closing punctuation never starts a line: the line's last character
    /// that is not closing punctuation goes down with it, and the closing marks after it (`格）` before `。`).
    private mutating func breakLine() {
        var carried: [Piece] = []
        if let first = word.first, first.isClosing,
            let keep = line.lastIndex(where: { !$0.isClosing && !$0.isSpace }), keep > 0,
            line[..<keep].contains(where: { !$0.isSpace })
        {
            carried = Array(line[keep...])
            line.removeLast(line.count - keep)
            lineWidth -= carried.reduce(0) { $0 + $1.columns }
        }
        while let last = line.last, last.isSpace {
            line.removeLast()
            lineWidth -= 1
        }
        lines.append(string(line))
        line.removeAll(keepingCapacity: true)
        lineWidth = 0
        if let first = word.first, first.isSpace {
            word.removeFirst()
            wordWidth -= 1
        }
        word.insert(contentsOf: carried, at: 0)
        wordWidth += carried.reduce(0) { $0 + $1.columns }
    }
}

/// Breaks a long sum `a + b + c = v` into lines no wider than `width`, breaking before " + " or " = ";
/// continuation lines are indented by `indent`.
func wrapTerms(_ text: String, width: Int, indent: Int) -> [String] {
    guard displayWidth(text) > width else { return [text] }
    let pieces = termPieces(text)
    var lines: [String] = []
    var line = ""
    var lineWidth = 0
    let pad = String(repeating: " ", count: indent)
    for p in pieces {
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
    // A piece longer than the line (prose without sums): fall back to word wrapping.
    if lines.contains(where: { displayWidth($0) > width }) {
        let wrapped = wrap(text, width: width)
        guard let first = wrapped.first, width > indent + 1 else { return wrapped }
        return [first]
            + wrap(wrapped.dropFirst().joined(separator: " "), width: width - indent).map { pad + $0 }.filter {
                !$0.trimmingPrefix(" ").isEmpty
            }
    }
    return lines
}

/// A number for a formula: negatives in parentheses so that `x⋅w` stays readable.
func term(_ v: Double) -> String { v < 0 ? "(\(Num.display(v)))" : Num.display(v) }

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
    let breaks: Set<Character> = ["\n", "\r\n", "\t", "\r", "\u{2028}", "\u{2029}"]
    guard s.contains(where: { breaks.contains($0) }) else { return s }
    return String(s.map { breaks.contains($0) ? " " : $0 })
}

/// A sum cut before each " + ", and before each " = " after the last " + " (so `out = a + b = 7` gives
/// `out = a`, ` + b`, ` = 7`), in one pass over the bytes (the separators are ASCII).
func termPieces(_ text: String) -> [Substring] {
    let utf8 = text.utf8
    var cuts: [String.Index] = []
    var i = utf8.isEmpty ? utf8.endIndex : utf8.index(after: utf8.startIndex)
    var equals: [String.Index] = []
    while i < utf8.endIndex, let j = utf8.index(i, offsetBy: 2, limitedBy: utf8.index(before: utf8.endIndex)) {
        let middle = utf8[utf8.index(after: i)]
        if utf8[i] == 0x20 && utf8[j] == 0x20 && (middle == 0x2B || middle == 0x3D) {
            if middle == 0x2B {
                cuts.append(i)
            } else {
                equals.append(i)
            }
            i = utf8.index(after: j)
        } else {
            i = utf8.index(after: i)
        }
    }
    cuts += equals.filter { e in cuts.last.map { e > $0 } ?? true }
    var pieces: [Substring] = []
    var start = text.startIndex
    for cut in cuts {
        pieces.append(text[start..<cut])
        start = cut
    }
    pieces.append(text[start...])
    return pieces
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
