import ScenarioFormat

/// A clock that moves only when told: tests advance it, and `MemoryScreen` advances it while "waiting".
public final class ManualClock: LoopClock {
    public var now: Int
    public init(now: Int = 0) { self.now = now }
    public func nowMs() -> Int { now }
}

/// An in-memory terminal for tests of the loop: it records every frame with its time and replays a script
/// of timed events (keys and resizes) against a `ManualClock`, so playback, timers and resizes are tested
/// without a terminal.
public final class MemoryScreen: TerminalScreen {
    /// Something that happens at a time.
    public enum Event: Sendable {
        case key(Key)
        case resize(width: Int, height: Int)
    }

    public private(set) var size: (width: Int, height: Int)
    public let asciiOnly: Bool
    /// Every frame drawn, with the time it was drawn at.
    public private(set) var frames: [(atMs: Int, canvas: Canvas)] = []
    /// True when the loop waited forever with no event left (the test script forgot to quit).
    public private(set) var ranDry = false
    /// When the loop suspended the program, and how many frames had been drawn by then.
    public private(set) var suspensions: [(atMs: Int, frames: Int)] = []
    private let clock: ManualClock
    private var events: [(atMs: Int, event: Event)]

    public init(
        width: Int, height: Int, clock: ManualClock, events: [(atMs: Int, event: Event)],
        asciiOnly: Bool = false
    ) {
        size = (width, height)
        self.clock = clock
        self.events = events.sorted { $0.atMs < $1.atMs }
        self.asciiOnly = asciiOnly
    }

    public func draw(_ canvas: Canvas) { frames.append((clock.now, canvas)) }

    /// Records the suspension; the clock does not move (the process would be stopped, then continued).
    public func suspend() { suspensions.append((clock.now, frames.count)) }

    /// The next event when it comes within the timeout (the clock jumps to it), else nil after the timeout.
    public func readKey(timeoutMs: Int) -> Key? {
        if let next = events.first, timeoutMs < 0 || next.atMs <= clock.now + timeoutMs {
            events.removeFirst()
            clock.now = max(clock.now, next.atMs)
            switch next.event {
            case .key(let key): return key
            case .resize(let w, let h):
                size = (w, h)
                return .resize
            }
        }
        if timeoutMs < 0 {
            ranDry = true
            return .ctrlC
        }
        clock.now += timeoutMs
        return nil
    }
}
