import ConvModel
import ScenarioFormat

extension LensName {
    /// Transposed convolution as scatter: each input cell stamps a scaled kernel into the output.
    public static let scatter: LensName = "scatter"
}

/// Transposed convolution as scatter: the current input cell times the whole kernel is added into the
/// (uncropped) output buffer; each buffer cell shows its running sum and the contributions it received. The
/// last step crops the padding rim, keeps the output_padding rows and adds the bias.
struct ScatterLens: Lens {
    var name: LensName { .scatter }
    var summary: String { "transposed conv: each input cell stamps the scaled kernel" }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: false
        case .transposed: true
        }
    }

    func opens(_ topic: Topic) -> Bool { topic == .transposed }

    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline {
        Timeline(kind: .scatter(stamps: ScatterTrace(slide.layer).count))
    }

    func tabWord(tapMode: Bool) -> Word { .barUpsampleLens }

    /// The first output cell the stamp of step `step` adds to (none for the final crop, or a stamp all cropped).
    func outputCell(at step: Int, slide: Slide, timeline: Timeline) -> OutputCell? {
        let trace = ScatterTrace(slide.layer)
        guard step < trace.count else { return nil }
        let st = trace[step]
        guard let hit = st.hits.first(where: { $0.oy != nil && $0.ox != nil }), let oy = hit.oy, let ox = hit.ox
        else { return nil }
        return OutputCell(filter: st.filter, row: oy, col: ox)
    }

    /// The stamp that completes output cell (filter, row, col): the last input cell that adds to it.
    func step(forOutput filter: Int, row: Int, col: Int, slide: Slide, timeline: Timeline) -> Int? {
        let trace = ScatterTrace(slide.layer)
        let l = slide.layer
        let g = l.geometry
        guard filter < l.kernel.filters, row < g.outputSize.h, col < g.outputSize.w else { return nil }
        var last: Int?
        trace.forEachContributor(fy: row + g.padding.top, fx: col + g.padding.left) { iy, ix, _, _ in
            last = max(last ?? 0, trace.index(filter: filter, iy: iy, ix: ix))
        }
        return last
    }

    /// Level 1 drops the contributions grid, level 2 also shows only the first input channel and its kernel.
    func content(_ frame: Frame) -> ViewContent {
        let s = ScatterStepView(frame)
        let base = RolePanels<ScatterStepView.Role>()
        base.add(s.C, role: { .input($0) }, make: s.inputPanel)
        base.add(s.C, role: { .kernel($0) }, make: s.kernelPanel)
        base.add(1, role: { _ in .buffer }, make: { _ in s.bufferPanel() })
        base.add(1, role: { _ in .counts }, make: { _ in s.countPanel() })
        base.add(s.final ? s.K : 0, role: { _ in .output }, make: s.outputPanel)
        base.footer(under: \.isKernel, s.biasFooter())
        return ViewContent(
            panels: base.set, form: { level in s.form(base, level: level) }, compactLevels: 2,
            lines: s.lines(), narration: s.narration(),
            shapes: shapesText(s.l.input, s.g))
    }
}

/// One step of the scatter lens with what its panels and lines need.
struct ScatterStepView {
    enum Role {
        case input(Int)
        case kernel(Int)
        case buffer, counts, output

        var isKernel: Bool { if case .kernel = self { true } else { false } }
    }

    let frame: Frame
    let l: ConvLayer
    let g: Geometry
    let trace: ScatterTrace
    /// The crop-and-bias step after the last stamp.
    let final: Bool
    let st: ScatterStep
    /// Stamps up to this index are added.
    let through: Int
    /// Where the previous stamp of the same filter is (ghosted).
    let previousOrigin: Pair?
    let C: Int, K: Int
    /// The buffer with the rows and columns past it that only output_padding reaches.
    let rows: Int, cols: Int
    let sums: RunningSums
    /// Per buffer row and column: the input rows and columns whose stamps reach it.
    let reach: (rows: [Reach?], cols: [Reach?])

    init(_ frame: Frame) {
        self.frame = frame
        l = frame.slide.layer
        g = l.geometry
        trace = frame.slide.scatterSums.trace(l)
        let step = frame.step
        final = step >= trace.count
        st = trace[min(step, trace.count - 1)]
        through = final ? trace.count - 1 : step
        // Only the previous stamp's place is drawn: its products are not computed.
        let hw = l.input.height * l.input.width
        if !final && step > 0 && (step - 1) / hw == st.filter {
            let (iy, ix) = ((step - 1) % hw / l.input.width, (step - 1) % l.input.width)
            previousOrigin = Pair(g.rows.padded(window: iy, tap: 0), g.cols.padded(window: ix, tap: 0))
        } else {
            previousOrigin = nil
        }
        C = l.input.channels
        K = l.kernel.filters
        rows = max(g.paddedSize.h, g.padding.top + g.outputSize.h)
        cols = max(g.paddedSize.w, g.padding.left + g.outputSize.w)
        reach = frame.slide.scatterSums.reach(l)
        sums = RunningSums(
            trace: trace, filter: st.filter, through: through, stamp: final ? nil : st, reach: reach,
            memo: frame.slide.scatterSums)
    }

    var t: Language { frame.language }

    func form(_ base: RolePanels<Role>, level: Int) -> [FormPanel] {
        base.form(level: level) { role in
            switch role {
            case .input(let c), .kernel(let c): level < 2 || c == 0
            case .counts: level < 1
            case .buffer, .output: true
            }
        }
    }

    func inputPanel(_ c: Int) -> RolePanel<Role> {
        let step = frame.step
        let final = final
        let trace = trace
        let filter = st.filter
        let input = l.input
        let look: (Int, Int) -> GridLook = { r, col in
            let idx = trace.index(filter: filter, iy: r, ix: col)
            let style: Style = final ? .visited : (idx == step ? .current : (idx < step ? .visited : .normal))
            return GridLook(number: input[c, r, col], style: style)
        }
        var grid = Grid(rows: l.input.height, cols: l.input.width, cellWidth: frame.slide.inputWidth, look: look)
        // Stamped cells before the current one, the others after it: kept per viewport (`FixedCells`).
        let hw = l.input.height * l.input.width
        grid.keep(
            FixedCells(
                memo: frame.slide.cells,
                layers: [
                    .init(name: .scatterInput(channel: c, visited: true)) { r, col in
                        GridLook(number: input[c, r, col], style: .visited)
                    },
                    .init(name: .scatterInput(channel: c, visited: false)) { r, col in
                        GridLook(number: input[c, r, col], style: .normal)
                    },
                ],
                split: FixedCells.rowMajor(
                    current: final ? hw : step - filter * hw, cols: l.input.width, cells: hw, done: 0, pending: 1)))
        grid.focus = (st.iy, st.ix)
        grid.focusSpan = (1, 1)
        if !final { grid.brackets.append(Bracket(r0: st.iy, c0: st.ix, r1: st.iy, c1: st.ix, style: .current)) }
        let title = C > 1 ? t(.inChannelTitle, c) : t(.inputTitle, "\(l.input.height)×\(l.input.width)")
        // At level 2 only channel 0 is shown: its title says how many there are.
        return RolePanel(
            panel: Panel(title: title, grid: grid), role: .input(c), compactSuffix: C > 1 ? t(.ofTotal, C) : nil,
            suffixLevel: 2)
    }

    func kernelPanel(_ c: Int) -> RolePanel<Role> {
        let final = final
        let filter = st.filter
        let kernel = l.kernel
        let look: (Int, Int) -> GridLook = { u, v in
            GridLook(number: kernel[filter, c, u, v], style: final ? .normal : .scatter)
        }
        var title = C > 1 ? "w[\(st.filter)][\(c)]" : t(.kernelTitle, "\(l.kernel.height)×\(l.kernel.width)")
        if C == 1 && K > 1 { title += t(.filterShort, st.filter) }
        let grid = Grid(rows: l.kernel.height, cols: l.kernel.width, cellWidth: frame.slide.kernelWidth, look: look)
        return RolePanel(panel: Panel(title: title, grid: grid), role: .kernel(c))
    }

    func biasFooter() -> [GridLook] {
        let bias = l.bias[st.filter]
        guard bias != 0 else { return [] }
        return [GridLook(text: t(.biasLabel, Num.display(bias)), style: final ? .result : .normal)]
    }
}

/// Running sums of the scatter buffer, per cell from its contributors. A cell's running sum changes only when a
/// stamp reaches it, so it is kept (per slide, `ScatterSums`) with the number of stamps it adds, and computed again
/// only when that number differs: the stamps on a cell are the input rows that reach its row times the input
/// columns that reach its column, so how many of them are added by step `through` is a product of counts.
struct RunningSums {
    private let trace: ScatterTrace
    private let filter: Int
    private let through: Int
    /// The last stamp added, within the filter: input row and column.
    private let ty: Int, tx: Int
    private let reach: (rows: [Reach?], cols: [Reach?])
    private let memo: ScatterSums
    /// Where the stamp of step `through` is (nil at the final step) and its hits' contributions, tap by tap: what
    /// a cell's sum before it grows by.
    private let stamp: Pair?
    private let contributions: [Double]

    init(
        trace: ScatterTrace, filter: Int, through: Int, stamp: ScatterStep?, reach: (rows: [Reach?], cols: [Reach?]),
        memo: ScatterSums
    ) {
        self.trace = trace
        self.filter = filter
        self.through = through
        let w = trace.layer.input.width
        let t = through - filter * trace.layer.input.height * w
        (ty, tx) = (t / w, t % w)
        self.stamp = stamp?.origin
        contributions = stamp?.contributions ?? []
        self.reach = reach
        self.memo = memo
    }

    /// How many stamps have added to buffer cell (fy, fx); 0 past the buffer.
    func count(_ fy: Int, _ fx: Int) -> Int {
        guard fy < reach.rows.count, fx < reach.cols.count, let r = reach.rows[fy], let c = reach.cols[fx] else {
            return 0
        }
        return r.below(ty) * c.count + (r.contains(ty) ? c.below(tx + 1) : 0)
    }

    /// How many stamps add to buffer cell (fy, fx) over the whole operation (`ScatterTrace.overlap`); 0 past the
    /// buffer.
    func total(_ fy: Int, _ fx: Int) -> Int {
        guard fy < reach.rows.count, fx < reach.cols.count, let r = reach.rows[fy], let c = reach.cols[fx] else {
            return 0
        }
        return r.count * c.count
    }

    /// The sum and contribution count of buffer cell (fy, fx) with every stamp added: `ScatterTrace.running`
    /// through the last stamp, kept like `at`'s (the frame that adds a cell's last stamp keeps it); (0, 0) past the
    /// buffer.
    func final(_ fy: Int, _ fx: Int) -> (sum: Double, count: Int) {
        let n = total(fy, fx)
        guard n > 0 else { return (0, 0) }
        return memo.sum(filter: filter, cell: fy * reach.cols.count + fx, count: n) { _ in
            trace.running(filter: filter, fy: fy, fx: fx, through: .max)
        }
    }

    /// The running sum and contribution count of buffer cell (fy, fx): `ScatterTrace.running`; (0, 0) past the
    /// buffer.
    func at(_ fy: Int, _ fx: Int) -> (sum: Double, count: Int) {
        let n = count(fy, fx)
        guard n > 0 else { return (0, 0) }
        return memo.sum(filter: filter, cell: fy * reach.cols.count + fx, count: n) { kept in
            // Stepping forward, a cell the stamp hits had one stamp fewer on the frame before (none kept: none, a sum
            // of 0, when this stamp is its first).
            let before = kept ?? (count: 0, sum: 0)
            if before.count == n - 1, let hit = contribution(fy, fx), let sum = trace.running(before.sum, adding: hit) {
                return (sum, n)
            }
            return trace.running(filter: filter, fy: fy, fx: fx, through: through)
        }
    }

    /// What the current stamp adds to buffer cell (fy, fx), if it hits it: the hit of tap (u, v) lands on the
    /// stamp's origin plus (u, v) times the dilation.
    private func contribution(_ fy: Int, _ fx: Int) -> Double? {
        guard let stamp else { return nil }
        let d = trace.layer.geometry.dilation
        let (dy, dx) = (fy - stamp.h, fx - stamp.w)
        let (kh, kw) = (trace.layer.kernel.height, trace.layer.kernel.width)
        guard dy >= 0, dx >= 0, dy % d.h == 0, dx % d.w == 0, dy / d.h < kh, dx / d.w < kw else { return nil }
        return contributions[dy / d.h * kw + dx / d.w]
    }
}

/// Per buffer column, the largest last input column reaching it or any column left of it, and the smallest first
/// input column reaching it or any column right of it: both never decrease left to right, so the run of columns
/// whose last stamp is added (or whose first is not) is found by a binary search. (The reach itself is not in
/// order when the dilation exceeds the stride.)
struct ColumnBounds {
    let lastUpTo: [Int], firstFrom: [Int]

    init(_ cols: [Reach?]) {
        var lastUpTo = [Int](repeating: .min, count: cols.count)
        var firstFrom = [Int](repeating: .max, count: cols.count)
        var (m, n) = (Int.min, Int.max)
        for i in cols.indices {
            m = max(m, cols[i]?.last ?? .min)
            lastUpTo[i] = m
            let j = cols.count - 1 - i
            n = min(n, cols[j]?.first ?? .max)
            firstFrom[j] = n
        }
        (self.lastUpTo, self.firstFrom) = (lastUpTo, firstFrom)
    }

    /// The columns before the first one some input column past `x` reaches.
    func reachedOnlyUpTo(_ x: Int) -> Int { Self.count(lastUpTo) { $0 <= x } }

    /// The columns up to the last one some input column up to `x` reaches.
    func reachedFrom(_ x: Int) -> Int { Self.count(firstFrom) { $0 <= x } }

    /// How many of the leading values `holds` for, given that it holds for a prefix of them.
    private static func count(_ values: [Int], _ holds: (Int) -> Bool) -> Int {
        var (lo, hi) = (0, values.count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if holds(values[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The input indices along one axis whose stamps reach one position of a scatter buffer: first, first + step, …,
/// last. The taps that land on a position are every s / gcd(s, d)-th, so those indices are evenly spaced.
struct Reach {
    let first: Int, last: Int, step: Int

    var count: Int { (last - first) / step + 1 }

    /// How many of them are below `i`.
    func below(_ i: Int) -> Int { i <= first ? 0 : min(count, (i - 1 - first) / step + 1) }

    func contains(_ i: Int) -> Bool { i >= first && i <= last && (i - first) % step == 0 }

    /// Per padded position along `axis`: the indices below `windows` whose tap lands there, or nil when none does.
    static func along(_ axis: AxisWindow, positions: Int, windows: Int, taps: Int) -> [Reach?] {
        (0..<positions).map { p in
            var (first, last, n) = (Int.max, Int.min, 0)
            for tap in 0..<taps {
                guard let i = axis.window(reaching: p, tap: tap), i < windows else { continue }
                (first, last, n) = (min(first, i), max(last, i), n + 1)
            }
            return n == 0 ? nil : Reach(first: first, last: last, step: n > 1 ? (last - first) / (n - 1) : 1)
        }
    }
}

/// A slide's scatter-buffer running sums of one filter, each with the number of stamps it adds (`RunningSums`), and
/// which input rows and columns reach each buffer row and column. The sums are kept per cell in flat arrays (a
/// step looks up some fifty cells: no hashing), cleared when another filter is shown. Its state is read and written
/// only under its lock, so it skips Swift's run-time exclusivity checks.
final class ScatterSums: @unchecked Sendable {
    private let lock = Lock()
    @exclusivity(unchecked) private var filter = -1
    /// Per buffer cell, the stamps its kept sum adds (0: none kept) and the sum.
    @exclusivity(unchecked) private var counts: [Int] = []
    @exclusivity(unchecked) private var sums: [Double] = []
    @exclusivity(unchecked) private var reaches: (rows: [Reach?], cols: [Reach?])?
    @exclusivity(unchecked) private var columnBounds: ColumnBounds?
    @exclusivity(unchecked) private var kept: ScatterTrace?

    /// The trace of the slide's layer `layer` with its kernel's integer units worked out once.
    func trace(_ layer: ConvLayer) -> ScatterTrace {
        lock.lock()
        defer { lock.unlock() }
        if let kept { return kept }
        let made = ScatterTrace(keepingUnitsOf: layer)
        kept = made
        return made
    }

    /// Per buffer row and column of the slide's layer `layer`: the input rows and columns whose stamps reach it.
    func reach(_ layer: ConvLayer) -> (rows: [Reach?], cols: [Reach?]) {
        lock.lock()
        defer { lock.unlock() }
        if let reaches { return reaches }
        let g = layer.geometry
        let made = (
            Reach.along(g.rows, positions: g.paddedSize.h, windows: layer.input.height, taps: layer.kernel.height),
            Reach.along(g.cols, positions: g.paddedSize.w, windows: layer.input.width, taps: layer.kernel.width)
        )
        reaches = made
        return made
    }

    /// The bounds of the column reach of the slide's layer `layer` (`ColumnBounds`).
    func bounds(_ layer: ConvLayer) -> ColumnBounds {
        let cols = reach(layer).cols
        lock.lock()
        defer { lock.unlock() }
        if let columnBounds { return columnBounds }
        let made = ColumnBounds(cols)
        columnBounds = made
        return made
    }

    /// The running sum of `cell` of `filter` after `count` stamps: the one kept when it adds as many, else
    /// `compute`'s (given the one kept, if any), which is kept with its count instead.
    func sum(
        filter: Int, cell: Int, count: Int, compute: ((count: Int, sum: Double)?) -> (sum: Double, count: Int)
    ) -> (sum: Double, count: Int) {
        lock.lock()
        defer { lock.unlock() }
        let kept = filter == self.filter && cell < counts.count && counts[cell] > 0 ? (counts[cell], sums[cell]) : nil
        if let kept, kept.0 == count { return (kept.1, count) }
        let r = compute(kept)
        keep(filter: filter, cell: cell, count: r.count, sum: r.sum)
        return r
    }

    /// Keeps `sum` for `cell` of `filter`, the running sum of `count` stamps (0: none); under the lock.
    private func keep(filter: Int, cell: Int, count: Int, sum: Double) {
        if filter != self.filter {
            counts.removeAll(keepingCapacity: true)
            sums.removeAll(keepingCapacity: true)
            self.filter = filter
        }
        if cell >= counts.count {
            // Grown to the buffer's size at most (cells are buffer positions), a few times.
            let size = max(cell + 1, 2 * counts.count)
            counts += [Int](repeating: 0, count: size - counts.count)
            sums += [Double](repeating: 0, count: size - sums.count)
        }
        counts[cell] = count
        sums[cell] = sum
    }
}
