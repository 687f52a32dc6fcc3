import ArgumentParser
import ConvModel
import ScenarioFormat

/// `convlens validate FILE...`: checks scenario files; prints `FILE: ok` or one error line per bad file.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; print 'FILE: ok' or 'FILE: JSON.PATH: what is wrong'.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario files; none means every file of the catalog.", valueName: "FILE"))
    var files: [String] = []

    func run() throws {
        let language = Language.chosen()
        var targets = RawArguments.names(for: files)
        if targets.isEmpty {
            guard let dir = catalog.directoryName else {
                printError("convlens: " + CommandMessage.noCatalog(variable: nil).text(language))
                throw ExitCode.noInput
            }
            do {
                targets = try Catalog.entries(in: dir)
            } catch {
                printError(error.line(language))
                throw ExitCode(error)
            }
        }
        var status = ExitCode.success
        for file in targets {
            do {
                let s = try Scenario.load(name: try catalog.resolve(file))
                print("\(s.name): ok")
            } catch {
                printError(error.line(language))
                if status == .success { status = ExitCode(error) }
            }
        }
        if status != .success {
            throw status
        }
    }
}
