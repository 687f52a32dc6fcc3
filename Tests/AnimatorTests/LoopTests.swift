import Animator
import ConvModel
import ScenarioFormat
import Testing

/// The terminal loop on an in-memory screen with a manual clock: playback, timers, resizes and quitting,
/// without a terminal.
@Suite struct LoopTests {
    /// Runs the loop on scenario `prefix` with timed events; returns the screen.
    func run(_ prefix: String, _ events: [(Int, MemoryScreen.Event)], width: Int = 80, height: Int = 24)
        -> (screen: MemoryScreen, state: State)
    {
        let clock = ManualClock()
        let screen = MemoryScreen(
            width: width, height: height, clock: clock,
            events: events.map { (atMs: $0.0, event: $0.1) })
        var loop = Loop(screen: screen, clock: clock, deck: catalogDeck, state: opened(prefix))
        loop.run()
        #expect(!screen.ranDry, "the script ends with a quit key")
        return (screen, loop.state)
    }

    /// The step counter of a frame ("step 3/9").
    func counter(_ c: Canvas) -> String {
        let words = c.line(0).split(separator: " ")
        return words.firstIndex(of: "step").map { String(words[$0 + 1]) } ?? "?"
    }

    @Test func playAdvancesOneStepPerInterval() {
        // Speed 2 is 800 ms per step.
        let (screen, state) = run("06", [(0, .key(.char(" "))), (2500, .key(.char("q")))])
        let steps = screen.frames.map { ($0.atMs, counter($0.canvas)) }
        // The first frame, Space (now playing), three ticks; q ends the loop without drawing.
        #expect(steps.map(\.0) == [0, 0, 800, 1600, 2400])
        #expect(steps.map(\.1) == ["1/9", "1/9", "2/9", "3/9", "4/9"])
        #expect(state.step == 3 && state.playing)
    }

    @Test func aKeyDuringPlaybackDoesNotRestartTheInterval() {
        // An unknown key at 300 ms and a resize at 500 ms: the tick still comes at 800 ms, not 1100 or 1300.
        let (screen, _) = run(
            "06",
            [
                (0, .key(.char(" "))), (300, .key(.char("x"))),
                (500, .resize(width: 100, height: 30)), (1000, .key(.char("q"))),
            ])
        let ticks = screen.frames.filter { counter($0.canvas) == "2/9" }.map(\.atMs)
        #expect(ticks.first == 800)
        #expect(screen.frames.last?.canvas.width == 100, "the resize redraws at the new size")
    }

    @Test func helpDoesNotStopOrRestartPlayback() {
        let (screen, state) = run("06", [(0, .key(.char(" "))), (100, .key(.char("?"))), (900, .key(.char("q")))])
        #expect(screen.frames.contains { $0.atMs == 800 && counter($0.canvas) == "2/9" })
        #expect(state.help && state.playing)
    }

    @Test func stepKeyStopsPlaybackAndItsTimer() {
        let (screen, state) = run("06", [(0, .key(.char(" "))), (400, .key(.right)), (3000, .key(.char("q")))])
        #expect(!state.playing && state.step == 1)
        #expect(screen.frames.map(\.atMs) == [0, 0, 400], "no tick after the step key")
    }

    @Test func playStopsAtTheEndAndSaysSo() {
        var s = opened("06")
        s.speed = State.speeds.count - 1  // 60 ms
        let clock = ManualClock()
        let screen = MemoryScreen(
            width: 80, height: 24, clock: clock,
            events: [(0, .key(.char(" "))), (5000, .key(.char("q")))])
        var loop = Loop(screen: screen, clock: clock, deck: catalogDeck, state: s)
        loop.run()
        #expect(loop.state.step == 8 && !loop.state.playing)
        #expect(screen.frames.last.map { counter($0.canvas) } == "9/9")
        #expect(screen.frames.last?.canvas.line(0).hasSuffix("step 9/9 ■") == true)
        #expect(screen.frames.last?.canvas.text.contains("Played to the end") == true)
        #expect(screen.frames.dropLast().last?.canvas.line(0).hasSuffix("▶ 13×") == true, "speed shown while playing")
        #expect(screen.frames.count == 2 + 8, "first frame, Space, 8 ticks")
    }

    @Test func fasterReschedulesTheTick() {
        // At 300 ms '+' sets 500 ms: the next step is at 800 ms from then, not at the old deadline.
        let (screen, _) = run("06", [(0, .key(.char(" "))), (300, .key(.char("+"))), (900, .key(.char("q")))])
        #expect(screen.frames.first { counter($0.canvas) == "2/9" }?.atMs == 800)
    }

    @Test func ctrlZSuspendsTheScreenThenRedrawsTheSameStep() {
        let (screen, state) = run("06", [(100, .key(.right)), (200, .key(.ctrlZ)), (300, .key(.char("q")))])
        #expect(screen.suspensions.map(\.atMs) == [200], "the loop asks the screen to suspend, once")
        #expect(screen.suspensions.first?.frames == 2, "the first frame and the step; then the suspension")
        #expect(screen.frames.map { counter($0.canvas) } == ["1/9", "2/9", "2/9"], "back from fg: the same step")
        #expect(screen.frames.last?.canvas.text == screen.frames[1].canvas.text)
        #expect(state.step == 1)
    }

    @Test func suspendingDuringPlaybackRestartsTheInterval() {
        // Playing at 800 ms per step; suspended at 500 ms: the next step comes a whole interval after the return,
        // not at the old deadline (800 ms), which may have passed while the process was stopped.
        let (screen, state) = run("06", [(0, .key(.char(" "))), (500, .key(.ctrlZ)), (1500, .key(.char("q")))])
        #expect(screen.frames.map(\.atMs) == [0, 0, 500, 1300])
        #expect(screen.frames.map { counter($0.canvas) } == ["1/9", "1/9", "1/9", "2/9"])
        #expect(state.playing)
    }

    @Test func scriptedKeysComeEveryKeyDelay() {
        let clock = ManualClock()
        let screen = MemoryScreen(width: 80, height: 24, clock: clock, events: [])
        var loop = Loop(
            screen: screen, clock: clock, deck: catalogDeck, state: opened("06"),
            script: [.right, .right, .char("q")], keyDelay: 100)
        loop.run()
        #expect(screen.frames.map(\.atMs) == [0, 100, 200])
        #expect(loop.state.step == 2)
        #expect(!screen.ranDry)
    }
}

/// A held key: keys already queued are applied before the next frame is drawn.
@Suite struct KeyFloodTests {
    @Test func queuedKeysCostOneFrame() {
        let clock = ManualClock()
        let presses = (0..<5000).map { _ in (atMs: 10, event: MemoryScreen.Event.key(.right)) }
        let screen = MemoryScreen(
            width: 80, height: 24, clock: clock,
            events: presses + [(atMs: 20, event: .key(.char("q")))])
        var loop = Loop(screen: screen, clock: clock, deck: catalogDeck, state: opened("06"))
        loop.run()
        #expect(loop.state.step == 8, "every press counted, clamped at the last step")
        #expect(screen.frames.count == 2, "the first frame, then one frame for the whole burst")
    }

    @Test func aQuitKeyInTheFloodQuitsAtOnce() {
        let clock = ManualClock()
        let events: [(atMs: Int, event: MemoryScreen.Event)] =
            [(0, .key(.right)), (0, .key(.char("q"))), (0, .key(.right))]
        let screen = MemoryScreen(width: 80, height: 24, clock: clock, events: events)
        var loop = Loop(screen: screen, clock: clock, deck: catalogDeck, state: opened("06"))
        loop.run()
        #expect(loop.state.step == 1)
    }
}
