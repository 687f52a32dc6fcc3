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

    @Option(name: .long, help: ArgumentHelp("With --plain: print only frame N (1-based).", valueName: "N"))
    var step: Int?

    @Option(name: .long, help: ArgumentHelp("With --plain: canvas width.", valueName: "COLS"))
    var width: Int = 80

    @Option(name: .long, help: ArgumentHelp("With --plain: canvas height.", valueName: "ROWS"))
    var height: Int = 24

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Keys to play first, space separated: Right Left Home End Tab Space Enter "
                + "Esc or single characters (\"l l l Tab q\").", valueName: "KEYS"))
    var keys: String?

    @Option(name: .long, help: ArgumentHelp("Milliseconds between the --keys in the terminal UI.", valueName: "MS"))
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

    func validate() throws {
        if let step, step < 1 { throw ValidationError("--step must be 1 or more") }
        if width < 10 || width > 1000 || height < 3 || height > 1000 {
            throw ValidationError("--width must be 10…1000 and --height 3…1000")
        }
        if keyDelay < 0 || keyDelay > 10_000 { throw ValidationError("--key-delay must be 0…10000") }
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
        if let view { state.view = try offered(LensName(rawValue: view), by: deck.slides[start]) }

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
            printError("convlens: --view \(view) does not apply to \(slide.scenario.file) (its views: \(views))")
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
            let path = catalog.resolve(file)
            do { own = Slide(try Scenario.load(path: path), name: name(of: path)) } catch {
                printError(error.description)
                throw ExitCode(error)
            }
        }
        let dir = catalog.directory
        guard own != nil || dir != nil else {
            printError(
                "convlens: no scenario directory found; use --scenarios DIR or set "
                    + Catalog.environmentVariable)
            throw ExitCode.noInput
        }
        func same(_ a: String, _ b: String) -> Bool {
            URL(fileURLWithPath: a).standardizedFileURL == URL(fileURLWithPath: b).standardizedFileURL
        }
        var slides: [Slide] = []
        var start: Int?
        for path in dir.flatMap({ try? Catalog.files(in: $0) }) ?? [] {
            if let own, same(path, own.scenario.file) {
                start = slides.count
                slides.append(own)
                continue
            }
            do {
                slides.append(Slide(try Scenario.load(path: path), name: name(of: path)))
            } catch {
                printError("convlens: skipping \(error.description)")
            }
        }
        if let own, start == nil {
            slides.insert(own, at: 0)
            start = 0
        }
        guard !slides.isEmpty else {
            printError("convlens: no scenarios in \(dir ?? "the catalog")")
            throw ExitCode.noInput
        }
        return (Deck(slides), start ?? 0)
    }

    private func name(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
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
        let count = Timeline.make(deck.slides[state.scenario], view: state.view, tapMode: state.tapMode).count
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
