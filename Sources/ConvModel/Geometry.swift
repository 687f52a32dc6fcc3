/// Which operation a layer performs. Code that treats ops differently asks a capability below, or switches
/// over every case, so that adding an op (a pooling layer, say) makes the compiler list each decision to take.
public enum Op: String, Sendable, Equatable, CaseIterable {
    /// Direct convolution: cross-correlation, as PyTorch's Conv2d. Each output cell gathers one window.
    case conv
    /// Transposed convolution, as PyTorch's ConvTranspose2d. Each input cell scatters a scaled kernel.
    case transposed

    /// Whether the layer has learned weights (a kernel of numbers), rather than a fixed window.
    public var hasWeights: Bool {
        switch self {
        case .conv, .transposed: true
        }
    }

    /// Whether a learned bias is added to each output cell.
    public var hasBias: Bool {
        switch self {
        case .conv, .transposed: true
        }
    }

    /// Whether each input cell scatters into a window of the output (transposed), rather than each output cell
    /// gathering a window of the input. A scattering layer has no padding ring on its input: its padding crops
    /// the output, and output_padding extends it.
    public var scatters: Bool {
        switch self {
        case .conv: false
        case .transposed: true
        }
    }

    /// How the taps of one window combine into a number.
    public var reduction: WindowReduction {
        switch self {
        case .conv, .transposed: .sum
        }
    }
}

/// How the taps of one window combine into a number.
public enum WindowReduction: Sendable, Equatable, CaseIterable {
    /// The sum of input × weight over the window (convolution).
    case sum
    /// The largest input of the window (max pooling).
    case max
    /// The mean of the window's inputs (average pooling).
    case mean
}

/// The hyper-parameters of one layer, per axis.
public struct ConvSpec: Equatable, Sendable {
    public var op: Op
    public var stride: Pair
    public var padding: Padding
    public var dilation: Pair
    public var outputPadding: Pair

    public init(op: Op = .conv, stride: Pair = Pair(both: 1), padding: Padding = .zero,
                dilation: Pair = Pair(both: 1), outputPadding: Pair = Pair(both: 0)) {
        self.op = op; self.stride = stride; self.padding = padding
        self.dilation = dilation; self.outputPadding = outputPadding
    }
}

/// Why a set of shapes has no valid output.
public struct GeometryError: Error, Equatable, Sendable {
    /// The scenario field at fault (`kernel`, `padding`, `output_padding`, …).
    public let field: String
    public let message: String
    public init(field: String, message: String) { self.field = field; self.message = message }
}

/// Everything about the shapes of a layer that the explainer draws: sizes, the padded input, cells never
/// tapped, and for transposed convolution the uncropped scatter buffer and the equivalent direct convolution.
public struct Geometry: Equatable, Sendable {
    public let spec: ConvSpec
    public let inputSize: Pair
    public let kernelSize: Pair
    /// d·(k − 1) + 1 per axis.
    public let effectiveKernel: Pair
    /// Direct conv: the input with its padding ring. Transposed: the uncropped scatter buffer.
    public let paddedSize: Pair
    public let outputSize: Pair

    /// Direct conv: rows / columns of the padded input that no kernel tap ever reads (the trailing ones
    /// when (H + 2P − d(k − 1) − 1) is not divisible by S, and any skipped by dilation holes), in padded
    /// coordinates. Empty for transposed convolution.
    public let untappedRows: [Int]
    public let untappedCols: [Int]

    public var op: Op { spec.op }
    public var stride: Pair { spec.stride }
    public var dilation: Pair { spec.dilation }
    public var padding: Padding { spec.padding }
    public var outputPadding: Pair { spec.outputPadding }

    /// Computes the geometry, or says which field makes the output empty or illegal.
    public static func compute(input: Pair, kernel: Pair, spec: ConvSpec) throws(GeometryError) -> Geometry {
        let effective = Pair(spec.dilation.h * (kernel.h - 1) + 1, spec.dilation.w * (kernel.w - 1) + 1)
        switch spec.op {
        case .conv:
            let padded = Pair(input.h + spec.padding.top + spec.padding.bottom,
                              input.w + spec.padding.left + spec.padding.right)
            if effective.h > padded.h || effective.w > padded.w {
                let dilated = spec.dilation.h > 1 || spec.dilation.w > 1
                throw GeometryError(field: "kernel", message:
                    "the \(dilated ? "dilated " : "")kernel (\(effective.h)×\(effective.w)) is larger than the padded input (\(padded.h)×\(padded.w))")
            }
            let out = Pair((padded.h - effective.h) / spec.stride.h + 1, (padded.w - effective.w) / spec.stride.w + 1)
            return Geometry(spec: spec, inputSize: input, kernelSize: kernel, effectiveKernel: effective,
                            paddedSize: padded, outputSize: out,
                            untappedRows: untapped(size: padded.h, out: out.h, k: kernel.h, s: spec.stride.h, d: spec.dilation.h),
                            untappedCols: untapped(size: padded.w, out: out.w, k: kernel.w, s: spec.stride.w, d: spec.dilation.w))
        case .transposed:
            for (axis, op, s, d) in [("height", spec.outputPadding.h, spec.stride.h, spec.dilation.h),
                                     ("width", spec.outputPadding.w, spec.stride.w, spec.dilation.w)]
            where op < 0 || op >= max(s, d) {
                throw GeometryError(field: "output_padding", message: max(s, d) == 1
                    ? "\(op) on the \(axis) axis must be 0 when the stride and the dilation are 1"
                    : "\(op) on the \(axis) axis must be at least 0 and smaller than the stride (\(s)) or the dilation (\(d))")
            }
            let full = Pair((input.h - 1) * spec.stride.h + effective.h, (input.w - 1) * spec.stride.w + effective.w)
            let out = Pair(full.h - spec.padding.top - spec.padding.bottom + spec.outputPadding.h,
                           full.w - spec.padding.left - spec.padding.right + spec.outputPadding.w)
            if out.h < 1 || out.w < 1 {
                throw GeometryError(field: "padding", message:
                    "crops \(spec.padding.top + spec.padding.bottom)×\(spec.padding.left + spec.padding.right) from the \(full.h)×\(full.w) scatter result, leaving no output; use less padding")
            }
            return Geometry(spec: spec, inputSize: input, kernelSize: kernel, effectiveKernel: effective,
                            paddedSize: full, outputSize: out, untappedRows: [], untappedCols: [])
        }
    }

    private static func untapped(size: Int, out: Int, k: Int, s: Int, d: Int) -> [Int] {
        var tapped = [Bool](repeating: false, count: size)
        for o in 0..<out { for u in 0..<k { tapped[o * s + u * d] = true } }
        return tapped.indices.filter { !tapped[$0] }
    }

    /// How many windows the layer places per filter and channel: one per output cell when windows gather, one
    /// per input cell when they scatter.
    public var windows: Int { op.scatters ? inputSize.h * inputSize.w : outputSize.h * outputSize.w }

    /// Direct conv: rows of the padded input past the last window (never inside any window).
    public var uncoveredRows: [Int] { op.scatters ? [] : Array(((outputSize.h - 1) * stride.h + effectiveKernel.h)..<paddedSize.h) }
    /// Direct conv: columns of the padded input past the last window.
    public var uncoveredCols: [Int] { op.scatters ? [] : Array(((outputSize.w - 1) * stride.w + effectiveKernel.w)..<paddedSize.w) }

    /// Transposed: the state of one scatter-buffer row: cropped by padding, kept, or past the buffer
    /// (the output_padding rows that only the bias reaches).
    public func bufferRowIsKept(_ fy: Int) -> Bool { fy >= padding.top && fy < padding.top + outputSize.h }
    public func bufferColIsKept(_ fx: Int) -> Bool { fx >= padding.left && fx < padding.left + outputSize.w }

    /// Transposed: how many output rows / columns lie past the scatter buffer (output_padding beyond the
    /// bottom/right crop); they hold only the bias.
    public var extraRows: Int { max(0, padding.top + outputSize.h - paddedSize.h) }
    public var extraCols: Int { max(0, padding.left + outputSize.w - paddedSize.w) }
}
