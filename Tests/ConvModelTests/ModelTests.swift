import ConvModel
import Testing

@Suite struct NumberFormatTests {
    @Test func integersHaveNoDecimalPoint() {
        #expect(Num.format(17) == "17")
        #expect(Num.format(-3) == "-3")
        #expect(Num.format(-0.0) == "0")
        #expect(Num.format(1_000_000) == "1000000")
    }

    @Test func decimalsAreShortestRoundTrip() {
        #expect(Num.format(0.5) == "0.5")
        #expect(Num.format(0.1 + 0.2) == "0.30000000000000004")
        #expect(Num.format(-2.25) == "-2.25")
        #expect(Num.format(0.00001) == "0.00001")
        #expect(Num.format(1.5e-7) == "0.00000015")
        #expect(Double(Num.format(123456.789)) == 123456.789)
    }
}

@Suite struct GeometryTests {
    func layer(input: Pair, kernel: Pair, _ spec: ConvSpec, c: Int = 1, k: Int = 1) throws -> ConvLayer {
        try ConvLayer(
            input: Tensor3(channels: c, height: input.h, width: input.w, repeating: 1),
            kernel: Tensor4(
                filters: k, channels: c, height: kernel.h, width: kernel.w,
                values: Array(repeating: 1, count: k * c * kernel.h * kernel.w)),
            spec: spec)
    }

    /// The seed's W2 = (W1 − F + 2P)/S + 1 and its dilated generalisation, worked by hand.
    @Test func directOutputSizes() throws {
        let strided = ConvSpec(stride: Pair(both: 2), padding: Padding(Pair(both: 1)))
        #expect(try layer(input: Pair(5, 5), kernel: Pair(3, 3), strided).geometry.outputSize == Pair(3, 3))
        let dilated = try layer(input: Pair(7, 7), kernel: Pair(3, 3), ConvSpec(dilation: Pair(both: 2))).geometry
        #expect(dilated.outputSize == Pair(3, 3))
        #expect(dilated.effectiveKernel == Pair(5, 5))
        // Rectangular everything: H2 = ⌊(6 + 2⋅2 − 2⋅(3 − 1) − 1)/3⌋ + 1 = 2, W2 = ⌊(9 + 0 − 1⋅(2 − 1) − 1)/2⌋ + 1 = 4.
        let spec = ConvSpec(stride: Pair(3, 2), padding: Padding(Pair(2, 0)), dilation: Pair(2, 1))
        let g = try layer(input: Pair(6, 9), kernel: Pair(3, 2), spec).geometry
        #expect(g.outputSize == Pair(2, 4))
        #expect(g.paddedSize == Pair(10, 9))
    }

    /// The seed's W2 = S(W1 − 1) + F − 2P, with output_padding and dilation.
    @Test func transposedOutputSizes() throws {
        let t = ConvSpec(op: .transposed, stride: Pair(both: 2), padding: Padding(Pair(both: 1)))
        #expect(try layer(input: Pair(3, 3), kernel: Pair(3, 3), t).geometry.outputSize == Pair(5, 5))
        var op = t
        op.outputPadding = Pair(1, 0)
        #expect(try layer(input: Pair(3, 3), kernel: Pair(3, 3), op).geometry.outputSize == Pair(6, 5))
        let d = ConvSpec(op: .transposed, stride: Pair(both: 1), dilation: Pair(both: 2))
        #expect(try layer(input: Pair(2, 2), kernel: Pair(3, 3), d).geometry.outputSize == Pair(6, 6))
    }

    @Test func illegalOutputPadding() throws {
        let spec = ConvSpec(op: .transposed, stride: Pair(both: 2), outputPadding: Pair(2, 0))
        #expect(throws: GeometryError.self) { try layer(input: Pair(3, 3), kernel: Pair(3, 3), spec) }
        // Allowed when smaller than the dilation even with stride 1 (PyTorch's rule).
        let ok = ConvSpec(op: .transposed, dilation: Pair(both: 3), outputPadding: Pair(2, 2))
        #expect(try layer(input: Pair(2, 2), kernel: Pair(2, 2), ok).geometry.outputSize == Pair(7, 7))
    }

    @Test func kernelLargerThanPaddedInput() {
        let message = "the dilated kernel (5×5) is larger than the padded input (4×4)"
        let expected = Said(field: "kernel", message: message)
        do {
            _ = try layer(input: Pair(4, 4), kernel: Pair(3, 3), ConvSpec(dilation: Pair(both: 2)))
            Issue.record("the kernel fits")
        } catch let error as GeometryError {
            #expect(Said(error) == expected)
        } catch {
            Issue.record("\(error)")
        }
    }

    /// Dilation 2 with stride 2 never taps the odd rows: holes everywhere in between.
    @Test func untappedByHoles() throws {
        let spec = ConvSpec(stride: Pair(both: 2), dilation: Pair(both: 2))
        let g = try layer(input: Pair(7, 7), kernel: Pair(3, 3), spec).geometry
        #expect(g.outputSize == Pair(2, 2))
        #expect(g.untappedRows == [1, 3, 5])
        #expect(g.uncoveredRows == [])
    }

    /// Transposed convolution equals its direct rewrite, also when P > d(k − 1) crops the upsampled grid, even
    /// past its far edge (the reviewer's case: 1×4 input, 1×4 kernel, stride 3, dilation [3, 1], padding [1, 4],
    /// output_padding [2, 2]).
    @Test func equivalentConvWithCrop() throws {
        let x = Tensor3([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
        let w = Tensor4([[[[1, -1], [2, 0]]]])
        for p in 0...2 {
            for op in 0...1 {
                let spec = ConvSpec(
                    op: .transposed, stride: Pair(both: 2), padding: Padding(Pair(both: p)),
                    outputPadding: Pair(both: op))
                let t = try ConvLayer(input: x, kernel: w, spec: spec)
                let eq = try EquivalentConv(t)
                #expect(eq.layer.output() == t.output(), "p=\(p) op=\(op)")
                #expect(eq.border == Padding(top: 1 - p, bottom: 1 - p + op, left: 1 - p, right: 1 - p + op))
            }
        }
    }

    @Test func equivalentConvCropPastTheGrid() throws {
        let x = Tensor3([[[1, 2, 3, 4]]])
        let w = Tensor4([[[[1, -1, 2, 3]]]])
        let spec = ConvSpec(
            op: .transposed, stride: Pair(both: 3), padding: Padding(Pair(1, 4)), dilation: Pair(3, 1),
            outputPadding: Pair(2, 2))
        let t = try ConvLayer(input: x, kernel: w, spec: spec)
        let eq = try EquivalentConv(t)
        #expect(t.geometry.outputSize == Pair(1, 7))
        #expect(eq.layer.outputShape == [1, 1, 7])
        #expect(eq.layer.output() == t.output())
        #expect(eq.border.top == -1 && eq.border.bottom == 1)
        #expect(eq.kind(y: 0, x: 0) == .padding)
    }

    /// The window arithmetic and its inverse, by hand: stride 2, dilation 3, padding 1 before.
    @Test func axisWindow() {
        let axis = AxisWindow(stride: 2, dilation: 3, before: 1)
        #expect(axis.padded(window: 2, tap: 1) == 7)
        #expect(axis.cell(window: 2, tap: 1) == 6)
        #expect(axis.cell(window: 0, tap: 0) == -1)
        #expect(axis.extent(windows: 1, taps: 3) == 7)
        #expect(axis.extent(windows: 3, taps: 3) == 11)
        #expect(axis.window(reaching: 7, tap: 1) == 2)
        #expect(axis.window(reaching: 8, tap: 1) == nil)
        #expect(axis.window(reaching: 2, tap: 1) == nil)
        for w in 0..<5 {
            for t in 0..<4 {
                #expect(axis.window(reaching: axis.padded(window: w, tap: t), tap: t) == w)
            }
        }
    }

    /// Stepping back is an index change: step n − 1 is the same value whether reached forward or directly.
    @Test func tracesAreIndexable() throws {
        let l = try layer(input: Pair(200, 200), kernel: Pair(3, 3), ConvSpec(), c: 2, k: 3)
        let trace = ConvTrace(l)
        #expect(trace.count == 3 * 198 * 198)
        let last = trace[trace.count - 1]
        #expect(last.filter == 2 && last.oy == 197 && last.ox == 197 && last.value == 18)
        #expect(trace[trace.count - 2].ox == 196)
    }
}

@Suite struct ReceptiveFieldTests {
    @Test func seedStack() {
        let dilated = ReceptiveField([
            RFLayer(kernel: 3, dilation: 1), RFLayer(kernel: 3, dilation: 2),
            RFLayer(kernel: 3, dilation: 4),
        ])
        #expect(dilated.sizes == [3, 7, 15])
        let plain = ReceptiveField(Array(repeating: RFLayer(kernel: 3), count: 3))
        #expect(plain.sizes == [3, 5, 7])
        // The dilated field is dense: every one of the 15 offsets is reached, by 27 = 3⋅3⋅3 paths in all
        // (offsets a + b + c with a ∈ {0,1,2}, b ∈ {0,2,4}, c ∈ {0,4,8}, counted by hand).
        let paths = dilated.paths(depth: 3)
        #expect(paths == [1, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 1, 2, 1, 1])
        // A single d = 2 layer reaches only every other cell: the holes.
        #expect(ReceptiveField([RFLayer(kernel: 3, dilation: 2)]).paths(depth: 1) == [1, 0, 1, 0, 1])
    }

    @Test func strideMultipliesTheJump() {
        let f = ReceptiveField([RFLayer(kernel: 3, stride: 2), RFLayer(kernel: 3)])
        #expect(f.sizes == [3, 7])
        #expect(f.growth.map(\.jump) == [2, 2])
        #expect(f.jump(before: 0) == 1 && f.jump(before: 1) == 2)
    }

    /// Each layer's taps, spaced d⋅J input cells (counted by hand), and where the newest layer's taps land.
    @Test func tapsPerLayer() {
        let seed = ReceptiveField([
            RFLayer(kernel: 3, dilation: 1), RFLayer(kernel: 3, dilation: 2), RFLayer(kernel: 3, dilation: 4),
        ])
        #expect(seed.taps(layer: 0) == [0, 1, 2])
        #expect(seed.taps(layer: 1) == [0, 2, 4])
        #expect(seed.taps(layer: 2) == [0, 4, 8])
        // After 3 layers the taps read the centres of three 7-wide sub-fields starting at 0, 4 and 8.
        #expect(seed.newestTaps(depth: 3) == [3, 7, 11])
        #expect(seed.newestTaps(depth: 1) == [0, 1, 2])
        // Strides 2 then 1: the second layer's taps are 2 input cells apart (J = 2), d = 1.
        let strided = ReceptiveField([RFLayer(kernel: 3, stride: 2), RFLayer(kernel: 5)])
        #expect(strided.taps(layer: 1) == [0, 2, 4, 6, 8])
        #expect(strided.sizes == [3, 11])
        #expect(strided.newestTaps(depth: 2) == [1, 3, 5, 7, 9])
        // Kernel 2, dilations 2 then 4: the field after 2 layers is {0, 2, 4, 6}; the taps land on 1 and 5,
        // centres of the sub-fields {0, 2} and {4, 6}, which are holes.
        let holes = ReceptiveField([RFLayer(kernel: 2, dilation: 2), RFLayer(kernel: 2, dilation: 4)])
        #expect(holes.paths(depth: 2) == [1, 0, 1, 0, 1, 0, 1])
        #expect(holes.newestTaps(depth: 2) == [1, 5])
        // Every span is what the layer adds to the field, plus one.
        for f in [seed, strided, holes] {
            for n in f.layers.indices {
                let span = (f.taps(layer: n).last ?? 0) + 1
                #expect(f.sizes[n] == (n == 0 ? 1 : f.sizes[n - 1]) + span - 1)
            }
        }
    }

    /// The closed forms of the notes hold where the stack is of their kind, and only there.
    @Test func closedForms() {
        let plain = ReceptiveField(Array(repeating: RFLayer(kernel: 5), count: 4))
        #expect(plain.plainKernel == 5)
        #expect(plain.sizes == (1...4).map { (5 - 1) * $0 + 1 })
        let doubling = ReceptiveField((0..<4).map { RFLayer(kernel: 3, dilation: 1 << $0) })
        #expect(doubling.doublesDilation && doubling.plainKernel == nil)
        #expect(doubling.sizes == (1...4).map { (1 << ($0 + 1)) - 1 })
        #expect(ReceptiveField([RFLayer(kernel: 3), RFLayer(kernel: 5)]).plainKernel == nil)
        #expect(ReceptiveField([RFLayer(kernel: 3, stride: 2), RFLayer(kernel: 3)]).plainKernel == nil)
        #expect(!ReceptiveField([RFLayer(kernel: 5), RFLayer(kernel: 5, dilation: 2)]).doublesDilation)
        #expect(!ReceptiveField([RFLayer(kernel: 3, stride: 2), RFLayer(kernel: 3, dilation: 2)]).doublesDilation)
    }

    /// The growth stops before the layer whose numbers would overflow an Int: 2^32 · 2^32 = 2^64.
    @Test func growthStopsBeforeAnOverflow() {
        let f = ReceptiveField(Array(repeating: RFLayer(kernel: 1, stride: 1 << 32), count: 3))
        #expect(f.growth == [ReceptiveField.Growth(size: 1, jump: 1 << 32)])
    }
}

@Suite struct ParameterTests {
    /// K⋅(kh⋅kw⋅C + 1) against (C⋅H⋅W)⋅(K⋅H2⋅W2) + K⋅H2⋅W2.
    @Test func weightSharing() throws {
        let kernel = Tensor4(filters: 4, channels: 3, height: 3, width: 3, values: Array(repeating: 0, count: 108))
        let l = try ConvLayer(input: Tensor3(channels: 3, height: 8, width: 8), kernel: kernel, spec: ConvSpec())
        #expect(l.parameters.conv == 4 * (27 + 1))
        #expect(l.parameters.fullyConnected == 192 * 144 + 144)
    }
}
