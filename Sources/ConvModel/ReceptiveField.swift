/// One layer of a stack whose receptive field is traced.
public struct RFLayer: Equatable, Sendable {
    public var kernel: Int
    public var stride: Int
    public var dilation: Int
    public init(kernel: Int, stride: Int = 1, dilation: Int = 1) {
        self.kernel = kernel; self.stride = stride; self.dilation = dilation
    }
}

/// The receptive field of one output pixel of a stack of layers, layer by layer.
public struct ReceptiveField: Equatable, Sendable {
    public let layers: [RFLayer]

    public init(_ layers: [RFLayer]) { self.layers = layers }

    /// The field size after each layer: RF_n = RF_{n−1} + (k − 1)⋅d⋅J_{n−1}, with the jump J the product
    /// of the strides before. For kernel 3 and dilations 1, 2, 4: 3, 7, 15.
    public var sizes: [Int] {
        var rf = 1, jump = 1, out: [Int] = []
        for l in layers {
            rf += (l.kernel - 1) * l.dilation * jump
            jump *= l.stride
            out.append(rf)
        }
        return out
    }

    /// The input offsets (along one axis, relative to the field's first cell) that reach one output
    /// pixel after `depth` layers, with the number of paths to each: a dilated stack can leave holes in
    /// its field, and the counts show how unevenly the field is weighted.
    public func paths(depth: Int) -> [Int] {
        var counts = [1]
        for l in layers.prefix(depth).reversed() {
            // Walking from the output towards the input: each cell of the current field spreads over the
            // layer's taps, spaced by the dilation, at the layer's stride.
            let size = (counts.count - 1) * l.stride + (l.kernel - 1) * l.dilation + 1
            var next = [Int](repeating: 0, count: size)
            for (i, n) in counts.enumerated() where n > 0 {
                for t in 0..<l.kernel { next[i * l.stride + t * l.dilation] += n }
            }
            counts = next
        }
        return counts
    }
}
