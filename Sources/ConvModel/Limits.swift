/// The size limits a layer must respect; checked before anything is allocated. The README lists them.
/// The limits of the file format itself (file size, nesting, text length) are added by ScenarioFormat.
public enum Limits {
    public static let channels = 16
    public static let filters = 16
    public static let inputSide = 256
    public static let kernelSide = 32
    public static let stride = 32
    public static let dilation = 32
    public static let padding = 64
    public static let tensorElements = 65_536
    public static let outputSide = 1_024
    public static let outputElements = 1 << 20
    public static let magnitude = 1_000_000.0
    /// Layers of a receptive-field stack.
    public static let stackLayers = 16
    /// A receptive field's size, in input cells along one axis.
    public static let fieldSize = 4_096
    /// The product of a receptive-field stack's strides.
    public static let fieldJump = 1 << 20
    /// Multiply–adds of the whole layer, K·C·H2·W2·kh·kw (direct) or K·C·H·W·kh·kw (transposed): bounds the
    /// time any computation takes.
    public static let multiplyAdds = 50_000_000
    /// Numbers in the zero-inserted input of the direct convolution equivalent to a transposed one (the upsample
    /// view); past it, or past `multiplyAdds`, that view is not offered.
    public static let equivalentElements = 1 << 20
}

/// The shapes and hyper-parameters of one layer, without its numbers: what an editor asks `Limits.check` about
/// before anything is allocated.
public struct LayerSetup: Equatable, Sendable {
    /// C: the input's channels, and each filter's.
    public var channels: Int
    /// H × W of the input.
    public var inputSize: Pair
    /// K: the filters, and the output's channels.
    public var filters: Int
    /// kh × kw of each filter.
    public var kernelSize: Pair
    public var spec: ConvSpec

    public init(channels: Int, inputSize: Pair, filters: Int, kernelSize: Pair, spec: ConvSpec) {
        self.channels = channels
        self.inputSize = inputSize
        self.filters = filters
        self.kernelSize = kernelSize
        self.spec = spec
    }

    /// The setup of a layer of these tensors.
    public init(input: Tensor3, kernel: Tensor4, spec: ConvSpec) {
        self.init(
            channels: input.channels, inputSize: Pair(input.height, input.width), filters: kernel.filters,
            kernelSize: kernel.size, spec: spec)
    }
}

extension Limits {
    /// Is this setup legal, and if not, why? Checks every bound (channels, filters, input and kernel sides,
    /// tensor elements, stride, dilation, padding per side, output_padding), then the geometry, then the output
    /// side and elements and the multiply–adds, and returns the geometry. The error names the scenario field at
    /// fault (`input`, `kernel`, `stride`, …).
    public static func check(_ setup: LayerSetup) throws(GeometryError) -> Geometry {
        try checkShapes(setup)
        try checkSpec(setup.spec)
        let g = try Geometry.compute(input: setup.inputSize, kernel: setup.kernelSize, spec: setup.spec)
        try checkOutput(setup, g)
        return g
    }

    private static func checkShapes(_ s: LayerSetup) throws(GeometryError) {
        try count(s.channels, .channels, of: "input", limit: channels)
        try count(s.inputSize.h, .rows, of: "input", limit: inputSide)
        try count(s.inputSize.w, .columns, of: "input", limit: inputSide)
        try count(s.filters, .filters, of: "kernel", limit: filters)
        try count(s.kernelSize.h, .rows, of: "kernel", limit: kernelSide)
        try count(s.kernelSize.w, .columns, of: "kernel", limit: kernelSide)
        try elements([s.channels, s.inputSize.h, s.inputSize.w], of: "input")
        try elements([s.filters, s.channels, s.kernelSize.h, s.kernelSize.w], of: "kernel")
    }

    private static func checkSpec(_ spec: ConvSpec) throws(GeometryError) {
        for v in [spec.stride.h, spec.stride.w] {
            try bound(v, 1...stride, field: "stride")
        }
        for v in [spec.dilation.h, spec.dilation.w] {
            try bound(v, 1...dilation, field: "dilation")
        }
        let p = spec.padding
        for v in [p.top, p.bottom, p.left, p.right] {
            try bound(v, 0...padding, field: "padding")
        }
        guard spec.op.scatters || spec.outputPadding == Pair(both: 0) else {
            throw GeometryError(field: "output_padding", rule: .outputPaddingOnConv)
        }
        for v in [spec.outputPadding.h, spec.outputPadding.w] {
            try bound(v, 0...stride, field: "output_padding")
        }
    }

    private static func checkOutput(_ s: LayerSetup, _ g: Geometry) throws(GeometryError) {
        let out = g.outputSize
        if out.h > outputSide || out.w > outputSide {
            throw GeometryError(field: g.op.scatters ? "stride" : "input", rule: .outputSide(out, limit: outputSide))
        }
        // Every factor is bounded by now, so none of these products can overflow.
        let elements = s.filters * out.h * out.w
        if elements > outputElements {
            throw GeometryError(field: "kernel", rule: .outputElements(elements, limit: outputElements))
        }
        let macs = s.filters * s.channels * g.windows * s.kernelSize.h * s.kernelSize.w
        if macs > multiplyAdds {
            throw GeometryError(field: "kernel", rule: .multiplyAdds(macs, limit: multiplyAdds))
        }
    }

    /// A count of `things` of tensor `field`, from 1 to `limit`.
    private static func count(
        _ n: Int, _ things: GeometryRule.Counted, of field: String, limit: Int
    ) throws(GeometryError) {
        guard n >= 1 else { throw GeometryError(field: field, rule: .countTooSmall(n, things)) }
        guard n <= limit else { throw GeometryError(field: field, rule: .countOver(n, things, limit: limit)) }
    }

    /// The element count of tensor `field` (each dimension already bounded, so the product cannot overflow).
    private static func elements(_ shape: [Int], of field: String) throws(GeometryError) {
        let n = shape.reduce(1, *)
        guard n <= tensorElements else {
            throw GeometryError(field: field, rule: .elementsOver(shape: shape, count: n, limit: tensorElements))
        }
    }

    private static func bound(_ v: Int, _ range: ClosedRange<Int>, field: String) throws(GeometryError) {
        guard v >= range.lowerBound else { throw GeometryError(field: field, rule: .valueTooSmall(v, range: range)) }
        guard v <= range.upperBound else {
            throw GeometryError(field: field, rule: .valueOver(v, limit: range.upperBound))
        }
    }
}
