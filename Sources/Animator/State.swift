import ConvModel
import ScenarioFormat

/// The whole state of the explainer: indices only, so stepping back restores exactly the earlier screen.
public struct State: Equatable, Sendable {
    /// The picker, the player, or the player with the parameter panel open (`e`).
    public enum Screen: Equatable, Sendable { case picker, player, editor }

    public var screen: Screen = .picker
    /// The highlighted row of the picker.
    public var selected = 0
    /// The scenario being played (index into the deck).
    public var scenario = 0
    /// The lens showing the scenario.
    public var view: LensName = .conv
    public var step = 0
    /// The output filter of the last view change's cell, passed on through a lens whose steps name no filter (the
    /// checkerboard), so that cycling the views comes back to the filter it left.
    public var viewFilter = 0
    /// Step each multiply–add (true) or each whole window (false); in the field view, the comparison stack in front.
    public var tapMode = false
    public var playing = false
    /// The page of the narration shown when it does not fit (PgDn / PgUp); back to 0 on every new step.
    public var notesPage = 0
    /// Playback reached the last step and stopped there (cleared by the next key).
    public var finished = false
    /// Index into `State.speeds`.
    public var speed = 2
    public var help = false
    public var language: Language = .en
    /// The parameters tried in the panel; while set, the player shows the scenario with its last legal ones (the
    /// panel may be closed). Cleared by opening another scenario.
    public var edit: Edit?

    /// Milliseconds between steps while playing, slowest first.
    public static let speeds = [2000, 1200, 800, 500, 300, 150, 60]

    public init(screen: Screen = .picker, scenario: Int = 0, language: Language = .en) {
        self.screen = screen
        self.scenario = scenario
        self.selected = scenario
        self.language = language
    }

    public var interval: Int { State.speeds[speed] }

    /// The playback speed against the default (800 ms a step): "1×", "2.7×".
    public var speedLabel: String {
        let factor = Double(State.speeds[2]) / Double(interval)
        let rounded = factor >= 10 ? factor.rounded() : (factor * 10).rounded() / 10
        return Num.display(rounded) + "×"
    }
}

/// Something that happened: a key, a timer tick, a click. Named for the event, not the effect.
public enum Action: Equatable, Sendable {
    case stepForwardPressed, stepBackPressed, firstPressed, lastPressed
    case playPausePressed, timerTicked, fasterPressed, slowerPressed
    case tabPressed, viewCyclePressed
    case nextScenarioPressed, previousScenarioPressed, pickerPressed
    case pickerMoved(Int)
    case pickerChosen
    case pickerClicked(row: Int)
    case helpPressed, languagePressed, quitPressed
    case notesPageDownPressed, notesPageUpPressed
    /// Ctrl-Z or a SIGTSTP: stop the program as a shell job (`fg` continues it on the same screen).
    case suspendPressed
    case outputCellClicked(filter: Int, row: Int, col: Int)
    /// `e`: open or close the parameter panel.
    case editPressed
    /// ↑/↓ in the panel: another parameter.
    case editorRowMoved(Int)
    /// ←/→ in the panel: the parameter's value down or up.
    case editorValueChanged(Int)
    /// `a` in the panel: both axes, then the height only, then the width only.
    case editorAxisPressed
    /// `t`: the paired layer (a convolution's transposed partner that reverses its shapes, or the other way).
    case pairPressed
    /// `c`: the PyTorch call of the setup drawn, in the panel (opening it from the player).
    case editorCodePressed
    /// `w` in the panel: save the setup drawn as a scenario file (asks for a name).
    case savePressed
    /// Typing in the save dialog: a character, Backspace, Enter, Esc.
    case textTyped(Character)
    case textErased, textConfirmed, textCancelled
    /// The loop wrote (or could not write) the file.
    case saveFinished(SaveResult)
    /// `o` in the panel: solve for the settings that give a wanted output size; Enter applies the one chosen.
    case solvePressed, solveApplied
}

/// What the terminal loop must do after an update, besides drawing the new state.
public enum Effect: Equatable, Sendable {
    /// Send `.timerTicked` after this many milliseconds, replacing any tick still pending.
    case tick(afterMs: Int)
    /// Cancel the pending tick.
    case stopTicking
    /// End the program.
    case quit
    /// Leave the terminal as it was, stop the process until the shell continues it (`fg`), then take the terminal
    /// back; the loop draws the same state again.
    case suspend
    /// Write the scenario the player shows to `name` (replacing an existing file only when `replace`), then send
    /// `.saveFinished`.
    case save(name: String, replace: Bool)
}

/// The result of an action: the new state and the effects to run.
public struct Update: Equatable, Sendable {
    public var state: State
    public var effects: [Effect]
}

/// The pure state machine: the new state after `action`, given the scenarios, and the effects to run. Timer
/// effects follow from the change of `playing` and `speed`: starting play schedules a tick, each tick schedules
/// the next, a speed change reschedules, stopping cancels; any other action leaves the pending tick alone.
public func reduce(_ state: State, _ action: Action, deck: Deck) -> Update {
    guard !deck.isEmpty else { return Update(state: state, effects: [.quit]) }
    if action == .quitPressed { return Update(state: state, effects: [.quit]) }
    // Suspending changes nothing, not even an open help overlay: `fg` comes back to the same screen.
    if action == .suspendPressed { return Update(state: state, effects: [.suspend]) }
    var s = state
    if s.help && action != .timerTicked {
        s.help = false  // any key closes the help overlay, and does nothing else
        return Update(state: s, effects: [])
    }
    if action != .timerTicked { s.finished = false }
    switch s.screen {
    case .picker: s = reducePicker(s, action, deck: deck)
    case .player: s = reducePlayer(s, action, deck: deck)
    case .editor: s = reduceEditor(s, action, deck: deck)
    }
    return Update(
        state: s, effects: timerEffects(from: state, to: s, action: action) + editorEffects(from: state, action: action)
    )
}

private func timerEffects(from old: State, to new: State, action: Action) -> [Effect] {
    switch (old.playing, new.playing) {
    case (false, true): return [.tick(afterMs: new.interval)]
    case (true, false): return [.stopTicking]
    case (true, true) where action == .timerTicked || old.speed != new.speed: return [.tick(afterMs: new.interval)]
    default: return []
    }
}

private func reducePicker(_ state: State, _ action: Action, deck: Deck) -> State {
    var s = state
    switch action {
    case .pickerMoved(let d): s.selected = max(0, min(deck.count - 1, s.selected + d))
    case .pickerChosen: s = open(s, scenario: s.selected, deck: deck)
    case .pickerClicked(let row) where deck.slide(row) != nil: s = open(s, scenario: row, deck: deck)
    case .helpPressed: s.help = true
    case .languagePressed: s.language = s.language.other
    default: break
    }
    return s
}

private func reducePlayer(_ state: State, _ action: Action, deck: Deck) -> State {
    var s = state
    guard let slide = deck.slide(for: s) else { return s }
    let last = Timeline.make(slide, view: s.view, tapMode: s.tapMode).count - 1
    switch action {
    case .stepForwardPressed, .stepBackPressed, .firstPressed, .lastPressed:
        s.step = moved(s.step, by: action, last: last)
        s.playing = false
    case .playPausePressed:
        if !s.playing && s.step >= last { s.step = 0 }  // play again from the start
        s.playing.toggle()
    case .timerTicked:
        guard s.playing else { break }
        s.step = min(last, s.step + 1)
        s.playing = s.step < last
        s.finished = !s.playing
    case .fasterPressed: s.speed = min(State.speeds.count - 1, s.speed + 1)
    case .slowerPressed: s.speed = max(0, s.speed - 1)
    case .tabPressed, .viewCyclePressed, .outputCellClicked: s = reduceLens(s, action, slide: slide)
    case .nextScenarioPressed: s = open(s, scenario: deck.loadable(after: s.scenario, step: 1), deck: deck)
    case .previousScenarioPressed: s = open(s, scenario: deck.loadable(after: s.scenario, step: -1), deck: deck)
    case .pickerPressed:
        s.screen = .picker
        s.selected = s.scenario
        s.playing = false
    case .helpPressed: s.help = true
    case .languagePressed: s.language = s.language.other
    case .notesPageDownPressed: s.notesPage = min(99, s.notesPage + 1)
    case .notesPageUpPressed: s.notesPage = max(0, s.notesPage - 1)
    case .editPressed:
        s.screen = .editor
        s.playing = false
        if s.edit == nil { s.edit = Edit(Parameters(slide.scenario)) }
        s.edit?.anchor = nil  // the edits start from the step shown now
    case .pairPressed: s = pairing(s, slide: slide, deck: deck)
    case .editorCodePressed:
        s.screen = .editor
        s.playing = false
        var edit = s.edit ?? Edit(Parameters(slide.scenario))
        edit.showsCode = true
        s.edit = edit
    case .quitPressed, .suspendPressed, .pickerMoved, .pickerChosen, .pickerClicked, .editorRowMoved,
        .editorValueChanged, .editorAxisPressed, .savePressed, .textTyped, .textErased, .textConfirmed,
        .textCancelled, .saveFinished, .solvePressed, .solveApplied:
        break
    }
    // Another step, lens or scenario starts its narration at its first page.
    if (s.step, s.view, s.scenario, s.tapMode, s.screen) != (
        state.step, state.view, state.scenario, state.tapMode,
        state.screen
    ) {
        s.notesPage = 0
    }
    return s
}

/// The step after a stepping key, within 0…last.
private func moved(_ step: Int, by action: Action, last: Int) -> Int {
    switch action {
    case .stepForwardPressed: min(last, step + 1)
    case .stepBackPressed: max(0, step - 1)
    case .firstPressed: 0
    default: last
    }
}

/// Tab, `v` and clicks: what they mean depends on the lens.
private func reduceLens(_ state: State, _ action: Action, slide: Slide) -> State {
    var s = state
    let lens = Lenses.lens(s.view)
    switch action {
    case .tabPressed where lens.tab == .toggleTaps: s = withTapMode(s, !s.tapMode, slide: slide)
    case .tabPressed:
        // Tab changes view only among the lenses whose Tab means "the related view" (scatter ↔ upsample); a lens
        // that has none (im2col among a direct convolution's views) goes on to the next view, as its key bar says.
        let related = slide.views.filter { Lenses.lens($0).tab == .nextLens }
        s = switchView(s, to: nextView(s.view, in: related.count > 1 ? related : slide.views), slide: slide)
    case .viewCyclePressed: s = switchView(s, to: nextView(s.view, in: slide.views), slide: slide)
    case .outputCellClicked(let f, let r, let c):
        let timeline = Timeline.make(slide, view: s.view, tapMode: s.tapMode)
        guard let step = lens.step(forOutput: f, row: r, col: c, slide: slide, timeline: timeline) else { break }
        s.step = step
        s.playing = false
    default: break
    }
    return s
}

/// Opens entry `scenario` in its first lens; an entry that cannot be loaded (or none) changes nothing.
private func open(_ s: State, scenario: Int?, deck: Deck) -> State {
    guard let scenario, let slide = deck.slide(scenario) else { return s }
    var n = s
    n.screen = .player
    n.scenario = scenario
    n.selected = scenario
    n.view = slide.views[0]
    n.step = 0
    n.tapMode = false
    n.playing = false
    n.edit = nil
    return n
}

private func nextView(_ v: LensName, in views: [LensName]) -> LensName {
    guard let i = views.firstIndex(of: v) else { return views[0] }
    return views[(i + 1) % views.count]
}

/// Changes lens, keeping the place: the end stays the end; else the step about the same output cell (the same
/// window for conv ↔ weights; for scatter ↔ upsample, the stamp's first output cell and the stamp that completes
/// a cell); else the start.
func switchView(_ s: State, to view: LensName, slide: Slide) -> State {
    var n = s
    let oldLens = Lenses.lens(s.view)
    let newLens = Lenses.lens(view)
    let old = oldLens.timeline(slide, tapMode: s.tapMode)
    n.view = view
    // Tap mode carries over between the lenses that step windows tap by tap (conv ↔ weights); the field view's
    // toggle (the stack in front) and the matrix view's (the backward pass) start off.
    let stepsWindows = { (l: any Lens) in l is any WindowLens && l.tab == .toggleTaps }
    if !stepsWindows(oldLens) || !stepsWindows(newLens) { n.tapMode = false }
    let new = newLens.timeline(slide, tapMode: n.tapMode)
    var cell = oldLens.outputCell(at: s.step, slide: slide, timeline: old)
    if let c = cell, !oldLens.stepsNameAFilter { cell = OutputCell(filter: s.viewFilter, row: c.row, col: c.col) }
    if let cell { n.viewFilter = cell.filter }
    if s.step >= old.count - 1 {
        n.step = new.count - 1  // the end stays the end
    } else if let cell,
        let step = newLens.step(forOutput: cell.filter, row: cell.row, col: cell.col, slide: slide, timeline: new)
    {
        n.step = step  // the same output cell
    } else {
        n.step = 0
    }
    return n
}

/// Switches between whole-window and tap-by-tap steps, staying on the same window.
private func withTapMode(_ s: State, _ on: Bool, slide: Slide) -> State {
    var n = s
    let old = Timeline.make(slide, view: s.view, tapMode: s.tapMode)
    n.tapMode = on
    let new = Timeline.make(slide, view: s.view, tapMode: on)
    let w = old.window(at: s.step)?.window ?? s.step  // a timeline of layers keeps its step
    n.step = min(new.step(window: w, end: !on), new.count - 1)  // the matrix view's two timelines differ in length
    return n
}
