import ConvModel
import ScenarioFormat

extension LensName {
    /// The receptive field of a stack of layers, layer by layer.
    public static let field: LensName = "field"
}

/// The receptive field of one output pixel, grown layer by layer, for the scenario's stack and the comparison
/// stack: a square per stack (● where the newest layer's taps land, ■ the rest of the field), and the per-layer
/// breakdown (which cells of the layer below one cell of each layer reads, with RF = RF_prev + (F − 1)⋅d⋅J
/// written out). Each stack keeps one style everywhere: `.receptive` for the scenario's, `.compare` for the other.
/// Tab swaps which stack is in front: drawn first, and the one whose square stays on a smaller screen.
struct FieldLens: Lens {
    var name: LensName { .field }
    var summary: String { "receptive field, layer by layer; Tab swaps the stacks" }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: slide.scenario.receptiveField != nil
        case .transposed: false
        }
    }

    func opens(_ topic: Topic) -> Bool { topic == .receptiveField }

    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline {
        let a = slide.scenario.receptiveField?.layers.count ?? 1
        let b = slide.scenario.compareField?.layers.count ?? 0
        return Timeline(kind: .layers(max(a, b)))
    }

    /// Tab toggles the state's `tapMode`, read here as "the comparison stack in front"; the step stays.
    var tab: TabMeaning { .toggleTaps }

    func tabWord(tapMode: Bool) -> Word { .barSwapStacks }

    func content(_ frame: Frame) -> ViewContent {
        let t = frame.language
        var stacks = [frame.slide.scenario.receptiveField, frame.slide.scenario.compareField].enumerated()
            .compactMap { i, f in f.map { FieldStack(field: $0, style: i == 0 ? .receptive : .compare, language: t) } }
        if frame.tapMode && stacks.count > 1 { stacks.swapAt(0, 1) }
        let side = stacks.map { $0.sizes.last ?? 1 }.max() ?? 1
        let squares = stacks.map { $0.square(step: frame.step, side: side, memo: frame.slide.cells) }
        let breakdown = breakdownPanel(stacks, step: frame.step)
        let law = lawLines(stacks.map(\.field), language: t)
        // Level 0: every square and the breakdown; 1: the stack in front's square and the breakdown; 2 (drops the
        // breakdown): that square alone. The law and the legend go under the last panel shown.
        let levels = stacks.count > 1 ? 2 : 1
        let base = RolePanels<FieldRole>()
        base.add(squares.indices.map { RolePanel(panel: squares[$0], role: .square($0)) })
        base.add([RolePanel(panel: breakdown, role: .breakdown)])
        base.footer(under: { _ in true }, law)
        let form: (Int) -> [FormPanel] = { level in
            base.form(level: level) { role in
                switch role {
                case .square(let i): level == 0 || i == 0
                case .breakdown: level < levels
                }
            }
        }
        let sizes = stacks.sorted { $0.style == .receptive && $1.style != .receptive }
            .map { String($0.size(step: frame.step)) }.joined(separator: t(.versus))
        return ViewContent(
            panels: base.set, form: form, compactLevels: levels, lines: [],
            narration: frame.slide.scenario.notes?.text(t) ?? "",
            shapes: t(.fieldShapes, sizes))
    }

    private enum FieldRole {
        case square(Int)
        case breakdown
    }

    /// One panel for every stack's breakdown, the stack in front first, a blank line between them.
    private func breakdownPanel(_ stacks: [FieldStack], step: Int) -> Panel {
        let t = stacks[0].language
        let columns = (label: stacks.map(\.labelWidth).max() ?? 0, strip: stacks.map(\.stripWidth).max() ?? 0)
        var lines: [GridLook] = []
        for (i, s) in stacks.enumerated() {
            if i > 0 { lines.append(GridLook(text: "", style: .normal)) }
            lines += s.breakdown(step: step, columns: columns)
        }
        return Panel(title: t(.fieldBreakdownTitle), titleStyle: .label, grid: nil, footer: lines)
    }

    /// The general law (with the jump J when a stack has a stride) and the legend of the marks.
    private func lawLines(_ fields: [ReceptiveField], language t: Language) -> [GridLook] {
        let strided = fields.contains { $0.layers.contains { $0.stride > 1 } }
        var lines = [GridLook(text: t(strided ? .fieldLawJump : .fieldLaw), style: .formula, isSum: false)]
        if strided { lines.append(GridLook(text: t(.fieldJump), style: .normal)) }
        lines.append(GridLook(text: t(.fieldLegend), style: .normal))
        return lines
    }
}
