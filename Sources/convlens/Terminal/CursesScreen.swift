import Animator
import CNCurses

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The curses window pointer: `UnsafeMutablePointer<WINDOW>` on Linux, an `OpaquePointer` on macOS.
#if os(Linux)
    private typealias CursesWindow = UnsafeMutablePointer<WINDOW>
#else
    private typealias CursesWindow = OpaquePointer
#endif

/// The interactive terminal: the only code that talks to ncurses.
///
/// Not `Sendable`: create it, draw to it, read keys from it and close it on one thread (ncurses is not
/// thread-safe). Only one screen may be open at a time. `close()` (also run at exit and on deinit) restores the
/// terminal; so does every signal that ends the process (the C shim's handlers, `Sources/CNCurses/shim.c`).
/// Ctrl-Z and an outside SIGTSTP come from `readKey` as `.ctrlZ`; `suspend()` stops the job until `fg`.
final class CursesScreen: TerminalScreen {
    private let screen: OpaquePointer
    private let window: CursesWindow
    private var isOpen = true
    /// The last frame drawn and the screen size then, so the next frame sends only what changed.
    private var lastCanvas: Canvas?
    private var lastScreen = (width: 0, height: 0)
    /// Frames are written by convlens itself, from terminfo's strings: see `TerminalFrameWriter`.
    private let writer: TerminalFrameWriter
    /// Attributes and colours off, written before ncurses takes the terminal back (endwin).
    private let reset: [UInt8]

    /// True when the locale's character set is UTF-8; draw ASCII glyphs when false.
    let isUTF8: Bool
    var asciiOnly: Bool { !isUTF8 }
    /// True when styles are shown in colour (the terminal has colours and `NO_COLOR` was not set).
    let usesColor: Bool

    private init(screen: OpaquePointer, window: CursesWindow, isUTF8: Bool, usesColor: Bool, codes: TerminalCodes) {
        self.screen = screen
        self.window = window
        self.lastScreen = (Int(cncurses_getmaxx(window)), Int(cncurses_getmaxy(window)))
        self.isUTF8 = isUTF8
        self.usesColor = usesColor
        self.writer = TerminalFrameWriter(codes: codes)
        self.reset = codes.reset
    }

    deinit { close() }

    /// Sets the process locale from the environment (idempotent) and tells whether it is UTF-8.
    /// Usable before `open`, e.g. to pick glyphs for `--plain` output.
    static func localeIsUTF8() -> Bool {
        cncurses_setup_locale() != 0
    }

    /// Enters curses mode on standard input/output. Throws, with one line for the user, when either is not a
    /// terminal or `TERM` is unset, unknown or cannot position the cursor. Pass `noColor` = `NO_COLOR` is set
    /// and non-empty.
    static func open(noColor: Bool) throws(TerminalError) -> CursesScreen {
        guard isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(
                message:
                    "convlens: standard output is not a terminal (add --plain for text output)")
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw TerminalError(
                message:
                    "convlens: standard input is not a terminal (add --plain for text output)")
        }
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        let unknownTerm = TerminalError(
            message:
                "convlens: TERM is not set or unknown ('\(term)'); try TERM=xterm-256color")
        guard !term.isEmpty else { throw unknownTerm }

        let utf8 = localeIsUTF8()
        guard let screen = term.withCString({ cncurses_newterm($0) }) else { throw unknownTerm }
        // From here on the terminal is in curses mode: register the cleanup before anything can fail.
        cncurses_install_signal_cleanup(screen)
        guard cncurses_can_position_cursor() != 0, let window = cncurses_stdscr() else {
            _ = cncurses_end()
            throw TerminalError(
                message:
                    "convlens: terminal '\(term)' cannot position the cursor; try TERM=xterm-256color")
        }

        raw()  // Ctrl-C and Ctrl-Z arrive as keys 3 and 26; no SIGINT/SIGTSTP from the keyboard
        noecho()
        nonl()  // Enter arrives as 13 (mapped like 10); faster cursor motion
        cncurses_raw_output()  // no newline or tab translation: the kernel passes a frame's bytes as they are
        _ = keypad(window, true)  // arrows etc. as KEY_*, and KEY_RESIZE on SIGWINCH
        _ = leaveok(window, true)  // the cursor is hidden; never spend output moving it
        _ = curs_set(0)
        _ = set_escdelay(25)
        _ = mouseinterval(0)  // report presses at once, no click resolution delay
        enableMouse()
        defineFallbackKeys()
        // ncurses' stdscr stays blank (the frames are convlens's own, the first one starting with a clear), so the
        // full refresh newterm leaves owed (stdscr touched, its screens compared cell by cell: 1.7 M instructions
        // at 200×60) would only clear the screen again: mark it done.
        _ = untouchwin(window)

        let color = !noColor && has_colors()
        let codes = frameCodes(color: color, defaultBackground: color && keepsDefaultBackground(), isUTF8: utf8)
        return CursesScreen(screen: screen, window: window, isUTF8: utf8, usesColor: color, codes: codes)
    }

    /// Mouse reporting on, for every button event though only a left press is used: ncurses drops an event outside
    /// the mask inside `wget_wch` and then reads on *blocking*, whatever the timeout (a wheel turn or a release
    /// arriving with its press left the next key waiting, and the click's frame undrawn, until another key came).
    /// Asking for all of them makes each one return at once; `functionKey` keeps the left press and click, and the
    /// wheel.
    private static func enableMouse() {
        _ = mousemask(cncurses_all_buttons(), nil)
    }

    /// Home and End differ between xterm (`ESC O H`), tmux/screen/linux (`ESC [ 1 ~`) and rxvt (`ESC [ 7 ~`);
    /// `TERM` often names the wrong one (e.g. TERM=xterm-256color inside tmux), so accept all of them. The arrows
    /// come as `ESC O C` in keypad mode and as `ESC [ C` without it (a terminal that lost the mode, e.g. after
    /// another program ran in it): accept both, so an arrow never reads as Esc (quit).
    private static func defineFallbackKeys() {
        let home = cncurses_key_home()
        let end = cncurses_key_end()
        let sequences: [(String, Int32)] = [
            ("\u{1B}[1~", home), ("\u{1B}[7~", home), ("\u{1B}[H", home), ("\u{1B}OH", home),
            ("\u{1B}[4~", end), ("\u{1B}[8~", end), ("\u{1B}[F", end), ("\u{1B}OF", end),
            ("\u{1B}[A", cncurses_key_up()), ("\u{1B}[B", cncurses_key_down()),
            ("\u{1B}[C", cncurses_key_right()), ("\u{1B}[D", cncurses_key_left()),
            ("\u{1B}OA", cncurses_key_up()), ("\u{1B}OB", cncurses_key_down()),
            ("\u{1B}OC", cncurses_key_right()), ("\u{1B}OD", cncurses_key_left()),
        ]
        for (sequence, code) in sequences {
            _ = sequence.withCString { define_key($0, code) }
        }
    }

    /// Whether coloured text can keep the terminal's own background: the terminal can go back to its own colours
    /// (`op` or `oc`) and does not set colours by pair (`initp`), which is when ncurses' `use_default_colors`
    /// succeeds; else coloured text goes on black, as ncurses' pairs would. Asked of terminfo: ncurses draws
    /// nothing, so its colour pairs are not started (`start_color` and `use_default_colors` cost 0.4 M instructions
    /// at 200×60: re-marking every cell of its screens for the changed pair 0).
    private static func keepsDefaultBackground() -> Bool {
        func has(_ name: String) -> Bool { name.withCString { cncurses_string_cap($0) } != nil }
        return (has("op") || has("oc")) && !has("initp")
    }

    /// The terminal colour of a theme colour.
    private static func foreground(_ c: ThemeColor) -> Int32 {
        switch c {
        case .red: COLOR_RED
        case .green: COLOR_GREEN
        case .yellow: COLOR_YELLOW
        case .blue: COLOR_BLUE
        case .magenta: COLOR_MAGENTA
        case .cyan: COLOR_CYAN
        case .blueGrey: cncurses_colors() >= 256 ? 67 : COLOR_BLUE
        }
    }

    /// The sequences of the frames, from the terminal's terminfo entry: per style `sgr0` (plus `op` where `sgr0`
    /// is not ECMA-48's reset of everything), its attributes (`bold`, `dim`, `rev`, `smul`; one the terminal lacks
    /// is left out, as ncurses does), its colour (`setaf`, and `setab` black without default colours).
    private static func frameCodes(color: Bool, defaultBackground: Bool, isUTF8: Bool) -> TerminalCodes {
        func cap(_ name: String) -> [UInt8] {
            name.withCString { cncurses_string_cap($0) }.map { withoutPadding(String(cString: $0)) } ?? []
        }
        func apply(_ name: String, _ a: Int32, _ b: Int32 = 0) -> [UInt8] {
            name.withCString { cncurses_string_cap($0) }.flatMap { cncurses_apply($0, a, b) }
                .map { withoutPadding(String(cString: $0)) } ?? []
        }
        let sgr0 = cap("sgr0")
        let sgr0Text = String(decoding: sgr0, as: UTF8.self)
        let resetsColour = ["\u{1B}[m", "\u{1B}[0m", "\u{1B}[0;"].contains { sgr0Text.contains($0) }
        let reset = sgr0 + (color && !resetsColour ? cap("op") : [])
        let attributes: [(TextAttributes, [UInt8])] = [
            (.bold, cap("bold")), (.dim, cap("dim")), (.reverse, cap("rev")), (.underline, cap("smul")),
        ]
        let styles = Style.allCases.map { style -> [UInt8] in
            guard !sgr0.isEmpty else { return [] }  // attributes that cannot be turned off are not turned on
            let look = Theme.look(style, color: color)
            var bytes = reset
            for (attribute, code) in attributes where look.attributes.contains(attribute) { bytes += code }
            if color, let c = look.color {
                bytes += apply("setaf", foreground(c))
                if !defaultBackground { bytes += apply("setab", COLOR_BLACK) }
            }
            return bytes
        }
        let cupText = "cup".withCString { cncurses_string_cap($0) }.map { String(cString: $0) } ?? ""
        let cursor: TerminalCodes.CursorAddressing =
            cupText == "\u{1B}[%i%p1%d;%p2%dH"
            ? .ansi
            : .terminfo({ row, column in
                cupText.withCString { cncurses_apply($0, Int32(row), Int32(column)) }
                    .map { withoutPadding(String(cString: $0)) } ?? []
            })
        var clear = cap("clear")
        if clear.isEmpty { clear = apply("cup", 0, 0) + cap("ed") }
        let am = "am".withCString { cncurses_flag_cap($0) } != 0
        let xenl = "xenl".withCString { cncurses_flag_cap($0) } != 0
        // A blank looks the same in every style without reverse video, underline or a background of its own.
        let plainBlanks = Set(
            Style.allCases.filter { style in
                let look = Theme.look(style, color: color)
                return look.attributes.isDisjoint(with: [.reverse, .underline])
                    && (!color || look.color == nil || defaultBackground)
            })
        return TerminalCodes(
            clear: clear, styles: styles, reset: reset, cursor: cursor, canWriteLastCell: !am || xenl, isUTF8: isUTF8,
            plainBlanks: plainBlanks)
    }

    /// The bytes of a terminfo string without its padding (`$<5>`, `$<2*/>`): delays for real terminals at low
    /// speeds, which `tputs` would turn into pad characters; no terminal emulator needs them (ncurses' own
    /// `doupdate` leaves them out on a fast line too).
    private static func withoutPadding(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), bytes[i + 1] == UInt8(ascii: "<"),
                let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: ">")),
                bytes[(i + 2)..<close].allSatisfy({
                    ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2A || $0 == 0x2F
                })
            {
                bytes.removeSubrange(i...close)
            } else {
                i += 1
            }
        }
        return bytes
    }

    /// The terminal size in cells; re-read it after `.resize`.
    var size: (width: Int, height: Int) {
        guard isOpen else { return (0, 0) }
        return (Int(cncurses_getmaxx(window)), Int(cncurses_getmaxy(window)))
    }

    /// Shows `canvas` from the top-left corner, sending only the cells that changed since the last frame (everything
    /// after a resize or a resume, on a cleared screen); whatever lies outside the screen is clipped.
    ///
    /// convlens writes the frame itself (`TerminalFrameWriter`, with the terminal's own terminfo strings); ncurses'
    /// `stdscr` stays blank and untouched. When ncurses owes the terminal an update (after a resize: `stdscr` is
    /// touched or the size changed), it is let do it first — a blank screen — because the next `wget_wch` would
    /// otherwise do it after this frame and erase it; the frame is then drawn whole. The start owes none (`open`
    /// marks `stdscr` untouched) and a resume has done its own (`cncurses_resume`): their first frame is drawn
    /// whole on a cleared screen (`lastCanvas` is nil).
    func draw(_ canvas: Canvas) {
        guard isOpen else { return }
        let (screenWidth, screenHeight) = size
        var previous = lastCanvas
        if lastScreen.width != screenWidth || lastScreen.height != screenHeight || is_wintouched(window) {
            _ = wnoutrefresh(window)
            _ = doupdate()
            previous = nil
        }
        writer.withFrame(canvas, after: previous, screenWidth: screenWidth, screenHeight: screenHeight, send)
        lastCanvas = canvas
        lastScreen = (screenWidth, screenHeight)
    }

    /// Writes `bytes` to the terminal (standard output, where ncurses writes too), all of them unless it fails.
    private func send(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer(send) }

    private func send(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard var p = buffer.baseAddress else { return }
        var left = buffer.count
        while left > 0 {
            let n = write(STDOUT_FILENO, p, left)
            if n > 0 {
                p += n
                left -= n
            } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                continue
            } else {
                return  // the terminal is gone: the key wait finds out
            }
        }
    }

    /// Waits up to `timeoutMs` milliseconds (negative: forever) for a key, a resize or a button-1 press.
    /// Returns nil on timeout. Keys it does not know are skipped without extending the wait. A SIGTSTP from outside
    /// comes as `.ctrlZ`; after a stop it did not ask for (SIGSTOP, then `fg`) it takes the terminal back and
    /// returns `.resize`, so the loop redraws everything (at the size the terminal has now). When the terminal hangs
    /// up while SIGHUP is ignored (nohup) it returns `.ctrlC`: nothing can be read any more.
    func readKey(timeoutMs: Int) -> Key? {
        guard isOpen else { return nil }
        let clock = ContinuousClock()
        let deadline = timeoutMs >= 0 ? clock.now.advanced(by: .milliseconds(timeoutMs)) : nil
        while true {
            var wait: Int32 = -1
            if let deadline {
                let left = clock.now.duration(to: deadline).components
                let ms = max(0, left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000)
                wait = Int32(clamping: ms)
            }
            let k = cncurses_next_key(window, wait)
            if k.status == ERR { return nil }
            if let key = event(k) { return key }
            if let deadline, clock.now >= deadline { return nil }
        }
    }

    private func event(_ k: cncurses_key_t) -> Key? {
        switch k.status {
        case cncurses_event_suspend(): return .ctrlZ
        // The terminal is gone and SIGHUP ignored (nohup): no key will ever come; end as if quit, not spin.
        case cncurses_event_hangup(): return .ctrlC
        case cncurses_event_continued():
            send(reset)
            cncurses_leave()
            resume()
            return .resize
        case cncurses_key_code_yes(): return functionKey(Int32(bitPattern: k.code))
        default: return character(k.code)
        }
    }

    private func character(_ code: UInt32) -> Key? {
        switch code {
        case 3: return .ctrlC
        case 26: return .ctrlZ
        case 8, 127: return .backspace
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .char(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case cncurses_key_left(): return .left
        case cncurses_key_right(): return .right
        case cncurses_key_up(): return .up
        case cncurses_key_down(): return .down
        case cncurses_key_home(): return .home
        case cncurses_key_end(): return .end
        case cncurses_key_ppage(): return .pageUp
        case cncurses_key_npage(): return .pageDown
        case cncurses_key_btab(): return .backTab
        case cncurses_key_enter(): return .enter
        case cncurses_key_backspace(): return .backspace
        case cncurses_key_resize(): return .resize
        case cncurses_key_mouse():
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if event.bstate & cncurses_wheel_up() != 0 { return .wheelUp }
            if event.bstate & cncurses_wheel_down() != 0 { return .wheelDown }
            guard event.bstate & (cncurses_button1_pressed() | cncurses_button1_clicked()) != 0 else { return nil }
            return .mouse(x: Int(event.x), y: Int(event.y))
        default: return nil
        }
    }

    /// Ctrl-Z: gives the terminal back as it was and stops the process group (the shell prints its prompt); on `fg`
    /// takes the terminal back (modes, keypad, mouse, hidden cursor, size) and repaints. Does nothing when SIGTSTP
    /// was ignored at start (no job control to come back with).
    func suspend() {
        guard isOpen else { return }
        send(reset)
        guard cncurses_suspend() != 0 else { return }
        resume()
    }

    private func resume() {
        lastCanvas = nil  // the next frame is drawn whole
        cncurses_resume(window)
        Self.enableMouse()
    }

    /// Leaves curses mode and restores the terminal (cursor, modes, main screen). Idempotent.
    func close() {
        guard isOpen else { return }
        isOpen = false
        send(reset)  // ncurses' endwin resets only what it set itself
        _ = cncurses_end()
    }
}

@available(*, unavailable, message: "ncurses is not thread-safe: use CursesScreen on one thread")
extension CursesScreen: Sendable {}
