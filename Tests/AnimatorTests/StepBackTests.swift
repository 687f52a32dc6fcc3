import Animator
import ConvModel
import ScenarioFormat
import Testing

/// The state holds indices only, and `render` is a pure function of the state: so stepping back restores the
/// exact earlier screen when it restores the exact earlier state. The property is checked on states for every
/// step (cheap), and on rendered screens for a sample of steps.
@Suite struct StepBackTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: Int
        let view: LensName
        let tapMode: Bool
        var testDescription: String { "\(catalogDeck.slides[scenario].name) \(view)\(tapMode ? " taps" : "")" }
    }

    /// Every catalog scenario × every lens it offers (and tap mode where Tab toggles taps).
    static let cases: [Case] = catalogDeck.slides.indices.flatMap { i in
        catalogDeck.slides[i].views.flatMap { v -> [Case] in
            let taps = Lenses.named(v)?.tab == .toggleTaps
            return [Case(scenario: i, view: v, tapMode: false)]
                + (taps ? [Case(scenario: i, view: v, tapMode: true)] : [])
        }
    }

    @Test func everyScenarioAndViewIsCovered() {
        #expect(Self.cases.count >= catalogDeck.slides.count * 2)
        #expect(Set(Self.cases.map(\.view)) == Set(Lenses.names))
    }

    /// Reach the view and mode with keys, the way a student would.
    func start(_ c: Case) -> State {
        var state = reduce(State(), .pickerClicked(row: c.scenario), deck: catalogDeck).state
        for _ in 0..<Lenses.all.count where state.view != c.view {
            state = reduce(state, .viewCyclePressed, deck: catalogDeck).state
        }
        if c.tapMode { state = reduce(state, .tabPressed, deck: catalogDeck).state }
        return reduce(state, .firstPressed, deck: catalogDeck).state
    }

    @Test(arguments: cases) func steppingBackRestoresTheState(_ c: Case) {
        var state = start(c)
        #expect(state.view == c.view && state.tapMode == c.tapMode)
        let count = Timeline.make(catalogDeck.slides[c.scenario], view: c.view, tapMode: c.tapMode).count
        var forward: [State] = []
        for s in 0..<count {
            #expect(state.step == s)
            forward.append(state)
            state = reduce(state, .stepForwardPressed, deck: catalogDeck).state
        }
        #expect(state.step == count - 1, "stepping past the end stays on the last step")
        for s in (0..<count).reversed() {
            #expect(state == forward[s], "step \(s + 1)")
            state = reduce(state, .stepBackPressed, deck: catalogDeck).state
        }
        #expect(state.step == 0)
        // A sample of screens: the same state draws the same canvas, and the steps differ.
        let sample = Set([0, 1, count / 2, count - 2, count - 1].filter { $0 >= 0 && $0 < count })
        var texts = Set<String>()
        for s in sample {
            let a = render(forward[s], deck: catalogDeck, width: 80, height: 24)
            let b = render(forward[s], deck: catalogDeck, width: 80, height: 24)
            #expect(a == b, "step \(s + 1) renders the same twice")
            texts.insert(a.text)
        }
        #expect(texts.count > 1 || count == 1, "the steps show something different")
    }
}
