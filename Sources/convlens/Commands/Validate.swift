import ArgumentParser
import ConvModel
import ScenarioFormat

/// `convlens validate FILE...`: checks scenario files; prints `FILE: ok` or one error line per bad file.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check scenario files; print 'FILE: ok' or 'FILE: JSON.PATH: what is wrong'.")

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario files; none means every file of the catalog.", valueName: "FILE"))
    var files: [String] = []

    func run() throws {
        var targets = files
        if targets.isEmpty {
            guard let dir = catalog.directory else {
                printError("convlens: no scenario directory found; use --scenarios DIR")
                throw ExitCode.noInput
            }
            do {
                targets = try Catalog.files(in: dir)
            } catch {
                printError(error.description)
                throw ExitCode(error)
            }
        }
        var status = ExitCode.success
        for file in targets {
            let (ok, code) = loadAll([file], catalog)
            if let s = ok.first {
                print("\(s.file): ok")
            } else if status == .success {
                status = code
            }
        }
        if status != .success {
            throw status
        }
    }
}
