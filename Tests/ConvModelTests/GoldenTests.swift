import ConvModel
import Foundation
import Testing

/// Every case of Golden/golden.json, made by numpy loops (Golden/make_golden.py), must match exactly. The layers
/// are built here from the cases' plain fields, without the scenario format (ScenarioFormatTests decodes them).
@Suite struct GoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// nil when the case's fields give no layer (a test failure).
        let layer: ConvLayer?
        let shape: [Int]
        let output: [Double]
        /// The exact decimals of the output, as strings, for the "-exact" cases (computed with Python's Fraction).
        let exact: [String]?
        /// Direct: the patch matrix's columns (numpy loops). Transposed: contributions per output cell.
        let im2col: [[Double]]?
        let overlap: [[Int]]?
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let root = try? readJSONFile("Tests/ConvModelTests/Golden/golden.json") as? [String: Any],
            let list = root["cases"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { c in
            guard let s = c["scenario"] as? [String: Any], let shape = c["output_shape"] as? [Int],
                let out = c["output"]
            else { return nil }
            return Case(
                name: c["name"] as? String ?? "?", layer: layer(s), shape: shape, output: numbers(out),
                exact: c["output_exact"].map(strings),
                im2col: (c["im2col"] as? [Any])?.map(numbers), overlap: c["overlap"] as? [[Int]])
        }
    }()

    /// The layer of a golden scenario: nested input and kernel, bias, and every pair written as [h, w].
    static func layer(_ s: [String: Any]) -> ConvLayer? {
        func list(_ any: Any?) -> [Any] { any as? [Any] ?? [] }
        func pair(_ key: String, _ absent: Int) -> Pair {
            let v = numbers(s[key] ?? [absent, absent])
            return v.count == 2 ? Pair(Int(v[0]), Int(v[1])) : Pair(both: -1)
        }
        guard let op = Op(rawValue: s["op"] as? String ?? "conv") else { return nil }
        let input = Tensor3(list(s["input"]).map { list($0).map(numbers) })
        let kernel = Tensor4(list(s["kernel"]).map { list($0).map { list($0).map(numbers) } })
        let spec = ConvSpec(
            op: op, stride: pair("stride", 1), padding: Padding(pair("padding", 0)),
            dilation: pair("dilation", 1), outputPadding: pair("output_padding", 0))
        return try? ConvLayer(input: input, kernel: kernel, bias: s["bias"].map(numbers), spec: spec)
    }

    static func strings(_ any: Any) -> [String] {
        if let a = any as? [Any] { return a.flatMap(strings) }
        return [any as? String ?? "?"]
    }

    @Test func thereAreEnoughCases() {
        #expect(Self.cases.count >= 40)
        #expect(Self.cases.allSatisfy { $0.layer != nil })
        #expect(Self.cases.contains { $0.layer?.op == .transposed })
        #expect(Self.cases.filter { $0.exact != nil }.count >= 10)
    }

    @Test(arguments: cases) func matchesReference(_ c: Case) throws {
        let layer = try #require(c.layer)
        #expect(layer.outputShape == c.shape)
        let out = layer.output()
        #expect(out.values == c.output)
        if let exact = c.exact {
            // Exact decimal arithmetic: each value prints as the exact decimal, without floating-point noise.
            #expect(layer.arithmetic.isExact)
            #expect(out.values.map(Num.format) == exact)
        }
        switch layer.op {
        case .conv:
            // The trace's values are the same numbers, step by step.
            let trace = ConvTrace(layer)
            #expect(trace.count == out.values.count)
            #expect(trace.map(\.value) == out.values)
        case .transposed:
            // The scatter trace's running sums after the last step, plus bias, give the output; and the
            // equivalent direct convolution (zero insertion, flipped kernel) gives it too.
            let trace = ScatterTrace(layer)
            let g = layer.geometry
            var viaTrace: [Double] = []
            for k in 0..<c.shape[0] {
                for oy in 0..<c.shape[1] {
                    for ox in 0..<c.shape[2] {
                        let fy = oy + g.padding.top
                        let fx = ox + g.padding.left
                        let sum = trace.running(filter: k, fy: fy, fx: fx, through: trace.count - 1).sum
                        viaTrace.append(layer.arithmetic.sum([sum, layer.bias[k]]))
                    }
                }
            }
            #expect(viaTrace == c.output)
            let eq = try EquivalentConv(layer)
            #expect(eq.layer.output().values == c.output)
        }
    }

    /// im2col: each column of the patch matrix is the reference's, and W⋅P + b (row k times column j) is the output.
    @Test(arguments: cases.filter { $0.im2col != nil }) func im2colTimesKernelIsOutput(_ c: Case) throws {
        let layer = try #require(c.layer)
        let im = Im2col(layer)
        let columns = try #require(c.im2col)
        #expect(im.columns == columns.count)
        #expect(im.rows == columns.first?.count)
        #expect((0..<im.columns).map(im.column) == columns)
        let product = (0..<im.filters).flatMap { k in (0..<im.columns).map { im.value(filter: k, column: $0) } }
        #expect(product == c.output)
    }

    /// Overlap counts: per output cell, the reference's number of (input cell, kernel tap) pairs landing on it, and the
    /// scatter trace's count; the product of the per-axis counts.
    @Test(arguments: cases.filter { $0.overlap != nil }) func overlapCountsAreContributions(_ c: Case) throws {
        let layer = try #require(c.layer)
        let expected = try #require(c.overlap)
        let o = Overlap(layer)
        let g = layer.geometry
        #expect(o.rows.count == expected.count && o.cols.count == expected.first?.count)
        let counts = (0..<o.rows.count).map { r in (0..<o.cols.count).map { o.count(oy: r, ox: $0) } }
        #expect(counts == expected)
        let trace = ScatterTrace(layer)
        for (r, row) in expected.enumerated() {
            for (col, n) in row.enumerated()
            where r + g.padding.top < g.paddedSize.h && col + g.padding.left < g.paddedSize.w {
                #expect(trace.overlap(fy: r + g.padding.top, fx: col + g.padding.left) == n)
            }
        }
        #expect(expected.contains { $0.contains(o.maximum) })
    }

    @Test func enoughIm2colAndOverlapCases() {
        #expect(Self.cases.filter { $0.im2col != nil }.count >= 30)
        #expect(Self.cases.filter { $0.overlap != nil }.count >= 20)
    }
}
