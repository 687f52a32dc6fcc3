/// One convolution layer with its data: input C × H × W, K filters of C × kh × kw, a bias per filter.
/// Computes the output, the geometry and step-by-step traces; everything the explainer shows.
public struct ConvLayer: Equatable, Sendable {
    public let input: Tensor3
    public let kernel: Tensor4
    public let bias: [Double]
    public let geometry: Geometry

    public var spec: ConvSpec { geometry.spec }
    public var op: Op { spec.op }

    /// Builds a layer; the input and kernel channel counts and the bias length must already agree
    /// (scenario validation says which field is wrong when they do not).
    public init(input: Tensor3, kernel: Tensor4, bias: [Double]? = nil, spec: ConvSpec) throws(GeometryError) {
        guard input.channels == kernel.channels else {
            throw GeometryError(
                field: "kernel",
                message:
                    "each filter has \(kernel.channels) channel(s) but the input has \(input.channels)")
        }
        let bias = bias ?? Array(repeating: 0, count: kernel.filters)
        guard bias.count == kernel.filters else {
            let message = "has \(bias.count) number(s), expected \(kernel.filters) (one per filter)"
            throw GeometryError(field: "bias", message: message)
        }
        self.input = input
        self.kernel = kernel
        self.bias = bias
        self.geometry = try Geometry.compute(input: Pair(input.height, input.width), kernel: kernel.size, spec: spec)
    }

    /// The output shape [K, H2, W2].
    public var outputShape: [Int] { [kernel.filters, geometry.outputSize.h, geometry.outputSize.w] }

    /// The output tensor K × H2 × W2.
    public func output() -> Tensor3 {
        switch op {
        case .conv: return directOutput()
        case .transposed: return scatterOutput()
        }
    }

    private func directOutput() -> Tensor3 {
        let out = geometry.outputSize
        let rows = geometry.rows
        let cols = geometry.cols
        var result = Tensor3(channels: kernel.filters, height: out.h, width: out.w)
        for k in 0..<kernel.filters {
            for oy in 0..<out.h {
                for ox in 0..<out.w {
                    var sum = 0.0
                    for c in 0..<input.channels {
                        for u in 0..<kernel.height {
                            let iy = rows.cell(window: oy, tap: u)
                            guard iy >= 0 && iy < input.height else { continue }
                            for v in 0..<kernel.width {
                                let ix = cols.cell(window: ox, tap: v)
                                guard ix >= 0 && ix < input.width else { continue }
                                sum += input[c, iy, ix] * kernel[k, c, u, v]
                            }
                        }
                    }
                    result[k, oy, ox] = sum + bias[k]
                }
            }
        }
        return result
    }

    private func scatterOutput() -> Tensor3 {
        let out = geometry.outputSize
        let rows = geometry.rows
        let cols = geometry.cols
        var result = Tensor3(channels: kernel.filters, height: out.h, width: out.w)
        for k in 0..<kernel.filters {
            for c in 0..<input.channels {
                for iy in 0..<input.height {
                    for ix in 0..<input.width {
                        let x = input[c, iy, ix]
                        for u in 0..<kernel.height {
                            let oy = rows.cell(window: iy, tap: u)
                            guard oy >= 0 && oy < out.h else { continue }
                            for v in 0..<kernel.width {
                                let ox = cols.cell(window: ix, tap: v)
                                guard ox >= 0 && ox < out.w else { continue }
                                result[k, oy, ox] += x * kernel[k, c, u, v]
                            }
                        }
                    }
                }
            }
            for oy in 0..<out.h {
                for ox in 0..<out.w {
                    result[k, oy, ox] += bias[k]
                }
            }
        }
        return result
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
