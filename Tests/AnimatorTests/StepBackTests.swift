import Animator
import ConvModel
import Testing

/// The state holds indices only, so stepping back must redraw exactly the screen seen going forward.
@Suite struct StepBackTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: Int
        let view: View
        let tapMode: Bool
        var testDescription: String { "\(catalogDeck.slides[scenario].name) \(view)\(tapMode ? " taps" : "")" }
    }

    /// Every catalog scenario × every view it offers (and tap mode where the view has taps).
    static let cases: [Case] = catalogDeck.slides.indices.flatMap { i in
        catalogDeck.slides[i].views.flatMap { v -> [Case] in
            let taps = v == .conv || v == .weights
            return [Case(scenario: i, view: v, tapMode: false)] + (taps ? [Case(scenario: i, view: v, tapMode: true)] : [])
        }
    }

    @Test func everyScenarioAndViewIsCovered() {
        #expect(Self.cases.count >= catalogDeck.slides.count * 2)
        #expect(Set(Self.cases.map(\.view)) == Set(View.allCases))
    }

    @Test(arguments: cases) func steppingBackRestoresTheScreen(_ c: Case) {
        let deck = catalogDeck
        // Reach the view and mode with keys, the way a student would.
        var state = reduce(State(), .pickerClicked(row: c.scenario), deck: deck)
        var guardCount = 0
        while state.view != c.view && guardCount < 5 { state = reduce(state, .viewCyclePressed, deck: deck); guardCount += 1 }
        #expect(state.view == c.view)
        if c.tapMode { state = reduce(state, .tabPressed, deck: deck); #expect(state.tapMode) }
        state = reduce(state, .firstPressed, deck: deck)
        let count = Timeline.make(deck.slides[c.scenario], view: c.view, tapMode: c.tapMode).count

        var forward: [Canvas] = []
        for s in 0..<count {
            #expect(state.step == s)
            forward.append(render(state, deck: deck, width: 80, height: 24))
            state = reduce(state, .stepForwardPressed, deck: deck)
        }
        #expect(state.step == count - 1, "stepping past the end stays on the last step")
        #expect(Set(forward.map(\.text)).count > 1 || count == 1, "the steps show something different")

        for s in (0..<count).reversed() {
            #expect(state.step == s)
            let canvas = render(state, deck: deck, width: 80, height: 24)
            if canvas != forward[s] {
                #expect(canvas.text == forward[s].text, "step \(s + 1) text")
                #expect(canvas.styleRuns == forward[s].styleRuns, "step \(s + 1) styles")
                #expect(canvas == forward[s], "step \(s + 1) cells")
                break
            }
            state = reduce(state, .stepBackPressed, deck: deck)
        }
        #expect(state.step == 0)
    }
}
