import ConvModel
import Foundation
import Testing

/// Every case of Golden/golden.json, made by numpy loops (Golden/make_golden.py), must match exactly.
@Suite struct GoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let scenario: String
        let shape: [Int]
        let output: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? readJSONFile("Tests/ConvModelTests/Golden/golden.json") as? [String: Any],
              let list = root["cases"] as? [[String: Any]] else { return [] }
        return list.compactMap { c in
            guard let s = c["scenario"], let data = try? JSONSerialization.data(withJSONObject: s),
                  let shape = c["output_shape"] as? [Int], let out = c["output"] else { return nil }
            return Case(name: c["name"] as? String ?? "?", scenario: String(decoding: data, as: UTF8.self),
                        shape: shape, output: numbers(out))
        }
    }()

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.contains { $0.scenario.contains("\"transposed\"") })
    }

    @Test(arguments: cases) func matchesReference(_ c: Case) throws {
        let s = try decodeScenario(c.scenario, file: c.name).get()
        #expect(s.layer.outputShape == c.shape)
        let out = s.layer.output()
        #expect(out.values == c.output)
        // The trace's values are the same numbers, step by step.
        if s.layer.op == .conv {
            let trace = ConvTrace(s.layer)
            #expect(trace.count == out.values.count)
            #expect(trace.map(\.value) == out.values)
        } else {
            // The scatter trace's running sums after the last step, plus bias, give the output; and the
            // equivalent direct convolution (zero insertion, flipped kernel) gives it too.
            let trace = ScatterTrace(s.layer), g = s.layer.geometry
            var viaTrace: [Double] = []
            for k in 0..<c.shape[0] { for oy in 0..<c.shape[1] { for ox in 0..<c.shape[2] {
                viaTrace.append(trace.running(filter: k, fy: oy + g.padding.top, fx: ox + g.padding.left, through: trace.count - 1).sum + s.layer.bias[k])
            } } }
            #expect(viaTrace == c.output)
            let eq = try EquivalentConv(s.layer)
            #expect(eq.layer.output().values == c.output)
        }
    }
}
