import ConvModel
import ScenarioFormat

/// The smallest terminal the player draws in; smaller ones get an "enlarge" message.
public let minimumSize = (width: 60, height: 18)

/// Options of the renderer that come from the terminal, not the state.
public struct RenderOptions: Sendable {
    /// Use ASCII glyphs only (non-UTF-8 locale).
    public var ascii: Bool
    public init(ascii: Bool = false) { self.ascii = ascii }
}

/// Draws the whole screen for `state`. Pure: the same state and size give the same canvas.
public func render(_ state: State, deck: Deck, width: Int, height: Int, options: RenderOptions = RenderOptions()) -> Canvas {
    renderWithHits(state, deck: deck, width: width, height: height, options: options).canvas
}

/// Draws the screen and says where the clickable things are.
public func renderWithHits(_ state: State, deck: Deck, width: Int, height: Int, options: RenderOptions = RenderOptions()) -> (canvas: Canvas, hits: HitMap) {
    var canvas = Canvas(width: width, height: height)
    var hits = HitMap()
    let language = options.ascii ? "en" : state.language
    if deck.slides.isEmpty {
        canvas.put(0, 0, "No scenarios to show.", .warning)
    } else if state.screen == .picker {
        drawPicker(state, deck: deck, language: language, languageKey: !options.ascii, into: &canvas, hits: &hits)
    } else if width < minimumSize.width || height < minimumSize.height {
        drawTooSmall(into: &canvas)
    } else {
        drawPlayer(state, deck: deck, language: language, into: &canvas, hits: &hits)
    }
    if state.help && width >= 40 && height >= 12 { drawHelp(state, languageKey: !options.ascii, into: &canvas) }
    return (options.ascii ? canvas.asciiOnly() : canvas, hits)
}

private func drawTooSmall(into canvas: inout Canvas) {
    let lines = ["enlarge to at least \(minimumSize.width)×\(minimumSize.height)",
                 "(now \(canvas.width)×\(canvas.height))", "q quit"]
    let rows = lines.enumerated().flatMap { i, line in wrap(line, width: max(1, canvas.width)).map { (i, $0) } }
    var y = max(0, (canvas.height - rows.count) / 2)
    for (i, l) in rows {
        canvas.put(max(0, (canvas.width - displayWidth(l)) / 2), y, l, i == 0 ? .warning : .dim)
        y += 1
    }
}

/// The top line: "convlens · TITLE" on the left (the program name goes first when space runs out), the
/// shapes and step counter on the right, always at least two spaces apart.
private func titleBar(_ left: String, _ right: String, into canvas: inout Canvas) {
    let w = canvas.width
    let rightWidth = displayWidth(right)
    let room = max(0, w - rightWidth - 3)
    var text = " " + left
    if displayWidth(text) > room, let dot = left.range(of: " · ") { text = " " + left[dot.upperBound...] }
    canvas.put(0, 0, fit(text, room), .title)
    canvas.put(max(0, w - rightWidth - 1), 0, right, .emphasis)
    canvas.fill(0, 1, count: w, "─", .rule)
}

private func keyBar(_ keys: [(String, String)], into canvas: inout Canvas) {
    let y = canvas.height - 1
    canvas.fill(0, y - 1, count: canvas.width, "─", .rule)
    // The last two keys (help, quit) always show; middle ones are dropped when the line is too narrow.
    var shown = keys
    func width(_ ks: [(String, String)]) -> Int { ks.reduce(-2) { $0 + displayWidth($1.0) + 1 + displayWidth($1.1) + 2 } + 1 }
    while shown.count > 2 && width(shown) > canvas.width { shown.remove(at: shown.count - 3) }
    var x = 1
    for (key, what) in shown {
        x = canvas.put(x, y, key, .keyName)
        x = canvas.put(x + 1, y, what, .keyBar) + 2
    }
}

private func drawPicker(_ state: State, deck: Deck, language: String, languageKey: Bool, into canvas: inout Canvas, hits: inout HitMap) {
    let zh = language == "zh"
    titleBar("convlens · " + (zh ? "卷积算术，一步一步" : "convolution arithmetic, step by step"), "\(deck.slides.count) scenarios ", into: &canvas)
    guard canvas.height >= 5 else { return }
    canvas.put(1, 2, zh ? "选择一个场景：" : "Choose a scenario:", .label)
    let top = 4, rows = max(1, canvas.height - top - 2)
    let first = max(0, min(deck.slides.count - rows, state.selected - rows / 2))
    for (i, slide) in deck.slides.enumerated().dropFirst(first).prefix(rows) {
        let y = top + i - first
        let s = slide.scenario
        let op = s.layer.op == .transposed ? "transposed" : "conv"
        let right = "  \(fit(op, 10)) \(s.shapeSummary)"
        let titleWidth = max(8, canvas.width - 6 - displayWidth(right) - 1)
        let line = " " + fit(slide.name.prefix(2).allSatisfy(\.isNumber) ? String(slide.name.prefix(2)) : "--", 2)
            + "  " + fit(s.title.text(Language(rawValue: language) ?? .en), titleWidth) + right
        let style: Style = i == state.selected ? .selected : .normal
        canvas.put(0, y, fit(line, canvas.width), style)
        if i == state.selected { canvas.put(0, y, "▶", .selected) }
        hits.pickerRows[y] = i
    }
    // ASCII terminals cannot show Chinese, so they get no language key.
    let language: [(String, String)] = languageKey ? [("L", zh ? "English" : "中文")] : []
    keyBar([("↑/↓", zh ? "选择" : "choose"), ("Enter", zh ? "打开" : "open")] + language +
           [("?", zh ? "帮助" : "help"), ("q", zh ? "退出" : "quit")], into: &canvas)
}

private func drawPlayer(_ state: State, deck: Deck, language: String, into canvas: inout Canvas, hits: inout HitMap) {
    let slide = deck.slides[state.scenario]
    let timeline = Timeline.make(slide, view: state.view, tapMode: state.tapMode)
    let step = min(state.step, timeline.count - 1)
    let zh = language == "zh"
    // The body: rows 2 … height − 3. With many channels or filters the view drops to a compact form (only
    // the current filter, then only the current channel) when the full one does not fit.
    let bodyTop = 2, bodyBottom = canvas.height - 3
    var (content, placed) = placeBody(state, slide: slide, timeline: timeline, step: step, language: language,
                                      width: canvas.width, height: canvas.height)
    let playGlyph = state.playing ? "▶" : "‖"
    titleBar("convlens · " + slide.scenario.title.text(Language(rawValue: language) ?? .en),
             "\(content.shapes)   step \(step + 1)/\(timeline.count) \(playGlyph) ", into: &canvas)

    var y = bodyTop
    if let placed {
        for (panel, pos) in zip(placed.panels, placed.positions) {
            panel.draw(into: &canvas, x: 1 + pos.x, y: bodyTop + pos.y)
            if let grid = panel.grid, let f = panel.outputFilter {
                hits.outputs.append(.init(filter: f, x: 1 + pos.x, y: bodyTop + pos.y + 1, rows: grid.visibleRows,
                                          cols: grid.visibleCols, cellWidth: grid.cellWidth, origin: grid.origin))
            }
        }
        y = bodyTop + placed.height + 1
    } else {
        // Say how large the terminal must be: the smallest of a few growing sizes at which the grids fit.
        let (w0, h0) = (canvas.width, canvas.height)
        let need = (1...40).map { (w0 + 5 * $0, h0 + 2 * $0) }.first {
            placeBody(state, slide: slide, timeline: timeline, step: step, language: language, width: $0.0, height: $0.1).placed != nil
        }
        let size = need.map { "\($0.0)×\($0.1)" } ?? "?"
        canvas.put(1, y, zh ? "网格放不下：请把终端放大到至少 \(size)" : "the grids do not fit: enlarge the terminal to at least \(size)", .warning)
        y += 2
    }
    for line in content.lines {
        for part in wrappedLine(line, width: canvas.width - 2, height: canvas.height) where y <= bodyBottom {
            canvas.put(1, y, part, line.style)
            y += 1
        }
    }
    let narration = wrap(content.narration, width: canvas.width - 2)
    if narration.count <= bodyBottom - y { y += 1 }     // a blank line before the narration when it all fits
    let room = max(0, bodyBottom - y + 1)
    for (i, line) in narration.prefix(room).enumerated() {
        // The last line that fits says when more is cut ("…"): enlarge the window to read it all.
        let cut = i == room - 1 && narration.count > room
        let shown = !cut ? line : displayWidth(line) + 2 <= canvas.width - 2 ? line + " …" : fit(line, canvas.width - 2)
        canvas.put(1, y, shown, .normal)
        y += 1
    }
    var keys: [(String, String)] = [("←/→", zh ? "单步" : "step"), ("Space", zh ? "播放" : "play")]
    switch state.view {
    case .conv, .weights: keys.append(("Tab", state.tapMode ? (zh ? "整窗" : "windows") : (zh ? "逐项" : "taps")))
    case .scatter: keys.append(("Tab", zh ? "上采样视图" : "upsample view"))
    case .upsample: keys.append(("Tab", zh ? "散射视图" : "scatter view"))
    case .field: keys.append(("Tab", zh ? "卷积视图" : "conv view"))
    }
    if slide.views.count > 1 && (state.view == .conv || state.view == .weights) { keys.append(("v", zh ? "视图" : "view")) }
    keys += [("n/p", zh ? "场景" : "scenario"), ("m", zh ? "菜单" : "menu"), ("?", zh ? "帮助" : "help"), ("q", zh ? "退出" : "quit")]
    keyBar(keys, into: &canvas)
}

/// The view's content and where its panels go in a `width` × `height` screen. With many channels or filters
/// the view drops to a compact form (only the current filter, then only the current channel) when the full
/// one does not fit without scrolling.
private func placeBody(_ state: State, slide: Slide, timeline: Timeline, step: Int, language: String, width: Int, height: Int)
    -> (content: ViewContent, placed: (panels: [Panel], positions: [(x: Int, y: Int)], height: Int)?) {
    let bodyHeight = height - 4
    var content = viewContent(state, slide: slide, timeline: timeline, step: step, language: language, compact: 0)
    var placed: (panels: [Panel], positions: [(x: Int, y: Int)], height: Int)?
    for compact in 0...2 {
        if compact > 0 { content = viewContent(state, slide: slide, timeline: timeline, step: step, language: language, compact: compact) }
        let lineRows = content.lines.reduce(0) { $0 + wrappedLine($1, width: width - 2, height: height).count }
        placed = layout(content.panels, width: width - 2, height: max(4, bodyHeight - lineRows - 1))
        if placed != nil && !(placed!.panels.contains { $0.grid?.isClipped == true } && compact < 2 && hasCompactForm(slide)) { break }
    }
    return (content, placed)
}

/// A line of arithmetic wrapped at " + ", at most 2 rows on a small screen (4 on a tall one); a longer sum
/// keeps its start and its result: `a⋅b + c⋅d + … = 17`.
private func wrappedLine(_ line: GridLook, width: Int, height: Int) -> [String] {
    let text = line.text
    // Only sums break at their terms; other lines (formulas with prose) wrap at words.
    guard line.style == .formula else { return wrap(text, width: width) }
    var rows = wrapTerms(text, width: width, indent: 6)
    let most = height >= 32 ? 4 : 2
    guard rows.count > most, let eq = text.range(of: " = ", options: .backwards) else { return rows }
    let tail = " + … = " + text[eq.upperBound...]
    rows = Array(rows.prefix(most))
    var last = rows[most - 1]
    while displayWidth(last) + displayWidth(tail) > width, let cut = last.range(of: " + ", options: .backwards) {
        last = String(last[..<cut.lowerBound])      // drop whole terms, never half of one
    }
    rows[most - 1] = last + tail
    return rows
}

private func viewContent(_ state: State, slide: Slide, timeline: Timeline, step: Int, language: String, compact: Int) -> ViewContent {
    switch state.view {
    case .conv, .weights, .upsample: return convContent(slide, view: state.view, timeline: timeline, step: step, language: language, compact: compact)
    case .scatter: return scatterContent(slide, step: step, language: language, compact: compact)
    case .field: return fieldContent(slide, step: step, language: language)
    }
}

/// True when the scenario's views have fewer panels to offer (several channels or filters; the scatter
/// view can drop its contributions grid).
private func hasCompactForm(_ slide: Slide) -> Bool {
    slide.layer.op == .transposed || slide.layer.input.channels > 1 || slide.layer.kernel.filters > 1
}

/// The help overlay: every key.
private func drawHelp(_ state: State, languageKey: Bool, into canvas: inout Canvas) {
    let zh = state.language == "zh" && languageKey
    var rows: [(String, String)] = [
        ("→ l ↓ j", zh ? "下一步" : "next step"), ("← h ↑ k", zh ? "上一步" : "previous step"),
        ("Home g / End G", zh ? "第一步 / 最后一步" : "first / last step"),
        ("Space", zh ? "播放 / 暂停" : "play / pause"), ("+ / -", zh ? "加快 / 减慢" : "faster / slower"),
        ("Tab", zh ? "逐项乘加 / 整个窗口；转置：散射 / 上采样" : "taps / windows; transposed: scatter / upsample"),
        ("v  Shift-Tab", zh ? "下一个视图（权值共享、感受野）" : "next view (weight sharing, receptive field)"),
        ("n / p", zh ? "下一个 / 上一个场景" : "next / previous scenario"),
        ("m", zh ? "回到场景列表" : "back to the scenario list"), ("L", zh ? "English / 中文" : "中文 / English"),
        ("click", zh ? "点击输出格跳到该步" : "click an output cell to jump to it"),
        ("?", zh ? "关闭帮助" : "close this help"), ("q  Esc  Ctrl-C", zh ? "退出" : "quit"),
    ]
    if !languageKey { rows.removeAll { $0.0 == "L" } }
    let keyWidth = rows.map { displayWidth($0.0) }.max()! + 2
    let inner = min(canvas.width - 4, keyWidth + rows.map { displayWidth($0.1) }.max()! + 2)
    let h = min(canvas.height - 2, rows.count + 4)
    let x0 = max(0, (canvas.width - inner - 2) / 2), y0 = max(0, (canvas.height - h) / 2)
    for y in y0..<(y0 + h) { canvas.fill(x0, y, count: inner + 2, " ", .normal) }
    canvas.put(x0, y0, "┌" + String(repeating: "─", count: inner) + "┐", .window)
    canvas.put(x0 + 2, y0, zh ? " 按键 " : " keys ", .title)
    for y in (y0 + 1)..<(y0 + h - 1) { canvas.put(x0, y, "│", .window); canvas.put(x0 + inner + 1, y, "│", .window) }
    canvas.put(x0, y0 + h - 1, "└" + String(repeating: "─", count: inner) + "┘", .window)
    for (i, row) in rows.enumerated() where y0 + 2 + i < y0 + h - 1 {
        canvas.put(x0 + 2, y0 + 2 + i, row.0, .keyName)
        canvas.put(x0 + 2 + keyWidth, y0 + 2 + i, fit(row.1, max(1, inner - keyWidth - 2)), .normal)
    }
}
