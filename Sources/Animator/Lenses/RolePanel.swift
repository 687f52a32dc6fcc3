import ConvModel
import ScenarioFormat

/// A panel of a lens with its role, so that a compact form can drop it, a footer can go under the last panel of
/// a kind, and a title can say "of 3" when only one of several is shown.
struct RolePanel<Role> {
    var panel: Panel
    let role: Role
    /// Added to the title from compact level `suffixLevel` on ("of 3").
    var compactSuffix: String? = nil
    var suffixLevel = 1
}

/// One panel of a compact form: which panel of the frame's `PanelSet`, at which level (its "of 3" suffix shows
/// from the panel's own level on), the footers that go under it, and whether it starts a band.
struct FormPanel: Equatable {
    let index: Int
    let level: Int
    /// Bit g set: footer group g goes under this panel (`PanelSet.footer`), in the order of g.
    var footers: UInt32 = 0
    /// Nil: as the panel says.
    var startsBand: Bool? = nil
}

/// The panels of one frame, in order, each built on first use and measured as it is built (only when a form that
/// shows it is tried). A compact form names the panels it shows (`FormPanel`), so trying a form builds only the
/// panels no form built before, measures nothing twice and copies no panel; only the form that is placed becomes an
/// array of panels (`panels(_:)`, `layout(_:width:height:)`). Footers that go under the last panel of a kind are
/// built once per frame, whatever the number of forms tried. The set keeps a few numbers per group of panels and
/// per panel built, nothing per panel not built (the most compact form of 16 channels and 16 filters builds 5 of 65).
///
/// One frame's panels, read by one thread (the one building the frame): its properties skip Swift's run-time
/// exclusivity checks (a frame of 50 panels made 375 of them in `built` alone).
final class PanelSet {
    /// What a form's flow reads of a panel besides its grid: its title's width (with the suffix), the widest of its
    /// own footers and their number, its band mark.
    struct Measure: Equatable {
        let title: Int
        let suffixed: Int
        let footer: Int
        let footerCount: Int
        let startsBand: Bool

        init(_ p: borrowing Panel, suffix: String?) {
            title = displayWidth(p.title)
            if let suffix {
                // The widths add up when the suffix starts with ASCII (no grapheme spans the join).
                suffixed =
                    suffix.utf8.first.map { $0 < 0x80 } ?? true
                    ? title + displayWidth(suffix) : displayWidth(p.title + suffix)
            } else {
                suffixed = title
            }
            footer = p.footer.reduce(0) { max($0, displayWidth($1.text)) }
            footerCount = p.footer.count
            startsBand = p.startsBand
        }
    }

    /// What a form's flow reads of a panel: its measures, its grid as built (nil without one) and its suffix's level
    /// (nil without a suffix).
    struct Measured: Equatable {
        let measure: Measure
        let grid: GridBox?
        let suffixFrom: Int?

        /// Whether its title has its suffix ("of 3") in a form of compact `level`.
        func isSuffixed(at level: Int) -> Bool { suffixFrom.map { level >= $0 } ?? false }
    }

    /// A panel as built (arrows written out on ASCII terminals), measured, in a box of its own that nothing
    /// changes: reading it for a measure or a form copies nothing.
    fileprivate final class Built {
        /// Which panel of the set.
        let index: Int
        let panel: Panel
        let suffix: String?
        let measured: Measured
        /// What decides the grid's viewport (`LayoutMemo`).
        let shape: PanelShape
        /// Its images when it is kept across frames (`keptPanels`): the panels made of it are drawn from them
        /// (`PanelImages`).
        let images: PanelImages.Slot?

        init(_ p: consuming RolePanel<some Any>, index: Int, ascii: Bool, kept: Bool) {
            self.index = index
            images = kept ? PanelImages.Slot() : nil
            if ascii {
                p.panel.title = arrows(p.panel.title, ascii: true)
                p.panel.footer = asciiLines(p.panel.footer)
                p.compactSuffix = p.compactSuffix.map { arrows($0, ascii: true) }
            }
            measured = Measured(
                measure: Measure(p.panel, suffix: p.compactSuffix), grid: GridBox(p.panel),
                suffixFrom: p.compactSuffix == nil ? nil : p.suffixLevel)
            shape = PanelShape(p.panel)
            suffix = p.compactSuffix
            // Moved out, not copied (a copy retains a dozen references and the rest is released again).
            var moved = Panel(title: "")
            swap(&moved, &p.panel)
            panel = moved
        }
    }

    /// Panels from the group's first (`firsts`) on, to the next group's, are built by `make` (the panel's index,
    /// ASCII, and whether it is kept across frames: with `state`, by its state, `PanelState`); without it they are
    /// `given` (`init(_:)`).
    private struct Group {
        let make: ((Int, Bool, Bool) -> Built)?
        var state: ((Int) -> PanelState)? = nil
        /// Everything of the frame that decides panel i's box (`measured(_:)`), when the lens knows it.
        var measure: ((Int) -> PanelState)? = nil
        /// Panel i's title style, when it is the frame's and not the panel's (`add(_:state:measure:titleStyle:make:)`).
        var titleStyle: ((Int) -> Style)? = nil
    }

    @exclusivity(unchecked) private var groups: [Group] = []
    /// Each group's `first`, in order: a panel's group is found by reading these words (scanning the groups copied
    /// each one, its two closures retained and released: ~4 K instructions a frame of 50 panels).
    @exclusivity(unchecked) private var firsts: [Int] = []
    /// `FixedCells.bypassed` (a task-local: ~100 instructions a read), read with the first panel built.
    @exclusivity(unchecked) private var bypassed = false
    /// A group has a measure state (most lenses' have none: their panels are measured as built).
    @exclusivity(unchecked) private var measures = false
    /// The panels built, by index (empty until the first is read).
    @exclusivity(unchecked) private var builts: [Built?] = []
    /// Panels given as one form (`init(_:)`): placed as they are.
    @exclusivity(unchecked) private var given: [Panel] = []
    /// Footer lines with their width, measured once.
    private struct FooterGroup {
        let lines: [GridLook]
        var width: Int?
    }

    @exclusivity(unchecked) private var footerGroups: [FooterGroup] = []
    /// ASCII terminals: → is written -> in every title, suffix and footer, as they are read.
    @exclusivity(unchecked) var ascii = false
    @exclusivity(unchecked) private(set) var count = 0
    /// The frame whose panels with a state are kept across frames (`keep(for:lens:)`); nil: none is.
    @exclusivity(unchecked) private var owner: PanelOwner?

    init() {}

    /// Panels built already.
    convenience init(_ panels: [Panel]) {
        self.init()
        given = panels
        groups.append(Group(make: nil))
        firsts.append(0)
        count = panels.count
    }

    /// `count` panels, panel i built by `make(i)` when a form first reads it. With `state`, panel i is the one an
    /// earlier frame of the same slide, lens, language and ASCII built for the same `state(i)` when there is one
    /// (`keep(for:lens:)`): `state(i)` must hold everything of the frame that `make(i)` reads. With `measure`, a
    /// form that is only tried measures panel i from the measures an earlier frame kept for the same `measure(i)`,
    /// without building it: `measure(i)` must hold everything of the frame that decides its title, suffix, footers
    /// and grid's size (a transposed layer's 16 input channels, redrawn on every step, were built on every step to
    /// find that the form showing them all does not fit). With `titleStyle`, panel i's title has the style
    /// `titleStyle(i)` whatever the style `make(i)` gave it: the state leaves it out, so a panel whose title alone
    /// changes style (a channel's emphasis passing to the next) is neither made nor drawn again, its title restyled
    /// where a kept body shows it (`reused`, `PlacedBody.restyled`).
    func add<Role>(
        _ count: Int, state: ((Int) -> PanelState)? = nil, measure: ((Int) -> PanelState)? = nil,
        titleStyle: ((Int) -> Style)? = nil, make: @escaping (Int) -> RolePanel<Role>
    ) {
        guard count > 0 else { return }
        precondition(builts.isEmpty, "panels added after a form read them")
        let first = self.count
        if groups.isEmpty {
            groups.reserveCapacity(8)
            firsts.reserveCapacity(8)
        }
        groups.append(
            Group(
                make: { Built(make($0 - first), index: $0, ascii: $1, kept: $2) }, state: state, measure: measure,
                titleStyle: titleStyle))
        firsts.append(first)
        if measure != nil { measures = true }
        self.count = first + count
    }

    /// The panels added with a state are kept across frames of `frame`'s slide in `lens` and language.
    func keep(for frame: Frame, lens: LensName) {
        guard let number = Lenses.all.firstIndex(where: { $0.name == lens }) else {
            preconditionFailure("panels kept for a lens not in Lenses.all")
        }
        owner = PanelOwner(slide: frame.slide.anchor, lens: number, language: frame.language)
    }

    /// Panels built already (a lens's hooks return arrays), read as the others are: one group, the array captured
    /// once (a group per panel boxed a copy of each panel and two closures: 6 K instructions a frame for the
    /// receptive field's five panels).
    func add<Role>(_ panels: [RolePanel<Role>]) { add(panels.count) { panels[$0] } }

    /// Registers lines that a form puts under one of its panels (`FormPanel.footers`); returns the group's number.
    func footer(_ lines: [GridLook]) -> Int {
        footerGroups.append(FooterGroup(lines: lines))
        return footerGroups.count - 1
    }

    /// Panel i, built the first time it is read.
    private func built(_ i: Int) -> Built {
        prepare()
        if let b = builts[i] { return b }
        let b = build(i)
        builts[i] = b
        return b
    }

    /// Makes room for the panels built, with the first read.
    private func prepare() {
        guard builts.isEmpty else { return }
        builts = Array(repeating: nil, count: count)
        bypassed = FixedCells.bypassed
    }

    /// The group panel i belongs to.
    @inline(__always)
    private func group(of i: Int) -> Int {
        var g = firsts.count - 1
        while firsts[g] > i { g -= 1 }
        return g
    }

    /// Panel i's measures: the built panel's; for a panel not built yet of a group with a measure state, those kept
    /// for its state (`keptPanels`), the panel built only when none are.
    private func measured(_ i: Int) -> Measured {
        prepare()
        if let b = builts[i] { return b.measured }
        guard measures, let owner, !bypassed else { return built(i).measured }
        let g = group(of: i)
        guard let measure = groups[g].measure else { return built(i).measured }
        let key = PanelKey(owner, index: i, ascii: ascii, state: measure(i - firsts[g]))
        return keptPanels.measured(key, slide: owner.slide) { built(i).measured }
    }

    /// Builds panel i, or finds it kept from an earlier frame.
    private func build(_ i: Int) -> Built {
        let g = group(of: i)
        guard let make = groups[g].make else {
            return Built(RolePanel(panel: given[i], role: ()), index: i, ascii: ascii, kept: false)
        }
        guard let owner, !bypassed, let state = groups[g].state else { return make(i, ascii, false) }
        let key = PanelKey(owner, index: i, ascii: ascii, state: state(i - firsts[g]))
        let ascii = ascii
        return keptPanels.built(key, slide: owner.slide) { make(i, ascii, true) }
    }

    private func lines(_ g: Int) -> [GridLook] {
        ascii ? asciiLines(footerGroups[g].lines) : footerGroups[g].lines
    }

    private func footerWidth(_ g: Int) -> Int {
        if let w = footerGroups[g].width { return w }
        let w = lines(g).reduce(0) { max($0, displayWidth($1.text)) }
        footerGroups[g].width = w
        return w
    }

    /// The size of the panel `f` makes, as `PanelBox(panel(f))` measures it, from the measures kept.
    func box(_ f: FormPanel) -> PanelBox {
        let m = measured(f.index)
        return box(f, m.measure, m.isSuffixed(at: f.level), grid: m.grid)
    }

    /// The size of the panel `f` makes with its measures `m`, its title suffixed or not, its grid measured as `grid`.
    private func box(_ f: FormPanel, _ m: Measure, _ suffixed: Bool, grid: GridBox?) -> PanelBox {
        var width = max(suffixed ? m.suffixed : m.title, m.footer, grid?.body ?? 0)
        var height = 1 + (grid?.rows ?? 0) + m.footerCount
        var groups = f.footers
        while groups != 0 {
            let g = groups.trailingZeroBitCount
            groups &= groups - 1
            width = max(width, footerWidth(g))
            height += footerGroups[g].lines.count
        }
        return PanelBox(width: width, height: height, startsBand: f.startsBand ?? m.startsBand)
    }

    /// The width and height (title, clipping note) of the panel's grid as built, if it has one.
    func grid(_ f: FormPanel) -> (width: Int, height: Int)? {
        measured(f.index).grid.map { ($0.width, 1 + $0.rows) }
    }

    /// The form is all the panels given, unchanged.
    private func isGiven(_ form: [FormPanel]) -> Bool {
        !ascii && !given.isEmpty && form.count == given.count
            && form.indices.allSatisfy { form[$0].index == $0 && form[$0].footers == 0 && form[$0].startsBand == nil }
    }

    /// The panels of `form`: the panels given as they are when the form is all of them unchanged, else each one
    /// as `panel(_:)` makes it.
    func panels(_ form: [FormPanel]) -> [Panel] { isGiven(form) ? given : form.map(panel) }

    /// The panel `f` shows: its suffix from its level on, its footers, its band mark.
    func panel(_ f: FormPanel) -> Panel { panel(f, built(f.index)) }

    private func panel(_ f: FormPanel, _ b: Built) -> Panel {
        var p = b.panel
        dress(&p, f, b)
        return p
    }

    /// Gives `p`, a copy of `b`'s panel, what `f` adds: in place (a panel dressed and returned was copied once
    /// more, a dozen references retained and released).
    private func dress(_ p: inout Panel, _ f: FormPanel, _ b: Built) {
        if b.measured.isSuffixed(at: f.level) { p.title += b.suffix! }
        if let style = titleStyle(f.index) { p.titleStyle = style }
        var groups = f.footers
        while groups != 0 {
            let g = groups.trailingZeroBitCount
            groups &= groups - 1
            p.footer += lines(g)
        }
        if let band = f.startsBand { p.startsBand = band }
        // Footer lines are the frame's (their style may change from step to step): a panel with them is drawn.
        if let images = b.images, f.footers == 0 {
            p.kept = KeptDraw(from: images, suffixed: b.measured.isSuffixed(at: f.level))
        }
    }

    /// What the next frame needs to place its forms as this one did (`PlacedBody`): `forms`, the compact levels
    /// tried in turn, the last placed `width` columns wide in any of `rooms` rows as `panels` (made by
    /// `panels(form)`, or by `layout(form, …)` when `searched`, so all built) in `boxes` at `positions`; the states
    /// and measures of every panel the forms show (all measured as they were tried). Nil without `bodyOwner`, or when
    /// a cut grid follows another's viewport (`BodyLayout.linkWindows`: it depends on a panel besides its own), or
    /// the frame before tried other forms (they change from step to step: `BodyMemo.isSteady`).
    func placedBody(
        _ forms: [(level: Int, form: [FormPanel])], panels: [Panel], boxes: [PanelBox]?, positions: [(x: Int, y: Int)],
        height: Int, width: Int, rooms: ClosedRange<Int>, searched: Bool = false
    ) -> PlacedBody? {
        guard let owner = bodyOwner, !panels.contains(where: { $0.link < 0 && $0.grid?.isClipped == true }) else {
            return nil
        }
        let key = BodyMemo.Key(owner, ascii: ascii, width: width)
        guard BodyMemo.isSteady(key, forms: forms) else { return nil }
        var states = [PanelState?](repeating: nil, count: count)
        var measureds = [Measured?](repeating: nil, count: count)
        var titleStyles = [Style?](repeating: nil, count: count)
        for (_, form) in forms {
            for f in form where measureds[f.index] == nil {
                states[f.index] = state(f.index)
                measureds[f.index] = measured(f.index)
                titleStyles[f.index] = titleStyle(f.index)
            }
        }
        return PlacedBody(
            owner: owner, key: key, rooms: rooms, forms: forms, states: states, titleStyles: titleStyles,
            measureds: measureds, footers: footerGroups.indices.map(footerSize), placed: panels,
            boxes: boxes ?? panels.map(PanelBox.init),
            shapes: forms[forms.count - 1].form.map { built($0.index).shape }, positions: positions, height: height,
            searched: searched)
    }

    /// The owner of the body kept (`PlacedBody`): nil when the set's panels are not kept (no owner, nothing kept
    /// while `bypassed`) or are given as one form.
    private var bodyOwner: PanelOwner? { bypassed || !given.isEmpty ? nil : owner }

    /// Panel i's state (`PanelState`), nil when its group has none.
    private func state(_ i: Int) -> PanelState? {
        let g = group(of: i)
        return groups[g].state?(i - firsts[g])
    }

    /// Panel i's title style when its group gives it (`add(_:state:measure:titleStyle:make:)`), else nil.
    private func titleStyle(_ i: Int) -> Style? {
        let g = group(of: i)
        return groups[g].titleStyle?(i - firsts[g])
    }

    /// Footer group g's width and number of lines: what a box reads of it.
    private func footerSize(_ g: Int) -> Int { footerWidth(g) << 16 | footerGroups[g].lines.count }

    /// The body the frame before placed (`PlacedBody`, taken from `BodyMemo`) when it tried forms equal to this
    /// frame's (`form(level)`) for the same owner and ASCII, `width` columns wide in a room of as many rows as
    /// places them alike, and every panel they show whose state changed (or that has none) measures as the one it
    /// replaces, as do the footers: every form tried flows as it did, so the frame places the same form in the same
    /// boxes. The placed form's panels that changed, or that carry the frame's footers, are made again (returned,
    /// their places listed in `changed`); the others are neither built nor measured (a step of a layer of 16
    /// channels and 16 filters shown whole makes the 3 panels it changes, not 50), those whose title alone changes
    /// style restyled where they are (`restyled`: the emphasis passing from one channel's input and partial sums to
    /// the next's). Nil otherwise: the frame places its panels anew.
    func reused(_ form: (Int) -> [FormPanel], width: Int, room: Int) -> (PlacedBody, [Panel])? {
        prepare()
        guard let owner = bodyOwner,
            let body = BodyMemo.take(BodyMemo.Key(owner, ascii: ascii, width: width), room: room),
            body.states.count == count,
            body.footers.count == footerGroups.count
        else { return nil }
        for g in footerGroups.indices where footerSize(g) != body.footers[g] { return nil }
        // The search's viewports are the ones `layout` would take now (another owner may have remembered others).
        if let key = body.searched {
            guard let viewports = LayoutMemo.shared[key], viewports.elementsEqual(body.viewports, by: ==) else {
                return nil
            }
        }
        guard let (renewed, restyled) = changes(form, body), let panels = remade(body, renewed, restyled) else {
            return nil
        }
        return (body, panels)
    }

    /// Per panel of the set, whether it is made again (its state changed, or it has none) and whether its title
    /// alone changes style, the body's states and styles brought up to date; nil when a form tried is not the one
    /// shown now or a panel made again measures otherwise.
    private func changes(_ form: (Int) -> [FormPanel], _ body: PlacedBody) -> (renewed: [Bool], restyled: [Bool])? {
        var seen = [Bool](repeating: false, count: count)
        var renewed = [Bool](repeating: false, count: count)
        var restyled = [Bool](repeating: false, count: count)
        for (level, tried) in body.forms {
            let shown = form(level)
            guard shown == tried else { return nil }
            for f in shown where !seen[f.index] {
                let i = f.index
                seen[i] = true
                let state = state(i)
                let style = titleStyle(i)
                if state != nil && state == body.states[i] {
                    if style != body.titleStyles[i] { (restyled[i], body.titleStyles[i]) = (true, style) }
                    continue
                }
                guard measured(i) == body.measureds[i] else { return nil }
                (body.states[i], body.titleStyles[i]) = (state, style)
                renewed[i] = true
            }
        }
        return (renewed, restyled)
    }

    /// The placed form's panels made again (`renewed`, or carrying the frame's footers), their places noted in
    /// `body.changed`, and the titles of the others `restyled` noted in `body.restyled`; nil when a panel made again
    /// has another shape.
    private func remade(_ body: PlacedBody, _ renewed: [Bool], _ restyled: [Bool]) -> [Panel]? {
        var (changed, panels): ([Int], [Panel]) = ([], [])
        let renewals = renewed.reduce(0) { $0 + ($1 ? 1 : 0) } + footerGroups.count
        changed.reserveCapacity(renewals)
        panels.reserveCapacity(renewals)
        var restyles: [PlacedBody.Restyle] = []
        for (j, f) in body.forms[body.forms.count - 1].form.enumerated() {
            guard renewed[f.index] || f.footers != 0 else {
                // Kept as drawn but for its title's style: the title's cells, as wide as its measure.
                if restyled[f.index], let m = body.measureds[f.index], let style = body.titleStyles[f.index] {
                    let width = m.isSuffixed(at: f.level) ? m.measure.suffixed : m.measure.title
                    restyles.append(PlacedBody.Restyle(place: j, width: width, style: style))
                }
                continue
            }
            let b = built(f.index)
            guard b.shape == body.shapes[j] else { return nil }
            panels.append(panel(f, b))
            // Cut as the panel it replaces by the search: the viewports are the same for the same shapes and room;
            // the box too, unless its viewport note is wider or narrower (`rows 7–10/11` after `rows 4–7/11`: the
            // panels after it would lie elsewhere, as a frame drawn anew places them).
            if body.searched != nil {
                let grid = GridBox(
                    cutting: &panels[panels.count - 1], rows: body.viewports[j].rows, cols: body.viewports[j].cols)
                let m = b.measured
                guard box(f, m.measure, m.isSuffixed(at: f.level), grid: grid) == body.boxes[j] else { return nil }
            }
            changed.append(j)
        }
        (body.changed, body.restyled) = (changed, restyles)
        return panels
    }

    /// `layout(panels(form), width:, height:)`: the viewports remembered for these grid shapes and room
    /// (`LayoutMemo`) are set on the form's panels as each is made, and checked with one flow pass over boxes
    /// measured from the measures kept and the grids as cut (titles and footers are not measured again); else
    /// the search.
    func layout(_ form: [FormPanel], width: Int, height: Int) -> (
        panels: [Panel], positions: [(x: Int, y: Int)], height: Int
    )? {
        var bs: [Built] = []
        bs.reserveCapacity(form.count)
        var shapes: [PanelShape] = []
        shapes.reserveCapacity(form.count)
        for f in form {
            let b = built(f.index)
            bs.append(b)
            shapes.append(b.shape)
        }
        let key = LayoutMemo.Key(width: width, height: height, shapes: shapes)
        if let viewports = LayoutMemo.shared[key] {
            var ps: [Panel] = []
            ps.reserveCapacity(form.count)
            var boxes: [PanelBox] = []
            boxes.reserveCapacity(form.count)
            let whole = isGiven(form)
            for i in form.indices {
                ps.append(whole ? given[i] : bs[i].panel)
                if !whole { dress(&ps[i], form[i], bs[i]) }
                // Cut and measured where it lies in the array: a panel passed by value would be copied.
                let grid = GridBox(cutting: &ps[i], rows: viewports[i].rows, cols: viewports[i].cols)
                boxes.append(
                    box(form[i], bs[i].measured.measure, bs[i].measured.isSuffixed(at: form[i].level), grid: grid))
            }
            if let f = flow(boxes: boxes, width: width, height: height) { return (ps, f.positions, f.height) }
        }
        return searchLayout(panels(form), width: width, height: height, remembering: key)
    }
}

/// What a panel added with a state (`PanelSet.add(_:state:make:)`) reads of its frame besides the slide, the lens
/// and the language: up to four numbers its lens picks per role (the window, a channel's tap limit, …). Frames whose
/// panels have the same state show the same panel, so it is built once and kept (`keptPanels`): a step within a
/// window of a layer of 16 channels and 16 filters shown whole changes about 6 of its 50 panels (a step to the
/// next window, the inputs, kernel slices and partial-sum maps too).
struct PanelState: Equatable {
    let a: Int, b: Int, c: Int, d: Int

    init(_ a: Int, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0) { (self.a, self.b, self.c, self.d) = (a, b, c, d) }
}

/// The frame whose panels are kept: its slide (the slide's cache, held while its panels are kept so that its identity
/// is not reused), its lens (its place in `Lenses.all`) and its language.
struct PanelOwner {
    let slide: AnyObject
    let lens: Int
    let language: Language

    /// The lens, the language and ASCII in one word: bit 0 ASCII, bits 1–7 the language's number, from bit 8 on the
    /// lens (`PanelKey`, `PlacedBody`).
    func flags(ascii: Bool) -> Int { lens << 8 | language.number << 1 | (ascii ? 1 : 0) }
}

/// A kept panel's key: the owner's slide by identity, lens and language, ASCII, the panel's index and state.
private struct PanelKey: Hashable {
    let slide: ObjectIdentifier
    /// `PanelOwner.flags(ascii:)`.
    let flags: Int
    let index: Int
    let state: PanelState

    init(_ owner: PanelOwner, index: Int, ascii: Bool, state: PanelState) {
        slide = ObjectIdentifier(owner.slide)
        flags = owner.flags(ascii: ascii)
        self.index = index
        self.state = state
    }

    /// The numbers mixed into one word: one `combine` instead of eight (a frame looks up every panel it shows).
    func hash(into hasher: inout Hasher) {
        let first = Int(bitPattern: UInt(bitPattern: slide)) ^ flags
        hasher.combine(hashMix(hashMix(hashMix(hashMix(hashMix(first, index), state.a), state.b), state.c), state.d))
    }
}

/// Panels kept across frames by their key (a step rebuilds only the panels whose state changed), for the two slides
/// shown last: a slide left behind (another scenario, an edit that made a new layer) is let go with its panels
/// and the images of them (`PanelImages`), so that kept panels never keep old slides' outputs and memos alive.
/// Two generations of at most `half` panels each: a panel read from the older one moves to the newer, so the panels
/// a step keeps reading (another filter's output, the kernel slices) stay while the window's come and go.
private final class KeptPanels: @unchecked Sendable {
    /// Guards the properties below, which therefore skip Swift's run-time exclusivity checks.
    private let lock = Lock()
    /// The slides whose panels are kept (held: their identity is in the keys), the one shown last at the end.
    @exclusivity(unchecked) private var slides: [AnyObject] = []
    @exclusivity(unchecked) private var newer: [PanelKey: PanelSet.Built] = [:]
    @exclusivity(unchecked) private var older: [PanelKey: PanelSet.Built] = [:]
    private let half = 512
    /// The panel read last at each index (below `lastCount`), with its key: a step reads most of its panels with
    /// the states of the step before, found here by comparing keys, without hashing them. A panel found here is not
    /// moved to the newer generation: it may leave both, and is built again if it is read after it left this too.
    @exclusivity(unchecked) private var last: [(key: PanelKey, value: PanelSet.Built)?] = []
    private static let lastCount = 256
    /// Panels' measures by their measure state (`PanelSet.add(_:state:measure:make:)`), at most `half`; the ones
    /// read last at each index (below `lastCount`) with their key, found by comparing keys, as `last`. (Both arrays
    /// are read in place: a struct holding one, read through this class, was copied out on each lookup.)
    @exclusivity(unchecked) private var measures: [PanelKey: PanelSet.Measured] = [:]
    @exclusivity(unchecked) private var lastMeasured: [(key: PanelKey, value: PanelSet.Measured)?] = []

    /// The panel of `key`, made by `make` (outside the lock) and kept when missing.
    func built(_ key: PanelKey, slide: AnyObject, _ make: () -> PanelSet.Built) -> PanelSet.Built {
        lock.lock()
        admit(slide)
        return value(key, slide: slide, last: &last, make: make) {
            var found = newer[key]
            if found == nil, let old = older.removeValue(forKey: key) {
                found = old
                put(old, key)
            }
            return found
        } keep: {
            put($0, key)
        }
    }

    /// The measures kept for `key`, made by `make` (outside the lock) and kept when missing.
    func measured(_ key: PanelKey, slide: AnyObject, _ make: () -> PanelSet.Measured) -> PanelSet.Measured {
        lock.lock()
        admit(slide)
        return value(key, slide: slide, last: &lastMeasured, make: make) {
            measures[key]
        } keep: {
            if measures.count >= half { measures.removeAll() }
            measures[key] = $0
        }
    }

    /// The value of `key`, entered with the lock held (and `slide` admitted): the one read last at its index in
    /// `entries`, else what `find` finds, else made by `make` outside the lock and given to `keep` when its slide is
    /// still kept; the lock let go.
    @inline(__always)
    private func value<V>(
        _ key: PanelKey, slide: AnyObject, last entries: inout [(key: PanelKey, value: V)?], make: () -> V,
        find: () -> V?, keep: (V) -> Void
    ) -> V {
        let i = key.index
        if i < entries.count, let l = entries[i], l.key == key {
            lock.unlock()
            return l.value
        }
        let found = find()
        if let found { Self.note(found, key, in: &entries) }
        lock.unlock()
        if let found { return found }
        let v = make()
        lock.lock()
        if slides.contains(where: { $0 === slide }) {
            keep(v)
            Self.note(v, key, in: &entries)
        }
        lock.unlock()
        return v
    }

    /// Notes `value` as the one read last at its key's index in `entries` (`last`, `lastMeasured`). Under the lock.
    private static func note<V>(_ value: V, _ key: PanelKey, in entries: inout [(key: PanelKey, value: V)?]) {
        guard key.index < lastCount else { return }
        if entries.isEmpty { entries = Array(repeating: nil, count: lastCount) }
        entries[key.index] = (key, value)
    }

    /// Lets the values of a slide go from `entries`. Under the lock.
    private static func forget<V>(_ slide: ObjectIdentifier, in entries: inout [(key: PanelKey, value: V)?]) {
        for i in entries.indices where entries[i]?.key.slide == slide { entries[i] = nil }
    }

    /// Makes `slide` the one shown last, letting the slide before the last go. Under the lock.
    private func admit(_ slide: AnyObject) {
        if slides.last === slide { return }
        slides.removeAll { $0 === slide }
        slides.append(slide)
        guard slides.count > 2 else { return }
        let gone = ObjectIdentifier(slides.removeFirst())
        newer = newer.filter { $0.key.slide != gone }
        older = older.filter { $0.key.slide != gone }
        measures = measures.filter { $0.key.slide != gone }
        Self.forget(gone, in: &last)
        Self.forget(gone, in: &lastMeasured)
        PanelImages.removeAll()
        BodyMemo.removeAll()
    }

    /// Under the lock.
    private func put(_ b: PanelSet.Built, _ key: PanelKey) {
        if newer.count >= half {
            older = newer
            newer = [:]
        }
        newer[key] = b
    }
}

private let keptPanels = KeptPanels()

/// What a panel's grid adds to its box: the grid's width, the widest of it and its viewport note (on a line of its
/// own under the grid) and the rows of both.
struct GridBox: Equatable {
    let width: Int
    let body: Int
    let rows: Int

    /// The grid of `p` cut to `rows` × `cols` (its viewport), nil without one; cut and read in place.
    init?(cutting p: inout Panel, rows: Int, cols: Int) {
        p.grid?.maxRows = rows
        p.grid?.maxCols = cols
        self.init(p)
    }

    /// The grid of `p` as it is cut, nil without one; read in place, not copied out of the panel.
    init?(_ p: borrowing Panel) {
        guard let width = p.grid?.width else { return nil }
        let clipped = p.grid!.isClipped
        self.width = width
        body = clipped ? max(width, p.grid!.viewportNoteWidth(widest: p.link < 0)) : width
        rows = p.grid!.height + (clipped ? 1 : 0)
    }
}

/// Footer lines with → written as -> (a lone > would read as "greater than").
private func asciiLines(_ lines: [GridLook]) -> [GridLook] {
    lines.map { GridLook(text: arrows($0.text, ascii: true), style: $0.style) }
}

/// A lens's panels tagged with roles, so compact forms can be chosen by role: the roles are known without building
/// the panels (the most compact form of a layer of 16 channels and 16 filters builds 5 of its 65 panels).
final class RolePanels<Role> {
    let set: PanelSet
    private var roles: [Role] = []
    /// Footers that go under the last panel shown whose role the test accepts, by group (`PanelSet.footer`).
    private struct FooterRule {
        let matches: (Role) -> Bool
        let group: Int
    }

    private var footers: [FooterRule] = []

    /// Room for the roles of `capacity` panels without growing.
    init(capacity: Int = 0) {
        set = PanelSet()
        roles.reserveCapacity(capacity)
    }

    /// `count` panels with the roles `role(i)`, panel i built by `make(i)` when a form first keeps it, or kept
    /// from an earlier frame by `state(i)`, or measured without being built by `measure(i)`, its title in
    /// `titleStyle(i)` (`PanelSet.add(_:state:measure:titleStyle:make:)`).
    func add(
        _ count: Int, role: (Int) -> Role, state: ((Int) -> PanelState)? = nil,
        measure: ((Int) -> PanelState)? = nil, titleStyle: ((Int) -> Style)? = nil,
        make: @escaping (Int) -> RolePanel<Role>
    ) {
        set.add(count, state: state, measure: measure, titleStyle: titleStyle, make: make)
        for i in 0..<count { roles.append(role(i)) }
    }

    /// Panels built already (a lens's hooks return arrays).
    func add(_ panels: [RolePanel<Role>]) {
        for p in panels { roles.append(p.role) }
        set.add(panels)
    }

    /// `lines` go under the last panel of each form whose role `matches` accepts (none when empty).
    func footer(under matches: @escaping (Role) -> Bool, _ lines: [GridLook]) {
        guard !lines.isEmpty else { return }
        footers.append(FooterRule(matches: matches, group: set.footer(lines)))
    }

    /// The panels of compact `level`: those `keep` accepts, each footer under the last of them its test accepts.
    func form(level: Int, keep: (Role) -> Bool) -> [FormPanel] {
        var shown: [FormPanel] = []
        // Every panel at most (a layer of 16 channels and 16 filters shown whole keeps 66: grown from 16 it was
        // copied three times a form).
        shown.reserveCapacity(roles.count)
        for i in roles.indices where keep(roles[i]) { shown.append(FormPanel(index: i, level: level)) }
        for rule in footers {
            if let last = shown.lastIndex(where: { rule.matches(roles[$0.index]) }) {
                shown[last].footers |= 1 << rule.group
            }
        }
        return shown
    }
}
