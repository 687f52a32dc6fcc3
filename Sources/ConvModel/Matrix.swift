/// One nonzero entry of a row (or a column) of a convolution's matrix: where it is, and which kernel weight it is.
public struct MatrixEntry: Equatable, Sendable {
    /// The entry's column when it belongs to a row, its row when it belongs to a column.
    public let index: Int
    /// kernel[filter, channel, u, v]: the weight itself, as the scenario gives it.
    public let weight: Double
    /// The kernel tap the weight comes from: filter, channel, kernel row and column.
    public let filter: Int, channel: Int, u: Int, v: Int
}

/// A convolution layer as a matrix M with M·x + b = y: x the input unrolled row by row (C·H·W entries, over
/// [c][h][w]), y the output unrolled (K·H2·W2 entries, over [k][i][j]), b each output cell's bias. For a direct
/// convolution M is the sparse matrix C whose row (k, i, j) holds the weights of filter k at the columns its
/// window taps (padding taps have no column); for a transposed convolution M is Cᵀ, the transpose of its paired
/// direct convolution's matrix (`pairedDirect`). `transposed()` swaps rows and columns.
///
/// Nothing is materialised: a row or a column is built from its index with the window formula (`AxisWindow`),
/// at most C·kh·kw (or K·kh·kw) entries. Products use the layer's `arithmetic`, so `product(row:)` is exactly
/// the layer's output cell in the exact range (beyond it, up to the rounding of the last digit).
public struct ConvMatrix: Sendable {
    public let layer: ConvLayer
    /// True for the transpose of the layer's own matrix: rows over the input, columns over the output.
    public let isTransposed: Bool

    public init(_ layer: ConvLayer) {
        self.layer = layer
        isTransposed = false
    }

    private init(_ layer: ConvLayer, transposed: Bool) {
        self.layer = layer
        isTransposed = transposed
    }

    /// The transpose: for a transposed layer, its paired direct convolution's matrix C; for a direct one, Cᵀ (the
    /// map from the output's gradient to the input's, a transposed convolution).
    public func transposed() -> ConvMatrix { ConvMatrix(layer, transposed: !isTransposed) }

    /// The number of the layer's output cells, K·H2·W2.
    var outputCount: Int { layer.kernel.filters * layer.geometry.outputSize.h * layer.geometry.outputSize.w }
    /// The number of the layer's input cells, C·H·W.
    var inputCount: Int { layer.input.values.count }

    public var rowCount: Int { isTransposed ? inputCount : outputCount }
    public var columnCount: Int { isTransposed ? outputCount : inputCount }
    /// rowCount × columnCount, or nil when it overflows.
    public var entryCount: Int? {
        let n = rowCount.multipliedReportingOverflow(by: columnCount)
        return n.overflow ? nil : n.partialValue
    }

    /// Entry (r, c): the kernel weight there, nil where row r does not read column c (a structural zero). Worked
    /// out from the two cells' places, the window formula solved for the tap on each axis, without building the
    /// row (a frame of the matrix view draws a few hundred entries of rows of up to C·kh·kw).
    public func weight(_ r: Int, _ c: Int) -> Double? {
        let (o, n) = isTransposed ? (c, r) : (r, c)
        let out = layer.geometry.outputSize
        let (h, w) = (layer.input.height, layer.input.width)
        let (k, i, j) = (o / (out.h * out.w), o % (out.h * out.w) / out.w, o % out.w)
        let (ch, y, x) = (n / (h * w), n % (h * w) / w, n % w)
        let g = layer.geometry
        // The tap t with window · S + t · d = position, if any.
        func tap(_ a: AxisWindow, window: Int, position: Int, taps: Int) -> Int? {
            let offset = position - window * a.stride
            guard offset >= 0, offset % a.dilation == 0, offset / a.dilation < taps else { return nil }
            return offset / a.dilation
        }
        let (kh, kw) = (layer.kernel.height, layer.kernel.width)
        let u: Int?
        let v: Int?
        switch layer.op {
        case .conv:
            // Output (i, j)'s window taps input (y, x) (`windowTaps`).
            u = tap(g.rows, window: i, position: y + g.rows.before, taps: kh)
            v = tap(g.cols, window: j, position: x + g.cols.before, taps: kw)
        case .transposed:
            // Input (y, x)'s stamp lands on output (i, j) (`forEachContributor`).
            u = tap(g.rows, window: y, position: i + g.rows.before, taps: kh)
            v = tap(g.cols, window: x, position: j + g.cols.before, taps: kw)
        }
        guard let u, let v else { return nil }
        return layer.kernel[k, ch, u, v]
    }

    /// The nonzero entries of row `r`, by column.
    public func row(_ r: Int) -> [MatrixEntry] { isTransposed ? inputLine(r) : outputLine(r) }

    /// The nonzero entries of column `c`, by row.
    public func column(_ c: Int) -> [MatrixEntry] { isTransposed ? outputLine(c) : inputLine(c) }

    /// The entries of output cell o = (k, i, j) of the layer: its row of the layer's matrix, indexed by input cell.
    private func outputLine(_ o: Int) -> [MatrixEntry] {
        let out = layer.geometry.outputSize
        let (k, i, j) = (o / (out.h * out.w), o % (out.h * out.w) / out.w, o % out.w)
        let (channels, h, w) = (layer.input.channels, layer.input.height, layer.input.width)
        var list: [MatrixEntry] = []
        switch layer.op {
        case .conv:
            // The window of output cell (i, j) gathers the input cells its taps land on, channel by channel.
            let taps = windowTaps(window: (i, j), within: Pair(h, w))
            // Grown once: a 16-channel 7×7 row is 784 entries (appended one by one, its buffer was copied 9 times).
            list.reserveCapacity(channels * taps.count)
            for c in 0..<channels {
                for (y, x, u, v) in taps {
                    list.append(entry((c * h + y) * w + x, k, c, u, v))
                }
            }
        case .transposed:
            // The input cells whose stamps reach output cell (i, j): found from the last (a later tap reaches from an
            // earlier cell), so taken backwards they come by row and column, and channel by channel by index (sorting
            // a 16-channel row of 784 entries cost ~48K instructions a step).
            let g = layer.geometry
            var cells: [(Int, Int, Int, Int)] = []
            cells.reserveCapacity(layer.kernel.height * layer.kernel.width)
            ScatterTrace(layer).forEachContributor(fy: i + g.padding.top, fx: j + g.padding.left) {
                cells.append(($0, $1, $2, $3))
            }
            list.reserveCapacity(channels * cells.count)
            for c in 0..<channels {
                for (y, x, u, v) in cells.reversed() { list.append(entry((c * h + y) * w + x, k, c, u, v)) }
            }
        }
        assert(zip(list, list.dropFirst()).allSatisfy { $0.index < $1.index }, "a matrix line out of order")
        return list
    }

    /// The entries of input cell n = (c, y, x) of the layer: its column of the layer's matrix, indexed by output
    /// cell.
    private func inputLine(_ n: Int) -> [MatrixEntry] {
        let (h, w) = (layer.input.height, layer.input.width)
        let (c, y, x) = (n / (h * w), n % (h * w) / w, n % w)
        let out = layer.geometry.outputSize
        var list: [MatrixEntry] = []
        switch layer.op {
        case .conv:
            // The windows whose taps read input cell (y, x).
            let windows = reachingWindows(padded: (y + layer.geometry.padding.top, x + layer.geometry.padding.left))
            // A later tap reaches from an earlier window: taken backwards, the windows come by row and column.
            list.reserveCapacity(layer.kernel.filters * windows.count)
            for k in 0..<layer.kernel.filters {
                for (i, j, u, v) in windows.reversed() where i < out.h && j < out.w {
                    list.append(entry((k * out.h + i) * out.w + j, k, c, u, v))
                }
            }
        case .transposed:
            // The output cells the stamp of input cell (y, x) writes.
            let taps = windowTaps(window: (y, x), within: out)
            list.reserveCapacity(layer.kernel.filters * taps.count)
            for k in 0..<layer.kernel.filters {
                for (i, j, u, v) in taps {
                    list.append(entry((k * out.h + i) * out.w + j, k, c, u, v))
                }
            }
        }
        assert(zip(list, list.dropFirst()).allSatisfy { $0.index < $1.index }, "a matrix line out of order")
        return list
    }

    private func entry(_ index: Int, _ k: Int, _ c: Int, _ u: Int, _ v: Int) -> MatrixEntry {
        MatrixEntry(index: index, weight: layer.kernel[k, c, u, v], filter: k, channel: c, u: u, v: v)
    }

    /// The cells (y, x) inside `size` that the taps (u, v) of window (a, b) land on, row-major over the taps:
    /// `AxisWindow.cell`, the one window formula.
    private func windowTaps(window: (Int, Int), within size: Pair) -> [(Int, Int, Int, Int)] {
        let g = layer.geometry
        var list: [(Int, Int, Int, Int)] = []
        for u in 0..<layer.kernel.height {
            let y = g.rows.cell(window: window.0, tap: u)
            guard y >= 0 && y < size.h else { continue }
            for v in 0..<layer.kernel.width {
                let x = g.cols.cell(window: window.1, tap: v)
                guard x >= 0 && x < size.w else { continue }
                list.append((y, x, u, v))
            }
        }
        return list
    }

    /// The windows (i, j) whose tap (u, v) lands on padded position `padded`: `AxisWindow.window(reaching:tap:)`,
    /// the inverse of the window formula. The caller bounds the windows.
    private func reachingWindows(padded: (Int, Int)) -> [(Int, Int, Int, Int)] {
        let g = layer.geometry
        var list: [(Int, Int, Int, Int)] = []
        for u in 0..<layer.kernel.height {
            guard let i = g.rows.window(reaching: padded.0, tap: u) else { continue }
            for v in 0..<layer.kernel.width {
                guard let j = g.cols.window(reaching: padded.1, tap: v) else { continue }
                list.append((i, j, u, v))
            }
        }
        return list
    }

    /// The bias of row `r`: the filter's bias for the layer's own matrix; none (0) for its transpose.
    public func bias(row r: Int) -> Double {
        guard !isTransposed else { return 0 }
        let out = layer.geometry.outputSize
        return layer.bias[r / (out.h * out.w)]
    }

    /// Row `r` times the layer's input plus the row's bias, in the layer's arithmetic: in the exact range
    /// (`Arithmetic.isExact`) exactly the layer's output cell r (`layer.output().values[r]`); beyond it, in binary
    /// floating point, the same sum added by column, whose last digit may round apart from the output's (which adds
    /// channel by channel, or stamp by stamp). Only for the layer's own matrix.
    public func product(row r: Int) -> Double {
        precondition(!isTransposed, "product(row:) multiplies the layer's own matrix by its input")
        return product(row: r, vector: layer.input.values)
    }

    /// Row `r` times `vector` (columnCount numbers) plus the row's bias, in the layer's arithmetic. For the
    /// transpose, `vector` is an output gradient and the result the input gradient's entry r.
    public func product(row r: Int, vector: [Double]) -> Double {
        var sum = Sum(layer.arithmetic)
        for e in row(r) { sum.add(vector[e.index], times: e.weight) }
        sum.add(bias(row: r))
        return sum.value
    }

    /// The whole matrix, row by row (rowCount × columnCount numbers): for `eval --matrix` and the tests. The
    /// caller bounds its size (`entryCount`).
    public func dense() -> [Double] {
        var values = [Double](repeating: 0, count: rowCount * columnCount)
        for r in 0..<rowCount {
            for e in row(r) { values[r * columnCount + e.index] = e.weight }
        }
        return values
    }

    /// The direct convolution that a transposed layer `t` reverses: the input is `t`'s output shape (zeros), the
    /// kernel `t`'s with its first two axes swapped ([C][K][kh][kw]), the same stride, padding and dilation, no
    /// output_padding. Its matrix is the transpose of `t`'s wherever their shapes agree (always, unless
    /// output_padding ≥ stride, when the direct convolution has extra output rows or columns).
    public static func pairedDirect(_ t: ConvLayer) throws(GeometryError) -> ConvLayer {
        let k = t.kernel
        let out = t.geometry.outputSize
        var values: [Double] = []
        values.reserveCapacity(k.values.count)
        for c in 0..<k.channels {
            for f in 0..<k.filters {
                for u in 0..<k.height {
                    for v in 0..<k.width { values.append(k[f, c, u, v]) }
                }
            }
        }
        let swapped = Tensor4(
            filters: k.channels, channels: k.filters, height: k.height, width: k.width, values: values)
        let spec = ConvSpec(op: .conv, stride: t.spec.stride, padding: t.spec.padding, dilation: t.spec.dilation)
        return try ConvLayer(
            input: Tensor3(channels: k.filters, height: out.h, width: out.w), kernel: swapped, spec: spec)
    }
}
