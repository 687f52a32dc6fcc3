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

/// The panels of one frame, in order, each built on first use and measured once. A compact form names the panels
/// it shows (`FormPanel`), so trying a form builds only the panels no form built before, measures nothing twice
/// and copies no panel; only the form that is placed becomes an array of panels (`panel(_:)`). Footers that go
/// under the last panel of a kind are built once per frame, whatever the number of forms tried.
final class PanelSet {
    fileprivate struct Entry {
        var panel: Panel
        var suffix: String?
        var suffixLevel: Int
    }

    /// What a form's layout reads of a panel, measured when it is built: its title's width (with the suffix, once
    /// asked), the widest of its grid, viewport note and footers, its height and band mark, and its grid's size as
    /// the most compact form checks it.
    private struct Measure {
        let title: Int
        var suffixed: Int?
        /// Nil: no compact suffix.
        let suffixLevel: Int?
        let body: Int
        let height: Int
        let startsBand: Bool
        let grid: (width: Int, height: Int)?

        init(_ p: borrowing Panel, suffixLevel: Int?) {
            title = displayWidth(p.title)
            self.suffixLevel = suffixLevel
            let footer = p.footer.reduce(0) { max($0, displayWidth($1.text)) }
            height = p.height
            startsBand = p.startsBand
            switch p.grid {
            case .some(let g):
                body = max(g.width, g.viewportNoteWidth, footer)
                grid = (g.width, 1 + g.height + (g.isClipped ? 1 : 0))
            case .none:
                body = footer
                grid = nil
            }
        }
    }

    private var makers: [(Int) -> Entry] = []
    /// Panels given built (maker -1).
    private var prebuilt: [Entry] = []
    /// Per panel: which maker builds it, and its index in that maker's group (or in `prebuilt`).
    private var slots: [(maker: Int, index: Int)] = []
    /// The panels read so far, as drawn (arrows written out on ASCII terminals), their suffixes and measures.
    private var panels: [Panel?] = []
    private var suffixes: [String?] = []
    private var measures: [Measure?] = []
    private var footerGroups: [(lines: [GridLook], width: Int?)] = []
    /// ASCII terminals: → is written -> in every title, suffix and footer, as they are read.
    var ascii = false

    init() {}

    /// Panels built already.
    convenience init(_ panels: [Panel]) {
        self.init()
        for p in panels { append(Entry(panel: p, suffix: nil, suffixLevel: 1)) }
    }

    var count: Int { slots.count }

    /// `count` panels, panel i built by `make(i)` when a form first reads it.
    func add<Role>(_ count: Int, make: @escaping (Int) -> RolePanel<Role>) {
        let m = makers.count
        makers.append { i in
            let p = make(i)
            return Entry(panel: p.panel, suffix: p.compactSuffix, suffixLevel: p.suffixLevel)
        }
        for i in 0..<count { slots.append((m, i)) }
        grow()
    }

    func add<Role>(_ panel: RolePanel<Role>) {
        append(Entry(panel: panel.panel, suffix: panel.compactSuffix, suffixLevel: panel.suffixLevel))
    }

    private func append(_ e: Entry) {
        slots.append((-1, prebuilt.count))
        prebuilt.append(e)
        grow()
    }

    private func grow() {
        let n = slots.count - panels.count
        panels += repeatElement(nil, count: n)
        suffixes += repeatElement(nil, count: n)
        measures += repeatElement(nil, count: n)
    }

    /// Registers lines that a form puts under one of its panels (`FormPanel.footers`); returns the group's number.
    func footer(_ lines: [GridLook]) -> Int {
        footerGroups.append((lines, nil))
        return footerGroups.count - 1
    }

    /// Panel i's measure, the panel built (and measured) the first time.
    private func measure(_ i: Int) -> Measure {
        if let m = measures[i] { return m }
        let slot = slots[i]
        var e = slot.maker < 0 ? prebuilt[slot.index] : makers[slot.maker](slot.index)
        if ascii {
            e.panel.title = arrows(e.panel.title, ascii: true)
            e.panel.footer = asciiLines(e.panel.footer)
            e.suffix = e.suffix.map { arrows($0, ascii: true) }
        }
        let m = Measure(e.panel, suffixLevel: e.suffix == nil ? nil : e.suffixLevel)
        suffixes[i] = e.suffix
        panels[i] = e.panel
        measures[i] = m
        return m
    }

    private func lines(_ g: Int) -> [GridLook] {
        ascii ? asciiLines(footerGroups[g].lines) : footerGroups[g].lines
    }

    private func titleWidth(_ f: FormPanel) -> Int {
        let m = measure(f.index)
        guard let level = m.suffixLevel, f.level >= level else { return m.title }
        if let w = m.suffixed { return w }
        let w = displayWidth(panels[f.index]!.title + suffixes[f.index]!)
        measures[f.index]!.suffixed = w
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
        let m = measure(f.index)
        var width = max(titleWidth(f), m.body)
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
    func grid(_ f: FormPanel) -> (width: Int, height: Int)? { measure(f.index).grid }

    /// The panel `f` shows: its suffix from its level on, its footers, its band mark.
    func panel(_ f: FormPanel) -> Panel {
        let m = measure(f.index)
        var p = panels[f.index]!
        if let level = m.suffixLevel, f.level >= level { p.title += suffixes[f.index]! }
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
    let set = PanelSet()
    private var roles: [Role] = []
    /// Footers that go under the last panel shown whose role the test accepts, by group (`PanelSet.footer`).
    private var footers: [(matches: (Role) -> Bool, group: Int)] = []

    init() {}

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
        footers.append((matches, set.footer(lines)))
    }

    /// The panels of compact `level`: those `keep` accepts, each footer under the last of them its test accepts.
    func form(level: Int, keep: (Role) -> Bool) -> [FormPanel] {
        var shown: [FormPanel] = []
        for i in roles.indices where keep(roles[i]) { shown.append(FormPanel(index: i, level: level)) }
        for (matches, group) in footers {
            if let last = shown.lastIndex(where: { matches(roles[$0.index]) }) { shown[last].footers |= 1 << group }
        }
        return shown
    }
}
