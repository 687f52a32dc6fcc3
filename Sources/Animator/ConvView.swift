import ConvModel
import ScenarioFormat

/// The widest number a grid shows, for its cell width.
func cellWidth(_ values: [Double], minimum: Int = 1) -> Int {
    values.reduce(minimum) { max($0, displayWidth(Num.display($1))) }
}

/// The direct-convolution views: the kernel over the padded input (per channel), the kernel slices, the
/// output filling in; with the arithmetic of the current phase, the size formula and the narration. Also the
/// weight-sharing view (same slide plus parameter counts) and the upsample view of a transposed convolution.
/// `compact` 1 shows only the current filter's output, 2 also only the current channel (for many channels or
/// filters on a small screen).
func convContent(_ slide: Slide, view: View, timeline: Timeline, step: Int, language: String, compact: Int = 0) -> ViewContent {
    let zh = language == "zh"
    let l = slide.convLayer(for: view)
    let g = l.geometry
    let output = view == .upsample ? (slide.equivalentOutput ?? slide.output) : slide.output
    let trace = ConvTrace(l)
    let (window, phase) = timeline.window(at: step) ?? (0, .whole)
    let st = trace[window]
    let previous: ConvStep? = window > 0 && trace[window - 1].filter == st.filter ? trace[window - 1] : nil
    let C = l.input.channels, K = l.kernel.filters, taps = l.kernel.height * l.kernel.width
    let complete = phase == .whole || phase == .bias

    // How far the arithmetic of this window has gone: channel c's taps before `tapLimit(c)` are done.
    func tapLimit(_ c: Int) -> Int {
        switch phase {
        case .whole, .merge, .bias: return taps
        case .channel(let cc): return c <= cc ? taps : 0
        case .tap(let cc, let i): return c < cc ? taps : (c == cc ? i + 1 : 0)
        }
    }
    let currentTap: (c: Int, i: Int)? = { if case .tap(let c, let i) = phase { return (c, i) }; return nil }()
    let focusChannel: Int = { switch phase { case .channel(let c), .tap(let c, _): return c; default: return C - 1 } }()
    let shownChannels = compact >= 2 ? [focusChannel] : Array(0..<C)
    let shownFilters = compact >= 1 ? [st.filter] : Array(0..<K)

    // Input panels, one per channel.
    let iw = slide.inputWidth
    let untappedRows = Set(g.untappedRows), untappedCols = Set(g.untappedCols)
    let pt = g.padding.top, pl = g.padding.left
    var panels: [Panel] = []
    for c in shownChannels {
        var tapAt: [Int: (u: Int, v: Int, i: Int)] = [:]
        for (i, t) in st.taps[c].enumerated() { tapAt[t.py * g.paddedSize.w + t.px] = (t.u, t.v, i) }
        let limit = tapLimit(c)
        let e = g.effectiveKernel
        let look: (Int, Int) -> GridLook = { py, px in
            let iy = py - pt, ix = px - pl
            var isPadding = !(iy >= 0 && iy < l.input.height && ix >= 0 && ix < l.input.width)
            var style: Style = isPadding ? .padding : .normal
            if view == .upsample, let eq = slide.equivalent {
                // The equivalent input is explicit: its border zeros are the padding, inserted zeros are dim.
                switch eq.kind(y: iy, x: ix) {
                case .padding: isPadding = true; style = .padding
                case .inserted: style = .dim
                case .input: style = .emphasis
                }
            }
            var text = isPadding ? "·" : Num.display(l.input[c, iy, ix])
            if untappedRows.contains(py) || untappedCols.contains(px) { style = .uncovered }
            let inWindow = py >= st.origin.h && py < st.origin.h + e.h && px >= st.origin.w && px < st.origin.w + e.w
            if let t = tapAt[py * g.paddedSize.w + px] {
                if isPadding { text = "0" }
                if let ct = currentTap, ct.c == c, ct.i == t.i { style = .current }
                else if t.i < limit { style = .tap }
                else { style = isPadding ? .padding : .window }
            } else if inWindow {
                // A hole: skipped by the dilated kernel. The number stays readable; the gutter marks it.
                return GridLook(text: text, style: .hole, mark: "∘")
            }
            return GridLook(text: text, style: style)
        }
        var grid = Grid(rows: g.paddedSize.h, cols: g.paddedSize.w, cellWidth: iw, look: look)
        grid.focus = (st.origin.h + e.h / 2, st.origin.w + e.w / 2)
        if let p = previous { grid.brackets.append(Bracket(r0: p.origin.h, c0: p.origin.w, r1: p.origin.h + e.h - 1, c1: p.origin.w + e.w - 1, style: .ghost, ghost: true)) }
        grid.brackets.append(Bracket(r0: st.origin.h, c0: st.origin.w, r1: st.origin.h + e.h - 1, c1: st.origin.w + e.w - 1, style: .window))
        for r in g.untappedRows { grid.rowMarks[r] = GridLook(text: "×", style: .uncovered) }
        for col in g.untappedCols { grid.colMarks[col] = GridLook(text: "×", style: .uncovered) }
        var title: String
        let hw = "\(l.input.height)×\(l.input.width)"
        var footer: [GridLook] = []
        if view == .upsample, let eq = slide.equivalent {
            let s = eq.stride
            let up = "\(eq.upsampledSize.h)×\(eq.upsampledSize.w)"
            title = zh ? "上采样 \(up)" : "upsampled \(up)"
            if C > 1 { title += zh ? " 通道 \(c)" : " ch \(c)" }
            footer.append(GridLook(text: zh ? "插零 \(max(s.h, s.w) - 1)，暗色" : "\(plural(max(s.h, s.w) - 1, "zero")) inserted", style: .dim))
            let b = eq.border
            if b.top >= 0 && b.left >= 0 && b.bottom >= 0 && b.right >= 0 {
                footer.append(GridLook(text: (zh ? "补零 d(k−1)−P：" : "border d(k−1)−P: ") + sides(b, zh: zh), style: .padding))
            } else {
                footer.append(GridLook(text: (zh ? "P > d(k−1)，裁剪：" : "P > d(k−1) crops: ") + sides(b, zh: zh), style: .cropped))
            }
        } else if C > 1 {
            title = zh ? "通道 \(c)" : "channel \(c)"
            if compact >= 2 { title += zh ? "（共 \(C) 个）" : " of \(C)" }
        } else {
            title = zh ? "输入 \(hw)" : "input \(hw)"
            if !g.padding.isZero { title += (zh ? " + 填充 " : " + padding ") + sides(g.padding, zh: zh) }
        }
        var panel = Panel(title: title, titleStyle: (phase == .channel(c) || currentTap?.c == c) && C > 1 ? .emphasis : .label, grid: grid, footer: footer)
        if C > 1 {
            let done = limit == taps
            let partial = done ? Num.display(st.partials[c]) : (limit > 0 ? "\(Num.display(st.taps[c].prefix(limit).reduce(0) { $0 + $1.product }))…" : "·")
            panel.footer.append(GridLook(text: (zh ? "部分和 " : "partial ") + partial, style: done ? .result : .dim))
        }
        panels.append(panel)
    }

    // Kernel slices of the current filter.
    let kw = slide.kernelWidth
    for c in shownChannels {
        let limit = tapLimit(c)
        let look: (Int, Int) -> GridLook = { u, v in
            let i = u * l.kernel.width + v
            var style: Style = i < limit ? .tap : .normal
            if let ct = currentTap, ct.c == c, ct.i == i { style = .current }
            return GridLook(text: Num.display(l.kernel[st.filter, c, u, v]), style: style)
        }
        var title = C > 1 ? "w[\(st.filter)][\(c)]" : (zh ? "卷积核 \(l.kernel.height)×\(l.kernel.width)" : "kernel \(l.kernel.height)×\(l.kernel.width)")
        if C == 1 && K > 1 { title += zh ? " 滤波器 \(st.filter)" : " filter \(st.filter)" }
        if view == .upsample { title += zh ? "（翻转）" : " flipped" }
        var panel = Panel(title: title, grid: Grid(rows: l.kernel.height, cols: l.kernel.width, cellWidth: kw, look: look))
        if c == shownChannels.last && g.dilation != Pair(both: 1) {
            panel.footer.append(GridLook(text: (zh ? "空洞 d=" : "dilation ") + g.dilation.text, style: .hole))
        }
        if c == shownChannels.last && (st.bias != 0 || C > 1) {
            panel.footer.append(GridLook(text: (zh ? "偏置 " : "bias ") + Num.display(st.bias), style: phase == .bias ? .result : .normal))
        }
        panels.append(panel)
    }

    // Output grids, one per filter.
    let ow = slide.outputWidth
    let out = g.outputSize
    for k in shownFilters {
        let look: (Int, Int) -> GridLook = { r, c in
            let idx = (k * out.h + r) * out.w + c
            if idx == window { return GridLook(text: complete ? Num.display(output[k, r, c]) : "?", style: .current) }
            return idx < window ? GridLook(text: Num.display(output[k, r, c]), style: .visited) : GridLook(text: ".", style: .pending)
        }
        var grid = Grid(rows: out.h, cols: out.w, cellWidth: ow, look: look)
        if k == st.filter {
            grid.brackets.append(Bracket(r0: st.oy, c0: st.ox, r1: st.oy, c1: st.ox, style: .current))
            grid.focus = (st.oy, st.ox)
        }
        var title = K > 1 ? (zh ? "输出通道 \(k)" : "out ch \(k)") : (zh ? "输出 \(out.h)×\(out.w)" : "output \(out.h)×\(out.w)")
        if compact >= 1 && K > 1 { title += zh ? "（共 \(K) 个）" : " of \(K)" }
        var panel = Panel(title: title, titleStyle: k == st.filter && K > 1 ? .emphasis : .label, grid: grid)
        panel.outputFilter = k
        if K > 1 && k == shownFilters.last { panel.footer.append(GridLook(text: "D2 = K = \(K)", style: .formula)) }
        panels.append(panel)
    }

    // The arithmetic of this phase.
    let name = K > 1 ? "out[\(st.filter)][\(st.oy),\(st.ox)]" : "out[\(st.oy),\(st.ox)]"
    func products(_ c: Int, _ n: Int) -> String { st.taps[c].prefix(n).map { "\(term($0.x))⋅\(term($0.w))" }.joined(separator: " + ") }
    var lines: [GridLook] = []
    let biasText = st.bias == 0 ? "" : " + \(term(st.bias))"
    switch phase {
    case .whole:
        lines.append(GridLook(text: "\(name) = \(products(0, taps))\(biasText) = \(Num.display(st.value))", style: .formula))
    case .tap(let c, let i):
        let prefix = C > 1 ? "ch \(c): " : "\(name) = "
        let sum = st.taps[c].prefix(i + 1).reduce(0) { $0 + $1.product }
        lines.append(GridLook(text: "\(prefix)\(products(c, i + 1))\(i + 1 < taps ? " + …" : "") = \(Num.display(sum))\(i + 1 < taps ? (zh ? " （累计）" : " so far") : "")", style: .formula))
        if C > 1 { lines.append(GridLook(text: partialsLine(st, upTo: c - 1, zh: zh), style: .normal)) }
    case .channel(let c):
        lines.append(GridLook(text: "ch \(c): \(products(c, taps)) = \(Num.display(st.partials[c]))", style: .formula))
        lines.append(GridLook(text: partialsLine(st, upTo: c, zh: zh), style: .normal))
    case .merge:
        lines.append(GridLook(text: (zh ? "合并：" : "merge: ") + st.partials.map(Num.display).joined(separator: " + ") + " = \(Num.display(st.merged))", style: .formula))
    case .bias:
        let merged = C > 1 ? Num.display(st.merged) : products(0, taps)
        lines.append(GridLook(text: "\(name) = \(merged) + \(zh ? "偏置" : "bias") \(term(st.bias)) = \(Num.display(st.value))", style: .formula))
    }
    if view == .weights {
        let p = l.parameters
        lines.append(GridLook(text: (zh ? "卷积参数 " : "conv parameters ") + "K⋅(kh⋅kw⋅C + 1) = \(K)⋅(\(l.kernel.height)⋅\(l.kernel.width)⋅\(C) + 1) = \(p.conv)", style: .result))
        lines.append(GridLook(text: (zh ? "全连接参数 " : "fully connected ") + "(C⋅H⋅W)⋅(K⋅H2⋅W2) + K⋅H2⋅W2 = \(p.inputSize)⋅\(p.outputSize) + \(p.outputSize) = \(p.fullyConnected)", style: .warning))
    } else {
        for f in view == .upsample ? Formulas.transposed(slide.layer, zh: zh) : Formulas.conv(l, mode: slide.scenario.paddingMode, zh: zh) {
            lines.append(GridLook(text: f, style: .normal))
        }
    }

    let narration = convNarration(slide, view: view, l: l, st: st, previous: previous, window: window, windows: trace.count,
                                  phase: phase, zh: zh, language: language)
    let shapes = view == .upsample
        ? "\(slide.layer.input.height)×\(slide.layer.input.width) → \(out.h)×\(out.w)"
        : "\(l.input.height)×\(l.input.width) → \(out.h)×\(out.w)"
    return ViewContent(panels: panels, lines: lines, narration: narration, shapes: shapes)
}

private func partialsLine(_ st: ConvStep, upTo c: Int, zh: Bool) -> String {
    let parts = st.partials.indices.map { $0 <= c ? Num.display(st.partials[$0]) : "·" }
    return (zh ? "各通道部分和：" : "partial sums: ") + parts.joined(separator: ", ")
}

private func convNarration(_ slide: Slide, view: View, l: ConvLayer, st: ConvStep, previous: ConvStep?, window: Int, windows: Int,
                           phase: Phase, zh: Bool, language: String) -> String {
    let g = l.geometry, e = g.effectiveKernel
    var s: [String] = []
    func span(_ a: Int, _ n: Int) -> String { n == 1 ? "\(a)" : "\(a)–\(a + n - 1)" }
    let rows = span(st.origin.h, e.h), cols = span(st.origin.w, e.w)
    let padded = view == .upsample || !g.padding.isZero
    switch phase {
    case .merge:
        s.append(zh ? "各通道的部分和相加，合并成一个数。" : "The per-channel partial sums are added: the channels merge into one number.")
    case .bias:
        s.append(zh ? "再加上这个滤波器的偏置，写入输出。" : "Then the filter's bias is added and the value is written to the output.")
    default:
        var where_ = zh ? "窗口在\(padded ? "（填充后的）" : "")第 \(rows) 行、第 \(cols) 列"
                        : "Window on \(e.h == 1 ? "row" : "rows") \(rows), \(e.w == 1 ? "column" : "columns") \(cols) of the \(padded ? "padded " : "")input"
        if let p = previous {
            let dy = st.origin.h - p.origin.h, dx = st.origin.w - p.origin.w
            if dy == 0 && dx > 0 { where_ += zh ? "，比上一位置右移 \(dx) 格（步长 \(g.stride.w)）" : ", \(plural(dx, "column")) right of the last one (stride \(g.stride.w))" }
            else if dy > 0 { where_ += zh ? "，下移 \(dy) 行开始新的一行（步长 \(g.stride.h)）" : ", down \(plural(dy, "row")) to a new row (stride \(g.stride.h))" }
        }
        s.append(where_ + (zh ? "。" : "."))
        // Padding taps of one channel (every channel's window reads the same cells).
        let pads = st.taps[0].filter { t in
            if view == .upsample, let eq = slide.equivalent { return eq.kind(y: t.iy, x: t.ix) == .padding }
            return t.kind == .padding
        }.count
        if pads > 0 { s.append(zh ? "有 \(pads) 个乘数落在填充（·）上，按 0 计。" : pads == 1 ? "1 tap falls on padding (·) and reads 0." : "\(pads) taps fall on padding (·) and read 0.") }
        if g.dilation != Pair(both: 1) { s.append(zh ? "空洞（∘）被跳过：卷积核的采样点相隔 \(g.dilation.text) 格。" : "Holes (∘) are skipped: the taps are \(g.dilation.text) cells apart.") }
    }
    if view == .weights {
        let p = l.parameters
        let ratio = (p.ratio * 10).rounded() / 10
        let positions = g.outputSize.h * g.outputSize.w, position = window % positions + 1
        let weights = l.kernel.height * l.kernel.width * l.input.channels
        let filter = l.kernel.filters > 1 ? (zh ? "滤波器 \(st.filter) " : " of filter \(st.filter)") : ""
        s.append(zh ? "\(filter)第 \(position)/\(positions) 个位置仍用同样的 \(weights) 个权重（权值共享）；全连接层要 \(Num.display(ratio)) 倍的参数。"
                    : "Position \(position) of \(positions)\(filter) reuses the same \(weights) weights (weight sharing); a fully connected layer needs \(Num.display(ratio))× the parameters.")
    }
    if view == .upsample && window == windows - 1 && (phase == .whole || phase == .bias) {
        // Said only when it is true: the two computations are compared, not assumed equal.
        if slide.equivalentOutput == slide.output {
            s.append(zh ? "✓ 与散射视图的结果完全相同。" : "✓ The same numbers as the scatter view.")
        } else {
            s.append(zh ? "✗ 与散射视图的结果不同：这是 convlens 的错误，请报告。" : "✗ This differs from the scatter view: a bug in convlens, please report it.")
        }
    } else if window == windows - 1 && (phase == .whole || phase == .bias) {
        s.append(zh ? "完成：输出已全部算出。" : "Done: the output is complete.")
    }
    if !g.untappedRows.isEmpty || !g.untappedCols.isEmpty {
        s.append(zh ? "× 标出的行/列从未被卷积核用到。" : "Rows/columns marked × are never read by any window.")
    }
    var text = s.joined(separator: zh ? "" : " ")
    if view == .upsample {
        text += zh ? "\n转置卷积 = 在输入格之间插零、四周补 d(k−1)−P 个零、翻转卷积核、步长 1 的普通卷积。"
                   : "\nTransposed conv = insert zeros between input cells, pad d(k−1)−P around, flip the kernel, convolve at stride 1."
    }
    if let notes = slide.scenario.notes?.text(Language(rawValue: language) ?? .en), !notes.isEmpty, view != .upsample { text += "\n" + notes }
    return text
}

/// Padding per side, short enough for a panel: "1" when all sides agree, else "↑1 ↓2 ←1 →2" (top, bottom,
/// left, right).
func sides(_ p: Padding, zh: Bool) -> String {
    if p.top == p.bottom && p.left == p.right && p.top == p.left { return "\(p.top)" }
    return "↑\(p.top) ↓\(p.bottom) ←\(p.left) →\(p.right)"
}
