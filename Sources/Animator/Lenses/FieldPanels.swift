import ConvModel
import ScenarioFormat

/// One stack of the field view, with its name and its style (the same in its square, its breakdown and its
/// closed form, so the two stacks are told apart by colour, and without colour by their attributes and names).
struct FieldStack {
    let field: ReceptiveField
    let style: Style
    let language: Language
    let name: String

    init(field: ReceptiveField, style: Style, language: Language) {
        self.field = field
        self.style = style
        self.language = language
        name = Self.name(field, language: language)
    }

    /// The layers shown at `step` (one more each step, up to the stack's own count).
    func depth(step: Int) -> Int { max(1, min(step + 1, field.sizes.count)) }

    /// RF after the layers shown at `step`.
    func size(step: Int) -> Int { field.sizes.isEmpty ? 1 : field.sizes[depth(step: step) - 1] }

    /// What the stack is: "plain 3×3", "dilated 1,2,4" (3×3 kernels), "3×3 S 2,1,1", "F 5,3 dilated 1,2 S 1,2".
    static func name(_ f: ReceptiveField, language t: Language) -> String {
        let separator = t(.stackListSeparator)
        func list(_ xs: [Int]) -> String { xs.map(String.init).joined(separator: separator) }
        let ks = f.layers.map(\.kernel)
        let ds = f.layers.map(\.dilation)
        let ss = f.layers.map(\.stride)
        let kernels = ks.allSatisfy { $0 == ks.first } ? "\(ks[0])×\(ks[0])" : t(.kernelsOfStack, list(ks))
        let strided = ss.contains { $0 != 1 }
        let dilated = ds.contains { $0 != 1 }
        guard dilated || strided else { return t(.plainStack, kernels) }
        var parts: [String] = []
        if !dilated || ks.contains(where: { $0 != 3 }) { parts.append(kernels) }
        if dilated { parts.append(t(.dilatedStack, list(ds))) }
        if strided { parts.append(t(.stridesOfStack, list(ss))) }
        return parts.joined(separator: " ")
    }

    /// The field after the layers of `step`, centred in a `side` × `side` grid: ● where the newest layer's taps
    /// land (even on a hole of the field), ■ the rest of the field, · cells that do not reach the output cell.
    func square(step: Int, side n: Int) -> Panel {
        let depth = depth(step: step)
        let paths = field.paths(depth: depth)
        let size = paths.count
        let offset = (n - size) / 2
        let taps = Set(field.newestTaps(depth: depth))
        let style = self.style
        let look: (Int, Int) -> GridLook = { r, c in
            let rr = r - offset
            let cc = c - offset
            guard rr >= 0, rr < size, cc >= 0, cc < size else { return GridLook(text: "·", style: .dim) }
            if taps.contains(rr) && taps.contains(cc) { return GridLook(text: "●", style: .tap) }
            guard paths[rr] > 0, paths[cc] > 0 else { return GridLook(text: "·", style: .dim) }
            return GridLook(text: "■", style: style)
        }
        var grid = Grid(rows: n, cols: n, cellWidth: 1, look: look)
        grid.focus = (n / 2, n / 2)
        // The title is no wider than the grid (or 31 columns, which fit beside the breakdown at 80×24): a long name
        // is cut, with "…", the same way at every step.
        let rf = "\(self.size(step: step))×\(self.size(step: step))"
        let last = field.sizes.last ?? 1
        let room = max(grid.width, 31) - displayWidth(language(.fieldAfter, "", field.sizes.count, "\(last)×\(last)"))
        let shown = displayWidth(name) <= room ? name : fit(name, max(2, room)).trimmingSuffix(" ")
        return Panel(title: language(.fieldAfter, shown, depth, rf), titleStyle: style, grid: grid)
    }

    /// Layer `n`'s taps as a strip of input cells, spaced as in the squares: one tap every d⋅J cells, ● for the
    /// newest layer, ■ for the earlier ones, · between (`● · · · ● · · · ●`). A strip of more than 17 cells writes
    /// each run of holes as its count (`● ·7· ● ·7· ●`).
    func strip(layer n: Int, newest: Bool) -> String {
        let taps = field.taps(layer: n)
        let gap = (taps.count > 1 ? taps[1] : 1) - 1
        let holes = (taps.last ?? 0) + 1 > 17 && gap > 3 ? ["·\(gap)·"] : Array(repeating: "·", count: gap)
        let mark = [newest ? "●" : "■"]
        return (mark + Array(repeating: holes + mark, count: taps.count - 1).joined()).joined(separator: " ")
    }

    /// The widest strip of the stack.
    var stripWidth: Int { field.sizes.indices.map { displayWidth(strip(layer: $0, newest: false)) }.max() ?? 1 }

    /// The widest row label ("layer 3").
    var labelWidth: Int { displayWidth(language(.fieldLayerRow, field.sizes.count)) }

    /// The stack's block of the breakdown at `step`: its name, then one row per layer with the newest on top
    /// (`layer 3 ● · · · ● · · · ● 7 + (3 − 1)⋅4 = 15`; rows of layers not yet added stay blank, so nothing moves
    /// between steps), then the notes' closed form when the stack is of its kind. `columns`: the label and strip
    /// widths shared by both stacks, so that their rows line up.
    func breakdown(step: Int, columns: (label: Int, strip: Int)) -> [GridLook] {
        let t = language
        let depth = depth(step: step)
        func row(_ n: Int) -> String {
            let strip = strip(layer: n, newest: n == depth - 1)
            let left = (columns.strip - displayWidth(strip)) / 2
            let centred = String(repeating: " ", count: left) + strip
            return t(.fieldLayerRow, n + 1).padding(toDisplayWidth: columns.label) + " "
                + centred.padding(toDisplayWidth: columns.strip) + " "
                + field.formula(layer: n).replacing("RF = ", with: "")
        }
        let rows = field.sizes.indices.reversed().map { row($0) }
        let closed = closedForms()
        let width = ([name] + rows + closed).map(displayWidth).max() ?? 0
        func line(_ text: String) -> GridLook { GridLook(text: text.padding(toDisplayWidth: width), style: style) }
        var lines = [line(name)]
        for (i, text) in zip(field.sizes.indices.reversed(), rows) {
            lines.append(line(i < depth ? text : ""))  // a layer not yet added: a blank row of the stack's block
        }
        if !closed.isEmpty { lines.append(line(closed[depth - 1])) }
        return lines
    }

    /// The notes' closed form after 1, 2, … layers, when the stack is plain (RF = (F − 1)⋅layers + 1) or 3×3 with
    /// dilations 1, 2, 4, … (RF = 2^(layers + 1) − 1); none for any other stack.
    private func closedForms() -> [String] {
        let sizes = field.sizes
        if let f = field.plainKernel {
            return sizes.indices.map { language(.plainClosedForm, f - 1, $0 + 1, sizes[$0]) }
        }
        if field.doublesDilation {
            return sizes.indices.map { language(.doublingClosedForm, $0 + 2, sizes[$0]) }
        }
        return []
    }
}

extension String {
    /// The string without the trailing run of `c`.
    fileprivate func trimmingSuffix(_ c: Character) -> String {
        var s = self
        while s.last == c { s.removeLast() }
        return s
    }
}
