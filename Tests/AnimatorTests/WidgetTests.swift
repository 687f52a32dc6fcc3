import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// The building blocks drawn on their own: grids, brackets, panels, the flow of panels, word wrapping.
@Suite struct WidgetTests {
    /// The lines of `canvas`, trailing spaces removed.
    func lines(_ canvas: Canvas) -> [String] { (0..<canvas.height).map(canvas.line) }

    /// What a frame remembers is keyed on every input, text byte for byte: canonically equal strings in other
    /// forms draw other cells, so they do not share a result; the memo stays bounded.
    @Test func memoKeysAreExactAndBounded() {
        #expect(ExactText("caf\u{E9}") != ExactText("cafe\u{301}"))
        #expect(ExactText("cafe\u{301}") == ExactText("cafe" + "\u{301}"))
        let memo = Memo<ExactText, Int>(limit: 2)
        var made = 0
        for text in ["a", "b", "a", "c", "a", "b"] {
            _ = memo.value(ExactText(text)) {
                made += 1
                return made
            }
        }
        #expect(made == 5)  // "a" again is remembered; after "c", the oldest ("a") went
    }

    /// A sum written as bytes reads as the terms written one by one.
    @Test func textBytesWriteTermsAsTermDoes() {
        let values: [Double] = [
            0, -0.0, 1, -1, 9, 10, -10, 99, 100, 12_345, -999_999_999_999_999, 0.5, -0.25, 1e15, 1e-7,
        ]
        var bytes = TextBytes(capacity: 8)
        var expected = ""
        for v in values {
            bytes.append(term: v)
            bytes.append("⋅")
            expected += term(v) + "⋅"
        }
        #expect(bytes.string == expected)
    }

    func numbers(_ rows: Int, _ cols: Int) -> Grid {
        Grid(rows: rows, cols: cols, cellWidth: 2, look: { r, c in GridLook(text: "\(r * cols + c)", style: .normal) })
    }

    @Test func gridDrawsCellsRightAlignedWithGutters() {
        var canvas = Canvas(width: 12, height: 2)
        numbers(2, 3).draw(into: &canvas, x: 0, y: 0)
        #expect(lines(canvas) == ["  0  1  2", "  3  4  5"])
    }

    /// A paged viewport shows the whole focus window at every position, and keeps its origin from one window
    /// position to the next except when the window leaves the page.
    @Test func pagedViewportKeepsTheWindowInViewAndRarelyMoves() {
        for (total, visible, span, by) in [
            (64, 20, 3, 1), (256, 7, 3, 1), (30, 9, 5, 2), (10, 4, 4, 1), (40, 6, 1, 1),
        ] {
            var grid = numbers(total, total)
            grid.maxRows = visible
            grid.maxCols = visible
            grid.focusSpan = (span, span)
            var moves = 0
            var last = -1
            for first in stride(from: 0, through: total - span, by: by) {
                grid.focus = (first + span / 2, first + span / 2)
                let o = grid.origin
                #expect(o.r == o.c)
                #expect(o.c >= 0 && o.c <= first && first + span <= o.c + visible && o.c + visible <= total)
                if o.c != last { moves += 1 }
                last = o.c
            }
            #expect(moves <= (total - span) / (visible - span + 1) + 1)
        }
    }

    @Test func bracketsMarkAWindowInTheGutters() {
        var grid = numbers(3, 3)
        grid.brackets = [Bracket(window: Pair(0, 1), size: Pair(2, 2), style: .window)]
        var canvas = Canvas(width: 12, height: 3)
        grid.draw(into: &canvas, x: 0, y: 0)
        #expect(lines(canvas) == ["  0┌ 1  2┐", "  3└ 4  5┘", "  6  7  8"])
        #expect(canvas[3, 0].style == .window)
    }

    @Test func aSingleCellBracketIsSquare() {
        var grid = numbers(1, 2)
        grid.brackets = [Bracket(r0: 0, c0: 1, r1: 0, c1: 1, style: .current)]
        var canvas = Canvas(width: 8, height: 1)
        grid.draw(into: &canvas, x: 0, y: 0)
        #expect(lines(canvas) == ["  0[ 1]"])
    }

    @Test func viewportFollowsTheFocus() {
        var grid = numbers(10, 10)
        grid.maxRows = 3
        grid.maxCols = 3
        grid.focus = (9, 5)
        #expect(grid.origin == (7, 4))
        #expect(grid.viewportNote(.en) == "rows 7–9/10 cols 4–6/10")
        #expect(grid.viewportNote(.zh) == "行 7–9/10 列 4–6/10")
        var canvas = Canvas(width: 10, height: 3)
        grid.draw(into: &canvas, x: 0, y: 0)
        #expect(lines(canvas) == [" 74 75 76", " 84 85 86", " 94 95 96"])
    }

    @Test func panelHasTitleGridAndFooter() {
        let panel = Panel(title: "kernel 2×2", grid: numbers(2, 2), footer: [GridLook(text: "bias 1", style: .normal)])
        #expect(panel.width == 10 && panel.height == 4)
        var canvas = Canvas(width: 10, height: 4)
        panel.draw(into: &canvas, x: 0, y: 0)
        #expect(lines(canvas) == ["kernel 2×2", "  0  1", "  2  3", "bias 1"])
    }

    @Test func flowPlacesPanelsInBands() {
        let a = Panel(title: "aaaa")
        let b = Panel(title: "bbbb")
        let c = Panel(title: "cccc")
        let placed = flow([a, b, c], width: 12, height: 5)
        #expect(placed?.positions.map { [$0.x, $0.y] } == [[0, 0], [6, 0], [0, 2]])
        #expect(placed?.height == 3)
        #expect(flow([a, b, c], width: 12, height: 2) == nil)
    }

    @Test func layoutShrinksGridsIntoViewports() {
        let big = Panel(title: "big", grid: numbers(20, 20))
        let placed = searchLayout([big], width: 40, height: 8)
        #expect(placed != nil)
        #expect(placed.map { $0.panels[0].height <= 8 && $0.panels[0].width <= 40 } == true)
        #expect(placed?.panels[0].grid?.isClipped == true)
        #expect(searchLayout([big], width: 5, height: 3) == nil)
    }

    /// A grid with a window keeps the whole window in view, and a kernel all its weights, when the screen allows
    /// it: wide maps of mostly pending cells give up columns first (the input of a 16-channel layer at 120×36 was
    /// cut to 3 columns, hiding its 7×7 window). When even that does not fit, every grid may still go down to 3×3.
    @Test func layoutKeepsWindowsAndKernelsWhole() {
        var input = numbers(64, 64)
        input.focusSpan = (7, 7)
        input.focus = (3, 3)
        var kernel = numbers(7, 7)
        (kernel.focus, kernel.focusSpan) = ((3, 3), (7, 7))
        let map = Grid(rows: 58, cols: 58, cellWidth: 5, look: { _, _ in GridLook(text: ".", style: .pending) })
        let panels =
            [Panel(title: "input", grid: input), Panel(title: "kernel", grid: kernel)]
            + (0..<3).map { Panel(title: "map \($0)", grid: map) }
        let placed = searchLayout(panels, width: 118, height: 22)
        #expect(placed?.panels[0].grid.map { $0.visibleRows >= 7 && $0.visibleCols >= 7 } == true)
        #expect(placed?.panels[1].grid?.isClipped == false)
        #expect(placed?.panels[2].grid?.isClipped == true)
        // Too small for a 7×7 window beside a 7×7 kernel: still laid out, with smaller viewports.
        let small = searchLayout(panels, width: 78, height: 14)
        #expect(small != nil)
        #expect(small?.panels[0].grid.map { $0.visibleCols < 7 || $0.visibleRows < 7 } == true)
    }

    /// The search places its panels where their boxes flow as cut: a grid it widened into its viewport note's
    /// columns (`growIntoNotes`) may shorten that note and its box, and the next frame, which flows the panels cut
    /// to the viewports the search remembered, put them there (on the second frame of a 4-channel dilated layer at
    /// 80×24 the kernel slices stood 6 columns to the left of the first frame's). Every form of every view of layers
    /// that scroll, at sizes from 60×16 to 120×40.
    @Test func searchedPanelsStandWhereTheirBoxesFlow() throws {
        let dilated = try ConvLayer(
            input: Tensor3(channels: 4, height: 5, width: 5, values: (0..<100).map { Double($0 * 7 % 10) }),
            kernel: Tensor4(
                filters: 3, channels: 4, height: 3, width: 3, values: (0..<108).map { Double($0 * 5 % 7) - 3 }),
            bias: [-1, 0, 1], spec: ConvSpec(padding: Padding(Pair(both: 1)), dilation: Pair(1, 2)))
        let scenarios =
            [Scenario.build(dilated, title: Localized(en: "dilated"))]
            + ["08", "09", "10", "12", "16", "17"].map { catalogDeck.slides[index($0)].scenario }
        var (searched, moved): (Int, [String]) = (0, [])
        for scenario in scenarios {
            let slide = Slide(scenario, name: "search")
            for view in slide.views {
                let line = Timeline.make(slide, view: view, tapMode: false)
                for step in [0, 1] {
                    let content = Lenses.lens(view).content(
                        Frame(slide: slide, timeline: line, step: step, language: .en))
                    for level in 0...content.compactLevels {
                        let panels = content.panels(level)
                        for (width, height) in [(60, 16), (70, 18), (80, 24), (100, 30), (120, 40)] {
                            guard let placed = searchLayout(panels, width: width, height: height) else { continue }
                            if placed.panels.contains(where: { $0.grid?.isClipped == true }) { searched += 1 }
                            let flowed = flow(boxes: placed.panels.map(PanelBox.init), width: width, height: height)
                            if flowed.map({ $0.positions.map { [$0.x, $0.y] } })
                                != placed.positions.map({ [$0.x, $0.y] })
                            {
                                moved.append(
                                    "\(scenario.title.en ?? "") \(view) step \(step) level \(level) \(width)×\(height)")
                            }
                        }
                    }
                }
            }
        }
        #expect(moved.isEmpty, "\(moved)")
        #expect(searched > 20)
    }

    /// On a screen too small for the whole window, the input and the kernel are cut to the same rows of the window
    /// (both centred on its middle), so the weights in view multiply the cells in view: the dilated 5×5 window of 08
    /// at 60×18 shows rows 1–3 of the window in both (the kernel showed rows 0–2 before).
    @Test func aCutKernelShowsTheRowsOfTheWindowTheInputShows() {
        let state = after(opened("08"), [.stepForwardPressed, .stepForwardPressed])
        let text = render(state, deck: catalogDeck, width: 60, height: 18).text
        let notes = text.split(separator: "\n").first { $0.contains("rows ") }.map(String.init) ?? ""
        #expect(notes.contains("rows 1–3/7") && notes.contains("rows 1–3/5"), "\(text)")
    }

    /// A window larger than the input's viewport pages (the numbers stay put while the window moves over them),
    /// and the dilated kernel, cut, shows rows and columns of the window that the input shows, on every step.
    @Test func aWindowLargerThanTheViewPagesAndTheKernelShowsWhatTheInputShows() throws {
        let n = 72
        let deck = try dilatedDeck(n, kernel: 5, dilation: 12)
        let out = n - 4 * 12
        let pattern = /rows (\d+)–(\d+)\/(\d+) cols (\d+)–(\d+)\/(\d+)/
        for (width, height) in [(80, 24), (120, 40), (200, 60)] {
            var state = State(screen: .player)
            var origins: [[Int]] = []
            var shown = 0
            for step in 0..<(2 * out) {
                state.step = step
                let text = render(state, deck: deck, width: width, height: height).text
                let notes = text.matches(of: pattern).map { m in
                    [m.1, m.2, m.3, m.4, m.5, m.6].map { Int($0)! }
                }
                let input = try #require(notes.first { $0[2] == n }, "\(text)")
                let (top, left) = (step / out, step % out)
                if let kernel = notes.first(where: { $0[2] == 49 }) {
                    // Per axis, the one showing fewer cells shows cells the other shows (the input's, of the window).
                    for (a, at) in [(0, top), (3, left)] {
                        let (i0, i1) = (max(input[a] - at, 0), min(input[a + 1] - at, 48))
                        let (k0, k1) = (kernel[a], kernel[a + 1])
                        let nested = k1 - k0 <= i1 - i0 ? i0 <= k0 && k1 <= i1 : k0 <= i0 && i1 <= k1
                        #expect(nested, "\(width)×\(height) step \(step): input \(input), kernel \(kernel)")
                    }
                }
                origins.append([input[0], input[3]])
                shown = input[4] - input[3] + 1
            }
            let moves = zip(origins, origins.dropFirst()).filter { $0 != $1 }.count
            // Half a viewport a page: along a row of windows the viewport moves once every shown / 2 windows, and
            // once more to the next row (centred, it would move on every step).
            let bound = 2 * (out / max(1, shown / 2) + 1) + 1
            #expect(moves <= bound, "\(width)×\(height): \(moves) moves, \(shown) shown")
            if width == 200 { #expect(shown >= 20 && moves <= 6, "\(moves) moves, \(shown) shown") }
        }
    }

    /// Where the input shows the whole window (at 120×40, 19 of its 22 columns, paged with the window) and the
    /// dilated kernel is cut, the kernel keeps its own viewport (the window's middle) from step to step: the link
    /// moves it only to stay within what the input shows.
    @Test func aCutKernelBesideAWholeInputStaysPut() throws {
        let deck = try dilatedDeck(22, kernel: 3, dilation: 9) { Double($0 * 97 % 401) - 200 }
        var state = State(screen: .player)
        var notes: Set<String> = []
        for step in 0..<4 {
            state.step = step
            let text = render(state, deck: deck, width: 120, height: 40).text
            let note = text.split(separator: "\n").compactMap { $0.firstMatch(of: /cols \S+\/19/) }
            notes.formUnion(note.map { String($0.0) })
        }
        #expect(notes == ["cols 5–13/19"], "\(notes)")
    }

    /// An axis paged over a span of the whole grid (`pageSpan` `.max`: the im2col view's P rows, W columns) stays
    /// centred on its focus, as does a kernel's (its window is all of it); a window larger than the viewport but
    /// not than the grid pages by half the viewport.
    @Test func wholeSpansCentreAndLargeWindowsPage() {
        var grid = Grid(rows: 100, cols: 100, cellWidth: 1) { _, _ in GridLook(glyph: "0", style: .normal) }
        (grid.maxRows, grid.maxCols) = (10, 10)
        var origins: [Int] = []
        for focus in 30..<40 {
            (grid.focus, grid.pageSpan) = ((focus, focus), (.max, 100))
            #expect(grid.origin.r == focus - 5 && grid.origin.c == focus - 5)
            (grid.pageSpan, grid.focusSpan) = (nil, (30, 30))
            origins.append(grid.origin.r)
            #expect(grid.origin.r <= focus && focus < grid.origin.r + 10)
            grid.focusSpan = nil
        }
        // Pages of 5: the viewport moved twice in 10 steps (centred, it moves on each).
        #expect(zip(origins, origins.dropFirst()).filter { $0 != $1 }.count == 2, "\(origins)")
    }

    /// In tap mode on a screen too small for the window (08's 5×5 window at 60×18 shows 3 rows), the input keeps
    /// the current tap in view, and the kernel, which shows the rows the input shows, its weight.
    @Test func theCurrentTapIsInViewWhenTheWindowIsNot() {
        var state = opened("08")
        state.tapMode = true
        for step in 0..<9 {
            state.step = step
            let canvas = render(state, deck: catalogDeck, width: 60, height: 18)
            let title = canvas.line(2)
            let kernelX = title.distance(from: title.startIndex, to: title.range(of: "kernel")!.lowerBound)
            let outputX = title.distance(from: title.startIndex, to: title.range(of: "output")!.lowerBound)
            let current = (3..<6).flatMap { y in (0..<outputX).filter { canvas.style($0, y) == .current } }
            #expect(current.contains { $0 < kernelX } && current.contains { $0 > kernelX }, "step \(step)")
        }
    }

    /// A grid cut to a few columns gets back those its panel holds anyway (the panel is as wide as its viewport
    /// note): a 64-wide input beside a 55×55 dilated kernel at 80×24 showed 3 columns under a 27-column note.
    @Test func aCutGridFillsTheWidthOfItsNote() throws {
        let deck = try dilatedDeck(64, kernel: 7, dilation: 9)
        var state = State(screen: .player)
        state.step = 13
        let text = render(state, deck: deck, width: 80, height: 24).text
        let note = try #require(text.firstMatch(of: /cols (\d+)–(\d+)\/64/), "\(text)")
        #expect(Int(note.2)! - Int(note.1)! + 1 >= 10, "\(text)")
        for line in text.split(separator: "\n") { #expect(displayWidth(String(line)) <= 80) }
    }

    /// The weights view's sharing map, cut, shows cells its input shows (`Panel.link`), on every step.
    @Test func theSharingMapShowsCellsTheInputShows() throws {
        let deck = try dilatedDeck(64, kernel: 7, dilation: 9)
        var state = State(screen: .player)
        state.view = .weights
        for (width, height) in [(120, 40), (200, 60)] {
            for step in stride(from: 0, to: 40, by: 3) {
                state.step = step
                let text = render(state, deck: deck, width: width, height: height).text
                // Per note on the screen: its column and its numbers; the input's is the leftmost.
                let notes = text.split(separator: "\n").flatMap { line in
                    line.matches(of: /rows (\d+)–(\d+)\/64 cols (\d+)–(\d+)\/64/).map { m in
                        (
                            x: line.distance(from: line.startIndex, to: m.range.lowerBound),
                            n: [m.1, m.2, m.3, m.4].map { Int($0)! }
                        )
                    }
                }
                let input = try #require(notes.min { $0.x < $1.x }, "\(text)")
                let map = try #require(notes.max { $0.x < $1.x }, "\(text)")
                #expect(notes.count == 2 && input.n[0] <= map.n[0] && map.n[1] <= input.n[1], "\(step): \(notes)")
                #expect(input.n[2] <= map.n[2] && map.n[3] <= input.n[3], "\(width)×\(height) \(step): \(notes)")
            }
        }
    }

    /// A follower's viewport note (a kernel's) is measured for the layout before the link may move its viewport
    /// (`BodyLayout.linkWindows`): measured at its widest, it holds the note wherever the viewport is set.
    @Test func aKernelsNoteIsMeasuredAtItsWidest() {
        var grid = Grid(rows: 105, cols: 105, cellWidth: 2) { _, _ in GridLook(glyph: "0", style: .normal) }
        (grid.focus, grid.focusSpan, grid.maxRows, grid.maxCols) = ((52, 52), (105, 105), 9, 12)
        let measured = grid.viewportNoteWidth(widest: true)
        for r in 0...(105 - 9) {
            for c in [0, 7, 93] {
                grid.shownFrom = r << 32 | c
                #expect(displayWidth(grid.viewportNote(.en)!) <= measured, "\(r) \(c)")
            }
        }
    }

    @Test func wrapTermsBreaksSumsBeforePlus() {
        let rows = wrapTerms("out = 1⋅2 + 3⋅4 + 5⋅6 = 44", width: 16, indent: 2)
        #expect(rows == ["out = 1⋅2 + 3⋅4", "  + 5⋅6 = 44"])
    }

    @Test func fitPadsAndCuts() {
        #expect(fit("ab", 4) == "ab  ")
        #expect(fit("ab", 4, right: true) == "  ab")
        #expect(fit("abcdef", 4) == "abc…")
        #expect(fit("卷积核", 5) == "卷积…")
    }
}

extension WidgetTests {
    /// A deck of one layer: an n×n input of digits, one k×k kernel (weights from `weight`) dilated `dilation`.
    func dilatedDeck(_ n: Int, kernel k: Int, dilation: Int, weight: (Int) -> Double = { Double($0 % 5) - 2 })
        throws -> Deck
    {
        let layer = try ConvLayer(
            input: Tensor3(channels: 1, height: n, width: n, values: (0..<(n * n)).map { Double($0 % 10) }),
            kernel: Tensor4(filters: 1, channels: 1, height: k, width: k, values: (0..<(k * k)).map(weight)),
            bias: [0], spec: ConvSpec(dilation: Pair(both: dilation)))
        return Deck([Slide(Scenario.build(layer, title: Localized(en: "dilated")), name: "dilated")])
    }
}

/// The snapshot helper reports every differing row, not only the first.
@Suite struct SnapshotDiffTests {
    @Test func everyDifferingRowIsListed() {
        let diff = snapshotDiff("a\nb\nc\nd", "a\nB\nc\nD\ne")
        #expect(diff.contains("line 2") && diff.contains("line 4") && diff.contains("line 5"))
        #expect(!diff.contains("line 1") && !diff.contains("line 3"))
        #expect(diff.contains("expected: d") && diff.contains("actual:   D") && diff.contains("expected: <end>"))
    }
}

/// A screen redraws only the cells that changed between two frames.
@Suite struct CanvasChangeTests {
    @Test func onlyChangedRunsAreReported() {
        var a = Canvas(width: 10, height: 3)
        a.put(0, 0, "step 1/9")
        var b = a
        b.put(0, 0, "step 2/9")
        b.put(2, 2, "x", .tap)
        let runs = b.changes(since: a).map { "\($0.y):\($0.columns.lowerBound)-\($0.columns.upperBound)" }
        #expect(runs == ["0:5-6", "2:2-3"])
        #expect(b.changes(since: b).isEmpty)
        #expect(b.changes(since: nil).count == 3)
        #expect(b.changes(since: Canvas(width: 9, height: 3)).count == 3)
    }

    @Test func wideCharactersAreRedrawnWhole() {
        var a = Canvas(width: 6, height: 1)
        a.put(0, 0, "ab中d")
        var b = a
        b.put(2, 0, "x")  // replaces the left half of 中: its right half becomes a blank
        let runs = b.changes(since: a)
        #expect(runs.count == 1 && runs[0].columns == 2..<4)
    }
}

/// Sums are cut at their terms in one pass (the old search was quadratic on long sums).
@Suite struct TermPieceTests {
    @Test func piecesBreakAtPlusAndTheFinalEquals() {
        #expect(termPieces("out = 1⋅2 + 3⋅4 = 14").map(String.init) == ["out", " = 1⋅2", " + 3⋅4", " = 14"])
        #expect(termPieces("a = b = 1⋅2 + 3 = 5").map(String.init) == ["a = b", " = 1⋅2", " + 3", " = 5"])
        #expect(termPieces("a = b = c").map(String.init) == ["a", " = b", " = c"])
        #expect(termPieces("plain text").map(String.init) == ["plain text"])
        #expect(termPieces("").map(String.init) == [""])
        #expect(lastRange(of: " + ", in: "a + b + c").map { "a + b + c"[$0.upperBound...] } == "c")
        #expect(lastRange(of: " = ", in: "abc") == nil)
    }

    /// Words before the first term that leave it no room end their row there: every row after starts with its
    /// sign (`= `, `+ `), as a sum's rows do, not a word wrap's ending in " +".
    @Test func aLongPrefixEndsItsRowBeforeTheFirstTerm() {
        let text =
            "out[0,1] = W row 0 ⋅ P column 1 = (-234567.890123)⋅(-234567.890123)"
            + " + (-123456.789012)⋅(-123456.789012) = 5"
        let rows = [
            "out[0,1] = W row 0 ⋅ P column 1", "      = (-234567.890123)⋅(-234567.890123)",
            "      + (-123456.789012)⋅(-123456.789012) = 5",
        ]
        #expect(wrapTerms(text, width: 50, indent: 6) == rows)
        #expect(wrapTerms(text, width: 50, indent: 6, plain: true) == rows)
        // At a width that holds the first term, nothing changes: the prefix keeps it.
        #expect(
            wrapTerms(text, width: 70, indent: 6).first
                == "out[0,1] = W row 0 ⋅ P column 1 = (-234567.890123)⋅(-234567.890123)")
    }
}
