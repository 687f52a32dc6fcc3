import ConvModel
import ScenarioFormat

/// The receptive field of one output pixel, grown layer by layer, for the scenario's stack and (beside it)
/// the comparison stack: ● marks where the newest layer's taps land, ■ the rest of the field.
func fieldContent(_ slide: Slide, step: Int, language: String) -> ViewContent {
    let zh = language == "zh"
    let stacks = [slide.scenario.receptiveField, slide.scenario.compareField].compactMap { $0 }
    let n = stacks.map { $0.sizes.last ?? 1 }.max() ?? 1
    var panels: [Panel] = []
    var lines: [GridLook] = []
    for (si, field) in stacks.enumerated() {
        let depth = min(step + 1, field.layers.count)
        let paths = field.paths(depth: depth)
        let size = paths.count, offset = (n - size) / 2
        // Where the newest layer's taps land, relative to the field's first cell: tap t reads the centre of a
        // sub-field of the earlier layers (RF_{n−1} wide) that starts t⋅d⋅jump cells in.
        var jump = 1
        for l in field.layers.prefix(depth - 1) { jump *= l.stride }
        let last = field.layers[depth - 1]
        let previousField = depth > 1 ? field.sizes[depth - 2] : 1
        let tapOffsets = Set((0..<last.kernel).map { $0 * last.dilation * jump + (previousField - 1) / 2 })
        let style: Style = si == 0 ? .receptive : .compare
        let look: (Int, Int) -> GridLook = { r, c in
            let rr = r - offset, cc = c - offset
            guard rr >= 0, rr < size, cc >= 0, cc < size, paths[rr] > 0, paths[cc] > 0 else { return GridLook(text: "·", style: .dim) }
            if tapOffsets.contains(rr) && tapOffsets.contains(cc) { return GridLook(text: "●", style: .tap) }
            return GridLook(text: "■", style: style)
        }
        let label = stackName(field, zh: zh)
        let rf = field.sizes[depth - 1]
        let title = zh ? "\(label)：第 \(depth) 层后 \(rf)×\(rf)" : "\(label): after layer \(depth), \(rf)×\(rf)"
        var grid = Grid(rows: n, cols: n, cellWidth: 1, look: look)
        grid.focus = (n / 2, n / 2)
        panels.append(Panel(title: title, titleStyle: style == .receptive ? .emphasis : .label, grid: grid))
        let formulas = (0..<depth).map { field.formula(layer: $0).replacingOccurrences(of: "RF = ", with: "") }
        lines.append(GridLook(text: "\(label): RF = " + (formulas.last ?? ""), style: si == 0 ? .result : .formula))
    }
    // The legend, and the seed's point when there is a comparison: linear against exponential growth.
    var legend = zh ? "● 最新一层的采样点  ■ 感受野" : "● last layer's taps  ■ field"
    if stacks.count > 1 { legend += zh ? "   普通：(k−1)⋅层数+1，线性；空洞：翻倍" : "   plain grows linearly, dilated doubles" }
    lines.append(GridLook(text: legend, style: .normal))
    var narration = ""
    if let notes = slide.scenario.notes?.text(Language(rawValue: language) ?? .en) { narration = notes }
    return ViewContent(panels: panels, lines: lines, narration: narration, shapes: "RF \(stacks.map { String($0.sizes[min(step, $0.sizes.count - 1)]) }.joined(separator: " vs "))")
}

private func stackName(_ f: ReceptiveField, zh: Bool) -> String {
    let ds = f.layers.map(\.dilation)
    if ds.allSatisfy({ $0 == 1 }) { return zh ? "普通 \(f.layers[0].kernel)×\(f.layers[0].kernel)" : "plain \(f.layers[0].kernel)×\(f.layers[0].kernel)" }
    return (zh ? "空洞 " : "dilated ") + ds.map(String.init).joined(separator: ",")
}
