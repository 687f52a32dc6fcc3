import ArgumentParser
import ConvModel
import ScenarioFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A setup flag with a value that is not a number, or a setup that breaks a rule: one line, exit 64.
struct SetupError: Error {
    let message: CommandMessage
    init(_ message: CommandMessage) { self.message = message }

    /// Runs `body`; a `SetupError` is printed as one line in `language` and ends the program with 64 (EX_USAGE).
    static func reported<T>(in language: Language, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SetupError {
            printError("convlens: " + error.message.text(language))
            throw ExitCode.usage
        }
    }
}

/// The values of the setup flags of `try` and `solve`: `5`, `5x7`, `3x5x5`, `valid`/`same`/`full`.
enum SetupValue {
    /// Whole numbers separated by `x` (or `×`), `count` of them at most; a one-number value is used on every
    /// axis. nil when the text is not that.
    static func numbers(_ text: String, upTo count: Int) -> [Int]? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "×", omittingEmptySubsequences: false) }
        guard (1...count).contains(parts.count) else { return nil }
        let values = parts.map { Int(trimmingSpaces($0)) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return values.compactMap { $0 }
    }

    /// `N` (both axes) or `HxW`.
    static func pair(_ text: String, flag: String) throws -> Pair {
        guard let v = numbers(text, upTo: 2) else { throw SetupError(.notPair(flag: flag, value: text)) }
        return v.count == 1 ? Pair(both: v[0]) : Pair(v[0], v[1])
    }

    /// `--input`: `N` (N×N), `HxW` or `CxHxW`; the channels and the size.
    static func input(_ text: String) throws -> (channels: Int, size: Pair) {
        guard let v = numbers(text, upTo: 3) else { throw SetupError(.badInput(text)) }
        switch v.count {
        case 1: return (1, Pair(both: v[0]))
        case 2: return (1, Pair(v[0], v[1]))
        default: return (v[0], Pair(v[1], v[2]))
        }
    }

    /// The flag a `Limits` error is about: the scenario field it names, the filters for their count, the whole
    /// setup for the output's numbers and the work.
    static func flag(for error: GeometryError) -> CommandMessage.SetupFlag {
        switch (error.field, error.rule) {
        case ("kernel", .countTooSmall(_, .filters)), ("kernel", .countOver(_, .filters, _)): .named("--filters")
        case ("kernel", .multiplyAdds), ("kernel", .outputElements): .wholeSetup
        case ("output_padding", _): .named("--output-padding")
        default: .named("--" + error.field)
        }
    }
}

extension SetupValue {
    /// `--op conv|transposed`.
    static func op(_ text: String) throws -> Op {
        guard let op = Op(rawValue: text) else { throw SetupError(.badOp(text, ops: Op.allCases.map(\.rawValue))) }
        return op
    }

    /// `--fill random|index|ones` with `--seed N` (random only).
    static func fill(_ text: String, seed: UInt64?) throws -> Fill {
        switch text {
        case "random": return .random(seed: seed ?? 0)
        case "index", "ones":
            if seed != nil { throw SetupError(.seedWithoutRandom) }
            return text == "ones" ? .ones : .index
        default: throw SetupError(.badFill(text, fills: ["random", "index", "ones"]))
        }
    }
}

/// `text` without the spaces and tabs around it: what Foundation's `trimmingCharacters(in: .whitespaces)` removes
/// (general category Zs and U+0009), without Foundation.
func trimmingSpaces(_ text: Substring) -> Substring {
    func isSpace(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }), let last = scalars.lastIndex(where: { !isSpace($0) })
    else { return text[text.endIndex...] }
    return Substring(scalars[first...last])
}
