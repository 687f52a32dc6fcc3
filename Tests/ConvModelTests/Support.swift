import ConvModel
import Foundation
import ScenarioFormat

/// A `GeometryError` as it is said in English: its field and its message (ScenarioFormat says the rule).
struct Said: Equatable, CustomStringConvertible {
    let field: String
    let message: String

    init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    init(_ error: GeometryError) { self.init(field: error.field, message: error.rule.text(.en)) }

    var description: String { "\(field): \(message)" }
}

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
