/// One convolution layer with its data: input C × H × W, K filters of C × kh × kw, a bias per filter.
/// Computes the output, the geometry and step-by-step traces; everything the explainer shows.
public struct ConvLayer: Equatable, Sendable {
    public let input: Tensor3
    public let kernel: Tensor4
    public let bias: [Double]
    public let geometry: Geometry

    public var spec: ConvSpec { geometry.spec }
    public var op: Op { spec.op }
    /// Multiply–adds of the whole output: every filter's kernel over every channel at every window (or stamp), as
    /// `Limits` bounds them.
    public var multiplyAdds: Int {
        kernel.filters * input.channels * geometry.windows * kernel.height * kernel.width
    }

    /// Builds a layer; the input and kernel channel counts and the bias length must already agree
    /// (scenario validation says which field is wrong when they do not).
    /// How the layer multiplies and adds: exact decimals when the numbers' digits allow, else binary floating point.
    public let arithmetic: Arithmetic

    public init(input: Tensor3, kernel: Tensor4, bias: [Double]? = nil, spec: ConvSpec) throws(GeometryError) {
        try self.init(input: input, kernel: kernel, bias: bias, spec: spec, arithmetic: nil)
    }

    /// `arithmetic` nil decides from the numbers; `EquivalentConv` passes the transposed layer's, so both compute
    /// alike.
    init(input: Tensor3, kernel: Tensor4, bias: [Double]?, spec: ConvSpec, arithmetic: Arithmetic?)
        throws(GeometryError)
    {
        guard input.channels == kernel.channels else {
            throw GeometryError(
                field: "kernel", rule: .channelMismatch(filter: kernel.channels, input: input.channels))
        }
        let bias = bias ?? Array(repeating: 0, count: kernel.filters)
        guard bias.count == kernel.filters else {
            throw GeometryError(field: "bias", rule: .biasCount(bias.count, filters: kernel.filters))
        }
        self.input = input
        self.kernel = kernel
        self.bias = bias
        self.geometry = try Geometry.compute(input: Pair(input.height, input.width), kernel: kernel.size, spec: spec)
        self.arithmetic =
            arithmetic
            ?? Arithmetic(
                input: input.values, kernel: kernel.values, bias: bias,
                terms: kernel.channels * kernel.height * kernel.width)
    }

    /// The output shape [K, H2, W2].
    public var outputShape: [Int] { [kernel.filters, geometry.outputSize.h, geometry.outputSize.w] }

    /// The output tensor K × H2 × W2. An exact layer (`Arithmetic`) runs the same loops on its numbers scaled to
    /// integers: every product and partial sum is an integer below 10^15 < 2^53, which a `Double` holds and adds
    /// exactly, so the loops stay as fast as before; each value is divided by the power of ten once at the end
    /// (one rounding: the nearest `Double` to the exact decimal). Without decimals there is nothing to scale.
    public func output() -> Tensor3 {
        let out = geometry.outputSize
        let a = arithmetic
        var values: [Double]
        if a.isExact && a.decimals != 0 {
            values = compute(input.values.map(a.inputInteger), kernel.values.map(a.kernelInteger), bias.map(a.integer))
            a.toValues(&values)
        } else {
            values = compute(input.values, kernel.values, bias)
        }
        return Tensor3(channels: kernel.filters, height: out.h, width: out.w, values: values)
    }

    /// The output values, K × H2 × W2 flat.
    private func compute(_ xs: [Double], _ ws: [Double], _ bs: [Double]) -> [Double] {
        switch op {
        case .conv: directOutput(xs, ws, bs)
        case .transposed: scatterOutput(xs, ws, bs)
        }
    }

    /// Output cell (k, oy, ox) of a direct convolution as `output()` computes it (`windowValue`, for exact decimals in
    /// the same whole units), so the two agree to the last bit. For a grid's finished cells of a layer whose whole
    /// output costs tens of milliseconds: each is computed when first shown.
    public func outputValue(filter k: Int, oy: Int, ox: Int) -> Double {
        switch op {
        case .conv: break
        case .transposed: preconditionFailure("outputValue takes a direct convolution")
        }
        let a = arithmetic
        let (rows, cols) = (geometry.rows, geometry.cols)
        let us = rows.taps(window: oy, count: kernel.height, within: input.height)
        let vs = cols.taps(window: ox, count: kernel.width, within: input.width)
        let (xs, ws) = (input.values, kernel.values)
        guard a.isExact && a.decimals != 0 else {
            return windowValue(k, oy, ox, us, vs, bias: bias[k]) {
                xs[$0]
            } weight: {
                ws[$0]
            }
        }
        let units = windowValue(k, oy, ox, us, vs, bias: a.integer(bias[k])) {
            a.inputInteger(xs[$0])
        } weight: {
            a.kernelInteger(ws[$0])
        }
        return units / a.unit
    }

    /// Gathers each output cell from its window (`windowValue`), with per output row and column the range of taps
    /// that land inside the input (padding taps read 0 and are skipped) worked out once.
    private func directOutput(_ xs: [Double], _ ws: [Double], _ bs: [Double]) -> [Double] {
        let out = geometry.outputSize
        let (rows, cols) = (geometry.rows, geometry.cols)
        let rowTaps = (0..<out.h).map { rows.taps(window: $0, count: kernel.height, within: input.height) }
        let colTaps = (0..<out.w).map { cols.taps(window: $0, count: kernel.width, within: input.width) }
        var values = [Double](repeating: 0, count: kernel.filters * out.h * out.w)
        xs.withUnsafeBufferPointer { inp in
            ws.withUnsafeBufferPointer { ker in
                values.withUnsafeMutableBufferPointer { res in
                    var o = 0
                    for k in 0..<kernel.filters {
                        for oy in 0..<out.h {
                            for ox in 0..<out.w {
                                res[o] = windowValue(k, oy, ox, rowTaps[oy], colTaps[ox], bias: bs[k]) {
                                    inp[$0]
                                } weight: {
                                    ker[$0]
                                }
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        return values
    }

    /// Output cell (k, oy, ox) from the input values `value(i)` and weights `weight(j)` (flat indices) of the taps
    /// `us` × `vs` that land inside the input: per channel a partial sum, kernel row by kernel column, then the
    /// partials added in channel order, then `b`: the association the trace shows (partials, their merge, + bias),
    /// so that in binary floating point the value drawn for the current cell and for a finished one agree to the
    /// last bit. The one loop `output()` and `outputValue` share.
    @inline(__always)
    private func windowValue(
        _ k: Int, _ oy: Int, _ ox: Int, _ us: Range<Int>, _ vs: Range<Int>, bias b: Double,
        value: (Int) -> Double, weight: (Int) -> Double
    ) -> Double {
        let (rows, cols) = (geometry.rows, geometry.cols)
        let (channels, height, width) = (input.channels, input.height, input.width)
        let (kh, kw) = (kernel.height, kernel.width)
        let (iy0, ix0) = (rows.cell(window: oy, tap: 0), cols.cell(window: ox, tap: 0))
        let (dh, dw) = (rows.dilation, cols.dilation)
        var sum = 0.0
        for c in 0..<channels {
            let plane = c * height
            let filter = (k * channels + c) * kh
            var partial = 0.0
            for u in us {
                let i = (plane &+ iy0 &+ u &* dh) &* width &+ ix0
                let w = (filter &+ u) &* kw
                for v in vs { partial += value(i &+ v &* dw) * weight(w &+ v) }
            }
            sum += partial
        }
        return sum + b
    }

    /// Scatters each input cell's scaled kernel into the output, then adds the bias. The contributions to a cell
    /// add up stamp by stamp (input row, input column), each stamp's channels in order, as the steps show them and
    /// `ScatterTrace.running` adds them: in binary floating point the buffer and the output agree to the last bit.
    private func scatterOutput(_ xs: [Double], _ ws: [Double], _ bs: [Double]) -> [Double] {
        let out = geometry.outputSize
        let rows = geometry.rows
        let cols = geometry.cols
        let (channels, height, width) = (input.channels, input.height, input.width)
        let (kh, kw) = (kernel.height, kernel.width)
        let rowTaps = (0..<height).map { rows.taps(window: $0, count: kh, within: out.h) }
        let colTaps = (0..<width).map { cols.taps(window: $0, count: kw, within: out.w) }
        let (dh, dw) = (rows.dilation, cols.dilation)
        let plane = out.h * out.w
        var values = [Double](repeating: 0, count: kernel.filters * plane)
        xs.withUnsafeBufferPointer { inp in
            ws.withUnsafeBufferPointer { ker in
                values.withUnsafeMutableBufferPointer { res in
                    for k in 0..<kernel.filters {
                        for iy in 0..<height {
                            let us = rowTaps[iy]
                            let oy0 = rows.cell(window: iy, tap: 0)
                            for ix in 0..<width {
                                let vs = colTaps[ix]
                                let ox0 = cols.cell(window: ix, tap: 0)
                                for c in 0..<channels {
                                    let filter = (k * channels + c) * kh
                                    let x = inp[(c * height + iy) * width + ix]
                                    for u in us {
                                        let o = k &* plane &+ (oy0 &+ u &* dh) &* out.w &+ ox0
                                        let w = (filter &+ u) &* kw
                                        for v in vs { res[o &+ v &* dw] += x * ker[w &+ v] }
                                    }
                                }
                            }
                        }
                        let b = bs[k]
                        for o in k * plane..<(k + 1) * plane { res[o] += b }
                    }
                }
            }
        }
        return values
    }

    /// Parameter counts of this layer against a fully connected layer with the same input and output sizes.
    public var parameters: ParameterCount {
        ParameterCount(
            inputSize: input.values.count, outputSize: outputShape.reduce(1, *),
            filters: kernel.filters, weightsPerFilter: kernel.channels * kernel.height * kernel.width)
    }
}

/// Weight sharing in numbers: a convolution's parameters against a dense layer mapping the same input to
/// the same output.
public struct ParameterCount: Equatable, Sendable {
    /// C·H·W of the input.
    public let inputSize: Int
    /// K·H2·W2 of the output.
    public let outputSize: Int
    public let filters: Int
    /// kh·kw·C.
    public let weightsPerFilter: Int

    /// K·(kh·kw·C + 1).
    public var conv: Int { filters * (weightsPerFilter + 1) }
    /// (C·H·W)·(K·H2·W2) weights + K·H2·W2 biases.
    public var fullyConnected: Int { inputSize * outputSize + outputSize }
    /// How many times more parameters the dense layer needs.
    public var ratio: Double { Double(fullyConnected) / Double(conv) }
}

extension AxisWindow {
    /// The taps t in 0..<count of window `w` whose cell `w·stride + t·dilation − before` lies in 0..<size: one
    /// contiguous range, since the cell grows with t.
    fileprivate func taps(window w: Int, count: Int, within size: Int) -> Range<Int> {
        let first = cell(window: w, tap: 0)
        // The smallest t with first + t·d ≥ 0, and the smallest with first + t·d ≥ size.
        let lower = first >= 0 ? 0 : (-first + dilation - 1) / dilation
        let upper = first >= size ? 0 : (size - first + dilation - 1) / dilation
        let lo = min(lower, count)
        return lo..<max(lo, min(upper, count))
    }
}
