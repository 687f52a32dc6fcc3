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
        return ViewContent(
            panels: { level in s.assemble(base, level: level) }, compactLevels: 2,
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

    init(_ frame: Frame) {
        self.frame = frame
        l = frame.slide.layer
        g = l.geometry
        trace = ScatterTrace(l)
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
        sums = RunningSums(trace: trace, filter: st.filter, through: through)
    }

    var t: Language { frame.language }

    func assemble(_ base: RolePanels<Role>, level: Int) -> [Panel] {
        compactForm(
            base, level: level,
            keep: { role in
                switch role {
                case .input(let c), .kernel(let c): level < 2 || c == 0
                case .counts: level < 1
                case .buffer, .output: true
                }
            },
            footers: [(\.isKernel, biasFooter())])
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

    private func biasFooter() -> [GridLook] {
        let bias = l.bias[st.filter]
        guard bias != 0 else { return [] }
        return [GridLook(text: t(.biasLabel, Num.display(bias)), style: final ? .result : .normal)]
    }
}

/// Running sums of the scatter buffer, computed per visible cell from its contributors and remembered, so
/// the sum grid and the count grid share them and no full-buffer pass is made per frame.
final class RunningSums: @unchecked Sendable {
    private let trace: ScatterTrace
    private let filter: Int, through: Int
    private var cells: [Int: (sum: Double, count: Int)] = [:]

    init(trace: ScatterTrace, filter: Int, through: Int) {
        self.trace = trace
        self.filter = filter
        self.through = through
    }

    /// The running sum and contribution count of buffer cell (fy, fx); (0, 0) past the buffer.
    func at(_ fy: Int, _ fx: Int) -> (sum: Double, count: Int) {
        let g = trace.layer.geometry
        if fy >= g.paddedSize.h || fx >= g.paddedSize.w { return (0, 0) }
        let key = fy * g.paddedSize.w + fx
        if let r = cells[key] { return r }
        let r = trace.running(filter: filter, fy: fy, fx: fx, through: through)
        cells[key] = r
        return r
    }
}
