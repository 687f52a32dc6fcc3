import Animator
import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// The parameter panel (`e`): every row changes what it says, illegal settings are explained and never drawn,
/// the output cell stays, and the panel's keys do not leak into the player.
@Suite struct EditorTests {
    /// Scenario 06 (5×5, kernel 3, stride 2, padding 1) at step 2 (out[0,1]).
    func atStep2() -> State {
        var s = opened("06")
        s.step = 1
        return s
    }

    @Test func openChangeKeepCellClose() throws {
        var store = TestStore(atStep2())
        let base = Parameters(catalogDeck.slides[index("06")].scenario)
        store.press(.char("e"), .editPressed) {
            $0.screen = .editor
            $0.edit = Edit(base)
        }
        // Stride 3: 5 + 2 − 3 = 4, ⌊4/3⌋ + 1 = 2 → a 2×2 output; out[0,1] still exists, so it is step 2 again.
        store.press(.right, .editorValueChanged(1)) {
            $0.edit?.parameters.stride = Pair(both: 3)
            $0.edit?.shown.stride = Pair(both: 3)
            $0.edit?.anchor = Edit.Anchor(cell: OutputCell(filter: 0, row: 0, col: 1), offset: 0)
        }
        let slide = try #require(catalogDeck.slide(for: store.state))
        #expect(slide.layer.geometry.outputSize == Pair(2, 2))
        let c = render(store.state, deck: catalogDeck, width: 80, height: 24)
        #expect(c.text.contains("⌊(5 + 2⋅1 − 3)/3⌋ + 1 = ") && c.text.contains("step 2/4"))
        #expect(c.line(0).contains("(edited)"))
        // Esc closes the panel (it does not quit) and keeps the new setup; stepping works again.
        store.press(.escape, .editPressed) { $0.screen = .player }
        store.press(.right, .stepForwardPressed) { $0.step = 2 }
        #expect(catalogDeck.slide(for: store.state)?.layer.geometry.outputSize == Pair(2, 2))
        // Another scenario forgets the edit.
        store.press(.char("n"), .nextScenarioPressed) {
            $0.scenario = index("07")
            $0.selected = index("07")
            $0.step = 0
            $0.edit = nil
        }
    }

    @Test func illegalSettingIsExplainedAndNotDrawn() throws {
        var s = atStep2()
        s = reduce(s, .editPressed, deck: catalogDeck).state
        s = reduce(s, .editorRowMoved(-1), deck: catalogDeck).state  // kernel
        #expect(s.edit?.row == .kernel)
        for _ in 0..<5 { s = reduce(s, .editorValueChanged(1), deck: catalogDeck).state }
        // Kernel 8 on a 7×7 padded input breaks the rule; the last legal setup (kernel 7) is drawn.
        let edit = try #require(s.edit)
        #expect(edit.parameters.kernelSize == Pair(both: 8))
        #expect(edit.shown.kernelSize == Pair(both: 7))
        #expect(edit.problem != nil)
        #expect(edit.nearestLegal?.kernelSize == Pair(both: 7))
        let text = render(s, deck: catalogDeck, width: 80, height: 24).text
        #expect(text.contains("kernel 7×7") && text.contains("larger than the padded"))
        #expect(text.contains("nearest legal: kernel F") && text.contains("the last legal"))
    }

    @Test func everyRowChangesItsParameter() {
        let base = Parameters(catalogDeck.slides[index("06")].scenario)
        var e = Edit(base)
        for row in Edit.Row.allCases {
            e.row = row
            // A direct convolution has no output padding: that row stays.
            #expect((e.moved(1) != base) == (row != .outputPadding), "\(row)")
        }
        // One axis only.
        e.row = .stride
        e.axis = .width
        #expect(e.moved(1).stride == Pair(2, 3))
        e.axis = .height
        #expect(e.moved(-1).stride == Pair(1, 2))
        // Sizes stay at least 1, paddings at least 0.
        e.row = .padding
        e.parameters.padding = Pair(both: 0)
        e.axis = .both
        #expect(e.moved(-1).padding == Pair(both: 0))
    }

    @Test func opSwitchesViewAndGrowsKeepTheirValues() throws {
        var s = atStep2()
        s = reduce(s, .editPressed, deck: catalogDeck).state
        for _ in 0..<6 { s = reduce(s, .editorRowMoved(-1), deck: catalogDeck).state }
        #expect(s.edit?.row == .op)
        s = reduce(s, .editorValueChanged(1), deck: catalogDeck).state
        let slide = try #require(catalogDeck.slide(for: s))
        #expect(slide.layer.op == .transposed)
        #expect(slide.views.contains(s.view))
        // A grown input keeps the old numbers top-left.
        var p = try #require(s.edit).parameters
        p.op = .conv
        p.inputSize = Pair(both: 6)
        let old = catalogDeck.slides[index("06")].scenario
        let grown = try p.scenario(from: old)
        for y in 0..<5 { for x in 0..<5 { #expect(grown.layer.input[0, y, x] == old.layer.input[0, y, x]) } }
        #expect(grown.layer.input.height == 6)
        #expect(grown.notes == nil)
    }

    /// With the panel open at 80×24 the checkerboard scenarios keep their whole map: the counts per column move
    /// beside it (they went under it, one row too many, and the screen asked for 80×25).
    @Test func checkerboardFitsBesideThePanel() {
        for prefix in ["17", "18"] {
            let s = reduce(opened(prefix), .editPressed, deck: catalogDeck).state
            let text = render(s, deck: catalogDeck, width: 80, height: 24).text
            #expect(!text.contains("enlarge"), "\(text)")
            #expect(text.contains("per column") && text.contains("stamps so far"), "\(text)")
            let full = render(opened(prefix), deck: catalogDeck, width: 80, height: 24).text
            let under = full.split(separator: "\n").first { $0.contains("per column") }
            #expect(under.map { !$0.contains("contributions") } == true, "\(full)")
        }
    }

    @Test func panelKeysInHelp() {
        let rows = Keymap.helpRows(language: .en, screen: .editor).map(\.text)
        #expect(rows.contains("another parameter") && rows.contains("its value down / up"))
        let zh = Keymap.helpRows(language: .zh, screen: .editor).map(\.text)
        #expect(zh.contains("减小 / 增大数值"))
    }
}

@Suite struct PairedLayerTests {
    /// 06 is 5×5 → 3×3 (kernel 3, stride 2, padding 1): its partner is transposed 3×3 → 5×5 with a = 0; pairing
    /// again gives the conv back.
    @Test func convAndTransposedReverseEachOther() throws {
        let p = Parameters(catalogDeck.slides[index("06")].scenario)
        let t = try #require(p.paired())
        #expect(t.op == .transposed && t.inputSize == Pair(3, 3) && t.outputPadding == Pair(both: 0))
        #expect(try t.check().outputSize == Pair(5, 5))
        let back = try #require(t.paired())
        #expect(back.op == .conv && back.inputSize == Pair(5, 5))
        #expect(try back.check().outputSize == Pair(3, 3))
    }

    /// A 6×6 input with kernel 3, stride 2, padding 1 gives 3×3; going back needs a = (6 + 2 − 3) mod 2 = 1.
    @Test func outputPaddingRecoversTheSize() throws {
        var p = Parameters(catalogDeck.slides[index("06")].scenario)
        p.inputSize = Pair(both: 6)
        let t = try #require(p.paired())
        #expect(t.outputPadding == Pair(both: 1))
        #expect(try t.check().outputSize == Pair(6, 6))
    }

    /// `t t` from a view the paired layer has not got (im2col of a direct convolution) comes back to that view on
    /// the same step, not to the layer's first view.
    @Test func theSecondTComesBackToTheViewLeft() throws {
        var s = opened("06")
        s.view = .im2col
        s.step = 4
        let paired = reduce(s, .pairPressed, deck: catalogDeck).state
        let slide = try #require(catalogDeck.slide(for: paired))
        #expect(slide.layer.op == .transposed && paired.view != .im2col)
        let back = reduce(paired, .pairPressed, deck: catalogDeck).state
        #expect(back.view == .im2col && back.step == 4)
        #expect(try #require(catalogDeck.slide(for: back)).layer.op == .conv)
    }

    /// Edited in between (the transposed partner's input), the layer `t` comes back to has other outputs: the
    /// view left is shown on the same output cell, not on the step number left (which is another cell now).
    @Test func theSecondTAfterAnEditComesBackToTheSameOutputCell() throws {
        var s = opened("06")
        s.view = .im2col
        s.step = 4  // out[1,1] of the 3×3 output
        var paired = reduce(s, .pairPressed, deck: catalogDeck).state
        paired = reduce(paired, .editPressed, deck: catalogDeck).state
        paired.edit?.row = .input
        paired = reduce(paired, .editorValueChanged(1), deck: catalogDeck).state  // its input 3×3 → 4×4
        let back = reduce(paired, .pairPressed, deck: catalogDeck).state
        let slide = try #require(catalogDeck.slide(for: back))
        #expect(back.view == .im2col && slide.layer.geometry.outputSize != Pair(3, 3))
        let text = render(back, deck: catalogDeck, width: 80, height: 24).text
        #expect(text.contains(" out[1,1] = "), "step \(back.step):\n\(text)")
    }

    @Test func tKeyInThePlayerOpensThePair() throws {
        let s = reduce(opened("06"), .pairPressed, deck: catalogDeck).state
        #expect(s.screen == .player)
        let slide = try #require(catalogDeck.slide(for: s))
        #expect(slide.layer.op == .transposed && slide.layer.geometry.outputSize == Pair(5, 5))
        let text = render(s, deck: catalogDeck, width: 80, height: 24).text
        #expect(text.contains("3×3 → 5×5") && text.contains("(edited)"))
    }
}

@Suite struct PanelAboutTests {
    /// Under a legal setup the panel names Dumoulin & Visin's relationship with its law and numbers; `c` shows the
    /// PyTorch call instead (from the player too), the transposed one with the weight-layout note.
    @Test func relationshipAndPyTorchCall() {
        var s = reduce(opened("06"), .editPressed, deck: catalogDeck).state
        var text = render(s, deck: catalogDeck, width: 80, height: 24).text
        #expect(text.contains("relationship 6 (zero padding, non-unit strides): o = ⌊(i + 2p − k)/s⌋ + 1"))
        #expect(text.contains("o = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3"))
        s = reduce(s, .editorCodePressed, deck: catalogDeck).state
        text = render(s, deck: catalogDeck, width: 80, height: 24).text
        #expect(text.contains("nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1),"))
        let t = reduce(opened("14"), .editorCodePressed, deck: catalogDeck).state
        #expect(t.screen == .editor && t.edit?.showsCode == true)
        let zh = render(t, deck: catalogDeck, width: 80, height: 24).text
        #expect(zh.contains("nn.ConvTranspose2d(1, 1,") && zh.contains("# weight [C_in][C_out]"))
    }
}

/// `w` in the panel: a file name typed, Enter writes the scenario drawn (through the loop's effect), an existing
/// file needs a second Enter, and the saved file reads back to the same layer.
@Suite struct SaveDialogTests {
    @Test func typingKeysGoIntoTheName() {
        var s = reduce(opened("06"), .editPressed, deck: catalogDeck).state
        s = reduce(s, .savePressed, deck: catalogDeck).state
        #expect(s.edit?.saving == SaveDialog())
        // q, e, a and Esc mean letters and cancel here, not quit / close / axes.
        #expect(Animator.action(for: .char("q"), in: s) == .textTyped("q"))
        #expect(Animator.action(for: .char("e"), in: s) == .textTyped("e"))
        #expect(Animator.action(for: .escape, in: s) == .textCancelled)
        for c in "ab" { s = reduce(s, .textTyped(c), deck: catalogDeck).state }
        s = reduce(s, .textErased, deck: catalogDeck).state
        #expect(s.edit?.saving?.name == "a")
        let update = reduce(s, .textConfirmed, deck: catalogDeck)
        #expect(update.effects == [.save(name: "a.json", replace: false)])
        #expect(reduce(s, .textCancelled, deck: catalogDeck).state.edit?.saving == nil)
        // Enter on an empty name does nothing.
        var empty = s
        empty.edit?.saving?.name = ""
        #expect(reduce(empty, .textConfirmed, deck: catalogDeck).effects.isEmpty)
    }

    /// A save that fails says why in the language the panel is drawn in, the file name as it is.
    @Test func failedSaveSpeaksThePanelsLanguage() {
        var s = reduce(opened("06", language: .zh), .editPressed, deck: catalogDeck).state
        s = reduce(s, .savePressed, deck: catalogDeck).state
        let error = ScenarioError(kind: .cannotCreate, file: "/nope/a.json", problem: .file(.missing(directory: true)))
        s = reduce(s, .saveFinished(.failed(error)), deck: catalogDeck).state
        let zh = render(s, deck: catalogDeck, width: 100, height: 30).text
        #expect(zh.contains("✗ /nope/a.json: 没有这个目录"), "\(zh)")
        s.language = .en
        let en = render(s, deck: catalogDeck, width: 100, height: 30).text
        #expect(en.contains("✗ /nope/a.json: no such directory"), "\(en)")
    }

    /// With no scenario shown there is nothing to save: said without a file name (none was written), as before the
    /// messages became cases, in the panel's language.
    @Test func nothingToSaveNamesNoFile() {
        var s = reduce(opened("06"), .editPressed, deck: catalogDeck).state
        s = reduce(s, .savePressed, deck: catalogDeck).state
        s = reduce(s, .saveFinished(.nothingToSave), deck: catalogDeck).state
        let en = render(s, deck: catalogDeck, width: 100, height: 30).text
        #expect(en.contains("✗ nothing to save") && !en.contains(": nothing to save"), "\(en)")
        s.language = .zh
        #expect(!render(s, deck: catalogDeck, width: 100, height: 30).text.contains("nothing to save"))
    }

    @Test func loopSavesReplacesOnlyWhenConfirmedAndReopens() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convlens-save-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s3").path
        let clock = ManualClock()
        var keys: [Key] = [.char("e"), .right, .char("w")] + path.map { Key.char($0) } + [.enter]
        keys += [.char("w")] + path.map { Key.char($0) } + [.enter, .enter, .escape, .char("q")]
        let screen = MemoryScreen(
            width: 80, height: 24, clock: clock,
            events: keys.enumerated().map { (atMs: $0.offset, event: .key($0.element)) })
        var loop = Loop(screen: screen, clock: clock, deck: catalogDeck, state: opened("06"))
        loop.run()
        let texts = screen.frames.map(\.canvas.text)
        #expect(texts.contains { $0.contains("saved \(path).json") })
        #expect(texts.contains { $0.contains("\(path).json exists: Enter again replaces it") })
        let saved = try Scenario.load(path: path + ".json")
        #expect(saved.layer.geometry.outputSize == Pair(2, 2))
        #expect(saved.title.text(.en) == "Padding 1, stride 2 (edited)")
        let shown = try #require(catalogDeck.slide(for: loop.state))
        #expect(saved.layer.input == shown.layer.input && saved.layer.kernel == shown.layer.kernel)
    }
}

/// `w` saves every catalog scenario, as it is and as its paired layer (`t`): a topic that cannot show the layer drawn
/// (a convolution's topic on its transposed partner) gives way to the layer's own, and a receptive-field scenario
/// keeps its stack, so the file is written and reads back to the layer shown (both were refused).
@Suite struct SaveEveryScenarioTests {
    @Test func everyScenarioAndItsPairSave() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convlens-saveall-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, slide) in catalogDeck.slides.enumerated() {
            for paired in [false, true] {
                let path = dir.appendingPathComponent("s\(i)-\(paired)").path
                let clock = ManualClock()
                let keys: [Key] =
                    [.char("e")] + (paired ? [.char("t")] : []) + [.char("w")] + path.map { Key.char($0) }
                    + [.enter, .escape, .char("q")]
                let screen = MemoryScreen(
                    width: 100, height: 30, clock: clock,
                    events: keys.enumerated().map { (atMs: $0.offset, event: .key($0.element)) })
                var state = State()
                state.scenario = i
                state.selected = i
                state.screen = .player
                var loop = Loop(screen: screen, clock: clock, deck: catalogDeck, state: state)
                loop.run()
                let name = "\(slide.name) \(paired ? "paired" : "as it is")"
                #expect(screen.frames.contains { $0.canvas.text.contains("saved \(path).json") }, "\(name)")
                let saved = try Scenario.load(path: path + ".json")
                let shown = try #require(catalogDeck.slide(for: loop.state))
                #expect(saved.layer == shown.layer, "\(name)")
                if !paired { #expect(saved.topic == slide.scenario.topic, "\(name)") }
            }
        }
    }
}

/// `o` in the panel: the settings that give a wanted output size, each checked by the geometry, one applied with
/// Enter.
@Suite struct PanelSolverTests {
    /// A wanted size no setting gives says which settings were tried, with numbers (not the kernel's letter F).
    @Test func noSolutionNamesTheRangesTried() {
        var s = reduce(opened("06"), .editPressed, deck: catalogDeck).state
        s = reduce(s, .solvePressed, deck: catalogDeck).state
        for _ in 0..<9 { s = reduce(s, .editorValueChanged(1), deck: catalogDeck).state }
        #expect(s.edit?.solving?.wanted == Pair(12, 12))
        let text = render(s, deck: catalogDeck, width: 100, height: 30).text
        #expect(text.contains("no stride 1–4, padding 0–3, dilation 1–3 gives 5×5 → 12×12"), "\(text)")
    }

    @Test func solveListApplyAndLeave() throws {
        var s = reduce(opened("06"), .editPressed, deck: catalogDeck).state
        s = reduce(s, .solvePressed, deck: catalogDeck).state
        #expect(s.edit?.solving == Solving(wanted: Pair(3, 3)))
        let p = try #require(s.edit).parameters
        let found = p.solutions(for: Pair(3, 3))
        #expect(found.count == 10 && found.first?.stride == Pair(both: 1) && found.first?.padding == Pair(both: 0))
        for q in found { #expect(try q.check().outputSize == Pair(3, 3)) }
        // A bigger wanted size: every row gives it.
        let grown = reduce(s, .editorValueChanged(1), deck: catalogDeck).state
        #expect(grown.edit?.solving?.wanted == Pair(4, 4))
        for q in p.solutions(for: Pair(4, 4)) { #expect(try q.check().outputSize == Pair(4, 4)) }
        // Esc leaves the solver, not the panel; Enter applies the setting chosen (here the first: stride 1).
        #expect(reduce(s, .editPressed, deck: catalogDeck).state.screen == .editor)
        #expect(Animator.action(for: .enter, in: s) == .solveApplied)
        let applied = reduce(s, .solveApplied, deck: catalogDeck).state
        #expect(applied.edit?.solving == nil && applied.edit?.shown.stride == Pair(both: 1))
        #expect(try #require(catalogDeck.slide(for: applied)).layer.geometry.outputSize == Pair(3, 3))
        let text = render(s, deck: catalogDeck, width: 80, height: 24).text
        #expect(text.contains("solve: 5×5 → 3×3, kernel 3, conv (10 found)") && text.contains("S 2  P 1  d 1"))
    }
}

/// An edit undone comes back to the very same step (a channel, a tap, a stamp), not the end of its output cell.
@Suite struct EditRoundTripTests {
    @Test(arguments: ["06", "09", "10", "14", "16"])
    func undoneEditKeepsTheStep(_ prefix: String) {
        var s = opened(prefix)
        let count = timeline(s).count
        for step in [0, 1, count / 3, count - 1] {
            s.step = step
            var e = reduce(s, .editPressed, deck: catalogDeck).state
            e = reduce(e, .editorRowMoved(-1), deck: catalogDeck).state  // kernel
            let grown = reduce(e, .editorValueChanged(1), deck: catalogDeck).state
            let back = reduce(grown, .editorValueChanged(-1), deck: catalogDeck).state
            if grown.edit?.problem == nil {
                #expect(back.step == step, "\(prefix) step \(step) → \(grown.step) → \(back.step)")
            }
        }
    }
}

@Suite struct PanelHelpTests {
    /// In the panel Esc closes the panel, so the help's quit row names q and Ctrl-C only.
    @Test func escIsNotQuitInThePanel() {
        let rows = Keymap.helpRows(language: .en, screen: .editor)
        #expect(rows.contains { $0.keys == "q  Ctrl-C" && $0.text == "quit" })
        #expect(rows.contains { $0.keys == "e  Esc" })
        #expect(Keymap.helpRows(language: .en).contains { $0.keys == "q  Esc  Ctrl-C" })
    }
}

/// Every rule the panel can break is said in Chinese in Chinese mode: no English word on the ✗ lines.
@Suite struct PanelRulesInChineseTests {
    @Test(arguments: ["06", "08", "14"])
    func brokenRulesAreChinese(_ prefix: String) {
        var found = 0
        for row in Edit.Row.allCases {
            for delta in [-40, -3, 3, 40] {
                var s = opened(prefix, language: .zh)
                s = reduce(s, .editPressed, deck: catalogDeck).state
                s.edit?.row = row
                for _ in 0..<abs(delta) { s = reduce(s, .editorValueChanged(delta.signum()), deck: catalogDeck).state }
                guard s.edit?.problem != nil else { continue }
                found += 1
                let text = render(s, deck: catalogDeck, width: 120, height: 40).text
                for line in text.split(separator: "\n") where line.contains("✗") {
                    let words = line.split { !$0.isLetter || !$0.isASCII }.filter { $0.count > 2 }.map(String.init)
                    #expect(Set(words).isSubset(of: ["same", "full", "PyTorch"]), "\(prefix) \(row) \(delta): \(line)")
                }
            }
        }
        #expect(found > 3, "the sweep reached broken rules")
    }
}
