import Animator
import ScenarioFormat
import TestSupport
import Testing

@Suite struct TextTests {
    @Test func displayWidthOfCharacters() {
        #expect(displayWidth(Character("a")) == 1)
        #expect(displayWidth(Character("中")) == 2)
        #expect(displayWidth(Character("，")) == 2)  // fullwidth punctuation
        #expect(displayWidth(Character("、")) == 2)
        #expect(displayWidth(Character("가")) == 2)
        #expect(displayWidth(Character("🙂")) == 2)
        for ch in "·×∘⌊⌋−→┌─│▶‖■●é" { #expect(displayWidth(ch) == 1, "\(ch)") }
        #expect(displayWidth(Character("e\u{301}")) == 1)  // a combining accent adds nothing
        #expect(displayWidth(Character("\u{7}")) == 0)
        #expect(displayWidth(Character("\u{85}")) == 0)
    }

    @Test func displayWidthOfStrings() {
        #expect(displayWidth("") == 0)
        #expect(displayWidth("out[1,1] = 17") == 13)
        #expect(displayWidth("感受野：扩张率 1、2、4") == 2 * 7 + 1 + 1 + 2 + 1 + 2 + 1)
        #expect(displayWidth("输入 5×5 + 填充 1") == 4 + 1 + 3 + 3 + 4 + 2)
    }

    /// Every line fits, and the text is unchanged apart from the breaks.
    func checkWrap(_ text: String, _ width: Int, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let lines = wrap(text, width: width)
        for l in lines { #expect(displayWidth(l) <= width, "\(l)", sourceLocation: sourceLocation) }
        #expect(
            lines.joined().filter { $0 != " " } == text.filter { $0 != " " && $0 != "\n" },
            sourceLocation: sourceLocation)
        return lines
    }

    /// Closing punctuation after closing punctuation: the last character that is not closing goes down with both
    /// (`格）。` never leaves `。` at the start of a line).
    @Test func kinsokuCarriesARunOfClosingMarks() {
        for width in 6...12 {  // narrower than a closing run and its character, the run is cut
            let lines = wrap("右移一格（步长）。再加上偏置。", width: width)
            #expect(
                lines.allSatisfy { !["。", "，", "）"].contains($0.first.map(String.init) ?? "") }, "\(width): \(lines)")
            #expect(lines.joined() == "右移一格（步长）。再加上偏置。")
        }
    }

    @Test func wrapEnglishAtSpaces() {
        #expect(checkWrap("the kernel slides over the input", 10) == ["the kernel", "slides", "over the", "input"])
        #expect(checkWrap("short", 10) == ["short"])
        #expect(checkWrap("exactly10c", 10) == ["exactly10c"])
        // A word longer than the line is cut.
        #expect(checkWrap("a verylongwordhere b", 6) == ["a", "verylo", "ngword", "here b"])
        #expect(wrap("one\ntwo three", width: 5) == ["one", "two", "three"])  // existing breaks kept
        #expect(wrap("a\n\nb", width: 5) == ["a", "", "b"])
        #expect(wrap("", width: 5) == [""])
        #expect(wrap("anything", width: 0) == [])
    }

    /// Text with graphemes of several scalars (a combining mark, an emoji with VS16, a flag, CR LF) is wrapped per
    /// grapheme, and every line is the paragraph's own bytes (a decomposed é stays decomposed).
    @Test func wrapGraphemesKeepTheirBytes() {
        #expect(wrap("cafe\u{301} au lait", width: 7) == ["cafe\u{301} au", "lait"])
        #expect(wrap("cafe\u{301} au lait", width: 7)[0].unicodeScalars.count == 8)
        #expect(wrap("a ❤️🇫🇷 b", width: 4) == ["a ❤️", "🇫🇷 b"])
        #expect(wrap("ab\r\ncd", width: 2) == ["ab\r", "cd"])
        #expect(wrap("x\u{301}y\u{301}z\u{301}", width: 2) == ["x\u{301}y\u{301}", "z\u{301}"])
        #expect(wrap("  two  spaces  ", width: 20) == ["  two  spaces  "])
        #expect(wrap("fits ⌊x⌋ exactly", width: 16) == ["fits ⌊x⌋ exactly"])
    }

    @Test func wrapCJKByDisplayWidth() {
        // Chinese has no spaces: any character may start a line; each is two columns wide.
        let text = "一圈零填充让卷积核能够到达边界上的格子"
        let lines = checkWrap(text, 10)
        #expect(lines == ["一圈零填充", "让卷积核能", "够到达边界", "上的格子"])
        // An odd width leaves a column free rather than splitting a character.
        #expect(checkWrap("卷积核在输入上滑动", 7) == ["卷积核", "在输入", "上滑动"])
        #expect(checkWrap("卷积", 2) == ["卷", "积"])
        // Narrower than one wide character: one character per line rather than none (this used to hang).
        #expect(wrap("卷积", width: 1).filter { !$0.isEmpty } == ["卷", "积"])
    }

    @Test func wrapMixedCJKAndLatin() {
        let text = "5×5 的输入得到 3×3 的输出：W2 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3。"
        for width in [12, 20, 33, 40, 78] {
            let lines = checkWrap(text, width)
            #expect(lines.count >= 2 || displayWidth(text) <= width)
            // Latin words stay whole.
            #expect(lines.contains { $0.contains("W2") })
            #expect(!lines.contains { $0.hasSuffix(" ") || $0.hasPrefix(" ") }, "\(lines)")
        }
        #expect(wrap("窗口 window 在第 2 行", width: 9) == ["窗口", "window 在", "第 2 行"])
    }

    @Test func canvasPutMeasuresWideCharacters() {
        var c = Canvas(width: 8, height: 2)
        #expect(c.put(1, 0, "中a文") == 6)
        #expect(c.line(0) == " 中a文")
        #expect(c[1, 0].text == "中" && !c[1, 0].isContinuation)
        #expect(c[2, 0].isContinuation && c[2, 0].text == "")
        #expect(c[3, 0].text == "a")
        #expect(c[4, 0].text == "文" && c[5, 0].isContinuation)
        #expect(c.put(0, 1, "ab", .emphasis) == 2)
        #expect(c.styleRuns == ["1 0+2 emphasis"])
    }

    /// A line written at once cuts the wide characters under it exactly as writing it a character at a time does
    /// (each `put` of one character checks both its neighbours; a line checks only the ends of what it covers).
    @Test func aLineWrittenAtOnceEqualsItsCharactersWrittenOneByOne() {
        var random = SplitMix(seed: 22)
        let pieces = ["a", "7", " ", "中", "文", "⋅", "░", "→", "Σ", "−", "┐"]
        for _ in 0..<400 {
            var before = Canvas(width: 9, height: 1)
            for _ in 0..<random.below(6) {
                before.put(random.below(10) - 1, 0, pieces[random.below(pieces.count)], .emphasis)
            }
            let text = (0..<random.below(8)).map { _ in pieces[random.below(pieces.count)] }.joined()
            let x = random.below(12) - 3
            var atOnce = before
            let end = atOnce.put(x, 0, text, .formula)
            var oneByOne = before
            var col = x
            for ch in text { col = oneByOne.put(col, 0, String(ch), .formula) }
            #expect(end == col)
            #expect(atOnce == oneByOne, "\(text.debugDescription) at \(x) over \(before.line(0).debugDescription)")
        }
    }

    @Test func canvasPutClips() {
        var c = Canvas(width: 5, height: 2)
        // A wide character that would straddle the right edge is not drawn; the returned column still counts it.
        #expect(c.put(0, 0, "ab中文") == 6)
        #expect(c.line(0) == "ab中")
        #expect(!c[4, 0].isContinuation && c[4, 0].text == " ")
        // Off the left edge: only what lands inside is drawn, never half a character.
        #expect(c.put(-1, 1, "中文x") == 4)
        #expect(c.line(1) == " 文x")
        #expect(c[0, 1].text == " ")
        // Rows outside the canvas are ignored.
        #expect(c.put(0, 2, "zzz") == 3)
        #expect(c.put(0, -1, "中") == 2)
        #expect(c.text == "ab中\n 文x")
        // Zero-width characters take no column.
        var d = Canvas(width: 3, height: 1)
        #expect(d.put(0, 0, "a\u{7}b") == 2)
        #expect(d.line(0) == "ab")
    }

    @Test func canvasFill() {
        var c = Canvas(width: 6, height: 1)
        c.fill(1, 0, count: 10, "─", .rule)
        #expect(c.line(0) == " ─────")
        #expect(c.styleRuns == ["0 1+5 rule"])
        c.fill(0, 0, count: 0, "x")
        #expect(c.line(0) == " ─────")
        #expect(Canvas(width: -3, height: 2).text == "\n")
    }

    /// Graphemes of several scalars are kept whole in a cell, and equal ones compare equal across canvases.
    @Test func canvasKeepsClustersOfSeveralScalars() {
        var a = Canvas(width: 8, height: 1)
        #expect(a.put(0, 0, "e\u{301}🇫🇷x中") == 6)
        #expect(a.line(0) == "e\u{301}🇫🇷x中")
        #expect(a[0, 0].text == "e\u{301}" && a.scalar(0, 0) == nil && a[1, 0].text == "🇫🇷" && a.isContinuation(2, 0))
        #expect(a.scalar(3, 0) == "x" && a.scalar(4, 0) == "中")
        var b = Canvas(width: 8, height: 1)
        b.put(0, 0, "e\u{301}🇫🇷x中")
        #expect(a == b && b.changes(since: a).isEmpty)
        b.put(1, 0, "🇩🇪")
        #expect(b.changes(since: a).map(\.columns) == [1..<3])
    }

    /// Overwriting half of a wide character clears its other half, so the row keeps its width.
    @Test func overwritingHalfAWideCharacterKeepsTheRowWidth() {
        var c = Canvas(width: 6, height: 1)
        c.put(0, 0, "中文字")
        c.put(1, 0, "|")  // over the right half of 中
        c.put(4, 0, "|")  // over the left half of 字
        #expect(c.line(0) == " |文|")
        #expect(!c[5, 0].isContinuation && c[5, 0].text == " ")
        #expect(rowWidthProblems(c).isEmpty)
        c.put(2, 0, "a")  // over the left half of 文
        #expect(c.line(0) == " |a |")
        c.put(0, 0, "中中中")
        c.put(1, 0, "文")  // straddles two wide characters
        #expect(c.line(0) == " 文 中")
        #expect(rowWidthProblems(c).isEmpty)
    }
}

/// Every class of wide or zero-width grapheme cluster is measured as a terminal draws it, and drawing them
/// never makes a row wider than the screen (issue 8).
@Suite struct ClusterWidthTests {
    static let clusters: [(String, Int)] = [
        ("🚀", 2), ("🙂", 2), ("❤️", 2), ("❤", 1), ("🇨🇳", 2), ("👨‍👩‍👧", 2), ("👍🏽", 2), ("1️⃣", 2),
        ("⌚", 2), ("⚠", 1), ("e\u{301}", 1), ("中", 2), ("Ａ", 2), ("ｱ", 1), ("가", 2), ("\u{200B}", 0),
        ("\u{301}", 0), ("𠀀", 2), ("·", 1), ("⋅", 1),
    ]

    @Test func eachClusterHasItsWidth() {
        for (text, width) in Self.clusters {
            let ch = Character(text)
            #expect(displayWidth(ch) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func aScenarioFullOfClustersStaysWithinTheScreen() throws {
        let all = Self.clusters.map(\.0).joined(separator: " ")
        let json = """
            {"title": "\(all) \(all)", "notes": "\(all) \(all) \(all)",
             "input": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], "kernel": [[[[1, 0], [0, 1]]]]}
            """
        let slide = Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")
        let deck = Deck([slide])
        for width in [60, 80, 120] {
            let state = reduce(State(), .pickerChosen, deck: deck).state
            for canvas in [
                render(state, deck: deck, width: width, height: 24),
                render(State(), deck: deck, width: width, height: 24),
            ] {
                #expect(rowWidthProblems(canvas) == [], "\(width)")
            }
            let player = render(state, deck: deck, width: width, height: 24)
            #expect(player.line(0).hasSuffix("step 1/4 ‖"), "the step counter is not overdrawn at \(width)")
        }
    }
}

/// Chinese line breaking: no line starts with closing punctuation (issue 10).
@Suite struct KinsokuTests {
    @Test func closingPunctuationStaysWithTheCharacterBefore() {
        #expect(wrap("一二三四五，六", width: 10) == ["一二三四", "五，六"])
        #expect(wrap("一二三四五。", width: 10) == ["一二三四", "五。"])
        #expect(wrap("一二三四，五", width: 10) == ["一二三四，", "五"])
        for width in 4...30 {
            let text = "卷积核在输入上滑动，每到一个位置就做一次乘加。步长是每次移动的格数；填充（padding）补零。"
            for line in wrap(text, width: width) {
                #expect(line.first.map { !"，。、；：！？）".contains($0) } ?? true, "\(width): \(line)")
                #expect(displayWidth(line) <= width)
            }
        }
    }
}

/// Text from a file never reaches the terminal as a control: bidi overrides and isolates are dropped, line and
/// paragraph separators break lines (issue 8).
@Suite struct FileTextTests {
    @Test func bidiAndSeparatorsAreNotDrawn() {
        for scalar in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029] {
            #expect(displayWidth(Character(Unicode.Scalar(UInt32(scalar))!)) == 0, "\(String(scalar, radix: 16))")
        }
        var c = Canvas(width: 10, height: 1)
        c.put(0, 0, "a\u{202E}b\u{2028}c")
        #expect(c.line(0) == "abc")
        #expect(wrap("one\u{2028}two\u{2029}three", width: 20) == ["one", "two", "three"])
    }
}
