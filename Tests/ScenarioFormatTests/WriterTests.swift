import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// The builder and the writer: every catalog scenario and every fill writes to a file that decodes back to the
/// same scenario.
@Suite struct WriterTests {
    @Test func everyCatalogScenarioRoundTrips() throws {
        for name in try catalogFiles() {
            let file = repoRoot.appendingPathComponent("Scenarios/\(name)").path
            let s = try Scenario.load(path: file)
            let back = try Scenario.decode(try s.encoded(), file: file)
            #expect(back.layer == s.layer, "\(file)")
            #expect(back.title == s.title && back.notes == s.notes && back.topic == s.topic, "\(file)")
            #expect(back.paddingMode == s.paddingMode, "\(file)")
            #expect(back.receptiveField == s.receptiveField && back.compareField == s.compareField, "\(file)")
        }
    }

    /// The builder's random fill is the generator object's: the same seed gives the same numbers as a file.
    @Test func fillsMatchTheGeneratorObject() throws {
        let setup = LayerSetup(
            channels: 2, inputSize: Pair(3, 4), filters: 1, kernelSize: Pair(2, 2), spec: ConvSpec())
        let built = try Scenario.build(setup, fill: .random(seed: 42), title: Localized(en: "t"))
        let text =
            #"{"title": "t", "input": {"shape": [2, 3, 4], "fill": "random", "seed": 42}, "#
            + #""kernel": {"shape": [1, 2, 2, 2], "fill": "random", "seed": 43, "range": [-1, 2]}}"#
        let file = try Scenario.decode(Array(text.utf8), file: "t.json")
        #expect(built.layer == file.layer)
        let index = try Scenario.build(setup, fill: .index, title: Localized(en: "t"))
        #expect(index.layer.input.values == (0..<24).map(Double.init))
        #expect(
            try Scenario.build(setup, fill: .ones, title: Localized(en: "t")).layer.kernel.values.allSatisfy { $0 == 1 }
        )
    }

    @Test func illegalSetupIsRefusedBeforeAllocating() {
        let setup = LayerSetup(
            channels: 1, inputSize: Pair(256, 256), filters: 16, kernelSize: Pair(32, 32),
            spec: ConvSpec(stride: Pair(both: 0)))
        #expect(throws: GeometryError.self) { try Scenario.build(setup, fill: .ones, title: Localized(en: "t")) }
    }

    /// Decimals, notes with a line break and quotes, a rectangular dilated transposed layer: all read back.
    @Test func decimalsTextAndPairs() throws {
        let text =
            #"{"title": {"en": "a \"q\"", "zh": "转置"}, "notes": "line\nnext", "op": "transposed", "#
            + #""input": [[[0.1, 0.25, -3]]], "kernel": [[[[1e-7, 2], [3, 4]]]], "bias": [0.005], "#
            + #""stride": [1, 2], "dilation": [2, 1], "padding": [1, 0], "output_padding": [1, 1]}"#
        let s = try Scenario.decode(Array(text.utf8), file: "t.json")
        let back = try Scenario.decode(try s.encoded(), file: "t.json")
        #expect(back.layer == s.layer && back.title == s.title && back.notes == s.notes)
    }

    /// One quoting for saved scenarios and `eval`'s JSON: controls (C0, DEL, C1, separators, bidi) as `\u`
    /// escapes, so no text acts on a terminal, and the parser reads back the same string.
    @Test func quotedTextIsInertAndReadsBack() throws {
        let s = "a\"b\\c\nd\te\u{1B}[2Jf\u{9B}g\u{202E}h\u{2066}i转置"
        let quoted = jsonQuoted(s)
        #expect(quoted == #""a\"b\\c\nd\te\u001b[2Jf\u009bg\u202eh\u2066i转置""#)
        #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        guard case .string(let back) = try JSONParser.parse(Array(quoted.utf8)).value else {
            Issue.record("not a string")
            return
        }
        #expect(back == s)
    }

    /// Uneven padding that is not "same" cannot be written: the writer says so rather than write another layer.
    @Test func unevenPaddingIsRefused() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 1, height: 4, width: 4, repeating: 1),
            kernel: Tensor4(filters: 1, channels: 1, height: 2, width: 2, values: [1, 1, 1, 1]),
            spec: ConvSpec(stride: Pair(both: 2), padding: Padding(top: 0, bottom: 1, left: 0, right: 1)))
        let s = Scenario.build(layer, title: Localized(en: "t"))
        #expect(throws: ScenarioError.self) { try s.encoded() }
    }
}
