import ConvModel
import ScenarioFormat

/// The grids of a window lens: the (padded) input per channel, the kernel slices, the outputs per filter.
extension WindowStep {
    func inputPanels() -> [WindowPanel] {
        (0..<C).map { c in
            var panel = Panel(title: inputTitle(c), titleStyle: inputTitleStyle(c), grid: inputGrid(c))
            panel.footer = inputFooter(c)
            var wp = WindowPanel(panel: panel, role: .input(c))
            if C > 1 && source.equivalent == nil {
                wp.compactSuffix = t(.ofTotal, C)
                wp.suffixLevel = 2
            }
            return wp
        }
    }

    private func inputTitleStyle(_ c: Int) -> Style {
        (phase == .channel(c) || currentTap?.c == c) && C > 1 ? .emphasis : .label
    }

    private func inputTitle(_ c: Int) -> String {
        if let eq = source.equivalent {
            let up = "\(eq.upsampledSize.h)×\(eq.upsampledSize.w)"
            return t(.upsampledTitle, up) + (C > 1 ? t(.channelSuffix, c) : "")
        }
        if C > 1 { return t(.channelTitle, c) }
        let title = t(.inputTitle, "\(l.input.height)×\(l.input.width)")
        return g.padding.isZero ? title : title + t(.plusPadding, sides(g.padding))
    }

    private func inputFooter(_ c: Int) -> [GridLook] {
        var footer: [GridLook] = []
        if let eq = source.equivalent {
            let s = eq.stride
            let zeros = s.h == s.w ? t(.zerosInserted, s.h - 1) : t(.zerosInsertedPerAxis, s.h - 1, s.w - 1)
            footer.append(GridLook(text: zeros, style: .dim))
            let b = eq.border
            if b.top >= 0 && b.left >= 0 && b.bottom >= 0 && b.right >= 0 {
                footer.append(GridLook(text: t(.borderLabel, sides(b)), style: .padding))
            } else {
                footer.append(GridLook(text: t(.borderCrops, sides(b)), style: .cropped))
            }
        }
        return footer
    }

    /// What input cell (py, px) of the padded grid is, before the window marks it.
    private func cellLook(_ c: Int, _ py: Int, _ px: Int) -> (text: String, style: Style, isPadding: Bool) {
        let iy = py - g.padding.top
        let ix = px - g.padding.left
        var isPadding = !(iy >= 0 && iy < l.input.height && ix >= 0 && ix < l.input.width)
        var style: Style = isPadding ? .padding : .normal
        if let eq = source.equivalent {
            // The equivalent input is explicit: its border zeros are the padding, inserted zeros are dim.
            switch eq.kind(y: iy, x: ix) {
            case .padding:
                isPadding = true
                style = .padding
            case .inserted: style = .dim
            case .input: style = .emphasis
            }
        }
        if untappedRows.contains(py) || untappedCols.contains(px) { style = .uncovered }
        return (isPadding ? "░" : Num.display(l.input[c, iy, ix]), style, isPadding)
    }

    private func inputGrid(_ c: Int) -> Grid {
        var tapAt: [Int: Int] = [:]
        for (i, tap) in st.taps[c].enumerated() { tapAt[tap.py * g.paddedSize.w + tap.px] = i }
        let limit = tapLimit(c)
        let e = g.effectiveKernel
        let origin = st.origin
        let current = currentTap
        let look: (Int, Int) -> GridLook = { [self] py, px in
            var (text, style, isPadding) = cellLook(c, py, px)
            let inWindow = py >= origin.h && py < origin.h + e.h && px >= origin.w && px < origin.w + e.w
            if let i = tapAt[py * g.paddedSize.w + px] {
                if isPadding { text = "0" }
                if let ct = current, ct.c == c, ct.i == i {
                    style = .current
                } else if i < limit {
                    style = isPadding ? .paddingTap : .tap  // a zero of the padding still looks like padding
                } else {
                    style = isPadding ? .padding : .window
                }
            } else if inWindow {
                // A hole: skipped by the dilated kernel. The number stays readable, in the holes' style (the
                // kernel panel draws the holes themselves as ∘); nothing in the gutter that reads as an operator.
                return GridLook(text: text, style: .hole)
            }
            return GridLook(text: text, style: style)
        }
        var grid = Grid(rows: g.paddedSize.h, cols: g.paddedSize.w, cellWidth: slide.inputWidth, look: look)
        grid.focus = (origin.h + e.h / 2, origin.w + e.w / 2)
        grid.focusSpan = (e.h, e.w)
        if let p = previous {
            grid.brackets.append(Bracket(window: p.origin, size: e, style: .ghost, ghost: true))
        }
        grid.brackets.append(Bracket(window: origin, size: e, style: .frame))
        for r in g.untappedRows { grid.rowMarks[r] = GridLook(text: "×", style: .uncovered) }
        for col in g.untappedCols { grid.colMarks[col] = GridLook(text: "×", style: .uncovered) }
        return grid
    }

    func kernelPanels() -> [WindowPanel] {
        (0..<C).map { c in
            let limit = tapLimit(c)
            let current = currentTap
            let filter = st.filter
            let d = g.dilation
            // A dilated kernel is drawn as the sparse F′×F′ grid it reads: its weights d cells apart, holes (∘)
            // between them, the same shape as the window on the input.
            let look: (Int, Int) -> GridLook = { [l] r, col in
                guard r % d.h == 0 && col % d.w == 0 else { return GridLook(text: "∘", style: .hole) }
                let (u, v) = (r / d.h, col / d.w)
                let i = u * l.kernel.width + v
                var style: Style = i < limit ? .tap : .normal
                if let ct = current, ct.c == c, ct.i == i { style = .current }
                return GridLook(text: Num.display(l.kernel[filter, c, u, v]), style: style)
            }
            let e = g.effectiveKernel
            let grid = Grid(rows: e.h, cols: e.w, cellWidth: slide.kernelWidth, look: look)
            return WindowPanel(panel: Panel(title: kernelTitle(c), grid: grid), role: .kernel(c))
        }
    }

    private func kernelTitle(_ c: Int) -> String {
        var title = C > 1 ? "w[\(st.filter)][\(c)]" : t(.kernelTitle, "\(l.kernel.height)×\(l.kernel.width)")
        if C == 1 && K > 1 { title += t(.filterSuffix, st.filter) }
        if source.equivalent != nil { title += t(.flippedSuffix) }
        return title
    }

    /// Dilation and bias, under the last kernel slice shown.
    func kernelFooter() -> [GridLook] {
        var footer: [GridLook] = []
        if g.dilation != Pair(both: 1) {
            footer.append(GridLook(text: t(.dilationLabel, g.dilation.text), style: .hole))
        }
        if st.bias != 0 && C == 1 {  // with several channels the bias shows where the sum meets it
            footer.append(
                GridLook(text: t(.biasLabel, Num.display(st.bias)), style: phase == .bias ? .result : .normal))
        }
        return footer
    }

    /// With several channels, the second band shows the idea of "3-D in, one channel out": each channel's
    /// partial sums as a map of the output's shape, their sum (Σ), then (in the output) the bias added.
    func partialPanels() -> [WindowPanel] {
        guard C > 1 else { return [] }
        var panels = (0..<C).map { c in
            let focus = c == focusChannel && !complete && phase != .merge
            var panel = Panel(
                title: t(.partialMapTitle, c), titleStyle: focus ? .emphasis : .label,
                grid: sumGrid { w in
                    trace.partial(w, channel: c)
                } current: {
                    currentPartial(c)
                })
            panel.startsBand = c == 0
            return WindowPanel(panel: panel, role: .partial(c))
        }
        var merged = Panel(
            title: t(.mergedMapTitle), titleStyle: phase == .merge ? .emphasis : .label,
            grid: sumGrid { w in
                trace.merged(w)
            } current: {
                complete || phase == .merge ? st.merged : nil
            })
        merged.footer = [
            GridLook(text: t(.plusBiasToOutput, Num.display(st.bias)), style: phase == .bias ? .result : .normal)
        ]
        panels.append(WindowPanel(panel: merged, role: .merged))
        return panels
    }

    /// Channel c's partial sum at the current window as far as the step has gone (nil before its first tap).
    private func currentPartial(_ c: Int) -> Double? {
        let limit = tapLimit(c)
        if limit == taps { return st.partials[c] }
        return limit > 0 ? st.sum(channel: c, taps: limit) : nil
    }

    /// A map of the current filter's output shape: earlier windows show `value`, the current one `current` (or
    /// "?"), later ones ".".
    private func sumGrid(_ value: @escaping (Int) -> Double, current: () -> Double?) -> Grid {
        let out = g.outputSize
        let filter = st.filter
        let window = window
        let now = current().map(Num.display) ?? "?"
        let look: (Int, Int) -> GridLook = { [trace] r, c in
            let w = trace.index(filter: filter, oy: r, ox: c)
            if w == window { return GridLook(text: now, style: .current) }
            if w < window { return GridLook(text: Num.display(value(w)), style: .visited) }
            return GridLook(text: ".", style: .pending)
        }
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: slide.partialWidth, look: look)
        grid.brackets.append(Bracket(r0: st.oy, c0: st.ox, r1: st.oy, c1: st.ox, style: .current))
        grid.focus = (st.oy, st.ox)
        grid.focusSpan = (1, 1)
        return grid
    }

    func outputPanels() -> [WindowPanel] {
        (0..<K).map { k in
            let title = K > 1 ? t(.outChannelTitle, k) : t(.outputTitle, "\(g.outputSize.h)×\(g.outputSize.w)")
            var panel = Panel(
                title: title, titleStyle: k == st.filter && K > 1 ? .emphasis : .label,
                grid: outputGrid(k))
            panel.outputFilter = k
            var wp = WindowPanel(panel: panel, role: .output(k))
            if K > 1 { wp.compactSuffix = t(.ofTotal, K) }
            return wp
        }
    }

    private func outputGrid(_ k: Int) -> Grid {
        let out = g.outputSize
        let output = source.output
        let window = window
        let done = complete
        let value = st.value
        let look: (Int, Int) -> GridLook = { r, c in
            let idx = (k * out.h + r) * out.w + c
            // The current cell's value is the step's own sum; finished cells come from the whole output.
            if idx == window { return GridLook(text: done ? Num.display(value) : "?", style: .current) }
            if idx < window { return GridLook(text: Num.display(output.value[k, r, c]), style: .visited) }
            return GridLook(text: ".", style: .pending)
        }
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: slide.outputWidth, look: look)
        if k == st.filter {
            grid.brackets.append(Bracket(r0: st.oy, c0: st.ox, r1: st.oy, c1: st.ox, style: .current))
            grid.focus = (st.oy, st.ox)
            grid.focusSpan = (1, 1)
        }
        return grid
    }
}

/// Padding per side, short enough for a panel: "1" when all sides agree, else "↑1 ↓2 ←1 →2" (top, bottom,
/// left, right).
func sides(_ p: Padding) -> String {
    if p.top == p.bottom && p.left == p.right && p.top == p.left { return "\(p.top)" }
    return "↑\(p.top) ↓\(p.bottom) ←\(p.left) →\(p.right)"
}
