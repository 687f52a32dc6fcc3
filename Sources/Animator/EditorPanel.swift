import ConvModel
import ScenarioFormat

/// The rows the parameter panel takes at the bottom of the body: a title rule, four rows of parameters in three
/// columns, and two rows for a broken rule (kept even when none is, so nothing moves as the student edits).
let editorPanelRows = 7

/// Draws the parameter panel in rows `top`… of the body, the full width: each parameter with its value (the
/// chosen one lit), the axis mode, which side is input and which output, and when the set parameters break a rule,
/// the nearest legal value, the rule, and a note that the screen shows the last legal setup.
func drawEditorPanel(_ edit: Edit, top: Int, language t: Language, ascii: Bool, into canvas: inout Canvas) {
    if let solving = edit.solving {
        drawSolver(edit, solving, top: top, language: t, ascii: ascii, into: &canvas)
        return
    }
    let width = canvas.width - 2
    let axis: Word = [.axisBoth, .axisHeight, .axisWidth][edit.axis.rawValue]
    var header = "─ " + t(.editorTitle) + " ─ " + t(axis) + " "
    if let g = try? edit.shown.check() {
        let size = { (p: Pair) in "\(p.h)×\(p.w)" }
        header += "─ " + arrows(t(.editorShapes, size(g.inputSize), size(g.outputSize)), ascii: ascii) + " "
    }
    ruleLine(header, top: top, into: &canvas)
    let rows = Edit.Row.allCases
    let columnWidth = width / 3
    let labelWidth = rows.map { displayWidth(t(label($0))) }.max() ?? 0
    for (i, row) in rows.enumerated() {
        let x = 1 + (i / 4) * columnWidth
        let y = top + 1 + i % 4
        let chosen = row == edit.row
        let text = fit(t(label(row)), labelWidth) + " " + value(row, edit.parameters, language: t)
        canvas.put(x, y, chosen ? "▶" : " ", chosen ? .selected : .normal)
        canvas.put(x + 1, y, fit(text, columnWidth - 2), chosen ? .selected : dimmed(row, edit.parameters))
    }
    if drawSaving(edit, top: top + 5, width: width, language: t, into: &canvas) { return }
    guard let problem = edit.problem else {
        drawAbout(edit, top: top + 5, width: width, language: t, into: &canvas)
        return
    }
    var second = t(.editorLastLegal)
    if let near = edit.nearestLegal {
        second = t(.editorNearest, t(label(edit.row)), value(edit.row, near, language: t)) + t(.panelJoin) + second
    }
    canvas.put(1, top + 5, fit(t(.editorRule, ruleText(problem, language: t)), width), .warning)
    canvas.put(1, top + 6, fit(second, width), .result)
}

/// The solver in the panel's rows: the settings that give the wanted size (12 at a time, around the one chosen),
/// the chosen one's law with its numbers, and the keys.
private func drawSolver(
    _ edit: Edit, _ solving: Solving, top: Int, language t: Language, ascii: Bool, into canvas: inout Canvas
) {
    let width = canvas.width - 2
    let p = edit.parameters
    let found = p.solutions(for: solving.wanted)
    let size = { (v: Pair) in "\(v.h)×\(v.w)" }
    let kernel = p.kernelSize.isSquare ? "\(p.kernelSize.h)" : size(p.kernelSize)
    let op = t(p.op.scatters ? .opTransposed : .opConv)
    let title = t(.solveTitle, size(p.inputSize), size(solving.wanted), kernel, op, found.count)
    let header = "─ " + arrows(title, ascii: ascii) + " "
    ruleLine(header, top: top, into: &canvas)
    let first = max(0, min(solving.choice - 5, found.count - 12))
    let columnWidth = width / 3
    for (n, q) in found.enumerated().dropFirst(first).prefix(12) {
        let i = n - first
        let x = 1 + (i / 4) * columnWidth
        let y = top + 1 + i % 4
        var text = "S \(q.stride.h)  P \(q.padding.h)  d \(q.dilation.h)"
        if q.op.scatters { text += "  a \(q.outputPadding.h)" }
        let chosen = n == solving.choice
        canvas.put(x, y, chosen ? "▶" : " ", chosen ? .selected : .normal)
        canvas.put(x + 1, y, fit(text, columnWidth - 2), chosen ? .selected : .normal)
    }
    if found.indices.contains(solving.choice), let g = try? found[solving.choice].check() {
        let r = Relationship.of(g)
        let law = t(.relationshipNumber, r.width.number) + ": " + r.width.substituted
        canvas.put(1, top + 5, fit(law, width), .formula)
    } else {
        // The paddings tried: up to the kernel, the same on both axes (`Parameters.solutions`).
        let most = min(p.kernelSize.h, p.kernelSize.w)
        canvas.put(1, top + 5, fit(t(.solveNone, size(p.inputSize), size(solving.wanted), most), width), .warning)
    }
}

/// The save dialog's two rows (the name with a cursor, then what Enter does) or what the last save did; false
/// when neither is shown.
private func drawSaving(_ edit: Edit, top: Int, width: Int, language t: Language, into canvas: inout Canvas) -> Bool {
    var second: (String, Style)?
    switch edit.saveMessage {
    case .saved(let f): second = (t(.saveDone, f), .result)
    case .exists(let f): second = (t(.saveExists, f), .warning)
    case .failed(let error): second = ("✗ " + error.line(t), .warning)
    case .nothingToSave: second = ("✗ " + ScenarioProblem.output(.nothingToSave).text(t), .warning)
    case nil: break
    }
    if let dialog = edit.saving {
        canvas.put(1, top, fit(t(.saveAs, dialog.name) + "▏", width), .selected)
        let hint = second ?? (t(.saveHint), .dim)
        canvas.put(1, top + 1, fit(hint.0, width), hint.1)
        return true
    }
    guard let second else { return false }
    canvas.put(1, top, fit(second.0, width), second.1)
    return true
}

/// The two rows under a legal setup: the paper's relationship (its number, name and law, then with the numbers),
/// or with `c` the PyTorch call that computes the same layer.
private func drawAbout(_ edit: Edit, top: Int, width: Int, language t: Language, into canvas: inout Canvas) {
    guard let g = try? edit.shown.check() else { return }
    var rows: [(String, Style)]
    if edit.showsCode {
        let setup = LayerSetup(
            channels: edit.shown.channels, inputSize: edit.shown.inputSize, filters: edit.shown.filters,
            kernelSize: edit.shown.kernelSize, spec: g.spec)
        let call = PyTorchCall(setup, geometry: g)
        // ConvTranspose2d stores its weight [C_in][C_out][kh][kw]: convlens's kernel with its first axes swapped.
        let note = call.weightSwapped ? "  # weight [C_in][C_out]" : ""
        let lines = [call.prePad, call.module, call.crop].compactMap { $0 }.joined(separator: "; ") + note
        let wrapped = wrap(lines, width: width)
        rows = wrapped.prefix(2).map { ($0, Style.formula) }
        if wrapped.count > 2 { rows[1].0 = fit(rows[1].0 + " …", width) }
    } else {
        let r = Relationship.of(g)
        let name = t(.relationshipNamed, t(.relationshipNumber, r.width.number), t(.relationship(r.width.kind)))
        rows = [(name + r.width.law, .label), (r.width.substituted, .formula)]
        if !r.isSame {
            rows[1].0 = "W: " + r.width.substituted + "   H: " + r.height.substituted
        }
    }
    for (i, row) in rows.enumerated() { canvas.put(1, top + i, fit(row.0, width), row.1) }
}

/// The panel's top line: its title and state on a rule across the screen.
private func ruleLine(_ header: String, top: Int, into canvas: inout Canvas) {
    canvas.put(0, top, header + String(repeating: "─", count: max(0, canvas.width - displayWidth(header))), .rule)
}

private func label(_ row: Edit.Row) -> Word {
    switch row {
    case .op: .rowOp
    case .channels: .rowChannels
    case .input: .rowInput
    case .filters: .rowFilters
    case .kernel: .rowKernel
    case .stride: .rowStride
    case .padding: .rowPadding
    case .paddingMode: .rowPaddingMode
    case .dilation: .rowDilation
    case .outputPadding: .rowOutputPadding
    }
}

/// A row that does not apply to the set-up (output padding of a direct convolution) is dim.
private func dimmed(_ row: Edit.Row, _ p: Parameters) -> Style {
    row == .outputPadding && !p.op.scatters ? .dim : .normal
}

/// "2", "2×3" (height × width), the padding as worked out by its mode, the op's name.
private func value(_ row: Edit.Row, _ p: Parameters, language t: Language) -> String {
    func pair(_ v: Pair) -> String { v.isSquare ? "\(v.h)" : "\(v.h)×\(v.w)" }
    switch row {
    case .op: return t(p.op.scatters ? .opTransposed : .opConv)
    case .channels: return "\(p.channels)"
    case .input: return "\(p.inputSize.h)×\(p.inputSize.w)"
    case .filters: return "\(p.filters)"
    case .kernel: return pair(p.kernelSize)
    case .stride: return pair(p.stride)
    case .padding:
        guard let resolved = try? p.resolvedPadding() else { return pair(p.padding) }
        return sides(resolved)
    case .paddingMode:
        let words: [PaddingMode: Word] = [
            .explicit: .modeExplicit, .valid: .modeValid, .same: .modeSame, .full: .modeFull,
        ]
        return t(words[p.paddingMode] ?? .modeExplicit)
    case .dilation: return pair(p.dilation)
    case .outputPadding: return p.op.scatters ? pair(p.outputPadding) : t(.editorTransposedOnly)
    }
}
