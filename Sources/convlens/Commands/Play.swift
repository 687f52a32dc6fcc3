import ArgumentParser
import ConvModel

/// `convlens play [FILE]`: the interactive explainer (the default command).
struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the interactive explainer (a picker when no FILE is given).")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("A scenario file or catalog name; none opens the picker.", valueName: "FILE"))
    var file: String?

    func run() throws {
        throw CleanExit.message("not yet")
    }
}
