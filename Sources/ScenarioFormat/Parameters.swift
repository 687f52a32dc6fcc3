import ConvModel

extension PaddingMode {
    /// The padding on each side: the explicit numbers, or what "valid", "same" and "full" mean for this kernel
    /// (worked out from d(F − 1), the kernel's reach). "same" needs stride 1 and a direct convolution; when the
    /// stride is larger the error says what PyTorch and TensorFlow do and which padding gives TensorFlow's size.
    public func padding(
        explicit: Pair, op: Op, kernel: Pair, stride: Pair, dilation: Pair, input: Pair
    ) throws(GeometryError) -> Padding {
        let reach = Pair(dilation.h * (kernel.h - 1), dilation.w * (kernel.w - 1))
        switch self {
        case .explicit: return Padding(explicit)
        case .valid: return .zero
        case .full:
            guard reach.h <= Limits.padding && reach.w <= Limits.padding else {
                throw GeometryError(
                    field: "padding", rule: .fullOver(max(reach.h, reach.w), limit: Limits.padding))
            }
            return Padding.full(kernel: kernel, dilation: dilation)
        case .same:
            guard !op.scatters else { throw GeometryError(field: "padding", rule: .sameOnTransposed) }
            guard stride == Pair(both: 1) else {
                let tensorflow = TensorFlowSame(input: input, reach: reach, stride: stride)
                throw GeometryError(field: "padding", rule: .sameStride(stride, tensorflow: tensorflow))
            }
            guard reach.h <= 2 * Limits.padding && reach.w <= 2 * Limits.padding else {
                throw GeometryError(field: "padding", rule: .sameOver(limit: Limits.padding))
            }
            return Padding.same(kernel: kernel, dilation: dilation)
        }
    }
}

/// Every parameter of a scenario's layer that a student can change live: shapes, hyper-parameters, the padding
/// as a mode and numbers, the op. `check()` answers "is this legal, and why not?" through the padding rules and
/// `Limits`, and `scenario(from:)` builds the layer on the scenario's own numbers.
public struct Parameters: Equatable, Sendable {
    public var op: Op
    public var channels: Int
    public var inputSize: Pair
    public var filters: Int
    public var kernelSize: Pair
    public var stride: Pair
    public var paddingMode: PaddingMode
    /// The padding numbers of `.explicit` (per axis, both sides).
    public var padding: Pair
    public var dilation: Pair
    public var outputPadding: Pair

    /// The parameters of a scenario's layer (an asymmetric explicit padding is read by its top and left sides).
    public init(_ s: Scenario) {
        let l = s.layer
        let spec = l.spec
        op = spec.op
        channels = l.input.channels
        inputSize = Pair(l.input.height, l.input.width)
        filters = l.kernel.filters
        kernelSize = l.kernel.size
        stride = spec.stride
        paddingMode = s.paddingMode
        padding = spec.padding.leading
        dilation = spec.dilation
        outputPadding = spec.outputPadding
    }

    /// True when both parameter sets make the same layer: the same shapes and op, and the same padding on each side
    /// however it is asked for (`same` or its numbers).
    public func makesSameLayer(as other: Parameters) -> Bool {
        guard let a = try? check(), let b = try? other.check() else { return self == other }
        return (channels, filters) == (other.channels, other.filters) && a.spec == b.spec
            && a.inputSize == b.inputSize && a.kernelSize == b.kernelSize
    }

    /// The padding on each side, from the mode.
    public func resolvedPadding() throws(GeometryError) -> Padding {
        try paddingMode.padding(
            explicit: padding, op: op, kernel: kernelSize, stride: stride, dilation: dilation, input: inputSize)
    }

    /// The layer set-up, when every rule holds; else the rule that fails.
    public func check() throws(GeometryError) -> Geometry {
        let spec = ConvSpec(
            op: op, stride: stride, padding: try resolvedPadding(), dilation: dilation,
            outputPadding: op.scatters ? outputPadding : Pair(both: 0))
        let setup = LayerSetup(
            channels: channels, inputSize: inputSize, filters: filters, kernelSize: kernelSize, spec: spec)
        return try Limits.check(setup)
    }

    /// `base` with its layer changed to these parameters: tensors keep their top-left part and grow with the
    /// numbers `Tensor3.resized` fills in, the bias keeps its filters' values (0 for new filters). The notes and
    /// the receptive-field stacks belong to the original numbers and are dropped; the topic stays unless it cannot
    /// show the new layer (`Scenario.build`), so the scenario is one a file could hold.
    public func scenario(from base: Scenario) throws(GeometryError) -> Scenario {
        let g = try check()
        let l = base.layer
        let input = l.input.resized(channels: channels, height: inputSize.h, width: inputSize.w)
        let kernel = l.kernel.resized(filters: filters, channels: channels, height: kernelSize.h, width: kernelSize.w)
        let bias = (0..<filters).map { $0 < l.bias.count ? l.bias[$0] : 0 }
        let layer = try ConvLayer(input: input, kernel: kernel, bias: bias, spec: g.spec)
        // The topic kept when it can show the new layer (not a convolution's once `t` made it transposed).
        return Scenario.build(
            layer, paddingMode: paddingMode, title: base.title, topic: base.topic, name: base.name.string)
    }
}

extension Parameters {
    /// The paired layer, the one whose shapes this one reverses: a direct convolution's transposed partner (its
    /// output size as input, the channel counts swapped, the same kernel, stride, dilation, and the padding and
    /// output padding a = (i + 2p − d(F − 1) − 1) mod S that give back the input size), or a transposed
    /// convolution's direct one. Nil when these parameters break a rule (there is no output size to start from).
    /// The pair may itself break a rule (an output padding a ≥ max(S, d), padding over the limit): the panel says so.
    public func paired() -> Parameters? {
        guard let g = try? check() else { return nil }
        var p = self
        p.channels = filters
        p.filters = channels
        p.inputSize = g.outputSize
        p.paddingMode = .explicit
        let padding = g.padding
        switch op {
        case .conv:
            // An uneven padding (same with an even kernel) is the larger side, the output padding making up the rest.
            p.op = .transposed
            p.padding = Pair(max(padding.top, padding.bottom), max(padding.left, padding.right))
            let reach = g.effectiveKernel
            func a(_ i: Int, _ o: Int, _ s: Int, _ pad: Int, _ k: Int) -> Int { i - (o - 1) * s + 2 * pad - k }
            p.outputPadding = Pair(
                a(inputSize.h, g.outputSize.h, stride.h, p.padding.h, reach.h),
                a(inputSize.w, g.outputSize.w, stride.w, p.padding.w, reach.w))
        case .transposed:
            p.op = .conv
            p.padding = padding.leading
            p.outputPadding = Pair(both: 0)
        }
        return p
    }
}
