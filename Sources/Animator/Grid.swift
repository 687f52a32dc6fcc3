import ConvModel
import ScenarioFormat

/// What one grid cell shows.
struct GridLook: Equatable {
    /// Text, or a number as `Num.display` writes it. A grid draws a whole number straight into the canvas: the
    /// cells of a large layer make no string.
    enum Content {
        case text(String)
        case number(Double)
        /// Text of one scalar one column wide (".", "?", "░"), kept as the scalar.
        case glyph(Unicode.Scalar)
        /// Text as the UTF-8 bytes it was written in (`TextBytes`, valid): a sum's line, wrapped and put into the
        /// canvas as bytes (`wrappedRows`), never made a `String` on the way (checking a 16-channel sum's thousand
        /// bytes as a string cost ~10K instructions a step).
        case utf8([UInt8])
    }

    var content: Content
    var style: Style
    /// For a formula line: true when it is a sum (`a⋅b + c⋅d = v`), which wraps at its terms and keeps its
    /// result when cut; false for a formula that is a list or prose (wraps at words, cut with "…").
    var isSum = true

    init(text: String, style: Style, isSum: Bool = true) {
        content = .text(text)
        if text.utf8.count <= 4 {
            var scalars = text.unicodeScalars.makeIterator()
            if let first = scalars.next(), scalars.next() == nil, simpleWidth(first.value) == 1 {
                content = .glyph(first)
            }
        }
        self.style = style
        self.isSum = isSum
    }

    /// Text given as its UTF-8 bytes (valid: written by `TextBytes`).
    init(utf8: [UInt8], style: Style, isSum: Bool = true) {
        assert(String(validating: utf8, as: UTF8.self) != nil, "GridLook(utf8:) takes valid UTF-8")
        content = .utf8(utf8)
        self.style = style
        self.isSum = isSum
    }

    /// One scalar one column wide (see `simpleWidth`).
    init(glyph: Unicode.Scalar, style: Style) {
        content = .glyph(glyph)
        self.style = style
    }

    /// A number, shown as `Num.display(value)`.
    init(number value: Double, style: Style) {
        content = .number(value)
        self.style = style
    }

    var text: String {
        get {
            switch content {
            case .text(let s): s
            case .number(let v): Num.display(v)
            case .glyph(let g): String(Character(g))
            case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
            }
        }
        set { content = .text(newValue) }
    }

    /// Equal when they read the same: a number equals its text.
    static func == (a: GridLook, b: GridLook) -> Bool { a.text == b.text && a.style == b.style && a.isSum == b.isSum }
}

/// A rectangle of grid cells marked by brackets drawn in the gutters between columns.
struct Bracket {
    var r0: Int, c0: Int, r1: Int, c1: Int
    var style: Style
    /// A ghost (the previous window) is drawn with dotted sides and never hides a current bracket.
    var ghost = false

    init(r0: Int, c0: Int, r1: Int, c1: Int, style: Style, ghost: Bool = false) {
        self.r0 = r0
        self.c0 = c0
        self.r1 = r1
        self.c1 = c1
        self.style = style
        self.ghost = ghost
    }

    /// The window whose top-left cell is `window`, `size` cells high and wide.
    init(window: Pair, size: Pair, style: Style, ghost: Bool = false) {
        self.init(
            r0: window.h, c0: window.w, r1: window.h + size.h - 1, c1: window.w + size.w - 1,
            style: style, ghost: ghost)
    }
}

/// A grid of numbers with a one-column gutter before every cell, where window brackets are drawn. Large grids
/// show a viewport that follows `focus`.
struct Grid {
    let rows: Int
    let cols: Int
    let cellWidth: Int
    let look: (Int, Int) -> GridLook
    var brackets: [Bracket] = []
    /// A mark after the end of a row, and under a column (rows / columns never covered).
    var rowMarks: [Int: GridLook] = [:]
    var colMarks: [Int: GridLook] = [:]
    /// The cell the viewport keeps in view.
    var focus: (r: Int, c: Int) = (0, 0)
    /// When set, the viewport pages instead of centring `focus`: `focus` is the middle cell (`span / 2` in) of a
    /// window `span` high and wide, and the viewport keeps its origin while that window stays inside it, then
    /// jumps by a page (see `origin`). Stepping then changes only the cells around the window, not the whole
    /// visible grid. The layout keeps the whole window in view when the screen allows it (`searchLayout`); a
    /// kernel is a window over all of itself (its size, `focus` its middle).
    var focusSpan: (r: Int, c: Int)? = nil
    /// Pages like `focusSpan` (the viewport stays put while a window this large moves inside it), without asking the
    /// layout to keep the window in view: for grids whose viewport another grid's must match row for row (the
    /// checkerboard's map and its counts per row and column), where `focusSpan` would let the layout cut them apart.
    var pageSpan: (r: Int, c: Int)? = nil
    /// The most rows and columns shown; the viewport scrolls beyond.
    var maxRows = Int.max
    var maxCols = Int.max
    /// A row above the cells, in their columns (a vector over a matrix's columns); it scrolls with the columns.
    var header: ((Int) -> GridLook)? = nil
    /// A cell after each row, `tailWidth` wide (a vector beside a matrix's rows); it scrolls with the rows.
    var tail: ((Int) -> GridLook)? = nil
    var tailWidth = 0
    /// Cells that look the same on many frames, taken from the slide's memo instead of `look` (see `FixedCells`).
    var fixed: FixedCells? = nil

    /// Takes the cells of `fixed` from the slide's memo (see `FixedCells`) when the grid is large enough for that
    /// to pay: a small grid draws its cells faster than it looks up kept ones.
    /// `minimumCells`: a grid whose cells cost more to draw (a kernel's weights, looked up in the kernel) keeps
    /// them from fewer cells on.
    mutating func keep(_ fixed: @autoclosure () -> FixedCells, minimumCells: Int = FixedCells.minimumCells) {
        if rows * cols >= minimumCells { self.fixed = fixed() }
    }

    var visibleRows: Int { min(rows, max(1, maxRows)) }
    var visibleCols: Int { min(cols, max(1, maxCols)) }
    /// Columns beside the cells: the row marks and the tail.
    var sideWidth: Int { (rowMarks.isEmpty ? 0 : 2) + (tail == nil ? 0 : tailWidth + 1) }
    /// Rows besides the cells: the header and the column marks.
    var extraRows: Int { (colMarks.isEmpty ? 0 : 1) + (header == nil ? 0 : 1) }
    var width: Int { visibleCols * (cellWidth + 1) + 1 + sideWidth }
    var height: Int { visibleRows + extraRows }
    var isClipped: Bool { visibleRows < rows || visibleCols < cols }

    /// The first visible row and column, set by the layout for the grid of a panel that follows another
    /// (`Panel.link`): row << 32 | column, -1 when not set (one word: a grid is copied with its panel).
    var shownFrom = -1
    /// The cell a viewport smaller than the window (`focusSpan`) keeps in view instead of the window's middle:
    /// the current tap in tap mode (row << 32 | column), -1 for none.
    var detail = -1

    /// The first visible row and column: the focus cell centred where possible, or with a `focusSpan`, the page
    /// holding the focus window. Pages are `visible - span + 1` cells apart, so a window that starts on a page
    /// fits in it whole; the last page is pulled back to end at the grid's edge. A window larger than the
    /// viewport (but not than the grid) pages by half the viewport, its middle (the focus) kept in the middle half:
    /// the numbers stay put while the window moves over them (centred on the window, every number shown would move
    /// on every step); with a `detail` (the current tap) it is that cell that the pages keep in the middle half. A
    /// span of the whole grid centres the focus. A pure function of the focus and detail: stepping back shows the
    /// same viewport again.
    var origin: (r: Int, c: Int) {
        if shownFrom >= 0 { return (shownFrom >> 32, shownFrom & 0xFFFF_FFFF) }
        func start(_ focus: Int, _ detail: Int, _ span: Int?, _ visible: Int, _ total: Int) -> Int {
            // A span as large as the grid (a kernel over all of itself, `.max`: a whole axis) keeps it centred.
            guard let span, span <= visible || span < total else {
                return max(0, min(total - visible, focus - visible / 2))
            }
            let page = span <= visible ? visible - span + 1 : max(1, visible / 2)
            let first = max(
                0, span <= visible ? focus - span / 2 : (detail >= 0 ? detail : focus) - (visible - page) / 2)
            return max(0, min(total - visible, first / page * page))
        }
        return (
            start(focus.r, detail >= 0 ? detail >> 32 : -1, (focusSpan ?? pageSpan)?.r, visibleRows, rows),
            start(focus.c, detail >= 0 ? detail & 0xFFFF_FFFF : -1, (focusSpan ?? pageSpan)?.c, visibleCols, cols)
        )
    }

    /// The width of the English `viewportNote` (the widest language), counted without building it; `widest`: at
    /// the last viewport, the widest note, for a grid the layout may show from elsewhere after measuring it (a
    /// panel that follows another, `Panel.link`, `shownFrom`).
    func viewportNoteWidth(widest: Bool = false) -> Int {
        guard isClipped else { return 0 }
        func digits(_ n: Int) -> Int { n < 10 ? 1 : 1 + digits(n / 10) }
        let o = widest ? (r: rows - visibleRows, c: cols - visibleCols) : origin
        func part(_ first: Int, _ visible: Int, _ total: Int) -> Int {
            visible < total ? 5 + digits(first) + 1 + digits(first + visible - 1) + 1 + digits(total) : 0
        }
        let r = part(o.r, visibleRows, rows)
        let c = part(o.c, visibleCols, cols)
        return r + c + (r > 0 && c > 0 ? 1 : 0)
    }

    /// "rows 3–12/40 cols 1–20/30" when clipped: which part of the grid the viewport shows. Remembered by its
    /// numbers and language (`ViewportNotes`): a step of a large layer writes four or five, mostly the same.
    func viewportNote(_ t: Language) -> String? {
        guard isClipped else { return nil }
        let o = origin
        let key = ViewportNotes.Key(
            language: t, row: o.r, rows: visibleRows < rows ? visibleRows : 0, of: rows, col: o.c,
            cols: visibleCols < cols ? visibleCols : 0, ofCols: cols)
        if let note = ViewportNotes.shared[key] { return note }
        var parts: [String] = []
        if visibleRows < rows { parts.append(t(.viewportRows, o.r, o.r + visibleRows - 1, rows)) }
        if visibleCols < cols { parts.append(t(.viewportCols, o.c, o.c + visibleCols - 1, cols)) }
        let note = parts.joined(separator: " ")
        ViewportNotes.shared[key] = note
        return note
    }

    func draw(into canvas: inout Canvas, x: Int, y top: Int) {
        let o = origin
        let cells = cells
        if let header {
            for vc in 0..<visibleCols {
                cells.putRight(header(o.c + vc), into: &canvas, x: x + vc * (cellWidth + 1) + 1, y: top)
            }
        }
        let y = top + (header == nil ? 0 : 1)
        let span = visibleCols * (cellWidth + 1) + 1
        if let fixed, x >= 0, x + span <= canvas.width, y >= 0, y + visibleRows <= canvas.height, !FixedCells.bypassed {
            cells.drawCells(fixed, into: &canvas, x: x, y: y, origin: o, memo: memoExtent(fixed, origin: o))
        } else {
            for vr in 0..<visibleRows {
                cells.drawCells(
                    look, row: o.r + vr, cols: o.c..<(o.c + visibleCols), into: &canvas, x: x, y: y + vr, origin: o.c)
            }
        }
        for vr in 0..<(rowMarks.isEmpty && tail == nil ? 0 : visibleRows) {
            let r = o.r + vr
            if !rowMarks.isEmpty, let mark = rowMarks[r] {
                canvas.put(x + visibleCols * (cellWidth + 1) + 1, y + vr, mark.text, mark.style)
            }
            if let tail {
                let l = tail(r)
                let tx = x + visibleCols * (cellWidth + 1) + 1 + (rowMarks.isEmpty ? 0 : 2) + 1
                canvas.put(tx, y + vr, fit(l.text, tailWidth, right: true), l.style)
            }
        }
        if !colMarks.isEmpty {
            for vc in 0..<visibleCols {
                if let mark = colMarks[o.c + vc] {
                    cells.putRight(mark, into: &canvas, x: x + vc * (cellWidth + 1) + 1, y: y + visibleRows)
                }
            }
        }
        // Ghosts first, then the others over them (in their order; no sorted copy a frame).
        let current = brackets.first { !$0.ghost }
        for ghosts in [true, false] {
            for b in brackets where b.ghost == ghosts {
                drawBracket(b, into: &canvas, x: x, y: y, origin: o, avoiding: b.ghost ? current : nil)
            }
        }
    }

    /// The part of the grid whose cells the memo keeps as one viewport (`CellMemo`): the visible cells; the whole
    /// grid when its window is larger than the viewport (the viewport pages with the window: kept per viewport, each
    /// page was drawn again) or it follows another grid's viewport (`shownFrom`: a cut dilated kernel
    /// slides with the window), and every layer the slide comes to keep for such a grid (`slideLayers`) fits in
    /// half the memo.
    func memoExtent(_ fixed: FixedCells, origin o: (r: Int, c: Int)) -> (r: Int, c: Int, rows: Int, cols: Int) {
        let visible = (r: o.r, c: o.c, rows: visibleRows, cols: visibleCols)
        guard isClipped else { return visible }
        let moves = shownFrom >= 0 || focusSpan.map { $0.r > visibleRows || $0.c > visibleCols } ?? false
        let codes = rows * (cols * (cellWidth + 1) + 1) * fixed.slideLayers
        return moves && codes <= CellMemo.budget / 2 ? (0, 0, rows, cols) : visible
    }

    /// What drawing the cells reads of the grid: copied once per draw (a copy of the grid retains all its parts).
    private var cells: GridCells {
        GridCells(look: look, cellWidth: cellWidth, visibleRows: visibleRows, visibleCols: visibleCols)
    }

    /// Draws one bracket; a ghost skips the gutters inside `avoiding` (the current window), where it would
    /// read as a wall through the window.
    private func drawBracket(
        _ b: Bracket, into canvas: inout Canvas, x: Int, y: Int, origin o: (r: Int, c: Int), avoiding: Bracket?
    ) {
        // Only its visible rows (a matrix's column bracket spans every row: 65,536 of Cᵀ's paired C).
        let (first, last) = (max(b.r0, o.r), min(b.r1, o.r + visibleRows - 1))
        guard first <= last else { return }
        for r in first...last {
            let vr = r - o.r
            let single = b.r0 == b.r1
            let (left, right): (Unicode.Scalar, Unicode.Scalar)
            if b.ghost {
                (left, right) = ("┆", "┆")
            } else if single {
                (left, right) = ("[", "]")
            } else if r == b.r0 {
                (left, right) = ("┌", "┐")
            } else if r == b.r1 {
                (left, right) = ("└", "┘")
            } else {
                (left, right) = ("│", "│")
            }
            // A one-row bracket wider than the viewport (a matrix row) keeps its ends at the viewport's edges.
            let overlaps = b.c1 >= o.c && b.c0 < o.c + visibleCols
            let clamp = single && !b.ghost && overlaps
            for (col, glyph) in [(b.c0, left), (b.c1 + 1, right)] {
                let vc = clamp ? min(max(col - o.c, 0), visibleCols) : col - o.c
                guard vc >= 0, vc <= visibleCols else { continue }
                if let w = avoiding, r >= w.r0, r <= w.r1, col >= w.c0, col <= w.c1 + 1 { continue }
                let gx = x + vc * (cellWidth + 1)
                // A ghost never overwrites a bracket already drawn for the current window.
                if b.ghost, gx >= 0, gx < canvas.width, y + vr >= 0, y + vr < canvas.height,
                    canvas.scalar(gx, y + vr) != " "
                {
                    continue
                }
                // Each glyph is one column wide: written as `put` would, without reading it as text.
                _ = canvas.withRow(y + vr) { $0.putRight(gx, count: 1, glyph: glyph.value, b.style) }
            }
        }
    }
}

/// A grid's cells as its `draw` writes them: the live look, the cell width and the visible rows and columns.
private struct GridCells {
    let look: (Int, Int) -> GridLook
    let cellWidth: Int
    let visibleRows: Int, visibleCols: Int

    /// Draws the visible cells from the memo's viewports of `fixed`'s layers (each the part `memo` of the grid,
    /// which holds the visible cells), each drawn there the first time it is needed, and the live cells with `look`.
    func drawCells(
        _ fixed: FixedCells, into canvas: inout Canvas, x: Int, y: Int, origin o: (r: Int, c: Int),
        memo m: (r: Int, c: Int, rows: Int, cols: Int)
    ) {
        let (rows, cols, cellWidth) = (visibleRows, visibleCols, cellWidth)
        fixed.memo.withViewports(fixed.layers, cellWidth: cellWidth, row: m.r, col: m.c, rows: m.rows, cols: m.cols) {
            viewports in
            // The rows are taken in runs that split alike (`Split.rows`): their missing kept cells filled in and
            // their live cells drawn row by row, the run noted; then each layer's blocks are copied with its
            // viewport and the canvas opened once (they never share a column with the live cells). The runs are
            // noted on the stack, a few at a time.
            let (lo, hi) = (o.c, o.c + cols)
            withUnsafeTemporaryAllocation(of: Run.self, capacity: Run.batch) { runs in
                var count = 0
                var vr = 0
                while vr < rows {
                    let split = fixed.split(o.r + vr)
                    let n = min(max(1, split.rows), rows - vr)
                    let a = min(max(split.live.lowerBound, lo), hi)
                    let b = min(max(split.live.upperBound, a), hi)
                    var s0 = a
                    var s1 = b
                    if !split.span.isEmpty {
                        s0 = min(max(split.span.lowerBound, lo), a)
                        s1 = max(min(split.span.upperBound, hi), b)
                    }
                    let run = Run(
                        first: vr, end: vr + n, bounds: (s0, a, b, s1),
                        layers: (split.before, split.spanBefore, split.spanAfter, split.after),
                        stride: split.liveStride, between: split.between, liveStart: split.live.lowerBound)
                    run.forEachKept(lo, hi) { range, layer in
                        fill(
                            viewports[layer], fixed.layers[layer].look, rows: (o.r + vr)..<(o.r + vr + n), range,
                            memo: m)
                    }
                    // Strided live cells are drawn over their layer once it is copied (`copy`).
                    if a < b && run.stride == 1 {
                        for k in vr..<(vr + n) {
                            drawCells(look, row: o.r + k, cols: a..<b, into: &canvas, x: x, y: y + k, origin: o.c)
                        }
                    }
                    if count > 0 && runs[count - 1].continues(with: run) {
                        runs[count - 1].end = run.end
                    } else {
                        if count == Run.batch {
                            copy(runs, count, viewports, into: &canvas, x: x, y: y, origin: o, memo: m)
                            count = 0
                        }
                        runs[count] = run
                        count += 1
                    }
                    vr += n
                }
                copy(runs, count, viewports, into: &canvas, x: x, y: y, origin: o, memo: m)
            }
        }
    }

    /// Copies the kept columns of the first `count` of `runs` (their rows counted from the first visible one,
    /// `origin.r`) from each layer's viewport, which holds the part `memo` of the grid, then draws their strided
    /// live cells over them.
    func copy(
        _ runs: UnsafeMutableBufferPointer<Run>, _ count: Int, _ viewports: UnsafeBufferPointer<CellMemo.Viewport>,
        into canvas: inout Canvas, x: Int, y: Int, origin o: (r: Int, c: Int),
        memo: (r: Int, c: Int, rows: Int, cols: Int)
    ) {
        let dr = o.r - memo.r
        let (cols, cellWidth) = (visibleCols, cellWidth)
        for (layer, viewport) in viewports.enumerated() {
            canvas.copyRows(from: viewport.canvas) { copier in
                func copy(_ run: Run, _ range: Range<Int>) {
                    let start = (range.lowerBound - o.c) * (cellWidth + 1) + 1
                    let from = (range.lowerBound - memo.c) * (cellWidth + 1) + 1
                    copier.copy(
                        rows: (dr + run.first)..<(dr + run.end),
                        columns: from..<(from + range.count * (cellWidth + 1) - 1),
                        to: x + start, y + run.first)
                }
                for i in 0..<count {
                    // Neighbouring segments of the layer are copied as one.
                    let run = runs[i]
                    var (start, end) = (-1, -1)
                    run.forEachKept(o.c, o.c + cols) { range, l in
                        guard l == layer else { return }
                        if range.lowerBound != end {
                            if start < end { copy(run, start..<end) }
                            start = range.lowerBound
                        }
                        end = range.upperBound
                    }
                    if start < end { copy(run, start..<end) }
                }
            }
        }
        for i in 0..<count where runs[i].stride > 1 { drawStrided(runs[i], into: &canvas, x: x, y: y, origin: o) }
    }

    /// Draws a run's strided live cells (`Split.liveStride`) over the cells copied from its layers.
    @inline(never)
    func drawStrided(_ run: Run, into canvas: inout Canvas, x: Int, y: Int, origin o: (r: Int, c: Int)) {
        let (a, b) = (run.bounds.1, run.bounds.2)
        let first = a + (run.stride - (a - run.liveStart) % run.stride) % run.stride
        for k in run.first..<run.end where first < b {
            drawCells(look, row: o.r + k, cols: first..<b, step: run.stride, into: &canvas, x: x, y: y + k, origin: o.c)
        }
    }

    /// Rows `first..<end` of a viewport split alike (`FixedCells.Split`), its columns cut at `bounds` (s0, a, b,
    /// s1): those before s0 from the first of `layers`, s0..<a from the second, a..<b live, b..<s1 from the third,
    /// from s1 on from the fourth.
    struct Run {
        var first: Int, end: Int
        var bounds: (Int, Int, Int, Int)
        var layers: (Int, Int, Int, Int)
        /// a..<b: every `stride`-th column from `liveStart` live, drawn after the copies, the others from layer
        /// `between` (`Split.liveStride`); all live when 1.
        var stride = 1, between = 0, liveStart = 0

        /// The runs noted before they are copied: few enough to stay on the stack (1 KB at most: nine of 104 bytes;
        /// `withUnsafeTemporaryAllocation` takes more from the heap).
        static let batch = 1024 / MemoryLayout<Run>.stride

        /// True when `next` starts where this run ends and splits alike.
        func continues(with next: Run) -> Bool {
            next.first == end && next.bounds == bounds && next.layers == layers && next.stride == stride
                && next.between == between && next.liveStart == liveStart
        }

        /// Calls `body` with each non-empty kept segment of the visible columns `lo..<hi`, left to right, and its
        /// layer.
        @inline(__always)
        func forEachKept(_ lo: Int, _ hi: Int, _ body: (Range<Int>, Int) -> Void) {
            let (s0, a, b, s1) = bounds
            if lo < s0 { body(lo..<s0, layers.0) }
            if s0 < a { body(s0..<a, layers.1) }
            if a < b && stride > 1 { body(a..<b, between) }
            if b < s1 { body(b..<s1, layers.2) }
            if s1 < hi { body(s1..<hi, layers.3) }
        }
    }

    /// Draws the cells of `cols` in the grid's `rows` that the viewport, the part `memo` of the grid, does not hold
    /// yet, with the layer's look.
    func fill(
        _ viewport: CellMemo.Viewport, _ look: (Int, Int) -> GridLook, rows: Range<Int>, _ cols: Range<Int>,
        memo: (r: Int, c: Int, rows: Int, cols: Int)
    ) {
        guard viewport.remaining > 0 else { return }
        for r in rows where viewport.missing(row: r - memo.r) > 0 {
            fill(viewport, look, row: r, vr: r - memo.r, cols: cols, origin: memo.c)
        }
    }

    /// Draws the cells of `cols` in row `r` that the viewport does not hold yet, with the layer's look.
    func fill(
        _ viewport: CellMemo.Viewport, _ look: (Int, Int) -> GridLook, row r: Int, vr: Int, cols: Range<Int>,
        origin: Int
    ) {
        let to = cols.upperBound - origin
        var c = viewport.first(drawn: false, row: vr, from: cols.lowerBound - origin, to: to)
        while c < to {
            let end = viewport.first(drawn: true, row: vr, from: c + 1, to: to)
            drawCells(
                look, row: r, cols: (c + origin)..<(end + origin), into: &viewport.canvas, x: 0, y: vr, origin: origin)
            viewport.markDrawn(row: vr, c..<end)
            c = end < to ? viewport.first(drawn: false, row: vr, from: end + 1, to: to) : to
        }
    }

    /// Draws cells `cols` of row `r` (every `step`-th from the first) with `look` at (x, y), the grid's first visible
    /// column being `origin`. Whole numbers and one-column glyphs go straight into the canvas row (a large grid draws
    /// thousands of cells a step); any other cell is put as text afterwards.
    func drawCells(
        _ look: (Int, Int) -> GridLook, row r: Int, cols: Range<Int>, step: Int = 1, into canvas: inout Canvas,
        x: Int, y: Int, origin: Int
    ) {
        let cellWidth = cellWidth
        var others: [(x: Int, look: GridLook)] = []
        let drawn: Void? = canvas.withRow(y) { row in
            var c = cols.lowerBound
            while c < cols.upperBound {
                defer { c += step }
                let l = look(r, c)
                let cx = x + (c - origin) * (cellWidth + 1) + 1
                let done: Bool
                switch l.content {
                case .number(let v):
                    // A whole number below 10^15 is written as its integer (`Num.display`).
                    done =
                        abs(v) < 1e15 && Double(Int64(v)) == v
                        && row.putRight(cx, count: cellWidth, integer: Int64(v), l.style)
                case .glyph(let g): done = row.putRight(cx, count: cellWidth, glyph: g.value, l.style)
                case .text(let t): done = row.putRight(cx, count: cellWidth, ascii: t, l.style)
                case .utf8: done = false
                }
                if !done { others.append((cx, l)) }
            }
        }
        guard drawn != nil else { return }
        for (cx, l) in others { putRight(l, into: &canvas, x: cx, y: y) }
    }

    /// Puts a cell's look right-aligned in the cell, as `fit(look.text, cellWidth, right: true)` would.
    func putRight(_ look: GridLook, into canvas: inout Canvas, x: Int, y: Int) {
        putRight(look.text, into: &canvas, x: x, y: y, look.style)
    }

    /// Puts `text` right-aligned in a cell, as `fit(text, cellWidth, right: true)` would, without building the
    /// padded string when it fits.
    func putRight(_ text: String, into canvas: inout Canvas, x: Int, y: Int, _ style: Style) {
        let w = displayWidth(text)
        guard w <= cellWidth else {
            canvas.put(x, y, fit(text, cellWidth, right: true), style)
            return
        }
        canvas.fill(x, y, count: cellWidth - w, " ", style)
        canvas.put(x + cellWidth - w, y, text, style)
    }
}

/// A titled block of the screen: a label, an optional grid, and lines under it.
struct Panel {
    var title: String
    var titleStyle: Style = .label
    var grid: Grid?
    var footer: [GridLook] = []
    /// Set on output grids: which filter's output this is (for clicks).
    var outputFilter: Int? = nil
    /// Placed at the start of a new band (row of panels), under the earlier ones.
    var startsBand = false
    /// Set on a panel kept across frames (`PanelSet`): drawn from an image of it kept per viewport (`PanelImages`).
    var kept: KeptDraw? = nil
    /// Pairs a panel whose grid a window moves over (the window is its grid's `focusSpan`, around its `focus`) with
    /// panels that show what it shows: a grid of the window's own cells (a dilated kernel's sparse F′×F′ grid) or
    /// one as large as the leader's (the weights view's sharing map). Cut, a follower shows rows and columns the
    /// leader shows (`BodyLayout.linkWindows` sets its grid's `shownFrom`). `key + 1` on the leader, `-(key + 1)` on
    /// a follower, 0 on others: one word on the panel, read without copying the grid.
    var link = 0

    /// The rows the panel takes: its title, grid, the viewport's position when the grid scrolls, and footers.
    var height: Int {
        guard let grid else { return 1 + footer.count }
        return 1 + grid.height + (grid.isClipped ? 1 : 0) + footer.count
    }

    /// The widest of the title, the grid, the viewport note and the footers. The note goes on a line of its own
    /// under the grid, so a scrolling grid's panel is as narrow as its grid and two of them share a band.
    var width: Int {
        max(
            displayWidth(title), grid?.width ?? 0, grid?.viewportNoteWidth(widest: link < 0) ?? 0,
            footer.reduce(0) { max($0, displayWidth($1.text)) })
    }

    func draw(into canvas: inout Canvas, x: Int, y: Int, language: Language = .en) {
        canvas.put(x, y, title, titleStyle)
        var row = y + 1
        if let grid {
            grid.draw(into: &canvas, x: x, y: row)
            row += grid.height
            if let note = grid.viewportNote(language) {
                canvas.put(x, row, note, .dim)
                row += 1
            }
        }
        for line in footer {
            canvas.put(x, row, line.text, line.style)
            row += 1
        }
    }
}

/// Places panels left to right with a gap, starting a new band when the width runs out. Returns the
/// positions and the height used, or nil when they do not fit in `height`.
func flow(_ panels: [Panel], width: Int, height: Int, gap: Int = 2) -> (positions: [(x: Int, y: Int)], height: Int)? {
    flow(boxes: panels.map(PanelBox.init), width: width, height: height, gap: gap)
}

/// What `flow` reads of a panel: its size and band mark, measured once (a panel's width measures its title,
/// footers and viewport note).
struct PanelBox: Equatable {
    let width: Int, height: Int, startsBand: Bool

    init(_ p: borrowing Panel) {
        width = p.width
        height = p.height
        startsBand = p.startsBand
    }

    init(width: Int, height: Int, startsBand: Bool) {
        (self.width, self.height, self.startsBand) = (width, height, startsBand)
    }
}

func flow(boxes: [PanelBox], width: Int, height: Int, gap: Int = 2) -> (
    positions: [(x: Int, y: Int)], height: Int
)? {
    var positions: [(x: Int, y: Int)] = []
    positions.reserveCapacity(boxes.count)
    var x = 0
    var y = 0
    var bandHeight = 0
    for p in boxes {
        let w = p.width
        if x > 0 && (x + w > width || p.startsBand) {
            y += bandHeight + 1
            x = 0
            bandHeight = 0
        }
        if w > width { return nil }
        positions.append((x, y))
        x += w + gap
        bandHeight = max(bandHeight, p.height)
    }
    let used = y + bandHeight
    return used <= height ? (positions, used) : nil
}

/// True when some panel starts a new band because the one before is full (not because it asks for a band).
private func wrapsForWidth(_ boxes: [PanelBox], width: Int, gap: Int = 2) -> Bool {
    var x = 0
    for p in boxes {
        let w = p.width
        if x > 0 && p.startsBand {
            x = 0
        } else if x > 0 && x + w > width {
            return true
        }
        x += w + gap
    }
    return false
}

/// `searchLayout`, the viewports it finds remembered under `key` (`PanelSet.layout`, which tries them first).
func searchLayout(_ panels: [Panel], width: Int, height: Int, remembering key: LayoutMemo.Key) -> (
    panels: [Panel], positions: [(x: Int, y: Int)], height: Int
)? {
    // Only layouts that fit are remembered: when nothing fits, the search gives up after two flow passes anyway.
    let found = searchLayout(panels, width: width, height: height)
    if let found { LayoutMemo.shared[key] = found.panels.map { ($0.grid?.maxRows ?? 0, $0.grid?.maxCols ?? 0) } }
    return found
}

/// The parts of a panel that decide its viewport: its grid's size and marks. Titles and footers change from step
/// to step (a channel number, a partial sum); a remembered layout is checked with one flow pass, so a step
/// whose text no longer fits is laid out again.
struct PanelShape: Hashable {
    let rows: Int, cols: Int, cellWidth: Int, rowMarks: Bool, colMarks: Bool, header: Bool, tailWidth: Int
    /// The window the viewport keeps in view when it can (`focusSpan`), rows and columns in one word.
    let span: Int

    init(_ p: borrowing Panel) {
        rows = p.grid?.rows ?? -1
        cols = p.grid?.cols ?? -1
        span = p.grid?.focusSpan.map { $0.r &<< 32 | $0.c } ?? -1
        cellWidth = p.grid?.cellWidth ?? 0
        rowMarks = !(p.grid?.rowMarks.isEmpty ?? true)
        colMarks = !(p.grid?.colMarks.isEmpty ?? true)
        header = p.grid?.header != nil
        tailWidth = p.grid?.tail == nil ? -1 : p.grid?.tailWidth ?? -1
    }

    /// `h` with this shape mixed in (`LayoutMemo.Key` hashes one word).
    func mixed(into h: Int) -> Int {
        let flags = (rowMarks ? 1 : 0) | (colMarks ? 2 : 0) | (header ? 4 : 0)
        return hashMix(hashMix(hashMix(hashMix(hashMix(h, rows), cols), cellWidth &<< 8 | flags), tailWidth), span)
    }
}

/// A process-wide cache of results that are pure functions of their key (a render stays a pure function of the
/// state). Bounded: cleared when full. Rendering runs on one thread, but the cache is shared, so it takes a lock.
final class BoundedCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = Lock()
    private var entries: [Key: Value] = [:]
    private let limit: Int

    init(limit: Int = 256) { self.limit = limit }

    /// The value of `key`, made by `make` (outside the lock) and kept when missing.
    func value(_ key: Key, _ make: () -> Value) -> Value {
        if let value = self[key] { return value }
        let value = make()
        self[key] = value
        return value
    }

    subscript(key: Key) -> Value? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return entries[key]
        }
        set {
            lock.lock()
            defer { lock.unlock() }
            if entries.count >= limit { entries.removeAll() }
            entries[key] = newValue
        }
    }
}

/// Viewport notes by their numbers and language (`Grid.viewportNote`).
enum ViewportNotes {
    /// A note's numbers: first row, rows shown (0 when all are), of how many; the same for the columns.
    struct Key: Hashable {
        let language: Language
        let row: Int, rows: Int, of: Int, col: Int, cols: Int, ofCols: Int

        /// The numbers mixed into one word first: one `combine` instead of seven (a step writes a note per grid).
        func hash(into hasher: inout Hasher) {
            let first = row &* 0x1E37_79B9_7F4A_7C15 ^ language.number
            hasher.combine(hashMix(hashMix(hashMix(hashMix(hashMix(first, rows), of), col), cols), ofCols))
        }
    }

    static let shared = BoundedCache<Key, String>()
}

/// Viewport sizes that fitted, by panel shapes and screen size.
enum LayoutMemo {
    struct Key: Hashable {
        let width: Int, height: Int
        let shapes: [PanelShape]

        /// The sizes and shapes mixed into one word first: one `combine` instead of seven per panel.
        func hash(into hasher: inout Hasher) {
            var h = width &* 0x1E37_79B9_7F4A_7C15 ^ height
            for s in shapes { h = s.mixed(into: h) }
            hasher.combine(h)
        }
    }

    static let shared = BoundedCache<Key, [(rows: Int, cols: Int)]>()
}

/// The panels with every grid cut to its smallest viewport (`smallestViewport`).
func cutToSmallest(_ panels: [Panel], keepingWindows: Bool) -> [Panel] {
    var smallest = panels
    for i in smallest.indices {
        guard let g = smallest[i].grid else { continue }
        (smallest[i].grid!.maxRows, smallest[i].grid!.maxCols) = smallestViewport(g, keepingWindows: keepingWindows)
    }
    return smallest
}

/// Lays out panels in `width` × `height`, shrinking grids into scrolling viewports until everything fits: first
/// any panel wider than the screen, then, while panels spill onto another band, the widest grid, then the tallest,
/// then the one with the most columns (`ViewportSearch.shrinkOnce`). A grid with a window (`focusSpan`)
/// keeps the whole window in view (a kernel: all its weights), when the screen allows it (other
/// grids shrink first: an input cut narrower than its kernel hid the window and its brackets); else every grid
/// may go down to 3×3. Returns nil when even the smallest viewports do not fit.
func searchLayout(_ panels: [Panel], width: Int, height: Int) -> (
    panels: [Panel], positions: [(x: Int, y: Int)], height: Int
)? {
    // Each panel measured once for both passes.
    let boxes = panels.map(PanelBox.init)
    if let f = flow(boxes: boxes, width: width, height: height) { return (panels, f.positions, f.height) }
    if panels.contains(where: { $0.grid?.focusSpan.map { $0.r > 3 || $0.c > 3 } ?? false }),
        let found = searchLayout(panels, boxes, width: width, height: height, keepingWindows: true)
    {
        return found
    }
    return searchLayout(panels, boxes, width: width, height: height, keepingWindows: false)
}

/// The fewest rows and columns a grid's viewport may show: its window's (`keepingWindows`), never less than 3
/// nor more than the grid has.
private func smallestViewport(_ g: Grid, keepingWindows: Bool) -> (rows: Int, cols: Int) {
    let span: (r: Int, c: Int) = keepingWindows ? g.focusSpan ?? (3, 3) : (3, 3)
    return (min(max(3, span.r), g.rows), min(max(3, span.c), g.cols))
}

/// `searchLayout` of panels that do not fit as they are (`boxes`: their measures), each grid's smallest viewport
/// from `smallestViewport`.
private func searchLayout(_ panels: [Panel], _ boxes: [PanelBox], width: Int, height: Int, keepingWindows: Bool)
    -> (panels: [Panel], positions: [(x: Int, y: Int)], height: Int)?
{
    // If even the smallest viewports of every grid do not fit, give up at once (the caller tries 3×3 viewports, or
    // after them a more compact form).
    guard flow(cutToSmallest(panels, keepingWindows: keepingWindows), width: width, height: height) != nil else {
        return nil
    }
    var search = ViewportSearch(panels, boxes, width: width, height: height, keepingWindows: keepingWindows)
    search.cutToScreen()
    for _ in 0..<2000 {
        if let f = flow(boxes: search.boxes, width: width, height: height) {
            // A grid grown into its note's columns may shorten the note, and its box: the panels stand where the
            // boxes flow as cut, as the next frame (cut to the viewports remembered) places them.
            guard search.growIntoNotes() else { return (search.ps, f.positions, f.height) }
            let grown = flow(boxes: search.ps.map(PanelBox.init), width: width, height: height) ?? f
            return (search.ps, grown.positions, grown.height)
        }
        guard search.shrinkOnce() else { return nil }
    }
    return nil
}

/// The panels of a layout search and their measured boxes, each measured again only when its grid changes
/// (measuring titles, footers and viewport notes was most of a search's cost).
private struct ViewportSearch {
    var ps: [Panel]
    var boxes: [PanelBox]
    let width: Int, height: Int, keepingWindows: Bool
    let grids: [Int]

    init(_ panels: [Panel], _ boxes: [PanelBox], width: Int, height: Int, keepingWindows: Bool) {
        ps = panels
        self.boxes = boxes
        (self.width, self.height, self.keepingWindows) = (width, height, keepingWindows)
        grids = panels.indices.filter { panels[$0].grid != nil }
    }

    mutating func set(_ i: Int, _ g: Grid) {
        ps[i].grid = g
        boxes[i] = PanelBox(ps[i])
    }

    func least(_ i: Int) -> (rows: Int, cols: Int) { smallestViewport(ps[i].grid!, keepingWindows: keepingWindows) }

    func canShrink(_ i: Int, rows: Bool) -> Bool {
        guard let g = ps[i].grid else { return false }
        return rows ? g.visibleRows > least(i).rows : g.visibleCols > least(i).cols
    }

    /// Gives a cut grid back the columns its panel holds anyway: a panel is as wide as its viewport note ("rows
    /// 27–29/64 cols 29–31/64", 27 columns), which a grid shrunk to a few columns leaves empty. The boxes do not
    /// grow, so the layout found still fits; returns whether a grid grew (its note, and its box, may then be
    /// narrower: "cols 0–4/7" gone when it shows them all).
    mutating func growIntoNotes() -> Bool {
        var grew = false
        for i in grids where ps[i].grid!.visibleCols < ps[i].grid!.cols {
            let box = boxes[i]
            while ps[i].grid!.visibleCols < ps[i].grid!.cols {
                var p = ps[i]
                p.grid!.maxCols = p.grid!.visibleCols + 1
                let grown = PanelBox(p)
                guard grown.width <= box.width, grown.height <= box.height else { break }
                ps[i] = p
                grew = true
            }
        }
        return grew
    }

    /// Big grids shrink in steps of about a sixth, so a 256-wide grid needs a dozen rounds, not hundreds.
    mutating func shrink(_ i: Int, rows: Bool) -> Bool {
        guard canShrink(i, rows: rows), var g = ps[i].grid else { return false }
        if rows {
            g.maxRows = max(least(i).rows, g.visibleRows - max(1, g.visibleRows / 6))
        } else {
            g.maxCols = max(least(i).cols, g.visibleCols - max(1, g.visibleCols / 6))
        }
        set(i, g)
        return true
    }

    /// Cuts every grid to what the screen could show at all, in one step (then `shrinkOnce` goes gradually).
    mutating func cutToScreen() {
        for i in grids {
            var g = ps[i].grid!
            let chrome = boxes[i].height - g.height
            let smallest = least(i)
            g.maxRows = max(smallest.rows, min(g.visibleRows, height - chrome - g.extraRows))
            g.maxCols = max(smallest.cols, min(g.visibleCols, (width - 1 - g.sideWidth) / (g.cellWidth + 1)))
            set(i, g)
        }
    }

    /// One round: a panel wider than the screen fitted in one go; else, when panels spill onto another band (which
    /// costs the most rows), the widest grid narrowed; else the tallest shortened; else the one with the most
    /// columns narrowed. Keeping windows, each among the grids that can still give (a window at its smallest must
    /// not stop the others from shrinking); else among all, as before windows were kept. False: nothing gave.
    mutating func shrinkOnce() -> Bool {
        if let i = boxes.indices.first(where: { boxes[$0].width > width }), var g = ps[i].grid,
            canShrink(i, rows: false)
        {
            let fits = (width - 1 - g.sideWidth) / (g.cellWidth + 1)
            g.maxCols = max(least(i).cols, min(g.visibleCols - 1, fits))
            set(i, g)
            return true
        }
        let narrower = keepingWindows ? grids.filter { canShrink($0, rows: false) } : grids
        let shorter = keepingWindows ? grids.filter { canShrink($0, rows: true) } : grids
        if wrapsForWidth(boxes, width: width), let i = narrower.max(by: { boxes[$0].width < boxes[$1].width }),
            shrink(i, rows: false)
        {
            return true
        }
        if let i = shorter.max(by: { ps[$0].grid!.visibleRows < ps[$1].grid!.visibleRows }), shrink(i, rows: true) {
            return true
        }
        if let i = narrower.max(by: { ps[$0].grid!.visibleCols < ps[$1].grid!.visibleCols }) {
            return shrink(i, rows: false)
        }
        return false
    }
}
