import ScenarioFormat

/// A screen the interactive loop can draw to and read keys from: the ncurses terminal, or `MemoryScreen` in
/// tests.
public protocol TerminalScreen: AnyObject {
    /// The size in cells; re-read after `.resize`.
    var size: (width: Int, height: Int) { get }
    /// True when only ASCII glyphs can be shown.
    var asciiOnly: Bool { get }
    /// Shows a frame.
    func draw(_ canvas: Canvas)
    /// Waits up to `timeoutMs` milliseconds (negative: forever) for a key or event; nil on timeout.
    func readKey(timeoutMs: Int) -> Key?
    /// Gives the terminal back to the shell and stops the process as a job; returns when the shell continues it
    /// (`fg`), with the terminal taken back and ready for a full redraw.
    func suspend()
}

/// Milliseconds since an arbitrary start; injected so tests control time.
public protocol LoopClock {
    func nowMs() -> Int
}

/// The monotonic clock of the machine.
public struct SystemClock: LoopClock {
    private let start = ContinuousClock.now
    public init() {}
    public func nowMs() -> Int {
        let d = start.duration(to: .now).components
        return Int(d.seconds) * 1000 + Int(d.attoseconds / 1_000_000_000_000_000)
    }
}

/// The interactive loop: draw the state, wait for a key, a scripted key or the play timer, reduce, run the
/// effects. One thread, like ncurses. The timer has a deadline: a key that does not change the playback
/// (a resize, an unknown key, the help) leaves it where it was.
public struct Loop<Screen: TerminalScreen, Clock: LoopClock> {
    public let screen: Screen
    public let clock: Clock
    public let deck: Deck
    public private(set) var state: State
    /// Keys to play as if typed, one every `keyDelay` ms unless a real key comes first.
    var script: [Key]
    let keyDelay: Int
    /// When the pending `.timerTicked` is due.
    private(set) var tickAt: Int?
    /// Called after each frame is drawn (the real-terminal test hook crashes here on purpose).
    var afterDraw: () -> Void = {}

    public init(screen: Screen, clock: Clock, deck: Deck, state: State, script: [Key] = [], keyDelay: Int = 250) {
        self.screen = screen
        self.clock = clock
        self.deck = deck
        self.state = state
        self.script = script
        self.keyDelay = keyDelay
        if state.playing { tickAt = clock.nowMs() + state.interval }
    }

    /// Sets what runs after each frame.
    public mutating func onDraw(_ body: @escaping () -> Void) { afterDraw = body }

    /// The most keys applied between two frames: a held key never starves the screen for long.
    static var batchLimit: Int { 10_000 }

    /// Runs until an action quits.
    public mutating func run() {
        var scriptAt = clock.nowMs() + keyDelay
        while true {
            let hits = drawFrame()
            let now = clock.nowMs()
            let due = [tickAt, script.isEmpty ? nil : scriptAt].compactMap { $0 }.min()
            if let key = screen.readKey(timeoutMs: due.map { max(0, $0 - now) } ?? -1) {
                if !applyQueued(first: key, hits: hits) { return }
            } else if let t = tickAt, clock.nowMs() >= t {
                tickAt = nil
                if !apply(.timerTicked) { return }
            } else if !script.isEmpty, clock.nowMs() >= scriptAt {
                scriptAt = clock.nowMs() + keyDelay
                if let action = action(for: script.removeFirst(), hits: hits), !apply(action) { return }
            }
        }
    }

    /// Renders and shows the state; returns where the clickable things are.
    private func drawFrame() -> HitMap {
        let size = screen.size
        let options = RenderOptions(ascii: screen.asciiOnly)
        let (canvas, hits) = renderWithHits(state, deck: deck, width: size.width, height: size.height, options: options)
        screen.draw(canvas)
        afterDraw()
        return hits
    }

    /// Applies `first` and every key already queued behind it (a held arrow key, a paste) before the next frame
    /// is drawn, so a flood of keys costs one frame, not one frame per key. False when a key quits.
    private mutating func applyQueued(first: Key, hits: HitMap) -> Bool {
        var key: Key? = first
        var count = 0
        while let k = key {
            if let action = action(for: k, hits: hits), !apply(action) { return false }
            count += 1
            key = count < Self.batchLimit ? screen.readKey(timeoutMs: 0) : nil
        }
        return true
    }

    private func action(for key: Key, hits: HitMap) -> Action? {
        switch key {
        case .resize: nil  // the next frame is drawn at the new size, same step
        case .mouse(let x, let y): hits.action(x: x, y: y)
        default: Animator.action(for: key, in: state)
        }
    }

    /// Reduces `action` and runs its effects; false when the program should end.
    public mutating func apply(_ action: Action) -> Bool {
        let update = reduce(state, action, deck: deck)
        state = update.state
        for effect in update.effects {
            switch effect {
            case .tick(let ms): tickAt = clock.nowMs() + ms
            case .stopTicking: tickAt = nil
            case .quit: return false
            case .suspend: suspend()
            case .save(let name, let replace):
                let result = saveScenario(state, deck: deck, name: name, replace: replace)
                if !apply(.saveFinished(result)) { return false }
            }
        }
        return true
    }

    /// Stops until `fg`. A pending tick restarts its interval afterwards: playback goes on from the step shown, not
    /// with a step that fell due while the process was stopped.
    private mutating func suspend() {
        screen.suspend()
        if tickAt != nil { tickAt = clock.nowMs() + state.interval }
    }
}
