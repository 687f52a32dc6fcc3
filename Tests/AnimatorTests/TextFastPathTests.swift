import ConvModel
import TestSupport
import Testing

@testable import Animator

/// The ways text skips work (a paragraph broken straight from its bytes, a sum cut in one pass, products written
/// as bytes) give what the plain ways give, on many random texts.
@Suite struct TextFastPathTests {
    func narration(_ r: inout SplitMix) -> String {
        let words = [
            "the", "kernel", "slides", "over", "rows", "0–6,", "x⋅w", "café", "(stride", "1).", "a", "multiply–adds",
            "卷积核", "在", "输入上", "滑动，", "步长", "为", "1。", "“quoted”", "end…", "e\u{301}t\u{301}e\u{301}",
            "🙂", "verylongwordthatneverfits", "16×64×64", "—", "x", "", "Cᵀ⋅x′", "ᵀᵢ", "✓", "✗",
        ]
        let gaps = [" ", " ", " ", " ", "  ", "\n", "   ", "\u{2028}"]
        var text = ""
        for i in 0..<r.below(30) {
            if i > 0 { text += r.pick(gaps) }
            text += r.pick(words)
        }
        if r.below(4) == 0 { text = " " + text }
        if r.below(4) == 0 { text += " " }
        return text
    }

    /// A simple scalar's width (`simpleWidth`, read from the bytes) is its width as a grapheme (`displayWidth`), and
    /// neither is a mark's: the blocks of the fast paths hold no scalar that joins its neighbour.
    @Test func simpleWidthsAreTheGraphemeWidths() {
        for v in UInt32(0)..<0x1_0000 {
            guard let w = simpleWidth(v), let scalar = Unicode.Scalar(v) else { continue }
            let mark: Bool
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: mark = true
            default: mark = false
            }
            #expect(!mark && displayWidth(Character(scalar)) == w, "U+\(String(v, radix: 16))")
        }
    }

    /// Text put at once (its ASCII and product dots copied in a run, `Canvas.putSimple`) is the text put a grapheme
    /// at a time: clipped at either edge, over wide characters it cuts, with graphemes that send it the slow way.
    @Test func textPutAtOnceIsTheTextPutCharacterByCharacter() {
        var r = SplitMix(seed: 31)
        let pieces = ["a", "7", " ", "⋅", "(-2)", " + ", "中", "·", "e\u{301}", "🙂", "─", "x⋅w", "⋅⋅"]
        for _ in 0..<3000 {
            let width = 1 + r.below(30)
            var base = Canvas(width: width, height: 1)
            for _ in 0..<r.below(5) { base.put(r.below(width + 2) - 1, 0, r.pick(["中", "文", "x", "⋅"]), .dim) }
            let text = (0..<r.below(9)).map { _ in r.pick(pieces) }.joined()
            let x = r.below(width + 6) - 3
            var once = base
            let end = once.put(x, 0, text, .tap)
            // Its bytes put (a sum's row, `LineText.utf8`) are the text put.
            var bytes = base
            #expect(bytes.put(x, 0, utf8: Array(text.utf8), .tap) == end && bytes == once, "\(width) \(x): \(text)")
            var each = base
            var col = x
            for ch in text where displayWidth(ch) > 0 {
                each.put(col, 0, String(ch), .tap)
                col += displayWidth(ch)
            }
            #expect(once == each && end == col, "\(width) \(x): \(text)")
        }
    }

    @Test func wrapMatchesThePlainBreaker() {
        var r = SplitMix(seed: 9)
        for _ in 0..<3000 {
            let text = narration(&r)
            let width = 1 + r.below(40)
            #expect(wrap(text, width: width) == wrap(text, width: width, plain: true), "\(width): \(text)")
        }
    }

    /// Sums as the lenses write them (`out[0][1,2] = 1⋅(-2) + …`), with odd ones among them: " + + ", several
    /// " = ", no terms, a Chinese prefix, prose.
    func sum(_ r: inout SplitMix) -> String {
        let prefixes = ["out[0][1,2] = ", "out[3,4] = ", "通道 2：", "", "a = b = ", " + "]
        let numbers = ["0", "1", "9", "12", "(-2)", "(-15)", "0.5", "(-0.25)", "1e-7", "123456789"]
        var text = r.pick(prefixes)
        for i in 0..<r.below(60) {
            if i > 0 { text += r.pick([" + ", " + ", " + ", " + + ", " = ", "+", " ＋ "]) }
            text += r.pick(numbers) + r.pick(["⋅", "·", "×"]) + r.pick(numbers)
        }
        text += r.pick(["", " + …", " + (-1)"]) + r.pick([" = 17", " = -51", " = 3 so far", " （累计）", ""])
        return text
    }

    /// Sums, and strings of the characters that make them, in any order (" = + ", "  + = ", …).
    @Test func wrapTermsMatchesThePlainCut() {
        var r = SplitMix(seed: 2026)
        let alphabet = [" ", " ", " ", "+", "=", "1", "⋅", "中", "(", "-"]
        for k in 0..<6000 {
            let text = k % 2 == 0 ? sum(&r) : (0..<r.below(80)).map { _ in r.pick(alphabet) }.joined()
            let (width, indent) = (1 + r.below(120), r.below(9))
            #expect(
                wrapTerms(text, width: width, indent: indent)
                    == wrapTerms(text, width: width, indent: indent, plain: true), "\(width) \(indent): \(text)")
            // The widths the wrap gives with its lines are theirs.
            let (lines, widths) = measuredTerms(text, width: width, indent: indent)
            if let widths { #expect(widths == lines.map(displayWidth), "\(width) \(indent): \(text)") }
        }
    }

    /// A sum kept as its bytes (`GridLook(utf8:)`) wraps to the rows its text wraps to (`wrappedLine`), cut to the
    /// same few rows with the same " + … = v": sums as written (their products noted, `SumParts`) and odd ones.
    @Test func sumRowsAsBytesAreTheSumRowsAsText() {
        var r = SplitMix(seed: 1130)
        let values: [Double] = [0, 1, 7, -1, -2, 12, -15, 0.5, 123_456, -234_567.890_123]
        for k in 0..<4000 {
            var text: String
            var parts: SumParts?
            if k % 2 == 0 {
                text = sum(&r)
            } else {
                var s = TextBytes(capacity: 8)
                s.append(r.pick(["out[0][0,44] = W row 0 ⋅ P column 44 = ", "输出[1,2] = ", "y = ", "a = b = "]))
                let pairs = (0..<r.below(200)).map { _ in (x: r.pick(values), w: r.pick(values)) }
                s.append(products: pairs, columns: r.below(4) == 0 ? 40 + r.below(400) : .max, notingSum: true) { $0 }
                if r.below(2) == 0 {
                    s.append(" + ")
                    s.append(term: r.pick(values))
                }
                s.append(" = ")
                s.append(number: r.pick(values))
                (text, parts) = (s.string, pairs.isEmpty ? nil : s.sumParts)
            }
            let (width, height) = (1 + r.below(200), 10 + r.below(40))
            let most: Int? = r.below(3) == 0 ? nil : 1 + r.below(4)
            let rows = wrappedRows(
                GridLook(utf8: Array(text.utf8), style: .formula), width: width, height: height, most: most,
                parts: parts)
            let expected = wrappedLine(
                GridLook(text: text, style: .formula), width: width, height: height, most: most, parts: parts)
            #expect(rows.map(\.string) == expected, "\(width) \(height) \(String(describing: most)): \(text)")
            // The products' region cut from where they were written is the text cut from its bytes.
            if let parts {
                #expect(
                    measuredTerms(text, width: width, indent: sumIndent, parts: parts).lines
                        == measuredTerms(text, width: width, indent: sumIndent).lines, "\(width): \(text)")
            }
        }
    }

    /// A sum cut to its first rows ends with its whole result (`… = v`) inside the width, whatever its terms' widths:
    /// a first term too wide for the room left is cut before its " = ", a row of the word-wrap fallback loses its
    /// trailing sign (never "+ + …"), a row with nothing left to drop is its indent and the result.
    @Test func aCutSumKeepsItsWholeResult() {
        var r = SplitMix(seed: 4242)
        let numbers = ["1", "(-2)", "0.125", "(-234567.890123)", "12345.678", "(-0.001)", "999999999999"]
        for _ in 0..<4000 {
            var text = r.pick(["out[0][4,6] = W row 0 ⋅ P column 38 = ", "out[1,2] = ", "ch 3: ", "输出[1,2] = "])
            for i in 0..<(2 + r.below(40)) {
                text += (i > 0 ? " + " : "") + r.pick(numbers) + "⋅" + r.pick(numbers)
            }
            let result = r.pick(["17", "-103", "2248437562556.6", "999976046227", "-0.5"])
            text += " = " + result
            let (width, height) = (20 + r.below(100), 10 + r.below(40))
            let most = 1 + r.below(4)
            let look = GridLook(text: text, style: .formula)
            let rows = wrappedLine(look, width: width, height: height, most: most)
            let bytes = wrappedRows(
                GridLook(utf8: Array(text.utf8), style: .formula), width: width, height: height, most: most)
            #expect(bytes.map(\.string) == rows, "\(width) \(most): \(text)")
            #expect(rows.allSatisfy { !$0.contains("+ +") }, "\(width) \(most): \(text)")
            guard rows.count == most, rows.last?.hasSuffix(" = " + result) == true, rows.last?.contains("…") == true
            else { continue }
            #expect(rows.last!.hasSuffix("… = " + result), "\(width) \(most): \(text)")
            if displayWidth("… = " + result) <= width {
                #expect(displayWidth(rows.last!) <= width, "\(width) \(most): \(text) → \(rows)")
            }
        }
    }

    @Test func productsAreTheTermsJoined() {
        var r = SplitMix(seed: 7)
        let values: [Double] = [
            0, -0.0, 1, -1, 9, -10, 99, 12_345, 999_999_999_999_999, -999_999_999_999_999, 1e15, -1e15, 0.5, -0.25,
            1e-7, 2.5e20, .infinity, -.infinity, .nan,
        ]
        for _ in 0..<500 {
            let pairs = (0..<r.below(60)).map { _ in (x: r.pick(values), w: r.pick(values)) }
            var bytes = TextBytes(capacity: r.below(40))
            bytes.append("out = ")
            bytes.append(products: pairs) { $0 }
            bytes.append(" = ")
            bytes.append(number: pairs.first?.x ?? 3)
            let expected =
                "out = " + pairs.map { term($0.x) + "⋅" + term($0.w) }.joined(separator: " + ") + " = "
                + Num.display(pairs.first?.x ?? 3)
            #expect(bytes.string == expected)
        }
    }

    @Test func numbersAndListsAreWhatNumDisplayWrites() {
        let values: [Double] = [0, -0.0, 7, -7, 1e15 - 1, 1e15, 0.1 + 0.2, -6.17e-20, .nan]
        var bytes = TextBytes(capacity: 1)
        bytes.append(list: values)
        bytes.append(1_234)
        bytes.append(-5)
        #expect(bytes.string == values.map(Num.display).joined(separator: ", ") + "1234-5")
        for v in values { #expect(Num.displayWidth(v) == Num.display(v).utf8.count) }
    }
}
