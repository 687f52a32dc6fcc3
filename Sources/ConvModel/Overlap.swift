/// How many contributions each output cell of a transposed convolution receives (one per input cell and kernel
/// tap that lands on it, for one filter and channel): the overlap of the kernel stamps. The count of a cell is the
/// product of a count per row and a count per column, since a tap lands on (fy, fx) exactly when its row lands on
/// fy and its column on fx.
///
/// Away from the borders each axis repeats with period S: position p receives the taps t with t·d ≡ p (mod S).
/// The counts are even when every residue receives as many taps (with d = 1: when S divides F), and uneven
/// otherwise: the checkerboard pattern of Odena, Dumoulin & Olah ("Deconvolution and Checkerboard Artifacts",
/// Distill 2016).
public struct Overlap: Equatable, Sendable {
    /// Contributions per output row and per output column (cropped by the padding; output_padding rows past the
    /// scatter buffer receive none).
    public let rows: [Int], cols: [Int]
    /// Per axis, the counts of one period away from the borders: entry r is the number of kernel taps t with
    /// t·d ≡ r (mod S), r in 0..<S.
    public let rowPeriod: [Int], colPeriod: [Int]

    public init(_ layer: ConvLayer) {
        let g = layer.geometry
        rows = Self.axis(g.rows, windows: layer.input.height, taps: layer.kernel.height, out: g.outputSize.h)
        cols = Self.axis(g.cols, windows: layer.input.width, taps: layer.kernel.width, out: g.outputSize.w)
        rowPeriod = Self.period(g.rows, taps: layer.kernel.height)
        colPeriod = Self.period(g.cols, taps: layer.kernel.width)
    }

    /// Contributions to output cell (oy, ox): rows[oy] · cols[ox].
    public func count(oy: Int, ox: Int) -> Int { rows[oy] * cols[ox] }

    /// The most contributions any output cell receives.
    public var maximum: Int { (rows.max() ?? 0) * (cols.max() ?? 0) }

    /// True when, away from the borders, every cell receives as many contributions (no checkerboard).
    public var isEven: Bool { Set(rowPeriod).count == 1 && Set(colPeriod).count == 1 }

    private static func axis(_ a: AxisWindow, windows n: Int, taps k: Int, out: Int) -> [Int] {
        (0..<out).map { o in
            let p = o + a.before
            return (0..<k).filter { t in a.window(reaching: p, tap: t).map { $0 < n } ?? false }.count
        }
    }

    private static func period(_ a: AxisWindow, taps k: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: a.stride)
        for t in 0..<k { counts[t * a.dilation % a.stride] += 1 }
        return counts
    }
}
