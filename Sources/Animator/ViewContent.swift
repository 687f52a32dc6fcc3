import ScenarioFormat

/// What a lens puts in the body of the screen: panels on top, then lines of arithmetic and formulas, then the
/// narration. Built once per frame; the compact forms (fewer panels for many channels or filters) are chosen
/// from it without rebuilding anything.
public struct ViewContent {
    /// Every panel of the forms, each built and measured when a form first reads it.
    let panels: PanelSet
    /// The panels of compact level 0 (everything) … `compactLevels` (the fewest), as names of `panels`. A more
    /// compact level drops panels but keeps the grids of those it shows as they are, so every grid of the most
    /// compact level is in every fuller one (`BodyLayout` relies on it to skip fuller forms that cannot fit).
    let form: (Int) -> [FormPanel]
    /// How many compact forms there are beyond the full one.
    let compactLevels: Int
    var lines: [GridLook]
    /// Where the products of the first line, a sum, lie (`TextBytes.append(products:notingSum:)`): it is wrapped at
    /// its terms without reading them again. Nil: the first line is read as any other.
    var sumParts: SumParts? = nil
    var narration: String
    /// "5×5 → 3×3" for the title bar.
    var shapes: String

    init(
        panels: PanelSet, form: @escaping (Int) -> [FormPanel], compactLevels: Int, lines: [GridLook],
        narration: String, shapes: String
    ) {
        self.panels = panels
        self.form = form
        self.compactLevels = compactLevels
        self.lines = lines
        self.narration = narration
        self.shapes = shapes
    }

    /// Content of one form: these panels at every size.
    init(panels: [Panel], lines: [GridLook], narration: String, shapes: String) {
        let count = panels.count
        self.init(
            panels: PanelSet(panels), form: { level in (0..<count).map { FormPanel(index: $0, level: level) } },
            compactLevels: 0, lines: lines, narration: narration, shapes: shapes)
    }

    /// The panels of compact `level`, built.
    func panels(_ level: Int) -> [Panel] { panels.panels(form(level)) }
}

/// Where things were drawn, for mouse clicks: output grids by filter.
public struct HitMap: Sendable {
    struct Target: Sendable {
        let filter: Int
        let x: Int, y: Int
        let rows: Int, cols: Int, cellWidth: Int
        let origin: (r: Int, c: Int)
    }
    var outputs: [Target] = []
    /// Picker rows: screen row → scenario index.
    var pickerRows: [Int: Int] = [:]

    /// The action a click at (x, y) means, if any.
    public func action(x: Int, y: Int) -> Action? {
        if let i = pickerRows[y] { return .pickerClicked(row: i) }
        for t in outputs {
            let dx = x - t.x - 1
            let dy = y - t.y
            guard dx >= 0, dy >= 0, dy < t.rows, dx < t.cols * (t.cellWidth + 1) else { continue }
            return .outputCellClicked(filter: t.filter, row: t.origin.r + dy, col: t.origin.c + dx / (t.cellWidth + 1))
        }
        return nil
    }
}
