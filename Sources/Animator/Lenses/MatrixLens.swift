import ConvModel
import ScenarioFormat

extension LensName {
    /// The layer as a matrix: y = C⋅x + b; a transposed convolution as Cᵀ.
    public static let matrix: LensName = "matrix"
}

/// A convolution is a matrix: the input unrolled row by row into x, one row of C per output cell holding the
/// kernel's weights at the columns its window reads (0 elsewhere, drawn `·`), y = C⋅x + b. The step is the output
/// cell (the same steps as the conv view). For a transposed convolution: its paired direct convolution's C, with
/// the current column boxed, and Cᵀ⋅x′ + b, which is the scatter result (checked on screen). Tab shows the backward
/// pass: the gradient with respect to the input is the transposed matrix times the output gradient g (all ones),
/// one step per input cell.
struct MatrixLens: Lens {
    var name: LensName { .matrix }
    var summary: String { "y = C⋅x + b (transposed: Cᵀ); Tab: the backward pass" }
    var tab: TabMeaning { .toggleTaps }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv, .transposed: true
        }
    }

    /// Forward: one step per output cell (phase `.whole`); backward: one per input cell (phase `.merge`, which
    /// tells the two timelines apart).
    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline {
        let m = ConvMatrix(slide.layer)
        return tapMode
            ? Timeline(kind: .windows(windows: m.columnCount, phases: [.merge]))
            : Timeline(kind: .windows(windows: m.rowCount, phases: [.whole]))
    }

    func tabWord(tapMode: Bool) -> Word { tapMode ? .matrixBarForward : .matrixBarGradient }

    func outputCell(at step: Int, slide: Slide, timeline: Timeline) -> OutputCell? {
        let out = slide.layer.geometry.outputSize
        guard case .windows(_, let phases) = timeline.kind, phases == [.whole], step >= 0,
            step < ConvMatrix(slide.layer).rowCount
        else { return nil }
        return OutputCell(filter: step / (out.h * out.w), row: step % (out.h * out.w) / out.w, col: step % out.w)
    }

    func step(forOutput filter: Int, row: Int, col: Int, slide: Slide, timeline: Timeline) -> Int? {
        let out = slide.layer.geometry.outputSize
        guard case .windows(_, let phases) = timeline.kind, phases == [.whole] else { return nil }
        guard filter < slide.layer.kernel.filters, row < out.h, col < out.w else { return nil }
        return (filter * out.h + row) * out.w + col
    }

    func content(_ frame: Frame) -> ViewContent {
        let m = MatrixStep(frame)
        let panels = m.panels()
        let (lines, parts) = m.lines()
        var content = ViewContent(
            panels: panels, lines: lines, narration: m.narration(), shapes: shapesText(m.l.input, m.g))
        content.sumParts = parts
        return content
    }
}

/// One step of the matrix lens. Forward: row `row` of the layer's own matrix (C, or Cᵀ for a transposed layer)
/// computes output cell `row`. Backward: row `row` of its transpose times g = 1 gives the input cell's gradient.
struct MatrixStep {
    let frame: Frame
    let l: ConvLayer
    let g: Geometry
    /// The layer's own matrix: C for a direct convolution, Cᵀ for a transposed one.
    let own: ConvMatrix
    let backward: Bool
    /// The matrix drawn with its vectors: `own` forward, its transpose backward.
    let shown: ConvMatrix
    /// What `shown` multiplies: the input forward, the output gradient g (all ones) backward.
    let vector: [Double]
    /// The current row of `shown`: an output cell [k][i][j] forward, an input cell [c][h][w] backward.
    let row: Int
    let entries: [MatrixEntry]
    /// The row's cell: filter or channel, row, column.
    let cell: (Int, Int, Int)
    let K: Int

    init(_ frame: Frame) {
        self.frame = frame
        l = frame.slide.layer
        g = l.geometry
        own = ConvMatrix(l)
        backward = frame.tapMode
        shown = backward ? own.transposed() : own
        vector = backward ? Array(repeating: 1, count: own.rowCount) : l.input.values
        row = min(max(frame.step, 0), shown.rowCount - 1)
        entries = shown.row(row)
        let size = backward ? Pair(l.input.height, l.input.width) : g.outputSize
        cell = (row / (size.h * size.w), row % (size.h * size.w) / size.w, row % size.w)
        K = l.kernel.filters
    }

    var t: Language { frame.language }
    var transposed: Bool { l.op.scatters }
    /// out[1,1] or out[f][1,1]; backward ∂L/∂in[1,1] or ∂L/∂in[c][1,1].
    var cellName: String { cellName(backward ? "∂L/∂in" : "out") }
    func cellName(_ name: String) -> String {
        let (f, y, x) = cell
        let many = backward ? l.input.channels > 1 : K > 1
        return many ? "\(name)[\(f)][\(y),\(x)]" : "\(name)[\(y),\(x)]"
    }
    /// The shapes C⋅H⋅W as "3×5×5" or "5×5".
    func shape(_ c: Int, _ size: Pair) -> String { c > 1 ? "\(c)×\(size.h)×\(size.w)" : "\(size.h)×\(size.w)" }
    var inputShape: String { shape(l.input.channels, Pair(l.input.height, l.input.width)) }
    var outputShape: String { shape(K, g.outputSize) }
    /// The name of the matrix drawn: C or Cᵀ.
    var shownName: String { transposed != backward ? "Cᵀ" : "C" }
    /// Row r of `shown` times its vector, plus the bias forward, from ConvModel. Forward, beyond the exact range
    /// (binary floating point: an order of addition rounds the last digit), the layer's output cell r itself, the
    /// number the output grid shows (the row's sum in its own order showed 745023.002733 beside 745023.002732).
    func product(_ r: Int) -> Double {
        backward || l.arithmetic.isExact ? shown.product(row: r, vector: vector) : frame.slide.output.values[r]
    }

    /// `product(r)`, kept per slide for the matrix's tail (the rows in view are much the same from step to step,
    /// and a row of a 16-channel 7×7 layer is 784 products).
    func keptProduct(_ r: Int) -> Double {
        frame.slide.matrixProducts.value(MatrixProductKey(transposed: shown.isTransposed, row: r)) { product(r) }
    }

    /// The row's sum, `out[1,1] = w⋅x + … + b = v`, from ConvModel (`ConvMatrix.product`, the layer's output).
    /// The sum of the current row (its products noted, `ViewContent.sumParts`: wrapped without reading them again)
    /// and the counts.
    func lines() -> (lines: [GridLook], parts: SumParts?) {
        // Written and kept as bytes (`GridLook(utf8:)`; a row of a 16-channel 7×7 layer is 784 products, written
        // as far as `Frame.sumColumns`).
        var s = TextBytes(capacity: 64 + entries.count * TextBytes.mostProduct)
        s.append(cellName)
        s.append(" = ")
        let vector = vector
        if entries.isEmpty {
            s.append("0")
        } else {
            s.append(products: entries, columns: frame.sumColumns, notingSum: true) { ($0.weight, vector[$0.index]) }
        }
        let bias = shown.bias(row: row)
        if bias != 0 {
            s.append(" + ")
            s.append(term: bias)
        }
        s.append(" = ")
        s.append(number: keptProduct(row))
        var lines = [GridLook(utf8: s.utf8, style: .formula)]
        let perRow = backward ? entries.count : l.input.channels * l.kernel.height * l.kernel.width
        let count = t(
            backward ? .matrixGradientCount : .matrixCount, shownName, "\(shown.rowCount)×\(shown.columnCount)", perRow)
        lines.append(GridLook(text: count, style: .normal, isSum: false))
        if transposed && !backward {
            let same = MatrixCheck.shared.agrees(frame.slide)
            lines.append(
                GridLook(text: t(same ? .sameAsScatter : .differsFromScatter), style: same ? .result : .warning))
        }
        return (lines, entries.isEmpty ? nil : s.sumParts)
    }

    func narration() -> String {
        let position = "\(row)"  // 0-based, as the viewport notes (rows 0–9/25) and out[i,j]
        if backward {
            let word: Word = transposed ? .matrixBackwardTransposed : .matrixBackwardConv
            return t(word, position, cellName("in")) + t(.matrixVectors) + t(.matrixLegend)
        }
        if transposed {
            return t(.matrixTransposedSentence, outputShape, inputShape, position, cellName) + t(.matrixVectors)
                + t(.matrixLegend)
        }
        var text = t(.matrixDirectSentence, position, cellName)
        if !g.padding.isZero { text += t(.matrixPaddingSentence) }
        if g.outputSize.w > 1 || g.outputSize.h > 1 { text += t(.matrixSharingSentence) }
        return text + t(.matrixVectors) + t(.matrixLegend)
    }
}

/// Whether Cᵀ⋅x′ + b equals the scatter result, for every output cell: computed once per slide (its rows
/// multiplied by ConvModel, compared with the layer's output).
final class MatrixCheck: @unchecked Sendable {
    static let shared = MatrixCheck()
    private let lock = Lock()
    private var entries: [String: (layer: ConvLayer, same: Bool)] = [:]

    func agrees(_ slide: Slide) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let e = entries[slide.name], e.layer == slide.layer { return e.same }
        let m = ConvMatrix(slide.layer)
        let output = slide.output.values
        // Beyond the exact range the two orders of addition may round a last digit apart: the numbers shown agree.
        let exact = slide.layer.arithmetic.isExact
        let same = (0..<m.rowCount).allSatisfy {
            let p = m.product(row: $0)
            return p == output[$0] || !exact && Num.display(p) == Num.display(output[$0])
        }
        if entries.count >= 64 { entries.removeAll() }
        entries[slide.name] = (slide.layer, same)
        return same
    }
}

/// A product kept for the slide (`Slide.matrixProducts`): a row of the matrix view's matrix (forward: the layer's
/// own, times the input; backward: its transpose, times the gradient of ones), or a cell k·columns + j of the
/// im2col view's W·P + b.
struct MatrixProductKey: Hashable {
    let kind: Int
    let row: Int

    init(transposed: Bool, row: Int) { (kind, self.row) = (transposed ? 1 : 0, row) }
    init(im2col cell: Int) { (kind, row) = (2, cell) }
}
