import ConvModel
import Testing

@Suite struct SolverTests {
    typealias Row = (s: Int, p: Int, d: Int, a: Int)

    static func rows(_ op: Op, _ i: Int, _ o: Int, _ k: Int) -> [Row] {
        Solver.solve(op: op, input: i, output: o, kernel: k).map {
            ($0.stride, $0.padding, $0.dilation, $0.outputPadding)
        }
    }

    /// 5 → 3 with a 3×3 kernel, worked out by hand: ⌊(5 + 2p − d(3 − 1) − 1)/s⌋ + 1 = 3.
    @Test func convFiveToThree() {
        let rows = Self.rows(.conv, 5, 3, 3)
        let expected: [Row] = [
            (1, 0, 1, 0), (2, 1, 1, 0), (3, 2, 1, 0), (3, 3, 1, 0), (4, 3, 1, 0), (1, 1, 2, 0), (1, 2, 3, 0),
            (2, 2, 2, 0), (3, 3, 2, 0), (2, 3, 3, 0),
        ]
        #expect(rows.count == expected.count, "\(rows)")
        for (r, e) in zip(rows, expected) { #expect(r == e, "\(rows)") }
    }

    /// "What padding keeps the size?" with stride 1 and no dilation: half padding, first after nothing simpler.
    @Test func samePaddingIsFound() {
        let rows = Self.rows(.conv, 7, 7, 3)
        #expect(rows.first! == (1, 1, 1, 0))
        #expect(Solver.solve(op: .conv, input: 7, output: 7, kernel: 3)[0].relationship.number == 3)
    }

    /// The seed notes' transposed examples: 2 → 4 (k 3, s 1, p 0) and 3 → 5 (k 3, s 2, p 1).
    @Test func transposedSeedExamples() {
        #expect(Self.rows(.transposed, 2, 4, 3).first! == (1, 0, 1, 0))
        let five = Self.rows(.transposed, 3, 5, 3)
        #expect(five.contains { $0 == (2, 1, 1, 0) }, "\(five)")
        #expect(five.first! == (1, 0, 1, 0))
        let six = Solver.solve(op: .transposed, input: 3, output: 6, kernel: 3)
        #expect(
            six.contains { $0.stride == 2 && $0.padding == 1 && $0.outputPadding == 1 && $0.relationship.number == 14 })
        #expect(six.allSatisfy { $0.outputPadding < max($0.stride, $0.dilation) })
    }

    /// Every row reproduces the size through Geometry, and every candidate left out does not.
    @Test func rowsAreExactlyTheSettingsThatWork() {
        for op in Op.allCases {
            let rows = Solver.solve(op: op, input: 6, output: 3, kernel: 2)
            var count = 0
            for s in Solver.strides {
                for d in Solver.dilations {
                    for p in 0...2 {
                        for a in 0..<(op.scatters ? max(s, d) : 1) {
                            let spec = ConvSpec(
                                op: op, stride: Pair(both: s), padding: Padding(Pair(both: p)),
                                dilation: Pair(both: d), outputPadding: Pair(both: a))
                            let g = try? Geometry.compute(input: Pair(both: 6), kernel: Pair(both: 2), spec: spec)
                            let works = g?.outputSize.h == 3
                            let listed = rows.contains {
                                $0.stride == s && $0.padding == p && $0.dilation == d && $0.outputPadding == a
                            }
                            #expect(works == listed, "\(op) s\(s) p\(p) d\(d) a\(a)")
                            if works { count += 1 }
                        }
                    }
                }
            }
            #expect(count == rows.count)
        }
    }

    @Test func nothingGivesTheSize() {
        #expect(Solver.solve(op: .conv, input: 3, output: 10, kernel: 3).isEmpty)
        #expect(Solver.solve(op: .transposed, input: 9, output: 1, kernel: 1).isEmpty)
    }
}

@Suite struct PyTorchCallTests {
    static func call(_ setup: LayerSetup) throws -> PyTorchCall {
        PyTorchCall(setup, geometry: try Limits.check(setup))
    }

    @Test func conv() throws {
        let setup = LayerSetup(
            channels: 3, inputSize: Pair(5, 5), filters: 2, kernelSize: Pair(3, 3),
            spec: ConvSpec(stride: Pair(both: 2), padding: Padding(Pair(both: 1))))
        let c = try Self.call(setup)
        #expect(
            c.module
                == "nn.Conv2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), bias=True)")
        #expect(c.outputShape == [1, 2, 3, 3])
        #expect(c.weightShape == [2, 3, 3, 3])
        #expect(!c.weightSwapped)
        #expect(c.lines.last == "print(y.shape)  # torch.Size([1, 2, 3, 3])")
    }

    @Test func transposedWeightLayout() throws {
        let setup = LayerSetup(
            channels: 3, inputSize: Pair(3, 3), filters: 2, kernelSize: Pair(3, 3),
            spec: ConvSpec(
                op: .transposed, stride: Pair(both: 2), padding: Padding(Pair(both: 1)),
                outputPadding: Pair(both: 1)))
        let c = try Self.call(setup)
        #expect(
            c.module
                == "nn.ConvTranspose2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), "
                + "output_padding=(1, 1), dilation=(1, 1), bias=True)")
        #expect(c.outputShape == [1, 2, 6, 6])
        #expect(c.weightShape == [3, 2, 3, 3])
        #expect(c.weightNote.hasPrefix("layer.weight is [C_in][C_out][kh][kw] = [3, 2, 3, 3]"))
    }

    @Test func unevenPadding() throws {
        let same = LayerSetup(
            channels: 1, inputSize: Pair(5, 5), filters: 1, kernelSize: Pair(4, 4),
            spec: ConvSpec(padding: Padding.same(kernel: Pair(4, 4), dilation: Pair(both: 1))))
        #expect(try Self.call(same).module.contains("padding=\"same\""))
        #expect(try Self.call(same).prePad == nil)
        var strided = same
        strided.spec.stride = Pair(both: 2)
        let c = try Self.call(strided)
        #expect(c.module.contains("padding=(0, 0)"))
        #expect(c.prePad == "x = F.pad(x, (1, 2, 1, 2))")
        var transposed = same
        transposed.spec.op = .transposed
        let t = try Self.call(transposed)
        #expect(t.crop == "y = y[:, :, 1:6, 1:6]")
    }
}
