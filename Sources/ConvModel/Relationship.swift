/// Which of the fifteen numbered relationships of Dumoulin & Visin, "A guide to convolution arithmetic for deep
/// learning" (arXiv:1603.07285), one axis of a layer is an instance of: its number, its law with the paper's
/// letters (i, k, s, p, d, a; o′ and i′ for transposed convolution) and the same law with the numbers substituted.
///
/// The paper states each law for symmetric padding p; an axis padded unevenly (`"same"` with an even kernel) is
/// written with p₀ + p₁ (before + after) where the paper has 2p. The paper has no relationship for a dilated
/// transposed convolution: there the transposed law is used with the dilated kernel k̂ = k + (k − 1)(d − 1) in
/// place of k, as relationship 15 does for relationship 6 (`dilatedKernel` is then true).
public struct Relationship: Equatable, Sendable {
    /// The relationships as the paper numbers them (`rawValue` is the number).
    public enum Kind: Int, CaseIterable, Sendable {
        case noPaddingUnitStrides = 1
        case paddingUnitStrides = 2
        case halfPadding = 3
        case fullPadding = 4
        case noPaddingStrides = 5
        case paddingStrides = 6
        /// Pooling: not an op of convlens yet; listed so that the numbers stay the paper's.
        case pooling = 7
        case noPaddingUnitStridesTransposed = 8
        case paddingUnitStridesTransposed = 9
        case halfPaddingTransposed = 10
        case fullPaddingTransposed = 11
        case noPaddingStridesTransposed = 12
        case paddingStridesTransposed = 13
        /// Transposed, any padding and stride, with a = (i + 2p − k) mod s: output_padding.
        case oddTransposed = 14
        case dilated = 15

        /// The paper's number, 1 … 15.
        public var number: Int { rawValue }
    }

    /// The numbers of one axis: for a transposed layer `input` is i′ and `output` is o′.
    public struct Axis: Equatable, Sendable {
        public var input: Int
        public var kernel: Int
        public var stride: Int
        /// Padding before (top or left) and after (bottom or right).
        public var before: Int
        public var after: Int
        public var dilation: Int
        /// Transposed: output_padding, the paper's a. Zero for a direct convolution.
        public var outputPadding: Int
        public var output: Int

        public init(
            input: Int, kernel: Int, stride: Int = 1, before: Int = 0, after: Int = 0, dilation: Int = 1,
            outputPadding: Int = 0, output: Int
        ) {
            self.input = input
            self.kernel = kernel
            self.stride = stride
            self.before = before
            self.after = after
            self.dilation = dilation
            self.outputPadding = outputPadding
            self.output = output
        }

        /// k + (k − 1)(d − 1): the dilated kernel's span.
        public var effectiveKernel: Int { kernel + (kernel - 1) * (dilation - 1) }
        var isSymmetric: Bool { before == after }
    }

    public let kind: Kind
    public let op: Op
    public let axis: Axis
    /// True when a transposed law is applied with k̂ in place of k (dilation > 1; not in the paper).
    public var dilatedKernel: Bool { op.scatters && axis.dilation > 1 }

    public var number: Int { kind.number }

    /// The relationship one axis is an instance of.
    public init(op: Op, axis: Axis) {
        self.op = op
        self.axis = axis
        kind = Self.classify(op: op, axis)
    }

    private static func classify(op: Op, _ a: Axis) -> Kind {
        let k = a.effectiveKernel
        let symmetric = a.isSymmetric
        let p = a.before
        let unpadded = a.before + a.after == 0
        let half = symmetric && k % 2 == 1 && p == k / 2
        let full = symmetric && p == k - 1
        switch op {
        case .conv:
            if a.dilation > 1 { return .dilated }
            if a.stride > 1 { return unpadded ? .noPaddingStrides : .paddingStrides }
            if unpadded { return .noPaddingUnitStrides }
            return half ? .halfPadding : full ? .fullPadding : .paddingUnitStrides
        case .transposed:
            if a.outputPadding > 0 { return .oddTransposed }
            if a.stride > 1 { return unpadded ? .noPaddingStridesTransposed : .paddingStridesTransposed }
            if unpadded { return .noPaddingUnitStridesTransposed }
            return half ? .halfPaddingTransposed : full ? .fullPaddingTransposed : .paddingUnitStridesTransposed
        }
    }

    /// The two axes of a layer's geometry.
    public struct Axes: Equatable, Sendable {
        public let height: Relationship
        public let width: Relationship
        /// True when both axes have the same numbers, so one law says it all.
        public var isSame: Bool { height == width }
    }

    /// The relationship of each axis of `g`.
    public static func of(_ g: Geometry) -> Axes {
        let p = g.padding
        func axis(_ i: Int, _ k: Int, _ s: Int, _ b: Int, _ e: Int, _ d: Int, _ a: Int, _ o: Int) -> Relationship {
            Relationship(
                op: g.op,
                axis: Axis(
                    input: i, kernel: k, stride: s, before: b, after: e, dilation: d, outputPadding: a, output: o))
        }
        return Axes(
            height: axis(
                g.inputSize.h, g.kernelSize.h, g.stride.h, p.top, p.bottom, g.dilation.h, g.outputPadding.h,
                g.outputSize.h),
            width: axis(
                g.inputSize.w, g.kernelSize.w, g.stride.w, p.left, p.right, g.dilation.w, g.outputPadding.w,
                g.outputSize.w))
    }
}

extension Relationship {
    /// The law with the paper's letters: `o = ⌊(i + 2p − k)/s⌋ + 1`.
    public var law: String { text(Letters(op: op, symmetric: axis.isSymmetric)) }

    /// The law with this axis' numbers, and its value: `o = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3`.
    public var substituted: String { text(Letters(axis)) + " = \(axis.output)" }

    /// `k̂ = k + (k − 1)(d − 1) = 3 + 2⋅1 = 5` when the law uses the dilated kernel (15, or a dilated transposed
    /// layer), else nil.
    public var kernelLaw: String? {
        guard axis.dilation > 1 else { return nil }
        let a = axis
        return "k̂ = k + (k − 1)(d − 1) = \(a.kernel) + \(a.kernel - 1)⋅\(a.dilation - 1) = \(a.effectiveKernel)"
    }

    /// The law evaluated by the paper's own formula (not by `Geometry`), so that tests can hold the two against
    /// each other.
    public var lawValue: Int {
        let a = axis
        let k = a.effectiveKernel
        let pads = a.before + a.after
        switch kind {
        case .noPaddingUnitStrides, .paddingUnitStrides, .halfPadding, .fullPadding:
            return a.input - k + pads + 1
        case .noPaddingStrides, .paddingStrides, .pooling, .dilated:
            return floorDivide(a.input + pads - k, a.stride) + 1
        case .noPaddingUnitStridesTransposed, .paddingUnitStridesTransposed, .halfPaddingTransposed,
            .fullPaddingTransposed:
            return a.input + (k - 1) - pads
        case .noPaddingStridesTransposed, .paddingStridesTransposed, .oddTransposed:
            return a.stride * (a.input - 1) + a.outputPadding + k - pads
        }
    }

    private func floorDivide(_ x: Int, _ y: Int) -> Int { x >= 0 ? x / y : -((-x + y - 1) / y) }

    /// The pieces a law is written with: letters, or one axis' numbers.
    private struct Letters {
        let isLetters: Bool
        let i: String, k: String, s: String, d: String, a: String
        /// 2p, or p₀ + p₁ when the axis is padded unevenly.
        let twoP: String

        /// The paper's letters; a transposed layer's input is i′.
        init(op: Op, symmetric: Bool) {
            isLetters = true
            (i, k, s, d, a) = (op.scatters ? "i′" : "i", "k", "s", "d", "a")
            twoP = symmetric ? "2p" : "(p₀ + p₁)"
        }

        init(_ axis: Axis) {
            isLetters = false
            i = "\(axis.input)"
            k = "\(axis.kernel)"
            s = "\(axis.stride)"
            d = "\(axis.dilation)"
            a = "\(axis.outputPadding)"
            twoP = axis.isSymmetric ? "2⋅\(axis.before)" : "\(axis.before) + \(axis.after)"
        }

        /// s times x: `s(x)` in letters, `2⋅(x)` in numbers.
        func times(_ x: String) -> String { isLetters ? "s(\(x))" : "\(s)⋅(\(x))" }
    }

    private func text(_ l: Letters) -> String {
        // The dilated transposed laws write k̂ where the paper writes k.
        let k = dilatedKernel ? (l.isLetters ? "k̂" : "\(axis.effectiveKernel)") : l.k
        let twoP = l.twoP
        switch kind {
        case .noPaddingUnitStrides: return "o = \(l.i) − \(k) + 1"
        case .paddingUnitStrides: return "o = \(l.i) − \(k) + \(twoP) + 1"
        case .halfPadding: return "o = \(l.i) + \(twoP) − (\(k) − 1)"
        case .fullPadding: return "o = \(l.i) + (\(k) − 1)"
        case .noPaddingStrides, .pooling: return "o = ⌊(\(l.i) − \(k))/\(l.s)⌋ + 1"
        case .paddingStrides: return "o = ⌊(\(l.i) + \(twoP) − \(k))/\(l.s)⌋ + 1"
        case .dilated: return "o = ⌊(\(l.i) + \(twoP) − \(l.k) − (\(l.k) − 1)(\(l.d) − 1))/\(l.s)⌋ + 1"
        case .noPaddingUnitStridesTransposed: return "o′ = \(l.i) + (\(k) − 1)"
        case .paddingUnitStridesTransposed, .halfPaddingTransposed, .fullPaddingTransposed:
            return "o′ = \(l.i) + (\(k) − 1) − \(twoP)"
        case .noPaddingStridesTransposed: return "o′ = \(l.times("\(l.i) − 1")) + \(k)"
        case .paddingStridesTransposed: return "o′ = \(l.times("\(l.i) − 1")) + \(k) − \(twoP)"
        case .oddTransposed: return "o′ = \(l.times("\(l.i) − 1")) + \(l.a) + \(k) − \(twoP)"
        }
    }
}
