import ScenarioFormat

/// One row of the keymap: the keys, the screen where they work and the action they send; how the help overlay
/// and the key bar show them. The one table `Keymap.bindings` drives key → action, the key bar, the help
/// overlay and `play --help`.
public struct Binding: Sendable {
    /// Where a binding works: a set of the modes `Keymap.mode(of:)` tells apart.
    public struct Scope: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let picker = Scope(rawValue: 1)
        public static let player = Scope(rawValue: 2)
        /// The parameter panel.
        public static let editor = Scope(rawValue: 4)
        /// The panel's solver (`o`).
        public static let solver = Scope(rawValue: 8)
        /// A file name being typed in the panel (`w`): characters are letters there, not keys.
        public static let typing = Scope(rawValue: 16)
        /// Every mode where keys are keys.
        public static let everywhere: Scope = [.picker, .player, .editor, .solver]
    }

    /// How a binding appears in the key bar.
    public enum Bar: Sendable {
        /// Fixed keys and word.
        case fixed(String, Word)
        /// "Tab" and what Tab does in the current lens.
        case tab
        /// The view key, shown when Tab does not already switch lenses and there is another lens.
        case viewCycle
        /// The language key (not on ASCII terminals, which cannot show Chinese).
        case language
        /// PgDn, shown when the narration does not fit and pages.
        case notes
    }

    public let keys: [Key]
    public let scope: Scope
    /// The action sent; nil for a row that only documents something (the mouse).
    public let action: Action?
    /// The keys as the help overlay writes them, and what they do; nil when another row documents them.
    public let help: (keys: String, word: Word)?
    public let bar: Bar?
    /// True for rows about switching the language, hidden on ASCII terminals.
    public var isLanguage: Bool {
        if case .language? = bar { return true }
        return action == .languagePressed
    }
}

private func bind(
    _ keys: [Key], _ scope: Binding.Scope, _ action: Action?, help: (String, Word)? = nil,
    bar: Binding.Bar? = nil
) -> Binding {
    Binding(keys: keys, scope: scope, action: action, help: help.map { (keys: $0.0, word: $0.1) }, bar: bar)
}

/// The keymap table and what it drives.
public enum Keymap {
    /// Every key of the program, in the order of the key bar and the help overlay.
    public static let bindings: [Binding] = [
        bind(
            [.up, .char("k"), .wheelUp], .picker, .pickerMoved(-1), help: ("↑ k / ↓ j", .helpChoose),
            bar: .fixed("↑/↓", .barChoose)),
        bind([.down, .char("j"), .wheelDown], .picker, .pickerMoved(1)),
        bind([.pageUp], .picker, .pickerMoved(-10), help: ("PgUp / PgDn", .helpPageOfList)),
        bind([.pageDown], .picker, .pickerMoved(10)),
        bind([.home, .char("g")], .picker, .pickerMoved(-10_000), help: ("Home g / End G", .helpFirstLastRow)),
        bind([.end, .char("G")], .picker, .pickerMoved(10_000)),
        bind(
            [.enter, .char(" "), .right, .char("l")], .picker, .pickerChosen, help: ("Enter Space → l", .helpOpen),
            bar: .fixed("Enter", .barOpen)),
        bind([.char("L")], .picker, .languagePressed, help: ("L", .helpLanguage), bar: .language),
        bind(
            [.right, .char("l"), .down, .char("j")], .player, .stepForwardPressed,
            help: ("→ l ↓ j", .helpNextStep), bar: .fixed("←/→", .barStep)),
        bind(
            [.left, .char("h"), .up, .char("k"), .backspace], .player, .stepBackPressed,
            help: ("← h ↑ k", .helpPreviousStep)),
        bind([.home, .char("g")], .player, .firstPressed, help: ("Home g / End G", .helpFirstLast)),
        bind([.end, .char("G")], .player, .lastPressed),
        bind([.char(" ")], .player, .playPausePressed, help: ("Space", .helpPlay), bar: .fixed("Space", .barPlay)),
        bind([.char("+"), .char("=")], .player, .fasterPressed, help: ("+ / -", .helpSpeed)),
        bind([.char("-"), .char("_")], .player, .slowerPressed),
        bind([.tab], .player, .tabPressed, help: ("Tab", .helpTab), bar: .tab),
        bind([.backTab, .char("v")], .player, .viewCyclePressed, help: ("v  Shift-Tab", .helpView), bar: .viewCycle),
        bind([.pageDown, .wheelDown], .player, .notesPageDownPressed, help: ("PgDn / PgUp", .helpNotes), bar: .notes),
        bind([.pageUp, .wheelUp], .player, .notesPageUpPressed),
        bind(
            [.char("n")], .player, .nextScenarioPressed, help: ("n / p", .helpScenario),
            bar: .fixed("n/p", .barScenario)),
        bind([.char("p")], .player, .previousScenarioPressed),
        bind([.char("m")], .player, .pickerPressed, help: ("m", .helpMenu), bar: .fixed("m", .barMenu)),
        bind([.char("L")], .player, .languagePressed, help: ("L", .helpLanguage)),
        bind([], .player, nil, help: ("click", .helpClick)),
        // One help row for the three keys of the playground, so the player's help fits 80×24.
        bind([.char("e")], .player, .editPressed, help: ("e  t  c", .helpPlayground), bar: .fixed("e", .barEdit)),
        bind([.char("t")], .player, .pairPressed),
        bind([.char("c")], .player, .editorCodePressed),
        bind(
            [.up, .char("k")], .editor, .editorRowMoved(-1), help: ("↑ k / ↓ j", .helpEditorRow),
            bar: .fixed("↑/↓", .barParameter)),
        bind([.down, .char("j")], .editor, .editorRowMoved(1)),
        bind(
            [.right, .char("l")], .editor, .editorValueChanged(1), help: ("← h / → l", .helpEditorValue),
            bar: .fixed("←/→", .barChange)),
        bind([.left, .char("h")], .editor, .editorValueChanged(-1)),
        bind([.char("a")], .editor, .editorAxisPressed, help: ("a", .helpEditorAxis), bar: .fixed("a", .barAxes)),
        bind([.char("t")], .editor, .pairPressed, help: ("t", .helpPair), bar: .fixed("t", .barPair)),
        bind([.char("c")], .editor, .editorCodePressed, help: ("c", .helpCode), bar: .fixed("c", .barCode)),
        bind([.char("w")], .editor, .savePressed, help: ("w", .helpSave), bar: .fixed("w", .barSave)),
        bind([.char("o")], .editor, .solvePressed, help: ("o", .helpSolve), bar: .fixed("o", .barSolve)),
        bind(
            [.char("e"), .escape], .editor, .editPressed, help: ("e  Esc", .helpEditorClose),
            bar: .fixed("e", .barClose)),
        bind([.pageDown, .wheelDown], .editor, .notesPageDownPressed, help: ("PgDn / PgUp", .helpNotes), bar: .notes),
        bind([.pageUp, .wheelUp], .editor, .notesPageUpPressed),
        bind([.char("L")], .editor, .languagePressed, help: ("L", .helpLanguage)),
        bind(
            [.up, .char("k")], .solver, .editorRowMoved(-1), help: ("↑ k / ↓ j", .helpSolverChoose),
            bar: .fixed("↑/↓", .barChoose)),
        bind([.down, .char("j")], .solver, .editorRowMoved(1)),
        bind(
            [.right, .char("l")], .solver, .editorValueChanged(1), help: ("← h / → l", .helpSolverWanted),
            bar: .fixed("←/→", .barWantedSize)),
        bind([.left, .char("h")], .solver, .editorValueChanged(-1)),
        bind([.char("a")], .solver, .editorAxisPressed, help: ("a", .helpEditorAxis)),
        bind([.enter], .solver, .solveApplied, help: ("Enter", .helpSolverApply), bar: .fixed("Enter", .barApply)),
        bind(
            [.char("o"), .escape], .solver, .solvePressed, help: ("o  Esc", .helpSolverBack),
            bar: .fixed("Esc", .barBack)),
        bind([.enter], .typing, .textConfirmed, bar: .fixed("Enter", .barSave)),
        bind([.escape], .typing, .textCancelled, bar: .fixed("Esc", .barClose)),
        bind([.backspace], .typing, .textErased),
        bind([.char("?")], .everywhere, .helpPressed, help: ("?", .helpClose), bar: .fixed("?", .barHelp)),
        // Esc closes the panel and leaves the solver, so it quits only from the list and the player.
        bind(
            [.char("q"), .char("Q"), .ctrlC, .escape], [.picker, .player], .quitPressed,
            help: ("q  Esc  Ctrl-C", .helpQuit), bar: .fixed("q", .barQuit)),
        bind(
            [.char("q"), .char("Q"), .ctrlC], [.editor, .solver], .quitPressed, help: ("q  Ctrl-C", .helpQuit),
            bar: .fixed("q", .barQuit)),
        bind([.ctrlC], .typing, .quitPressed),
        // After quit: on the smallest screen (60×18) the help has no room for this row, and quit matters more.
        bind([.ctrlZ], [.everywhere, .typing], .suspendPressed, help: ("Ctrl-Z", .helpSuspend)),
    ]

    /// The mode that decides what keys mean: the list, the player, the panel, its solver, or a name being typed.
    public static func mode(of state: State) -> Binding.Scope {
        switch state.screen {
        case .picker: return .picker
        case .player: return .player
        case .editor:
            if state.edit?.saving != nil { return .typing }
            return state.edit?.solving != nil ? .solver : .editor
        }
    }

    /// Which action a key means in the state's mode; nil for keys that do nothing. While help is shown, any
    /// key closes it (and does nothing else) except the quit keys and suspend. While a name is typed, a character
    /// is a letter of it.
    public static func action(for key: Key, in state: State) -> Action? {
        let mode = mode(of: state)
        let bound = bindings.first { $0.applies(to: mode) && $0.keys.contains(key) }?.action
        if state.help {
            if (bound == .quitPressed && key != .escape) || bound == .suspendPressed { return bound }
            switch key {
            case .resize, .mouse, .wheelUp, .wheelDown: return nil
            default: return .helpPressed
            }
        }
        if bound == nil, mode == .typing, case .char(let c) = key { return .textTyped(c) }
        return bound
    }

    /// The help overlay's rows: keys and what they do.
    public static func helpRows(
        language: Language, ascii: Bool = false, screen: Binding.Scope = .player
    ) -> [(keys: String, text: String)] {
        bindings.compactMap { b in
            // ASCII terminals cannot show Chinese: no language key there.
            guard let h = b.help, b.applies(to: screen), !ascii || !b.isLanguage else { return nil }
            return (ascii ? asciiKeyNames(h.keys) : h.keys, language(h.word))
        }
    }

    /// Arrow keys by name for terminals without Unicode ("↓" would read as "v", which is the view key).
    static func asciiKeyNames(_ keys: String) -> String {
        keys.replacing("←/→", with: "Left/Right").replacing("↑/↓", with: "Up/Down").replacing("→", with: "Right")
            .replacing("←", with: "Left").replacing("↑", with: "Up").replacing("↓", with: "Down")
    }

    /// The key bar of `screen`: the entries whose bar applies, with `tabWord` for Tab and `showsViewKey` for v.
    static func bar(
        _ screen: Binding.Scope, language: Language, ascii: Bool = false, tabWord: Word? = nil,
        showsViewKey: Bool = false, notesPage: (page: Int, pages: Int)? = nil
    ) -> [(String, String)] {
        bindings.compactMap { b in
            guard let bar = b.bar, b.applies(to: screen) else { return nil }
            switch bar {
            case .fixed(let keys, let word): return (ascii ? asciiKeyNames(keys) : keys, language(word))
            case .tab: return tabWord.map { ("Tab", language($0)) }
            case .viewCycle: return showsViewKey ? ("v", language(.barView)) : nil
            case .language: return ascii ? nil : ("L", language(.barLanguage))
            case .notes: return notesPage.map { _ in ("PgDn", language(.barMore)) }
            }
        }
    }

    /// The keys for `play --help`: one line per key and what it does, in English.
    ///
    /// Built by appending to one string: the argument parser reads `play`'s configuration, this included, on
    /// every run before the first frame (the `map`/`joined` form cost 1.1 M instructions there, 4 % of the
    /// first frame; most of it the runtime's first look-ups of the generic types it used).
    public static var summary: String {
        let player = helpRows(language: .en)
        var text = "Keys:\n"
        text.reserveCapacity(4096)
        appendTable(player, to: &text)
        for (title, mode) in [
            ("In the scenario list:", Binding.Scope.picker), ("In the parameter panel (e):", .editor),
            ("In its solver (o):", .solver),
        ] {
            let own = helpRows(language: .en, screen: mode).filter { row in
                !player.contains { $0.keys == row.keys && $0.text == row.text }
            }
            text += "\n\n" + title + "\n"
            appendTable(own, to: &text)
        }
        return text
    }

    /// `rows` as lines "  keys  text", the keys padded to the widest; lines apart by a newline.
    private static func appendTable(_ rows: [(keys: String, text: String)], to text: inout String) {
        var width = 0
        for row in rows { width = max(width, displayWidth(row.keys)) }
        for (i, row) in rows.enumerated() {
            if i > 0 { text += "\n" }
            text += "  "
            text += row.keys
            for _ in 0..<max(0, width - displayWidth(row.keys)) { text += " " }
            text += "  "
            text += row.text
        }
    }
}

extension Binding {
    /// True when the binding works in `mode` (one mode, or any of several).
    public func applies(to mode: Binding.Scope) -> Bool { !scope.isDisjoint(with: mode) }
}

extension String {
    /// The string padded with spaces to `width` display columns.
    public func padding(toDisplayWidth width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - displayWidth(self)))
    }
}

/// Which action a key means on the current screen (see `Keymap.action`).
public func action(for key: Key, in state: State) -> Action? {
    Keymap.action(for: key, in: state)
}
