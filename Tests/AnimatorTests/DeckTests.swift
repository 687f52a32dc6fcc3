import Animator
import ConvModel
import ScenarioFormat
import Testing

/// A deck reads its entries when they are needed; an entry that cannot be read is marked in the picker and
/// skipped by n/p (issue 9: nothing parsed that is not shown; issue 10: a teacher's broken file is not hidden).
@Suite struct DeckTests {
    final class Counter: @unchecked Sendable { var loads = 0 }

    func entry(_ name: String, _ json: String?, counter: Counter) -> DeckEntry {
        DeckEntry(name: name) { () -> Result<Scenario, ScenarioError> in
            counter.loads += 1
            do throws(ScenarioError) {
                guard let json else { return .failure(try failure(name)) }
                return .success(try Scenario.decode(Array(json.utf8), file: name + ".json"))
            } catch {
                return .failure(error)
            }
        }
    }

    func failure(_ name: String) throws(ScenarioError) -> ScenarioError {
        do {
            _ = try Scenario.decode(Array("{\"title\": 1}".utf8), file: name + ".json")
        } catch {
            return error
        }
        fatalError("the bad scenario decoded")
    }

    let good = #"{"title": "Good", "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]]}"#

    @Test func entriesLoadOnlyWhenNeeded() {
        let counter = Counter()
        let deck = Deck(entries: [entry("01-a", good, counter: counter), entry("02-b", good, counter: counter)])
        #expect(counter.loads == 0)
        let state = reduce(State(), .pickerChosen, deck: deck).state
        #expect(state.screen == .player && counter.loads == 1)
        _ = render(state, deck: deck, width: 80, height: 24)
        #expect(counter.loads == 1, "the player reads only its own scenario")
        _ = render(State(), deck: deck, width: 80, height: 24)
        #expect(counter.loads == 2, "the picker reads what it shows, once")
    }

    @Test func brokenEntriesAreMarkedAndCannotBeOpened() {
        let counter = Counter()
        let deck = Deck(entries: [
            entry("01-a", good, counter: counter), entry("02-bad", nil, counter: counter),
            entry("03-c", good, counter: counter),
        ])
        let picker = render(State(), deck: deck, width: 80, height: 24)
        #expect(picker.text.contains("02  ✗ 02-bad: title: expected a string"), "\(picker.text)")
        #expect(picker.line(0).hasSuffix("3 scenarios"))
        var s = reduce(State(), .pickerMoved(1), deck: deck).state
        s = reduce(s, .pickerChosen, deck: deck).state
        #expect(s.screen == .picker, "a broken entry does not open")
        s = reduce(State(), .pickerChosen, deck: deck).state
        s = reduce(s, .nextScenarioPressed, deck: deck).state
        #expect(s.scenario == 2, "n skips the broken entry")
        s = reduce(s, .previousScenarioPressed, deck: deck).state
        #expect(s.scenario == 0, "p skips it too")
    }

    /// A broken entry's error is said in the picker's language, and `L` switches it with the rest.
    @Test func brokenEntriesSpeakThePickersLanguage() {
        let counter = Counter()
        let deck = Deck(entries: [entry("01-a", good, counter: counter), entry("02-bad", nil, counter: counter)])
        let chinese = State(language: .zh)
        let zh = render(chinese, deck: deck, width: 100, height: 24).text
        #expect(zh.contains("02  ✗ 02-bad: title: 应为字符串或 {\"en\": …, \"zh\": …}，实际是数字"), "\(zh)")
        let english = reduce(chinese, .languagePressed, deck: deck).state
        let en = render(english, deck: deck, width: 100, height: 24).text
        #expect(
            en.contains("02  ✗ 02-bad: title: expected a string or {\"en\": …, \"zh\": …}, found a number"), "\(en)")
        #expect(counter.loads == 2, "each entry read once, whatever the language")
    }
}
