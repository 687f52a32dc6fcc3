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

/// `convlens play [FILE]`: the interactive explainer (the default command).
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Open the interactive explainer (a picker when no FILE is given).",
        discussion: Keymap.summary + "\n\nViews (--view NAME):\n"
            + Lenses.all.map { "  " + $0.name.rawValue.padding(toDisplayWidth: 14) + $0.summary }
            .joined(separator: "\n"))

    @OptionGroup var catalog: CatalogOptions

    @Argument(
        help: ArgumentHelp(
            "A scenario file or catalog name (06, 06-padding-strides); none opens the picker.",
            valueName: "FILE"))
    var file: String?

    @OptionGroup var explainer: ExplainerOptions

    @Option(
        name: .customLong("view"),
        help: ArgumentHelp(
            "Open FILE in this view: "
                + Lenses.names.map(\.rawValue).joined(separator: ", ") + ".",
            valueName: "NAME"))
    var view: String?

    /// A usage error, said in `language`, unless `view` names a view (`--view` of play and bench).
    static func checkView(_ view: String, language: Language) throws {
        guard Lenses.named(LensName(rawValue: view)) == nil else { return }
        throw ValidationError(FlagMessage.unknownView(view, views: Lenses.names.map(\.rawValue)).text(language))
    }

    func validate() throws {
        if let view {
            try Play.checkView(view, language: explainer.language)
            guard file != nil else { throw ValidationError(FlagMessage.viewWithoutFile.text(explainer.language)) }
        }
    }

    func run() throws {
        // Everything that can fail on the user's input is checked here, before the terminal changes mode.
        let language = explainer.language
        var own: Slide?
        if let file {
            do {
                let s = try catalog.load(RawArguments.name(for: file))
                own = Slide(s, name: s.name.baseName.description)
            } catch {
                printError(error.line(language))
                throw ExitCode(error)
            }
        }
        let (deck, start) = try Explainer.deck(own: own, catalog: catalog, language: language)
        var state = explainer.initialState(deck: deck, start: start, picker: file == nil)
        if let view, let slide = deck.slide(start) { state.view = try offered(LensName(rawValue: view), by: slide) }
        try explainer.open(deck, state: state)
    }

    /// `view` when `slide` offers it, else a usage error naming the views it has.
    private func offered(_ view: LensName, by slide: Slide) throws -> LensName {
        guard slide.views.contains(view) else {
            let message = CommandMessage.viewNotOffered(
                view: view.rawValue, file: slide.scenario.name.description, views: slide.views.map(\.rawValue))
            printError("convlens: " + message.text(explainer.language))
            throw ExitCode.usage
        }
        return view
    }
}
