import ConvModel
import ScenarioFormat

/// The grids of a window lens: the (padded) input per channel, the kernel slices, the outputs per filter.
///
/// Each panel is kept across frames by what it reads of the step (its `PanelState`, next to its maker): the
/// window (its place, the ghost of the one before, the filter, the sums at it), a channel's tap limit and current
/// tap, whether its title is emphasised (the inputs' and partial-sum maps' emphasis is given apart, `titleStyle:`,
/// and restyled in a kept body). Everything else a maker reads is the slide's, the lens's or the language's. A
/// maker that reads more of the step must say so in its state.
extension WindowStep {
    /// What `inputPanel(c)` reads of the step: the window, channel c's tap limit and current tap. Its title's
    /// emphasis is given apart (`inputTitleStyle`): the input a step leaves keeps its panel, its title restyled.
    func inputState(_ c: Int) -> PanelState { PanelState(window, tapLimit(c), currentTapIndex(c)) }

    /// What `kernelPanel(c)` reads of the step: the filter, channel c's tap limit and current tap.
    func kernelState(_ c: Int) -> PanelState { PanelState(st.filter, tapLimit(c), currentTapIndex(c)) }

    /// What `partialPanel(c)` reads of the step: the window, channel c's tap limit (its title's emphasis is given
    /// apart, `partialTitleStyle`).
    func partialState(_ c: Int) -> PanelState { PanelState(window, tapLimit(c)) }

    /// What `mergedPanel()` reads of the step: the window and the phase (merge, the value, the bias, or before).
    func mergedState(_: Int) -> PanelState {
        let p: Int
        switch phase {
        case .channel, .tap: p = 0
        case .merge: p = 1
        case .whole: p = 2
        case .bias: p = 3
        }
        return PanelState(window, p)
    }

    /// What `outputPanel(k)` reads of the step: for the current filter, the window (the cells done, the value) and
    /// whether the value is written; another filter's output is all done (before it) or all to come (after it).
    func outputState(_ k: Int) -> PanelState {
        k == st.filter ? PanelState(window, complete ? 1 : 0) : PanelState(k < st.filter ? -1 : -2)
    }

    func inputPanel(_ c: Int) -> WindowPanel {
        var panel = Panel(title: inputTitle(c), titleStyle: inputTitleStyle(c), grid: inputGrid(c))
        panel.footer = inputFooter(c)
        panel.link = c + 1
        var wp = WindowPanel(panel: panel, role: .input(c))
        if C > 1 && !upsampled {
            wp.compactSuffix = t.label(.ofTotal, C)
            wp.suffixLevel = 2
        }
        return wp
    }

    func inputTitleStyle(_ c: Int) -> Style {
        (phase == .channel(c) || currentTap?.c == c) && C > 1 ? .emphasis : .label
    }

    private func inputTitle(_ c: Int) -> String {
        let t = t
        if let eq = source.equivalent {
            let up = eq.upsampledSize
            return Labels.text(Word.upsampledTitle.ordinal, t, up.h, up.w, C > 1 ? c : -1) {
                t(.upsampledTitle, "\(up.h)×\(up.w)") + (C > 1 ? t(.channelSuffix, c) : "")
            }
        }
        if C > 1 { return t.label(.channelTitle, c) }
        let (input, p) = (l.input, g.padding)
        return Labels.text(Word.inputTitle.ordinal, t, input.height, input.width, p.top, p.bottom, p.left, p.right) {
            let title = t(.inputTitle, "\(input.height)×\(input.width)")
            return p.isZero ? title : title + t(.plusPadding, sides(p))
        }
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

    private func inputGrid(_ c: Int) -> Grid {
        let e = g.effectiveKernel
        let origin = st.origin
        var grid = Grid(rows: g.paddedSize.h, cols: g.paddedSize.w, cellWidth: slide.inputWidth, look: inputLook(c))
        grid.focus = (origin.h + e.h / 2, origin.w + e.w / 2)
        grid.focusSpan = (e.h, e.w)
        // In tap mode, a window larger than the viewport keeps the current tap in view (the kernel follows).
        let current = currentTapIndex(c)
        if current >= 0 && current < st.taps[c].count {
            let tap = st.taps[c][current]
            grid.detail = tap.py << 32 | tap.px
        }
        // One array of the one or two (appended, it grew twice).
        let frame = Bracket(window: origin, size: e, style: .frame)
        grid.brackets =
            previousOrigin.map { [Bracket(window: $0, size: e, style: .ghost, ghost: true), frame] } ?? [frame]
        for r in g.untappedRows { grid.rowMarks[r] = GridLook(text: "×", style: .uncovered) }
        for col in g.untappedCols { grid.colMarks[col] = GridLook(text: "×", style: .uncovered) }
        // Away from the window a cell's look never changes, and in the window it is a tapped or an untapped one:
        // drawn once per viewport, the current tap live.
        grid.keep(inputFixed(c))
        return grid
    }

    /// Input channel c's kept cells (`FixedCells`): away from the window (layer 0); in the window, on a row between
    /// taps its holes (layer 1), and on a row of taps its tapped and untapped cells (the last two layers), the
    /// current tap live. Taps go row-major over the window's rows, `dilation` cells apart. With holes between the
    /// columns of taps, a row of taps is its holes with the taps drawn live over them: the holes look the same
    /// wherever the window is, so a widely dilated window moving a column draws only its taps (layers of taps named
    /// by the column phase drew every cell of every row of taps again on each column: 385 for a 55×55 window).
    private func inputFixed(_ c: Int) -> FixedCells {
        let (e, d, kw, taps) = (g.effectiveKernel, g.dilation, l.kernel.width, taps)
        let (top, left) = (st.origin.h, st.origin.w)
        let limit = tapLimit(c)
        let current = currentTapIndex(c)
        let cells = inputCells(c)
        let away = FixedCells.Layer(name: .windowInput(equivalent: upsampled, channel: c), look: cells.look)
        func holes() -> FixedCells.Layer {
            .init(name: .windowHoles(equivalent: upsampled, channel: c)) { py, px in
                cells.windowLook(py, px, isTap: false, number: .hole, padding: .hole)
            }
        }
        let span = left..<(left + e.w)
        if d.w > 1 {
            // Per channel: the cells away from the window and its holes.
            return FixedCells(memo: slide.cells, layers: [away, holes()], slideLayers: C * 2) { r in
                Self.windowSplit(r, top: top, span: span, size: e, dilation: d)
                    ?? .init(
                        before: 0, live: span, after: 0, rows: d.h == 1 ? top + e.h - r : 1, liveStride: d.w,
                        between: 1)
            }
        }
        func tapLayer(tapped: Bool) -> FixedCells.Layer {
            let (padding, number): (Style, Style) = tapped ? (.paddingTap, .tap) : (.padding, .window)
            return .init(name: .windowTaps(equivalent: upsampled, channel: c, tapped: tapped)) { py, px in
                cells.windowLook(py, px, isTap: true, number: number, padding: padding)
            }
        }
        // Every row of taps splits alike unless the taps stop inside the window (tap mode).
        let alike = current < 0 && (limit == 0 || limit == taps)
        // Per channel: the cells away from the window, its holes (when it has rows of them), its tapped and
        // untapped cells.
        let (tapped, untapped) = (tapLayer(tapped: true), tapLayer(tapped: false))
        let layers = d.h > 1 ? [away, holes(), tapped, untapped] : [away, tapped, untapped]
        let first = layers.count - 2
        return FixedCells(memo: slide.cells, layers: layers, slideLayers: C * layers.count) { r in
            if let split = Self.windowSplit(r, top: top, span: span, size: e, dilation: d) { return split }
            let rows = alike && d.h == 1 ? top + e.h - r : 1
            let done = Self.tapsDone(onRow: r - top, limit: limit, current: current, kw: kw, dilation: d)
            let live = (left + done.lowerBound)..<(left + done.upperBound)
            return .init(
                before: 0, live: live, after: 0, rows: rows, span: span, spanBefore: first, spanAfter: first + 1)
        }
    }

    /// How row r of an input splits away from a window at rows `top..<top + size.h`, columns `span` (layer 0) and on
    /// its rows between rows of taps (its holes, layer 1); nil on a row of taps.
    private static func windowSplit(
        _ r: Int, top: Int, span: Range<Int>, size e: Pair, dilation d: Pair
    ) -> FixedCells.Split? {
        if r < top { return .all(0, rows: top - r) }
        if r >= top + e.h { return .all(0, rows: .max) }
        let dy = r - top
        guard dy % d.h == 0 else {
            let rows = min(d.h - dy % d.h, top + e.h - r)
            return .init(
                before: 0, live: span.lowerBound..<span.lowerBound, after: 0, rows: rows, span: span,
                spanBefore: 1, spanAfter: 1)
        }
        return nil
    }

    /// Input channel c's cells: each one's number (░ for padding, 0 for a padding tap) in the style of what it is
    /// (padding, the equivalent input's kinds, unread) and of what the window does with it (tap done, current tap,
    /// tap to come, hole). Decided per visible cell from the window's place, without a table.
    private func inputLook(_ c: Int) -> (Int, Int) -> GridLook {
        let limit = tapLimit(c)
        let e = g.effectiveKernel
        let d = g.dilation
        let kw = l.kernel.width
        let origin = st.origin
        let current = currentTapIndex(c)
        let cells = inputCells(c)
        return { py, px in
            let dy = py - origin.h
            let dx = px - origin.w
            guard dy >= 0 && dy < e.h && dx >= 0 && dx < e.w else { return cells.look(py, px) }
            guard dy % d.h == 0 && dx % d.w == 0 else {
                return cells.windowLook(py, px, isTap: false, number: .hole, padding: .hole)
            }
            let i = dy / d.h * kw + dx / d.w
            if i == current { return cells.windowLook(py, px, isTap: true, number: .current, padding: .current) }
            return i < limit
                ? cells.windowLook(py, px, isTap: true, number: .tap, padding: .paddingTap)
                : cells.windowLook(py, px, isTap: true, number: .window, padding: .padding)
        }
    }

    private func inputCells(_ c: Int) -> InputCells {
        // Only the upsample lens classifies cells: the closure keeps the equivalent convolution out of the cells'
        // context, which each grid cell would otherwise copy.
        InputCells(
            values: l.input.values, first: c * l.input.height * l.input.width, top: g.padding.top,
            left: g.padding.left, h: l.input.height, w: l.input.width,
            kind: source.equivalent.map { eq in { (y: Int, x: Int) in eq.kind(y: y, x: x) } }, untapped: untapped)
    }
    func kernelPanel(_ c: Int) -> WindowPanel {
        let limit = tapLimit(c)
        let current = currentTap
        let filter = st.filter
        let d = g.dilation
        let kernel = l.kernel
        // A dilated kernel is drawn as the sparse F′×F′ grid it reads: its weights d cells apart, holes (∘)
        // between them, the same shape as the window on the input.
        let look: (Int, Int) -> GridLook = { r, col in
            let i = r / d.h * kernel.width + col / d.w
            var style: Style = i < limit ? .tap : .normal
            if let ct = current, ct.c == c, ct.i == i { style = .current }
            return Self.weightLook(kernel, filter, c, r, col, dilation: d, style: style)
        }
        let e = g.effectiveKernel
        var grid = Grid(rows: e.h, cols: e.w, cellWidth: slide.kernelWidth, look: look)
        // Kept whole when the screen allows it; cut, it shows the part of the window that channel c's input shows
        // (`BodyLayout.linkWindows`), so the weights seen multiply the cells seen.
        (grid.focus, grid.focusSpan) = ((e.h / 2, e.w / 2), (e.h, e.w))
        // The tapped and untapped weights look the same on every step: kept per viewport, the current tap live (a
        // 5×5 kernel already: a weight is looked up in the kernel).
        grid.keep(
            kernelCells(c, limit: limit, current: currentTapIndex(c)), minimumCells: FixedCells.minimumCostlyCells)
        var panel = Panel(title: kernelTitle(c), grid: grid)
        panel.link = -(c + 1)
        return WindowPanel(panel: panel, role: .kernel(c))
    }

    /// Channel c's kernel slice as two kept layers, every weight tapped or none (`FixedCells`), split by
    /// `kernelSplit`.
    private func kernelCells(_ c: Int, limit: Int, current: Int) -> FixedCells {
        let (filter, d, kernel, upsampled) = (st.filter, g.dilation, l.kernel, upsampled)
        func layer(tapped: Bool) -> FixedCells.Layer {
            let style: Style = tapped ? .tap : .normal
            return .init(name: .kernel(equivalent: upsampled, filter: filter, channel: c, tapped: tapped)) { r, col in
                Self.weightLook(kernel, filter, c, r, col, dilation: d, style: style)
            }
        }
        return FixedCells(
            memo: slide.cells, layers: [layer(tapped: true), layer(tapped: false)], slideLayers: 2 * K * C,
            split: kernelSplit(limit: limit, current: current))
    }

    /// Where the taps done end on row r of the window (counted from its top; a row of holes splits as the row of taps
    /// above it), as columns from the window's left: the current tap's cell when it is on that row (drawn live), else
    /// the empty range after the last tap done there (at 0 when there is none). The input's window and the kernel
    /// slice split their rows by it.
    private static func tapsDone(onRow r: Int, limit: Int, current: Int, kw: Int, dilation d: Pair) -> Range<Int> {
        let u = r / d.h
        if current >= 0 && current / kw == u {
            let x = current % kw * d.w
            return x..<(x + 1)
        }
        let tapped = min(max(limit - u * kw, 0), kw)
        let x = tapped == 0 ? 0 : (tapped - 1) * d.w + 1
        return x..<x
    }

    /// Cell (r, col) of filter `filter`'s kernel slice for channel c, drawn as the sparse F′×F′ grid a dilated
    /// kernel reads: its weight in `style` where a weight sits, ∘ in the holes between them.
    @inline(__always)
    private static func weightLook(
        _ kernel: Tensor4, _ filter: Int, _ c: Int, _ r: Int, _ col: Int, dilation d: Pair, style: Style
    ) -> GridLook {
        guard r % d.h == 0 && col % d.w == 0 else { return GridLook(glyph: "∘", style: .hole) }
        return GridLook(number: kernel[filter, c, r / d.h, col / d.w], style: style)
    }

    /// Where a kernel grid's cells come from (`FixedCells`): the taps before `limit` tapped (layer 0), the others
    /// not (layer 1), the current tap (the last one before `limit`; -1: none) live. Taps go row-major over the
    /// weights, which sit `dilation` cells apart; the holes between them look the same in both layers.
    private func kernelSplit(limit: Int, current: Int) -> (Int) -> FixedCells.Split {
        guard limit > 0 else { return { _ in .all(1, rows: .max) } }
        guard limit < taps || current >= 0 else { return { _ in .all(0, rows: .max) } }
        // The row of the last tapped weight; the rows above it are all tapped, those below it untapped.
        let (kw, d) = (l.kernel.width, g.dilation)
        let lr = (limit - 1) / kw * d.h
        let live = Self.tapsDone(onRow: lr, limit: limit, current: current, kw: kw, dilation: d)
        return { r in
            if r < lr { return .all(0, rows: lr - r) }
            if r > lr { return .all(1, rows: .max) }
            return .init(before: 0, live: live, after: 1)
        }
    }

    private func kernelTitle(_ c: Int) -> String {
        // Decided by the channel (several), the kernel's size (one), the filter (several), the flip.
        let (t, filter, kernel) = (t, st.filter, l.kernel)
        let (C, K, flipped) = (C, K, upsampled)
        let kind = Word.kernelTitle.ordinal
        let channel = C > 1 ? c : -1
        return Labels.text(kind, t, channel, kernel.height, kernel.width, K > 1 ? filter : -1, flipped ? 1 : 0) {
            var title = C > 1 ? "w[\(filter)][\(c)]" : t(.kernelTitle, "\(kernel.height)×\(kernel.width)")
            if C == 1 && K > 1 { title += t(.filterSuffix, filter) }
            if flipped { title += t(.flippedSuffix) }
            return title
        }
    }

    /// Dilation and bias, under the last kernel slice shown.
    func kernelFooter() -> [GridLook] {
        var footer: [GridLook] = []
        if g.dilation != Pair(both: 1) {
            let (t, d) = (t, g.dilation)
            let label = Labels.text(Word.dilationLabel.ordinal, t, d.h, d.w) { t(.dilationLabel, d.text) }
            footer.append(GridLook(text: label, style: .hole))
        }
        if st.bias != 0 && C == 1 {  // with several channels the bias shows where the sum meets it
            footer.append(
                GridLook(text: numberLabel(.biasLabel, st.bias), style: phase == .bias ? .result : .normal))
        }
        return footer
    }

    /// `t(word, Num.display(value))`, remembered by the value's bits (`Labels`).
    private func numberLabel(_ word: Word, _ value: Double) -> String {
        let t = t
        return Labels.text(word.ordinal, t, Int(truncatingIfNeeded: value.bitPattern)) { t(word, Num.display(value)) }
    }

    /// With several channels, the second band shows the idea of "3-D in, one channel out": each channel's
    /// partial sums as a map of the output's shape, their sum (Σ), then (in the output) the bias added.
    func addPartialPanels(to base: RolePanels<WindowRole>) {
        guard C > 1 else { return }
        base.add(C, role: { .partial($0) }, state: partialState, titleStyle: partialTitleStyle, make: partialPanel)
        base.add(1, role: { _ in .merged }, state: mergedState, make: { [self] _ in mergedPanel() })
    }

    /// Emphasised on the channel being summed.
    private func partialTitleStyle(_ c: Int) -> Style {
        c == focusChannel && !complete && phase != .merge ? .emphasis : .label
    }

    private func partialPanel(_ c: Int) -> WindowPanel {
        var panel = Panel(
            title: t.label(.partialMapTitle, c), titleStyle: partialTitleStyle(c),
            grid: sumGrid(.partial(equivalent: upsampled, filter: st.filter, channel: c)) {
                [trace] w in
                trace.partial(w, channel: c)
            } current: {
                currentPartial(c)
            })
        panel.startsBand = c == 0
        return WindowPanel(panel: panel, role: .partial(c))
    }

    private func mergedPanel() -> WindowPanel {
        var merged = Panel(
            title: t(.mergedMapTitle), titleStyle: phase == .merge ? .emphasis : .label,
            grid: sumGrid(.merged(equivalent: upsampled, filter: st.filter)) { [trace] w in
                trace.merged(w)
            } current: {
                complete || phase == .merge ? st.merged : nil
            })
        merged.footer = [
            GridLook(text: numberLabel(.plusBiasToOutput, st.bias), style: phase == .bias ? .result : .normal)
        ]
        return WindowPanel(panel: merged, role: .merged)
    }

    /// Channel c's partial sum at the current window as far as the step has gone (nil before its first tap).
    private func currentPartial(_ c: Int) -> Double? {
        let limit = tapLimit(c)
        if limit == taps { return st.partials[c] }
        return limit > 0 ? st.sum(channel: c, taps: limit) : nil
    }

    /// A map of the current filter's output shape: earlier windows show `value`, the current one `current` (or
    /// "?"), later ones ".", kept under `name` (`rowMajorGrid`).
    private func sumGrid(_ name: CellMemo.Name, _ value: @escaping (Int) -> Double, current: () -> Double?) -> Grid {
        let first = st.filter * g.outputSize.h * g.outputSize.w
        let now = current().map { GridLook(number: $0, style: .current) } ?? GridLook(text: "?", style: .current)
        var grid = rowMajorGrid(name, first: first, cellWidth: slide.partialWidth, now: now) { w, _, _ in value(w) }
        grid.brackets.append(Bracket(r0: st.oy, c0: st.ox, r1: st.oy, c1: st.ox, style: .current))
        grid.focus = (st.oy, st.ox)
        grid.focusSpan = (1, 1)
        return grid
    }

    /// A map of the output's shape whose cells the windows from `first` on write in row-major order (an output
    /// channel, a partial-sum map): the current window's cell `now`, earlier ones `finished(window, row, column)` in
    /// the visited style, later ones ".". The earlier and later cells are kept per viewport under `name` (`FixedCells`,
    /// from `minimumCostlyCells`): a finished value is computed once, not on every step.
    private func rowMajorGrid(
        _ name: CellMemo.Name, first: Int, cellWidth: Int, now: GridLook,
        finished: @escaping (_ window: Int, _ row: Int, _ col: Int) -> Double
    ) -> Grid {
        let (out, window) = (g.outputSize, window)
        let pending = GridLook(text: ".", style: .pending)
        let look: (Int, Int) -> GridLook = { r, c in
            let w = first + r * out.w + c
            if w == window { return now }
            if w < window { return GridLook(number: finished(w, r, c), style: .visited) }
            return pending
        }
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: cellWidth, look: look)
        grid.keep(
            FixedCells(
                memo: slide.cells,
                layers: [
                    .init(name: name) { r, c in GridLook(number: finished(first + r * out.w + c, r, c), style: .visited)
                    },
                    .pending,
                ],
                split: FixedCells.rowMajor(
                    current: window - first, cols: out.w, cells: out.h * out.w, done: 0, pending: 1)),
            minimumCells: FixedCells.minimumCostlyCells)
        return grid
    }

    func outputPanel(_ k: Int) -> WindowPanel {
        let (t, out) = (t, g.outputSize)
        let title =
            K > 1
            ? t.label(.outChannelTitle, k)
            : Labels.text(Word.outputTitle.ordinal, t, out.h, out.w) { t(.outputTitle, "\(out.h)×\(out.w)") }
        var panel = Panel(
            title: title, titleStyle: k == st.filter && K > 1 ? .emphasis : .label,
            grid: outputGrid(k))
        panel.outputFilter = k
        var wp = WindowPanel(panel: panel, role: .output(k))
        if K > 1 { wp.compactSuffix = t.label(.ofTotal, K) }
        return wp
    }

    private func outputGrid(_ k: Int) -> Grid {
        let out = g.outputSize
        let now = complete ? GridLook(number: st.value, style: .current) : GridLook(text: "?", style: .current)
        // The current cell's value is the step's own sum; finished cells are the output's (`WindowSource.finished`),
        // each computed when first shown (the first frame needs none of them).
        let finished = source.finished(k, trace: trace)
        var grid = rowMajorGrid(
            .windowOutput(equivalent: upsampled, filter: k), first: k * out.h * out.w, cellWidth: slide.outputWidth,
            now: now
        ) { _, r, c in finished(r, c) }
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

/// An input channel's cells as they are, before the window: what a cell is, its number, its look away from the
/// window (the same on every step, so a grid keeps it: `FixedCells`).
private struct InputCells {
    let values: [Double]
    let first: Int, top: Int, left: Int, h: Int, w: Int
    /// The upsample lens's explicit input: what a cell of it holds.
    let kind: ((Int, Int) -> EquivalentConv.CellKind)?
    let untapped: (rows: [Bool], cols: [Bool])?

    /// Whether padded cell (py, px) is padding, and its style: padding, the equivalent input's kinds, unread.
    @inline(__always)
    func kind(_ py: Int, _ px: Int) -> (isPadding: Bool, style: Style) {
        let iy = py - top
        let ix = px - left
        var isPadding = !(iy >= 0 && iy < h && ix >= 0 && ix < w)
        var style: Style = isPadding ? .padding : .normal
        if let kind {
            // The equivalent input is explicit: its border zeros are the padding, inserted zeros are dim.
            switch kind(iy, ix) {
            case .padding:
                isPadding = true
                style = .padding
            case .inserted: style = .dim
            case .input: style = .emphasis
            }
        }
        if let untapped, untapped.rows[py] || untapped.cols[px] { style = .uncovered }
        return (isPadding, style)
    }

    /// The number of padded cell (py, px), not padding.
    @inline(__always)
    func value(_ py: Int, _ px: Int) -> Double { values[first + (py - top) * w + px - left] }

    /// The cell's look in the window: a hole (not a tap: between the taps of a dilated window, skipped by the
    /// kernel) keeps its number readable (░ for padding) in the holes' style, with nothing in the gutter that reads
    /// as an operator (the kernel panel draws the holes themselves as ∘); a tap shows its number in `number`, or 0
    /// in `padding` for padding (a zero of the padding still looks like padding).
    @inline(__always)
    func windowLook(_ py: Int, _ px: Int, isTap: Bool, number: Style, padding: Style) -> GridLook {
        let isPadding = kind(py, px).isPadding
        guard isTap else {
            return isPadding ? GridLook(glyph: "░", style: .hole) : GridLook(number: value(py, px), style: .hole)
        }
        return isPadding ? GridLook(number: 0, style: padding) : GridLook(number: value(py, px), style: number)
    }

    /// The cell's look away from the window: its number (░ for padding) in its style.
    @inline(__always)
    func look(_ py: Int, _ px: Int) -> GridLook {
        let (isPadding, style) = kind(py, px)
        return isPadding ? GridLook(glyph: "░", style: style) : GridLook(number: value(py, px), style: style)
    }
}
