import ConvModel
import ScenarioFormat

extension LensName {
    /// Transposed convolution: how many stamps overlap on each output cell (the checkerboard).
    public static let checkerboard: LensName = "checkerboard"
}

/// The overlap of a transposed convolution's kernel stamps: each output cell's number of contributions, by digit
/// and by style (the fewest plain, the most bold and underlined), with the counts per row and per column whose
/// product it is, and the period S. Each step adds one input cell's stamp (its kernel footprint) to the counts
/// (one filter and channel: every filter and channel overlaps alike); the last step shows the whole map with the
/// explanation (uneven when the taps do not spread evenly over a period: with d = 1, when S does not divide F).
struct CheckerboardLens: Lens {
    var name: LensName { .checkerboard }
    var summary: String { "transposed conv: how many stamps overlap on each output cell" }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: false
        case .transposed: true
        }
    }

    func opens(_ topic: Topic) -> Bool { topic == .checkerboard }

    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline {
        Timeline(kind: .scatter(stamps: slide.layer.input.height * slide.layer.input.width))
    }

    func tabWord(tapMode: Bool) -> Word { .barNextView }

    /// The overlap counts are the same for every filter.
    var stepsNameAFilter: Bool { false }

    /// The first output cell the stamp of step `step` adds to (none for the summary, or a stamp all cropped).
    func outputCell(at step: Int, slide: Slide, timeline: Timeline) -> OutputCell? {
        let trace = ScatterTrace(slide.layer)
        guard step < slide.layer.input.height * slide.layer.input.width else { return nil }
        guard let hit = trace[step].hits.first(where: { $0.oy != nil && $0.ox != nil }), let oy = hit.oy,
            let ox = hit.ox
        else { return nil }
        return OutputCell(filter: 0, row: oy, col: ox)
    }

    /// The stamp that completes output cell (row, col): the last input cell that adds to it.
    func step(forOutput filter: Int, row: Int, col: Int, slide: Slide, timeline: Timeline) -> Int? {
        let trace = ScatterTrace(slide.layer)
        let g = slide.layer.geometry
        guard row < g.outputSize.h, col < g.outputSize.w else { return nil }
        var last: Int?
        trace.forEachContributor(fy: row + g.padding.top, fx: col + g.padding.left) { iy, ix, _, _ in
            last = max(last ?? 0, trace.index(filter: 0, iy: iy, ix: ix))
        }
        return last
    }

    func content(_ frame: Frame) -> ViewContent {
        let s = CheckerStep(frame)
        let panels = [s.inputPanel(), s.rowsPanel(), s.mapPanel(), s.colsPanel()]
        // The counts per column go under the map; where that leaves the map too few rows (a short screen, the
        // parameter panel open), beside it.
        let cols = panels.count - 1
        return ViewContent(
            panels: PanelSet(panels),
            form: { level in
                (0..<panels.count).map { i in
                    FormPanel(index: i, level: 0, startsBand: level == 1 && i == cols ? false : nil)
                }
            },
            compactLevels: 1, lines: s.lines(), narration: s.narration(), shapes: shapesText(s.l.input, s.g))
    }
}

/// One step of the checkerboard lens.
struct CheckerStep {
    let frame: Frame
    let l: ConvLayer
    let g: Geometry
    let trace: ScatterTrace
    let overlap: Overlap
    /// The summary after the last stamp.
    let final: Bool
    let st: ScatterStep
    /// Stamps 0...through are added.
    let through: Int
    /// The distinct final counts, fewest first: a count's style is its rank.
    let levels: [Int]

    init(_ frame: Frame) {
        self.frame = frame
        l = frame.slide.layer
        g = l.geometry
        trace = ScatterTrace(l)
        overlap = Overlap(l)
        let stamps = l.input.height * l.input.width
        final = frame.step >= stamps
        st = trace[min(frame.step, stamps - 1)]
        through = final ? stamps - 1 : frame.step
        let o = overlap
        levels = Set(o.rows.flatMap { r in o.cols.map { r * $0 } }).filter { $0 > 0 }.sorted()
    }

    var t: Language { frame.language }

    /// The fewest contributions plain, the most bold (and underlined without colour), any between in between.
    func style(_ n: Int) -> Style {
        guard n > 0 else { return .pending }
        if levels.count > 1 && n >= levels[levels.count - 1] { return .overlap }
        if levels.count > 2 && n > levels[0] { return .scatter }
        return .normal
    }

    func inputPanel() -> Panel {
        let step = final ? Int.max : frame.step
        let trace = trace
        let look: (Int, Int) -> GridLook = { r, c in
            let idx = trace.index(filter: 0, iy: r, ix: c)
            let style: Style = idx == step ? .current : (idx < step ? .visited : .normal)
            return GridLook(number: trace.layer.input[0, r, c], style: style)
        }
        var grid = Grid(rows: l.input.height, cols: l.input.width, cellWidth: frame.slide.inputWidth, look: look)
        grid.focus = (st.iy, st.ix)
        if !final { grid.brackets.append(Bracket(r0: st.iy, c0: st.ix, r1: st.iy, c1: st.ix, style: .current)) }
        var panel = Panel(title: t(.inputTitle, "\(l.input.height)×\(l.input.width)"), grid: grid)
        panel.footer = [
            GridLook(
                text: t(.checkerKernelFooter, "\(l.kernel.height)×\(l.kernel.width)", g.stride.text),
                style: .normal)
        ]
        return panel
    }

    /// The counts per output row, as a column beside the map.
    func rowsPanel() -> Panel {
        let rows = overlap.rows
        let look: (Int, Int) -> GridLook = { [self] r, _ in GridLook(text: "\(rows[r])", style: style(rows[r])) }
        var grid = Grid(rows: rows.count, cols: 1, cellWidth: frame.slide.overlapWidth, look: look)
        grid.focus = (focus.r, 0)
        return Panel(title: t(.checkerRowsTitle), grid: grid)
    }

    /// The counts per output column, as a row under the map.
    func colsPanel() -> Panel {
        let cols = overlap.cols
        let look: (Int, Int) -> GridLook = { [self] _, c in GridLook(text: "\(cols[c])", style: style(cols[c])) }
        var grid = Grid(rows: 1, cols: cols.count, cellWidth: frame.slide.overlapWidth, look: look)
        grid.focus = (0, focus.c)
        var panel = Panel(title: t(.checkerColsTitle), grid: grid)
        panel.startsBand = true
        return panel
    }

    /// The output cell the view keeps in sight: the current stamp's first kept cell, or the most covered one.
    var focus: (r: Int, c: Int) {
        if !final, let hit = st.hits.first(where: { $0.oy != nil && $0.ox != nil }), let oy = hit.oy, let ox = hit.ox {
            return (oy, ox)
        }
        return busiest
    }

    /// The first output cell with the most contributions.
    var busiest: (r: Int, c: Int) {
        let r = overlap.rows.firstIndex(of: overlap.rows.max() ?? 0) ?? 0
        let c = overlap.cols.firstIndex(of: overlap.cols.max() ?? 0) ?? 0
        return (r, c)
    }

    /// The contributions so far on each output cell; the current stamp's footprint bracketed.
    func mapPanel() -> Panel {
        let trace = trace
        let through = through
        let pad = g.padding
        let final = final
        let overlap = overlap
        let look: (Int, Int) -> GridLook = { [self] r, c in
            let n =
                final
                ? overlap.count(oy: r, ox: c)
                : trace.running(filter: 0, fy: r + pad.top, fx: c + pad.left, through: through).count
            return GridLook(text: n > 0 ? "\(n)" : ".", style: style(n))
        }
        let out = g.outputSize
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: frame.slide.overlapWidth, look: look)
        grid.focus = focus
        if !final {
            let e = g.effectiveKernel
            let top = st.origin.h - pad.top
            let left = st.origin.w - pad.left
            let r0 = max(0, top)
            let c0 = max(0, left)
            let r1 = min(out.h - 1, top + e.h - 1)
            let c1 = min(out.w - 1, left + e.w - 1)
            if r0 <= r1 && c0 <= c1 { grid.brackets.append(Bracket(r0: r0, c0: c0, r1: r1, c1: c1, style: .frame)) }
        }
        var panel = Panel(title: t(.checkerMapTitle, "\(out.h)×\(out.w)"), titleStyle: .emphasis, grid: grid)
        panel.footer = [GridLook(text: t(final ? .checkerMapFooter : .checkerMapSoFar), style: .dim)]
        return panel
    }

    func lines() -> [GridLook] {
        var lines: [GridLook] = []
        if final {
            let (r, c) = busiest
            let n = overlap.count(oy: r, ox: c)
            lines.append(
                GridLook(
                    text: t(.checkerProduct, "out[\(r),\(c)]", overlap.rows[r], overlap.cols[c], n), style: .result,
                    isSum: false))
        } else {
            let e = g.effectiveKernel
            let top = st.origin.h - g.padding.top
            let left = st.origin.w - g.padding.left
            let text = t(
                .checkerStampLine, "\(st.iy),\(st.ix)", "\(l.kernel.height)×\(l.kernel.width)",
                "\(top)–\(top + e.h - 1)", "\(left)–\(left + e.w - 1)")
            lines.append(GridLook(text: text, style: .formula, isSum: false))
        }
        lines.append(GridLook(text: periodLine(), style: .normal, isSum: false))
        lines.append(GridLook(text: verdict(), style: overlap.isEven ? .result : .warning, isSum: false))
        return lines
    }

    /// "period S = 2: rows 2, 1; columns 2, 1"
    private func periodLine() -> String {
        let rows = overlap.rowPeriod.map(String.init).joined(separator: ", ")
        let cols = overlap.colPeriod.map(String.init).joined(separator: ", ")
        return t(.checkerPeriod, g.stride.text, rows, cols)
    }

    /// Even or uneven, and why, in the numbers of the layer.
    private func verdict() -> String {
        let k = l.kernel
        let f = k.height == k.width ? "\(k.height)" : "\(k.height)×\(k.width)"
        let s = g.stride.text
        let plain = g.dilation == Pair(both: 1)
        if overlap.isEven {
            return plain ? t(.checkerEven, f, s) : t(.checkerEvenDilated)
        }
        return plain ? t(.checkerUneven, f, s) : t(.checkerUnevenDilated)
    }

    func narration() -> String {
        var text = t(.checkerExplained)
        if let notes = frame.slide.scenario.notes?.text(t), !notes.isEmpty { text += "\n" + notes }
        return text
    }
}
