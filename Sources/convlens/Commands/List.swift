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

/// `convlens list [DIR]`: the scenarios of a directory with title, op and shapes.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the scenarios with their op, shapes and title.")

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Language of the titles (default: en) and of the error lines (default: from LANG).", valueName: "LANG"))
    var lang: Language?

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario directory (default: the catalog).", valueName: "DIR"))
    var dir: String?

    func run() throws {
        let language = Language.chosen(lang)
        guard let dir = dir.map(RawArguments.name(for:)) ?? catalog.directoryName else {
            printError("convlens: " + CommandMessage.noCatalog(variable: nil).text(language))
            throw ExitCode.noInput
        }
        let files: [FileName]
        do {
            files = try Catalog.entries(in: dir)
        } catch {
            printError(error.line(language))
            throw ExitCode(error)
        }
        var status = ExitCode.success
        for file in files {
            do {
                let s = try Scenario.load(name: file)
                let columns = [
                    pad(file.baseName.description, 30), pad(s.layer.op.rawValue, 10), pad(s.shapeSummary, 22),
                    shown(s.title.text(lang ?? .en), limit: nil),
                ]
                print(columns.joined(separator: " "))
            } catch {
                printError(error.line(language))
                if status == .success {
                    status = ExitCode(error)
                }
            }
        }
        if status != .success {
            throw status
        }
    }
}
