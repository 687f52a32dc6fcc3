/// The whole state of the explainer: indices only, so stepping back restores exactly the earlier screen.
public struct State: Equatable, Sendable {
    public enum Screen: Equatable, Sendable { case picker, player }

    public var screen: Screen = .picker
    /// The highlighted row of the picker.
    public var selected = 0
    /// The scenario being played (index into the deck).
    public var scenario = 0
    public var view: View = .conv
    public var step = 0
    /// Step each multiply–add (true) or each whole window (false).
    public var tapMode = false
    public var playing = false
    /// Index into `State.speeds`.
    public var speed = 2
    public var help = false
    /// "en" or "zh".
    public var language = "en"
    public var quit = false

    /// Milliseconds between steps while playing, slowest first.
    public static let speeds = [2000, 1200, 800, 500, 300, 150, 60]

    public init(screen: Screen = .picker, scenario: Int = 0, language: String = "en") {
        self.screen = screen
        self.scenario = scenario
        self.selected = scenario
        self.language = language
    }

    public var interval: Int { State.speeds[speed] }
}

/// Something that happened: a key, a timer tick, a click. Named for the event, not the effect.
public enum Action: Equatable, Sendable {
    case stepForwardPressed, stepBackPressed, firstPressed, lastPressed
    case playPausePressed, timerTicked, fasterPressed, slowerPressed
    case tabPressed, viewCyclePressed
    case nextScenarioPressed, previousScenarioPressed, pickerPressed
    case pickerMoved(Int), pickerChosen, pickerClicked(row: Int)
    case helpPressed, languagePressed, quitPressed
    case outputCellClicked(filter: Int, row: Int, col: Int)
}

/// The pure state machine: the new state after `action`, given the scenarios.
public func reduce(_ state: State, _ action: Action, deck: Deck) -> State {
    var s = state
    guard !deck.slides.isEmpty else { s.quit = true; return s }
    if s.help, action != .quitPressed, action != .timerTicked {
        s.help = false           // any key closes the help overlay, and does nothing else
        return s
    }
    switch s.screen {
    case .picker:
        switch action {
        case .pickerMoved(let d): s.selected = max(0, min(deck.slides.count - 1, s.selected + d))
        case .pickerChosen: s = open(s, scenario: s.selected, deck: deck)
        case .pickerClicked(let row) where row >= 0 && row < deck.slides.count: s = open(s, scenario: row, deck: deck)
        case .quitPressed: s.quit = true
        case .helpPressed: s.help = true
        case .languagePressed: s.language = s.language == "en" ? "zh" : "en"
        default: break
        }
    case .player:
        let slide = deck.slides[s.scenario]
        let timeline = Timeline.make(slide, view: s.view, tapMode: s.tapMode)
        let last = timeline.count - 1
        switch action {
        case .stepForwardPressed: s.step = min(last, s.step + 1); s.playing = false
        case .stepBackPressed: s.step = max(0, s.step - 1); s.playing = false
        case .firstPressed: s.step = 0; s.playing = false
        case .lastPressed: s.step = last; s.playing = false
        case .playPausePressed:
            if s.playing { s.playing = false } else {
                if s.step >= last { s.step = 0 }     // play again from the start
                s.playing = true
            }
        case .timerTicked:
            guard s.playing else { break }
            if s.step < last { s.step += 1 }
            if s.step >= last { s.playing = false }
        case .fasterPressed: s.speed = min(State.speeds.count - 1, s.speed + 1)
        case .slowerPressed: s.speed = max(0, s.speed - 1)
        case .tabPressed:
            switch s.view {
            case .conv, .weights: s = withTapMode(s, !s.tapMode, slide: slide)
            case .scatter, .upsample, .field: s = switchView(s, to: nextView(s.view, in: slide.views), slide: slide)
            }
        case .viewCyclePressed: s = switchView(s, to: nextView(s.view, in: slide.views), slide: slide)
        case .nextScenarioPressed: s = open(s, scenario: (s.scenario + 1) % deck.slides.count, deck: deck)
        case .previousScenarioPressed: s = open(s, scenario: (s.scenario + deck.slides.count - 1) % deck.slides.count, deck: deck)
        case .pickerPressed: s.screen = .picker; s.selected = s.scenario; s.playing = false
        case .helpPressed: s.help = true
        case .languagePressed: s.language = s.language == "en" ? "zh" : "en"
        case .quitPressed: s.quit = true
        case .outputCellClicked(let f, let r, let c):
            guard [.conv, .weights, .upsample].contains(s.view) else { break }
            let l = slide.convLayer(for: s.view)
            guard f < l.kernel.filters, r < l.geometry.outputSize.h, c < l.geometry.outputSize.w else { break }
            s.step = timeline.step(window: (f * l.geometry.outputSize.h + r) * l.geometry.outputSize.w + c, end: true)
            s.playing = false
        case .pickerMoved, .pickerChosen, .pickerClicked: break
        }
    }
    return s
}

private func open(_ s: State, scenario: Int, deck: Deck) -> State {
    var n = s
    n.screen = .player
    n.scenario = scenario
    n.selected = scenario
    n.view = deck.slides[scenario].views[0]
    n.step = 0
    n.tapMode = false
    n.playing = false
    return n
}

private func nextView(_ v: View, in views: [View]) -> View {
    guard let i = views.firstIndex(of: v) else { return views[0] }
    return views[(i + 1) % views.count]
}

/// Changes view, keeping the place: the same output window where both views have windows, else the start.
private func switchView(_ s: State, to view: View, slide: Slide) -> State {
    var n = s
    let old = Timeline.make(slide, view: s.view, tapMode: s.tapMode)
    n.view = view
    if view != .conv && view != .weights { n.tapMode = false }   // only these views step tap by tap
    let new = Timeline.make(slide, view: view, tapMode: n.tapMode)
    if let w = old.window(at: s.step)?.window, case .windows(let count, _) = new.kind, w < count,
       old.kind.isWindows && (s.view == .conv || s.view == .weights) && (view == .conv || view == .weights) {
        n.step = new.step(window: w, end: true)          // conv ↔ weights: the same window
    } else {
        n.step = s.step >= old.count - 1 ? new.count - 1 : 0   // the end stays the end, else start over
    }
    return n
}

/// Switches between whole-window and tap-by-tap steps, staying on the same window.
private func withTapMode(_ s: State, _ on: Bool, slide: Slide) -> State {
    var n = s
    let old = Timeline.make(slide, view: s.view, tapMode: s.tapMode)
    n.tapMode = on
    let new = Timeline.make(slide, view: s.view, tapMode: on)
    let w = old.window(at: s.step)?.window ?? 0
    n.step = new.step(window: w, end: !on)
    return n
}

/// Which action a key means on the current screen; nil for keys that do nothing.
public func action(for key: Key, in state: State) -> Action? {
    if state.help {
        // Any key closes the help overlay (and does nothing else); quitting still quits.
        switch key {
        case .char("q"), .char("Q"), .ctrlC: return .quitPressed
        case .resize, .mouse: return nil
        default: return .helpPressed
        }
    }
    switch key {
    case .char("q"), .char("Q"), .ctrlC: return .quitPressed
    case .escape: return state.help ? .helpPressed : .quitPressed
    case .char("?"): return .helpPressed
    case .char("L"): return .languagePressed
    default: break
    }
    if state.screen == .picker {
        switch key {
        case .up, .char("k"): return .pickerMoved(-1)
        case .down, .char("j"): return .pickerMoved(1)
        case .pageUp: return .pickerMoved(-10)
        case .pageDown: return .pickerMoved(10)
        case .home, .char("g"): return .pickerMoved(-10_000)
        case .end, .char("G"): return .pickerMoved(10_000)
        case .enter, .char(" "), .right, .char("l"): return .pickerChosen
        default: return nil
        }
    }
    switch key {
    case .right, .char("l"), .down, .char("j"): return .stepForwardPressed
    case .left, .char("h"), .up, .char("k"), .backspace: return .stepBackPressed
    case .home, .char("g"): return .firstPressed
    case .end, .char("G"): return .lastPressed
    case .char(" "): return .playPausePressed
    case .char("+"), .char("="): return .fasterPressed
    case .char("-"), .char("_"): return .slowerPressed
    case .tab: return .tabPressed
    case .backTab, .char("v"): return .viewCyclePressed
    case .char("n"), .pageDown: return .nextScenarioPressed
    case .char("p"), .pageUp: return .previousScenarioPressed
    case .char("m"): return .pickerPressed
    default: return nil
    }
}
