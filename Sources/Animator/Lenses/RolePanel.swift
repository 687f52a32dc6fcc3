/// A panel of a lens with its role, so that a compact form can drop it, a footer can go under the last panel of
/// a kind, and a title can say "of 3" when only one of several is shown.
struct RolePanel<Role> {
    var panel: Panel
    let role: Role
    /// Added to the title from compact level `suffixLevel` on ("of 3").
    var compactSuffix: String? = nil
    var suffixLevel = 1
}

/// A lens's panels in order, each built on first use. Their roles are known without building them, so a compact
/// form builds only the panels it keeps (the most compact form of a layer of 16 channels and 16 filters builds 5
/// of its 65 panels), and forms tried one after the other share the panels they both keep.
final class RolePanels<Role> {
    private var roles: [Role] = []
    private var makers: [(Int) -> RolePanel<Role>] = []
    /// Per panel: which maker builds it, and its index in that maker's group.
    private var slots: [(maker: Int, index: Int)] = []
    private var built: [RolePanel<Role>?] = []

    init() {}

    /// Panels built already (a lens's hooks return arrays).
    convenience init(_ panels: [RolePanel<Role>]) {
        self.init()
        add(panels)
    }

    /// `count` panels with the roles `role(i)`, panel i built by `make(i)` when a form first keeps it.
    func add(_ count: Int, role: (Int) -> Role, make: @escaping (Int) -> RolePanel<Role>) {
        let m = makers.count
        makers.append(make)
        for i in 0..<count {
            roles.append(role(i))
            slots.append((m, i))
            built.append(nil)
        }
    }

    func add(_ panels: [RolePanel<Role>]) {
        for p in panels {
            roles.append(p.role)
            slots.append((-1, 0))
            built.append(p)
        }
    }

    var count: Int { roles.count }
    func role(_ i: Int) -> Role { roles[i] }

    subscript(i: Int) -> RolePanel<Role> {
        if let p = built[i] { return p }
        let p = makers[slots[i].maker](slots[i].index)
        built[i] = p
        return p
    }
}

/// The panels of compact `level`: those `keep` accepts (built only then); each footer under the last kept panel
/// its test accepts; the compact suffixes from their level on.
func compactForm<Role>(
    _ base: RolePanels<Role>, level: Int, keep: (Role) -> Bool, footers: [((Role) -> Bool, [GridLook])]
) -> [Panel] {
    var shown: [RolePanel<Role>] = []
    for i in 0..<base.count where keep(base.role(i)) { shown.append(base[i]) }
    for (matches, lines) in footers where !lines.isEmpty {
        if let last = shown.lastIndex(where: { matches($0.role) }) { shown[last].panel.footer += lines }
    }
    return shown.map { p in
        var panel = p.panel
        if let suffix = p.compactSuffix, level >= p.suffixLevel { panel.title += suffix }
        return panel
    }
}
