/// A direct convolution as one matrix product, the way frameworks compute it (im2col + GEMM): the patch matrix P
/// has one column per window (output position, row-major) holding that window's C·kh·kw input values (padding taps
/// read 0), the kernel matrix W one row per filter with its weights in the same order (channel, kernel row, kernel
/// column), and the output is W·P plus the bias, row k reshaped to H2×W2.
///
/// Nothing is materialised: an entry, a column or a product is computed from its indices on demand, in the layer's
/// arithmetic (`Arithmetic`), so a large input costs nothing until a cell is shown.
public struct Im2col: Sendable {
    public let layer: ConvLayer
    /// The layer's numbers in units when its slide keeps them (`PartialSums.units(of:)`): `dot` then reads them.
    let units: LayerUnits?

    /// What an entry of the patch matrix reads.
    public struct Entry: Equatable, Sendable {
        /// The input value, or 0 for a padding tap.
        public let value: Double
        public let kind: TapKind
    }

    public init(_ layer: ConvLayer, units: LayerUnits? = nil) {
        switch layer.op {
        case .conv: break
        case .transposed: preconditionFailure("Im2col takes a direct convolution")
        }
        (self.layer, self.units) = (layer, units)
    }

    /// C·kh·kw: the rows of the patch matrix, the columns of the kernel matrix.
    public var rows: Int { layer.input.channels * layer.kernel.height * layer.kernel.width }
    /// H2·W2: one column per window.
    public var columns: Int { layer.geometry.outputSize.h * layer.geometry.outputSize.w }
    /// K: one kernel row per filter.
    public var filters: Int { layer.kernel.filters }

    /// The channel, kernel row and kernel column of patch row `r`.
    public func tap(row r: Int) -> (c: Int, u: Int, v: Int) {
        let area = layer.kernel.height * layer.kernel.width
        return (r / area, r % area / layer.kernel.width, r % layer.kernel.width)
    }

    /// The output cell (row, column) of window `j`.
    public func window(column j: Int) -> (oy: Int, ox: Int) {
        let w = layer.geometry.outputSize.w
        return (j / w, j % w)
    }

    /// The column of output cell (oy, ox).
    public func column(oy: Int, ox: Int) -> Int { oy * layer.geometry.outputSize.w + ox }

    /// P[r, j]: tap `r` of window `j`.
    public func entry(row r: Int, column j: Int) -> Entry {
        let g = layer.geometry
        let (c, u, v) = tap(row: r)
        let (oy, ox) = window(column: j)
        let iy = g.rows.cell(window: oy, tap: u)
        let ix = g.cols.cell(window: ox, tap: v)
        guard iy >= 0, iy < layer.input.height, ix >= 0, ix < layer.input.width else {
            return Entry(value: 0, kind: .padding)
        }
        return Entry(value: layer.input[c, iy, ix], kind: .input)
    }

    /// The first `count` terms of row k of W times column j of P: each weight W[k, r] and value P[r, j] (0 for a
    /// padding tap, as `entry(row:column:)` reads it), in row order, walked channel by channel, row by row (no
    /// division per term: a sum line writes a hundred of them a step).
    public func terms(filter k: Int, column j: Int, count: Int) -> (weights: [Double], values: [Double]) {
        let g = layer.geometry
        let (oy, ox) = window(column: j)
        let (kh, kw, h, w) = (layer.kernel.height, layer.kernel.width, layer.input.height, layer.input.width)
        let ys = (0..<kh).map { g.rows.cell(window: oy, tap: $0) }
        let xs = (0..<kw).map { g.cols.cell(window: ox, tap: $0) }
        let n = min(max(0, count), rows)
        let first = k * rows
        let weights = Array(layer.kernel.values[first..<(first + n)])
        let values = [Double](unsafeUninitializedCapacity: n) { out, written in
            layer.input.values.withUnsafeBufferPointer { inputs in
                var r = 0
                for c in 0..<layer.input.channels {
                    for u in 0..<kh {
                        let iy = ys[u]
                        let row = iy >= 0 && iy < h ? inputs.baseAddress! + (c * h + iy) * w : nil
                        for v in 0..<kw {
                            guard r < n else { return }
                            let ix = xs[v]
                            out.initializeElement(at: r, to: row != nil && ix >= 0 && ix < w ? row![ix] : 0)
                            r += 1
                        }
                    }
                }
            }
            written = n
        }
        return (weights, values)
    }

    /// Column `j` of the patch matrix: the window's values, channel by channel, row by row.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { entry(row: $0, column: j).value } }

    /// W[k, r]: weight `r` of filter `k`.
    public func weight(filter k: Int, row r: Int) -> Double {
        let (c, u, v) = tap(row: r)
        return layer.kernel[k, c, u, v]
    }

    /// Row `k` of the kernel matrix.
    public func kernelRow(_ k: Int) -> [Double] { (0..<rows).map { weight(filter: k, row: $0) } }

    /// (W·P)[k, j]: row k of W times column j of P, summed in row order in the layer's arithmetic; without the bias.
    public func dot(filter k: Int, column j: Int) -> Double {
        if let units {
            // Exact: the same integer sum in any order, each term two reads and a multiply.
            return layer.arithmetic.value(units.output(k * columns + j))
        }
        // Row order (channel, kernel row, kernel column), each entry as `entry(row:column:)` reads it (0 for a
        // padding tap), read in one walk (`terms`).
        let (weights, values) = terms(filter: k, column: j, count: rows)
        var sum = Sum(layer.arithmetic)
        for r in 0..<rows { sum.add(values[r], times: weights[r]) }
        return sum.value
    }

    /// (W·P + b)[k, j]: the output value of filter k at window j. Beyond the exact range a sum's order rounds its
    /// last digit: there it is the output's own (`ConvLayer.outputValue`), the number the output grid shows.
    public func value(filter k: Int, column j: Int) -> Double {
        guard layer.arithmetic.isExact else {
            let w = layer.geometry.outputSize.w
            return layer.outputValue(filter: k, oy: j / w, ox: j % w)
        }
        var sum = Sum(layer.arithmetic)
        sum.add(dot(filter: k, column: j))
        sum.add(layer.bias[k])
        return sum.value
    }

    /// The product W[k, r]·P[r, j] in the layer's arithmetic.
    public func product(filter k: Int, row r: Int, column j: Int) -> Double {
        layer.arithmetic.product(entry(row: r, column: j).value, weight(filter: k, row: r))
    }
}
