import Animator
import ConvModel
import ScenarioFormat
import Testing

/// The keymap table drives keys, the key bar and the help overlay.
@Suite struct KeymapTests {
    @Test func noKeyMeansTwoThingsOnOneScreen() {
        let modes: [Binding.Scope] = [.picker, .player, .editor, .solver, .typing]
        for screen in modes {
            var seen: [Key] = []
            for b in Keymap.bindings where b.applies(to: screen) {
                for key in b.keys {
                    #expect(!seen.contains(key), "\(key) means two things on the \(screen)")
                    seen.append(key)
                }
            }
        }
    }

    @Test func everyActionKeyIsInTheHelp() {
        let rows = Keymap.helpRows(language: .en, )
        #expect(rows.count == Keymap.bindings.filter { $0.help != nil && $0.applies(to: .player) }.count)
        let picker = Keymap.helpRows(language: .en, screen: .picker)
        #expect(picker.first?.text == "previous / next scenario in the list")
        #expect(picker.contains { $0.keys == "q  Esc  Ctrl-C" } && !picker.contains { $0.keys == "Space" })
        #expect(rows.first?.keys == "→ l ↓ j" && rows.contains { $0.keys == "q  Esc  Ctrl-C" && $0.text == "quit" })
        #expect(rows.last?.keys == "Ctrl-Z" && rows.last?.text == "suspend (fg to resume)", "after quit: cut first")
        #expect(!Keymap.helpRows(language: .en, ascii: true).contains { $0.keys == "L" })
        #expect(Keymap.helpRows(language: .zh, ).contains { $0.text == "关闭帮助" })
    }

    /// The mode follows the state: a name being typed, the solver, the panel; Esc quits only outside the panel,
    /// and a typed q is a letter.
    @Test func modesFromTheState() {
        var s = opened("06")
        #expect(Keymap.mode(of: s) == .player && Keymap.action(for: .escape, in: s) == .quitPressed)
        s.screen = .editor
        s.edit = Edit(Parameters(catalogDeck.slides[index("06")].scenario))
        #expect(Keymap.mode(of: s) == .editor && Keymap.action(for: .escape, in: s) == .editPressed)
        s.edit?.solving = Solving(wanted: Pair(both: 3))
        #expect(Keymap.mode(of: s) == .solver && Keymap.action(for: .escape, in: s) == .solvePressed)
        #expect(Keymap.action(for: .enter, in: s) == .solveApplied)
        s.edit?.saving = SaveDialog()
        #expect(Keymap.mode(of: s) == .typing && Keymap.action(for: .char("q"), in: s) == .textTyped("q"))
        #expect(Keymap.action(for: .ctrlC, in: s) == .quitPressed)
        #expect(Keymap.helpRows(language: .en, screen: .solver).contains { $0.keys == "o  Esc" })
    }

    /// The wheel scrolls what ↑/↓ scroll in the picker and what PgDn/PgUp page in the player and the panel; over
    /// the help overlay it does nothing (it does not close it, as a key would).
    @Test func theWheelScrolls() {
        let picker = State()
        #expect(Keymap.action(for: .wheelDown, in: picker) == .pickerMoved(1))
        #expect(Keymap.action(for: .wheelUp, in: picker) == .pickerMoved(-1))
        var s = opened("09")
        #expect(Keymap.action(for: .wheelDown, in: s) == .notesPageDownPressed)
        #expect(Keymap.action(for: .wheelUp, in: s) == .notesPageUpPressed)
        s.help = true
        #expect(Keymap.action(for: .wheelDown, in: s) == nil)
        #expect(Key(name: "WheelDown") == .wheelDown && Key(name: "wheelup") == .wheelUp)
    }

    @Test func summaryListsEveryHelpRow() {
        for row in Keymap.helpRows(language: .en, ) {
            #expect(Keymap.summary.contains(row.keys) && Keymap.summary.contains(row.text), "\(row.keys)")
        }
    }
}
