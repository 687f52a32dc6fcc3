import ConvModel
import ScenarioFormat

/// The grids of the matrix lens: the layer's matrix with x above its columns and y beside its rows, the paired
/// direct convolution's C of a transposed layer, and the output.
extension MatrixStep {
    func panels() -> [Panel] {
        if backward { return [matrixPanel(), gradientPanel()] }
        return (transposed ? [pairedPanel()] : []) + [matrixPanel(), outputPanel()]
    }

    /// The matrix with its vectors (forward: C or Cᵀ with x on top and y = C⋅x + b at the right; backward: the
    /// transpose with g on top and the gradient at the right): the current row bracketed, its weights and the
    /// entries of the vector they multiply lit, zeros as `·`.
    private func matrixPanel() -> Panel {
        let (shown, current, vector) = (shown, row, vector)
        // The current row's columns, ascending: a column is read when it is one of them.
        let read = entries.map(\.index)
        let look: (Int, Int) -> GridLook = { r, c in Self.entryLook(shown, r, c, r == current ? .tap : .normal) }
        let slide = frame.slide
        var grid = Grid(
            rows: shown.rowCount, cols: shown.columnCount, cellWidth: max(slide.kernelWidth, slide.inputWidth),
            look: look)
        grid.header = { c in GridLook(number: vector[c], style: read.containsSorted(c) ? .tap : .label) }
        let step = self
        grid.tail = { r in GridLook(number: step.keptProduct(r), style: r == current ? .current : .result) }
        grid.tailWidth = backward ? gradientWidth : slide.outputWidth
        grid.brackets = [Bracket(r0: row, c0: 0, r1: row, c1: shown.columnCount - 1, style: .frame)]
        (grid.focus, grid.pageSpan) = ((row, readColumns.middle), (1, readColumns.span))
        // Columns read too far apart for the viewport (a multi-channel layer's row reads H⋅W apart): the pages keep
        // the first one in view, not the middle of the span, which falls between reads (all zeros).
        grid.detail = row << 32 | readColumns.first
        // Every row but the current one looks the same on every step: kept per viewport.
        grid.keep(
            FixedCells(
                memo: slide.cells,
                layers: [
                    .init(name: .matrixEntries(transposed: shown.isTransposed)) { Self.entryLook(shown, $0, $1) }
                ], split: FixedCells.live(rows: current..<(current + 1), cols: 0..<shown.columnCount)))
        let size = "\(shown.rowCount)×\(shown.columnCount)"
        let title: String
        if backward {
            title = t(.matrixGradientTitle, shownName, size)
        } else {
            title = transposed ? t(.matrixTransposedTitle, size) : t(.matrixTitle, size)
        }
        return Panel(title: title, titleStyle: .emphasis, grid: grid)
    }

    /// The columns the current row reads, first to last: the first, their middle, and how many they span. The
    /// matrix's viewport pages over them as the window lens's input pages over its window (`Grid.pageSpan`): it
    /// stays put while the row and the columns it reads are in view, so a step redraws the rows that changed, not a
    /// viewport moved by a row; when they span more than the viewport, its pages keep the first in view
    /// (`Grid.detail`): the next row's first is a stride along, so the weights' diagonal shows.
    private var readColumns: (first: Int, middle: Int, span: Int) {
        guard let first = entries.first?.index, let last = entries.last?.index else { return (0, 0, 1) }
        // The middle as `Grid.origin` reads it: `span / 2` in from the first (for an even span, right of centre).
        let span = last - first + 1
        return (first, first + span / 2, span)
    }

    /// A bound on the width of any gradient entry: per input channel, the sum of the absolute weights that read it
    /// (every filter's slice of that channel), the largest over the channels, either sign.
    private var gradientWidth: Int {
        let bound = l.gradientBounds().max() ?? 0
        return max(Num.displayWidth(bound), Num.displayWidth(-bound))
    }

    /// Backward: the gradient with respect to the input, as the input's grid (the current channel), the current
    /// cell bracketed.
    private func gradientPanel() -> Panel {
        let (c, cy, cx) = cell
        let (h, w) = (l.input.height, l.input.width)
        let step = self
        let look: (Int, Int) -> GridLook = { r, col in
            GridLook(
                text: Num.display(step.product((c * h + r) * w + col)), style: r == cy && col == cx ? .current : .result
            )
        }
        var grid = Grid(rows: h, cols: w, cellWidth: gradientWidth, look: look)
        grid.brackets = [Bracket(r0: cy, c0: cx, r1: cy, c1: cx, style: .current)]
        // Pages as the window lenses' outputs do: the viewport stays put while the current cell is in it.
        (grid.focus, grid.focusSpan) = ((cy, cx), (1, 1))
        let channel = l.input.channels > 1 ? t(.channelSuffix, c) : ""
        return Panel(title: t(.matrixGradientGrid, "\(h)×\(w)") + channel, grid: grid)
    }

    /// Entry (r, c) of `m`: its weight in `style` (`.normal` away from the current row or column), or `·` for a
    /// structural zero.
    static func entryLook(_ m: ConvMatrix, _ r: Int, _ c: Int, _ style: Style = .normal) -> GridLook {
        guard let w = m.weight(r, c) else { return GridLook(glyph: "·", style: .dim) }
        return GridLook(number: w, style: style)
    }

    /// A transposed layer's paired direct convolution: its matrix C (rows over the transposed layer's input,
    /// columns over its output), the column of the current output cell boxed: Cᵀ's current row.
    private func pairedPanel() -> Panel {
        let c = own.transposed()
        let current = row
        let look: (Int, Int) -> GridLook = { r, col in Self.entryLook(c, r, col, col == current ? .tap : .normal) }
        var grid = Grid(rows: c.rowCount, cols: c.columnCount, cellWidth: frame.slide.kernelWidth, look: look)
        // Every column but the current one looks the same on every step: kept per viewport.
        grid.keep(
            FixedCells(
                memo: frame.slide.cells,
                layers: [.init(name: .matrixEntries(transposed: c.isTransposed)) { Self.entryLook(c, $0, $1) }],
                split: FixedCells.live(rows: 0..<c.rowCount, cols: current..<(current + 1))))
        grid.brackets = [Bracket(r0: 0, c0: row, r1: c.rowCount - 1, c1: row, style: .frame)]
        (grid.focus, grid.pageSpan) = ((readColumns.middle, row), (readColumns.span, 1))
        grid.detail = readColumns.first << 32 | row
        let title = t(.matrixPairedTitle, "\(c.rowCount)×\(c.columnCount)", outputShape, inputShape)
        return Panel(title: title, grid: grid)
    }

    /// The current filter's output, the current cell bracketed (clicks jump to a cell's row).
    private func outputPanel() -> Panel {
        let out = g.outputSize
        let output = frame.slide.output
        let (k, cy, cx) = cell
        let look: (Int, Int) -> GridLook = { r, c in
            GridLook(number: output[k, r, c], style: r == cy && c == cx ? .current : .result)
        }
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: frame.slide.outputWidth, look: look)
        // Every cell but the current one looks the same on every step: kept per viewport (a 58×58 output shows 663
        // cells, each looked up and formatted again on every step), from 25 cells as a window lens's output.
        grid.keep(
            FixedCells(
                memo: frame.slide.cells,
                layers: [
                    .init(name: .matrixOutput(filter: k)) { r, c in GridLook(number: output[k, r, c], style: .result) }
                ],
                split: FixedCells.live(rows: cy..<(cy + 1), cols: cx..<(cx + 1))),
            minimumCells: FixedCells.minimumCostlyCells)
        grid.brackets = [Bracket(r0: cy, c0: cx, r1: cy, c1: cx, style: .current)]
        // Pages as the window lenses' outputs do: the viewport stays put while the current cell is in it.
        (grid.focus, grid.focusSpan) = ((cy, cx), (1, 1))
        var panel = Panel(title: t(.outputTitle, "\(out.h)×\(out.w)") + (K > 1 ? t(.filterShort, k) : ""), grid: grid)
        panel.outputFilter = k
        return panel
    }
}

extension Array where Element == Int {
    /// Whether the ascending array holds `x` (a binary search).
    func containsSorted(_ x: Int) -> Bool {
        var (lo, hi) = (0, count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo] == x
    }
}
