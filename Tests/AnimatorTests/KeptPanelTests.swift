import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// Panels kept across frames (`PanelSet.add(_:state:make:)`, `PanelImages`) show what building and drawing them
/// anew shows: every step forward, then back, then jumps, of layers whose panels all show (several channels and
/// filters, the emphasis moving from channel to channel, tap mode, the bias footer, padding, dilation, the
/// transposed layer's equivalent input), in every view of each, in both languages and in ASCII, each frame compared
/// with the same frame of a new slide drawn with nothing kept.
@Suite struct KeptPanelTests {
    static func scenarios() throws -> [Scenario] {
        let layer = try ConvLayer(
            input: Tensor3(channels: 3, height: 6, width: 6, values: (0..<108).map { Double($0 * 7 % 10) }),
            kernel: Tensor4(
                filters: 2, channels: 3, height: 3, width: 3, values: (0..<54).map { Double($0 * 5 % 7) - 3 }),
            bias: [2, -1], spec: ConvSpec(padding: Padding(top: 1, bottom: 0, left: 0, right: 1), dilation: Pair(1, 2)))
        return [Scenario.build(layer, title: Localized(en: "kept"))]
            + ["09", "10", "16"].map { catalogDeck.slides[index($0)].scenario }
    }

    /// Steps 0…forward, back to 0 by twos, then jumps; the frames that differ, described.
    func walk(
        _ deck: Deck, _ view: LensName, tapMode: Bool, language: Language, ascii: Bool, width: Int, height: Int
    ) -> [String] {
        let slide = deck.slides[0]
        var state = State(screen: .player, language: language)
        state.view = view
        state.tapMode = tapMode
        let count = Timeline.make(slide, view: view, tapMode: tapMode).count
        let last = min(count - 1, 70)
        let steps = Array(0...last) + stride(from: last, through: 0, by: -2) + [last / 2, 1, last, 0, last / 3]
        let options = RenderOptions(ascii: ascii)
        for step in steps {
            state.step = step
            let kept = render(state, deck: deck, width: width, height: height, options: options)
            let fresh = FixedCells.$bypassed.withValue(true) {
                render(
                    state, deck: Deck([Slide(slide.scenario, name: "kept")]), width: width, height: height,
                    options: options)
            }
            if kept != fresh {
                return ["\(view) step \(step) tap \(tapMode) \(language):\n\(kept.text)\n\(fresh.text)"]
            }
        }
        return []
    }

    @Test func keptPanelsAreThePanelsDrawnAnew() throws {
        var walks = 0
        for scenario in try Self.scenarios() {
            let deck = Deck([Slide(scenario, name: "kept")])
            for view in deck.slides[0].views {
                for tapMode in [false, true] {
                    let problems = walk(
                        deck, view, tapMode: tapMode, language: .en, ascii: false, width: 200, height: 60)
                    #expect(problems.isEmpty, "\(problems.joined())")
                    walks += 1
                }
            }
        }
        #expect(walks >= 16)
    }

    @Test func keptPanelsFollowTheLanguageAndASCII() throws {
        let deck = Deck([Slide(try Self.scenarios()[0], name: "kept")])
        for (language, ascii) in [(Language.zh, false), (.en, true)] {
            for view in deck.slides[0].views {
                let problems = walk(
                    deck, view, tapMode: false, language: language, ascii: ascii, width: 160, height: 50)
                #expect(problems.isEmpty, "\(problems.joined())")
            }
        }
    }

    /// A body kept from the frame before (`PlacedBody`: its cells copied where its panels did not change) shows what
    /// drawing the frame anew shows when the frames between change the help shown over it, the size (a row more or
    /// less moves nothing, a column does), the language, the view, the tap mode and the step by one or by jumps.
    @Test func aBodyKeptIsTheBodyDrawnAnew() throws {
        let scenario = try Self.scenarios()[0]
        let deck = Deck([Slide(scenario, name: "kept")])
        let fresh = Deck([Slide(scenario, name: "kept")])
        var state = State(screen: .player)
        let views = deck.slides[0].views
        var problems: [String] = []
        for i in 0..<160 {
            state.step = i % 37 == 36 ? i / 3 : i / 2
            state.help = i % 23 == 22
            state.language = i % 41 < 30 ? .en : .zh
            state.view = views[i / 60 % views.count]
            state.tapMode = i % 53 > 45
            let (width, height) = [(200, 60), (200, 60), (200, 61), (199, 60)][i % 11 < 8 ? 0 : i % 4]
            let ascii = i % 67 > 60
            let kept = render(state, deck: deck, width: width, height: height, options: RenderOptions(ascii: ascii))
            let anew = FixedCells.$bypassed.withValue(true) {
                render(state, deck: fresh, width: width, height: height, options: RenderOptions(ascii: ascii))
            }
            if kept != anew { problems.append("frame \(i) (\(state.view) step \(state.step)):\n\(kept.text)") }
        }
        #expect(problems.isEmpty, "\(problems.first ?? "")")
    }

    /// A body kept where the most compact form was placed by the search (`PlacedBody.searched`) is not taken when
    /// a frame of another owner with the same grid shapes (here: the other language) remembered other viewports
    /// for them since (`LayoutMemo`): the frame shows what drawing it anew shows, and what it shows again after
    /// the help was drawn over it (found by the review of stop 16).
    @Test func aBodyKeptFollowsTheViewportsRemembered() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 3, height: 6, width: 6, values: (0..<108).map { Double($0 * 7 % 10) }),
            kernel: Tensor4(
                filters: 2, channels: 3, height: 3, width: 3, values: (0..<54).map { Double($0 * 5 % 7) - 3 }),
            bias: [-1, 0], spec: ConvSpec(stride: Pair(both: 2), padding: Padding(Pair(both: 1))))
        let scenario = Scenario.build(layer, title: Localized(en: "r"))
        let deck = Deck([Slide(scenario, name: "r")])
        var state = State(screen: .player)
        for step in [2, 3, 4] {
            state.step = step
            _ = render(state, deck: deck, width: 80, height: 24)
        }
        var chinese = state
        chinese.language = .zh
        _ = render(chinese, deck: deck, width: 80, height: 24)
        let kept = render(state, deck: deck, width: 80, height: 24)
        let anew = FixedCells.$bypassed.withValue(true) {
            render(state, deck: Deck([Slide(scenario, name: "r")]), width: 80, height: 24)
        }
        var help = state
        help.help = true
        _ = render(help, deck: deck, width: 80, height: 24)
        let again = render(state, deck: deck, width: 80, height: 24)
        #expect(kept == anew, "\(kept.text)\n\(anew.text)")
        #expect(kept == again)
    }

    /// Panels measured without being built (`PanelSet.add(_:state:measure:make:)`: the scatter view's input
    /// channels, whose boxes are the slide's) place and show as panels built and measured anew, at sizes where the
    /// form showing every channel does not fit (tried on every step, its inputs measured from the first one's) and
    /// where it does.
    @Test func measuredPanelsPlaceAsBuiltOnes() throws {
        let (c, k) = (6, 2)
        let layer = try ConvLayer(
            input: Tensor3(channels: c, height: 4, width: 5, values: (0..<(c * 20)).map { Double($0 * 7 % 10) }),
            kernel: Tensor4(
                filters: k, channels: c, height: 3, width: 3, values: (0..<(k * c * 9)).map { Double($0 * 5 % 7) - 3 }),
            bias: [1, -2], spec: ConvSpec(op: .transposed, stride: Pair(both: 2), padding: Padding(Pair(both: 1))))
        let deck = Deck([Slide(Scenario.build(layer, title: Localized(en: "measured")), name: "kept")])
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            for language in [Language.en, .zh] {
                let problems = walk(
                    deck, .scatter, tapMode: false, language: language, ascii: false, width: width, height: height)
                #expect(problems.isEmpty, "\(width)×\(height): \(problems.joined())")
            }
        }
    }

    /// A panel is kept only with its slide: a new slide of the same scenario, with a kernel edited, shows its own
    /// weights, not the panels kept for the first.
    @Test func aNewSlideBuildsItsOwnPanels() throws {
        let first = try Self.scenarios()[0]
        var values = first.layer.kernel.values
        values[0] += 10
        let k = first.layer.kernel
        let edited = try ConvLayer(
            input: first.layer.input,
            kernel: Tensor4(filters: k.filters, channels: k.channels, height: k.height, width: k.width, values: values),
            bias: first.layer.bias, spec: first.layer.spec)
        var state = State(screen: .player)
        state.step = 3
        let a = render(state, deck: Deck([Slide(first, name: "kept")]), width: 200, height: 60)
        let b = render(
            state, deck: Deck([Slide(Scenario.build(edited, title: Localized(en: "kept")), name: "kept")]), width: 200,
            height: 60)
        #expect(a != b)
        #expect(b.text.contains(Num.display(values[0])))
    }

    /// Kept panels hold their slide only while it is one of the two shown last: a slide left behind (another
    /// scenario, an edit that made a new layer) is let go with its outputs and memos.
    @Test func aSlideLeftBehindIsLetGo() throws {
        // Grids of 256 cells: they keep their cells in the slide's memo (`FixedCells`).
        let scenario = Scenario.build(
            try ConvLayer(
                input: Tensor3(channels: 2, height: 16, width: 16, values: (0..<512).map { Double($0 % 10) }),
                kernel: Tensor4(filters: 2, channels: 2, height: 3, width: 3, values: (0..<36).map { Double($0 % 3) }),
                bias: [0, 1], spec: ConvSpec()),
            title: Localized(en: "kept"))
        weak var gone: AnyObject?
        weak var memo: CellMemo?
        do {
            let slide = Slide(scenario, name: "kept")
            gone = slide.anchor
            memo = slide.cells
            var state = State(screen: .player)
            for step in 0..<6 {
                state.step = step
                _ = render(state, deck: Deck([slide]), width: 200, height: 60)
            }
        }
        // Two other slides, of a layer with fewer panels: what was kept at the indices they do not use goes too.
        let small = catalogDeck.slides[index("01")].scenario
        for _ in 0..<2 {
            _ = render(State(screen: .player), deck: Deck([Slide(small, name: "small")]), width: 200, height: 60)
        }
        #expect(gone == nil)
        #expect(memo == nil, "a kept panel's grid still holds the slide's memo")
    }
}
