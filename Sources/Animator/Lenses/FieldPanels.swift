import ConvModel
import ScenarioFormat

/// One stack of the field view, with its name and its style (the same in its square, its breakdown and its
/// closed form, so the two stacks are told apart by colour, and without colour by their attributes and names).
struct FieldStack {
    let field: ReceptiveField
    let style: Style
    let language: Language
    let name: String
    /// RF after each layer (`field.sizes`).
    let sizes: [Int]
    /// What does not change with the step, made once per stack, style and language.
    private let parts: FieldParts

    init(field: ReceptiveField, style: Style, language: Language) {
        self.field = field
        self.style = style
        self.language = language
        let key = FieldParts.Key(field, style: style, language: language)
        parts = FieldParts.memo.value(key) { FieldParts(key, field: field, style: style, language: language) }
        name = parts.name
        sizes = parts.sizes
    }

    /// The layers shown at `step` (one more each step, up to the stack's own count).
    func depth(step: Int) -> Int { max(1, min(step + 1, sizes.count)) }

    /// RF after the layers shown at `step`.
    func size(step: Int) -> Int { sizes.isEmpty ? 1 : sizes[depth(step: step) - 1] }

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
    func square(step: Int, side n: Int, memo: CellMemo) -> Panel {
        let depth = depth(step: step)
        let marks = parts.squareMarks(field: field, depth: depth, side: n)
        let style = self.style
        let look: (Int, Int) -> GridLook = { r, c in
            if marks.tap[r] && marks.tap[c] { return GridLook(glyph: "●", style: .tap) }
            guard marks.field[r] && marks.field[c] else { return GridLook(glyph: "·", style: .dim) }
            return GridLook(glyph: "■", style: style)
        }
        var grid = Grid(rows: n, cols: n, cellWidth: 1, look: look)
        grid.focus = (n / 2, n / 2)
        // A stack's square after `depth` layers is the same whenever it is shown: kept per viewport (a 91×91 field
        // fills a large screen).
        let name = CellMemo.Name.fieldSquare(compare: style == .compare, depth: depth, side: n)
        grid.keep(FixedCells(memo: memo, layers: [.init(name: name, look: look)]) { _ in .all(0, rows: .max) })
        let rf = "\(self.size(step: step))×\(self.size(step: step))"
        return Panel(
            title: language(.fieldAfter, parts.squareName(width: grid.width), depth, rf), titleStyle: style, grid: grid)
    }

    /// The name in the square's title: no wider than the grid (or 31 columns, which fit beside the breakdown at
    /// 80×24): a long name is cut, with "…", the same way at every step.
    fileprivate static func squareName(_ name: String, sizes: [Int], width: Int, language: Language) -> String {
        let last = sizes.last ?? 1
        let room = max(width, 31) - displayWidth(language(.fieldAfter, "", sizes.count, "\(last)×\(last)"))
        return displayWidth(name) <= room ? name : fit(name, max(2, room)).trimmingSuffix(" ")
    }

    /// Layer `n`'s taps as a strip of input cells, spaced as in the squares: one tap every d⋅J cells, ● for the
    /// newest layer, ■ for the earlier ones, · between (`● · · · ● · · · ●`). A strip of more than 17 cells writes
    /// each run of holes as its count (`● ·7· ● ·7· ●`).
    fileprivate static func strip(_ field: ReceptiveField, layer n: Int, newest: Bool) -> String {
        let taps = field.taps(layer: n)
        let gap = (taps.count > 1 ? taps[1] : 1) - 1
        let holes = (taps.last ?? 0) + 1 > 17 && gap > 3 ? ["·\(gap)·"] : Array(repeating: "·", count: gap)
        let mark = [newest ? "●" : "■"]
        return (mark + Array(repeating: holes + mark, count: taps.count - 1).joined()).joined(separator: " ")
    }

    /// The widest strip of the stack.
    var stripWidth: Int { parts.stripWidth }

    /// The widest row label ("layer 3").
    var labelWidth: Int { parts.labelWidth }

    /// The stack's block of the breakdown at `step`: its name, then one row per layer with the newest on top
    /// (`layer 3 ● · · · ● · · · ● 7 + (3 − 1)⋅4 = 15`; rows of layers not yet added stay blank, so nothing moves
    /// between steps), then the notes' closed form when the stack is of its kind. `columns`: the label and strip
    /// widths shared by both stacks, so that their rows line up. The rows are made once per stack and columns;
    /// a step picks them.
    func breakdown(step: Int, columns: (label: Int, strip: Int)) -> [GridLook] {
        let depth = depth(step: step)
        let block = parts.block(style: style, columns: columns)
        var lines = [block.name]
        for n in sizes.indices.reversed() {
            // A layer not yet added: a blank row of the stack's block.
            lines.append(n >= depth ? block.blank : n == depth - 1 ? block.newest[n] : block.earlier[n])
        }
        if !block.closed.isEmpty { lines.append(block.closed[depth - 1]) }
        return lines
    }

    /// The notes' closed form after 1, 2, … layers, when the stack is plain (RF = (F − 1)⋅layers + 1) or 3×3 with
    /// dilations 1, 2, 4, … (RF = 2^(layers + 1) − 1); none for any other stack.
    fileprivate static func closedForms(_ field: ReceptiveField, sizes: [Int], language: Language) -> [String] {
        if let f = field.plainKernel {
            return sizes.indices.map { language(.plainClosedForm, f - 1, $0 + 1, sizes[$0]) }
        }
        if field.doublesDilation {
            return sizes.indices.map { language(.doublingClosedForm, $0 + 2, sizes[$0]) }
        }
        return []
    }
}

/// What a stack's panels are made of that does not change with the step: its name, sizes, strips and widths,
/// made once per stack (its layers), style and language, and remembered (bounded, like every `Memo`).
private final class FieldParts: @unchecked Sendable {
    struct Key: Equatable {
        let layers: [Int]
        let style: Style
        let language: Language

        init(_ field: ReceptiveField, style: Style, language: Language) {
            layers = field.layers.flatMap { [$0.kernel, $0.stride, $0.dilation] }
            self.style = style
            self.language = language
        }
    }

    static let memo = Memo<Key, FieldParts>()

    let key: Key
    let name: String
    let sizes: [Int]
    let labels: [String]
    let labelWidth: Int
    /// Each layer's strip, with ■ and with ● (the newest layer).
    let strips: [(earlier: String, newest: String)]
    let stripWidth: Int
    /// Each layer's relation without "RF = " ("3 + (3 − 1)⋅2 = 7").
    let formulas: [String]
    let closed: [String]
    private let squareNames = Memo<Int, String>(limit: 4)
    private let marks = Memo<Pair, SquareMarks>(limit: 64)
    private let blocks = Memo<Pair, Block>(limit: 4)

    init(_ key: Key, field: ReceptiveField, style: Style, language: Language) {
        self.key = key
        name = FieldStack.name(field, language: language)
        sizes = field.sizes
        labels = sizes.indices.map { language(.fieldLayerRow, $0 + 1) }
        labelWidth = displayWidth(language(.fieldLayerRow, sizes.count))
        strips = sizes.indices.map {
            (FieldStack.strip(field, layer: $0, newest: false), FieldStack.strip(field, layer: $0, newest: true))
        }
        stripWidth = strips.map { displayWidth($0.earlier) }.max() ?? 1
        formulas = sizes.indices.map { field.relation(layer: $0) }
        closed = FieldStack.closedForms(field, sizes: sizes, language: language)
    }

    /// The name in a square's title for a grid `width` columns wide.
    func squareName(width: Int) -> String {
        squareNames.value(width) {
            FieldStack.squareName(name, sizes: sizes, width: width, language: key.language)
        }
    }

    /// The marks of the square at `depth` in a `side` × `side` grid.
    func squareMarks(field: ReceptiveField, depth: Int, side: Int) -> SquareMarks {
        marks.value(Pair(depth, side)) { SquareMarks(field: field, depth: depth, side: side) }
    }

    /// The breakdown lines for the shared label and strip widths.
    func block(style: Style, columns: (label: Int, strip: Int)) -> Block {
        blocks.value(Pair(columns.label, columns.strip)) { Block(self, style: style, columns: columns) }
    }

    /// Where a square's marks go at one depth: `tap[i]` on the rows and columns of the newest layer's taps,
    /// `field[i]` on those the field reaches (a cell is a tap when both its row and column are, in the field when
    /// both are).
    struct SquareMarks {
        let tap: [Bool]
        let field: [Bool]

        init(field f: ReceptiveField, depth: Int, side n: Int) {
            let paths = f.paths(depth: depth)
            let offset = (n - paths.count) / 2
            var tap = [Bool](repeating: false, count: n)
            var field = [Bool](repeating: false, count: n)
            for (i, count) in paths.enumerated() where i + offset >= 0 && i + offset < n {
                field[i + offset] = count > 0
            }
            for i in f.newestTaps(depth: depth) where i >= 0 && i < paths.count && i + offset >= 0 && i + offset < n {
                tap[i + offset] = true
            }
            self.tap = tap
            self.field = field
        }
    }

    /// A stack's breakdown lines for shared column widths: each layer's row (earlier and newest), the blank row,
    /// the name and the closed forms, all padded to the block's width.
    struct Block {
        let name: GridLook
        let earlier: [GridLook]
        let newest: [GridLook]
        let blank: GridLook
        let closed: [GridLook]

        init(_ parts: FieldParts, style: Style, columns: (label: Int, strip: Int)) {
            func row(_ n: Int, _ strip: String) -> String {
                let left = (columns.strip - displayWidth(strip)) / 2
                let centred = String(repeating: " ", count: left) + strip
                return parts.labels[n].padding(toDisplayWidth: columns.label) + " "
                    + centred.padding(toDisplayWidth: columns.strip) + " " + parts.formulas[n]
            }
            let earlierRows = parts.sizes.indices.map { row($0, parts.strips[$0].earlier) }
            let newestRows = parts.sizes.indices.map { row($0, parts.strips[$0].newest) }
            let width = ([parts.name] + earlierRows + newestRows + parts.closed).map(displayWidth).max() ?? 0
            func line(_ text: String) -> GridLook { GridLook(text: text.padding(toDisplayWidth: width), style: style) }
            name = line(parts.name)
            earlier = earlierRows.map(line)
            newest = newestRows.map(line)
            blank = line("")
            closed = parts.closed.map(line)
        }
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
