import Animator
import ConvModel
import ScenarioFormat
import Testing

/// Snapshots of representative screens (text, then style runs), each also checked by hand for its key strings so
/// that a wrong re-record is caught.
@Suite struct SnapshotTests {
    /// Scenario `prefix` in `view` (its first view when nil) at 1-based step `step` (0 = the last).
    func frame(_ prefix: String, view: LensName? = nil, step: Int, tapMode: Bool = false) -> State {
        var s = opened(prefix)
        if let view { s.view = view }
        s.tapMode = tapMode
        let count = timeline(s).count
        s.step = step == 0 ? count - 1 : step - 1
        #expect(s.step < count)
        return s
    }

    func draw(_ s: State, width: Int = 80, height: Int = 24, ascii: Bool = false) -> Canvas {
        render(s, deck: catalogDeck, width: width, height: height, options: RenderOptions(ascii: ascii))
    }

    /// The style runs that mark `style` on row `y`.
    func runs(_ c: Canvas, _ style: Style) -> [String] { c.styleRuns.filter { $0.hasSuffix(" " + style.name) } }

    /// How often `needle` occurs in the canvas text (in rows `rows` only, when given).
    func occurrences(_ needle: String, in c: Canvas, rows: ClosedRange<Int>? = nil) -> Int {
        let text = rows.map { $0.map(c.line).joined(separator: "\n") } ?? c.text
        return text.components(separatedBy: needle).count - 1
    }

    /// The canvas text as one line with runs of spaces collapsed, for finding prose that wraps.
    func prose(_ c: Canvas) -> String {
        c.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test func conv06Step5() {
        let c = draw(frame("06", step: 5))
        assertSnapshot(c, named: "conv-06-step5")
        #expect(c.text.contains("out[1,1] = 0⋅0 + 1⋅1 + 3⋅2 + 1⋅2 + 2⋅2 + 2⋅0 + 0⋅0 + 0⋅1 + 2⋅2 = 17"))
        #expect(c.text.contains("W2 = ⌊(W1 + 2P − F)/S⌋ + 1 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3"))
        #expect(c.line(0).hasPrefix(" convlens · Padding 1, stride 2") && c.line(0).hasSuffix("step 5/9 ‖"))
        #expect(c.text.contains("input 5×5 + padding 1"))
        // The window's nine cells are marked as taps, the output cell being computed as current.
        #expect(runs(c, .tap).count >= 3)
        #expect(!runs(c, .current).isEmpty)
        #expect(c.line(c.height - 1).contains("Tab taps"))
    }

    @Test func dilation08Step2() {
        let c = draw(frame("08", step: 2))
        assertSnapshot(c, named: "dilation-08-step2")
        // A 3×3 kernel with dilation 2 is drawn as the sparse 5×5 grid it reads: 16 of its cells are holes (∘).
        // On the input, the cells under the holes keep their numbers in the hole style, with no mark between
        // cells that could read as an operator.
        #expect(occurrences("∘", in: c, rows: 3...7) == 16)
        #expect((3...7).allSatisfy { !c.line($0).prefix(18).contains("∘") })
        #expect(c.line(3).contains("1 ∘ 0 ∘ 2"))
        #expect(prose(c).contains("Holes (∘) are skipped"))
        #expect(!runs(c, .hole).isEmpty)
        #expect(c.text.contains("step 2/9"))
    }

    @Test func uncovered07() {
        let c = draw(frame("07", step: 1))
        assertSnapshot(c, named: "uncovered-07")
        #expect(occurrences("×", in: c) >= 2)  // a never-covered row and column are marked
        #expect(!runs(c, .uncovered).isEmpty)
        #expect(c.text.contains("input 6×6"))
    }

    @Test func channels09() {
        let c1 = draw(frame("09", step: 1))
        assertSnapshot(c1, named: "channels-09-step1")
        for ch in 0..<3 { #expect(c1.text.contains("channel \(ch)")) }
        // "3-D in, one channel out": a partial-sum map per channel, their sum, then the output.
        #expect(c1.text.contains("ch 0 partial") && c1.text.contains("ch 2 partial") && c1.text.contains("Σ channels"))
        #expect(c1.text.contains("[ 7]"))  // channel 0's partial at the first window
        #expect(c1.text.contains("step 1/45"))

        let c4 = draw(frame("09", step: 4))
        assertSnapshot(c4, named: "merge-09-step4")
        #expect(c4.text.contains("merge: 7 + 5 + 7 = 19"))
        #expect(c4.text.contains("[ ?]") || c4.text.contains("[?]"))  // not written yet

        let c5 = draw(frame("09", step: 5))
        assertSnapshot(c5, named: "bias-09-step5")
        #expect(c5.text.contains("= 20"))
        #expect(c5.text.contains("+ bias 1 →"))
        #expect(c5.text.contains("[19]") && c5.text.contains("[20]"))  // the sum, then the output with the bias
    }

    /// ASCII mode keeps the paging marker and the sum map readable: no glyph falls back to "?".
    @Test func asciiPagingAndSumMap() {
        let c = draw(frame("09", step: 7), ascii: true)
        #expect(c.text.contains("v PgDn: more (1/"))
        #expect(c.text.contains("S channels"))
        #expect(c.text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func filters10() {
        let c = draw(frame("10", step: 4))
        assertSnapshot(c, named: "filters-10-step4")
        #expect(c.text.contains("D2 = K = 3"))
        for k in 0..<3 { #expect(c.text.contains("out ch \(k)")) }
    }

    @Test func weights12() {
        let s = frame("12", step: 1)
        #expect(s.view == .weights)
        let c = draw(s)
        assertSnapshot(c, named: "weights-12")
        #expect(c.text.contains("= 20"))
        #expect(c.text.contains("= 1184"))
        // The sharing made visible: the output cell's weights over the whole input (a row of a dense layer), the
        // kernel's nine lit at the window and 0 elsewhere; one step on, the same nine one column further right.
        #expect(c.text.contains("weights of out[0][0,0]") && c.text.contains("9 shared, rest 0"))
        #expect(c.text.contains("dense: 36 own"))
        #expect(c.line(3).contains("-1  0  1  0  0  0"))
        var next = s
        next.step += 1
        let c2 = draw(next)
        #expect(c2.text.contains("weights of out[0][0,1]") && c2.line(3).contains(" 0 -1  0  1  0  0"))
    }

    @Test func field11Step3() {
        let s = frame("11", step: 3)
        #expect(s.view == .field)
        let c = draw(s)
        assertSnapshot(c, named: "field-11-step3")
        #expect(c.text.contains("layer 3 ● · · · ● · · · ● 7 + (3 − 1)⋅4 = 15"))
        #expect(c.text.contains("layer 3       ● ● ●       5 + (3 − 1) = 7"))
        #expect(c.text.contains("linear: (F − 1)⋅layers + 1 = 2⋅3 + 1 = 7"))
        #expect(c.text.contains("exponential: 2^(layers+1) − 1 = 2^4 − 1 = 15"))
        #expect(c.text.contains("each layer: RF = RF_prev + (F − 1)⋅d"))
        #expect(c.text.contains("step 3/3"))
        #expect(c.line(23).contains("Tab swap stacks"))
        // Each stack has one style: its square's title and cells, and every line of its breakdown.
        #expect(runs(c, .receptive).contains { $0.hasPrefix("2 1+") })  // the square's title
        #expect(runs(c, .receptive).contains { $0.hasPrefix("4 34+") })  // its breakdown row
        #expect(runs(c, .compare).contains { $0.hasPrefix("10 34+") })  // the plain stack's row
    }

    /// The per-layer breakdown at 80×24 in Chinese, and Tab putting the plain stack in front (its square shown).
    @Test func field11BreakdownZhAndTab() {
        var s = frame("11", step: 2)
        s.language = .zh
        let zh = draw(s)
        assertSnapshot(zh, named: "field-11-step2-zh")
        #expect(zh.text.contains("第 2 层     ● · ● · ●     3 + (3 − 1)⋅2 = 7"))
        #expect(zh.text.contains("线性增长：(F − 1)⋅层数 + 1 = 2⋅2 + 1 = 5"))
        #expect(zh.text.contains("每层：RF = RF_前 + (F − 1)⋅d"))
        #expect(zh.line(23).contains("Tab 交换两组"))
        let tab = draw(after(frame("11", step: 2), [.tabPressed]))
        assertSnapshot(tab, named: "field-11-step2-tab")
        #expect(tab.line(2).hasPrefix(" plain 3×3, 2 layers: 5×5"))
        #expect(tab.line(3).contains("plain 3×3"))
        #expect(runs(tab, .compare).contains { $0.hasPrefix("2 1+") })
        #expect(tab.line(0).contains("RF 7 vs 5"))  // the scenario's stack first, whichever is in front
    }

    @Test func scatter14() {
        let c2 = draw(frame("14", step: 2))
        assertSnapshot(c2, named: "scatter-14-step2")
        #expect(c2.text.contains("in[0,1] = 2"))
        #expect(c2.text.contains("step 2/10"))

        let last = draw(frame("14", step: 0))
        assertSnapshot(last, named: "scatter-14-last")
        #expect(last.text.contains("step 10/10"))
        #expect(!runs(last, .cropped).isEmpty)

        let up = draw(frame("14", view: .upsample, step: 0))
        assertSnapshot(up, named: "upsample-14-last")
        #expect(prose(up).contains("The same numbers as the scatter view"))
        #expect(up.text.contains("step 25/25"))
        #expect(up.text.contains("flipped"))
        // Both views end on the same 5×5 result (the upsample view's last cell is bracketed as current).
        let output = catalogDeck.slides[index("14")].output
        for r in 0..<5 {
            let row = (0..<5).map { Num.format(output[0, r, $0]) }.joined(separator: " ")
            #expect(last.text.contains(row), "scatter output row \(r)")
            if r < 4 { #expect(up.text.contains(row), "upsample output row \(r)") }
        }
        #expect(up.text.contains("2 0 1 0[0]"))
    }

    /// The kernel before and after the flip, side by side; 14's kernel is asymmetric, so the flip shows.
    @Test func upsample14Flip() {
        let c = draw(frame("14", view: .upsample, step: 1))
        assertSnapshot(c, named: "upsample-14-step1")
        #expect(c.text.contains("kernel 3×3  kernel 3×3 flipped"))
        #expect(c.line(3).contains("1 0 2       1 0 1"))  // row 0 as stored; the flipped row 0 is row 2 reversed
        #expect(c.line(5).contains("1 0 1       2 0 1"))
        #expect(prose(c).contains("The kernel is flipped (turned 180°)"))
    }

    /// im2col: the window's column of P, the filter's row of W and the output cell, all on out[1,1] = 17.
    @Test func im2col06Step5() {
        let c = draw(frame("06", view: .im2col, step: 5))
        assertSnapshot(c, named: "im2col-06-step5")
        #expect(c.text.contains("patch matrix P 9×9"))
        #expect(c.text.contains("kernel rows W 1×9"))
        #expect(c.text.contains("[0 1 2 2 2 0 0 1 2]"))
        #expect(c.text.contains("6 17  3  8[17] .  .  .  ."))
        #expect(prose(c).contains("out[1,1] = W row 0 ⋅ P column 4 = 0⋅0 + 1⋅1 + 2⋅3"))
        #expect(prose(c).contains("= 17"))
        // The first window's column: its padding taps read 0 in the padding style.
        #expect(!runs(draw(frame("06", view: .im2col, step: 1)), .paddingTap).isEmpty)
        let zh = draw(after(frame("06", view: .im2col, step: 5), [.languagePressed]))
        assertSnapshot(zh, named: "im2col-06-step5-zh")
        #expect(zh.text.contains("图块矩阵 P 9×9"))
    }

    /// The checkerboard of kernel 3, stride 2: counts 1, 2, 4; per axis 1, 1, 2, 1, 2, 1, 1; uneven.
    @Test func checkerboard17() {
        let c = draw(frame("17", step: 4))
        assertSnapshot(c, named: "checkerboard-17-step4")
        #expect(c.text.contains("┌2 2 3┐1 2 1 1"))  // the stamp of in[1,0] lands on rows 2–4, columns 0–2
        #expect(c.text.contains("in[1,0] stamps the 3×3 kernel: +1 on rows 2–4, columns 0–2"))
        let last = draw(frame("17", step: 0))
        assertSnapshot(last, named: "checkerboard-17-last")
        #expect(occurrences("2 2 4 2 4 2 2", in: last) == 2)
        #expect(last.text.contains("1 1 2 1 2 1 1"))
        #expect(last.text.contains("out[2,2]: 2 (row) × 2 (column) = 4 contributions, the most"))
        #expect(prose(last).contains("uneven: F = 3 is not a multiple of S = 2 → checkerboard"))
        #expect(!runs(last, .overlap).isEmpty && !runs(last, .scatter).isEmpty)  // 4 and 2 marked, 1 plain
        let even = draw(frame("18", step: 0))
        assertSnapshot(even, named: "checkerboard-18-last")
        #expect(even.text.contains("2 4 4 4 4 2"))
        #expect(prose(even).contains("even: F = 4 is a multiple of S = 2"))
    }

    @Test func outputPadding15Final() {
        let c = draw(frame("15", step: 0))
        assertSnapshot(c, named: "output-padding-15-last")
        #expect(c.text.contains("3×3 → 6×6"))
        #expect(c.text.contains("output_padding 1 kept"))
        #expect(c.text.contains("+ 1 + 1 = 6"))
        #expect(c.text.contains("step 10/10"))
    }

    @Test func picker() {
        let c = draw(after(State(), [.pickerMoved(5)]))
        assertSnapshot(c, named: "picker")
        #expect(c.text.contains("Choose a scenario:"))
        #expect(c.line(0).hasSuffix("\(catalogDeck.slides.count) scenarios"))
        let row = c.text.components(separatedBy: "\n").first { $0.hasPrefix("▶") }
        #expect(row?.contains("06  Padding 1, stride 2") == true)
        #expect(runs(c, .selected).count >= 1)
    }

    @Test func helpOverlay() {
        let c = draw(after(frame("06", step: 5), [.helpPressed]))
        assertSnapshot(c, named: "help")
        #expect(c.text.contains("close this help"))
        #expect(c.text.contains("─ keys ─"))
        #expect(c.text.contains("Ctrl-C"))

        let zh = draw(after(frame("06", step: 5), [.languagePressed, .helpPressed]))
        assertSnapshot(zh, named: "help-zh")
        #expect(zh.text.contains("关闭帮助"))
    }

    @Test func tooSmall() {
        let c = draw(frame("06", step: 5), width: 40, height: 10)
        assertSnapshot(c, named: "too-small-40x10")
        #expect(c.text.contains("enlarge to at least 60×18"))
        #expect(c.text.contains("(now 40×10)"))
        // The smallest size that draws the player.
        #expect(draw(frame("06", step: 5), width: 60, height: 18).text.contains("out[1,1]"))
    }

    @Test func large120x40() {
        let c = draw(frame("16", view: .upsample, step: 0), width: 120, height: 40)
        assertSnapshot(c, named: "upsample-16-last-120x40")
        #expect(c.width == 120 && c.height == 40)
        #expect(c.line(0).hasSuffix("‖") && c.line(0).count > 80)
        #expect(c.line(39).contains("q quit"))
        #expect(c.text.contains("out[1][3,3] = 2 + bias 1 = 3"))
        #expect(c.text.contains("D2 = K = 2"))
        #expect(c.text.contains("2 3 2[3]"))
    }

    @Test func chinese() {
        let s = after(frame("06", step: 5), [.languagePressed])
        #expect(s.language == .zh)
        let c = draw(s)
        assertSnapshot(c, named: "zh-06-step5")
        #expect(c.text.contains("填充 1，步长 2"))
        #expect(c.text.contains("out[1,1] = 0⋅0 + 1⋅1 + 3⋅2 + 1⋅2 + 2⋅2 + 2⋅0 + 0⋅0 + 0⋅1 + 2⋅2 = 17"))
        #expect(c.text.contains("退出"))
    }

    @Test func ascii() {
        let c = draw(frame("06", step: 5), ascii: true)
        assertSnapshot(c, named: "ascii-06-step5")
        #expect(c.text.allSatisfy { $0.isASCII })
        #expect(c.text.contains("out[1,1] = 0*0 + 1*1 + 3*2 + 1*2 + 2*2 + 2*0 + 0*0 + 0*1 + 2*2 = 17"))
        // Floor brackets would read as [x]: ASCII writes floor(x).
        #expect(c.text.contains("W2 = floor((W1 + 2P - F)/S) + 1 = floor((5 + 2*1 - 3)/2) + 1 = 3"))
        // The ASCII canvas keeps the layout: every row but the title, the formula and the key bar (where arrows
        // are written out) has the same width as the Unicode one.
        let u = draw(frame("06", step: 5))
        #expect(c.line(0).contains("5x5 -> 3x3"), "the shapes' arrow is written out, not '5x5-> 3x3'")
        for y in 0..<c.height where !c.line(y).contains("W2 =") && y > 0 && y < c.height - 1 {
            #expect(c.line(y).count == displayWidth(u.line(y)), "row \(y)")
        }
        // A zh state still draws English in ASCII mode.
        #expect(draw(after(frame("06", step: 5), [.languagePressed]), ascii: true).text.contains("Padding 1, stride 2"))
    }

    /// Every frame of every scenario's first and last step, in every view, is pure ASCII in ASCII mode.
    @Test func asciiEverywhere() {
        for (i, slide) in catalogDeck.slides.enumerated() {
            for view in slide.views {
                for step in [0, Timeline.make(slide, view: view, tapMode: false).count - 1] {
                    var s = reduce(State(), .pickerClicked(row: i), deck: catalogDeck).state
                    s.view = view
                    s.step = step
                    let text = draw(s, ascii: true).text
                    #expect(
                        text.allSatisfy { $0.isASCII },
                        "\(slide.name) \(view) step \(step + 1): \(text.filter { !$0.isASCII }.prefix(5))")
                }
            }
        }
        #expect(draw(after(State(), [.helpPressed]), ascii: true).text.allSatisfy { $0.isASCII })
    }
}
