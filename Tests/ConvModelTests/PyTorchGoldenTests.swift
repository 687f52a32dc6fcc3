import ConvModel
import Foundation
import Testing

/// Golden/pytorch_golden.json (make_pytorch_golden.py): PyTorch ran each call and recorded the shape it gave.
/// PyTorchCall must write exactly the lines PyTorch ran, and predict the shape PyTorch gave.
@Suite struct PyTorchGoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let setup: LayerSetup
        let lines: [String]
        let torchShape: [Int]
        var testDescription: String { lines.dropFirst().first ?? "?" }
    }

    static let cases: [Case] = {
        guard let root = try? readJSONFile("Tests/ConvModelTests/Golden/pytorch_golden.json") as? [String: Any],
            let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { c in
            func pair(_ key: String) -> Pair {
                let v = (c[key] as? [Int]) ?? [0, 0]
                return Pair(v[0], v[1])
            }
            let p = (c["padding"] as? [Int]) ?? [0, 0, 0, 0]
            guard let op = Op(rawValue: c["op"] as? String ?? ""), let channels = c["channels"] as? Int,
                let filters = c["filters"] as? Int, let lines = c["lines"] as? [String],
                let shape = c["torch_shape"] as? [Int]
            else { return nil }
            let spec = ConvSpec(
                op: op, stride: pair("stride"), padding: Padding(top: p[0], bottom: p[1], left: p[2], right: p[3]),
                dilation: pair("dilation"), outputPadding: pair("output_padding"))
            let setup = LayerSetup(
                channels: channels, inputSize: pair("input"), filters: filters, kernelSize: pair("kernel"),
                spec: spec)
            return Case(setup: setup, lines: lines, torchShape: shape)
        }
    }()

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 12)
        #expect(Self.cases.contains { $0.lines.contains { $0.hasPrefix("x = F.pad(") } })
        #expect(Self.cases.contains { $0.lines.contains { $0.hasPrefix("y = y[") } })
        #expect(Self.cases.contains { $0.lines.contains { $0.contains("padding=\"same\"") } })
    }

    @Test(arguments: cases) func callRunsInPyTorch(_ c: Case) throws {
        let call = PyTorchCall(c.setup, geometry: try Limits.check(c.setup))
        #expect(Array(call.lines.dropLast()) == c.lines)
        #expect(call.outputShape == c.torchShape)
        #expect(
            call.lines.last
                == "print(y.shape)  # torch.Size([\(c.torchShape.map(String.init).joined(separator: ", "))])")
    }
}
