import ConvModel

/// The cells of a grid that look the same on many frames: an input's numbers away from the window, the finished
/// and the pending cells of an output or a partial-sum map, the finished and untouched cells of a scatter buffer.
/// They are drawn once per viewport into the slide's `CellMemo` and copied from there, so a step draws only the
/// cells that change (the window's, the current cell, the cells the stamp is still adding to). A class, so a grid
/// (copied with its panel while a layout is searched) carries one reference.
final class FixedCells {
    /// A look that does not change from step to step, and its name in the memo: with the cell width and the
    /// viewport, the name must say everything the look depends on besides the slide (whose memo it is).
    struct Layer {
        let name: CellMemo.Name
        let look: (Int, Int) -> GridLook
    }

    /// Where one row's cells come from: those before `live` from layer `before`, those from `live.upperBound` on
    /// from layer `after`, and the live ones from the grid's own `look`, drawn this frame. `rows` says how many
    /// rows from this one on split the same way (at least 1): the grid asks once for them all and copies their
    /// kept cells as one block.
    struct Split {
        var before: Int
        var live: Range<Int>
        var after: Int
        var rows = 1

        /// Every cell of the row, and of the `rows` - 1 rows after it, from `layer`.
        static func all(_ layer: Int, rows: Int = 1) -> Split {
            Split(before: layer, live: 0..<0, after: layer, rows: rows)
        }
    }

    let memo: CellMemo
    let layers: [Layer]
    let split: (Int) -> Split

    init(memo: CellMemo, layers: [Layer], split: @escaping (Int) -> Split) {
        self.memo = memo
        self.layers = layers
        self.split = split
    }

    /// Grids of fewer cells draw them all on every frame (`Grid.keep`).
    static let minimumCells = 150

    /// True while grids draw every cell with their own look, as if they kept nothing (tests compare the two).
    @TaskLocal static var bypassed = false

    /// A map whose cells are written in row-major order, `cols` a row, the one at `current` (counted from the map's
    /// first cell; negative before it, ≥ the map's cells after it) drawn live: layer `done` before it, `pending`
    /// after it.
    static func rowMajor(current: Int, cols: Int, cells: Int, done: Int, pending: Int) -> (Int) -> Split {
        let (cy, cx) = (current / cols, current % cols)
        return { r in
            guard current >= 0 else { return .all(pending, rows: .max) }
            guard current < cells else { return .all(done, rows: .max) }
            if r < cy { return .all(done, rows: cy - r) }
            if r > cy { return .all(pending, rows: .max) }
            return Split(before: done, live: cx..<(cx + 1), after: pending)
        }
    }
}

/// A slide's grid cells drawn once per viewport (`FixedCells`): per layer name, cell width and viewport, the
/// viewport's cells as canvas codes, each drawn the first time a frame takes it from the layer. Bounded: when the
/// codes kept pass `budget`, everything is dropped and drawn again as needed.
final class CellMemo: @unchecked Sendable {
    /// What a layer shows; the cases name everything its look depends on within a slide.
    enum Name: Hashable {
        /// A window lens's input channel away from the window; `equivalent`: the upsample lens's explicit input.
        case windowInput(equivalent: Bool, channel: Int)
        /// A filter's finished output cells.
        case windowOutput(equivalent: Bool, filter: Int)
        /// Channel c's finished partial sums of a filter, and their merge.
        case partial(equivalent: Bool, filter: Int, channel: Int)
        case merged(equivalent: Bool, filter: Int)
        /// "." in the pending style: cells not reached yet.
        case pending
        /// The scatter lens's input channel, stamped (visited) or not yet (normal).
        case scatterInput(channel: Int, visited: Bool)
        /// A filter's scatter buffer with every stamp added, and untouched.
        case scatterDone(filter: Int)
        case scatterPending
        /// The number of stamps on each buffer cell, with every stamp added.
        case overlapDone
    }

    struct Key: Hashable {
        let name: Name
        let cellWidth: Int
        let row: Int, col: Int, rows: Int, cols: Int
    }

    /// One viewport of a layer: `rows` × `cols` cells, `cellWidth` wide, a gutter before each, as a canvas; which
    /// cells are drawn, and how many per row are not. Only the grid that holds the memo's lock reads or writes it
    /// (`withViewports`), so its properties skip Swift's run-time exclusivity checks, which cost more than a row's
    /// copy.
    final class Viewport {
        @exclusivity(unchecked) var canvas: Canvas
        @exclusivity(unchecked) var drawn: [Bool]
        @exclusivity(unchecked) var missing: [Int]
        /// The cells not drawn yet, in all rows.
        @exclusivity(unchecked) var remaining: Int

        init(rows: Int, cols: Int, cellWidth: Int) {
            canvas = Canvas(width: cols * (cellWidth + 1) + 1, height: rows)
            drawn = [Bool](repeating: false, count: rows * cols)
            missing = [Int](repeating: cols, count: rows)
            remaining = rows * cols
        }
    }

    /// The most canvas codes kept (8 bytes each, plus a byte per cell): 4 MB. A 200×60 screen shows at most
    /// 12,000 cells; the 16-channel layers cycle through 17 maps and 16 input channels a window.
    static let budget = 1 << 19

    private let lock = Lock()
    private var entries: [Key: Viewport] = [:]
    private var codes = 0

    /// Runs `body` with the viewports of `keys` (made empty when new), holding the memo's lock.
    func withViewports<R>(_ keys: [Key], _ body: ([Viewport]) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        var viewports: [Viewport] = []
        viewports.reserveCapacity(keys.count)
        for key in keys {
            if let v = entries[key] {
                viewports.append(v)
                continue
            }
            let v = Viewport(rows: key.rows, cols: key.cols, cellWidth: key.cellWidth)
            let size = v.canvas.width * v.canvas.height
            if codes + size > Self.budget {
                entries.removeAll()
                codes = 0
            }
            entries[key] = v
            codes += size
            viewports.append(v)
        }
        return body(viewports)
    }
}
