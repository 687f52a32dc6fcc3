import Animator
import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// The repository root, found from this file's path, so tests never depend on the working directory.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The shipped catalog (`Scenarios/*.json`) as the player loads it, in picker order.
let catalogDeck: Deck = {
    do {
        let files = try catalogFiles()
        return Deck(
            try files.map { path in
                Slide(
                    try Scenario.load(path: path),
                    name: ((path as NSString).lastPathComponent as NSString).deletingPathExtension)
            })
    } catch {
        fatalError("cannot load the catalog: \(error)")
    }
}()

/// The paths of `Scenarios/*.json`, sorted by name (the picker order).
func catalogFiles() throws -> [String] {
    let dir = repoRoot.appendingPathComponent("Scenarios").path
    return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        .map { dir + "/" + $0 }
}

/// The deck index of the catalog scenario whose name starts with `prefix` ("06").
func index(_ prefix: String) -> Int {
    guard let i = catalogDeck.slides.firstIndex(where: { $0.name.hasPrefix(prefix + "-") }) else {
        fatalError("no catalog scenario \(prefix)")
    }
    return i
}

/// The state right after choosing scenario `prefix` in the picker.
func opened(_ prefix: String, language: Language = .en) -> State {
    reduce(State(language: language), .pickerClicked(row: index(prefix)), deck: catalogDeck).state
}

/// Applies actions without checking the intermediate states (for setting up a snapshot).
func after(_ state: State, _ actions: [Action]) -> State {
    actions.reduce(state) { reduce($0, $1, deck: catalogDeck).state }
}

/// The timeline the reducer uses for `state`.
func timeline(_ state: State) -> Timeline {
    Timeline.make(catalogDeck.slides[state.scenario], view: state.view, tapMode: state.tapMode)
}

// MARK: - Exhaustive reducer testing

/// A TCA-style exhaustive test store: every `send` must describe the whole change of the state.
struct TestStore {
    let deck: Deck
    private(set) var state: State
    /// The effects of the last action.
    private(set) var effects: [Effect] = []

    init(_ state: State, deck: Deck = catalogDeck) {
        self.state = state
        self.deck = deck
    }

    /// Sends `action`; `update` turns the previous state into the expected one, and the reducer's result must equal it.
    mutating func send(
        _ action: Action, sourceLocation: SourceLocation = #_sourceLocation, _ update: (inout State) -> Void = { _ in }
    ) {
        var expected = state
        update(&expected)
        let result = reduce(state, action, deck: deck)
        let actual = result.state
        #expect(actual == expected, "after \(action): \(difference(expected, actual))", sourceLocation: sourceLocation)
        state = actual
        effects = result.effects
    }

    /// Presses `key`: it must map to `action` on the current screen, which is then sent.
    mutating func press(
        _ key: Key, _ action: Action, sourceLocation: SourceLocation = #_sourceLocation,
        _ update: (inout State) -> Void = { _ in }
    ) {
        #expect(Animator.action(for: key, in: state) == action, "key \(key)", sourceLocation: sourceLocation)
        send(action, sourceLocation: sourceLocation, update)
    }
}

/// The fields that differ, as `name: expected → actual`, for readable failures.
func difference(_ expected: State, _ actual: State) -> String {
    let e = Mirror(reflecting: expected).children
    let a = Mirror(reflecting: actual).children
    let parts = zip(e, a).compactMap { x, y -> String? in
        let ex = String(describing: x.value)
        let ac = String(describing: y.value)
        return ex == ac ? nil : "\(x.label ?? "?"): expected \(ex), got \(ac)"
    }
    return parts.isEmpty ? "same" : parts.joined(separator: "; ")
}

// MARK: - Snapshots

/// The snapshot text of a canvas: the text, a `--- styles` line, then the style runs.
func snapshotText(_ canvas: Canvas) -> String {
    canvas.text + "\n--- styles\n" + canvas.styleRuns.joined(separator: "\n") + "\n"
}

/// Compares `canvas` with `Snapshots/<name>.txt`. With `CONVLENS_RECORD=1`, or when the file is missing, writes the
/// file and records an issue (so a missing snapshot never passes silently).
func assertSnapshot(_ canvas: Canvas, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots/\(name).txt")
    let actual = snapshotText(canvas)
    // Every row must fill the canvas exactly, whatever the snapshot says.
    #expect(rowWidthProblems(canvas) == [], "\(name)", sourceLocation: sourceLocation)
    let record = ProcessInfo.processInfo.environment["CONVLENS_RECORD"] == "1"
    guard !record, let data = FileManager.default.contents(atPath: url.path),
        let expected = String(data: data, encoding: .utf8)
    else {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            Issue.record(
                "Recorded snapshot \(name) (\(url.path)); read it, then run again without CONVLENS_RECORD",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("Cannot record snapshot \(name): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard expected != actual else { return }
    Issue.record(
        """
        Snapshot \(name) differs (re-record with CONVLENS_RECORD=1 if the change is intended):
        \(snapshotDiff(expected, actual))
        """, sourceLocation: sourceLocation)
}

/// Every differing line of two snapshot texts, as `line N` then the expected and the actual line.
func snapshotDiff(_ expected: String, _ actual: String) -> String {
    let e = expected.components(separatedBy: "\n")
    let a = actual.components(separatedBy: "\n")
    return (0..<max(e.count, a.count)).compactMap { i -> String? in
        let x = i < e.count ? e[i] : "<end>"
        let y = i < a.count ? a[i] : "<end>"
        return x == y ? nil : "  line \(i + 1)\n    expected: \(x)\n    actual:   \(y)"
    }.joined(separator: "\n")
}

/// Rows whose cells do not add up to the canvas width, or with a continuation cell not after a wide character.
func rowWidthProblems(_ c: Canvas) -> [String] {
    var problems: [String] = []
    for y in 0..<c.height {
        var w = 0
        for x in 0..<c.width {
            let cell = c[x, y]
            if cell.isContinuation {
                if x == 0 || c[x - 1, y].isContinuation || displayWidth(c[x - 1, y].text) != 2 {
                    problems.append("row \(y) col \(x): stray continuation")
                }
            } else {
                w += displayWidth(cell.text)
                if displayWidth(cell.text) == 2 && (x + 1 >= c.width || !c[x + 1, y].isContinuation) {
                    problems.append("row \(y) col \(x): wide glyph without its right half")
                }
            }
        }
        if w != c.width { problems.append("row \(y): \(w) columns") }
    }
    return problems
}
