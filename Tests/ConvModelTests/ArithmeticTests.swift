import ConvModel
import Testing

/// Exact decimal arithmetic (`Arithmetic`): hand-computed cases where binary floating point would leave noise, and
/// the fallback to floating point when the digits do not allow exactness.
@Suite struct ArithmeticTests {
    /// A 1-channel row vector input and one row kernel (or several channels, each a row).
    func row(_ x: [[Double]], _ w: [[Double]], bias: Double = 0, op: Op = .conv) throws -> ConvLayer {
        try ConvLayer(
            input: Tensor3(channels: x.count, height: 1, width: x[0].count, values: x.flatMap { $0 }),
            kernel: Tensor4(filters: 1, channels: w.count, height: 1, width: w[0].count, values: w.flatMap { $0 }),
            bias: [bias], spec: ConvSpec(op: op))
    }

    /// The floating-point sum of x·w the way a plain loop adds it, for the contrast and the fallback.
    func floatSum(_ x: [Double], _ w: [Double], bias: Double = 0) -> Double {
        var s = 0.0
        for (a, b) in zip(x, w) { s += a * b }
        return s + bias
    }

    @Test func decimalNoiseCancelsToZero() throws {
        // In binary floating point this is 5.551115123125783e-17.
        #expect(floatSum([0.1, 0.2, 0.3], [1, 1, -1]) != 0)
        let layer = try row([[0.1, 0.2, 0.3]], [[1, 1, -1]])
        #expect(layer.arithmetic.decimals == 1)
        #expect(layer.output().values == [0.0])
        let step = ConvTrace(layer)[0]
        #expect(step.value == 0.0)
        #expect(Array(step.running) == [[0.1, 0.3, 0.0]])
        #expect(step.taps[0].map(\.product) == [0.1, 0.2, -0.3])
        #expect(Num.format(layer.output().values[0]) == "0")
    }

    @Test func pointOnePlusPointTwoIsPointThree() throws {
        #expect(floatSum([0.1, 0.2], [1, 1]) != 0.3)
        let layer = try row([[0.1, 0.2]], [[1, 1]])
        #expect(layer.output().values == [0.3])
        #expect(ConvTrace(layer)[0].value == 0.3)
        #expect(Num.format(layer.output().values[0]) == "0.3")
    }

    /// Products of two decimals (0.1·0.7 is 0.06999999999999999 in floating point) and their sums.
    @Test func decimalProducts() throws {
        #expect(0.1 * 0.7 != 0.07)
        let layer = try row([[0.1, 0.2, 0.3]], [[0.7, 0.1, 0.3]])
        #expect(layer.arithmetic.decimals == 2)
        // 0.07 + 0.02 + 0.09 = 0.18.
        #expect(layer.output().values == [0.18])
        let step = ConvTrace(layer)[0]
        #expect(step.taps[0].map(\.product) == [0.07, 0.02, 0.09])
        #expect(step.running[0] == [0.07, 0.09, 0.18])
        #expect(step.sum(channel: 0, taps: 0) == 0)
        #expect(step.sum(channel: 0, taps: 2) == 0.09)
    }

    /// Partial sums per channel, their merge and the bias, each exact.
    @Test func channelsMergeExactly() throws {
        let layer = try row([[0.1, 0.2], [0.3, 0.4]], [[1, 1], [-1, 0.5]], bias: 0.1)
        let step = ConvTrace(layer)[0]
        #expect(step.partials == [0.3, -0.1])
        #expect(step.merged == 0.2)
        let trace = ConvTrace(layer)
        #expect([trace.partial(0, channel: 0), trace.partial(0, channel: 1)] == [0.3, -0.1])
        #expect(trace.merged(0) == 0.2)
        #expect(step.value == 0.3)
        #expect(layer.output().values == [0.3])
    }

    /// The bias has more decimals (3) than the products (1): everything is counted in thousandths.
    @Test func biasWithMoreDecimals() throws {
        let layer = try row([[0.1, 0.2]], [[1, 1]], bias: 0.005)
        #expect(layer.arithmetic.decimals == 3)
        #expect(layer.output().values == [0.305])
        #expect(ConvTrace(layer)[0].value == 0.305)
        #expect(ConvTrace(layer)[0].merged == 0.3)
    }

    /// Transposed: in = [0.1, 0.2], w = [0.7, 0.1], stride 1 scatters 0.07, 0.01 + 0.14, 0.02.
    @Test func transposedScatterSums() throws {
        let layer = try row([[0.1, 0.2]], [[0.7, 0.1]], bias: 0.01, op: .transposed)
        #expect(layer.output().values == [0.08, 0.16, 0.03])
        let trace = ScatterTrace(layer)
        #expect(trace[0].hits.map(\.contribution) == [0.07, 0.01])
        #expect(trace[1].hits.map(\.terms) == [[0.14], [0.02]])
        #expect(trace.running(filter: 0, fy: 0, fx: 1, through: 0).sum == 0.01)
        #expect(trace.running(filter: 0, fy: 0, fx: 1, through: 1) == (0.15, 2))
        #expect(trace.running(0.01, adding: trace[1].hits[0]) == 0.15)
        let eq = try EquivalentConv(layer)
        #expect(eq.layer.arithmetic == layer.arithmetic)
        #expect(eq.layer.output() == layer.output())
    }

    /// A step built with one channel's taps is the step built with none (each channel's taps and running sums when
    /// read) and the step as it was computed with every tap built at once; its partial sums are those of `partial`.
    /// In exact decimals (multiples of 0.5) and in floating point (multiples of 0.1 and of 1/3 as doubles).
    @Test(arguments: [0.5, 0.1, 0.333333333333333314829616256247])
    func stepsBuildTheChannelsAskedFor(_ unit: Double) throws {
        let values = (0..<(3 * 4 * 5)).map { Double($0 % 7) * unit }
        let layer = try ConvLayer(
            input: Tensor3(channels: 3, height: 4, width: 5, values: values),
            kernel: Tensor4(filters: 2, channels: 3, height: 2, width: 3, values: (0..<36).map { Double($0 % 5) - 2 }),
            bias: [unit, -1], spec: ConvSpec(padding: Padding(top: 1, bottom: 0, left: 2, right: 1)))
        let trace = ConvTrace(layer)
        for i in trace.indices {
            let step = trace[i]
            let (products, running, value) = eagerStep(layer, i)
            #expect(step.taps.map { $0.map(\.product) } == products)
            #expect(Array(step.running) == running)
            #expect(step.partials == running.map { $0.last ?? 0 })
            #expect(step.partials == (0..<3).map { trace.partial(i, channel: $0) })
            #expect(step.value == value)
            for c in 0..<3 {
                #expect(trace.step(i, taps: [c]) == step)
                #expect(trace.step(i, taps: [c, 0]).taps[c] == step.taps[c])
            }
        }
    }

    /// Window i's products, running sums and value as a trace step computed them when it built every tap at once:
    /// channel by channel, tap by tap, the channels' sums merged in order, then the bias.
    func eagerStep(_ layer: ConvLayer, _ i: Int) -> ([[Double]], [[Double]], Double) {
        let g = layer.geometry
        let out = g.outputSize
        let (k, oy, ox) = (i / (out.h * out.w), i % (out.h * out.w) / out.w, i % out.w)
        var products: [[Double]] = []
        var running: [[Double]] = []
        var merged = Sum(layer.arithmetic)
        for c in 0..<layer.input.channels {
            var sum = Sum(layer.arithmetic)
            products.append([])
            running.append([])
            for u in 0..<layer.kernel.height {
                for v in 0..<layer.kernel.width {
                    let (iy, ix) = (g.rows.cell(window: oy, tap: u), g.cols.cell(window: ox, tap: v))
                    let inside = iy >= 0 && iy < layer.input.height && ix >= 0 && ix < layer.input.width
                    let x = inside ? layer.input[c, iy, ix] : 0
                    products[c].append(layer.arithmetic.product(x, layer.kernel[k, c, u, v]))
                    sum.add(x, times: layer.kernel[k, c, u, v])
                    running[c].append(sum.value)
                }
            }
            merged.add(sum.value)
        }
        merged.add(layer.bias[k])
        return (products, running, merged.value)
    }

    /// A running sum grows by one stamp's contribution only when the layer is exact: in floating point the order
    /// of `running` decides the rounding.
    @Test func runningAfterOneMoreStampIsExactOnly() throws {
        let third = 0.333333333333333314829616256247
        let trace = ScatterTrace(try row([[third, third]], [[1, third]], op: .transposed))
        #expect(trace.running(trace.running(filter: 0, fy: 0, fx: 1, through: 0).sum, adding: trace[1].hits[0]) == nil)
    }

    /// 1/3 written with all its digits (0.333333333333333314829616256247) has more decimals than exactness allows:
    /// the layer adds in binary floating point, as it always did.
    @Test func tooManyDigitsFallsBackToFloatingPoint() throws {
        let third = 0.333333333333333314829616256247
        #expect(third == 1.0 / 3.0)
        let layer = try row([[third, third, third]], [[1, 1, 1]])
        #expect(!layer.arithmetic.isExact)
        #expect(layer.output().values == [floatSum([third, third, third], [1, 1, 1])])
        #expect(ConvTrace(layer)[0].value == layer.output().values[0])
        let huge = try row([[1e300, 0.1]], [[1, 0.2]])
        #expect(!huge.arithmetic.isExact)
        #expect(huge.output().values == [floatSum([1e300, 0.1], [1, 0.2])])
    }

    /// Decimals that each read exactly but whose products would reach 10^15 units: floating point.
    @Test func sumsTooLargeFallBack() throws {
        let layer = try row([[123456.123456789, 1]], [[0.123456789, 1]])
        #expect(!layer.arithmetic.isExact)
        #expect(layer.output().values == [floatSum([123456.123456789, 1], [0.123456789, 1])])
        let small = try row([[0.5, 1]], [[0.25, 1]])
        #expect(small.arithmetic.decimals == 3)
    }

    /// The bounds the screen sizes its grids by are exact decimals too.
    @Test func boundsAreExact() throws {
        let conv = try row([[0.1, 0.2, 0.3]], [[1, 1, -1]], bias: -0.1)
        #expect(conv.sumBounds() == [0.9])
        #expect(conv.outputBounds() == [1])
        #expect(conv.hasNegative)
        let transposed = try row([[0.1, 0.2]], [[0.7, 0.1]], op: .transposed)
        let b = ScatterTrace(transposed).bounds()
        #expect(b.magnitudes == [0.07, 0.15, 0.02])
        #expect(b.counts == [1, 2, 1])
        #expect(!b.negative)
    }

    @Test func decimalsPerTensor() {
        let a = Arithmetic(input: [1, 2.5, -0.25], kernel: [3, 0.1], bias: [0], terms: 2)
        #expect(a.decimals == 3)
        let b = Arithmetic(input: [1, 2], kernel: [3], bias: [0.0001], terms: 1)
        #expect(b.decimals == 4)
        let c = Arithmetic(input: [0.0000000001], kernel: [1], bias: [0], terms: 1)
        #expect(!c.isExact)
        #expect(Arithmetic(input: [.nan], kernel: [1], bias: [0], terms: 1) == .floatingPoint)
        #expect(Arithmetic(input: [.infinity], kernel: [1], bias: [0], terms: 1) == .floatingPoint)
    }
}

/// In binary floating point the output adds in the association the trace shows (each channel's partial sum, the
/// partials in channel order, then the bias), so a finished cell and the current one show the same number to the
/// last bit; a single running sum over all channels would differ in the last place (e.g. -0.6 against
/// -0.5999999999999999).
@Suite struct FloatOrderTests {
    @Test func theOutputOfAFloatLayerIsTheTracesValueBitForBit() throws {
        var numbers = FloatNumbers(seed: 12345)
        for channels in [2, 3, 5] {
            let layer = try numbers.layer(
                channels: channels, height: 6, width: 7, spec: ConvSpec(op: .conv, padding: Padding(Pair(both: 1))))
            let trace = ConvTrace(layer)
            #expect(trace.map(\.value) == layer.output().values)
            #expect(trace.indices.allSatisfy { trace.merged($0) + layer.bias[trace[$0].filter] == trace[$0].value })
        }
    }
}

extension FloatOrderTests {
    /// A transposed float layer: the scatter buffer's finished running sums plus the bias are the output bit for
    /// bit (both add stamp by stamp, each stamp's channels in order), with and without channels, stride and padding.
    @Test func theScatterBufferOfAFloatLayerEndsAsItsOutputBitForBit() throws {
        var numbers = FloatNumbers(seed: 777)
        for (channels, stride, padding) in [(1, 2, 0), (3, 2, 0), (2, 1, 1), (4, 3, 1)] {
            let layer = try numbers.layer(
                channels: channels, height: 4, width: 5,
                spec: ConvSpec(op: .transposed, stride: Pair(both: stride), padding: Padding(Pair(both: padding))))
            let out = layer.output()
            let trace = ScatterTrace(layer)
            for k in 0..<2 {
                for oy in 0..<out.height {
                    for ox in 0..<out.width {
                        let r = trace.running(filter: k, fy: oy + padding, fx: ox + padding, through: .max)
                        #expect(r.sum + layer.bias[k] == out[k, oy, ox])
                    }
                }
            }
        }
    }
}

/// Repeatable numbers in (−1.000017, 1.000017) with many decimals, so a layer of them is not exact (`Arithmetic`).
private struct FloatNumbers {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 999_983.0
    }

    /// A layer of such numbers (input, two 3×3 filters, bias), checked to be in binary floating point.
    mutating func layer(channels: Int, height: Int, width: Int, spec: ConvSpec) throws -> ConvLayer {
        let input = Tensor3(
            channels: channels, height: height, width: width,
            values: (0..<channels * height * width).map { _ in next() })
        let kernel = Tensor4(
            filters: 2, channels: channels, height: 3, width: 3, values: (0..<2 * channels * 9).map { _ in next() })
        let layer = try ConvLayer(input: input, kernel: kernel, bias: [next(), next()], spec: spec)
        #expect(!layer.arithmetic.isExact)
        return layer
    }
}

/// One output cell computed alone (`outputValue`, for a grid's finished cells of a large layer) is the cell of the
/// whole output to the last bit: binary floating point, exact decimals (scaled to whole units), whole numbers, with
/// uneven padding, strides, dilation, several channels and filters.
@Suite struct OutputValueTests {
    @Test func aCellAloneIsTheWholeOutputsCell() throws {
        let third = 0.333333333333333314829616256247
        let fills: [(Int) -> Double] = [
            { Double($0 * 37 % 11) - 5 },  // whole numbers
            { Double($0 * 13 % 23) / 8 - 1.25 },  // exact decimals
            { Double($0 * 7 % 13 - 6) / 10 },  // exact decimals of one place: 0.1 + 0.2 is 0.3
            { Double($0 * 29 % 41 - 20) / 100 },  // and of two
            { Double($0 % 5) * third - 0.7 },  // binary floating point
        ]
        let specs = [
            ConvSpec(),
            ConvSpec(stride: Pair(2, 1), padding: Padding(top: 2, bottom: 0, left: 1, right: 3), dilation: Pair(2, 1)),
            ConvSpec(stride: Pair(both: 3), padding: Padding(Pair(both: 2)), dilation: Pair(1, 2)),
        ]
        var (cells, exactDecimals) = (0, 0)
        for fill in fills {
            for spec in specs {
                let layer = try ConvLayer(
                    input: Tensor3(channels: 3, height: 9, width: 11, values: (0..<297).map(fill)),
                    kernel: Tensor4(
                        filters: 2, channels: 3, height: 3, width: 4, values: (0..<72).map { fill($0 * 5 + 2) }),
                    bias: [fill(3), fill(8)], spec: spec)
                let output = layer.output()
                if let d = layer.arithmetic.decimals, d > 0 { exactDecimals += 1 }
                for k in 0..<output.channels {
                    for oy in 0..<output.height {
                        for ox in 0..<output.width {
                            let alone = layer.outputValue(filter: k, oy: oy, ox: ox)
                            #expect(alone.bitPattern == output[k, oy, ox].bitPattern, "\(spec) [\(k), \(oy), \(ox)]")
                            cells += 1
                        }
                    }
                }
            }
        }
        #expect(cells > 500)
        #expect(exactDecimals >= 6)
    }
}
