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
        let base = RolePanels<ScatterStepView.Role>(capacity: 2 * s.C + 2 + (s.final ? s.K : 0))
        // An input's title and grid are the slide's: measured once, built only when a form that shows it is placed
        // (a kernel slice, kept, is found as fast as its measures would be).
        base.add(s.C, role: { .input($0) }, measure: { _ in PanelState(0) }, make: s.inputPanel)
        base.set.keep(for: frame, lens: name)
        base.add(s.C, role: { .kernel($0) }, state: { _ in s.kernelState }, make: s.kernelPanel)
        base.add(1, role: { _ in .buffer }, make: { _ in s.bufferPanel() })
        base.add(1, role: { _ in .counts }, make: { _ in s.countPanel() })
        base.add(s.final ? s.K : 0, role: { _ in .output }, make: s.outputPanel)
        base.footer(under: \.isKernel, s.biasFooter())
        return ViewContent(
            panels: base.set, form: { level in s.form(base, level: level) }, compactLevels: 2,
            lines: s.lines(), narration: s.texts.narration, shapes: shapesText(s.l.input, s.g))
    }
}

/// One step of the scatter lens with what its panels and lines need. A class: each panel maker and grid look that
/// uses it holds one reference, not a copy of the layer, the trace and the step.
final class ScatterStepView {
    enum Role {
        case input(Int)
        case kernel(Int)
        case buffer, counts, output

        var isKernel: Bool { if case .kernel = self { true } else { false } }
    }

    let frame: Frame
    let l: ConvLayer
    let g: Geometry
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
    /// What the slide works out once for this lens: the trace, the reach of each buffer row and column, their
    /// bounds.
    let scatterSlide: ScatterSlide
    /// The texts that are the same on every step of the slide (`ScatterTexts`), made once per language, and the
    /// current filter's titles, made by the first frame that shows the filter.
    let texts: ScatterTexts
    let titles: ScatterTexts.FilterTitles

    init(_ frame: Frame) {
        self.frame = frame
        let l = frame.slide.layer
        let g = l.geometry
        self.l = l
        self.g = g
        let scatterSlide = frame.slide.scatterSums.scatterSlide(l)
        self.scatterSlide = scatterSlide
        let trace = scatterSlide.trace
        let step = frame.step
        let final = step >= trace.count
        self.final = final
        let st = trace[min(step, trace.count - 1)]
        self.st = st
        let through = final ? trace.count - 1 : step
        self.through = through
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
        sums = RunningSums(
            slide: scatterSlide, filter: st.filter, through: through, stamp: final ? nil : st,
            owner: frame.slide.scatterSums)
        (texts, titles) = frame.slide.scatterSums.texts(frame.language, filter: st.filter) {
            ScatterTexts(frame.language, slide: frame.slide)
        }
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
        let scatterSlide = scatterSlide
        let filter = st.filter
        let input = l.input
        let look: (Int, Int) -> GridLook = { r, col in
            let idx = scatterSlide.trace.index(filter: filter, iy: r, ix: col)
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
        // At level 2 only channel 0 is shown: its title says how many there are.
        return RolePanel(
            panel: Panel(title: texts.inputTitles[c], grid: grid), role: .input(c), compactSuffix: texts.inputSuffix,
            suffixLevel: 2)
    }

    /// What `kernelPanel(c)` reads of the step (kept across frames, `PanelState`): the filter, and whether the
    /// stamps are done. The input panels change on every step (every channel's current cell moves with the stamp).
    var kernelState: PanelState { PanelState(st.filter, final ? 1 : 0) }

    func kernelPanel(_ c: Int) -> RolePanel<Role> {
        let final = final
        let filter = st.filter
        let kernel = l.kernel
        let look: (Int, Int) -> GridLook = { u, v in
            GridLook(number: kernel[filter, c, u, v], style: final ? .normal : .scatter)
        }
        let title = titles.kernels[c]
        var grid = Grid(rows: l.kernel.height, cols: l.kernel.width, cellWidth: frame.slide.kernelWidth, look: look)
        // Shown whole when the screen allows it; cut, it shows its middle, as the stamp's area does.
        (grid.focus, grid.focusSpan) = ((grid.rows / 2, grid.cols / 2), (grid.rows, grid.cols))
        return RolePanel(panel: Panel(title: title, grid: grid), role: .kernel(c))
    }

    func biasFooter() -> [GridLook] {
        let bias = l.bias[st.filter]
        guard bias != 0 else { return [] }
        return [GridLook(text: t(.biasLabel, Num.display(bias)), style: final ? .result : .normal)]
    }
}

/// Running sums of the scatter buffer, per cell from its contributors. A cell's running sum changes only when a
/// stamp reaches it, so it is remembered (per slide, `ScatterSums`; `SumMemo`) with the number of stamps it adds,
/// and computed again only when that number differs: the stamps on a cell are the input rows that reach its row
/// times the input columns that reach its column, so how many of them are added by step `through` is a product of
/// counts. A frame's `RunningSums` takes the slide's memo when it starts (one lock) and gives it back when it ends,
/// so reading a cell takes no lock; a frame that finds it taken (another frame of the slide under way) starts with
/// an empty memo of its own.
final class RunningSums {
    private let slide: ScatterSlide
    private var trace: ScatterTrace { slide.trace }
    private let filter: Int
    private let through: Int
    /// The last stamp added, within the filter: input row and column.
    private let ty: Int, tx: Int
    /// Where the stamp of step `through` is (nil at the final step) and its hits' contributions, tap by tap: what
    /// a cell's sum before it grows by.
    private let stamp: Pair?
    private let contributions: [Double]
    private let dilation: Pair
    private let kernel: Pair
    /// Where the memo comes from and goes back to.
    private let owner: ScatterSums
    /// The remembered sums: this frame's alone until it ends.
    private let memo: SumMemo
    /// False when another frame had the slide's memo: this one is the frame's own, not given back.
    private let givesBack: Bool

    init(slide: ScatterSlide, filter: Int, through: Int, stamp: ScatterStep?, owner: ScatterSums) {
        let layer = slide.trace.layer
        self.slide = slide
        self.filter = filter
        self.through = through
        let w = layer.input.width
        let t = through - filter * layer.input.height * w
        (ty, tx) = (t / w, t % w)
        self.stamp = stamp?.origin
        contributions = stamp?.contributions ?? []
        dilation = layer.geometry.dilation
        kernel = Pair(layer.kernel.height, layer.kernel.width)
        self.owner = owner
        let taken = owner.take()
        (memo, givesBack) = (taken ?? SumMemo(cells: slide.cells), taken != nil)
        memo.show(filter: filter)
    }

    deinit {
        if givesBack { owner.giveBack(memo) }
    }

    /// How many stamps have added to buffer cell (fy, fx); 0 past the buffer.
    func count(_ fy: Int, _ fx: Int) -> Int {
        guard fy < slide.rows.count, fx < slide.cols.count else { return 0 }
        let (r, c) = (slide.rows[fy], slide.cols[fx])
        return r.below(ty) &* c.count &+ (r.contains(ty) ? c.below(tx &+ 1) : 0)
    }

    /// How many stamps add to buffer cell (fy, fx) over the whole operation (`ScatterTrace.overlap`); 0 past the
    /// buffer.
    func total(_ fy: Int, _ fx: Int) -> Int {
        guard fy < slide.rows.count, fx < slide.cols.count else { return 0 }
        return slide.rows[fy].count &* slide.cols[fx].count
    }

    /// The sum and contribution count of buffer cell (fy, fx) with every stamp added: `ScatterTrace.running`
    /// through the last stamp, remembered like `at`'s (the frame that adds a cell's last stamp remembers it); (0, 0)
    /// past the buffer.
    func final(_ fy: Int, _ fx: Int) -> (sum: Double, count: Int) {
        let n = total(fy, fx)
        guard n > 0 else { return (0, 0) }
        let cell = fy &* slide.cols.count &+ fx
        if memo.count(cell) == n { return (memo.sum(cell), n) }
        let r = trace.running(filter: filter, fy: fy, fx: fx, through: .max)
        memo.remember(cell, count: r.count, sum: r.sum)
        return r
    }

    /// The running sum and contribution count of buffer cell (fy, fx): `ScatterTrace.running`; (0, 0) past the
    /// buffer.
    func at(_ fy: Int, _ fx: Int) -> (sum: Double, count: Int) {
        let n = count(fy, fx)
        guard n > 0 else { return (0, 0) }
        let cell = fy &* slide.cols.count &+ fx
        let before = memo.count(cell)
        if before == n { return (memo.sum(cell), n) }
        // Stepping forward, a cell the stamp hits had one stamp fewer on the frame before (none remembered: none, a
        // sum of 0, when this stamp is its first).
        if before == n - 1, let hit = contribution(fy, fx),
            let sum = trace.running(before == 0 ? 0 : memo.sum(cell), adding: hit)
        {
            memo.remember(cell, count: n, sum: sum)
            return (sum, n)
        }
        let r = trace.running(filter: filter, fy: fy, fx: fx, through: through)
        memo.remember(cell, count: r.count, sum: r.sum)
        return r
    }

    /// True when the current stamp hits buffer cell (fy, fx): its tap (u, v) lands on the stamp's origin plus (u, v)
    /// times the dilation.
    func isHit(_ fy: Int, _ fx: Int) -> Bool { tap(fy, fx) != nil }

    /// The tap of the current stamp that hits buffer cell (fy, fx), row-major; nil when none does (no division
    /// without dilation).
    private func tap(_ fy: Int, _ fx: Int) -> Int? {
        guard let stamp else { return nil }
        let d = dilation
        let (dy, dx) = (fy &- stamp.h, fx &- stamp.w)
        guard dy >= 0, dx >= 0 else { return nil }
        if d.h == 1 && d.w == 1 { return dy < kernel.h && dx < kernel.w ? dy &* kernel.w &+ dx : nil }
        guard dy % d.h == 0, dx % d.w == 0, dy / d.h < kernel.h, dx / d.w < kernel.w else { return nil }
        return dy / d.h * kernel.w + dx / d.w
    }

    /// What the current stamp adds to buffer cell (fy, fx), if it hits it.
    private func contribution(_ fy: Int, _ fx: Int) -> Double? { tap(fy, fx).map { contributions[$0] } }
}

/// One filter's running sums remembered per buffer cell (a buffer position): the stamps a cell's sum adds (0: none
/// remembered) and the sum, in memory of its own allocated once for the whole buffer.
final class SumMemo {
    private var filter = -1
    private let cells: Int
    private let counts: UnsafeMutablePointer<Int>
    private let sums: UnsafeMutablePointer<Double>

    /// Room for `cells` buffer cells, none remembered.
    init(cells: Int) {
        self.cells = cells
        counts = .allocate(capacity: cells)
        counts.initialize(repeating: 0, count: cells)
        sums = .allocate(capacity: cells)
        sums.initialize(repeating: 0, count: cells)
    }

    deinit {
        counts.deallocate()
        sums.deallocate()
    }

    /// Forgets every sum unless they are `filter`'s.
    func show(filter: Int) {
        guard filter != self.filter else { return }
        counts.update(repeating: 0, count: cells)
        self.filter = filter
    }

    @inline(__always) func count(_ cell: Int) -> Int { counts[cell] }
    @inline(__always) func sum(_ cell: Int) -> Double { sums[cell] }

    func remember(_ cell: Int, count: Int, sum: Double) {
        counts[cell] = count
        sums[cell] = sum
    }
}

/// Per buffer column, the largest last input column reaching it or any column left of it, and the smallest first
/// input column reaching it or any column right of it: both never decrease left to right, so the run of columns
/// whose last stamp is added (or whose first is not) is found by a binary search. (The reach itself is not in
/// order when the dilation exceeds the stride.)
struct ColumnBounds {
    let lastUpTo: [Int], firstFrom: [Int]

    init(_ cols: [Reach]) {
        var lastUpTo = [Int](repeating: .min, count: cols.count)
        var firstFrom = [Int](repeating: .max, count: cols.count)
        var (m, n) = (Int.min, Int.max)
        for i in cols.indices {
            if cols[i].count > 0 { m = max(m, cols[i].last) }
            lastUpTo[i] = m
            let j = cols.count - 1 - i
            if cols[j].count > 0 { n = min(n, cols[j].first) }
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
/// last (`count` of them; none: `Reach.none`). The taps that land on a position are every s / gcd(s, d)-th, so those
/// indices are evenly spaced.
struct Reach {
    let first: Int, last: Int, step: Int
    let count: Int

    init(first: Int, last: Int, step: Int) {
        (self.first, self.last, self.step) = (first, last, step)
        count = (last - first) / step + 1
    }

    /// No index reaches the position.
    static let none = Reach(first: 0, last: -1, step: 1)

    /// How many of them are below `i` (no division for consecutive indices, the common case).
    @inline(__always) func below(_ i: Int) -> Int {
        i <= first ? 0 : min(count, step == 1 ? i - first : (i - 1 - first) / step + 1)
    }

    @inline(__always) func contains(_ i: Int) -> Bool {
        i >= first && i <= last && (step == 1 || (i - first) % step == 0)
    }

    /// Per padded position along `axis`: the indices below `windows` whose tap lands there (`none` when none does).
    static func along(_ axis: AxisWindow, positions: Int, windows: Int, taps: Int) -> [Reach] {
        (0..<positions).map { p in
            var (first, last, n) = (Int.max, Int.min, 0)
            for tap in 0..<taps {
                guard let i = axis.window(reaching: p, tap: tap), i < windows else { continue }
                (first, last, n) = (min(first, i), max(last, i), n + 1)
            }
            return n == 0 ? .none : Reach(first: first, last: last, step: n > 1 ? (last - first) / (n - 1) : 1)
        }
    }
}

/// The scatter lens's texts that no step changes, in one language, made once per slide (`ScatterSums`) so that a step
/// fills no word template for them: the narration, the input panels' titles, the lines under the buffer, and a
/// filter's titles from the first frame that shows it (`FilterTitles`). (`Formulas` and `shapesText` remember the
/// formulas and the shapes.) A class: a frame reads them through one reference.
final class ScatterTexts {
    /// One filter's titles: per input channel its kernel slice's, and the buffer's.
    final class FilterTitles: Sendable {
        let kernels: [String]
        let buffer: String

        init(kernels: [String], buffer: String) { (self.kernels, self.buffer) = (kernels, buffer) }
    }

    let narration: String
    /// Per input channel its panel's title, and the "of C" a compact form adds to it.
    let inputTitles: [String]
    let inputSuffix: String?
    /// The lines under the buffer.
    let bufferFooter: [GridLook]
    /// What a filter's titles are made of: the language, the input channels, the kernel's and the buffer's
    /// titles without the filter.
    private let language: Language
    private let channels: Int
    private let kernelTitle: String, bufferTitle: String
    /// Per filter, its titles once a frame has shown it; read and written under `ScatterSums`' lock.
    @exclusivity(unchecked) private var filters: [FilterTitles?]

    init(_ t: Language, slide: Slide) {
        let l = slide.layer
        let (g, C) = (l.geometry, l.input.channels)
        (language, channels) = (t, C)
        kernelTitle = t(.kernelTitle, "\(l.kernel.height)×\(l.kernel.width)")
        bufferTitle = t(.scatterTitle, "\(g.paddedSize.h)×\(g.paddedSize.w)")
        narration = Self.narration(t, g, notes: slide.scenario.notes?.text(t))
        inputTitles =
            C > 1 ? (0..<C).map { t(.inChannelTitle, $0) } : [t(.inputTitle, "\(l.input.height)×\(l.input.width)")]
        inputSuffix = C > 1 ? t(.ofTotal, C) : nil
        var footer: [GridLook] = []
        if !g.padding.isZero {
            footer.append(GridLook(text: t(.croppedRim, sides(g.padding)), style: .cropped))
        }
        if g.outputPadding != Pair(both: 0) {
            footer.append(GridLook(text: t(.outputPaddingKept, g.outputPadding.text), style: .extra))
        }
        bufferFooter = footer
        filters = Array(repeating: nil, count: l.kernel.filters)
    }

    /// One short line of legend; the scenario's notes carry the lesson.
    private static func narration(_ t: Language, _ g: Geometry, notes: String?) -> String {
        var text = t(.overlapLegend)
        if !g.padding.isZero { text += t(.rimLegend) }
        text += t(.tabUpsample)
        if let notes { text += "\n" + notes }
        return text
    }

    /// The titles of filter `k`, made the first time (`ScatterSums.texts`, under its lock).
    fileprivate func titles(_ k: Int) -> FilterTitles {
        if let made = filters[k] { return made }
        let filter = filters.count > 1 ? language(.filterShort, k) : ""
        let kernels = channels > 1 ? (0..<channels).map { "w[\(k)][\($0)]" } : [kernelTitle + filter]
        let made = FilterTitles(kernels: kernels, buffer: bufferTitle + filter)
        filters[k] = made
        return made
    }
}

/// What a slide works out once for the scatter lens: the trace with the kernel's integer units, which input rows
/// and columns reach each buffer row and column, the bounds of the column reach (`ColumnBounds`). A class: a frame's
/// views and looks hold a reference, not a copy of the layer.
final class ScatterSlide: Sendable {
    let trace: ScatterTrace
    let rows: [Reach], cols: [Reach]
    let bounds: ColumnBounds

    /// The buffer's cells, `rows.count` × `cols.count`.
    var cells: Int { rows.count * cols.count }

    init(_ layer: ConvLayer) {
        let g = layer.geometry
        trace = ScatterTrace(keepingUnitsOf: layer)
        rows = Reach.along(g.rows, positions: g.paddedSize.h, windows: layer.input.height, taps: layer.kernel.height)
        cols = Reach.along(g.cols, positions: g.paddedSize.w, windows: layer.input.width, taps: layer.kernel.width)
        bounds = ColumnBounds(cols)
    }
}

/// A slide's remembered scatter-buffer running sums of one filter, each with the number of stamps it adds
/// (`RunningSums`, `SumMemo`: flat, a step looks up some fifty cells, no hashing), and what the lens works out once
/// per slide (`ScatterSlide`, `ScatterTexts`). A frame takes the memo and gives it back. Its state is read and
/// written only under its lock, so it skips Swift's run-time exclusivity checks.
final class ScatterSums: @unchecked Sendable {
    private let lock = Lock()
    /// Made with the slide's `ScatterSlide`, at the size of its buffer; nil while a frame has them.
    @exclusivity(unchecked) private var memo: SumMemo?
    @exclusivity(unchecked) private var slide: ScatterSlide?
    /// Per language, the lens's texts that do not change from step to step.
    @exclusivity(unchecked) private var texts: [(Language, ScatterTexts)] = []

    /// What the slide's layer `layer` works out once.
    func scatterSlide(_ layer: ConvLayer) -> ScatterSlide {
        lock.lock()
        defer { lock.unlock() }
        if let slide { return slide }
        let made = ScatterSlide(layer)
        (slide, memo) = (made, SumMemo(cells: made.cells))
        return made
    }

    /// The texts in `language`, made by `make` the first time, and filter `filter`'s titles in it, made the first
    /// time a frame shows the filter.
    func texts(
        _ language: Language, filter: Int, _ make: () -> ScatterTexts
    ) -> (all: ScatterTexts, filter: ScatterTexts.FilterTitles) {
        lock.lock()
        defer { lock.unlock() }
        if let t = texts.first(where: { $0.0 == language }) { return (t.1, t.1.titles(filter)) }
        let t = make()
        texts.append((language, t))
        return (t, t.titles(filter))
    }

    /// The memo, for a frame; nil when another frame has it (or before `scatterSlide` made it).
    func take() -> SumMemo? {
        lock.lock()
        defer { lock.unlock() }
        let taken = memo
        memo = nil
        return taken
    }

    /// The memo a frame took, with what it added.
    func giveBack(_ taken: SumMemo) {
        lock.lock()
        defer { lock.unlock() }
        memo = taken
    }
}
