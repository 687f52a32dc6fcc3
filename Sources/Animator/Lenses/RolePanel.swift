/// A panel of a lens with its role, so that a compact form can drop it, a footer can go under the last panel of
/// a kind, and a title can say "of 3" when only one of several is shown.
struct RolePanel<Role> {
    var panel: Panel
    let role: Role
    /// Added to the title from compact level `suffixLevel` on ("of 3").
    var compactSuffix: String? = nil
    var suffixLevel = 1
}

/// The panels of compact `level`: those `keep` accepts; each footer under the last kept panel its test accepts;
/// the compact suffixes from their level on.
func compactForm<Role>(
    _ base: [RolePanel<Role>], level: Int, keep: (Role) -> Bool, footers: [((Role) -> Bool, [GridLook])]
) -> [Panel] {
    var shown = base.filter { keep($0.role) }
    for (matches, lines) in footers where !lines.isEmpty {
        if let last = shown.lastIndex(where: { matches($0.role) }) { shown[last].panel.footer += lines }
    }
    return shown.map { p in
        var panel = p.panel
        if let suffix = p.compactSuffix, level >= p.suffixLevel { panel.title += suffix }
        return panel
    }
}
