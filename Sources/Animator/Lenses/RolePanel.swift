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
struct FormPanel {
    let index: Int
    let level: Int
    /// Bit g set: footer group g goes under this panel (`PanelSet.footer`), in the order of g.
    var footers: UInt32 = 0
    /// Nil: as the panel says.
    var startsBand: Bool? = nil
}

/// The panels of one frame, in order, each built on first use and measured at most once (only when a fuller form
/// is tried). A compact form names the panels it shows (`FormPanel`), so trying a form builds only the panels no
/// form built before, measures nothing twice and copies no panel; only the form that is placed becomes an array of
/// panels (`panel(_:)`). Footers that go under the last panel of a kind are built once per frame, whatever the
/// number of forms tried.
final class PanelSet {
    /// What a form's flow reads of a panel, measured the first time a fuller form is tried: its title's width
    /// (with the suffix, once asked), the widest of its grid, viewport note and footers, its height and band mark.
    private struct Measure {
        let title: Int
        var suffixed: Int?
        let body: Int
        let height: Int
        let startsBand: Bool

        init(_ p: borrowing Panel) {
            title = displayWidth(p.title)
            let footer = p.footer.reduce(0) { max($0, displayWidth($1.text)) }
            height = p.height
            startsBand = p.startsBand
            body = max(p.grid?.width ?? 0, p.grid?.viewportNoteWidth ?? 0, footer)
        }
    }

    /// A panel as built, in a box of its own: reading it for a measure or a form copies nothing. `ready` once read
    /// (arrows written out on ASCII terminals, its grid's size as the most compact form checks it taken).
    private final class Built {
        var panel: Panel
        var suffix: String?
        let suffixLevel: Int
        var ready = false
        var grid: (width: Int, height: Int)? = nil
        var measure: Measure? = nil

        init(_ p: consuming RolePanel<some Any>) {
            panel = p.panel
            suffix = p.compactSuffix
            suffixLevel = p.suffixLevel
        }

        init(_ panel: Panel) {
            self.panel = panel
            suffixLevel = 1
        }

        /// The suffix's level, nil without a suffix.
        var suffixFrom: Int? { suffix == nil ? nil : suffixLevel }
    }

    private var makers: [(Int) -> Built] = []
    /// Per panel: which maker builds it (-1: given built) and its index in that maker's group; the panel once built.
    /// A struct, not a tuple: an array of tuples is destroyed through the runtime's generic tuple witness.
    private struct Slot {
        let maker: Int
        let index: Int
        var built: Built?
    }

    private var slots: [Slot] = []
    /// Panels given as one form (`init(_:)`, maker -2 with their index here): placed as they are.
    private var given: [Panel] = []
    /// Footer lines with their width, measured once.
    private struct FooterGroup {
        let lines: [GridLook]
        var width: Int?
    }

    private var footerGroups: [FooterGroup] = []
    /// ASCII terminals: → is written -> in every title, suffix and footer, as they are read.
    var ascii = false

    /// Room for `capacity` panels without growing.
    init(capacity: Int = 0) { slots.reserveCapacity(capacity) }

    /// Panels built already.
    convenience init(_ panels: [Panel]) {
        self.init(capacity: panels.count)
        given = panels
        for i in panels.indices { slots.append(Slot(maker: -2, index: i)) }
    }

    var count: Int { slots.count }

    /// `count` panels, panel i built by `make(i)` when a form first reads it.
    func add<Role>(_ count: Int, make: @escaping (Int) -> RolePanel<Role>) {
        let m = makers.count
        makers.append { Built(make($0)) }
        for i in 0..<count { slots.append(Slot(maker: m, index: i)) }
    }

    func add<Role>(_ panel: RolePanel<Role>) { append(Built(panel)) }

    private func append(_ b: Built) { slots.append(Slot(maker: -1, index: 0, built: b)) }

    /// Registers lines that a form puts under one of its panels (`FormPanel.footers`); returns the group's number.
    func footer(_ lines: [GridLook]) -> Int {
        footerGroups.append(FooterGroup(lines: lines))
        return footerGroups.count - 1
    }

    /// Panel i, built the first time it is read.
    private func built(_ i: Int) -> Built {
        let slot = slots[i]
        if let b = slot.built, b.ready { return b }
        let b = slot.built ?? (slot.maker == -2 ? Built(given[slot.index]) : makers[slot.maker](slot.index))
        if ascii {
            b.panel.title = arrows(b.panel.title, ascii: true)
            b.panel.footer = asciiLines(b.panel.footer)
            b.suffix = b.suffix.map { arrows($0, ascii: true) }
        }
        if let g = b.panel.grid { b.grid = (g.width, 1 + g.height + (g.isClipped ? 1 : 0)) }
        b.ready = true
        slots[i].built = b
        return b
    }

    /// Panel i's measure, taken the first time.
    private func measure(_ b: Built) -> Measure {
        if let m = b.measure { return m }
        let m = Measure(b.panel)
        b.measure = m
        return m
    }

    private func lines(_ g: Int) -> [GridLook] {
        ascii ? asciiLines(footerGroups[g].lines) : footerGroups[g].lines
    }

    private func titleWidth(_ f: FormPanel, _ b: Built, _ m: Measure) -> Int {
        guard let level = b.suffixFrom, f.level >= level else { return m.title }
        if let w = m.suffixed { return w }
        let w = displayWidth(b.panel.title + b.suffix!)
        b.measure!.suffixed = w
        return w
    }

    private func footerWidth(_ g: Int) -> Int {
        if let w = footerGroups[g].width { return w }
        let w = lines(g).reduce(0) { max($0, displayWidth($1.text)) }
        footerGroups[g].width = w
        return w
    }

    /// The size of the panel `f` makes, as `PanelBox(panel(f))` measures it, from the measures kept.
    func box(_ f: FormPanel) -> PanelBox {
        let b = built(f.index)
        let m = measure(b)
        var width = max(titleWidth(f, b, m), m.body)
        var height = m.height
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
    func grid(_ f: FormPanel) -> (width: Int, height: Int)? { built(f.index).grid }

    /// The panels of `form`: the panels given as they are when the form is all of them unchanged, else each one
    /// as `panel(_:)` makes it.
    func panels(_ form: [FormPanel]) -> [Panel] {
        let whole =
            !ascii && form.count == given.count
            && form.indices.allSatisfy { form[$0].index == $0 && form[$0].footers == 0 && form[$0].startsBand == nil }
        return whole ? given : form.map(panel)
    }

    /// The panel `f` shows: its suffix from its level on, its footers, its band mark.
    func panel(_ f: FormPanel) -> Panel {
        let b = built(f.index)
        var p = b.panel
        if let level = b.suffixFrom, f.level >= level { p.title += b.suffix! }
        var groups = f.footers
        while groups != 0 {
            let g = groups.trailingZeroBitCount
            groups &= groups - 1
            p.footer += lines(g)
        }
        if let band = f.startsBand { p.startsBand = band }
        return p
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

    /// Room for `capacity` panels without growing.
    init(capacity: Int = 0) {
        set = PanelSet(capacity: capacity)
        roles.reserveCapacity(capacity)
    }

    /// `count` panels with the roles `role(i)`, panel i built by `make(i)` when a form first keeps it.
    func add(_ count: Int, role: (Int) -> Role, make: @escaping (Int) -> RolePanel<Role>) {
        set.add(count, make: make)
        for i in 0..<count { roles.append(role(i)) }
    }

    /// Panels built already (a lens's hooks return arrays).
    func add(_ panels: [RolePanel<Role>]) {
        for p in panels {
            roles.append(p.role)
            set.add(p)
        }
    }

    /// `lines` go under the last panel of each form whose role `matches` accepts (none when empty).
    func footer(under matches: @escaping (Role) -> Bool, _ lines: [GridLook]) {
        guard !lines.isEmpty else { return }
        footers.append(FooterRule(matches: matches, group: set.footer(lines)))
    }

    /// The panels of compact `level`: those `keep` accepts, each footer under the last of them its test accepts.
    func form(level: Int, keep: (Role) -> Bool) -> [FormPanel] {
        var shown: [FormPanel] = []
        for i in roles.indices where keep(roles[i]) { shown.append(FormPanel(index: i, level: level)) }
        for rule in footers {
            if let last = shown.lastIndex(where: { rule.matches(roles[$0.index]) }) {
                shown[last].footers |= 1 << rule.group
            }
        }
        return shown
    }
}
