import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// The golden cases (Tests/ConvModelTests/Golden/golden.json) read as scenario files: each decodes, and its
/// layer gives the reference output.
@Suite struct GoldenDecodingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let scenario: String
        let shape: [Int]
        let output: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? readJSONFile("Tests/ConvModelTests/Golden/golden.json") as? [String: Any],
            let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { c in
            guard let s = c["scenario"], let data = try? JSONSerialization.data(withJSONObject: s),
                let shape = c["output_shape"] as? [Int], let out = c["output"]
            else { return nil }
            return Case(
                name: c["name"] as? String ?? "?", scenario: String(decoding: data, as: UTF8.self),
                shape: shape, output: numbers(out))
        }
    }()

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 40)
    }

    @Test(arguments: cases) func decodesToTheReference(_ c: Case) throws {
        let s = try decodeScenario(c.scenario, file: c.name).get()
        #expect(s.layer.outputShape == c.shape)
        #expect(s.layer.output().values == c.output)
    }
}
