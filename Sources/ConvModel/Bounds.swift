/// Bounds on the numbers a layer's sums can reach, computed in the layer's arithmetic (`Arithmetic`), so that the
/// screen can size its grids without adding numbers itself.
extension ConvLayer {
    /// For each filter k, max |input| · Σ |w[k]|: no sum of one output cell without its bias (running, partial,
    /// merged) can exceed it in magnitude.
    public func sumBounds() -> [Double] {
        let xMax = input.values.map(abs).max() ?? 0
        let perFilter = kernel.channels * kernel.height * kernel.width
        return (0..<kernel.filters).map { k in
            var total = Sum(arithmetic)
            for w in kernel.values[(k * perFilter)..<((k + 1) * perFilter)] { total.add(xMax, times: abs(w)) }
            return total.value
        }
    }

    /// For each input channel c, Σ |w[k][c]| over every filter and tap: with an output gradient of ones, no entry of
    /// the input gradient (Cᵀ·1) of channel c can exceed it in magnitude.
    public func gradientBounds() -> [Double] {
        (0..<kernel.channels).map { c in
            var total = Sum(arithmetic)
            for k in 0..<kernel.filters {
                for u in 0..<kernel.height {
                    for v in 0..<kernel.width { total.add(abs(kernel[k, c, u, v])) }
                }
            }
            return total.value
        }
    }

    /// For each filter k, `sumBounds()[k]` + |bias[k]|: a bound on the magnitude of its output values.
    public func outputBounds() -> [Double] {
        zip(sumBounds(), bias).map { arithmetic.sum([$0, abs($1)]) }
    }

    /// True when some input value, weight or bias is negative (so a sum can be).
    public var hasNegative: Bool { hasNegativeTerm || bias.contains { $0 < 0 } }

    /// True when some input value or weight is negative (so a sum of products can be).
    public var hasNegativeTerm: Bool { input.values.contains { $0 < 0 } || kernel.values.contains { $0 < 0 } }
}

extension ScatterTrace {
    /// Per cell of the scatter buffer (row-major, `paddedSize`): Σ |x·w| over every filter and channel, a bound on
    /// the magnitude of any running sum of the cell; how many kernel stamps land on it; and whether any
    /// contribution is negative. Exact layers add whole units (below 10^15, so exactly) and convert at the end.
    public func bounds() -> (magnitudes: [Double], counts: [Int], negative: Bool) {
        let g = layer.geometry
        let full = g.paddedSize
        let a = layer.arithmetic
        let exact = a.isExact && a.decimals != 0
        let xs = exact ? layer.input.values.map { a.inputInteger(abs($0)) } : layer.input.values.map(abs)
        let ws = exact ? layer.kernel.values.map { a.kernelInteger(abs($0)) } : layer.kernel.values.map(abs)
        let (channels, height, width) = (layer.input.channels, layer.input.height, layer.input.width)
        let (kh, kw) = (layer.kernel.height, layer.kernel.width)
        var magnitudes = [Double](repeating: 0, count: full.h * full.w)
        var counts = [Int](repeating: 0, count: full.h * full.w)
        for k in 0..<layer.kernel.filters {
            for c in 0..<channels {
                for iy in 0..<height {
                    for ix in 0..<width {
                        let x = xs[(c * height + iy) * width + ix]
                        for u in 0..<kh {
                            let row = g.rows.padded(window: iy, tap: u) * full.w
                            for v in 0..<kw {
                                let i = row + g.cols.padded(window: ix, tap: v)
                                magnitudes[i] += x * ws[((k * channels + c) * kh + u) * kw + v]
                                if k == 0 && c == 0 { counts[i] += 1 }
                            }
                        }
                    }
                }
            }
        }
        if exact { a.toValues(&magnitudes) }
        return (magnitudes, counts, layer.hasNegative)
    }
}
