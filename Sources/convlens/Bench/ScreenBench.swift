import Animator

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Steps, bytes and changed cells of one scenario at one size.
struct StepFigures {
    var ms = Samples()
    var bytes = Samples()
    var changed = Samples()
}

/// A held → key in process: one frame per key (no coalescing), and as the loop does it (every queued key reduced,
/// then one frame), both in ms per key.
struct KeyFigures {
    var perKeyFrame = Samples()
    var coalesced = Samples()
}

/// The in-process measurements at one size: the real `CursesScreen` (its frame comparison and output counted)
/// drawing into a pty of that size, whose other end a thread drains and counts. Standard input and output are
/// moved to the pty while it is open, so print nothing until `close`.
final class ScreenBench {
    let width: Int
    let height: Int
    private let pty: Pty
    private let screen: CursesScreen
    private let saved: (input: Int32, output: Int32)
    private var markers = 0
    private var bytesAtLastMark = 0

    init(width: Int, height: Int) throws(BenchError) {
        self.width = width
        self.height = height
        pty = try Pty(width: width, height: height)
        fflush(nil)  // all C streams: what print() buffered must reach the real stdout first
        saved = (dup(STDIN_FILENO), dup(STDOUT_FILENO))
        dup2(pty.slave, STDIN_FILENO)
        dup2(pty.slave, STDOUT_FILENO)
        do {
            screen = try CursesScreen.open(noColor: false)
        } catch {
            ScreenBench.restore(saved)
            pty.shutDown()
            throw BenchError(message: error.message)
        }
    }

    /// Leaves curses mode, gives standard input and output back and closes the pty.
    func close() {
        screen.close()
        sync()
        ScreenBench.restore(saved)
        pty.shutDown()
    }

    private static func restore(_ saved: (input: Int32, output: Int32)) {
        dup2(saved.input, STDIN_FILENO)
        dup2(saved.output, STDOUT_FILENO)
        closeDescriptor(saved.input)
        closeDescriptor(saved.output)
    }

    /// Waits until the terminal side has read everything written so far; returns the bytes since the last sync.
    @discardableResult
    private func sync() -> Int {
        pty.mark()
        markers += 1
        let total = pty.reader.byteCount(atMarker: markers) ?? bytesAtLastMark
        defer { bytesAtLastMark = total }
        return total - bytesAtLastMark
    }

    private var options: RenderOptions { RenderOptions(ascii: screen.asciiOnly) }

    /// One step as the loop draws it: render the state, hand the canvas to the screen, which sends what changed.
    /// Not inlined, so that `Tests/Bench/run-callgrind.sh` can count its instructions alone (`*benchStep*`).
    @inline(never)
    func benchStep(_ state: State, deck: Deck) -> Canvas {
        let canvas = render(state, deck: deck, width: width, height: height, options: options)
        screen.draw(canvas)
        return canvas
    }

    /// Positions `first` ..< `first + count` of a walk forward from the first step (back again at the last), each
    /// timed, with the bytes the screen wrote and the cells that differ from the frame before; the frame before
    /// `first` is drawn untimed (another scenario may have been on the screen).
    func steps(_ start: State, deck: Deck, from first: Int, count: Int, into figures: inout StepFigures) {
        let slide = deck.slides[start.scenario]
        let last = Timeline.make(slide, view: start.view, tapMode: start.tapMode).count - 1
        var state = start
        func walk(_ i: Int) -> Int { last == 0 ? 0 : bounce(i, last: last) }
        state.step = walk(first - 1)
        var previous = render(state, deck: deck, width: width, height: height, options: options)
        screen.draw(previous)
        sync()
        for i in first..<(first + count) {
            state.step = walk(i)
            let t0 = uptimeNanoseconds()
            let canvas = benchStep(state, deck: deck)
            figures.ms.add(millis(since: t0))
            figures.bytes.add(Double(sync()))
            figures.changed.add(Double(canvas.changedCellCount(since: previous)))
            previous = canvas
        }
    }

    /// `count` parameter changes in the open panel, stride up then down again (each builds the layer anew), each
    /// timed from the key to the frame drawn.
    func edits(_ start: State, deck: Deck, count: Int) -> StepFigures {
        var state = reduce(start, .editPressed, deck: deck).state
        state.edit?.row = .stride
        var previous = benchStep(state, deck: deck)
        sync()
        var figures = StepFigures()
        for i in 1...count {
            let t0 = uptimeNanoseconds()
            state = reduce(state, .editorValueChanged(i % 2 == 1 ? 1 : -1), deck: deck).state
            let canvas = benchStep(state, deck: deck)
            figures.ms.add(millis(since: t0))
            sync()
            figures.changed.add(Double(canvas.changedCellCount(since: previous)))
            previous = canvas
        }
        return figures
    }

    /// Position `i` of a walk 0, 1, …, last, last − 1, …, 0, 1, …
    private func bounce(_ i: Int, last: Int) -> Int {
        let p = i % (2 * last)
        return p <= last ? p : 2 * last - p
    }

    /// `keys` presses of → from the first step: one frame per key, each key timed; then `repeats` times all
    /// keys reduced and one frame drawn, as the loop does with queued keys.
    func heldKeys(_ start: State, deck: Deck, keys: Int, repeats: Int) -> KeyFigures {
        var figures = KeyFigures()
        var state = start
        _ = benchStep(state, deck: deck)
        sync()
        for _ in 0..<keys {
            let t0 = uptimeNanoseconds()
            state = reduce(state, .stepForwardPressed, deck: deck).state
            _ = benchStep(state, deck: deck)
            figures.perKeyFrame.add(millis(since: t0))
        }
        sync()
        for _ in 0..<repeats {
            state = start
            _ = benchStep(state, deck: deck)
            sync()
            let t0 = uptimeNanoseconds()
            for _ in 0..<keys { state = reduce(state, .stepForwardPressed, deck: deck).state }
            _ = benchStep(state, deck: deck)
            figures.coalesced.add(millis(since: t0) / Double(keys))
            sync()
        }
        return figures
    }
}
