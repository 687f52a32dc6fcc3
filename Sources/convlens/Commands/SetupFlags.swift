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
    let message: String
    init(_ message: String) { self.message = message }

    /// Runs `body`; a `SetupError` is printed as one line and ends the program with 64 (EX_USAGE).
    static func reported<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as SetupError {
            printError("convlens: " + error.message)
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
        guard let v = numbers(text, upTo: 2) else {
            throw SetupError("\(flag): expected a whole number or HxW (e.g. 2 or 1x2), not '\(text)'")
        }
        return v.count == 1 ? Pair(both: v[0]) : Pair(v[0], v[1])
    }

    /// `--input`: `N` (N×N), `HxW` or `CxHxW`; the channels and the size.
    static func input(_ text: String) throws -> (channels: Int, size: Pair) {
        guard let v = numbers(text, upTo: 3) else {
            throw SetupError("--input: expected N, HxW or CxHxW (e.g. 5, 5x7 or 3x5x5), not '\(text)'")
        }
        switch v.count {
        case 1: return (1, Pair(both: v[0]))
        case 2: return (1, Pair(v[0], v[1]))
        default: return (v[0], Pair(v[1], v[2]))
        }
    }

    /// The flag a `Limits` error is about, from the scenario field it names.
    static func flag(for error: GeometryError) -> String {
        switch error.field {
        case "kernel" where error.message.contains("filters"): "--filters"
        case "kernel" where error.message.contains("multiply–adds") || error.message.contains("output would"):
            "the setup"
        case "output_padding": "--output-padding"
        default: "--" + error.field
        }
    }
}

extension SetupValue {
    /// `--op conv|transposed`.
    static func op(_ text: String) throws -> Op {
        guard let op = Op(rawValue: text) else {
            let names = Op.allCases.map(\.rawValue).joined(separator: " or ")
            throw SetupError("--op: expected \(names), not '\(text)'")
        }
        return op
    }

    /// `--fill random|index|ones` with `--seed N` (random only).
    static func fill(_ text: String, seed: UInt64?) throws -> Fill {
        switch text {
        case "random": return .random(seed: seed ?? 0)
        case "index", "ones":
            if seed != nil { throw SetupError("--seed applies to --fill random only") }
            return text == "ones" ? .ones : .index
        default: throw SetupError("--fill: expected random, index or ones, not '\(text)'")
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
