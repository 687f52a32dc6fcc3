import Animator
import ArgumentParser
import ConvModel
import Foundation
import ScenarioFormat

/// `convlens play [FILE]`: the interactive explainer (the default command).
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the interactive explainer (a picker when no FILE is given).",
        discussion: Keymap.summary + "\n\nViews (--view NAME):\n"
            + Lenses.all.map { "  " + $0.name.rawValue.padding(toDisplayWidth: 10) + $0.summary }
            .joined(separator: "\n"))

    @OptionGroup var catalog: CatalogOptions

    @Argument(
        help: ArgumentHelp(
            "A scenario file or catalog name (06, 06-padding-strides); none opens the picker.",
            valueName: "FILE"))
    var file: String?

    @Flag(name: .long, help: "Print the frames as text instead of opening the terminal UI (for handouts and tests).")
    var plain = false

    // The numeric options take the next argument whatever it looks like, so that `--height -5` is a value out of
    // range, not a missing value followed by an unknown flag.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("With --plain: print only frame N (1 … the last step).", valueName: "N"))
    var step: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("With --plain: canvas width (10…1000).", valueName: "COLS"))
    var width: Int = 80

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("With --plain: canvas height (3…1000).", valueName: "ROWS"))
    var height: Int = 24

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keys to play first (at most 10000), space separated: Right Left Home End Tab Space Enter "
                + "Esc or single characters (\"l l l Tab q\").", valueName: "KEYS"))
    var keys: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Milliseconds between the --keys in the terminal UI (0…10000).", valueName: "MS"))
    var keyDelay: Int = 250

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Language of titles and narration (default: from LANG).",
            valueName: "LANG"))
    var lang: Language?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Open FILE in this view: "
                + Lenses.names.map(\.rawValue).joined(separator: ", ") + ".",
            valueName: "NAME"))
    var view: String?

    @Flag(name: .long, help: "With --plain: add the style runs of each frame (row col+len style).")
    var styles = false

    /// The most --keys one run takes, and the longest delay between them: a script, not a flood.
    static let maxKeys = 10_000
    static let maxKeyDelay = 10_000

    func validate() throws {
        if let step, step < 1 { throw ValidationError("--step must be 1 or more, not \(step)") }
        for (flag, value, range, unit) in [
            ("--width", width, 10...1000, ""), ("--height", height, 3...1000, ""),
            ("--key-delay", keyDelay, 0...Self.maxKeyDelay, " (milliseconds)"),
        ] where !range.contains(value) {
            throw ValidationError("\(flag) must be \(range.lowerBound)…\(range.upperBound)\(unit), not \(value)")
        }
        let keyCount = (keys ?? "").split(separator: " ").count
        if keyCount > Self.maxKeys { throw ValidationError("--keys has \(keyCount) keys; at most \(Self.maxKeys)") }
        if let view {
            let names = Lenses.names.map(\.rawValue).joined(separator: ", ")
            guard Lenses.named(LensName(rawValue: view)) != nil else {
                throw ValidationError("--view: unknown view '\(view)'; the views are \(names)")
            }
            guard file != nil else { throw ValidationError("--view needs a scenario FILE") }
        }
        for word in (keys ?? "").split(separator: " ") where Key(name: String(word)) == nil {
            throw ValidationError(
                "--keys: unknown key '\(word)'; use names like Right Left Home End Tab Space "
                    + "Enter Esc, or single characters")
        }
    }

    func run() throws {
        // Everything that can fail on the user's input is checked here, before the terminal changes mode.
        let (deck, start) = try loadDeck()
        let script = (keys ?? "").split(separator: " ").compactMap { Key(name: String($0)) }
        var state = State(screen: file == nil ? .picker : .player, scenario: start, language: language)
        if file != nil {
            let picker = State(screen: .picker, scenario: start, language: language)
            state = reduce(picker, .pickerChosen, deck: deck).state
        }
        if let view, let slide = deck.slide(start) { state.view = try offered(LensName(rawValue: view), by: slide) }

        if plain {
            try runPlain(state, deck: deck, script: script)
            return
        }
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
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
        if ProcessInfo.processInfo.environment["CONVLENS_TEST_CRASH"] == "1" {
            loop.onDraw { fatalError("CONVLENS_TEST_CRASH: deliberate crash after the first frame") }
        }
        if Bench.firstFrameOnly { loop.onDraw { Bench.firstFrameDrawn() } }
        loop.run()
    }

    /// `view` when `slide` offers it, else a usage error naming the views it has.
    private func offered(_ view: LensName, by slide: Slide) throws -> LensName {
        guard slide.views.contains(view) else {
            let views = slide.views.map(\.rawValue).joined(separator: ", ")
            printError("convlens: --view \(view) does not apply to \(slide.scenario.name) (its views: \(views))")
            throw ExitCode.usage
        }
        return view
    }

    /// `--lang`, else the language of the locale (LC_ALL, LC_MESSAGES, LANG): Chinese for zh*, else English.
    private var language: Language {
        if let lang {
            return lang
        }
        let env = ProcessInfo.processInfo.environment
        func set(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        let locale = set("LC_ALL") ?? set("LC_MESSAGES") ?? env["LANG"] ?? ""
        return locale.hasPrefix("zh") ? .zh : .en
    }

    /// The catalog (plus FILE first when it is not part of it) and the index to start at. FILE is loaded first,
    /// so its errors stop the program; a broken catalog entry is reported and skipped.
    private func loadDeck() throws -> (Deck, Int) {
        var own: Slide?
        if let file {
            do {
                let s = try catalog.load(RawArguments.name(for: file))
                own = Slide(s, name: s.name.baseName.description)
            } catch {
                printError(error.description)
                throw ExitCode(error)
            }
        }
        guard let dir = catalog.directoryName else {
            if let own { return (Deck([own]), 0) }
            printError(
                "convlens: no scenario directory found; use --scenarios DIR or set "
                    + Catalog.environmentVariable)
            throw ExitCode.noInput
        }
        let entries: [FileName]
        do { entries = try Catalog.entries(in: dir) } catch {
            // Without FILE the catalog is all there is: say why it cannot be listed.
            guard let own else {
                printError(error.description)
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
            printError("convlens: no scenarios in \(dir)")
            throw ExitCode.noInput
        }
        return (Deck(entries: slides), start ?? 0)
    }

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
                printError("convlens: --step \(step) is past the last step (\(count))")
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
