import Animator
import TestSupport
import Testing

/// A small ECMA-48 terminal: cursor addressing (`ESC [ r ; c H`), cursor forward (`ESC [ n C`), erase (`ESC [ 2 J`),
/// SGR (the last parameter is the style, 0 resets), UTF-8 text with wide and combining characters, and the pending
/// wrap of the last column.
/// It fails a test on anything else, on text written past the right edge, and on a write into the bottom-right
/// cell when that cell must not be written.
private struct Emulator {
    let width: Int
    let height: Int
    var cells: [[(text: String, sgr: Int)]]
    var x = 0
    var y = 0
    var sgr = 0
    var forbidLastCell = false
    var problems: [String] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: Array(repeating: (" ", 0), count: width), count: height)
    }

    mutating func feed(_ bytes: [UInt8]) {
        var i = 0
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        while i < scalars.count {
            let s = scalars[i]
            if s == "\u{1B}" {
                guard i + 1 < scalars.count, scalars[i + 1] == "[" else {
                    problems.append("lone ESC")
                    return
                }
                var j = i + 2
                var params = ""
                while j < scalars.count, !(0x40...0x7E).contains(scalars[j].value) {
                    params.unicodeScalars.append(scalars[j])
                    j += 1
                }
                guard j < scalars.count else {
                    problems.append("unterminated sequence")
                    return
                }
                let numbers = params.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                switch scalars[j] {
                case "H":
                    y = (numbers.first ?? 1) - 1
                    x = (numbers.count > 1 ? numbers[1] : 1) - 1
                    if params.isEmpty { (x, y) = (0, 0) }
                case "J":
                    cells = Array(repeating: Array(repeating: (" ", 0), count: width), count: height)
                case "m":
                    sgr = numbers.last ?? 0
                case "C":
                    x += max(1, numbers.first ?? 1)
                    if x >= width { problems.append("cursor forward past the right edge at row \(y)") }
                default:
                    problems.append("unknown sequence \(params)\(scalars[j])")
                }
                i = j + 1
                continue
            }
            let w = displayWidth(Character(s))
            if w == 0 {
                if x > 0 { cells[y][x - 1].text.unicodeScalars.append(s) }
                i += 1
                continue
            }
            if x + w > width {
                problems.append("text past the right edge at row \(y)")
                return
            }
            if forbidLastCell && y == height - 1 && x + w == width { problems.append("wrote the bottom-right cell") }
            cells[y][x] = (String(s), sgr)
            if w == 2 { cells[y][x + 1] = ("", sgr) }
            x += w
            i += 1
        }
    }
}

/// SGR parameter 100 + the style's number, so the emulator can tell the style back.
private let codes = TerminalCodes.ansi(sgr: { [100 + Int($0.rawValue)] })

/// Checks that the emulator shows the canvas: each cell's text and style, except that a blank may be shown in
/// another of the `plainBlanks` styles when its own is one of them (it looks the same).
private func expectShows(
    _ emulator: Emulator, _ canvas: Canvas, plainBlanks: Set<Style> = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(emulator.problems == [], sourceLocation: sourceLocation)
    for y in 0..<canvas.height {
        for x in 0..<canvas.width {
            let cell = canvas[x, y]
            let shown = emulator.cells[y][x]
            let text = cell.isContinuation ? "" : cell.text
            let sgr = shown.sgr == 0 ? 0 : shown.sgr - 100
            let looksAlike =
                text == " " && plainBlanks.contains(cell.style)
                && Style(rawValue: UInt8(sgr)).map(plainBlanks.contains) == true
            guard shown.text == text, sgr == Int(cell.style.rawValue) || looksAlike else {
                let problem =
                    "cell (\(x), \(y)): shows \(shown.text.debugDescription) style \(sgr), canvas has "
                    + "\(text.debugDescription) style \(cell.style.rawValue)"
                Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
                return
            }
        }
    }
}

@Suite struct TerminalFrameTests {
    @Test func aFullFrameClearsAndWritesWhatIsNotBlank() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.put(1, 0, "ab", .title)
        canvas.put(0, 2, "中x", .tap)
        let bytes = TerminalFrameWriter(codes: codes).frame(canvas, after: nil, screenWidth: 10, screenHeight: 3)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}[0m\u{1B}[H\u{1B}[2J"))
        var emulator = Emulator(width: 10, height: 3)
        emulator.cells[1][5] = ("z", 7)  // whatever was on the screen before
        emulator.feed(bytes)
        expectShows(emulator, canvas)
    }

    @Test func oneChangedCellCostsOneMoveOneStyleAndItsText() {
        var before = Canvas(width: 20, height: 5)
        before.put(0, 0, "hello world", .normal)
        var after = before
        after.put(6, 3, "7", .current)
        let bytes = TerminalFrameWriter(codes: codes).frame(after, after: before, screenWidth: 20, screenHeight: 5)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[4;7H\u{1B}[0;\(100 + Int(Style.current.rawValue))m7")
        let unchanged = TerminalFrameWriter(codes: codes).frame(after, after: after, screenWidth: 20, screenHeight: 5)
        #expect(unchanged.isEmpty)
    }

    @Test func aShortGapOfTheSameStyleIsRewrittenNotSkipped() {
        var before = Canvas(width: 20, height: 1)
        before.put(0, 0, "1 2 3 4", .normal)
        var after = Canvas(width: 20, height: 1)
        after.put(0, 0, "5 2 6 4", .normal)
        let bytes = TerminalFrameWriter(codes: codes).frame(after, after: before, screenWidth: 20, screenHeight: 1)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[1;1H\u{1B}[0;100m5 2 6")
    }

    /// The next run on the same row is reached by `ESC [ n C` (one number, fewer bytes than `ESC [ r ; c H`) where
    /// the terminal takes ECMA-48 moves; with other cursor addressing, by its own sequence.
    @Test func theNextRunOnARowIsReachedByMovingForward() {
        var before = Canvas(width: 30, height: 2)
        before.put(0, 1, "1 2 3 4 5 6 7 8 9 0 1 2 3 4", .normal)
        var after = before
        after.put(2, 1, "7", .normal)
        after.put(20, 1, "8", .normal)
        let bytes = TerminalFrameWriter(codes: codes).frame(after, after: before, screenWidth: 30, screenHeight: 2)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[2;3H\u{1B}[0;100m7\u{1B}[17C8")
        var other = codes
        other.cursor = .terminfo({ row, column in Array("<\(row),\(column)>".utf8) })
        let moved = TerminalFrameWriter(codes: other).frame(after, after: before, screenWidth: 30, screenHeight: 2)
        #expect(String(decoding: moved, as: UTF8.self) == "<1,2>\u{1B}[0;100m7<1,20>8")
    }

    /// The receptive field growing over a row of dots: the blanks between its reverse-video squares are unchanged
    /// and passed with ESC [ C, not written in the normal style and left again (two style sequences a cell); a
    /// terminal without ECMA-48 cursor addressing gets them written.
    @Test func anUnchangedCellOfAnotherStyleInsideARunIsPassedNotRewritten() {
        var (dots, field) = (Canvas(width: 7, height: 1), Canvas(width: 7, height: 1))
        for x in stride(from: 0, to: 7, by: 2) {
            dots.put(x, 0, "·", .dim)
            field.put(x, 0, "■", .receptive)
        }
        let plain: Set<Style> = [.normal, .dim]
        let ansi = TerminalCodes.ansi(sgr: { [100 + Int($0.rawValue)] }, plainBlanks: plain)
        let bytes = TerminalFrameWriter(codes: ansi).frame(field, after: dots, screenWidth: 7, screenHeight: 1)
        let receptive = "\u{1B}[0;\(100 + Int(Style.receptive.rawValue))m"
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[1;1H" + receptive + "■\u{1B}[C■\u{1B}[C■\u{1B}[C■")
        var other = ansi
        other.cursor = .terminfo({ row, column in Array("\u{1B}[\(row + 1);\(column + 1)H".utf8) })
        for writer in [TerminalFrameWriter(codes: ansi), TerminalFrameWriter(codes: other)] {
            var emulator = Emulator(width: 7, height: 1)
            emulator.feed(writer.frame(dots, after: nil, screenWidth: 7, screenHeight: 1))
            emulator.feed(writer.frame(field, after: dots, screenWidth: 7, screenHeight: 1))
            expectShows(emulator, field, plainBlanks: plain)
        }
        let written = TerminalFrameWriter(codes: other).frame(field, after: dots, screenWidth: 7, screenHeight: 1)
        #expect(!written.contains(0x43))
    }

    @Test func theBottomRightCellIsLeftAloneWhereWritingItWouldScroll() {
        var noWrapGlitch = codes
        noWrapGlitch.canWriteLastCell = false
        var canvas = Canvas(width: 6, height: 2)
        canvas.put(0, 1, "abcdef", .label)
        canvas.put(4, 0, "中", .label)
        let bytes = TerminalFrameWriter(codes: noWrapGlitch).frame(canvas, after: nil, screenWidth: 6, screenHeight: 2)
        var emulator = Emulator(width: 6, height: 2)
        emulator.forbidLastCell = true
        emulator.feed(bytes)
        #expect(emulator.problems == [])
        #expect(emulator.cells[1].map(\.text).joined() == "abcde ")
        #expect(emulator.cells[0][4].text == "中")
    }

    @Test func aTerminalWithoutUTF8GetsQuestionMarksColumnForColumn() {
        var ascii = codes
        ascii.isUTF8 = false
        var canvas = Canvas(width: 6, height: 1)
        canvas.put(0, 0, "a中é", .normal)
        let bytes = TerminalFrameWriter(codes: ascii).frame(canvas, after: nil, screenWidth: 6, screenHeight: 1)
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("a???"))
    }

    @Test func otherCursorAddressingIsAskedOncePerCell() {
        var other = codes
        let asked = Counter()
        other.cursor = .terminfo({ row, column in
            asked.add()
            return Array("\u{1B}[\(row + 1);\(column + 1)H".utf8)
        })
        let writer = TerminalFrameWriter(codes: other)
        var a = Canvas(width: 8, height: 2)
        var b = a
        b.put(3, 1, "x", .tap)
        a.put(3, 1, "y", .tap)
        var emulator = Emulator(width: 8, height: 2)
        for canvas in [a, b, a, b] {
            emulator.feed(writer.frame(canvas, after: canvas == a ? b : a, screenWidth: 8, screenHeight: 2))
            expectShows(emulator, canvas)
        }
        #expect(asked.value == 1)
    }

    /// Random frames one after the other, each written as the change from the one before (sometimes whole, as
    /// after a resize): the screen always shows exactly the last canvas.
    @Test func randomFramesAlwaysLeaveTheScreenShowingTheCanvas() {
        randomFrames(codes, plainBlanks: [], seed: 9)
    }

    /// The same through a terminal whose cursor is moved by its terminfo string: the rows are written by the Swift
    /// loop (`FrameBytes.putChanges`), not by C's (`cframebytes_put_row`, ECMA-48 terminals only).
    @Test func randomFramesThroughTerminfoMovesShowTheCanvas() {
        var terminfo = codes
        terminfo.cursor = .terminfo { row, column in Array("\u{1B}[\(row + 1);\(column + 1)H".utf8) }
        randomFrames(terminfo, plainBlanks: [], seed: 12)
    }

    /// The same with blanks written in whichever plain style the terminal has: every cell still looks as the canvas
    /// says.
    @Test func randomFramesWithPlainBlanksLeaveTheScreenLookingLikeTheCanvas() {
        let plain: Set<Style> = [.normal, .dim, .tap, .formula, .current]
        randomFrames(.ansi(sgr: { [100 + Int($0.rawValue)] }, plainBlanks: plain), plainBlanks: plain, seed: 10)
    }

    /// A row of numbers whose digits are styled and whose blanks are not costs one style sequence, not one per digit
    /// (a window's tapped cells), when a blank looks the same in both styles; else the unchanged blanks are passed
    /// with a cursor move (`ESC [ C`), still without a sequence each way per digit.
    @Test func blanksBetweenStyledDigitsKeepTheTerminalsStyle() {
        var before = Canvas(width: 12, height: 1)
        before.put(0, 0, "0 0 0 0", .normal)
        var after = before
        for x in stride(from: 0, through: 6, by: 2) { after.put(x, 0, "\(x / 2 + 1)", .tap) }
        let tap = "\u{1B}[0;\(100 + Int(Style.tap.rawValue))m"
        let plain = TerminalCodes.ansi(sgr: { [100 + Int($0.rawValue)] }, plainBlanks: [.normal, .tap])
        let bytes = TerminalFrameWriter(codes: plain).frame(after, after: before, screenWidth: 12, screenHeight: 1)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[1;1H\(tap)1 2 3 4")
        let strict = TerminalFrameWriter(codes: codes).frame(after, after: before, screenWidth: 12, screenHeight: 1)
        #expect(String(decoding: strict, as: UTF8.self) == "\u{1B}[1;1H\(tap)1\u{1B}[C2\u{1B}[C3\u{1B}[C4")
    }

    /// The writer moves the cursor exactly where a run of changes starts by the rule, checked cell by cell here: a
    /// run starts at a change (at the left half of a wide character it cuts into) and ends at the first unchanged
    /// cell, not the right half of a wide character, with no change among the four cells after it (a gap of up
    /// to four is rewritten, a longer one skipped with a move). Rows of random changes: dense (a grid's digits),
    /// sparse, wide characters, gaps of four and five.
    /// A grid's row of ASCII in the terminal's style is copied eight cells at a time (`cframebytes_copy_plain`): a
    /// cell in another style, a cell that is not ASCII or the run's end at any place of a block leaves the rest to
    /// the cell-by-cell loop, and the screen shows the canvas.
    @Test func longPlainRunsBrokenAnywhereShowTheCanvas() {
        let width = 43
        for k in 0..<width {
            for breaker in [("7", Style.tap), ("⋅", Style.normal), ("中", Style.normal), ("x", Style.normal)] {
                var before = Canvas(width: width, height: 2)
                var after = Canvas(width: width, height: 2)
                for x in stride(from: 0, to: width - 1, by: 2) {
                    before.put(x, 0, String(x % 10), .normal)
                    after.put(x, 0, String((x + 3) % 10), .normal)
                }
                after.put(k, 0, breaker.0, breaker.1)
                let writer = TerminalFrameWriter(codes: codes)
                var emulator = Emulator(width: width, height: 2)
                emulator.feed(writer.frame(before, after: nil, screenWidth: width, screenHeight: 2))
                emulator.feed(writer.frame(after, after: before, screenWidth: width, screenHeight: 2))
                expectShows(emulator, after)
            }
        }
    }

    @Test func runsStartWhereTheRuleSays() {
        var random = SplitMix(seed: 11)
        let pieces = ["1", "7", " ", "中", "x", "⋅", "-3"]
        for _ in 0..<300 {
            let width = 8 + random.below(60)
            var before = Canvas(width: width, height: 1)
            // Digits and wide characters: a run may end beside the unchanged right half of one.
            for x in stride(from: 0, to: width - 1, by: 2) {
                before.put(x, 0, random.below(4) == 0 ? "中" : "\(random.below(10))", .normal)
            }
            var after = before
            let density = 1 + random.below(6)
            var x = 0
            while x < width {
                if random.below(density) == 0 {
                    after.put(x, 0, pieces[random.below(pieces.count)], .normal)
                }
                x += 1 + random.below(4) * random.below(3)
            }
            let bytes = TerminalFrameWriter(codes: codes).frame(
                after, after: before, screenWidth: width, screenHeight: 1)
            #expect(runStarts(bytes) == expectedRunStarts(after, before), "width \(width)")
        }
    }

    /// Where the writer moved the cursor to start a run on row 0: `ESC [ 1 ; c H`, or forward on the row by
    /// `ESC [ n C` with its number (a bare `ESC [ C` passes one unchanged cell inside a run), the column followed
    /// through the text written.
    private func runStarts(_ bytes: [UInt8]) -> [Int] {
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var (starts, x, i) = ([Int](), 0, 0)
        while i < scalars.count {
            guard scalars[i] == "\u{1B}", i + 1 < scalars.count, scalars[i + 1] == "[" else {
                x += displayWidth(Character(scalars[i]))
                i += 1
                continue
            }
            var j = i + 2
            var params = ""
            while j < scalars.count && !("A"..."Z").contains(scalars[j]) && scalars[j] != "m" {
                params.unicodeScalars.append(scalars[j])
                j += 1
            }
            let final = j < scalars.count ? scalars[j] : "?"
            if final == "H" {
                x = (Int(params.split(separator: ";").last ?? "1") ?? 1) - 1
                starts.append(x)
            } else if final == "C" {
                x += Int(params) ?? 1
                if !params.isEmpty { starts.append(x) }
            }
            i = j + 1
        }
        return starts
    }

    /// Where the runs of changed cells of row 0 start, by the rule, one cell at a time.
    private func expectedRunStarts(_ n: Canvas, _ o: Canvas) -> [Int] {
        let width = n.width
        func changed(_ x: Int) -> Bool { n[x, 0] != o[x, 0] }
        var starts: [Int] = []
        var x = 0
        while x < width {
            guard changed(x) else {
                x += 1
                continue
            }
            var start = x
            while start > 0 && (n[start, 0].isContinuation || o[start, 0].isContinuation) { start -= 1 }
            starts.append(start)
            var end = x + 1
            while end < width {
                if !changed(end) && !n[end, 0].isContinuation
                    && !(end + 1..<min(end + 5, width)).contains(where: changed)
                {
                    break
                }
                end += 1
            }
            x = end
        }
        return starts
    }

    /// Styled digits with the canvas's blanks between them (a sharing map's dim zeros, a dilated window's holes)
    /// are copied eight cells at a time too when a blank looks the same in the digits' style: one style sequence
    /// for the row. Where it does not (a tapped cell's style here), the blanks are not written in it. A cell of any
    /// other kind at any place of a block (a blank whose reverse video shows, a digit of another style, a scalar
    /// that is not ASCII) leaves the block to the cell-by-cell loop, and the screen shows the canvas.
    @Test func styledDigitsBetweenPlainBlanksAreCopiedInBlocks() {
        let width = 43
        let plain: Set<Style> = [.normal, .dim]
        let codes = TerminalCodes.ansi(sgr: { [100 + Int($0.rawValue)] }, plainBlanks: plain)
        func row(_ style: Style, _ digit: (Int) -> Int) -> Canvas {
            var c = Canvas(width: width, height: 2)
            for x in stride(from: 0, to: width - 1, by: 2) { c.put(x, 0, String(digit(x)), style) }
            return c
        }
        let dim = "\u{1B}[0;\(100 + Int(Style.dim.rawValue))m"
        let digits = stride(from: 0, to: width - 1, by: 2).map { String(($0 + 3) % 10) }.joined(separator: " ")
        let bytes = TerminalFrameWriter(codes: codes).frame(
            row(.dim) { ($0 + 3) % 10 }, after: row(.dim) { $0 % 10 }, screenWidth: width, screenHeight: 2)
        #expect(String(decoding: bytes, as: UTF8.self) == "\u{1B}[1;1H" + dim + digits)
        for style in [Style.dim, .tap] {
            let (before, whole) = (row(style) { $0 % 10 }, row(style) { ($0 + 3) % 10 })
            for k in 0..<width {
                for breaker in [(" ", Style.receptive), ("7", Style.label), ("⋅", style), (" ", style)] {
                    var after = whole
                    after.put(k, 0, breaker.0, breaker.1)
                    let writer = TerminalFrameWriter(codes: codes)
                    var emulator = Emulator(width: width, height: 2)
                    emulator.feed(writer.frame(before, after: nil, screenWidth: width, screenHeight: 2))
                    emulator.feed(writer.frame(after, after: before, screenWidth: width, screenHeight: 2))
                    expectShows(emulator, after, plainBlanks: plain)
                }
            }
        }
    }

    private func randomFrames(_ codes: TerminalCodes, plainBlanks: Set<Style>, seed: UInt64) {
        var random = SplitMix(seed: seed)
        let pieces = [
            "1", "23", " ", "-7", "中", "文字", "░", "⋅", "e\u{301}", "▼", "x", "──", "Σ",
            "a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}",
        ]
        let styles = Style.allCases
        for (width, height) in [(12, 4), (31, 9), (80, 24), (200, 60)] {
            let writer = TerminalFrameWriter(codes: codes)
            var emulator = Emulator(width: width, height: height)
            var previous: Canvas?
            var canvas = Canvas(width: width, height: height)
            for frame in 0..<60 {
                for _ in 0..<(1 + random.below(width * height / 6)) {
                    let piece = pieces[random.below(pieces.count)]
                    canvas.put(
                        random.below(width) - 1, random.below(height), piece, styles[random.below(styles.count)])
                }
                let whole = frame % 17 == 0
                emulator.feed(
                    writer.frame(canvas, after: whole ? nil : previous, screenWidth: width, screenHeight: height))
                expectShows(emulator, canvas, plainBlanks: plainBlanks)
                previous = canvas
            }
        }
    }
}

private final class Counter: @unchecked Sendable {
    private(set) var value = 0
    func add() { value += 1 }
}
