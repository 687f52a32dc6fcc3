import ConvModel
import ScenarioFormat

/// The width of the parameter panel on a screen `width` columns wide (it takes the right-hand side of the body).
func editorPanelWidth(_ width: Int) -> Int { min(34, max(26, width / 3)) }

/// Draws the parameter panel in the columns from `x`, rows `top`…`bottom`: a row per parameter with its value,
/// the chosen one lit, the axis mode, and when the set parameters break a rule, the rule, the nearest legal value
/// and a note that the screen shows the last legal setup.
func drawEditorPanel(
    _ edit: Edit, x: Int, top: Int, bottom: Int, language t: Language, into canvas: inout Canvas
) {
    for y in top...bottom { canvas.put(x, y, "│", .rule) }
    let width = canvas.width - x - 2
    var y = top
    canvas.put(x + 2, y, t(.editorTitle), .title)
    y += 1
    let labelWidth = Edit.Row.allCases.map { displayWidth(t(label($0))) }.max() ?? 0
    for row in Edit.Row.allCases where y <= bottom {
        let chosen = row == edit.row
        let text = fit(t(label(row)), labelWidth) + "  " + value(row, edit.parameters, language: t)
        canvas.put(x + 1, y, chosen ? "▶" : " ", chosen ? .selected : .normal)
        canvas.put(x + 2, y, fit(text, width), chosen ? .selected : dimmed(row, edit.parameters))
        y += 1
    }
    let axis: Word = [.axisBoth, .axisHeight, .axisWidth][edit.axis.rawValue]
    if y <= bottom { canvas.put(x + 2, y, t(axis), .dim) }
    y += 1
    // Input and output named, for the layer drawn: which side is which is the question a transposed conv raises.
    if let g = try? edit.shown.check(), y <= bottom {
        let size = { (p: Pair) in "\(p.h)×\(p.w)" }
        canvas.put(x + 2, y, fit(t(.editorShapes, size(g.inputSize), size(g.outputSize)), width), .label)
    }
    y += 2
    guard let problem = edit.problem else { return }
    var lines = wrap(t(.editorRule, problem.message), width: width).map { ($0, Style.warning) }
    if let near = edit.nearestLegal {
        lines += wrap(t(.editorNearest, t(label(edit.row)), value(edit.row, near, language: t)), width: width)
            .map { ($0, Style.result) }
    }
    lines += wrap(t(.editorLastLegal), width: width).map { ($0, Style.dim) }
    for (line, style) in lines where y <= bottom {
        canvas.put(x + 2, y, line, style)
        y += 1
    }
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
