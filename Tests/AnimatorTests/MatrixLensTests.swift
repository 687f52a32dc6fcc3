import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// The matrix view: snapshots of a direct and a transposed scenario, its numbers against the layer's, and its
/// backward pass (Tab) on every catalog scenario (the catalog sweep covers the forward steps).
@Suite struct MatrixLensTests {
    func frame(_ prefix: String, step: Int, backward: Bool = false) -> State {
        var s = opened(prefix)
        s.view = .matrix
        s.tapMode = backward
        s.step = step
        return s
    }

    func draw(_ s: State, width: Int = 80, height: Int = 24, ascii: Bool = false) -> Canvas {
        render(s, deck: catalogDeck, width: width, height: height, options: RenderOptions(ascii: ascii))
    }

    @Test func direct06() {
        let c = draw(frame("06", step: 4))
        assertSnapshot(c, named: "matrix-06-step5")
        #expect(c.line(0).hasSuffix("step 5/9 ‖"))
        #expect(c.text.contains("C 9×25, y = C⋅x + b"))
        // x on top (the input row by row), the current row bracketed, y at the right.
        #expect(c.text.contains("3 3 2 1 0 0 0 1 3 1 3 1 2 2 3 2 0 0 2 2 2 0 0 0 1"))
        #expect(c.text.contains("[· · · · · · 0 1 2 · · 2 2 0 · · 0 1 2 · · · · · ·] 17"))
        #expect(c.text.contains("out[1,1] = 0⋅0 + 1⋅1 + 2⋅3 + 2⋅1 + 2⋅2 + 0⋅2 + 0⋅0 + 1⋅0 + 2⋅2 = 17"))
        #expect(c.text.contains("8[17]13"))
        #expect(c.line(c.height - 1).contains("Tab gradient"))
    }

    @Test func transposed14() {
        let c = draw(frame("14", step: 4))
        assertSnapshot(c, named: "matrix-14-step5")
        #expect(c.text.contains("C 9×25: conv 5×5 → 3×3"))
        #expect(c.text.contains("Cᵀ 25×9, y′ = Cᵀ⋅x′ + b"))
        #expect(c.text.contains("✓ The same numbers as the scatter view."))
        #expect(c.text.contains("out[0,4] = 1⋅1 = 1"))
    }

    @Test func backward06AndAscii() {
        let c = draw(frame("06", step: 12, backward: true))
        #expect(c.text.contains("Cᵀ 25×9, ∂L/∂in = Cᵀ⋅g (g = 1)"))
        // Stride 2: one window reads input [2,2], with its weight 2 (the kernel's centre).
        #expect(c.text.contains("∂L/∂in[2,2] = 2⋅1 = 2"))
        #expect(c.line(0).contains("step 13/25"))
        let a = draw(frame("14", step: 4), ascii: true)
        #expect(a.text.contains("CT 25x9, y' = CT*x' + b"))
        #expect(a.text.allSatisfy { $0.isASCII })
    }

    /// Every row the view shows is the layer's output cell, exactly (decimals too): the tail of the matrix.
    @Test func rowsAreTheOutput() {
        for slide in catalogDeck.slides {
            let m = ConvMatrix(slide.layer)
            #expect((0..<m.rowCount).map { m.product(row: $0) } == slide.output.values, "\(slide.name)")
        }
    }

    /// Beyond the exact range (binary floating point) a row's sum forward is the output cell itself, the number the
    /// output grid shows (the row's own order of addition rounded some last digits apart), and a transposed layer's
    /// line says its numbers are the scatter view's.
    @Test func rowsBeyondTheExactRangeAreTheOutput() throws {
        // n×n numbers f(0), f(1), … as nested JSON rows.
        func square(_ n: Int, _ f: (Int) -> Double) -> String {
            "["
                + (0..<n).map { r in "[" + (0..<n).map { "\(f(r * n + $0))" }.joined(separator: ", ") + "]" }
                .joined(separator: ", ") + "]"
        }
        // Three channels in, three filters (a 3×3×3×3 kernel reads the same either way round).
        func stack(_ n: Int, _ f: (Int) -> String) -> String {
            "[" + (0..<n).map(f).joined(separator: ", ") + "]"
        }
        let input = stack(3) { c in square(4) { Double(($0 + 16 * c) * 37 % 23) * 12_345.678_9 - 98_765.432_1 } }
        let kernel = stack(3) { k in
            stack(3) { c in square(3) { Double(($0 + 9 * c + 27 * k) * 11 % 13) * 0.123_456_789 - 0.7 } }
        }
        var differed = 0
        for op in ["conv", "transposed"] {
            let json =
                #"{"title": "t", "op": "\#(op)", "input": \#(input), "kernel": \#(kernel), "bias": [0.1, -0.3, 7.5]}"#
            let slide = Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")
            #expect(!slide.layer.arithmetic.isExact)
            let line = Timeline.make(slide, view: .matrix, tapMode: false)
            let own = ConvMatrix(slide.layer)
            for step in 0..<line.count {
                let m = MatrixStep(Frame(slide: slide, timeline: line, step: step, language: .en))
                #expect(m.product(m.row) == slide.output.values[m.row], "\(op) \(step)")
                if own.product(row: m.row) != slide.output.values[m.row] { differed += 1 }
            }
            if op == "transposed" { #expect(MatrixCheck.shared.agrees(slide)) }
        }
        #expect(differed > 0)  // the layers test what they should: some rows' own order rounds apart
    }

    /// The backward pass fits, in both languages and both sizes, on every step of every catalog scenario.
    @Test(arguments: [Language.en, .zh])
    func backwardEverywhere(_ language: Language) {
        var problems: [String] = []
        for i in catalogDeck.slides.indices {
            var s = reduce(State(language: language), .pickerClicked(row: i), deck: catalogDeck).state
            s.view = .matrix
            s.tapMode = true
            for step in 0..<timeline(s).count {
                s.step = step
                for (w, h) in [(80, 24), (120, 40)] {
                    let text = render(s, deck: catalogDeck, width: w, height: h).text
                    if text.contains("enlarge") || text.contains("放大") {
                        problems.append("\(catalogDeck.slides[i].name) step \(step + 1) \(w)×\(h)")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    /// The matrix pages over its rows and the im2col view's P over its columns, as the window lens's input does:
    /// the viewport stays put while the current row (column) is in it, so a step redraws what changed, not a
    /// viewport moved by a row. Centred, it moved on every step.
    @Test func theMatrixAndPPageWithTheCurrentRowAndColumn() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 1, height: 12, width: 12, repeating: 1),
            kernel: Tensor4(filters: 1, channels: 1, height: 3, width: 3, values: .init(repeating: 1, count: 9)),
            spec: ConvSpec())
        let deck = Deck([Slide(Scenario.build(layer, title: Localized(en: "pages")), name: "pages")])
        for (view, pattern) in [(LensName.matrix, /rows \d+–\d+\/100/), (.im2col, /cols \d+–\d+\/100/)] {
            var state = State(screen: .player)
            state.view = view
            var notes: [String] = []
            for step in 0..<60 {
                state.step = step
                let text = render(state, deck: deck, width: 100, height: 30).text
                notes.append(text.firstMatch(of: pattern).map { String($0.output) } ?? "")
            }
            let moves = zip(notes, notes.dropFirst()).filter { $0 != $1 }.count
            #expect(!notes.contains("") && moves > 0 && moves <= 6, "\(view): \(notes)")
        }
    }

    /// Paged, the columns the current row reads stay in view, also when they span an even number of columns (a 2×2
    /// kernel reads columns p, p + 1, p + 6, p + 7): the four x entries above them are lit on every step.
    @Test func theReadColumnsStayInViewWhenTheirSpanIsEven() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 1, height: 6, width: 6, values: (0..<36).map { Double($0 % 9) }),
            kernel: Tensor4(filters: 1, channels: 1, height: 2, width: 2, values: [2, 3, 1, 1]), spec: ConvSpec())
        let deck = Deck([Slide(Scenario.build(layer, title: Localized(en: "even")), name: "even")])
        var state = State(screen: .player)
        state.view = .matrix
        for step in 0..<25 {
            state.step = step
            let canvas = render(state, deck: deck, width: 70, height: 24)
            // The x row is the one under the matrix's title; its lit entries are runs of `.tap` cells.
            let title = try #require(canvas.text.split(separator: "\n").firstIndex { $0.contains("C 25×36") })
            var runs = 0
            for x in 0..<canvas.width where canvas.style(x, title + 1) == .tap {
                if x == 0 || canvas.style(x - 1, title + 1) != .tap { runs += 1 }
            }
            #expect(runs == 4, "step \(step):\n\(canvas.text)")
        }
    }

    /// A multi-channel layer's row reads columns H⋅W apart, a span wider than the viewport: the pages keep the first
    /// column read in view (`Grid.detail`), not the middle of the span, which falls between the reads — there the
    /// current row showed nothing but zeros (a 16×64×64 layer's row: columns 30,901–30,927, none read).
    @Test func aRowReadingFarApartShowsItsWeights() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 2, height: 12, width: 12, values: (0..<288).map { Double($0 % 7) }),
            kernel: Tensor4(filters: 1, channels: 2, height: 3, width: 3, values: .init(repeating: 2, count: 18)),
            spec: ConvSpec())
        let deck = Deck([Slide(Scenario.build(layer, title: Localized(en: "far")), name: "far")])
        var state = State(screen: .player)
        state.view = .matrix
        for step in [0, 1, 2, 9, 10, 11, 40, 99] {
            state.step = step
            let canvas = render(state, deck: deck, width: 80, height: 24)
            let lines = canvas.text.split(separator: "\n", omittingEmptySubsequences: false)
            let title = try #require(lines.firstIndex { $0.contains("C 100×288") })
            // The span is wider than the viewport: the test is about the paged case.
            #expect(canvas.text.contains(/cols \d+–\d+\/288/), "step \(step):\n\(canvas.text)")
            let lit = (0..<canvas.width).filter { canvas.style($0, title + 1) == .tap }.count
            // The current row, bracketed, holds a weight (2) among its zeros (·).
            let row = try #require(lines.first { $0.hasPrefix(" [") })
            let bracketed = row.drop { $0 != "[" }.prefix { $0 != "]" }
            #expect(lit > 0 && bracketed.contains("2"), "step \(step):\n\(canvas.text)")
        }
    }

    /// Cut, the im2col view's P shows the current column's first values (channel 0's window, where the input panel
    /// and the sum begin) and W the weights in the same rows' order from the first: P's middle rows (another
    /// channel's) matched nothing else on the screen.
    @Test func aCutPatchMatrixShowsTheColumnsFirstValues() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 4, height: 12, width: 12, values: (0..<576).map { Double($0 % 10) }),
            kernel: Tensor4(filters: 2, channels: 4, height: 5, width: 5, values: (0..<200).map { Double($0 % 5 - 2) }),
            spec: ConvSpec())
        let deck = Deck([Slide(Scenario.build(layer, title: Localized(en: "cut")), name: "cut")])
        var state = State(screen: .player)
        state.view = .im2col
        for step in [0, 7, 30] {
            state.step = step
            let text = render(state, deck: deck, width: 100, height: 30).text
            #expect(text.contains(/rows 0–\d+\/100 cols/), "P, step \(step):\n\(text)")
            #expect(text.contains(/\n cols 0–\d+\/100/), "W, step \(step):\n\(text)")
        }
    }
}
