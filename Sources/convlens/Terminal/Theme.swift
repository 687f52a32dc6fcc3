import Animator

/// Text attributes a terminal can show without colour.
struct TextAttributes: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let bold = TextAttributes(rawValue: 1 << 0)
    static let dim = TextAttributes(rawValue: 1 << 1)
    static let reverse = TextAttributes(rawValue: 1 << 2)
    static let underline = TextAttributes(rawValue: 1 << 3)
}

/// A foreground colour of the theme; the background is always the terminal's own.
/// Each case is also its colour-pair number, so the raw values must stay 1…n without gaps.
enum ThemeColor: Int16, Sendable, CaseIterable {
    case red = 1
    case green, yellow, blue, magenta, cyan, blueGrey
}

/// How one semantic style looks: an optional colour plus attributes.
struct StyleLook: Sendable, Equatable {
    var color: ThemeColor?
    var attributes: TextAttributes

    init(_ color: ThemeColor? = nil, _ attributes: TextAttributes = []) {
        self.color = color
        self.attributes = attributes
    }
}

/// Maps every `Style` to a look, in colour or in monochrome (`NO_COLOR`, or a terminal without colours).
/// Monochrome keeps every highlight readable: the current cell, the selection, the receptive field and the
/// comparison are reverse video (each with a different extra attribute), taps are bold, padding, ghosts and
/// pending cells are dim. The colour looks keep the same attributes so they also read for colour-blind users.
enum Theme {
    static func look(_ style: Style, color: Bool) -> StyleLook {
        color ? colorLook(style) : monoLook(style)
    }

    static func colorLook(_ style: Style) -> StyleLook {
        switch style {
        case .normal: StyleLook()
        case .dim: StyleLook(nil, .dim)
        case .title: StyleLook(nil, .bold)
        case .label: StyleLook(.cyan)
        case .rule: StyleLook(nil, .dim)
        case .keyBar: StyleLook(nil, .dim)
        case .keyName: StyleLook(nil, .bold)
        case .padding: StyleLook(.blueGrey)
        case .paddingTap: StyleLook(.blueGrey, [.bold, .underline])
        case .hole: StyleLook(.magenta)
        case .tap: StyleLook(.yellow, .bold)
        case .window: StyleLook(.cyan)
        // The window's brackets: the glyphs carry the meaning, so no attribute in monochrome.
        case .frame: StyleLook(.cyan)
        case .ghost: StyleLook(nil, .dim)
        case .uncovered: StyleLook(.red, .dim)
        case .current: StyleLook(.green, [.reverse, .bold])
        case .visited: StyleLook(.green)
        case .pending: StyleLook(nil, .dim)
        case .scatter: StyleLook(.yellow, .bold)
        case .overlap: StyleLook(.magenta, .bold)
        case .cropped: StyleLook(.red, .dim)
        case .extra: StyleLook(.blue)
        // Default foreground rather than white, so formulas stay readable on light backgrounds.
        case .formula: StyleLook(nil, .bold)
        case .result: StyleLook(.green, .bold)
        case .emphasis: StyleLook(nil, .bold)
        case .warning: StyleLook(.red, .bold)
        case .receptive: StyleLook(.cyan, .reverse)
        case .compare: StyleLook(.yellow, .reverse)
        case .selected: StyleLook(nil, .reverse)
        }
    }

    static func monoLook(_ style: Style) -> StyleLook {
        switch style {
        case .normal, .label, .visited, .frame: StyleLook()
        case .dim, .rule, .keyBar, .padding, .hole, .ghost, .uncovered, .pending, .cropped: StyleLook(nil, .dim)
        case .title, .keyName, .tap, .scatter, .formula, .result, .emphasis: StyleLook(nil, .bold)
        case .window, .extra, .paddingTap: StyleLook(nil, .underline)
        case .overlap, .warning: StyleLook(nil, [.bold, .underline])
        case .current: StyleLook(nil, [.reverse, .bold])
        case .selected: StyleLook(nil, .reverse)
        case .receptive: StyleLook(nil, [.reverse, .underline])
        case .compare: StyleLook(nil, [.reverse, .bold, .underline])
        }
    }
}
