import Animator
import ArgumentParser
import ConvModel
import Foundation
import ScenarioFormat

/// Options every command shares: where the catalog lives.
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Scenario directory (default: $CONVLENS_SCENARIOS, else the shipped "
                + "catalog).", valueName: "DIR"))
    var scenarios: String?

    /// The catalog directory, or nil when none can be found.
    var directory: String? { Catalog.locate(flag: scenarios) }

    /// Resolves a FILE argument: a path, or a catalog name given in full, without `.json`, or as a unique
    /// prefix (`06` → `06-padding-strides.json`).
    func resolve(_ name: String) -> String {
        if FileManager.default.fileExists(atPath: name) || name.contains("/") { return name }
        guard let dir = directory, let files = try? Catalog.files(in: dir) else { return name }
        let base = files.map { ($0 as NSString).lastPathComponent }
        if let i = base.firstIndex(where: { $0 == name || $0 == name + ".json" }) { return files[i] }
        let matches = base.indices.filter { base[$0].hasPrefix(name) }
        return matches.count == 1 ? files[matches[0]] : name
    }
}

/// Prints a line on standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Loads every file, printing each error line; returns the scenarios that loaded and the exit status to end
/// with (that of the first failure).
func loadAll(_ files: [String], _ options: CatalogOptions) -> (scenarios: [Scenario], status: ExitCode) {
    var loaded: [Scenario] = []
    var status = ExitCode.success
    for file in files {
        do {
            loaded.append(try Scenario.load(path: options.resolve(file)))
        } catch {
            printError(error.description)
            if status == .success {
                status = ExitCode(error)
            }
        }
    }
    return (loaded, status)
}

/// Pads `s` with spaces to `width` display columns (wide CJK characters count two), for table output.
func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - displayWidth(s)))
}
