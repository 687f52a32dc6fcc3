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

    /// Runs until an action quits.
    public mutating func run() {
        var scriptAt = clock.nowMs() + keyDelay
        while true {
            let (canvas, hits) = renderWithHits(
                state, deck: deck, width: screen.size.width,
                height: screen.size.height,
                options: RenderOptions(ascii: screen.asciiOnly))
            screen.draw(canvas)
            afterDraw()
            let now = clock.nowMs()
            let due = [tickAt, script.isEmpty ? nil : scriptAt].compactMap { $0 }.min()
            let key = screen.readKey(timeoutMs: due.map { max(0, $0 - now) } ?? -1)
            let action: Action?
            if let key {
                action = self.action(for: key, hits: hits)
            } else if let t = tickAt, clock.nowMs() >= t {
                tickAt = nil
                action = .timerTicked
            } else if !script.isEmpty, clock.nowMs() >= scriptAt {
                scriptAt = clock.nowMs() + keyDelay
                action = self.action(for: script.removeFirst(), hits: hits)
            } else {
                action = nil
            }
            guard let action else { continue }
            if !apply(action) { return }
        }
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
            }
        }
        return true
    }
}
