import Animator
import ArgumentParser
import ConvModel
import ScenarioFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The explainer's options, shared by `play` and `try`: `--plain` frames, the scripted keys, the language.
///
/// The flag names of `play`'s options (these, `CatalogOptions`, `--view`) are spelled out (`.customLong`): `.long`
/// derives each from its property name with a Unicode case walk every time the parser builds its argument sets,
/// 68 conversions and 0.7 M instructions (2.5 %) of every start of `play` before its first frame.
struct ExplainerOptions: ParsableArguments {
    @Flag(
        name: .customLong("plain"),
        help: "Print the frames as text instead of opening the terminal UI (for handouts and tests).")
    var plain = false

    // The numeric options take the next argument whatever it looks like, so that `--height -5` is a value out of
    // range, not a missing value followed by an unknown flag.
    @Option(
        name: .customLong("step"), parsing: .unconditional,
        help: ArgumentHelp("With --plain: print only frame N (1 … the last step).", valueName: "N"))
    var step: Int?

    @Option(
        name: .customLong("width"), parsing: .unconditional,
        help: ArgumentHelp("With --plain: canvas width (10…1000).", valueName: "COLS"))
    var width: Int = 80

    @Option(
        name: .customLong("height"), parsing: .unconditional,
        help: ArgumentHelp("With --plain: canvas height (3…1000).", valueName: "ROWS"))
    var height: Int = 24

    @Option(
        name: .customLong("keys"),
        help: ArgumentHelp(
            "Keys to play first (at most 10000), space separated: Right Left Home End Tab Space Enter "
                + "Esc or single characters (\"l l l Tab q\").", valueName: "KEYS"))
    var keys: String?

    @Option(
        name: .customLong("key-delay"), parsing: .unconditional,
        help: ArgumentHelp("Milliseconds between the --keys in the terminal UI (0…10000).", valueName: "MS"))
    var keyDelay: Int = 250

    @Option(
        name: .customLong("lang"),
        help: ArgumentHelp(
            "Language of titles and narration (default: from LANG).",
            valueName: "LANG"))
    var lang: Language?

    @Flag(name: .customLong("styles"), help: "With --plain: add the style runs of each frame (row col+len style).")
    var styles = false

    /// The most --keys one run takes, and the longest delay between them: a script, not a flood.
    static let maxKeys = 10_000
    static let maxKeyDelay = 10_000

    func validate() throws {
        func refuse(_ message: FlagMessage) -> ValidationError { ValidationError(message.text(language)) }
        if let step, step < 1 { throw refuse(.stepBelowOne(step)) }
        for (flag, value, range, milliseconds) in [
            ("--width", width, 10...1000, false), ("--height", height, 3...1000, false),
            ("--key-delay", keyDelay, 0...Self.maxKeyDelay, true),
        ] where !range.contains(value) {
            throw refuse(.outOfRange(flag: flag, range: range, milliseconds: milliseconds, value: value))
        }
        let keyCount = (keys ?? "").split(separator: " ").count
        if keyCount > Self.maxKeys { throw refuse(.tooManyKeys(keyCount, most: Self.maxKeys)) }
        for word in (keys ?? "").split(separator: " ") where Key(name: String(word)) == nil {
            throw refuse(.unknownKey(String(word)))
        }
    }

    /// The state the explainer opens in: the picker, or the player on scenario `start`.
    func initialState(deck: Deck, start: Int, picker: Bool) -> State {
        let state = State(screen: .picker, scenario: start, language: language)
        return picker ? state : reduce(state, .pickerChosen, deck: deck).state
    }

    /// Opens the explainer on `deck` in `state`: the terminal UI, or the `--plain` frames.
    func open(_ deck: Deck, state: State) throws {
        let script = (keys ?? "").split(separator: " ").compactMap { Key(name: String($0)) }
        if plain {
            try runPlain(state, deck: deck, script: script)
            return
        }
        let noColor = !(environmentValue("NO_COLOR") ?? "").isEmpty
        let screen: CursesScreen
        do { screen = try CursesScreen.open(noColor: noColor) } catch {
            printError(error.message)
            throw ExitCode.failure
        }
        defer { screen.close() }
        var loop = Loop(
            screen: screen, clock: SystemClock(), deck: deck, state: state, script: script,
            keyDelay: keyDelay)
        // A hidden hook for the real-terminal tests: crash on purpose after the first frame, to prove the
        // terminal is restored after a fatal internal error.
        if environmentValue("CONVLENS_TEST_CRASH") == "1" {
            loop.onDraw { fatalError("CONVLENS_TEST_CRASH: deliberate crash after the first frame") }
        }
        if Bench.firstFrameOnly { loop.onDraw { Bench.firstFrameDrawn() } }
        loop.run()
    }

    /// `--lang`, else the language of the locale (`Language.chosen`).
    var language: Language { Language.chosen(lang) }

    /// `--plain`: applies the scripted keys, then prints one frame (`--step`) or every frame of the scenario.
    private func runPlain(_ initial: State, deck: Deck, script: [Key]) throws {
        var state = initial
        for key in script {
            guard let a = action(for: key, in: state) else { continue }
            let update = reduce(state, a, deck: deck)
            state = update.state
            if update.effects.contains(.quit) { break }
        }
        let ascii = !Self.localeIsUTF8()
        let options = RenderOptions(ascii: ascii)
        func emit(_ s: State) {
            let canvas = render(s, deck: deck, width: width, height: height, options: options)
            print(canvas.text)
            if styles { print(canvas.styleRuns.joined(separator: "\n")) }
        }
        if state.screen == .picker || !script.isEmpty && step == nil {
            emit(state)
            return
        }
        guard let slide = deck.slide(state.scenario) else { return }
        let count = Timeline.make(slide, view: state.view, tapMode: state.tapMode).count
        if let step {
            guard step <= count else {
                printError("convlens: " + CommandMessage.stepPastEnd(step: step, last: count).text(language))
                throw ExitCode.usage
            }
            state.step = step - 1
            emit(state)
            return
        }
        for i in 0..<count {
            state.step = i
            if i > 0 { print("") }
            emit(state)
        }
    }

    static func localeIsUTF8() -> Bool { CursesScreen.localeIsUTF8() }
}

enum Explainer {
    /// The catalog with `own` (a file or a built scenario) first when it is not part of it, and the index to
    /// start at. A broken catalog entry is marked in the picker; without `own` a catalog that cannot be listed
    /// stops the program, its error said in `language`.
    static func deck(own: Slide?, catalog: CatalogOptions, language: Language) throws -> (Deck, Int) {
        guard let dir = catalog.directoryName else {
            if let own { return (Deck([own]), 0) }
            printError("convlens: " + CommandMessage.noCatalog(variable: Catalog.environmentVariable).text(language))
            throw ExitCode.noInput
        }
        let entries: [FileName]
        do { entries = try Catalog.entries(in: dir) } catch {
            // Without FILE the catalog is all there is: say why it cannot be listed.
            guard let own else {
                printError(error.line(language))
                throw ExitCode(error)
            }
            return (Deck([own]), 0)
        }
        let ownIdentity = own.flatMap { FileAccess.identity($0.scenario.name) }
        var slides: [DeckEntry] = []
        var start: Int?
        for path in entries {
            if let own, let ownIdentity, FileAccess.identity(path) == ownIdentity {
                start = slides.count
                slides.append(DeckEntry(slide: own))
                continue
            }
            // Read when the picker shows it or the student opens it; a broken file is marked in the picker.
            slides.append(
                DeckEntry(name: shown(path.baseName.description)) { () -> Result<Scenario, ScenarioError> in
                    do throws(ScenarioError) {
                        return .success(try Scenario.load(name: path))
                    } catch {
                        return .failure(error)
                    }
                })
        }
        if let own, start == nil {
            slides.insert(DeckEntry(slide: own), at: 0)
            start = 0
        }
        guard !slides.isEmpty else {
            printError("convlens: " + CommandMessage.noScenarios(directory: dir.description).text(language))
            throw ExitCode.noInput
        }
        return (Deck(entries: slides), start ?? 0)
    }
}
