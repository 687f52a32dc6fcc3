import ConvModel
import ScenarioFormat

extension LensName {
    /// A direct convolution as one matrix product: patch matrix (im2col) times the kernel rows.
    public static let im2col: LensName = "im2col"
}

/// im2col: every window of the (padded) input becomes one column of the patch matrix P (C·kh·kw rows × H2·W2
/// columns, padding taps read 0), every filter one row of the kernel matrix W, and the whole layer one matrix
/// product W·P + b, as frameworks compute it. One step per output cell, in the conv view's order; the current
/// column, the current filter's row and the output cell are highlighted together. Direct convolutions only: a
/// transposed convolution is computed by frameworks the other way round (W transposed times the input, then
/// col2im), which this view does not draw.
struct Im2colLens: WindowLens {
    var name: LensName { .im2col }
    var summary: String { "conv as one matrix product: window columns × kernel rows" }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: true
        case .transposed: false
        }
    }

    func source(_ slide: Slide) -> WindowSource {
        WindowSource(layer: slide.layer, output: LazyTensor { slide.output }, equivalent: nil)
    }

    /// One step per output cell (filter by filter, row by row), whatever the channels: the product is one step.
    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline {
        Timeline(kind: .windows(windows: ConvTrace(slide.layer).count, phases: [.whole]))
    }

    func extraLines(_ w: WindowStep) -> [GridLook] { [] }

    /// Level 1 keeps one filter's output grid, level 2 also the input of channel 0 only.
    func content(_ frame: Frame) -> ViewContent {
        let w = WindowStep(frame, source: source(frame.slide), products: false)
        let m = Im2colStep(w)
        // The input, P and the output on top; W and W⋅P + b, the product, under them.
        let base = RolePanels<WindowRole>()
        base.add(w.C, role: { .input($0) }, make: w.inputPanel)
        base.add([m.patchPanel()])
        base.add(w.K, role: { .output($0) }, make: w.outputPanel)
        base.add([m.kernelPanel(), m.productPanel()])
        let (lines, parts) = m.lines()
        var content = ViewContent(
            panels: base.set, form: { level in m.form(base, level: level) }, compactLevels: 2,
            lines: lines, narration: m.narration(), shapes: w.shapes)
        content.sumParts = parts
        return content
    }
}

/// One step of the im2col lens: the window step plus the matrices.
struct Im2colStep {
    let w: WindowStep
    let im: Im2col
    /// The current column of P (the window) and row of W (the filter).
    let column: Int, filter: Int

    init(_ w: WindowStep) {
        self.w = w
        im = Im2col(w.l, units: w.slide.partialSums(equivalent: false).units(of: w.l))
        column = im.column(oy: w.st.oy, ox: w.st.ox)
        filter = w.st.filter
    }

    var t: Language { w.t }

    func form(_ base: RolePanels<WindowRole>, level: Int) -> [FormPanel] {
        let filter = filter
        return base.form(level: level) { role in
            switch role {
            case .input(let c): level < 2 || c == 0
            case .output(let k): level < 1 || k == filter
            case .kernel, .partial, .merged, .sharing: true
            }
        }
    }

    /// P: one column per window; the current one bracketed, its padding taps in the padding style.
    func patchPanel() -> WindowPanel {
        let im = im
        let current = column
        let look: (Int, Int) -> GridLook = { r, j in
            let e = im.entry(row: r, column: j)
            let padding = e.kind == .padding
            let style: Style =
                j == current ? (padding ? .paddingTap : .tap) : (padding ? .padding : .normal)
            return GridLook(number: e.value, style: style)
        }
        var grid = Grid(rows: im.rows, cols: im.columns, cellWidth: w.slide.inputWidth, look: look)
        // Every column but the current window's looks the same on every step: kept per viewport.
        grid.keep(
            FixedCells(
                memo: w.slide.cells,
                layers: [
                    .init(name: .im2colPatch) { r, j in
                        let e = im.entry(row: r, column: j)
                        return GridLook(number: e.value, style: e.kind == .padding ? .padding : .normal)
                    }
                ], split: FixedCells.live(rows: 0..<im.rows, cols: current..<(current + 1))))
        grid.brackets.append(Bracket(r0: 0, c0: current, r1: im.rows - 1, c1: current, style: .frame))
        // The columns page with the window (`Grid.pageSpan`); cut, the rows show the column's first values (channel
        // 0's window, as the input panel and the sum begin), not its middle.
        (grid.focus, grid.pageSpan) = ((0, current), (.max, 1))
        var panel = Panel(title: t(.im2colPatchTitle, im.rows, im.columns), titleStyle: .emphasis, grid: grid)
        panel.footer = [GridLook(text: t(.im2colPatchFooter, im.rows), style: .dim)]
        return WindowPanel(panel: panel, role: .sharing)
    }

    /// W: one row per filter, its weights in the order of P's rows.
    func kernelPanel() -> WindowPanel {
        let im = im
        let filter = filter
        let look: (Int, Int) -> GridLook = { k, r in
            GridLook(number: im.weight(filter: k, row: r), style: k == filter ? .tap : .normal)
        }
        var grid = Grid(rows: im.filters, cols: im.rows, cellWidth: w.slide.kernelWidth, look: look)
        // Every row looks the same on every step of a filter, the current one in the tapped style: kept per viewport
        // (the current row was drawn on every step: 55 weights of a 16-channel layer's W at 200 columns).
        grid.keep(
            FixedCells(
                memo: w.slide.cells,
                layers: [
                    .init(name: .im2colWeights) { k, r in GridLook(number: im.weight(filter: k, row: r), style: .normal)
                    },
                    .init(name: .im2colWeightsTapped) { k, r in
                        GridLook(number: im.weight(filter: k, row: r), style: .tap)
                    },
                ],
                split: { k in
                    if k < filter { return .all(0, rows: filter - k) }  // the rows above the current one
                    return k == filter ? .all(1) : .all(0, rows: .max)
                }))
        grid.brackets.append(Bracket(r0: filter, c0: 0, r1: filter, c1: im.rows - 1, style: .frame))
        // Cut, the columns in P's rows' order from the first: the weights of the values P shows.
        (grid.focus, grid.pageSpan) = ((filter, 0), (1, .max))
        var panel = Panel(title: t(.im2colKernelTitle, im.filters, im.rows), grid: grid)
        panel.startsBand = true
        if w.l.bias.contains(where: { $0 != 0 }) {
            panel.footer = [GridLook(text: "b = " + w.l.bias.map(Num.display).joined(separator: ", "), style: .normal)]
        }
        return WindowPanel(panel: panel, role: .kernel(0))
    }

    /// W·P + b: one row per filter, one column per window; cells already computed, the current one, the rest ".".
    func productPanel() -> WindowPanel {
        let im = im
        let columns = im.columns
        let window = w.window
        // A product is a row of W times a column of P (C·kh·kw terms): each is worked out once per slide, the
        // cells in view being much the same from step to step.
        let value = keptValue
        let look: (Int, Int) -> GridLook = { k, j in
            let idx = k * columns + j
            if idx == window { return GridLook(number: value(k, j), style: .current) }
            if idx < window { return GridLook(number: value(k, j), style: .visited) }
            return GridLook(glyph: ".", style: .pending)
        }
        var grid = Grid(rows: im.filters, cols: columns, cellWidth: w.slide.outputWidth, look: look)
        // Finished cells and cells to come look the same on every step: kept per viewport, the current one live
        // (from 25 cells, as a window lens's output: a product drawn live is looked up in the slide's products, ~330
        // instructions a cell — 16 filters × 4 windows took 21K a step).
        grid.keep(
            FixedCells(
                memo: w.slide.cells,
                layers: [
                    .init(name: .im2colProducts) { k, j in GridLook(number: value(k, j), style: .visited) }, .pending,
                ],
                split: FixedCells.rowMajor(
                    current: window, cols: columns, cells: im.filters * columns, done: 0, pending: 1)),
            minimumCells: FixedCells.minimumCostlyCells)
        grid.brackets.append(Bracket(r0: filter, c0: column, r1: filter, c1: column, style: .current))
        (grid.focus, grid.pageSpan) = ((filter, column), (1, 1))
        let panel = Panel(title: t(.im2colProductTitle, im.filters, columns), grid: grid)
        return WindowPanel(panel: panel, role: .merged)
    }

    /// (W·P + b)[k, j], worked out once per slide (C·kh·kw terms): the product grid and the sum's result read it.
    func keptValue(_ k: Int, _ j: Int) -> Double {
        let im = im
        return w.slide.matrixProducts.value(MatrixProductKey(im2col: k * im.columns + j)) {
            im.value(filter: k, column: j)
        }
    }

    /// Row k of W times column j of P, term by term (weight⋅value), plus the bias, its products noted
    /// (`ViewContent.sumParts`: wrapped without reading them again); then the shapes.
    func lines() -> (lines: [GridLook], parts: SumParts?) {
        let g = w.g
        // Written and kept as bytes (`GridLook(utf8:)`; C·kh·kw products: 784 for a 16-channel 7×7 layer, written
        // as far as `Frame.sumColumns`), the words around them by the language's template.
        let (filter, column) = (filter, column)
        // The terms as far as the sum can be written (each takes at least six columns, " + a⋅b"), read in one walk.
        let (weights, values) = im.terms(filter: filter, column: column, count: w.frame.sumColumns / 6 + 3)
        var s = TextBytes(capacity: 64 + im.rows * TextBytes.mostProduct)
        func argument(_ i: Int, _ s: inout TextBytes) {
            switch i {
            case 0: s.append(w.outName)
            case 1: s.append(filter)
            case 2: s.append(column)
            default:
                s.append(products: 0..<weights.count, columns: w.frame.sumColumns, notingSum: true) {
                    (weights[$0], values[$0])  // weight⋅value, as W row ⋅ P column
                }
                if w.st.bias != 0 {
                    s.append(" + ")
                    s.append(term: w.st.bias)
                }
                s.append(" = ")
                s.append(number: keptValue(filter, column))
            }
        }
        t.parsed(.im2colLine).write(into: &s, count: 4, isOne: { _ in false }, argument: argument)
        let shapes = t(
            .im2colShapes, im.filters, im.rows, im.columns, w.K, g.outputSize.h, g.outputSize.w)
        return (
            [
                GridLook(utf8: s.utf8, style: .formula),
                GridLook(text: shapes, style: .normal, isSum: false),
            ], s.sumParts
        )
    }

    func narration() -> String {
        let e = w.g.effectiveKernel
        func span(_ a: Int, _ n: Int) -> String { n == 1 ? "\(a)" : "\(a)–\(a + n - 1)" }
        let entries = im.rows * im.columns
        let inputs = w.C * w.l.input.height * w.l.input.width
        var s = t(
            .im2colSentence, column, span(w.st.origin.h, e.h), span(w.st.origin.w, e.w), im.rows, filter)
        s += t(.sentenceGap) + t(.im2colExplained, Num.grouped(entries), Num.grouped(inputs))
        return s
    }
}
