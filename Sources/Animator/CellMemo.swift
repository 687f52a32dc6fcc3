import ConvModel

/// The cells of a grid that look the same on many frames: an input's numbers away from the window and in it (one
/// layer with every tap tapped, one with none, one of a dilated window's holes), a kernel slice's weights
/// (tapped and untapped), the finished and the pending cells of an output or a partial-sum map, the finished and
/// untouched cells of a scatter buffer. They are drawn once per viewport into the slide's `CellMemo` and copied from
/// there, so a step draws only the cells that change (the current tap, the current cell, the cells the stamp is
/// still adding to). A class, so a grid
/// (copied with its panel while a layout is searched) carries one reference.
final class FixedCells {
    /// A look that does not change from step to step, and its name in the memo: with the cell width and the
    /// viewport, the name must say everything the look depends on besides the slide (whose memo it is).
    struct Layer {
        let name: CellMemo.Name
        let look: (Int, Int) -> GridLook

        /// The `.pending` layer: "." in the pending style, a closure with nothing to capture (none made per step).
        static var pending: Layer { Layer(name: .pending) { _, _ in pendingLook } }
        private static let pendingLook = GridLook(text: ".", style: .pending)
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
        /// Columns around `live` from two more layers: those of `span` before `live` from layer `spanBefore`, those
        /// after it from layer `spanAfter` (an input's window, its tapped and untapped cells, amid the cells away
        /// from it). Empty: none, the row is `before`, live, `after`.
        var span: Range<Int> = 0..<0
        var spanBefore = 0
        var spanAfter = 0
        /// Only every `liveStride`-th column of `live` from its first is live; the others are from layer
        /// `between` (a dilated window's taps amid its holes: the holes kept whatever the window's column, the
        /// taps drawn over them).
        var liveStride = 1
        var between = 0

        /// Every cell of the row, and of the `rows` - 1 rows after it, from `layer`.
        static func all(_ layer: Int, rows: Int = 1) -> Split {
            Split(before: layer, live: 0..<0, after: layer, rows: rows)
        }
    }

    let memo: CellMemo
    let layers: [Layer]
    let split: (Int) -> Split
    /// How many layers of this grid's size the slide's steps come to keep in all (every channel's): a grid kept
    /// whole rather than per viewport (`Grid.memoExtent`) must fit them all in the memo's budget, or it would be
    /// cleared again and again. The layers given, by default.
    let slideLayers: Int

    init(memo: CellMemo, layers: [Layer], slideLayers: Int? = nil, split: @escaping (Int) -> Split) {
        self.memo = memo
        self.layers = layers
        self.slideLayers = slideLayers ?? layers.count
        self.split = split
    }

    /// Grids of fewer cells draw them all on every frame (`Grid.keep`).
    static let minimumCells = 150
    /// The same for grids whose cells cost more to draw: a kernel's weights (looked up in the kernel), an output's
    /// or a partial-sum map's sums (found and written as numbers: a 6×6 output drawn live took ~100 instructions a
    /// cell, copied ~20).
    static let minimumCostlyCells = 25

    /// True while grids draw every cell with their own look, as if they kept nothing (tests compare the two).
    @TaskLocal static var bypassed = false

    /// One layer (0) everywhere but the block `rows` × `cols`, drawn live: a current row (`rows` one row, `cols`
    /// all), a current column (`rows` all), a window.
    static func live(rows: Range<Int>, cols: Range<Int>) -> (Int) -> Split {
        { r in
            if r < rows.lowerBound { return .all(0, rows: rows.lowerBound - r) }
            if r >= rows.upperBound { return .all(0, rows: .max) }
            return Split(before: 0, live: cols, after: 0, rows: rows.upperBound - r)
        }
    }

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
        /// A window lens's input channel on the window's rows of taps, every tap in the tapped style or none (a window
        /// without holes between its columns: the taps of one with holes are drawn live over its holes).
        case windowTaps(equivalent: Bool, channel: Int, tapped: Bool)
        /// A window lens's input channel in a dilated window, every cell a hole: its rows between rows of taps, and the
        /// cells between its taps.
        case windowHoles(equivalent: Bool, channel: Int)
        /// A filter's finished output cells.
        case windowOutput(equivalent: Bool, filter: Int)
        /// Channel c's finished partial sums of a filter, and their merge.
        case partial(equivalent: Bool, filter: Int, channel: Int)
        case merged(equivalent: Bool, filter: Int)
        /// A filter's kernel slice for channel c, every tap in the tapped style or none.
        case kernel(equivalent: Bool, filter: Int, channel: Int, tapped: Bool)
        /// "." in the pending style: cells not reached yet.
        case pending
        /// The scatter lens's input channel, stamped (visited) or not yet (normal).
        case scatterInput(channel: Int, visited: Bool)
        /// A filter's scatter buffer with every stamp added, and untouched.
        case scatterDone(filter: Int)
        case scatterPending
        /// The number of stamps on each buffer cell, with every stamp added.
        case overlapDone
        /// The checkerboard lens's input, stamped (visited) or not yet (normal), and its map of overlap counts with
        /// every stamp added.
        case checkerInput(visited: Bool)
        case checkerDone
        /// The weight-sharing map away from the window: a dim 0 in every cell.
        case sharingZero
        /// The field view's square of a stack (the scenario's layers, or with `compare` the stack compared) after
        /// `depth` layers, centred in a `side` × `side` grid.
        case fieldSquare(compare: Bool, depth: Int, side: Int)
        /// The matrix view's matrix (or with `transposed` its transpose), every entry in the plain style.
        case matrixEntries(transposed: Bool)
        /// The im2col view's patch matrix P, kernel matrix W and finished W·P + b cells, in the plain styles; W in the
        /// tapped style (its current filter's row, the same for a filter's every window).
        case im2colPatch, im2colWeights, im2colProducts, im2colWeightsTapped
        /// The matrix view's output of a filter, every cell in the result style.
        case matrixOutput(filter: Int)

        /// The case and its fields in one word, for the key's hash (names that differ may share it).
        var code: Int {
            func mix(_ tag: Int, _ flag: Bool, _ a: Int, _ b: Int = 0) -> Int {
                tag &+ (flag ? 16 : 0) &+ a &<< 5 &+ b &<< 20
            }
            switch self {
            case .windowInput(let e, let c): return mix(1, e, c)
            case .windowOutput(let e, let k): return mix(2, e, k)
            case .partial(let e, let k, let c): return mix(3, e, k, c)
            case .merged(let e, let k): return mix(4, e, k)
            case .pending: return 5
            case .scatterInput(let c, let v): return mix(6, v, c)
            case .scatterDone(let k): return mix(7, false, k)
            case .scatterPending: return 8
            case .overlapDone: return 9
            case .checkerInput(let v): return mix(14, v, 0)
            case .checkerDone: return 15
            case .sharingZero: return 16
            case .fieldSquare(let compare, let depth, let side): return mix(17, compare, depth, side)
            case .matrixEntries(let transposed): return mix(18, transposed, 0)
            case .im2colPatch: return 19
            case .im2colWeights: return 20
            case .im2colProducts: return 21
            case .im2colWeightsTapped: return 24
            case .matrixOutput(let k): return mix(23, false, k)
            case .windowHoles(let e, let c): return mix(22, e, c)
            case .kernel(let e, let k, let c, let tapped): return mix(tapped ? 10 : 11, e, k, c)
            case .windowTaps(let e, let c, let tapped): return mix(tapped ? 12 : 13, e, c)
            }
        }
    }

    /// A layer's viewport: its name, the cell width and the viewport. Hashed as two words (a frame looks up a few
    /// keys per grid: the default hash of the name's case and its fields cost more than a row's copy).
    struct Key: Hashable {
        let name: Name
        let cellWidth: Int
        let row: Int, col: Int, rows: Int, cols: Int

        /// The name and cell width in one word, the viewport in another.
        private var words: (Int, Int) {
            (name.code &+ cellWidth &<< 40, row &+ col &<< 16 &+ rows &<< 32 &+ cols &<< 48)
        }

        func hash(into hasher: inout Hasher) {
            let (a, b) = words
            hasher.combine(a)
            hasher.combine(b)
        }

        /// The key's slot among `slots` recent ones (`CellMemo.recent`): a multiplicative hash, no `Hasher`.
        func slot(of slots: Int) -> Int {
            let a = UInt64(bitPattern: Int64(words.0))
            let b = UInt64(bitPattern: Int64(words.1))
            let h = (a &* 0x9E37_79B9_7F4A_7C15 ^ b) &* 0xBF58_476D_1CE4_E5B9
            return Int(truncatingIfNeeded: h >> 40) & (slots - 1)
        }
    }

    /// One viewport of a layer: `rows` × `cols` cells, `cellWidth` wide, a gutter before each, as a canvas; which
    /// cells are drawn, and how many per row are not. Only the grid that holds the memo's lock reads or writes it
    /// (`withViewports`), so its properties skip Swift's run-time exclusivity checks, which cost more than a row's
    /// copy.
    final class Viewport {
        @exclusivity(unchecked) var canvas: Canvas
        /// A bit per cell, set once it is drawn: `words` words a row, column c of a row in bit c % 64 of its word
        /// c / 64 (a frame looks for the undrawn cells of many row segments, mostly all drawn). Its own memory, read
        /// and written without the array's uniqueness checks.
        private let drawn: UnsafeMutablePointer<UInt64>
        private let words: Int
        /// Per row, the cells not drawn yet.
        private let missing: UnsafeMutablePointer<Int>
        /// The cells not drawn yet, in all rows.
        @exclusivity(unchecked) private(set) var remaining: Int

        init(rows: Int, cols: Int, cellWidth: Int) {
            canvas = Canvas(width: cols * (cellWidth + 1) + 1, height: rows)
            words = (cols + 63) / 64
            drawn = .allocate(capacity: rows * words)
            drawn.initialize(repeating: 0, count: rows * words)
            missing = .allocate(capacity: rows)
            missing.initialize(repeating: cols, count: rows)
            remaining = rows * cols
        }

        deinit {
            drawn.deallocate()
            missing.deallocate()
        }

        /// The cells of row `vr` not drawn yet.
        @inline(__always)
        func missing(row vr: Int) -> Int { missing[vr] }

        /// The first column of `from..<to` in row `vr` that is drawn (`isDrawn`) or not, else `to`.
        @inline(__always)
        func first(drawn isDrawn: Bool, row vr: Int, from: Int, to: Int) -> Int {
            var c = from
            while c < to {
                let word = drawn[vr * words + (c >> 6)]
                let bits = (isDrawn ? word : ~word) >> UInt64(c & 63)
                if bits != 0 { return min(c + bits.trailingZeroBitCount, to) }
                c = (c | 63) + 1
            }
            return to
        }

        /// Notes columns `cols` of row `vr` drawn (none of them was).
        @inline(__always)
        func markDrawn(row vr: Int, _ cols: Range<Int>) {
            for c in cols { drawn[vr * words + (c >> 6)] |= 1 << UInt64(c & 63) }
            missing[vr] -= cols.count
            remaining -= cols.count
        }
    }

    /// The most canvas codes kept (8 bytes each, plus a bit per cell): 4 MB. A 200×60 screen shows at most
    /// 12,000 cells; a 16-channel layer cycles through its maps and, per input channel, the cells away from the
    /// window, the window's tapped and untapped layers (its holes, for a dilated window) and the kernel
    /// slices (a 16-channel layer with dilation 2, 5×5 kernels, at 200×60 stays inside it: 0.37 M instructions a
    /// step, as without dilation).
    static let budget = 1 << 19

    /// Read and written only under `lock`.
    private let lock = Lock()
    @exclusivity(unchecked) private var entries: [Key: Viewport] = [:]
    /// The viewports used last, in the slot of their key (`Key.slot`): a frame looks up the same ten or so keys as
    /// the frame before, and hashing a key for the dictionary cost more than copying a row. Made with the first
    /// viewport (about 70 KB): a slide that the picker only lists never draws a grid.
    @exclusivity(unchecked) private var recentKeys: [Key] = []
    @exclusivity(unchecked) private var recent: [Viewport?] = []
    private static let recentSlots = 1024
    /// The key of an empty slot: no viewport has it.
    private static let noKey = Key(name: .pending, cellWidth: -1, row: 0, col: 0, rows: 0, cols: 0)
    @exclusivity(unchecked) private var codes = 0
    /// How many times the budget made it drop everything (tests: a walk that keeps it busy drops nothing).
    @exclusivity(unchecked) private(set) var clears = 0

    /// Runs `body` with the viewports of `layers` for cells `cellWidth` wide and the viewport of `rows` × `cols`
    /// cells from (`row`, `col`) (made empty when new), holding the memo's lock.
    func withViewports<R>(
        _ layers: [FixedCells.Layer], cellWidth: Int, row: Int, col: Int, rows: Int, cols: Int,
        _ body: (UnsafeBufferPointer<Viewport>) -> R
    ) -> R {
        lock.lock()
        defer { lock.unlock() }
        return withUnsafeTemporaryAllocation(of: Viewport.self, capacity: layers.count) { viewports in
            for (i, layer) in layers.enumerated() {
                let key = Key(name: layer.name, cellWidth: cellWidth, row: row, col: col, rows: rows, cols: cols)
                (viewports.baseAddress! + i).initialize(to: viewport(key))
            }
            defer { viewports.baseAddress!.deinitialize(count: layers.count) }
            return body(UnsafeBufferPointer(viewports))
        }
    }

    /// The viewport of `key`, made empty when new. Only under `lock`.
    private func viewport(_ key: Key) -> Viewport {
        if recent.isEmpty {
            recentKeys = [Key](repeating: Self.noKey, count: Self.recentSlots)
            recent = [Viewport?](repeating: nil, count: Self.recentSlots)
        }
        let slot = key.slot(of: Self.recentSlots)
        if recentKeys[slot] == key, let v = recent[slot] { return v }
        if let v = entries[key] {
            (recentKeys[slot], recent[slot]) = (key, v)
            return v
        }
        let v = Viewport(rows: key.rows, cols: key.cols, cellWidth: key.cellWidth)
        let size = v.canvas.width * v.canvas.height
        if codes + size > Self.budget {
            entries.removeAll()
            for i in recent.indices { (recentKeys[i], recent[i]) = (Self.noKey, nil) }
            codes = 0
            clears += 1
        }
        entries[key] = v
        (recentKeys[slot], recent[slot]) = (key, v)
        codes += size
        return v
    }
}
