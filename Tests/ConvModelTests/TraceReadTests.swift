import Testing

@testable import ConvModel

/// The traces' shortcuts give the numbers of the plain definitions to the last bit: integer units rounded without the
/// C library, a step's sums computed channel by channel when read, a stamp's terms and a buffer cell's running sum
/// added in integer units.
@Suite struct TraceReadTests {
    /// `Arithmetic.nearest` is `Int64(t.rounded())`: halves away from zero, and the doubles just below a half.
    @Test func nearestIsRoundedToInteger() {
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994]
        values += [4_503_599_627_370_495.5, -4_503_599_627_370_495.5, 999_999_999_999_999.5, 1e15 - 0.25, 7e17]
        var state: UInt64 = 12345
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Double(state >> 11) / Double(1 << 53)
            let scale = [1.0, 10, 1000, 1e6, 1e9, 1e12][Int(state % 6)]
            values.append((unit * 2 - 1) * scale)
            values.append((unit * 200).rounded() / 100 * scale)
        }
        for t in values { #expect(Arithmetic.nearest(t) == Int64(t.rounded()), "\(t)") }
    }

    /// Layers of decimals (exact) and of many-digit numbers (binary floating point), with channels and padding.
    func layers() -> [ConvLayer] {
        var state: UInt64 = 99
        func next(_ digits: Double) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Double(state >> 11) / Double(1 << 53) * 2 - 1
            return digits == 0 ? unit : (unit * 9 * digits).rounded() / digits
        }
        var layers: [ConvLayer] = []
        for digits in [1.0, 100, 0] {
            for (channels, padding, stride) in [(3, 1, 1), (2, 0, 2), (1, 2, 1)] {
                let input = Tensor3(
                    channels: channels, height: 5, width: 6, values: (0..<channels * 30).map { _ in next(digits) })
                let kernel = Tensor4(
                    filters: 2, channels: channels, height: 3, width: 2,
                    values: (0..<2 * channels * 6).map { _ in next(digits) })
                for op in [Op.conv, .transposed] {
                    let spec = ConvSpec(op: op, stride: Pair(both: stride), padding: Padding(Pair(both: padding)))
                    let bias = [next(digits), next(digits)]
                    if let layer = try? ConvLayer(input: input, kernel: kernel, bias: bias, spec: spec) {
                        layers.append(layer)
                    }
                }
            }
        }
        #expect(layers.contains { $0.arithmetic.isExact } && layers.contains { !$0.arithmetic.isExact })
        #expect(layers.filter { $0.op == .transposed }.count >= 6)
        return layers
    }

    /// A step's partial sums, read channel by channel in any order whichever channels were built with it, are each
    /// channel's running sum and `ConvTrace.partial`; the merge adds them in channel order; the value is the output.
    @Test func partialSumsReadPerChannelAreTheDefinitions() throws {
        for layer in layers() where layer.op == .conv {
            let trace = ConvTrace(layer)
            let out = layer.output()
            let C = layer.input.channels
            for i in trace.indices {
                for built in [[], [0], [C - 1, 0]] {
                    let step = trace.step(i, taps: built)
                    for c in (0..<C).reversed() {
                        #expect(step.partials[c] == trace.partial(i, channel: c))
                        #expect(step.partials[c] == (step.running[c].last ?? 0))
                    }
                    var merged = Sum(layer.arithmetic)
                    for c in 0..<C { merged.add(step.running[c].last ?? 0) }
                    #expect(step.merged == merged.value)
                    #expect(step.merged == trace.merged(i))
                    #expect(step.value == out.values[i])
                }
            }
        }
    }

    /// A window's sums read from the layer's integer units (`LayerUnits`, kept by a slide's `PartialSums`) are the
    /// sums converted term by term: a channel's partial sum, a step's merge and value, an output cell, and im2col's
    /// W·P + b; with dilation, strides and padding on either side (taps outside the input on every edge).
    @Test func sumsReadInUnitsAreTheSumsConverted() throws {
        let layers = try convLayers()
        var checked = 0
        for layer in layers where layer.arithmetic.isExact {
            let units = try #require(PartialSums().units(of: layer))
            let (plain, read) = (ConvTrace(layer), ConvTrace(layer, keeping: PartialSums()))
            let out = layer.output()
            for i in plain.indices {
                // A window's merge and value read at once (no partial kept yet), and an output cell alone.
                let step = ConvTrace(layer, keeping: PartialSums()).step(i, taps: [])
                #expect(step.merged == plain.merged(i) && step.value == out.values[i], "\(i)")
                #expect(read.output(i) == out.values[i] && plain.output(i) == out.values[i], "\(i)")
                for c in 0..<layer.input.channels {
                    #expect(read.partial(i, channel: c) == plain.partial(i, channel: c), "\(i) \(c)")
                }
            }
            let (im, fast) = (Im2col(layer), Im2col(layer, units: units))
            for k in 0..<im.filters {
                for j in 0..<im.columns {
                    #expect(fast.value(filter: k, column: j) == im.value(filter: k, column: j))
                    #expect(fast.value(filter: k, column: j) == out.values[k * im.columns + j])
                }
            }
            checked += 1
        }
        #expect(checked >= 4)
        #expect(layers.allSatisfy { $0.arithmetic.isExact || PartialSums().units(of: $0) == nil })
    }

    /// Beyond the exact range (decimals whose products reach 10^15 units: binary floating point) W·P + b is the
    /// output as the layer computes it, to the last bit: the im2col view's product grid and sum show the number its
    /// output grid shows (its own order of addition rounded the last digit differently).
    @Test func im2colValuesBeyondTheExactRangeAreTheOutput() throws {
        let input = Tensor3(
            channels: 3, height: 6, width: 5, values: (0..<90).map { Double($0 * 37 % 23) * 12_345.678_9 - 98_765.4321 }
        )
        let kernel = Tensor4(
            filters: 2, channels: 3, height: 3, width: 2,
            values: (0..<36).map { Double($0 * 11 % 13) * 0.123_456_789 - 0.7 })
        let spec = ConvSpec(stride: Pair(1, 2), padding: Padding(top: 1, bottom: 0, left: 2, right: 1))
        let layer = try ConvLayer(input: input, kernel: kernel, bias: [0.1, -0.3], spec: spec)
        #expect(!layer.arithmetic.isExact)
        let (im, out) = (Im2col(layer), layer.output())
        for k in 0..<im.filters {
            for j in 0..<im.columns {
                #expect(im.value(filter: k, column: j) == out.values[k * im.columns + j], "\(k) \(j)")
            }
        }
    }

    /// The first terms of a row of W times a column of P read in one walk (`Im2col.terms`, a sum line's) are the
    /// weights and entries one by one (a padding tap's value 0), for any count (more than the rows: all of them).
    @Test func termsReadInOneWalkAreTheEntries() throws {
        for layer in try convLayers() {
            let im = Im2col(layer)
            for k in 0..<im.filters {
                for j in 0..<im.columns {
                    for count in [0, 1, im.rows / 2 + 1, im.rows, im.rows + 5] {
                        let (weights, values) = im.terms(filter: k, column: j, count: count)
                        #expect(weights.count == min(count, im.rows) && values.count == weights.count)
                        for r in weights.indices {
                            #expect(weights[r] == im.weight(filter: k, row: r), "\(k) \(j) \(r)")
                            #expect(values[r] == im.entry(row: r, column: j).value, "\(k) \(j) \(r)")
                        }
                    }
                }
            }
        }
    }

    /// The direct convolutions of `layers()` and two with dilation, strides and padding on either side (taps
    /// outside the input on every edge), two channels and two filters.
    private func convLayers() throws -> [ConvLayer] {
        var layers = self.layers().filter { $0.op == .conv }
        let input = Tensor3(channels: 2, height: 7, width: 9, values: (0..<126).map { Double($0 * 7 % 19) / 10 - 0.9 })
        let kernel = Tensor4(
            filters: 2, channels: 2, height: 3, width: 2, values: (0..<24).map { Double($0 * 5 % 11) / 4 - 1 })
        for (stride, dilation, padding) in [
            (Pair(1, 1), Pair(2, 3), Padding(top: 2, bottom: 0, left: 1, right: 3)),
            (Pair(2, 3), Pair(3, 1), Padding(top: 0, bottom: 4, left: 3, right: 0)),
        ] {
            let spec = ConvSpec(stride: stride, padding: padding, dilation: dilation)
            layers.append(try ConvLayer(input: input, kernel: kernel, bias: [0.5, -1.25], spec: spec))
        }
        return layers
    }

    /// A stamp's terms are the layer's products and its contribution their sum left to right; a buffer cell's
    /// running sum is its contributors' products added stamp by stamp, each stamp's channels in order.
    @Test func stampsAndRunningSumsAreTheDefinitions() throws {
        for layer in layers() where layer.op == .transposed {
            let trace = ScatterTrace(layer)
            let a = layer.arithmetic
            for i in trace.indices {
                let st = trace[i]
                for hit in st.hits {
                    let terms = (0..<layer.input.channels).map {
                        a.product(st.inputs[$0], layer.kernel[st.filter, $0, hit.u, hit.v])
                    }
                    #expect(Array(hit.terms) == terms)
                    #expect(hit.contribution == a.sum(terms))
                }
            }
            let g = layer.geometry
            for k in 0..<layer.kernel.filters {
                for through in [-1, 7, trace.count / 2, .max] {
                    for fy in 0..<g.paddedSize.h {
                        for fx in 0..<g.paddedSize.w {
                            var contributors: [(iy: Int, ix: Int, u: Int, v: Int)] = []
                            trace.forEachContributor(fy: fy, fx: fx) { iy, ix, u, v in
                                if trace.index(filter: k, iy: iy, ix: ix) <= through {
                                    contributors.append((iy, ix, u, v))
                                }
                            }
                            contributors.sort { ($0.iy, $0.ix) < ($1.iy, $1.ix) }
                            var sum = Sum(a)
                            for (iy, ix, u, v) in contributors {
                                for c in 0..<layer.input.channels {
                                    sum.add(layer.input[c, iy, ix], times: layer.kernel[k, c, u, v])
                                }
                            }
                            let r = trace.running(filter: k, fy: fy, fx: fx, through: through)
                            #expect(r.sum == sum.value && r.count == contributors.count)
                        }
                    }
                }
            }
        }
    }
}
