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

    @Option(name: .long, help: ArgumentHelp("Title language.", valueName: "LANG"))
    var lang: Language = .en

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario directory (default: the catalog).", valueName: "DIR"))
    var dir: String?

    func run() throws {
        guard let dir = dir.map(RawArguments.name(for:)) ?? catalog.directoryName else {
            printError("convlens: no scenario directory found; use --scenarios DIR")
            throw ExitCode.noInput
        }
        let files: [FileName]
        do {
            files = try Catalog.entries(in: dir)
        } catch {
            printError(error.description)
            throw ExitCode(error)
        }
        var status = ExitCode.success
        for file in files {
            do {
                let s = try Scenario.load(name: file)
                let columns = [
                    pad(file.baseName.description, 30), pad(s.layer.op.rawValue, 10), pad(s.shapeSummary, 22),
                    shown(s.title.text(lang), limit: nil),
                ]
                print(columns.joined(separator: " "))
            } catch {
                printError(error.description)
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
