import Animator
import Foundation

/// The interactive loop: render, draw, wait for a key or the play timer, reduce. One thread, like ncurses.
struct TerminalLoop {
    let screen: CursesScreen
    let deck: Deck
    var state: State
    var script: [Key]
    let keyDelay: Int

    init(screen: CursesScreen, deck: Deck, state: State, script: [Key], keyDelay: Int) {
        self.screen = screen; self.deck = deck; self.state = state; self.script = script; self.keyDelay = keyDelay
    }

    mutating func run() {
        let options = RenderOptions(ascii: !screen.isUTF8)
        // A hidden hook for the real-terminal tests: crash on purpose after the first frame, to prove the
        // terminal is restored after a fatal internal error.
        let crashForTest = ProcessInfo.processInfo.environment["CONVLENS_TEST_CRASH"] == "1"
        while !state.quit {
            let size = screen.size
            let (canvas, hits) = renderWithHits(state, deck: deck, width: size.width, height: size.height, options: options)
            screen.draw(canvas)
            if crashForTest { fatalError("CONVLENS_TEST_CRASH: deliberate crash after the first frame") }
            let key: Key?
            if !script.isEmpty {
                // Scripted keys: one every keyDelay ms, but a real key press still comes first.
                key = screen.readKey(timeoutMs: keyDelay) ?? script.removeFirst()
            } else {
                key = screen.readKey(timeoutMs: state.playing ? state.interval : -1)
            }
            let next: Action?
            switch key {
            case nil: next = state.playing ? .timerTicked : nil
            case .resize?: next = nil          // the next frame is drawn at the new size, same step
            case .mouse(let x, let y)?: next = hits.action(x: x, y: y)
            case let k?: next = action(for: k, in: state)
            }
            if let next { state = reduce(state, next, deck: deck) }
        }
    }
}
