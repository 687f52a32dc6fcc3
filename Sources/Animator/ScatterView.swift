import ConvModel
import ScenarioFormat

/// Transposed convolution as scatter: the current input cell times the whole kernel is added into the
/// (uncropped) output buffer; each buffer cell shows its running sum and the contributions it received. The
/// last step crops the padding rim, keeps the output_padding rows and adds the bias.
/// `compact` 1 drops the contributions grid, 2 also shows only the first input channel and its kernel slice.
func scatterContent(_ slide: Slide, step: Int, language: String, compact: Int = 0) -> ViewContent {
    let zh = language == "zh"
    let l = slide.layer, g = l.geometry
    let trace = ScatterTrace(l)
    let final = step >= trace.count
    let st = trace[min(step, trace.count - 1)]
    let through = final ? trace.count - 1 : step
    let previous: ScatterStep? = !final && step > 0 && trace[step - 1].filter == st.filter ? trace[step - 1] : nil
    let C = l.input.channels, K = l.kernel.filters
    let e = g.effectiveKernel
    var panels: [Panel] = []

    // Input channels: the current cell, the cells already scattered.
    let iw = slide.inputWidth
    let shownChannels = compact >= 2 ? [0] : Array(0..<C)
    for c in shownChannels {
        let look: (Int, Int) -> GridLook = { r, col in
            let idx = trace.index(filter: st.filter, iy: r, ix: col)
            let style: Style = final ? .visited : (idx == step ? .current : (idx < step ? .visited : .normal))
            return GridLook(text: Num.display(l.input[c, r, col]), style: style)
        }
        var grid = Grid(rows: l.input.height, cols: l.input.width, cellWidth: iw, look: look)
        grid.focus = (st.iy, st.ix)
        if !final { grid.brackets.append(Bracket(r0: st.iy, c0: st.ix, r1: st.iy, c1: st.ix, style: .current)) }
        var title = C > 1 ? (zh ? "输入通道 \(c)" : "in ch \(c)") : (zh ? "输入 \(l.input.height)×\(l.input.width)" : "input \(l.input.height)×\(l.input.width)")
        if compact >= 2 && C > 1 { title += zh ? "（共 \(C) 个）" : " of \(C)" }
        panels.append(Panel(title: title, grid: grid))
    }
    let kw = slide.kernelWidth
    for c in shownChannels {
        let look: (Int, Int) -> GridLook = { u, v in GridLook(text: Num.display(l.kernel[st.filter, c, u, v]), style: final ? .normal : .scatter) }
        var title = C > 1 ? "w[\(st.filter)][\(c)]" : (zh ? "卷积核 \(l.kernel.height)×\(l.kernel.width)" : "kernel \(l.kernel.height)×\(l.kernel.width)")
        if C == 1 && K > 1 { title += " f\(st.filter)" }
        var panel = Panel(title: title, grid: Grid(rows: l.kernel.height, cols: l.kernel.width, cellWidth: kw, look: look))
        if c == shownChannels.last && l.bias[st.filter] != 0 { panel.footer.append(GridLook(text: (zh ? "偏置 " : "bias ") + Num.display(l.bias[st.filter]), style: final ? .result : .normal)) }
        panels.append(panel)
    }

    // The scatter buffer with running sums; rows past it (output_padding beyond the crop) hold only the bias.
    let rows = max(g.paddedSize.h, g.padding.top + g.outputSize.h), cols = max(g.paddedSize.w, g.padding.left + g.outputSize.w)
    var hitAt = Set<Int>()
    if !final { for h in st.hits { hitAt.insert(h.fy * cols + h.fx) } }
    // Running sums are computed per visible cell from its contributors: no full-buffer pass per frame.
    // Shared by the sum grid and the count grid, so each visible cell is computed once.
    final class Memo { var cells: [Int: (sum: Double, count: Int)] = [:] }
    let memo = Memo()
    func running(_ fy: Int, _ fx: Int) -> (sum: Double, count: Int) {
        if fy >= g.paddedSize.h || fx >= g.paddedSize.w { return (0, 0) }
        if let r = memo.cells[fy * cols + fx] { return r }
        let r = trace.running(filter: st.filter, fy: fy, fx: fx, through: through)
        memo.cells[fy * cols + fx] = r
        return r
    }
    let bw = slide.scatterWidth
    let bufferLook: (Int, Int) -> GridLook = { fy, fx in
        let i = fy * cols + fx
        let kept = g.bufferRowIsKept(fy) && g.bufferColIsKept(fx)
        if fy >= g.paddedSize.h || fx >= g.paddedSize.w { return GridLook(text: "0", style: .extra) }
        let r = running(fy, fx)
        let text = r.count > 0 ? Num.display(r.sum) : "."
        if hitAt.contains(i) { return GridLook(text: text, style: kept ? .scatter : .cropped) }
        if !kept { return GridLook(text: text, style: .cropped) }
        return GridLook(text: text, style: r.count > 0 ? .visited : .pending)
    }
    var buffer = Grid(rows: rows, cols: cols, cellWidth: bw, look: bufferLook)
    buffer.focus = (st.origin.h + e.h / 2, st.origin.w + e.w / 2)
    if let p = previous { buffer.brackets.append(Bracket(r0: p.origin.h, c0: p.origin.w, r1: p.origin.h + e.h - 1, c1: p.origin.w + e.w - 1, style: .ghost, ghost: true)) }
    if !final { buffer.brackets.append(Bracket(r0: st.origin.h, c0: st.origin.w, r1: st.origin.h + e.h - 1, c1: st.origin.w + e.w - 1, style: .window)) }
    var bufferTitle = zh ? "散射 \(g.paddedSize.h)×\(g.paddedSize.w)" : "scatter \(g.paddedSize.h)×\(g.paddedSize.w)"
    if K > 1 { bufferTitle += " f\(st.filter)" }
    var bufferPanel = Panel(title: bufferTitle, grid: buffer)
    if !g.padding.isZero {
        bufferPanel.footer.append(GridLook(text: (zh ? "暗圈：被 P 裁掉 " : "dim rim: cropped, P ") + sides(g.padding, zh: zh), style: .cropped))
    }
    if g.outputPadding != Pair(both: 0) {
        bufferPanel.footer.append(GridLook(text: "output_padding \(g.outputPadding.text)" + (zh ? "：多留" : " kept"), style: .extra))
    }
    panels.append(bufferPanel)

    // Contributions per cell (how many stamps overlapped there).
    let countLook: (Int, Int) -> GridLook = { fy, fx in
        let n = running(fy, fx).count
        return GridLook(text: n > 0 ? "\(n)" : ".", style: n > 1 ? .overlap : (n == 1 ? .normal : .pending))
    }
    var countGrid = Grid(rows: rows, cols: cols, cellWidth: slide.overlapWidth, look: countLook)
    countGrid.focus = buffer.focus
    if compact == 0 { panels.append(Panel(title: zh ? "叠加次数" : "contributions", grid: countGrid)) }

    if final {
        let out = g.outputSize
        let ow = slide.outputWidth
        for k in 0..<K {
            let look: (Int, Int) -> GridLook = { r, c in GridLook(text: Num.display(slide.output[k, r, c]), style: .result) }
            var panel = Panel(title: (zh ? "输出 " : "output ") + "\(out.h)×\(out.w)" + (K > 1 ? " f\(k)" : ""), grid: Grid(rows: out.h, cols: out.w, cellWidth: ow, look: look))
            panel.outputFilter = k
            panels.append(panel)
        }
    }

    var lines: [GridLook] = []
    if final {
        var parts: [String] = []
        if !g.padding.isZero {
            var crop = zh ? "裁掉外圈 P = \(sides(g.padding, zh: zh))" : "crop P = \(sides(g.padding, zh: zh)) from the rim"
            if g.outputPadding != Pair(both: 0) { crop += zh ? "（底部/右侧保留 output_padding \(g.outputPadding.text)）" : " (keeping output_padding \(g.outputPadding.text) at the bottom/right)" }
            parts.append(crop)
        } else if g.outputPadding != Pair(both: 0) {
            parts.append(zh ? "底部/右侧多留 output_padding \(g.outputPadding.text)" : "add output_padding \(g.outputPadding.text) at the bottom/right")
        }
        if l.bias.contains(where: { $0 != 0 }) {
            parts.append((zh ? "加偏置 " : "add bias ") + l.bias.map(Num.display).joined(separator: ", "))
        }
        let result = (zh ? "输出 " : "output ") + "\(g.outputSize.h)×\(g.outputSize.w)"
        lines.append(GridLook(text: parts.isEmpty ? result : parts.joined(separator: zh ? "，" : ", ") + " → " + result, style: .result))
    } else {
        let rowsText = "\(st.origin.h)–\(st.origin.h + e.h - 1)", colsText = "\(st.origin.w)–\(st.origin.w + e.w - 1)"
        let adds = st.hits.map { Num.display($0.contribution) }.joined(separator: ", ")
        let who: String
        if C == 1 {
            let x = Num.display(st.inputs[0])
            who = zh ? "in[\(st.iy),\(st.ix)] = \(x)：把 \(x) × 卷积核加到" : "in[\(st.iy),\(st.ix)] = \(x) scatters \(x) × kernel into"
        } else {
            let xs = st.inputs.map(Num.display).joined(separator: ", ")
            who = zh ? "in[:,\(st.iy),\(st.ix)] = (\(xs))：把 Σ x_c⋅w[\(st.filter)][c] 加到" : "in[:,\(st.iy),\(st.ix)] = (\(xs)) scatters Σ x_c⋅w[\(st.filter)][c] into"
        }
        lines.append(GridLook(text: "\(who) \(zh ? "第 \(rowsText) 行、第 \(colsText) 列" : "rows \(rowsText), columns \(colsText)") (+= \(adds))", style: .formula))
    }
    for f in Formulas.transposed(l, zh: zh) { lines.append(GridLook(text: f, style: .normal)) }

    // One short line of legend; the scenario's notes carry the lesson.
    var narration = zh ? "印章重叠处数值相加（叠加次数 > 1）" : "Overlapping stamps add up (contributions > 1)"
    if !g.padding.isZero { narration += zh ? "，暗色外圈被 P 裁掉" : "; the dim rim is cropped by P" }
    narration += zh ? "。Tab：上采样视图。" : ". Tab: upsample view."
    if let notes = slide.scenario.notes?.text(Language(rawValue: language) ?? .en) { narration += "\n" + notes }
    return ViewContent(panels: panels, lines: lines, narration: narration,
                       shapes: "\(l.input.height)×\(l.input.width) → \(g.outputSize.h)×\(g.outputSize.w)")
}
