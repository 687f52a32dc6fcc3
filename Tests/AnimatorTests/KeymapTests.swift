import Animator
import ScenarioFormat
import Testing

/// The keymap table drives keys, the key bar and the help overlay.
@Suite struct KeymapTests {
    @Test func noKeyMeansTwoThingsOnOneScreen() {
        for screen in [State.Screen.picker, .player] {
            var seen: [Key] = []
            for b in Keymap.bindings where b.applies(screen) {
                for key in b.keys {
                    #expect(!seen.contains(key), "\(key) means two things on the \(screen)")
                    seen.append(key)
                }
            }
        }
    }

    @Test func everyActionKeyIsInTheHelp() {
        let rows = Keymap.helpRows(language: .en, )
        #expect(rows.count == Keymap.bindings.filter { $0.help != nil && $0.applies(.player) }.count)
        let picker = Keymap.helpRows(language: .en, screen: .picker)
        #expect(picker.first?.text == "previous / next scenario in the list")
        #expect(picker.contains { $0.keys == "q  Esc  Ctrl-C" } && !picker.contains { $0.keys == "Space" })
        #expect(rows.first?.keys == "→ l ↓ j" && rows.contains { $0.keys == "q  Esc  Ctrl-C" && $0.text == "quit" })
        #expect(rows.last?.keys == "Ctrl-Z" && rows.last?.text == "suspend (fg to resume)", "after quit: cut first")
        #expect(!Keymap.helpRows(language: .en, ascii: true).contains { $0.keys == "L" })
        #expect(Keymap.helpRows(language: .zh, ).contains { $0.text == "关闭帮助" })
    }

    @Test func summaryListsEveryHelpRow() {
        for row in Keymap.helpRows(language: .en, ) {
            #expect(Keymap.summary.contains(row.keys) && Keymap.summary.contains(row.text), "\(row.keys)")
        }
    }
}

extension Binding {
    func applies(_ screen: State.Screen) -> Bool {
        switch scope {
        case .everywhere: true
        case .picker: screen == .picker
        case .player: screen == .player
        case .editor: screen == .editor
        }
    }
}
