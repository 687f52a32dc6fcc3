import ConvModel
import ScenarioFormat

/// What a window lens steps over: a direct convolution, its output, and for the upsample lens the
/// equivalent convolution whose input cells are classified (border, inserted zero, input value).
struct WindowSource {
    let layer: ConvLayer
    /// The whole output, computed only when a finished cell is shown (the first frame needs none of it).
    let output: LazyTensor
    let equivalent: EquivalentConv?
    /// The whole output costs little (at most `wholeOutput` multiply–adds): finished cells are read from it.
    private let readsWholeOutput: Bool

    init(layer: ConvLayer, output: LazyTensor, equivalent: EquivalentConv?) {
        (self.layer, self.output, self.equivalent) = (layer, output, equivalent)
        readsWholeOutput = layer.multiplyAdds <= Self.wholeOutput
    }

    /// Output cell (oy, ox) of filter k of `layer`, for a finished cell: read from the whole output when that costs
    /// little, else computed alone by the step's `trace` (`ConvTrace.output`: the same bits, from the layer's units
    /// when exact). The first finished cell of a 16×64×64 layer with 16 filters of 7×7 computed all its 53,824
    /// outputs in one step (27 ms; 1×256×256, 60 ms); a step now computes the cells it shows finished for the first
    /// time.
    func finished(_ k: Int, trace: ConvTrace) -> (_ oy: Int, _ ox: Int) -> Double {
        if readsWholeOutput {
            let output = output
            return { oy, ox in output.value[k, oy, ox] }
        }
        let out = layer.geometry.outputSize
        return { oy, ox in trace.output((k * out.h + oy) * out.w + ox) }
    }

    static let wholeOutput = 1_000_000
}

/// A tensor computed on first use.
final class LazyTensor {
    private let make: () -> Tensor3
    private(set) lazy var value: Tensor3 = make()

    init(_ make: @escaping () -> Tensor3) { self.make = make }
}

/// A lens that slides a window over a direct convolution's (padded) input: the conv, weight-sharing and
/// upsample lenses. They share the timeline, the panels and the arithmetic; each adds its own lines and
/// sentences through the hooks below.
protocol WindowLens: Lens {
    /// The convolution whose windows the lens steps through.
    func source(_ slide: Slide) -> WindowSource
    /// Lines after the arithmetic of the step (formulas, parameter counts).
    func extraLines(_ w: WindowStep) -> [GridLook]
    /// Panels after the kernels (the weight-sharing map).
    func extraPanels(_ w: WindowStep) -> [WindowPanel]
    /// Panels before the kernels (the upsample view's kernel as stored, before its flip).
    func kernelsBefore(_ w: WindowStep) -> [WindowPanel]
    /// Sentences after the window's position (weight sharing, the final check). This, `closing` and `done` may
    /// read the slide, the window and the language, nothing else of the step: the narration is kept by those
    /// (`WindowStep.narration`), so a 16-channel layer asks once per window, not once per channel.
    func extraSentences(_ w: WindowStep) -> [String]
    /// The closing paragraph of the narration: the scenario's notes, or the lens's explanation.
    func closing(_ w: WindowStep) -> String?
    /// The sentence said when the last value is written.
    func done(_ w: WindowStep) -> String
}

extension WindowLens {
    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline {
        let l = source(slide).layer
        let key = PhasesKey(
            channels: l.input.channels, taps: l.kernel.height * l.kernel.width, tapMode: tapMode && tab == .toggleTaps)
        let phases = windowPhases.value(key) {
            Timeline.phases(channels: key.channels, taps: key.taps, tapMode: key.tapMode)
        }
        return Timeline(kind: .windows(windows: ConvTrace(l).count, phases: phases))
    }

    func step(forOutput filter: Int, row: Int, col: Int, slide: Slide, timeline: Timeline) -> Int? {
        let l = source(slide).layer
        let out = l.geometry.outputSize
        guard filter < l.kernel.filters, row < out.h, col < out.w else { return nil }
        return timeline.step(window: ConvTrace(l).index(filter: filter, oy: row, ox: col), end: true)
    }

    func outputCell(at step: Int, slide: Slide, timeline: Timeline) -> OutputCell? {
        guard let w = timeline.window(at: step)?.window else { return nil }
        let l = source(slide).layer
        let out = l.geometry.outputSize
        guard w < ConvTrace(l).count else { return nil }
        return OutputCell(filter: w / (out.h * out.w), row: w % (out.h * out.w) / out.w, col: w % out.w)
    }

    func tabWord(tapMode: Bool) -> Word {
        switch tab {
        case .toggleTaps: tapMode ? .barWindows : .barTaps
        case .nextLens: .barNextView
        }
    }

    func extraSentences(_ w: WindowStep) -> [String] { [] }

    func extraPanels(_ w: WindowStep) -> [WindowPanel] { [] }

    func kernelsBefore(_ w: WindowStep) -> [WindowPanel] { [] }

    func done(_ w: WindowStep) -> String { w.t(.doneSentence) }

    func closing(_ w: WindowStep) -> String? {
        w.frame.slide.scenario.notes.map { $0.text(w.frame.language) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    func content(_ frame: Frame) -> ViewContent {
        let w = WindowStep(frame, source: source(frame.slide))
        let base = RolePanels<WindowRole>(capacity: 2 * w.C + w.K + (w.C > 1 ? w.C + 1 : 0) + 2)
        base.set.keep(for: frame, lens: name)
        base.add(w.C, role: { .input($0) }, state: w.inputState, titleStyle: w.inputTitleStyle, make: w.inputPanel)
        base.add(kernelsBefore(w))
        base.add(w.C, role: { .kernel($0) }, state: w.kernelState, make: w.kernelPanel)
        base.add(extraPanels(w))
        w.addPartialPanels(to: base)
        base.add(w.K, role: { .output($0) }, state: w.outputState, make: w.outputPanel)
        // The dilation and bias footers go under the last kernel slice shown, D2 = K under the last output.
        base.footer(under: \.isKernel, w.kernelFooter())
        if w.K > 1 {
            let d2 = Labels.text(LabelKind.depth, w.t, w.K) { "D2 = K = \(w.K)" }
            base.footer(under: \.isOutput, [GridLook(text: d2, style: .formula)])
        }
        let hasCompact = w.C > 1 || w.K > 1
        let arithmetic = w.arithmetic()
        var content = ViewContent(
            panels: base.set, form: { level in w.form(base, level: level) },
            compactLevels: hasCompact ? 2 : 0,
            lines: arithmetic.lines + extraLines(w),
            narration: w.narration(
                lens: name, extra: { extraSentences(w) }, closing: { closing(w) }, done: { done(w) }),
            shapes: w.shapes)
        content.sumParts = arithmetic.parts
        return content
    }
}

/// One step of a window lens with everything its panels, lines and narration need. A class: the panels' makers
/// and the forms keep it, one reference each, not a copy of its arrays.
final class WindowStep {
    let frame: Frame
    let source: WindowSource
    let l: ConvLayer
    let g: Geometry
    let trace: ConvTrace
    let window: Int
    let phase: Phase
    let st: ConvStep
    /// Where the previous window of the same filter is (ghosted).
    let previousOrigin: Pair?
    let C: Int, K: Int, taps: Int
    /// The upsample lens: the input is the equivalent convolution's (`source.equivalent`), checked once, not by
    /// comparing the optional each time.
    let upsampled: Bool
    /// Per row and per column of the padded input: true when no tap reads it; nil when every one is read.
    let untapped: (rows: [Bool], cols: [Bool])?

    /// `products`: the step's products of the channel shown are worked out (the conv views' sums and taps); the
    /// im2col view writes its own sum and draws no tap, and reads the step's place and value alone.
    init(_ frame: Frame, source: WindowSource, products: Bool = true) {
        self.frame = frame
        self.source = source
        l = source.layer
        g = l.geometry
        trace = ConvTrace(l, keeping: frame.slide.partialSums(equivalent: source.equivalent != nil))
        (window, phase) = frame.timeline.window(at: frame.step) ?? (0, .whole)
        // The products shown are one channel's (the narration counts the padding taps from the geometry).
        switch phase {
        case .channel(let c), .tap(let c, _): st = trace.step(window, taps: [c])
        case .whole, .bias: st = trace.step(window, taps: products ? [0] : [])
        case .merge: st = trace.step(window, taps: [])
        }
        // Only the previous window's place is drawn: its numbers are not computed.
        let out = g.outputSize
        if window > 0 && (window - 1) / (out.h * out.w) == st.filter {
            let r = (window - 1) % (out.h * out.w)
            previousOrigin = Pair(g.rows.padded(window: r / out.w, tap: 0), g.cols.padded(window: r % out.w, tap: 0))
        } else {
            previousOrigin = nil
        }
        C = l.input.channels
        if case .none = source.equivalent { upsampled = false } else { upsampled = true }
        K = l.kernel.filters
        taps = l.kernel.height * l.kernel.width
        if g.untappedRows.isEmpty && g.untappedCols.isEmpty {
            untapped = nil
        } else {
            var rows = [Bool](repeating: false, count: g.paddedSize.h)
            var cols = [Bool](repeating: false, count: g.paddedSize.w)
            for r in g.untappedRows { rows[r] = true }
            for c in g.untappedCols { cols[c] = true }
            untapped = (rows, cols)
        }
    }

    var t: Language { frame.language }
    var slide: Slide { frame.slide }
    /// The value is written at this step.
    var complete: Bool { phase == .whole || phase == .bias }

    /// How far the arithmetic of this window has gone: channel c's taps before `tapLimit(c)` are done.
    func tapLimit(_ c: Int) -> Int {
        switch phase {
        case .whole, .merge, .bias: return taps
        case .channel(let cc): return c <= cc ? taps : 0
        case .tap(let cc, let i): return c < cc ? taps : (c == cc ? i + 1 : 0)
        }
    }

    /// The tap being multiplied, in tap mode.
    var currentTap: (c: Int, i: Int)? {
        if case .tap(let c, let i) = phase { return (c, i) }
        return nil
    }

    /// The index of channel c's current tap, -1 when the current tap is on another channel or there is none.
    func currentTapIndex(_ c: Int) -> Int { currentTap.flatMap { $0.c == c ? $0.i : nil } ?? -1 }

    /// The channel the step is about (the last one once all are done).
    var focusChannel: Int {
        switch phase {
        case .channel(let c), .tap(let c, _): return c
        default: return C - 1
        }
    }

    var shapes: String {
        let input = upsampled ? slide.layer.input : l.input
        return shapesText(input, g)
    }

    /// The panels of compact `level`: 1 keeps only the current filter's output, 2 also only the current
    /// channel's input and kernel slice.
    func form(_ base: RolePanels<WindowRole>, level: Int) -> [FormPanel] {
        let (focus, filter) = (focusChannel, st.filter)
        var panels = base.form(level: level) { role in
            switch role {
            case .input(let c), .kernel(let c), .partial(let c): level < 2 || c == focus
            case .merged, .sharing: true
            case .output(let k): level < 1 || k == filter
            }
        }
        // The partial maps start a band of their own, under the channels, until the most compact form, where
        // they follow the one channel shown on its band.
        if level >= 2 {
            for i in panels.indices { panels[i].startsBand = false }
        }
        return panels
    }
}

/// The phases of a window by what decides them (`Timeline.phases`): a step asks for the timeline twice, and a
/// layer of 16 channels has 18 phases (784 in tap mode).
private struct PhasesKey: Equatable {
    let channels: Int, taps: Int
    let tapMode: Bool
}

private let windowPhases = Memo<PhasesKey, [Phase]>()

/// "5×5 → 3×3" for the title bar: the input's height and width, then the output's; remembered by those numbers.
func shapesText(_ input: Tensor3, _ g: Geometry) -> String {
    let key = ShapesKey(h: input.height, w: input.width, outH: g.outputSize.h, outW: g.outputSize.w)
    return shapesTexts.value(key) { "\(key.h)×\(key.w) → \(key.outH)×\(key.outW)" }
}

private struct ShapesKey: Equatable {
    let h: Int, w: Int, outH: Int, outW: Int
}

private let shapesTexts = Memo<ShapesKey, String>()

/// What a panel of a window lens shows, for the compact forms.
enum WindowRole {
    case input(Int)
    case kernel(Int)
    /// A channel's partial sums at every window of the current filter (several channels only).
    case partial(Int)
    /// Their sum, before the bias.
    case merged
    /// The current output cell's weights over the whole input, as a dense layer would hold them.
    case sharing
    case output(Int)

    var isKernel: Bool { if case .kernel = self { true } else { false } }
    var isOutput: Bool { if case .output = self { true } else { false } }
}

typealias WindowPanel = RolePanel<WindowRole>
