/// One layer of a stack whose receptive field is traced.
public struct RFLayer: Equatable, Sendable {
    public var kernel: Int
    public var stride: Int
    public var dilation: Int

    public init(kernel: Int, stride: Int = 1, dilation: Int = 1) {
        self.kernel = kernel
        self.stride = stride
        self.dilation = dilation
    }

    /// The layer's window arithmetic along one axis (no padding: the field is measured in input cells).
    var axis: AxisWindow { AxisWindow(stride: stride, dilation: dilation, before: 0) }
}

/// The receptive field of one output pixel of a stack of layers, layer by layer.
public struct ReceptiveField: Equatable, Sendable {
    public let layers: [RFLayer]

    public init(_ layers: [RFLayer]) { self.layers = layers }

    /// The field after one layer of the stack.
    public struct Growth: Equatable, Sendable {
        /// RF_n: how many input cells (along one axis) reach one output cell after layer n.
        public let size: Int
        /// J_n: the product of the strides up to layer n, the input distance between neighbouring cells of its
        /// output.
        public let jump: Int

        public init(size: Int, jump: Int) {
            self.size = size
            self.jump = jump
        }
    }

    /// The recurrence, written once: RF_n = RF_{n−1} + (k − 1)⋅d⋅J_{n−1} and J_n = J_{n−1}⋅s, from
    /// RF_0 = J_0 = 1, one entry per layer. For kernel 3 and dilations 1, 2, 4 the sizes are 3, 7, 15. Ends early,
    /// before the first layer whose numbers would overflow an Int.
    public var growth: [Growth] {
        var out: [Growth] = []
        var last = Growth(size: 1, jump: 1)
        for l in layers {
            let (reach, o1) = (l.kernel - 1).multipliedReportingOverflow(by: l.dilation)
            let (spread, o2) = reach.multipliedReportingOverflow(by: last.jump)
            let (size, o3) = last.size.addingReportingOverflow(spread)
            let (jump, o4) = last.jump.multipliedReportingOverflow(by: l.stride)
            if o1 || o2 || o3 || o4 {
                break
            }
            last = Growth(size: size, jump: jump)
            out.append(last)
        }
        return out
    }

    /// The field size after each layer (`growth`'s sizes).
    public var sizes: [Int] { growth.map(\.size) }

    /// J_{n−1}: the product of the strides of the layers before layer `n` (0-based), 1 for the first.
    public func jump(before n: Int) -> Int { n == 0 ? 1 : growth[n - 1].jump }

    /// The input offsets (along one axis, relative to the field's first cell) that reach one output
    /// pixel after `depth` layers, with the number of paths to each: a dilated stack can leave holes in
    /// its field, and the counts show how unevenly the field is weighted. Counts past `Int.max` stay at `Int.max`.
    public func paths(depth: Int) -> [Int] {
        var counts = [1]
        for l in layers.prefix(depth).reversed() {
            // Walking from the output towards the input: each cell of the current field is a window of the
            // layer, whose taps are spaced by the dilation, at the layer's stride.
            let axis = l.axis
            var next = [Int](repeating: 0, count: axis.extent(windows: counts.count, taps: l.kernel))
            for (i, n) in counts.enumerated() where n > 0 {
                for t in 0..<l.kernel {
                    let j = axis.padded(window: i, tap: t)
                    let (sum, overflow) = next[j].addingReportingOverflow(n)
                    next[j] = overflow ? .max : sum  // counts saturate: 16 layers of 32 taps make 32^16 paths
                }
            }
            counts = next
        }
        return counts
    }
}

extension ReceptiveField {
    /// Where the taps of layer `n` (0-based) read, in input cells from its first tap: tap t at t⋅d⋅J_{n−1}. Their
    /// span, (F − 1)⋅d⋅J_{n−1} + 1 cells, is what the layer adds to the field plus one: RF_n = RF_{n−1} + span − 1.
    public func taps(layer n: Int) -> [Int] {
        let l = layers[n]
        let spacing = l.dilation * jump(before: n)
        return (0..<l.kernel).map { $0 * spacing }
    }

    /// Where the newest layer's taps land after `depth` layers, in input cells from the field's first cell: tap t
    /// reads one cell of the layer before, whose own field (RF_{n−1} wide) starts t⋅d⋅J cells in; the tap is drawn
    /// at that sub-field's centre (its left centre when RF_{n−1} is even). The centre can be a hole of the field
    /// (kernel 2, dilations 2 then 4): the tap is there all the same.
    public func newestTaps(depth: Int) -> [Int] {
        let previous = depth > 1 ? sizes[depth - 2] : 1
        return taps(layer: depth - 1).map { $0 + (previous - 1) / 2 }
    }

    /// The kernel size F when the stack is plain (stride 1, dilation 1, one kernel size): then RF = (F − 1)⋅L + 1
    /// after L layers, linear in the number of layers (the notes' formula). Nil otherwise.
    public var plainKernel: Int? {
        guard let f = layers.first?.kernel,
            layers.allSatisfy({ $0.kernel == f && $0.dilation == 1 && $0.stride == 1 })
        else { return nil }
        return f
    }

    /// True when the stack is 3×3 layers at stride 1 with dilations 1, 2, 4, 8, …: then RF = 2^(L+1) − 1 after L
    /// layers, exponential in the number of layers (the notes' point about dilation).
    public var doublesDilation: Bool {
        !layers.isEmpty
            && layers.enumerated().allSatisfy { i, l in
                l.kernel == 3 && l.stride == 1 && i < 62 && l.dilation == 1 << i
            }
    }
}
