import Foundation

/// The repository root, found from this file's path, so tests never depend on the working directory.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func readJSONFile(_ relative: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(contentsOf: repoRoot.appendingPathComponent(relative)))
}

func numbers(_ any: Any) -> [Double] {
    if let a = any as? [Any] { return a.flatMap(numbers) }
    if let n = any as? NSNumber { return [n.doubleValue] }
    return []
}
