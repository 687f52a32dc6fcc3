import ScenarioFormat

/// What a lens puts in the body of the screen: panels on top, then lines of arithmetic and formulas, then the
/// narration. Built once per frame; the compact forms (fewer panels for many channels or filters) are chosen
/// from it without rebuilding anything.
public struct ViewContent {
    /// The panels of compact level 0 (everything) … `compactLevels` (the fewest). A more compact level drops
    /// panels but keeps the grids of those it shows as they are, so every grid of the most compact level is in
    /// every fuller one (`BodyLayout` relies on it to skip fuller forms that cannot fit).
    var panels: (Int) -> [Panel]
    /// How many compact forms there are beyond the full one.
    let compactLevels: Int
    var lines: [GridLook]
    var narration: String
    /// "5×5 → 3×3" for the title bar.
    var shapes: String
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
