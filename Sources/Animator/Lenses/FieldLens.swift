import ConvModel
import ScenarioFormat

extension LensName {
    /// The receptive field of a stack of layers, layer by layer.
    public static let field: LensName = "field"
}

/// The receptive field of one output pixel, grown layer by layer, for the scenario's stack and (beside it)
/// the comparison stack: ● marks where the newest layer's taps land, ■ the rest of the field.
struct FieldLens: Lens {
    var name: LensName { .field }
    var summary: String { "the receptive field of a stack of layers, layer by layer" }

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

    func tabWord(tapMode: Bool) -> Word { .barConvLens }

    func content(_ frame: Frame) -> ViewContent {
        let t = frame.language
        let step = frame.step
        let stacks = [frame.slide.scenario.receptiveField, frame.slide.scenario.compareField].compactMap { $0 }
        let n = stacks.map { $0.sizes.last ?? 1 }.max() ?? 1
        var panels: [Panel] = []
        var lines: [GridLook] = []
        for (si, field) in stacks.enumerated() {
            let depth = min(step + 1, field.layers.count)
            let label = stackName(field, language: t)
            panels.append(panel(field, depth: depth, side: n, primary: si == 0, label: label, language: t))
            let formulas = (0..<depth).map { field.formula(layer: $0).replacing("RF = ", with: "") }
            let law = growthLaw(field, language: t).map { t(.listComma) + $0 } ?? ""
            lines.append(
                GridLook(text: "\(label): RF = " + (formulas.last ?? "") + law, style: si == 0 ? .result : .formula))
        }
        // The law in both languages; the jump J only when some stack has a stride.
        let strided = stacks.contains { $0.layers.contains { $0.stride > 1 } }
        lines.append(GridLook(text: t(.fieldLegend) + t(strided ? .fieldLawJump : .fieldLaw), style: .normal))
        let narration = frame.slide.scenario.notes?.text(t) ?? ""
        let sizes = stacks.map { String($0.sizes[min(step, $0.sizes.count - 1)]) }.joined(separator: t(.versus))
        return ViewContent(
            panels: { _ in panels }, compactLevels: 0, lines: lines, narration: narration,
            shapes: "RF \(sizes)")
    }

    /// The field of `field` after `depth` layers, centred in an n × n grid.
    private func panel(
        _ field: ReceptiveField, depth: Int, side n: Int, primary: Bool, label: String,
        language t: Language
    ) -> Panel {
        let paths = field.paths(depth: depth)
        let size = paths.count
        let offset = (n - size) / 2
        // Where the newest layer's taps land, relative to the field's first cell: tap t reads the centre of a
        // sub-field of the earlier layers (RF_{n−1} wide) that starts t⋅d⋅jump cells in.
        let jump = field.jump(before: depth - 1)
        let last = field.layers[depth - 1]
        let previousField = depth > 1 ? field.sizes[depth - 2] : 1
        let tapOffsets = Set((0..<last.kernel).map { $0 * last.dilation * jump + (previousField - 1) / 2 })
        let style: Style = primary ? .receptive : .compare
        let look: (Int, Int) -> GridLook = { r, c in
            let rr = r - offset
            let cc = c - offset
            guard rr >= 0, rr < size, cc >= 0, cc < size else { return GridLook(text: "·", style: .dim) }
            // The newest layer's taps are marked even where the earlier layers leave a hole.
            if tapOffsets.contains(rr) && tapOffsets.contains(cc) { return GridLook(text: "●", style: .tap) }
            guard paths[rr] > 0, paths[cc] > 0 else { return GridLook(text: "·", style: .dim) }
            return GridLook(text: "■", style: style)
        }
        let rf = field.sizes[depth - 1]
        var grid = Grid(rows: n, cols: n, cellWidth: 1, look: look)
        grid.focus = (n / 2, n / 2)
        return Panel(
            title: t(.fieldAfter, label, depth, "\(rf)×\(rf)"), titleStyle: primary ? .emphasis : .label,
            grid: grid)
    }

    /// "plain 3×3" (or "plain 3,5" when the kernels differ), "dilated 1,2,4".
    private func stackName(_ f: ReceptiveField, language t: Language) -> String {
        let ds = f.layers.map(\.dilation)
        let ks = f.layers.map(\.kernel)
        guard ds.allSatisfy({ $0 == 1 }) else { return t(.dilatedStack, ds.map(String.init).joined(separator: ",")) }
        let same = ks.allSatisfy { $0 == ks[0] }
        return t(.plainStack, same ? "\(ks[0])×\(ks[0])" : ks.map(String.init).joined(separator: ","))
    }

    /// How the stack grows, when it is one of the two laws of the notes (the seed's point): linearly (stride 1,
    /// no dilation, one kernel size) or doubling (stride 1, dilations 1, 2, 4, … with kernel 3).
    private func growthLaw(_ f: ReceptiveField, language t: Language) -> String? {
        guard f.layers.count > 1, f.layers.allSatisfy({ $0.stride == 1 }) else { return nil }
        if f.layers.allSatisfy({ $0.dilation == 1 && $0.kernel == f.layers[0].kernel }) {
            return t(.growsLinearly)
        }
        let doubling = f.layers.enumerated().allSatisfy { i, l in l.kernel == 3 && l.dilation == 1 << i }
        return doubling ? t(.growsDoubling) : nil
    }
}
