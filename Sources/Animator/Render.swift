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
public func render(_ state: State, deck: Deck, width: Int, height: Int, options: RenderOptions = RenderOptions())
    -> Canvas
{
    renderWithHits(state, deck: deck, width: width, height: height, options: options).canvas
}

/// Draws the screen and says where the clickable things are.
public func renderWithHits(
    _ state: State, deck: Deck, width: Int, height: Int,
    options: RenderOptions = RenderOptions()
) -> (canvas: Canvas, hits: HitMap) {
    var canvas = Canvas(width: width, height: height)
    var hits = HitMap()
    var kept: PlacedBody?
    // ASCII terminals cannot show Chinese.
    let language: Language = options.ascii ? .en : state.language
    if deck.isEmpty {
        canvas.put(0, 0, language(.noScenarios), .warning)
    } else if state.screen == .picker {
        drawPicker(state, deck: deck, language: language, ascii: options.ascii, into: &canvas, hits: &hits)
    } else if width < minimumSize.width || height < minimumSize.height {
        drawTooSmall(language: language, into: &canvas)
    } else {
        kept = drawPlayer(state, deck: deck, language: language, ascii: options.ascii, into: &canvas, hits: &hits)
    }
    let help = state.help && width >= 40 && height >= 12
    if help { drawHelp(language: language, ascii: options.ascii, screen: Keymap.mode(of: state), into: &canvas) }
    kept?.keep(canvas, overdrawn: help)
    return (options.ascii ? canvas.asciiOnly() : canvas, hits)
}

private func drawTooSmall(language t: Language, into canvas: inout Canvas) {
    let lines = [
        t(.enlargeTo, "\(minimumSize.width)×\(minimumSize.height)"),
        t(.nowSize, "\(canvas.width)×\(canvas.height)"), t(.quitHint),
    ]
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
    // The left part changes with the scenario, not the step: fitted once per text and room.
    let fitted = titleMemo.value(TitleKey(left: ExactText(left), room: room)) {
        var text = " " + left
        if displayWidth(text) > room, let dot = left.firstRange(of: " · ") { text = " " + left[dot.upperBound...] }
        return fit(text, room)
    }
    canvas.put(0, 0, fitted, .title)
    canvas.put(max(0, w - rightWidth - 1), 0, right, .emphasis)
    canvas.fill(0, 1, count: w, "─", .rule)
}

private struct TitleKey: Equatable {
    let left: ExactText
    let room: Int
}

private let titleMemo = Memo<TitleKey, String>()

/// Results of pure functions of few inputs (the title bar, the key bar, the size formulas, a stack's field
/// parts), remembered by all of their inputs, so that a step does not rebuild what only a scenario, a mode or a
/// size changes. A short list searched from the newest entry with `==` (no hashing: a key with non-ASCII text
/// would be normalised to be hashed); bounded, the oldest entry goes first.
/// A string as a key, equal to another only byte for byte: `==` on `String` is canonical equivalence, which would
/// let "é" and "e◌́" (one cell's scalar, or a cluster) share a result.
struct ExactText: Equatable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactText, b: ExactText) -> Bool {
        guard a.text.utf8.count == b.text.utf8.count else { return false }
        let contiguous = a.text.utf8.withContiguousStorageIfAvailable { x in
            b.text.utf8.withContiguousStorageIfAvailable { y in sameBytes(x, y) }
        }
        return contiguous.flatMap { $0 } ?? a.text.utf8.elementsEqual(b.text.utf8)
    }
}

/// The last few results of a render-side function by its inputs, searched with `==` (keys such as long texts
/// compared byte for byte need not be hashed); `BoundedCache` (Grid.swift) is the hashed kind for many entries.
final class Memo<Key: Equatable, Value>: @unchecked Sendable {
    private let lock = Lock()
    private var entries: [(key: Key, value: Value)] = []
    private let limit: Int

    init(limit: Int = 8) { self.limit = limit }

    func value(_ key: Key, _ make: () -> Value) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let found = entries.last(where: { $0.key == key }) { return found.value }
        let made = make()
        if entries.count >= limit { entries.removeFirst() }
        entries.append((key, made))
        return made
    }
}

/// The key bar's entries where they go: each key and its word with their columns.
private struct KeyBarEntry {
    let x: Int
    let key: String
    let whatX: Int
    let what: String
}

private func keyBar(_ keys: [(String, String)], into canvas: inout Canvas) {
    let y = canvas.height - 1
    canvas.fill(0, y - 1, count: canvas.width, "─", .rule)
    for entry in keyBarLayout(keys, width: canvas.width) {
        canvas.put(entry.x, y, entry.key, .keyName)
        canvas.put(entry.whatX, y, entry.what, .keyBar)
    }
}

/// Where the entries go on a line `lineWidth` columns wide.
private func keyBarLayout(_ keys: [(String, String)], width lineWidth: Int) -> [KeyBarEntry] {
    // Two spaces between entries (one would pair a word with the next key). When the line is too narrow, the
    // least needed keys go first; stepping, PgDn (when the narration pages), help and quit always show.
    var shown = keys
    func width(_ ks: [(String, String)]) -> Int {
        ks.reduce(-2) { $0 + displayWidth($1.0) + 1 + displayWidth($1.1) + 2 } + 1
    }
    for key in droppedFirst where width(shown) > lineWidth {
        shown.removeAll { $0.0 == key }
    }
    while width(shown) > lineWidth,
        let i = shown.indices.dropFirst().dropLast(2).last(where: {
            shown[$0].0 != "PgDn"
        })
    {
        shown.remove(at: i)
    }
    var entries: [KeyBarEntry] = []
    var x = 1
    for (key, what) in shown {
        let whatX = x + displayWidth(key) + 1
        entries.append(KeyBarEntry(x: x, key: key, whatX: whatX, what: what))
        x = whatX + displayWidth(what) + 2
    }
    return entries
}

/// The key bar of the player: a pure function of the mode, the language, the Tab word, which keys show and the
/// width, remembered by those.
private func playerKeyBar(
    _ mode: Binding.Scope, language: Language, ascii: Bool, tabWord: Word?, showsViewKey: Bool, pages: Bool,
    into canvas: inout Canvas
) {
    let key = KeyBarKey(
        mode: mode.rawValue, language: language, ascii: ascii, tabWord: tabWord, showsViewKey: showsViewKey,
        pages: pages, width: canvas.width)
    let entries = keyBarMemo.value(key) {
        let keys = Keymap.bar(
            mode, language: language, ascii: ascii, tabWord: tabWord, showsViewKey: showsViewKey,
            notesPage: pages ? (0, 2) : nil)
        return keyBarLayout(keys, width: key.width)
    }
    let y = canvas.height - 1
    canvas.fill(0, y - 1, count: canvas.width, "─", .rule)
    for entry in entries {
        canvas.put(entry.x, y, entry.key, .keyName)
        canvas.put(entry.whatX, y, entry.what, .keyBar)
    }
}

private struct KeyBarKey: Equatable {
    let mode: UInt8
    let language: Language
    let ascii: Bool
    let tabWord: Word?
    let showsViewKey: Bool
    let pages: Bool
    let width: Int
}

private let keyBarMemo = Memo<KeyBarKey, [KeyBarEntry]>(limit: 16)

/// Key-bar entries in the order they give way on a narrow line (all are in the help).
private let droppedFirst = ["m", "v", "e", "L", "n/p", "Space"]

private func drawPicker(
    _ state: State, deck: Deck, language t: Language, ascii: Bool,
    into canvas: inout Canvas, hits: inout HitMap
) {
    titleBar("convlens · " + t(.appTagline), t(.scenarioCount, deck.count) + " ", into: &canvas)
    guard canvas.height >= 5 else { return }
    canvas.put(1, 2, t(.chooseScenario), .label)
    let top = 4
    let rows = max(1, canvas.height - top - 2)
    let first = max(0, min(deck.count - rows, state.selected - rows / 2))
    for i in deck.entries.indices.dropFirst(first).prefix(rows) {
        let y = top + i - first
        let line = pickerRow(deck.entries[i], width: canvas.width, language: t, ascii: ascii)
        let style: Style = i == state.selected ? .selected : (deck.entries[i].slide == nil ? .warning : .normal)
        canvas.put(0, y, fit(line, canvas.width), style)
        if i == state.selected { canvas.put(0, y, "▶", .selected) }
        hits.pickerRows[y] = i
    }
    keyBar(Keymap.bar(.picker, language: t, ascii: ascii), into: &canvas)
}

/// The lens's content for `frame`, its arrows written out on ASCII terminals; while the parameter panel is open the
/// narration waits (the panel's rows take its place), and a broken rule is written there in full (the panel's row
/// cuts a long one).
private func playerContent(_ lens: any Lens, _ frame: Frame, _ state: State, panel: Int) -> ViewContent {
    var content = lens.content(frame)
    if frame.ascii { content = asciiArrows(content) }
    if panel > 0 {
        let t = frame.language
        content.narration = state.edit?.problem.map { t(.editorRule, ruleText($0, language: t)) } ?? ""
    }
    return content
}

/// Draws the player's screen; returns the body its frame keeps for the next (`PlacedBody`), to be given back with
/// the frame when it is drawn whole.
private func drawPlayer(
    _ state: State, deck: Deck, language t: Language, ascii: Bool, into canvas: inout Canvas,
    hits: inout HitMap
) -> PlacedBody? {
    guard let slide = deck.slide(for: state) else { return nil }
    // The parameter panel takes the bottom rows of the body; the grids keep the full width.
    let panel = state.screen == .editor && state.edit != nil ? editorPanelRows : 0
    let lens = Lenses.lens(state.view)
    let timeline = lens.timeline(slide, tapMode: state.tapMode)
    let step = min(state.step, timeline.count - 1)
    let frame = Frame(
        slide: slide, timeline: timeline, step: step, language: t, ascii: ascii, tapMode: state.tapMode,
        sumColumns: mostSumRows * canvas.width)
    var content = playerContent(lens, frame, state, panel: panel)
    var body = BodyLayout(content, width: canvas.width, height: canvas.height, reserved: panel)
    if body.placed == nil {
        // The size asked for wraps the sums wider than the screen they were cut for: they are made whole.
        var whole = frame
        whole.sumColumns = .max
        content = playerContent(lens, whole, state, panel: panel)
        body = BodyLayout(content, width: canvas.width, height: canvas.height, reserved: panel)
    }
    let mark = state.playing ? "▶ " + state.speedLabel : (state.finished ? "■" : "‖")
    let counter = t(.stepCounter, step + 1, timeline.count) + " " + mark
    let shapes = arrows(content.shapes, ascii: ascii)
    let edited = deck.isEdited(state) ? t(.editorEdited) : ""
    let title = arrows(oneLine(slide.scenario.title.text(t)) + edited, ascii: ascii)
    titleBar("convlens · " + title, "\(shapes)   \(counter) ", into: &canvas)
    var y = body.draw(into: &canvas, hits: &hits, language: t)
    y = drawLines(body.lineRows, from: y, bottom: canvas.height - 3 - panel, into: &canvas)
    let narration = (state.finished ? t(.playedToTheEnd) + "\n" : "") + content.narration
    let notes = drawNarration(
        narration, page: state.notesPage, from: y, bottom: canvas.height - 3 - panel, language: t, into: &canvas)
    if let edit = state.edit, panel > 0 {
        drawEditorPanel(edit, top: canvas.height - 2 - panel, language: t, ascii: ascii, into: &canvas)
    }
    // `views.count > 1`, without building the list.
    let showsViewKey = lens.tab == .toggleTaps && Lenses.all.lazy.filter { $0.applies(to: slide) }.prefix(2).count > 1
    playerKeyBar(
        Keymap.mode(of: state), language: t, ascii: ascii, tabWord: lens.tabWord(tapMode: state.tapMode),
        showsViewKey: showsViewKey, pages: notes != nil, into: &canvas)
    return body.kept
}

/// The content with → written as -> in titles, footers, lines and narration (a lone > would read as "greater
/// than").
private func asciiArrows(_ content: ViewContent) -> ViewContent {
    var content = content
    content.panels.ascii = true
    content.narration = arrows(content.narration, ascii: true)
    // A sum's products are read again where an arrow moved its bytes (a sum has none).
    var moved = false
    let lines = content.lines.enumerated().map { i, line in
        // A sum's bytes without an arrow (← → ↔: E2 86 9x) stay bytes (`wrappedRows`).
        if case .utf8(let bytes) = line.content,
            !bytes.indices.dropLast().contains(where: { bytes[$0] == 0xE2 && bytes[$0 + 1] == 0x86 })
        {
            return line
        }
        let text = line.text
        let ascii = arrows(text, ascii: true)
        if i == 0 && ascii != text { moved = true }
        return GridLook(text: ascii, style: line.style, isSum: line.isSum)
    }
    if moved { content.sumParts = nil }
    content.lines = lines
    return content
}

/// The wrapped arithmetic lines, from row `y` down to the body's bottom; returns the next free row.
private func drawLines(_ rows: [(LineText, Style)], from y: Int, bottom: Int, into canvas: inout Canvas) -> Int {
    var y = y
    for (row, style) in rows where y <= bottom {
        switch row {
        case .text(let text): canvas.put(1, y, text, style)
        case .utf8(let bytes): canvas.put(1, y, utf8: bytes, style)
        }
        y += 1
    }
    return y
}

/// The narration below the lines. When it does not fit it pages: each page ends with a "▼ PgDn: more (1/3)"
/// line, and nothing is cut silently. Returns the page shown and the number of pages when it pages.
private func drawNarration(
    _ text: String, page: Int, from top: Int, bottom: Int, language t: Language, into canvas: inout Canvas
) -> (page: Int, pages: Int)? {
    // The same narration is often drawn again (every tap of a window, a paused step redrawn): the last wrap is
    // kept.
    let width = canvas.width - 2
    let narration = narrationMemo.value(NarrationKey(text: ExactText(text), width: width)) { wrap(text, width: width) }
    var y = top
    let room = max(0, bottom - y + 1)
    guard narration.count > room, room >= 2 else {
        if narration.count < room { y += 1 }  // a blank line before the narration when it all fits
        for line in narration.prefix(room) {
            canvas.put(1, y, line, .normal)
            y += 1
        }
        return nil
    }
    let perPage = room - 1
    let pages = (narration.count + perPage - 1) / perPage
    let shown = min(page, pages - 1)
    for line in narration.dropFirst(shown * perPage).prefix(perPage) {
        canvas.put(1, y, line, .normal)
        y += 1
    }
    let mark = shown < pages - 1 ? t(.notesMore, shown + 1, pages) : t(.notesEnd, shown + 1, pages)
    canvas.put(1, bottom, mark, .dim)
    return (shown, pages)
}

private struct NarrationKey: Equatable {
    let text: ExactText
    let width: Int
}

private let narrationMemo = Memo<NarrationKey, [String]>(limit: 1)

/// The help overlay: every key, from the keymap.
private func drawHelp(language t: Language, ascii: Bool, screen: Binding.Scope, into canvas: inout Canvas) {
    // The keys of this screen, then (in the player) the legend of the glyphs (they also read without colour).
    let glyphs = [("░ ∘ × ┆ ·", t(.legendGrid)), ("[ ] ▶ ‖ ■", t(.legendState))]
    let legend = screen == .picker ? [] : glyphs
    let keys = Keymap.helpRows(language: t, ascii: ascii, screen: screen)
    let rows = keys + legend.map { (keys: $0.0, text: $0.1) }
    let keyWidth = (rows.map { displayWidth($0.keys) }.max() ?? 0) + 2
    let inner = min(canvas.width - 4, keyWidth + (rows.map { displayWidth($0.text) }.max() ?? 0) + 2)
    let h = min(canvas.height - 2, rows.count + 4)
    let x0 = max(0, (canvas.width - inner - 2) / 2)
    let y0 = max(0, (canvas.height - h) / 2)
    drawBox(x: x0, y: y0, inner: inner, height: h, title: t(.helpTitle), into: &canvas)
    for (i, row) in rows.enumerated() where y0 + 2 + i < y0 + h - 1 {
        canvas.put(x0 + 2, y0 + 2 + i, row.keys, .keyName)
        canvas.put(
            x0 + 2 + keyWidth, y0 + 2 + i, fit(arrows(row.text, ascii: ascii), max(1, inner - keyWidth - 2)), .normal)
    }
}

/// A blank box with a frame and a title in its top edge.
private func drawBox(x x0: Int, y y0: Int, inner: Int, height h: Int, title: String, into canvas: inout Canvas) {
    for y in y0..<(y0 + h) { canvas.fill(x0, y, count: inner + 2, " ", .normal) }
    canvas.put(x0, y0, "┌" + String(repeating: "─", count: inner) + "┐", .frame)
    canvas.put(x0 + 2, y0, title, .title)
    for y in (y0 + 1)..<(y0 + h - 1) {
        canvas.put(x0, y, "│", .frame)
        canvas.put(x0 + inner + 1, y, "│", .frame)
    }
    canvas.put(x0, y0 + h - 1, "└" + String(repeating: "─", count: inner) + "┘", .frame)
}

/// The op's name in the picker.
private func opName(_ op: Op, language t: Language) -> String {
    switch op {
    case .conv: t(.opConv)
    case .transposed: t(.opTransposed)
    }
}

/// One picker row: the number, the title, the op and the shapes; for a file that cannot be loaded, ✗ and its
/// one-line error instead (it cannot be opened).
private func pickerRow(_ entry: DeckEntry, width: Int, language t: Language, ascii: Bool) -> String {
    let number = entry.name.prefix(2).allSatisfy(\.isNumber) ? String(entry.name.prefix(2)) : "--"
    guard let slide = entry.slide else {
        let error = entry.error.map { $0.detail(t) } ?? ""
        return " " + fit(number, 2) + "  ✗ " + oneLine(entry.name) + ": " + oneLine(error)
    }
    let s = slide.scenario
    let right = "  \(fit(opName(s.layer.op, language: t), 10)) \(arrows(s.shapeSummary, ascii: ascii))"
    let titleWidth = max(8, width - 6 - displayWidth(right) - 1)
    return " " + fit(number, 2) + "  " + fit(arrows(oneLine(s.title.text(t)), ascii: ascii), titleWidth) + right
}

/// Arrows as ASCII terminals can show them, written out before the text is laid out ("5×5 → 3×3" becomes
/// "5×5 -> 3×3"); the canvas's cell-by-cell stand-ins then map the remaining glyphs.
func arrows(_ s: String, ascii: Bool) -> String {
    ascii ? s.replacing("↔", with: "<->").replacing("→", with: "->").replacing("←", with: "<-") : s
}
