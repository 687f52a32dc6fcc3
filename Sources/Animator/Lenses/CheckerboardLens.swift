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
    /// The slide's overlap counts and stamp reach (`CheckerAxes`), worked out once.
    let axes: CheckerAxes
    var overlap: Overlap { axes.overlap }
    /// The summary after the last stamp.
    let final: Bool
    /// The current stamp's input cell (the last one on the summary), and where its footprint starts in the
    /// padded output.
    let iy: Int, ix: Int
    let origin: Pair
    /// Where the footprint starts in the output (negative when the padding crops it).
    var corner: (r: Int, c: Int) { (origin.h - g.padding.top, origin.w - g.padding.left) }
    /// Stamps 0...through are added.
    let through: Int
    /// The distinct final counts, fewest first: a count's style is its rank.
    var levels: [Int] { axes.levels }

    init(_ frame: Frame) {
        self.frame = frame
        l = frame.slide.layer
        g = l.geometry
        axes = frame.slide.checker
        let stamps = l.input.height * l.input.width
        final = frame.step >= stamps
        through = final ? stamps - 1 : frame.step
        (iy, ix) = (through / l.input.width, through % l.input.width)
        origin = Pair(g.rows.padded(window: iy, tap: 0), g.cols.padded(window: ix, tap: 0))
    }

    var t: Language { frame.language }

    /// The fewest contributions plain, the most bold (and underlined without colour), any between in between.
    func style(_ n: Int) -> Style { Self.style(n, levels: levels) }

    static func style(_ n: Int, levels: [Int]) -> Style {
        guard n > 0 else { return .pending }
        if levels.count > 1 && n >= levels[levels.count - 1] { return .overlap }
        if levels.count > 2 && n > levels[0] { return .scatter }
        return .normal
    }

    /// An output cell's count as the map shows it: the number, or "." for none yet.
    static func look(_ n: Int, levels: [Int]) -> GridLook {
        n > 0 ? GridLook(number: Double(n), style: style(n, levels: levels)) : GridLook(glyph: ".", style: .pending)
    }

    func inputPanel() -> Panel {
        let step = final ? Int.max : frame.step
        let (input, w) = (l.input, l.input.width)
        let look: (Int, Int) -> GridLook = { r, c in
            let idx = r * w + c
            let style: Style = idx == step ? .current : (idx < step ? .visited : .normal)
            return GridLook(number: input[0, r, c], style: style)
        }
        var grid = Grid(rows: l.input.height, cols: l.input.width, cellWidth: frame.slide.inputWidth, look: look)
        // Paged as the window lens pages its input (`Grid.origin`): the grid stays put while the stamps move on.
        (grid.focus, grid.pageSpan) = ((iy, ix), (1, 1))
        // Stamped cells and cells to come look the same on every step: kept per viewport, the current one live.
        func layer(visited: Bool) -> FixedCells.Layer {
            .init(name: .checkerInput(visited: visited)) { r, c in
                GridLook(number: input[0, r, c], style: visited ? .visited : .normal)
            }
        }
        grid.keep(
            FixedCells(
                memo: frame.slide.cells, layers: [layer(visited: true), layer(visited: false)],
                split: FixedCells.rowMajor(
                    current: final ? l.input.height * w : step, cols: w, cells: l.input.height * w, done: 0,
                    pending: 1)))
        if !final { grid.brackets.append(Bracket(r0: iy, c0: ix, r1: iy, c1: ix, style: .current)) }
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
        let look: (Int, Int) -> GridLook = { [self] r, _ in GridLook(number: Double(rows[r]), style: style(rows[r])) }
        var grid = Grid(rows: rows.count, cols: 1, cellWidth: frame.slide.overlapWidth, look: look)
        let f = focus
        (grid.focus, grid.pageSpan) = ((f.cell.r, 0), f.span.map { ($0.r, 1) })
        return Panel(title: t(.checkerRowsTitle), grid: grid)
    }

    /// The counts per output column, as a row under the map.
    func colsPanel() -> Panel {
        let cols = overlap.cols
        let look: (Int, Int) -> GridLook = { [self] _, c in GridLook(number: Double(cols[c]), style: style(cols[c])) }
        var grid = Grid(rows: 1, cols: cols.count, cellWidth: frame.slide.overlapWidth, look: look)
        let f = focus
        (grid.focus, grid.pageSpan) = ((0, f.cell.c), f.span.map { (1, $0.c) })
        var panel = Panel(title: t(.checkerColsTitle), grid: grid)
        panel.startsBand = true
        return panel
    }

    /// Where the map and its row and column counts look: the current stamp's footprint (its middle, kept in the
    /// output, and its size: a page holds it whole, as the window lens pages its input), or on the summary the most
    /// covered cell.
    var focus: (cell: (r: Int, c: Int), span: (r: Int, c: Int)?) {
        guard !final else { return (busiest, nil) }
        let (e, out) = (g.effectiveKernel, g.outputSize)
        let (r, c) = (corner.r + e.h / 2, corner.c + e.w / 2)
        return ((min(max(r, 0), out.h - 1), min(max(c, 0), out.w - 1)), (e.h, e.w))
    }

    /// The first output cell with the most contributions.
    var busiest: (r: Int, c: Int) {
        let r = overlap.rows.firstIndex(of: overlap.rows.max() ?? 0) ?? 0
        let c = overlap.cols.firstIndex(of: overlap.cols.max() ?? 0) ?? 0
        return (r, c)
    }

    /// The contributions so far on each output cell; the current stamp's footprint bracketed. The rows whose
    /// stamps are all added show their final counts and those no stamp has reached yet ".", both kept per viewport;
    /// the rows in between (those the current input row's stamps reach, a band a few rows high) are drawn live.
    func mapPanel() -> Panel {
        let (levels, overlap, out) = (levels, overlap, g.outputSize)
        let counts = CheckerCounts(axes, iy: final ? l.input.height : iy, ix: ix)
        let look: (Int, Int) -> GridLook = { r, c in Self.look(counts.count(r, c), levels: levels) }
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: frame.slide.overlapWidth, look: look)
        grid.keep(
            FixedCells(
                memo: frame.slide.cells,
                layers: [
                    .init(name: .checkerDone) { r, c in Self.look(overlap.count(oy: r, ox: c), levels: levels) },
                    .pending,
                ],
                split: { r in
                    switch counts.progress(row: r) {
                    case .done: return .all(0)
                    case .untouched: return .all(1)
                    case .partial: return FixedCells.Split(before: 0, live: 0..<out.w, after: 1)
                    }
                }))
        let f = focus
        (grid.focus, grid.pageSpan) = (f.cell, f.span)
        if !final {
            let e = g.effectiveKernel
            let (top, left) = corner
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
            let (top, left) = corner
            let text = t(
                .checkerStampLine, "\(iy),\(ix)", "\(l.kernel.height)×\(l.kernel.width)",
                "\(top)–\(top + e.h - 1)", "\(left)–\(left + e.w - 1)")
            lines.append(GridLook(text: text, style: .formula, isSum: false))
        }
        // The period and the verdict are the layer's: remembered by its kernel, stride and dilation (`Labels`).
        let (k, s, d) = (l.kernel, g.stride, g.dilation)
        let period = Labels.text(Word.checkerPeriod.ordinal, t, s.h, s.w, d.h, d.w, k.height, k.width) {
            periodLine()
        }
        let even = Labels.text(Word.checkerEven.ordinal, t, s.h, s.w, d.h, d.w, k.height, k.width) { verdict() }
        lines.append(GridLook(text: period, style: .normal, isSum: false))
        lines.append(GridLook(text: even, style: overlap.isEven ? .result : .warning, isSum: false))
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

/// What the checkerboard lens works out once per slide: the final overlap counts (`Overlap`), their distinct values,
/// and per output row and column the input rows and columns whose stamps reach it (a tap lands on output cell
/// (r, c) exactly when its row lands on r and its column on c, so the stamps that reach the cell are those of the
/// input cells (iy, ix) with iy reaching r and ix reaching c).
final class CheckerAxes: Sendable {
    let overlap: Overlap
    /// The distinct counts above zero, fewest first.
    let levels: [Int]
    let rows: Reach, cols: Reach

    /// Per output position, the input positions whose stamps reach it (at most one per tap).
    struct Reach: Sendable {
        /// Position o is reached from `from[start[o]..<start[o + 1]]`.
        private let start: [Int]
        private let from: [Int]

        init(_ a: AxisWindow, windows n: Int, taps k: Int, out: Int) {
            var start = [0]
            var from: [Int] = []
            for o in 0..<out {
                for t in 0..<k {
                    if let w = a.window(reaching: o + a.before, tap: t), w < n { from.append(w) }
                }
                start.append(from.count)
            }
            (self.start, self.from) = (start, from)
        }

        /// How many of them are before `limit`, and whether `limit` is one of them.
        func count(_ o: Int, before limit: Int) -> (before: Int, holds: Bool) {
            var (before, holds) = (0, false)
            for w in from[start[o]..<start[o + 1]] {
                if w < limit { before += 1 } else if w == limit { holds = true }
            }
            return (before, holds)
        }
    }

    init(_ layer: ConvLayer) {
        let g = layer.geometry
        let o = Overlap(layer)
        overlap = o
        levels = Set(Set(o.rows).flatMap { r in Set(o.cols).map { r * $0 } }).filter { $0 > 0 }.sorted()
        rows = Reach(g.rows, windows: layer.input.height, taps: layer.kernel.height, out: g.outputSize.h)
        cols = Reach(g.cols, windows: layer.input.width, taps: layer.kernel.width, out: g.outputSize.w)
    }
}

/// The overlap counts on the output after the stamps of input cells 0…(iy, ix), row-major (a stamp is its input
/// cell; iy = the input's height: every stamp): a cell's count is the stamps of whole input rows before iy that reach
/// it, times its column's reach, plus, when input row iy reaches it, the stamps of that row up to ix that reach its
/// column. A row's and a column's part are worked out the first time a cell of them is drawn.
final class CheckerCounts: @unchecked Sendable {
    enum Progress { case done, untouched, partial }

    private let axes: CheckerAxes
    private let iy: Int, ix: Int
    /// Per output row, -1 until worked out, else its stamps from input rows before iy, times 2, plus 1 when input
    /// row iy reaches it; per output column, -1 or its stamps up to input column ix. Read and written only while
    /// one frame draws (one thread), so without Swift's run-time exclusivity checks (one per cell cost more than
    /// the count).
    @exclusivity(unchecked) private var rows: [Int]
    @exclusivity(unchecked) private var cols: [Int]

    init(_ axes: CheckerAxes, iy: Int, ix: Int) {
        (self.axes, self.iy, self.ix) = (axes, iy, ix)
        rows = [Int](repeating: -1, count: axes.overlap.rows.count)
        cols = [Int](repeating: -1, count: axes.overlap.cols.count)
    }

    private func row(_ r: Int) -> (before: Int, holds: Bool) {
        if rows[r] < 0 {
            let (before, holds) = axes.rows.count(r, before: iy)
            rows[r] = before * 2 + (holds ? 1 : 0)
        }
        return (rows[r] >> 1, rows[r] & 1 != 0)
    }

    /// Whether every stamp that reaches output row r is added, none is, or some are.
    func progress(row r: Int) -> Progress {
        let (before, holds) = row(r)
        let all = axes.overlap.rows[r]
        if holds || (before > 0 && before < all) { return .partial }
        return before == 0 && all > 0 ? .untouched : .done
    }

    /// The stamps added so far on output cell (r, c).
    func count(_ r: Int, _ c: Int) -> Int {
        let (before, holds) = row(r)
        var n = before * axes.overlap.cols[c]
        if holds {
            if cols[c] < 0 {
                let (upTo, at) = axes.cols.count(c, before: ix)
                cols[c] = upTo + (at ? 1 : 0)
            }
            n += cols[c]
        }
        return n
    }
}
