import Foundation
import ScenarioFormat

/// The repository root, found from this file's path, so tests never depend on the working directory.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func readJSONFile(_ relative: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: repoRoot.appendingPathComponent(relative)))
}

/// Decodes scenario text, or returns the error line.
func decodeScenario(_ text: String, file: String = "t.json") -> Result<Scenario, ScenarioError> {
    do { return .success(try Scenario.decode(Array(text.utf8), file: file)) } catch { return .failure(error) }
}

func errorLine(_ text: String) -> String? {
    if case .failure(let e) = decodeScenario(text) { return e.description }
    return nil
}

func numbers(_ any: Any) -> [Double] {
    if let a = any as? [Any] { return a.flatMap(numbers) }
    if let n = any as? NSNumber { return [n.doubleValue] }
    return []
}

/// The shipped catalog's `.json` files, sorted by name (the teaching order).
func catalogFiles() throws -> [String] {
    let dir = repoRoot.appendingPathComponent("Scenarios").path
    return try FileManager.default.contentsOfDirectory(atPath: dir)
        .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
}
