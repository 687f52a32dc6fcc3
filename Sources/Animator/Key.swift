/// A key press or terminal event, independent of ncurses. The terminal and `--keys` both produce these.
public enum Key: Equatable, Sendable {
    case char(Character)
    case left, right, up, down, home, end, pageUp, pageDown
    case tab, backTab, enter, escape, backspace
    case ctrlC
    /// Ctrl-Z (byte 26 in raw mode); the terminal reports a SIGTSTP from outside (`kill -TSTP`) the same way, as
    /// the tty driver would for Ctrl-Z in a cooked terminal.
    case ctrlZ
    case resize
    case mouse(x: Int, y: Int)
    /// A turn of the mouse wheel (scrolls what PgUp/PgDn or ↑/↓ scroll).
    case wheelUp, wheelDown

    /// Parses one word of a `--keys` script: a single character, or a name such as `Right`, `Left`, `Tab`,
    /// `Space`, `Enter`, `Esc`, `Home`, `End`, `PgDn`, `PgUp`, `WheelUp`, `WheelDown`, `C-c`, `C-z`. Returns nil
    /// for an unknown name.
    public init?(name: String) {
        switch name.lowercased() {
        case "left": self = .left
        case "right": self = .right
        case "up": self = .up
        case "down": self = .down
        case "home": self = .home
        case "end": self = .end
        case "pageup", "ppage", "pgup": self = .pageUp
        case "pagedown", "npage", "pgdn": self = .pageDown
        case "tab": self = .tab
        case "btab", "backtab", "s-tab": self = .backTab
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "bspace", "backspace": self = .backspace
        case "space": self = .char(" ")
        case "c-c", "ctrl-c": self = .ctrlC
        case "c-z", "ctrl-z": self = .ctrlZ
        case "wheelup": self = .wheelUp
        case "wheeldown": self = .wheelDown
        case "plus": self = .char("+")
        case "minus": self = .char("-")
        default:
            guard name.count == 1, let ch = name.first else { return nil }
            self = .char(ch)
        }
    }
}
