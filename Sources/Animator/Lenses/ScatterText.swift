import ConvModel
import ScenarioFormat

/// The scatter buffer, the contribution counts, the cropped output, and the lines of the scatter lens.
extension ScatterStepView {
    func bufferPanel() -> RolePanel<ScatterStepView.Role> {
        let e = g.effectiveKernel
        let g = g
        let sums = sums
        // Rows past the buffer (output_padding beyond the crop) hold only the bias; the rim padding crops is dim.
        let (padded, outputRows, outputCols) = (
            g.paddedSize, g.padding.top..<(g.padding.top + g.outputSize.h),
            g.padding.left..<(g.padding.left + g.outputSize.w)
        )
        let look: (Int, Int) -> GridLook = { fy, fx in
            if fy >= padded.h || fx >= padded.w { return GridLook(glyph: "0", style: .extra) }
            let inOutput = outputRows.contains(fy) && outputCols.contains(fx)
            let r = sums.at(fy, fx)
            let style: Style
            // Every tap of the current stamp is a hit: the cells d apart in its window.
            if sums.isHit(fy, fx) {
                style = inOutput ? .scatter : .cropped
            } else {
                style = !inOutput ? .cropped : (r.count > 0 ? .visited : .pending)
            }
            return r.count > 0 ? GridLook(number: r.sum, style: style) : GridLook(glyph: ".", style: style)
        }
        var grid = Grid(rows: rows, cols: cols, cellWidth: frame.slide.scatterWidth, look: look)
        let filter = st.filter
        grid.keep(
            FixedCells(
                memo: frame.slide.cells,
                layers: [
                    .init(name: .scatterDone(filter: filter)) { fy, fx in
                        if fy >= g.paddedSize.h || fx >= g.paddedSize.w { return GridLook(glyph: "0", style: .extra) }
                        // Usually remembered from the frame that added the cell's last stamp.
                        let r = sums.final(fy, fx)
                        let inOutput = g.bufferRowIsKept(fy) && g.bufferColIsKept(fx)
                        let style: Style = inOutput ? (r.count > 0 ? .visited : .pending) : .cropped
                        return r.count > 0 ? GridLook(number: r.sum, style: style) : GridLook(glyph: ".", style: style)
                    },
                    .init(name: .scatterPending) { fy, fx in
                        if fy >= g.paddedSize.h || fx >= g.paddedSize.w { return GridLook(glyph: "0", style: .extra) }
                        let inOutput = g.bufferRowIsKept(fy) && g.bufferColIsKept(fx)
                        return GridLook(glyph: ".", style: inOutput ? .pending : .cropped)
                    },
                ],
                split: bufferSplit()))
        grid.focus = (st.origin.h + e.h / 2, st.origin.w + e.w / 2)
        grid.focusSpan = (e.h, e.w)
        if let p = previousOrigin { grid.brackets.append(Bracket(window: p, size: e, style: .ghost, ghost: true)) }
        if !final { grid.brackets.append(Bracket(window: st.origin, size: e, style: .frame)) }
        var panel = Panel(title: titles.buffer, grid: grid)
        panel.footer = texts.bufferFooter
        return RolePanel(panel: panel, role: .buffer)
    }

    /// How many stamps overlapped on each buffer cell.
    func countPanel() -> RolePanel<ScatterStepView.Role> {
        let sums = sums
        // A count is drawn as a number straight into the row (no string per cell).
        func count(_ n: Int) -> GridLook {
            n > 0
                ? GridLook(number: Double(n), style: n > 1 ? .overlap : .normal) : GridLook(glyph: ".", style: .pending)
        }
        let look: (Int, Int) -> GridLook = { fy, fx in count(sums.count(fy, fx)) }
        var grid = Grid(rows: rows, cols: cols, cellWidth: frame.slide.overlapWidth, look: look)
        let g = g
        grid.keep(
            FixedCells(
                memo: frame.slide.cells,
                layers: [
                    // Every stamp on the cell: the rows that reach its row times the columns that reach its column.
                    .init(name: .overlapDone) { fy, fx in count(sums.total(fy, fx)) },
                    .init(name: .pending) { _, _ in GridLook(glyph: ".", style: .pending) },
                ],
                split: bufferSplit()))
        let e = g.effectiveKernel
        grid.focus = (st.origin.h + e.h / 2, st.origin.w + e.w / 2)
        grid.focusSpan = (e.h, e.w)
        return RolePanel(panel: Panel(title: t(.contributionsTitle), grid: grid), role: .counts)
    }

    /// Where the buffer's cells come from (`FixedCells`): a cell whose stamps are all added shows its final sum
    /// (layer 0), one no stamp has reached yet "." (layer 1); the cells the stamps are still adding to, and the
    /// current stamp's, are computed on this frame. Stamps go row-major over the input and a cell's stamps are
    /// the input rows that reach its row times the input columns that reach its column, so on each buffer row
    /// those cells are one run of columns.
    private func bufferSplit() -> (Int) -> FixedCells.Split {
        let w = l.input.width
        let t = through - st.filter * l.input.height * w
        let ty = t / w
        let rowReach = scatterSlide.rows
        let bounds = scatterSlide.bounds
        let e = g.effectiveKernel
        let stampRows = final ? 0..<0 : st.origin.h..<(st.origin.h + e.h)
        let stampCols = st.origin.w..<(st.origin.w + e.w)
        return { fy in
            guard fy < rowReach.count, rowReach[fy].count > 0 else { return .all(1) }
            let (first, last) = (rowReach[fy].first, rowReach[fy].last)
            var lo = 0
            var hi = 0
            if last < ty {
                (lo, hi) = (Int.max, Int.max)
            } else if first <= ty {
                // Done: the last stamp on the cell is added (input column at most t - last·w); pending: not even the
                // first (input column past t - first·w). A column no stamp reaches is "." either way.
                lo = bounds.reachedOnlyUpTo(t - last * w)
                hi = max(lo, bounds.reachedFrom(t - first * w))
            }
            if stampRows.contains(fy) { (lo, hi) = (min(lo, stampCols.lowerBound), max(hi, stampCols.upperBound)) }
            return FixedCells.Split(before: 0, live: lo..<max(lo, hi), after: 1)
        }
    }

    /// Output k, cropped, with its bias (the final step only).
    func outputPanel(_ k: Int) -> RolePanel<ScatterStepView.Role> {
        let out = g.outputSize
        let output = frame.slide.output
        let look: (Int, Int) -> GridLook = { r, c in GridLook(number: output[k, r, c], style: .result) }
        let grid = Grid(rows: out.h, cols: out.w, cellWidth: frame.slide.outputWidth, look: look)
        var panel = Panel(
            title: t(.outputTitle, "\(out.h)×\(out.w)") + (K > 1 ? t(.filterShort, k) : ""), grid: grid)
        panel.outputFilter = k
        return RolePanel(panel: panel, role: .output)
    }

    func lines() -> [GridLook] {
        let first =
            final
            ? GridLook(text: cropLine(), style: .result) : GridLook(text: stampLine(), style: .formula, isSum: false)
        return [first] + Formulas.transposed(l, language: t)
    }

    /// What the last step does: crop P, keep output_padding, add the bias.
    private func cropLine() -> String {
        var parts: [String] = []
        let op = g.outputPadding.text
        if !g.padding.isZero {
            let crop = t(.cropRim, sides(g.padding))
            parts.append(g.outputPadding != Pair(both: 0) ? crop + t(.keepingOutputPadding, op) : crop)
        } else if g.outputPadding != Pair(both: 0) {
            parts.append(t(.addOutputPadding, op))
        }
        if l.bias.contains(where: { $0 != 0 }) {
            parts.append(t(.addBias, l.bias.map(Num.display).joined(separator: ", ")))
        }
        let result = t(.outputTitle, "\(g.outputSize.h)×\(g.outputSize.w)")
        return parts.isEmpty
            ? result : parts.joined(separator: t(.listComma)) + " → " + result
    }

    /// Which input cell stamps where, with the values it adds: written in one pass of bytes, the words' text
    /// (`Template.write`; they have no plural) with the step's numbers between them.
    private func stampLine() -> String {
        let e = g.effectiveKernel
        var s = TextBytes(capacity: 160 + (st.contributions.count + C) * 6)
        let st = st
        // The input cell, its values, the filter.
        func stamp(_ i: Int, _ s: inout TextBytes) {
            switch i {
            case 0:
                s.append(st.iy)
                s.append(",")
                s.append(st.ix)
            case 1: if st.inputs.count == 1 { s.append(number: st.inputs[0]) } else { s.append(list: st.inputs) }
            default: s.append(st.filter)
            }
        }
        // The buffer rows, then the columns.
        func span(_ i: Int, _ s: inout TextBytes) {
            let (first, size) = i == 0 ? (st.origin.h, e.h) : (st.origin.w, e.w)
            s.append(first)
            s.append("–")
            s.append(first + size - 1)
        }
        let scatters = t.parsed(C == 1 ? .scattersOne : .scattersMany)
        scatters.write(into: &s, count: C == 1 ? 2 : 3, isOne: { _ in false }, argument: stamp)
        s.append(" ")
        t.parsed(.rowsColumns).write(into: &s, count: 2, isOne: { _ in false }, argument: span)
        s.append(" (+= ")
        s.append(list: st.contributions)
        s.append(")")
        return s.string
    }
}
