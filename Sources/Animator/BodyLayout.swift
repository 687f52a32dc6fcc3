import ConvModel
import ScenarioFormat

/// Where a frame's panels go: the content is built once, then the fullest compact form whose grids fit
/// without scrolling is placed (or, failing that, the most compact one that fits with scrolling viewports).
/// When nothing fits, the smallest terminal size that fits is computed directly.
struct BodyLayout {
    /// The first row of the body, under the title bar.
    static let top = 2

    let lineRows: [(LineText, Style)]
    let placed: (panels: [Panel], positions: [(x: Int, y: Int)], height: Int)?
    /// The body kept for the next frame (`PlacedBody`), with the panels it changed (`placed.panels`) when it is the
    /// frame before's: the frame gives it back to `BodyMemo` with its cells when it is drawn (`keep(_:)`).
    let kept: PlacedBody?
    /// Set when nothing fits: the size to enlarge the terminal to.
    let needed: (width: Int, height: Int)?

    /// `reserved` rows at the bottom of the body belong to something else (the parameter panel): the layout
    /// leaves them free, and the size it asks for when nothing fits counts them.
    init(_ content: ViewContent, width: Int, height fullHeight: Int, reserved: Int = 0) {
        let height = fullHeight - reserved
        // Sums get 2 rows (4 on a tall screen); when the grids do not fit beside them, 1 row each.
        var rows = Self.lines(content, width: width, height: height, sumRows: nil)
        var kept: PlacedBody?
        var placed = Self.place(content, width: width, height: height, lineCount: rows.count, kept: &kept)
        if placed == nil {
            let shorter = Self.lines(content, width: width, height: height, sumRows: 1)
            if shorter.count < rows.count,
                let p = Self.place(content, width: width, height: height, lineCount: shorter.count, kept: &kept)
            {
                rows = shorter
                placed = p
            }
        }
        lineRows = rows
        self.kept = kept
        // Checked first: changing the panels in place is a copy of them all, unless nothing else holds them. A body
        // kept has no cut grid that follows another (`PanelSet.placedBody`): there is nothing to link.
        if kept == nil, let panels = placed?.panels, Self.hasFollowers(panels) { Self.linkWindows(&placed!.panels) }
        self.placed = placed
        needed =
            placed == nil
            ? Self.neededSize(content, width: width, height: height, reserved: reserved) : nil
    }

    /// Whether a panel follows another (`Panel.link`: `linkWindows` may have something to do).
    private static func hasFollowers(_ panels: [Panel]) -> Bool { panels.contains { $0.link < 0 } }

    /// Cut grids that follow another (`Panel.link`) show rows and columns that the grid they follow shows: a grid of
    /// the window's own cells (a dilated kernel) those of the window, so that the weights in view multiply the cells
    /// in view; a grid as large as the leader (the weights view's sharing map over the input) the same cells. Per
    /// axis, the follower keeps its own viewport where that lies within the leader's view (or, when it shows more,
    /// around it), else the nearest that does; on an axis where the leader shows all the follower has, its own.
    private static func linkWindows(_ panels: inout [Panel]) {
        for i in panels.indices {
            let key = -panels[i].link
            guard key > 0, panels[i].grid?.isClipped == true,
                let leader = panels.firstIndex(where: { $0.link == key }), let l = panels[leader].grid,
                let span = l.focusSpan
            else { continue }
            let f = panels[i].grid!
            let (lo, own) = (l.origin, f.origin)
            let sameCells = f.rows == l.rows && f.cols == l.cols
            let window = sameCells ? (r: 0, c: 0) : (r: l.focus.r - span.r / 2, c: l.focus.c - span.c / 2)
            func axis(_ lo: Int, _ lv: Int, _ w0: Int, _ total: Int, _ v: Int, _ own: Int) -> Int {
                let first = lo - w0
                if first <= 0 && first + lv >= total { return own }
                let (low, high) = (min(first, first + lv - v), max(first, first + lv - v))
                return max(0, min(total - v, min(high, max(low, own))))
            }
            panels[i].grid!.shownFrom =
                axis(lo.r, l.visibleRows, window.r, f.rows, f.visibleRows, own.r) << 32
                | axis(lo.c, l.visibleCols, window.c, f.cols, f.visibleCols, own.c)
        }
    }

    private static func lines(_ content: ViewContent, width: Int, height: Int, sumRows: Int?) -> [(LineText, Style)] {
        var rows: [(LineText, Style)] = []
        rows.reserveCapacity(content.lines.count + 4)
        for (i, line) in content.lines.enumerated() {
            let parts = i == 0 ? content.sumParts : nil
            for row in wrappedRows(line, width: width - 2, height: height, most: sumRows, parts: parts) {
                rows.append((row, line.style))
            }
        }
        return rows
    }

    /// The fullest compact form whose grids fit without scrolling, else the most compact one that fits (with
    /// scrolling viewports when needed). A fuller form fits without scrolling exactly when its panels flow as they
    /// are, so it is tried with one flow pass over the sizes its panels were measured at (each panel is built and
    /// measured once, whatever the number of forms that show it); and not at all when a grid of the most compact
    /// form alone is taller or wider than the room, since every fuller form holds that grid too
    /// (`ViewContent.form`): a large layer builds and measures only the panels it shows. Only the form placed
    /// becomes panels.
    ///
    /// The body is kept for the next frame (`kept`, `PlacedBody`) with the forms tried and the rooms that place them
    /// alike: when that frame's forms are the same and the panels it changes measure as the ones they replace, the
    /// choice below is the same, and only those panels are placed (the panels it returns then are those alone, at
    /// their places, `kept.changed`).
    private static func place(_ content: ViewContent, width: Int, height: Int, lineCount: Int, kept: inout PlacedBody?)
        -> (panels: [Panel], positions: [(x: Int, y: Int)], height: Int)?
    {
        let room = panelRoom(height, lineCount, narration: !content.narration.isEmpty)
        let set = content.panels
        if content.compactLevels > 0, let (body, panels) = set.reused(content.form, width: width - 2, room: room) {
            kept = body
            return (panels, body.changed!.map { body.positions[$0] }, body.height)
        }
        let fewest = content.form(content.compactLevels)
        // With one form there is no fuller one to skip.
        let outgrown =
            content.compactLevels > 0
            && fewest.contains { f in
                guard let g = set.grid(f) else { return false }
                return g.width > width - 2 || g.height > room
            }
        var forms: [(level: Int, form: [FormPanel])] = []
        if !outgrown {
            // The fewest rows a fuller form tried needs (none fits in fewer): the form placed is placed in any room
            // from the rows it takes to one less than that.
            var fuller = Int.max
            for level in 0..<content.compactLevels {
                let form = content.form(level)
                forms.append((level, form))
                let boxes = form.map(set.box)
                let f = flow(boxes: boxes, width: width - 2, height: .max)
                if let f, f.height <= room {
                    let panels = set.panels(form)
                    kept = set.placedBody(
                        forms, panels: panels, boxes: boxes, positions: f.positions, height: f.height,
                        width: width - 2, rooms: f.height...(fuller - 1))
                    return (panels, f.positions, f.height)
                }
                fuller = min(fuller, f?.height ?? .max)
            }
        }
        guard let placed = set.layout(fewest, width: width - 2, height: room) else { return nil }
        if content.compactLevels > 0 {
            // Its viewports are the search's for this room (`LayoutMemo`): kept for this room only.
            forms.append((content.compactLevels, fewest))
            kept = set.placedBody(
                forms, panels: placed.panels, boxes: nil, positions: placed.positions, height: placed.height,
                width: width - 2, rooms: room...room, searched: true)
        }
        return placed
    }

    /// The rows left for panels in a terminal `height` rows high with `lines` rows of arithmetic under them and,
    /// when there is narration, two rows for it (a line and the "▼ PgDn: more" marker), so it is never lost.
    private static func panelRoom(_ height: Int, _ lines: Int, narration: Bool) -> Int {
        max(4, height - 4 - lines - 1 - (narration ? 2 : 0))
    }

    /// The smallest size, at least the current one, at which the most compact form fits with 3×3 viewports.
    private static func neededSize(_ content: ViewContent, width: Int, height: Int, reserved: Int) -> (
        width: Int, height: Int
    ) {
        let smallest = cutToSmallest(content.panels(content.compactLevels), keepingWindows: false)
        let w = max(width, (smallest.map(\.width).max() ?? 0) + 2)
        let used = flow(smallest, width: w - 2, height: .max)?.height ?? 0
        func lineCount(_ h: Int) -> Int {
            content.lines.reduce(0) { $0 + wrappedLine($1, width: w - 2, height: h).count }
        }
        let notes = content.narration.isEmpty ? 0 : 2
        var h = max(height, used + 5 + notes + lineCount(height))
        if h != height { h = max(h, used + 5 + notes + lineCount(h)) }  // a tall screen shows longer sums
        // Only asked when nothing fits here: never name the size the screen already has (or less).
        if w == width && h == height { h += 1 }
        return (w, h + reserved)
    }

    /// Draws the panels (recording where the output grids are) or the "enlarge" message; returns the row after.
    func draw(into canvas: inout Canvas, hits: inout HitMap, language t: Language) -> Int {
        guard let placed else {
            let size = needed.map { "\($0.width)×\($0.height)" } ?? "?"
            // Wrapped, so the size asked for is never cut on a narrow screen.
            let lines = wrap(t(.gridsDoNotFit, size), width: canvas.width - 2)
            for (i, line) in lines.enumerated() { canvas.put(1, Self.top + i, line, .warning) }
            return Self.top + lines.count + 1
        }
        // Each panel is drawn where it lies in the array, through a pointer: an element passed by value was copied
        // (a dozen references retained and released per panel); a panel kept across frames is copied from its image.
        let bypassed = FixedCells.bypassed
        if let kept, let changed = kept.changed {
            drawChanges(kept, changed, placed, into: &canvas, hits: &hits, language: t, bypassed: bypassed)
            return Self.top + placed.height + 1
        }
        var targets: [HitMap.Target?] = []
        targets.reserveCapacity(kept == nil ? 0 : placed.panels.count)
        placed.panels.withUnsafeBufferPointer { panels in
            for (i, pos) in placed.positions.enumerated() {
                let (x, y) = (1 + pos.x, Self.top + pos.y)
                PanelImages.draw(panels.baseAddress! + i, into: &canvas, x: x, y: y, language: t, bypassed: bypassed)
                let target = Self.target(panels[i], x: x, y: y)
                if let target { hits.outputs.append(target) }
                if kept != nil { targets.append(target) }
            }
        }
        kept?.targets = targets
        return Self.top + placed.height + 1
    }

    /// A kept body (`PlacedBody`) drawn: the frame before's cells where its panels did not change, the panels that
    /// changed (`changed`, places in the form; `placed` holds them alone) drawn again where they were, the titles
    /// `kept.restyled` in their style.
    /// When the changed panels are the smaller part, its rows are copied whole and their boxes blanked (as a
    /// panel's region is before it is drawn), else the other panels' boxes alone.
    private func drawChanges(
        _ kept: PlacedBody, _ changed: [Int], _ placed: (panels: [Panel], positions: [(x: Int, y: Int)], height: Int),
        into canvas: inout Canvas, hits: inout HitMap, language t: Language, bypassed: Bool
    ) {
        let rows = Self.top..<(Self.top + placed.height)
        let width = canvas.width
        let area = { (j: Int) in kept.boxes[j].width * kept.boxes[j].height }
        let whole = 2 * changed.reduce(0) { $0 + area($1) } < kept.boxes.indices.reduce(0) { $0 + area($1) }
        canvas.copyRows(from: kept.canvas) { copier in
            if whole { return copier.copy(rows: rows, columns: 0..<width, to: 0, rows.lowerBound) }
            var next = 0
            for j in kept.boxes.indices {
                if next < changed.count && changed[next] == j {
                    next += 1
                    continue
                }
                let (x, y) = (1 + kept.positions[j].x, Self.top + kept.positions[j].y)
                copier.copy(rows: y..<(y + kept.boxes[j].height), columns: x..<(x + kept.boxes[j].width), to: x, y)
            }
        }
        for r in kept.restyled {
            canvas.restyle(
                1 + kept.positions[r.place].x, Self.top + kept.positions[r.place].y, count: r.width, r.style)
        }
        placed.panels.withUnsafeBufferPointer { panels in
            for (k, j) in changed.enumerated() {
                let (x, y) = (1 + placed.positions[k].x, Self.top + placed.positions[k].y)
                if whole { canvas.clear(x: x, y: y, width: kept.boxes[j].width, height: kept.boxes[j].height) }
                PanelImages.draw(
                    panels.baseAddress! + k, into: &canvas, x: x, y: y, language: t, bypassed: bypassed)
                kept.targets[j] = Self.target(panels[k], x: x, y: y)
            }
        }
        for target in kept.targets { if let target { hits.outputs.append(target) } }
    }

    /// Where a click on panel `p`, drawn at (x, y), picks an output cell: nil when it shows no output grid.
    private static func target(_ p: borrowing Panel, x: Int, y: Int) -> HitMap.Target? {
        guard let f = p.outputFilter, let grid = p.grid else { return nil }
        return HitMap.Target(
            filter: f, x: x, y: y + 1, rows: grid.visibleRows, cols: grid.visibleCols, cellWidth: grid.cellWidth,
            origin: grid.origin)
    }
}

/// The body a frame drew, kept for the next frame with its cells (`BodyMemo`) when its lens keeps its panels
/// (`PanelSet.keep(for:lens:)`): when that frame tries the same forms in a room that places them alike and the panels
/// whose state changed measure as before, it copies the body's rows and draws only those panels where they were
/// (`PanelSet.reused`). A step of a layer of 16 channels and 16 filters shown whole changes 6 of its 50 panels, and
/// measuring, copying and imaging the other 44 cost more than the whole step of an 8×8 layer. A panel's state
/// holds everything it shows (`PanelState`), so an unchanged state leaves its cells as they were. It holds no panel:
/// a panel without a state holds its frame's view, and a scatter frame's view holds the slide's sums until it ends
/// (`RunningSums`). Owned by one frame at a time: taken from the memo, drawn into, given back.
final class PlacedBody: @unchecked Sendable {
    /// Its owner's slide, held so that its identity (in `key`) is not reused while the body is kept.
    let slide: AnyObject
    let key: BodyMemo.Key
    /// The heights of the panels' room that place them the same.
    let rooms: ClosedRange<Int>
    /// The forms tried by their compact level, in turn; the last placed.
    let forms: [(level: Int, form: [FormPanel])]
    /// Per panel of the set, its state (nil: none, or not shown by the forms), its title's style when the frame
    /// gives it (`PanelSet.add(_:state:measure:titleStyle:make:)`) and its measures.
    var states: [PanelState?]
    var titleStyles: [Style?]
    let measureds: [PanelSet.Measured?]
    /// Per footer group, its width and number of lines.
    let footers: [Int]
    /// Per panel of the form placed: its box, what decides its viewport (`LayoutMemo`), its viewport, its place.
    let boxes: [PanelBox]
    let shapes: [PanelShape]
    let viewports: [(rows: Int, cols: Int)]
    /// The key of the viewports the search remembered for the most compact form (`LayoutMemo`), nil for a form
    /// placed by flow: a frame of another owner with the same grid shapes (another language) may remember others
    /// there, which `PanelSet.layout` would then take.
    let searched: LayoutMemo.Key?
    let positions: [(x: Int, y: Int)]
    let height: Int
    /// Per panel of the form placed, where a click picks an output cell (`HitMap`).
    var targets: [HitMap.Target?] = []
    /// The frame it was drawn in last, whole (a reference to the frame's cells, not a copy of them; empty until
    /// the first frame is drawn): its panels' boxes are read.
    var canvas = Canvas(width: 0, height: 0)
    /// The panels (places in the form placed) this frame made again, to draw where they were; nil: the frame drew
    /// them all.
    var changed: [Int]?
    /// The panels kept as drawn but for their title's style (a channel's emphasis moved on): their titles' cells
    /// restyled where they were.
    var restyled: [Restyle] = []

    /// The title of the panel at `place` in the form placed, `width` columns, shown in `style`.
    struct Restyle {
        let place: Int
        let width: Int
        let style: Style
    }

    /// Gives the body back to `BodyMemo` with `frame`, the frame drawn whole, unless something was drawn over
    /// its panels (the help), which the next frame would copy.
    func keep(_ frame: Canvas, overdrawn: Bool) {
        guard !overdrawn else { return }
        (canvas, changed, restyled) = (frame, nil, [])
        BodyMemo.put(self)
    }

    init(
        owner: PanelOwner, key: BodyMemo.Key, rooms: ClosedRange<Int>, forms: [(level: Int, form: [FormPanel])],
        states: [PanelState?], titleStyles: [Style?], measureds: [PanelSet.Measured?], footers: [Int],
        placed panels: [Panel],
        boxes: [PanelBox], shapes: [PanelShape], positions: [(x: Int, y: Int)], height: Int, searched: Bool
    ) {
        (slide, self.key, self.rooms, self.forms) = (owner.slide, key, rooms, forms)
        (self.states, self.titleStyles, self.measureds, self.footers) = (states, titleStyles, measureds, footers)
        (self.boxes, self.shapes, self.positions, self.height) = (boxes, shapes, positions, height)
        viewports = panels.map { ($0.grid?.maxRows ?? 0, $0.grid?.maxCols ?? 0) }
        self.searched = searched ? LayoutMemo.Key(width: key.width, height: rooms.lowerBound, shapes: shapes) : nil
    }
}

/// The body the last frame kept (`PlacedBody`), one: taken by the next frame of the same owner, ASCII and room,
/// given back when drawn; let go with the slides `KeptPanels` lets go.
enum BodyMemo {
    /// What a body is kept for: its owner's slide (by identity), lens, language and ASCII (`PanelOwner.flags`), and
    /// the width its panels were placed in.
    struct Key: Equatable {
        let slide: ObjectIdentifier
        let flags: Int
        let width: Int

        init(_ owner: PanelOwner, ascii: Bool, width: Int) {
            (slide, flags, self.width) = (ObjectIdentifier(owner.slide), owner.flags(ascii: ascii), width)
        }
    }

    private final class Store: @unchecked Sendable {
        let lock = Lock()
        @exclusivity(unchecked) var body: PlacedBody?
        /// The forms the last frame that placed anew tried, and for what.
        @exclusivity(unchecked) var tried: Key?
        @exclusivity(unchecked) var forms: [(level: Int, form: [FormPanel])] = []
    }

    private static let store = Store()

    /// The body kept for `key`, placed in a room of `room` rows, taken (the caller draws into it and gives it back);
    /// nil when the body kept is another's.
    static func take(_ key: Key, room: Int) -> PlacedBody? {
        store.lock.lock()
        defer { store.lock.unlock() }
        guard let body = store.body, body.key == key, body.rooms.contains(room) else { return nil }
        store.body = nil
        return body
    }

    /// Whether the frame before that placed its panels anew tried the same `forms` for the same `key`; notes these.
    /// A body is kept only then: where the forms change from step to step (the most compact form of a 16-channel
    /// layer shows the channel the step is on) no frame could use it, and keeping it (its panels' states, measures
    /// and shapes noted) and finding it unusable on the next frame cost ~12 K instructions a step.
    static func isSteady(_ key: Key, forms: [(level: Int, form: [FormPanel])]) -> Bool {
        store.lock.lock()
        defer { store.lock.unlock() }
        let same =
            store.tried == key && store.forms.count == forms.count
            && zip(store.forms, forms).allSatisfy { $0.level == $1.level && $0.form == $1.form }
        if !same { (store.tried, store.forms) = (key, forms) }
        return same
    }

    static func put(_ body: PlacedBody) {
        store.lock.lock()
        store.body = body
        store.lock.unlock()
    }

    static func removeAll() {
        store.lock.lock()
        (store.body, store.tried, store.forms) = (nil, nil, [])
        store.lock.unlock()
    }
}

/// How a panel kept across frames (`PanelSet`) is shown: the images of the panel it was made of (their identity
/// names the panel in `PanelImages`; held, so that it is not reused while an image of it is kept) and whether its
/// title has its suffix ("of 3").
struct KeptDraw {
    let from: PanelImages.Slot
    let suffixed: Bool
}

/// Images of the panels kept across frames, per viewport: a panel that a step does not change (most of the 50 of a
/// layer of 16 channels and 16 filters shown whole) is copied into the frame a block of rows at a time instead of
/// being drawn again. An image is the region the panel took in the frame it was first drawn in, which was blank
/// before: copying it there leaves what drawing the panel would. Bounded by the cells they hold (4 MB of codes),
/// then cleared.
enum PanelImages {
    fileprivate struct Key: Hashable {
        let panel: ObjectIdentifier
        let rows: Int, cols: Int
        /// The viewport's first row and column when the layout set them (`Grid.shownFrom`), else -1.
        let shownFrom: Int
        /// Bit 0: the title's suffix shown; from bit 1 on: the language's number; from bit 16 on: the title's style
        /// (given by the frame to a panel kept whatever it is: `PanelSet.add(_:state:measure:titleStyle:make:)`).
        let flags: Int

        func hash(into hasher: inout Hasher) {
            let first = Int(bitPattern: UInt(bitPattern: panel)) ^ flags
            hasher.combine(hashMix(hashMix(hashMix(first, rows), cols), shownFrom))
        }
    }

    private struct Image {
        let from: Slot
        let canvas: Canvas
    }

    /// A kept panel's images: the one it was drawn from last, found by comparing keys (a frame of 50 kept panels
    /// spent ~16 K instructions hashing them to find their images in the store). The image is the store's too, which
    /// owns it: when the store lets it go, it is let go here (`forgetAll`). Read and written under the store's lock.
    final class Slot: @unchecked Sendable {
        @exclusivity(unchecked) fileprivate var key: Key?
        @exclusivity(unchecked) fileprivate var canvas: Canvas?
        /// Drawn once already: the image of a panel larger than `eagerCells` is made when it is drawn again.
        @exclusivity(unchecked) fileprivate var drawn = false

        init() {}
    }

    /// Its properties are read and written under `lock`, so they skip Swift's run-time exclusivity checks.
    private final class Store: @unchecked Sendable {
        let lock = Lock()
        @exclusivity(unchecked) var images: [Key: Image] = [:]
        @exclusivity(unchecked) var cells = 0
    }

    private static let store = Store()
    private static let mostCells = 512 * 1024
    /// A larger panel is not kept: its grid's cells are kept already (`FixedCells`), and copying it out of the
    /// frame on every step that changes it (a large layer's input shows another channel each step) costs more than
    /// drawing it again on the steps that do not.
    private static let mostPerImage = 2048
    /// A larger panel's image is made the second time it is drawn, not the first: a large layer's input and partial
    /// sums at each window of a forward walk are shown once (their images, ~1,700 cells each, were copied out of the
    /// frame and never read: 16×64×64 333.5K → 322.2K a step), while a small panel is copied out cheaply and is
    /// read again on most steps (a layer of 16 channels keeps 44 of its 50 panels from one step to the next).
    private static let eagerCells = 512

    /// Draws `panel` (kept: `panel.kept` is set) at (x, y) by copying its image, or draws it and keeps its image
    /// (the region it takes is blank before, so the image holds the panel alone) when there is none. `bypassed`:
    /// `FixedCells.bypassed`, read once a frame.
    static func draw(
        _ p: UnsafePointer<Panel>, into canvas: inout Canvas, x: Int, y: Int, language: Language, bypassed: Bool
    ) {
        guard let kept = p.pointee.kept, !bypassed,
            (p.pointee.grid?.visibleRows ?? 0) * (p.pointee.grid?.width ?? 0) <= mostPerImage
        else {
            p.pointee.draw(into: &canvas, x: x, y: y, language: language)
            return
        }
        let key = Key(
            panel: ObjectIdentifier(kept.from), rows: p.pointee.grid?.maxRows ?? 0, cols: p.pointee.grid?.maxCols ?? 0,
            shownFrom: p.pointee.grid?.shownFrom ?? -1,
            flags: Int(p.pointee.titleStyle.rawValue) << 16 | language.number << 1 | (kept.suffixed ? 1 : 0))
        let slot = kept.from
        store.lock.lock()
        var found: Canvas?
        let again = slot.drawn
        slot.drawn = true
        if slot.key == key {
            found = slot.canvas
        } else if let image = store.images[key] {
            found = image.canvas
            (slot.key, slot.canvas) = (key, image.canvas)
        }
        store.lock.unlock()
        if let image = found, x >= 0, y >= 0, x + image.width <= canvas.width, y + image.height <= canvas.height {
            canvas.copyRows(from: image) { $0.copy(rows: 0..<image.height, columns: 0..<image.width, to: x, y) }
            return
        }
        p.pointee.draw(into: &canvas, x: x, y: y, language: language)
        let (w, h) = (p.pointee.width, p.pointee.height)
        guard again || w * h <= eagerCells, found == nil, x >= 0, y >= 0, x + w <= canvas.width, y + h <= canvas.height,
            w > 0, h > 0,
            w * h <= mostPerImage
        else { return }
        let image = Image(from: slot, canvas: canvas.cropped(x: x, y: y, width: w, height: h))
        store.lock.lock()
        if store.images[key] == nil {
            if store.cells + w * h > mostCells { forgetAll() }
            store.images[key] = image
            store.cells += w * h
            (slot.key, slot.canvas) = (key, image.canvas)
        }
        store.lock.unlock()
    }

    /// Lets every image go (their panels' slide is let go: `KeptPanels`).
    static func removeAll() {
        store.lock.lock()
        forgetAll()
        store.lock.unlock()
    }

    /// Lets every image go, from the store and from the slots that name them. Under the lock.
    private static func forgetAll() {
        for image in store.images.values { (image.from.key, image.from.canvas) = (nil, nil) }
        store.images.removeAll()
        store.cells = 0
    }
}

/// The most rows a sum takes (on a tall screen): a lens writes a long sum's terms only as far as this many rows of
/// the screen show (`Frame.sumColumns`).
let mostSumRows = 4

/// How far a sum's rows after its first are indented.
let sumIndent = 6

/// The rows a sum may take: `most` when given, else 2 on a small screen and `mostSumRows` on a tall one.
func sumRowsShown(_ most: Int?, height: Int) -> Int { most ?? (height >= 32 ? mostSumRows : 2) }

/// A row of the lines under the panels: text, or a sum's row as the UTF-8 bytes it was written in
/// (`GridLook.Content.utf8`, `wrappedSum`).
enum LineText: Equatable {
    case text(String)
    case utf8([UInt8])

    var string: String {
        switch self {
        case .text(let s): s
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// `wrappedLine`'s rows, a sum given as bytes wrapped as bytes (`wrappedSum`).
func wrappedRows(_ line: GridLook, width: Int, height: Int, most: Int? = nil, parts: SumParts? = nil) -> [LineText] {
    if case .utf8(let bytes) = line.content, line.style == .formula, line.isSum,
        let rows = wrappedSum(bytes, width: width, most: sumRowsShown(most, height: height), parts: parts)
    {
        return rows.map(LineText.utf8)
    }
    return wrappedLine(line, width: width, height: height, most: most, parts: parts).map(LineText.text)
}

/// A line of arithmetic wrapped at " + ", at most 2 rows on a small screen (4 on a tall one); a longer sum
/// keeps its start and its result: `a⋅b + c⋅d + … = 17`.
func wrappedLine(_ line: GridLook, width: Int, height: Int, most: Int? = nil, parts: SumParts? = nil) -> [String] {
    let text = line.text
    // Only sums break at their terms; other lines (formulas with prose) wrap at words.
    guard line.style == .formula else { return wrap(text, width: width) }
    let most = sumRowsShown(most, height: height)
    guard line.isSum else { return capped(wrap(text, width: width), most: most, width: width, text: text) }
    var (rows, widths) = measuredTerms(text, width: width, indent: sumIndent, parts: parts)
    guard rows.count > most, let eq = lastRange(of: " = ", in: text) else { return rows }
    rows = Array(rows.prefix(most))
    // Drop whole terms, never half of one, and never cut the result (`cutSumRow`, measured as graphemes: never nil).
    let row = Array(rows[most - 1].utf8)
    let result = text[eq.upperBound...].utf8
    if let last = cutSumRow(row, measured: widths?[most - 1], result: result, width: width, displayWidth) {
        rows[most - 1] = String(decoding: last, as: UTF8.self)
    }
    return rows
}

/// The display width of text given as its UTF-8 bytes.
private func displayWidth(_ bytes: [UInt8]) -> Int? { displayWidth(String(decoding: bytes, as: UTF8.self)) }

/// `line` cut at its last `cut` until it and `tail` take at most `width` columns (a list's row, `capped`): the
/// line is measured once and each part cut away alone (a line's width is the sum of its graphemes'; a cut is before
/// a space, a boundary), not the whole line again after each cut.
private func cut(
    _ line: String, fitting width: Int, before tail: String, at cut: (String) -> String.Index?
) -> String {
    var (last, lastWidth) = (line, displayWidth(line))
    let room = width - displayWidth(tail)
    while lastWidth > room, let at = cut(last) {
        lastWidth -= displayWidth(String(last[at...]))
        last = String(last[..<at])
    }
    return last
}

/// At most `most` rows of a wrapped list; a longer one ends its last row with "…" (and keeps the list's closing
/// parenthesis), never half a word.
private func capped(_ rows: [String], most: Int, width: Int, text: String) -> [String] {
    guard rows.count > most else { return rows }
    let tail = text.hasSuffix(")") ? " …)" : " …"
    var kept = Array(rows.prefix(most))
    var last = cut(kept[most - 1], fitting: width, before: tail) { $0.lastIndex(of: " ") }
    while last.hasSuffix(",") { last.removeLast() }
    kept[most - 1] = last + tail
    return kept
}
