import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// The shipped catalog loads, and each scenario's output equals CatalogExpected.json (numpy, Golden/make_catalog.py).
@Suite struct CatalogTests {
    nonisolated(unsafe) static let expected: [String: [String: Any]] = {
        (try? readJSONFile("Tests/ScenarioFormatTests/CatalogExpected.json") as? [String: [String: Any]]) ?? [:]
    }()
    static let files: [String] = expected.keys.sorted()

    func load(_ name: String) throws -> Scenario {
        try Scenario.load(path: repoRoot.appendingPathComponent("Scenarios/\(name)").path)
    }

    @Test func everyShippedFileIsExpected() throws {
        let shipped = try catalogFiles()
        #expect(shipped == Self.files)
        #expect(shipped.count >= 15)
    }

    @Test(arguments: files) func matchesExpected(_ name: String) throws {
        let s = try load(name)
        let e = try #require(Self.expected[name])
        #expect(s.layer.outputShape == e["output_shape"] as? [Int])
        #expect(s.layer.output().values == numbers(e["output"] as Any))
        if let rf = e["receptive_field"] as? [Int] { #expect(s.receptiveField?.sizes == rf) }
        if let rf = e["compare_receptive_field"] as? [Int] { #expect(s.compareField?.sizes == rf) }
        if let p = e["conv_params"] as? Int { #expect(s.layer.parameters.conv == p) }
        if let p = e["fc_params"] as? Int { #expect(s.layer.parameters.fullyConnected == p) }
        #expect(s.title.en?.isEmpty == false && s.title.zh?.isEmpty == false)
        #expect(s.notes?.en?.isEmpty == false && s.notes?.zh?.isEmpty == false)
    }

    /// The shapes the issue names for each animation of the seed notes and conv_arithmetic.
    @Test func catalogShapes() throws {
        let want: [(String, [Int], [Int])] = [
            ("01", [1, 4, 4], [1, 2, 2]), ("02", [1, 5, 5], [1, 6, 6]), ("03", [1, 5, 5], [1, 5, 5]),
            ("04", [1, 5, 5], [1, 7, 7]), ("05", [1, 5, 5], [1, 2, 2]), ("06", [1, 5, 5], [1, 3, 3]),
            ("07", [1, 6, 6], [1, 3, 3]), ("08", [1, 7, 7], [1, 3, 3]),
            ("13", [1, 2, 2], [1, 4, 4]), ("14", [1, 3, 3], [1, 5, 5]), ("15", [1, 3, 3], [1, 6, 6]),
        ]
        for (prefix, inShape, outShape) in want {
            let name = try #require(Self.files.first { $0.hasPrefix(prefix) })
            let s = try load(name)
            #expect(s.layer.input.shape == inShape, "\(name)")
            #expect(s.layer.outputShape == outShape, "\(name)")
        }
    }

    /// Hand-checked: Dumoulin & Visin's padding 1, stride 2 example, cell out[1,1] = 17 from its nine taps.
    @Test func paddingStridesByHand() throws {
        let s = try load("06-padding-strides.json")
        let trace = ConvTrace(s.layer)
        let step = trace[trace.index(filter: 0, oy: 1, ox: 1)]
        #expect(step.taps[0].map(\.x) == [0, 1, 3, 1, 2, 2, 0, 0, 2])
        #expect(step.taps[0].map(\.w) == [0, 1, 2, 2, 2, 0, 0, 1, 2])
        #expect(step.value == 17)
        // out[0,0] reads five padding cells.
        #expect(trace[0].taps[0].filter { $0.kind == .padding }.count == 5)
        #expect(s.layer.geometry.outputSize == Pair(3, 3))
    }

    /// Hand-checked: 3 channels, partial sums 7, 5, 7, merged 19, bias 1 → 20 (SCREENS.md).
    @Test func multiChannelByHand() throws {
        let s = try load("09-multi-channel.json")
        let step = ConvTrace(s.layer)[0]
        #expect(step.partials == [7, 5, 7])
        #expect(step.merged == 19)
        #expect(step.bias == 1)
        #expect(step.value == 20)
    }

    /// Hand-checked: the odd case leaves the last padding row and column untouched.
    @Test func oddStrideLeavesARowUncovered() throws {
        let g = try load("07-padding-strides-odd.json").layer.geometry
        #expect(g.paddedSize == Pair(8, 8))
        #expect(g.uncoveredRows == [7])
        #expect(g.uncoveredCols == [7])
        #expect(g.untappedRows == [7])
    }

    /// Hand-checked: transposed 3×3 → 5×5, k3, s2, p1; in[0,1] = 2 stamps 2 × kernel at buffer rows 0–2, columns 2–4.
    @Test func scatterByHand() throws {
        let s = try load("14-transposed-deconv2.json")
        let trace = ScatterTrace(s.layer)
        let step = trace[1]
        #expect(step.iy == 0 && step.ix == 1 && step.inputs == [2])
        #expect(step.origin == Pair(0, 2))
        #expect(step.hits.map(\.contribution) == [2, 0, 4, 0, 2, 0, 2, 0, 2])  // kernel row 0 is 1 0 2
        // Buffer row 0 is cropped by the padding; buffer (1, 3) is output (0, 2).
        #expect(step.hits[0].oy == nil)
        #expect(step.hits[4].oy == 0 && step.hits[4].ox == 2)
        // After two steps, buffer (2, 2) has received from in[0,0] (w[2][2] = 1) and in[0,1] (w[2][0] = 1⋅2).
        #expect(trace.running(filter: 0, fy: 2, fx: 2, through: 1).sum == 3)
        #expect(trace.running(filter: 0, fy: 2, fx: 2, through: 1).count == 2)
        #expect(trace.overlap(fy: 2, fx: 2) == 4)
        #expect(s.layer.geometry.paddedSize == Pair(7, 7))
    }

    /// Hand-checked: output_padding keeps one more row and column of the scatter buffer.
    @Test func outputPaddingByHand() throws {
        let g = try load("15-transposed-output-padding.json").layer.geometry
        #expect(g.paddedSize == Pair(7, 7))
        #expect(g.outputSize == Pair(6, 6))
        #expect(g.bufferRowIsKept(6) && !g.bufferRowIsKept(0))
        #expect(g.extraRows == 0)
    }
}
