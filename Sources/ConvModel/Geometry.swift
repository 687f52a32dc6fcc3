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

    public init(
        op: Op = .conv, stride: Pair = Pair(both: 1), padding: Padding = .zero,
        dilation: Pair = Pair(both: 1), outputPadding: Pair = Pair(both: 0)
    ) {
        self.op = op
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.outputPadding = outputPadding
    }
}

/// One axis of the window arithmetic, written once: where tap `t` of window `w` lands. For a direct convolution a
/// window is an output cell and its taps read input cells; for a transposed one a window is an input cell, and
/// its taps write output cells.
public struct AxisWindow: Equatable, Sendable {
    public let stride: Int
    public let dilation: Int
    /// The padding before the first cell (top or left).
    public let before: Int

    public init(stride: Int, dilation: Int, before: Int) {
        self.stride = stride
        self.dilation = dilation
        self.before = before
    }

    /// w·stride + t·dilation: the position in the padded input (direct) or the uncropped scatter buffer
    /// (transposed).
    @inline(__always) public func padded(window w: Int, tap t: Int) -> Int { w * stride + t * dilation }

    /// w·stride + t·dilation − padding before: the input cell read (direct) or the output cell written
    /// (transposed); outside the grid for a padding tap or a cropped hit.
    @inline(__always) public func cell(window w: Int, tap t: Int) -> Int { padded(window: w, tap: t) - before }

    /// The inverse: the window whose tap `t` lands on padded position `p`, or nil when none does (before the
    /// first window, or between two strides). The caller checks that the window exists.
    @inline(__always) public func window(reaching p: Int, tap t: Int) -> Int? {
        let offset = p - t * dilation
        guard offset >= 0, offset % stride == 0 else { return nil }
        return offset / stride
    }

    /// Cells from the first tap of the first window to the last tap of window `n − 1` when a window has `k`
    /// taps: d·(k − 1) + 1 for one window (the effective kernel).
    public func extent(windows n: Int, taps k: Int) -> Int { padded(window: n - 1, tap: k - 1) + 1 }

    /// The most (window, tap) pairs that land on one position along this axis: how many kernel stamps of a
    /// transposed convolution can overlap on one buffer cell, per axis (the counts of the two axes multiply).
    public func maxOverlap(windows n: Int, taps k: Int) -> Int {
        guard n > 0, k > 0 else { return 0 }
        var counts = [Int](repeating: 0, count: extent(windows: n, taps: k))
        for w in 0..<n {
            for t in 0..<k { counts[padded(window: w, tap: t)] += 1 }
        }
        return counts.max() ?? 0
    }
}

extension ConvSpec {
    /// The window arithmetic of the rows.
    public var rows: AxisWindow { AxisWindow(stride: stride.h, dilation: dilation.h, before: padding.top) }
    /// The window arithmetic of the columns.
    public var cols: AxisWindow { AxisWindow(stride: stride.w, dilation: dilation.w, before: padding.left) }
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
    public var rows: AxisWindow { spec.rows }
    public var cols: AxisWindow { spec.cols }

    /// Computes the geometry, or says which field makes the output empty or illegal.
    public static func compute(input: Pair, kernel: Pair, spec: ConvSpec) throws(GeometryError) -> Geometry {
        switch spec.op {
        case .conv: try direct(input: input, kernel: kernel, spec: spec)
        case .transposed: try scattered(input: input, kernel: kernel, spec: spec)
        }
    }

    private static func effective(_ kernel: Pair, _ spec: ConvSpec) -> Pair {
        Pair(spec.rows.extent(windows: 1, taps: kernel.h), spec.cols.extent(windows: 1, taps: kernel.w))
    }

    /// Windows gathered from the padded input: ⌊(H + P − d(k − 1) − 1)/S⌋ + 1 per axis.
    private static func direct(input: Pair, kernel: Pair, spec: ConvSpec) throws(GeometryError) -> Geometry {
        let effective = effective(kernel, spec)
        let p = spec.padding
        let padded = Pair(input.h + p.top + p.bottom, input.w + p.left + p.right)
        if effective.h > padded.h || effective.w > padded.w {
            throw GeometryError(
                field: "kernel",
                rule: .kernelLarger(
                    kernel: effective, padded: padded, dilated: spec.dilation.h > 1 || spec.dilation.w > 1))
        }
        let out = Pair((padded.h - effective.h) / spec.stride.h + 1, (padded.w - effective.w) / spec.stride.w + 1)
        return Geometry(
            spec: spec, inputSize: input, kernelSize: kernel, effectiveKernel: effective,
            paddedSize: padded, outputSize: out,
            untappedRows: untapped(size: padded.h, windows: out.h, taps: kernel.h, spec.rows),
            untappedCols: untapped(size: padded.w, windows: out.w, taps: kernel.w, spec.cols))
    }

    /// Windows scattered into the uncropped buffer, (H − 1)·S + d(k − 1) + 1 per axis, then cropped by the
    /// padding and extended by output_padding.
    private static func scattered(input: Pair, kernel: Pair, spec: ConvSpec) throws(GeometryError) -> Geometry {
        let axes: [(GeometryRule.Axis, Int, Int, Int)] = [
            (.height, spec.outputPadding.h, spec.stride.h, spec.dilation.h),
            (.width, spec.outputPadding.w, spec.stride.w, spec.dilation.w),
        ]
        for (axis, op, s, d) in axes where op < 0 || op >= max(s, d) {
            throw GeometryError(
                field: "output_padding",
                rule: max(s, d) == 1
                    ? .outputPaddingNotZero(op, axis: axis)
                    : .outputPaddingRange(op, axis: axis, stride: s, dilation: d))
        }
        let p = spec.padding
        let full = Pair(
            spec.rows.extent(windows: input.h, taps: kernel.h),
            spec.cols.extent(windows: input.w, taps: kernel.w))
        let out = Pair(
            full.h - p.top - p.bottom + spec.outputPadding.h,
            full.w - p.left - p.right + spec.outputPadding.w)
        if out.h < 1 || out.w < 1 {
            throw GeometryError(
                field: "padding",
                rule: .cropsAll(crop: Pair(p.top + p.bottom, p.left + p.right), scatter: full))
        }
        return Geometry(
            spec: spec, inputSize: input, kernelSize: kernel, effectiveKernel: effective(kernel, spec),
            paddedSize: full, outputSize: out, untappedRows: [], untappedCols: [])
    }

    private static func untapped(size: Int, windows: Int, taps: Int, _ axis: AxisWindow) -> [Int] {
        var tapped = [Bool](repeating: false, count: size)
        for w in 0..<windows {
            for t in 0..<taps {
                tapped[axis.padded(window: w, tap: t)] = true
            }
        }
        return tapped.indices.filter { !tapped[$0] }
    }

    /// How many windows the layer places per filter and channel: one per output cell when windows gather, one
    /// per input cell when they scatter.
    public var windows: Int { op.scatters ? inputSize.h * inputSize.w : outputSize.h * outputSize.w }

    /// Direct conv: rows of the padded input that are inside no window (a window spans from its first tap to its
    /// last, holes included): past the last window, and between windows when the stride is larger than the
    /// window. `untappedRows` also has the rows that only holes cover. Empty for transposed convolution.
    public var uncoveredRows: [Int] { uncovered(rows, windows: outputSize.h, taps: kernelSize.h, size: paddedSize.h) }
    /// Direct conv: columns of the padded input that are inside no window.
    public var uncoveredCols: [Int] { uncovered(cols, windows: outputSize.w, taps: kernelSize.w, size: paddedSize.w) }

    private func uncovered(_ axis: AxisWindow, windows: Int, taps: Int, size: Int) -> [Int] {
        guard !op.scatters else { return [] }
        var covered = [Bool](repeating: false, count: size)
        let span = axis.extent(windows: 1, taps: taps)
        for w in 0..<windows {
            let start = axis.padded(window: w, tap: 0)
            for p in start..<min(size, start + span) { covered[p] = true }
        }
        return covered.indices.filter { !covered[$0] }
    }

    /// Transposed: the state of one scatter-buffer row: cropped by padding, kept, or past the buffer
    /// (the output_padding rows that only the bias reaches).
    public func bufferRowIsKept(_ fy: Int) -> Bool { fy >= padding.top && fy < padding.top + outputSize.h }
    public func bufferColIsKept(_ fx: Int) -> Bool { fx >= padding.left && fx < padding.left + outputSize.w }

    /// Transposed: how many output rows / columns lie past the scatter buffer (output_padding beyond the
    /// bottom/right crop); they hold only the bias.
    public var extraRows: Int { max(0, padding.top + outputSize.h - paddedSize.h) }
    public var extraCols: Int { max(0, padding.left + outputSize.w - paddedSize.w) }
}
