import ConvModel
import ScenarioFormat

/// The name of a lens, as typed after `play --view` and kept in the state. Each lens declares its own name
/// as a static member in its file (`LensName.conv`), so adding a lens touches no shared enum.
public struct LensName: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

/// What Tab does in a lens.
public enum TabMeaning: Equatable, Sendable {
    /// Step whole windows ↔ single taps (multiply–adds), staying on the same window; in the field view, which
    /// stack is in front, staying on the same step. Either way the lens's own toggle (`State.tapMode`).
    case toggleTaps
    /// Open the next lens the scenario offers (a related view of the same idea).
    case nextLens
}

/// One output cell: filter, row and column. Switching lenses keeps the place through it: the cell the old lens's
/// step is about is the cell the new lens opens on.
public struct OutputCell: Equatable, Sendable {
    public let filter: Int, row: Int, col: Int
    public init(filter: Int, row: Int, col: Int) {
        self.filter = filter
        self.row = row
        self.col = col
    }
}

/// What a lens needs to draw one frame.
public struct Frame {
    public let slide: Slide
    public let timeline: Timeline
    /// The step shown, within the timeline.
    public let step: Int
    public let language: Language
    /// ASCII only (no UTF-8 locale): formulas write `floor(…)` instead of ⌊…⌋.
    public var ascii = false
    /// The state's Tab toggle: taps instead of windows, or (field view) the comparison stack in front.
    public var tapMode = false
    /// The most columns of a sum's terms that can show: four rows of the screen (`wrappedLine` cuts a longer sum
    /// to its first rows and " + … = v"). A lens writes a long sum's terms only this far (`TextBytes.append
    /// (products:columns:_:)`); the rows shown are the same.
    public var sumColumns = Int.max
}

/// A way of showing a scenario: a view of the explainer. A lens knows which scenarios it applies to, the
/// steps it walks through, what it draws at each step, what Tab means in it, and how a click on an output
/// cell maps to a step. `Lenses.all` lists them in the order `v` cycles through.
///
/// Adding a lens is one new file (a type conforming to `Lens`, with its `LensName` constant) plus one line in
/// `Lenses.all`.
public protocol Lens: Sendable {
    /// The short lowercase name (`conv`, `scatter`, …) used by `play --view` and the state.
    var name: LensName { get }
    /// One line saying what the lens shows, for `--help`.
    var summary: String { get }
    /// True when the lens can show `slide` (its op, its extra data).
    func applies(to slide: Slide) -> Bool
    /// True when a scenario of `topic` should open in this lens.
    func opens(_ topic: Topic) -> Bool
    /// The steps of the lens for `slide`.
    func timeline(_ slide: Slide, tapMode: Bool) -> Timeline
    /// The panels, lines and narration of one frame, with every compact form's panels tagged.
    func content(_ frame: Frame) -> ViewContent
    /// What Tab does here.
    var tab: TabMeaning { get }
    /// The key-bar word for Tab.
    func tabWord(tapMode: Bool) -> Word
    /// The output cell step `step` is about, if any (for keeping the place when switching lenses).
    func outputCell(at step: Int, slide: Slide, timeline: Timeline) -> OutputCell?
    /// The step that computes output cell (filter, row, col), when the lens has one; nil ignores the click.
    func step(forOutput filter: Int, row: Int, col: Int, slide: Slide, timeline: Timeline) -> Int?
    /// False for a lens whose steps are the same for every filter (the checkerboard counts stamps, whatever the
    /// filter): its `outputCell` says filter 0, and a view change passes on the filter the one before it came from.
    var stepsNameAFilter: Bool { get }
}

extension Lens {
    public func opens(_ topic: Topic) -> Bool { false }
    public var tab: TabMeaning { .nextLens }
    public func step(forOutput filter: Int, row: Int, col: Int, slide: Slide, timeline: Timeline) -> Int? { nil }
    public func outputCell(at step: Int, slide: Slide, timeline: Timeline) -> OutputCell? { nil }
    public var stepsNameAFilter: Bool { true }
}

/// The registry of lenses, in the order `v` cycles through them.
public enum Lenses {
    public static let all: [any Lens] = [
        ConvLens(),
        WeightsLens(),
        ScatterLens(),
        UpsampleLens(),
        FieldLens(),
        Im2colLens(),
        MatrixLens(),
        CheckerboardLens(),
    ]

    /// The lens called `name`, if there is one.
    public static func named(_ name: LensName) -> (any Lens)? {
        all.first { $0.name == name }
    }

    /// The lens called `name`; the first lens for an unknown name (the state only holds registered names).
    static func lens(_ name: LensName) -> any Lens {
        named(name) ?? all[0]
    }

    /// Every lens name, in order.
    public static var names: [LensName] { all.map(\.name) }
}

/// Labels a step writes again and again ("channel 2", " of 3", "w[0][2]", a parameter count), remembered by what
/// decides them: a kind (a `Word`'s ordinal, or a negative number for a label written in code), the language and
/// up to six numbers. Each label is a pure function of its key, so render stays pure; a step of a lens with many
/// panels would otherwise fill a dozen word templates and format their numbers again.
struct LabelKey: Hashable {
    let kind: Int
    /// The language, as a number (an exhaustive switch: a new language must be numbered here).
    let language: UInt8
    let a: Int, b: Int, c: Int, d: Int, e: Int, f: Int

    /// The fields mixed into one word first: one `combine` instead of eight (a step looks up a label per panel).
    func hash(into hasher: inout Hasher) {
        let first = kind &* 0x1E37_79B9_7F4A_7C15 ^ Int(language)
        hasher.combine(hashMix(hashMix(hashMix(hashMix(hashMix(hashMix(first, a), b), c), d), e), f))
    }
}

/// `x` with `v` mixed in, for keys that hash their fields as one word (one `Hasher.combine` instead of one per
/// field: a frame looks up labels, notes and layouts by such keys).
@inline(__always)
func hashMix(_ x: Int, _ v: Int) -> Int { (x ^ v) &* 0x0100_0000_01B3 &+ 0x2545_F491 }

extension Language {
    /// 0 for English, 1 for Chinese: a language in a hashed key.
    var number: Int {
        switch self {
        case .en: 0
        case .zh: 1
        }
    }
}

enum Labels {
    static let shared = BoundedCache<LabelKey, String>(limit: 1024)

    /// The label of `kind` (negative: written in code) with numbers `a`…`f`, made by `make` the first time.
    static func text(
        _ kind: Int, _ t: Language, _ a: Int, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0, _ e: Int = 0, _ f: Int = 0,
        make: () -> String
    ) -> String {
        let key = LabelKey(kind: kind, language: UInt8(t.number), a: a, b: b, c: c, d: d, e: e, f: f)
        if let text = shared[key] { return text }
        let text = make()
        shared[key] = text
        return text
    }
}

/// The kinds of `Labels` written in code, not by a `Word` (negative, so never an ordinal).
enum LabelKind {
    /// "D2 = K = 3", by K.
    static let depth = -1
    /// The weight-sharing lens's parameter lines, by the kernel's and the layer's sizes.
    static let convParameters = -3
    static let denseParameters = -4
    /// The weight-sharing ratio, by the layer's `ParameterCount`.
    static let sharingRatio = -2
}

extension Language {
    /// `self(word, n)`, remembered (`Labels`).
    func label(_ word: Word, _ n: Int) -> String {
        Labels.text(word.ordinal, self, n) { self(word, n) }
    }
}
