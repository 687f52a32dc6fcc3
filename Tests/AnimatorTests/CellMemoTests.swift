import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// What a slide keeps from earlier frames (grid cells per viewport, `FixedCells`; the scatter buffer's running sums,
/// `RunningSums`) never shows on screen: random walks over the steps (forward, back, jumps), tap mode, the views and
/// sizes that scroll the grids, each frame compared with the same frame drawn from a new slide, whose memo is empty,
/// with every grid cell drawn by its own look.
@Suite struct CellMemoTests {
    /// Grids kept whole rather than per viewport (`Grid.memoExtent`: a dilated window larger than the viewport) count
    /// every layer the slide comes to keep for them (all channels, every column phase, `FixedCells.slideLayers`): an
    /// 8-channel layer with a window dilated 6 keeps them per viewport, so a walk never drops the memo (counting only
    /// the layers of a frame, it was dropped every ~60 steps).
    @Test func wholeGridsNeverOverflowTheMemo() throws {
        let (c, n) = (8, 48)
        let layer = try ConvLayer(
            input: Tensor3(channels: c, height: n, width: n, values: (0..<(c * n * n)).map { Double($0 * 7 % 10) }),
            kernel: Tensor4(
                filters: 1, channels: c, height: 5, width: 5, values: (0..<(c * 25)).map { Double($0 % 5) - 2 }),
            spec: ConvSpec(dilation: Pair(both: 6)))
        let slide = Slide(Scenario.build(layer, title: Localized(en: "whole")), name: "whole")
        let deck = Deck([slide])
        var state = State(screen: .player)
        for view in [LensName.conv, .weights] {
            state.view = view
            for step in 0..<300 {
                state.step = step
                _ = render(state, deck: deck, width: 120, height: 40)
            }
        }
        #expect(slide.cells.clears == 0)
    }

    /// Layers whose grids scroll on small screens, with uneven padding, strides, dilation, output padding, several
    /// channels and filters; whole numbers, exact decimals and binary floating point.
    static func scenarios() throws -> [Scenario] {
        func layer(
            _ c: Int, _ h: Int, _ w: Int, k: Int, _ kh: Int, _ kw: Int, _ spec: ConvSpec, _ value: (Int) -> Double
        )
            throws -> ConvLayer
        {
            try ConvLayer(
                input: Tensor3(channels: c, height: h, width: w, values: (0..<(c * h * w)).map(value)),
                kernel: Tensor4(
                    filters: k, channels: c, height: kh, width: kw,
                    values: (0..<(k * c * kh * kw)).map { value($0 * 7 + 3) - 4 }),
                bias: (0..<k).map { Double($0) - 1 }, spec: spec)
        }
        let transposed = ConvSpec(
            op: .transposed, stride: Pair(2, 3), padding: Padding(top: 1, bottom: 2, left: 0, right: 1),
            dilation: Pair(1, 2), outputPadding: Pair(1, 0))
        let conv = ConvSpec(
            stride: Pair(2, 1), padding: Padding(top: 2, bottom: 0, left: 1, right: 3), dilation: Pair(2, 1))
        let third = 0.333333333333333314829616256247
        let layers = [
            try layer(3, 9, 11, k: 2, 3, 4, transposed) { Double($0 * 37 % 11) },
            try layer(1, 12, 12, k: 1, 3, 3, ConvSpec(op: .transposed, stride: Pair(both: 2))) {
                Double($0 % 5) * third
            },
            try layer(3, 20, 22, k: 2, 3, 3, conv) { Double($0 * 13 % 9) / 10 },
            try layer(1, 40, 40, k: 2, 5, 5, ConvSpec(padding: Padding(Pair(both: 1)))) { Double($0 * 7 % 10) },
            // A widely dilated window: its rows of taps and of holes kept apart.
            try layer(
                2, 30, 34, k: 1, 3, 4,
                ConvSpec(padding: Padding(top: 2, bottom: 1, left: 0, right: 3), dilation: Pair(4, 3))
            ) {
                Double($0 * 11 % 7)
            },
            // Three filters of 4×4×4: the im2col view's W (3×64) and W⋅P + b kept, its current row from a layer.
            try layer(4, 9, 9, k: 3, 4, 4, ConvSpec(padding: Padding(Pair(both: 1)))) { Double($0 * 5 % 9) - 3 },
        ]
        return layers.map { Scenario.build($0, title: Localized(en: "memo")) }
            + ["09", "11", "16", "17"].map { catalogDeck.slides[index($0)].scenario }
    }

    /// A pseudo-random number below n (a fixed sequence, so a failure repeats).
    final class Dice {
        private var state: UInt64 = 0x9E37_79B9_7F4A_7C15

        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    /// 40 random moves through `view` of the deck's slide at one size; the frames that differ, described.
    func walk(_ deck: Deck, _ view: LensName, width: Int, height: Int, dice: Dice) -> [String] {
        let slide = deck.slides[0]
        var state = State(screen: .player)
        state.view = view
        for _ in 0..<40 {
            if dice.next(8) == 0 { state.tapMode.toggle() }
            let count = Timeline.make(slide, view: view, tapMode: state.tapMode).count
            switch dice.next(6) {
            case 0: state.step = dice.next(count)
            case 1: state.step -= 1
            default: state.step += 1 + dice.next(2)
            }
            state.step = min(max(state.step, 0), count - 1)
            let kept = render(state, deck: deck, width: width, height: height)
            let fresh = FixedCells.$bypassed.withValue(true) {
                render(state, deck: Deck([Slide(slide.scenario, name: "memo")]), width: width, height: height)
            }
            if kept != fresh {
                return [
                    "\(view) step \(state.step) tap \(state.tapMode) \(width)×\(height):\n\(kept.text)\n\(fresh.text)"
                ]
            }
        }
        return []
    }

    @Test func keptCellsAreTheCellsDrawnAnew() throws {
        let dice = Dice()
        var walks = 0
        for scenario in try Self.scenarios() {
            let deck = Deck([Slide(scenario, name: "memo")])
            for view in deck.slides[0].views {
                for (width, height) in [(60, 18), (80, 24), (120, 40)] {
                    let problems = walk(deck, view, width: width, height: height, dice: dice)
                    #expect(problems.isEmpty, "\(problems.joined())")
                    walks += 1
                }
            }
        }
        #expect(walks > 25)
    }

    /// A frame of the scatter lens that finds the slide's sums taken (another frame of the slide under way) keeps
    /// sums of its own, sized for the whole buffer, and draws what a new slide draws; the frame that took them gives
    /// them back.
    @Test func aScatterFrameWithoutTheSlidesSumsDrawsTheSame() throws {
        let deck = Deck([Slide(try Self.scenarios()[0], name: "memo")])
        let slide = deck.slides[0]
        let line = Timeline.make(slide, view: .scatter, tapMode: false)
        var state = State(screen: .player)
        state.view = .scatter
        func drawn(_ step: Int) -> Bool {
            state.step = step
            let fresh = FixedCells.$bypassed.withValue(true) {
                render(state, deck: Deck([Slide(slide.scenario, name: "memo")]), width: 120, height: 40)
            }
            return render(state, deck: deck, width: 120, height: 40) == fresh
        }
        for step in [1, 2, line.count - 1] {
            #expect(drawn(step))
            let holder = ScatterStepView(Frame(slide: slide, timeline: line, step: step, language: .en))
            withExtendedLifetime(holder) {
                for other in [step + 3, line.count / 2, line.count - 1] { #expect(drawn(other), "\(other) \(step)") }
            }
        }
        #expect(drawn(line.count - 2))
    }
}
