import ConvModel

// What every message of `Messages/` is made with. A message is a case with its arguments (numbers, field names,
// paths), said in English or Chinese by its `text(_:)`; both sentences of a case stand side by side there.
// Chinese prose uses full-width punctuation, digits for numbers, and keeps field names, JSON and file names as
// they are written.

extension Language {
    /// `en` or `zh`, whichever this language is; only that one is built.
    public func say(_ en: @autoclosure () -> String, _ zh: @autoclosure () -> String) -> String {
        switch self {
        case .en: en()
        case .zh: zh()
        }
    }

    /// "a, b or c" / "a、b 或 c" (`and`: "and" / "和").
    func list(_ items: [String], and: Bool = false) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        let head = items.dropLast()
        return say(
            head.joined(separator: ", ") + (and ? " and " : " or ") + last,
            head.joined(separator: "、") + (and ? " 和 " : " 或 ") + last)
    }

    /// Items as a list of names: "a, b, c" / "a、b、c".
    func names(_ items: [String]) -> String { items.joined(separator: say(", ", "、")) }
}

/// "H×W", both sides written even when they are equal (unlike `Pair.description`).
func size(_ p: Pair) -> String { "\(p.h)×\(p.w)" }

/// A shape's sides joined by ×: "16×256×256".
func shape(_ sides: [Int]) -> String { sides.map(String.init).joined(separator: "×") }

/// The range every number of a scenario lies in, for messages: "±1000000".
let magnitudeText = "±" + Num.format(Limits.magnitude)
