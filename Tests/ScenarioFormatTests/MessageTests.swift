import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// Every message of a scenario file, a layer's rules and the command line's setup (`Sources/ScenarioFormat/Messages`
/// and `GeometryRule`), said in English as before and in Chinese without a forgotten English sentence.
@Suite struct MessageTests {
    /// One sample: the case, what it says in each language, and the English of old.
    struct Sample: CustomTestStringConvertible {
        let value: any Sendable
        let english: String
        let chinese: String
        let old: String
        var testDescription: String { old }
    }

    static func samples<M: Sendable>(_ list: [(M, String)], _ text: (M, Language) -> String) -> [Sample] {
        list.map { Sample(value: $0.0, english: text($0.0, .en), chinese: text($0.0, .zh), old: $0.1) }
    }

    static let all: [Sample] = {
        let s = MessageSamples.self
        let problems: [(ScenarioProblem, String)] =
            s.files + s.syntaxInFiles + s.types.map { (.field($0.0), $0.1) } + s.fields.map { (.field($0.0), $0.1) }
            + s.shapes.map { (.shape($0.0), $0.1) } + s.topics.map { (.topic($0.0), $0.1) }
            + s.rules.map { (.layer($0.0), $0.1) }
        return samples(problems) { $0.text($1) } + samples(s.syntax) { $0.text($1) }
            + samples(s.commands) { $0.text($1) } + samples(s.usage) { $0.text($1) }
            + samples(s.flags) { $0.text($1) }
    }()

    @Test func englishIsAsBefore() {
        for sample in Self.all {
            #expect(sample.english == sample.old)
        }
    }

    @Test func chineseHasNoEnglishBeyondItsIdentifiers() {
        for sample in Self.all {
            let allowed = Self.identifiers.union(Self.strings(in: sample.value).flatMap(Self.latinWords))
            let foreign = Self.latinWords(sample.chinese).filter { !allowed.contains($0) }
            #expect(foreign.isEmpty, "\(foreign) in \(sample.chinese)")
            #expect(sample.chinese.unicodeScalars.contains { $0.properties.isIdeographic }, "\(sample.chinese)")
            #expect(sample.chinese != sample.english)
        }
    }

    /// Chinese prose takes full-width punctuation: no ASCII comma, semicolon, colon, question mark or
    /// parenthesis touches a Chinese character.
    @Test func chinesePunctuationIsFullWidth() {
        for sample in Self.all {
            let scalars = Array(sample.chinese.unicodeScalars)
            for (i, c) in scalars.enumerated() where ",;:?()".unicodeScalars.contains(c) {
                let before = i > 0 && scalars[i - 1].properties.isIdeographic
                let after = i + 1 < scalars.count && scalars[i + 1].properties.isIdeographic
                #expect(!before && !after, "'\(c)' in \(sample.chinese)")
            }
        }
    }

    /// The example of the issue: the file name and the JSON path as they are, the message in Chinese.
    @Test func oneLineErrorKeepsNameAndPath() {
        let ragged = ScenarioError(
            kind: .invalid, file: "bad.json", place: .path("input[0]"),
            problem: .shape(.raggedRow(row: "1", count: 1, expected: 2)))
        #expect(ragged.line(.zh) == "bad.json: input[0]: 第 1 行有 1 个数，应为 2 个")
        #expect(ragged.line(.en) == "bad.json: input[0]: row 1 has 1 number, expected 2")
        #expect(ragged.description == ragged.line(.en))
        let syntax = ScenarioError(
            kind: .invalid, file: "bad.json", place: .position(line: 3, column: 7),
            problem: .syntax(.badNumber(.leadingZeros)))
        #expect(syntax.line(.zh) == "bad.json: 第 3 行第 7 列: 数字不能有前导零")
        #expect(syntax.line(.en) == "bad.json: line 3, column 7: numbers must not have leading zeros")
        let top = ScenarioError(
            kind: .invalid, file: "bad.json", place: .topLevel, problem: .field(.wrongType(.text, found: .array)))
        #expect(top.line(.en) == "bad.json: (top level): expected a string or {\"en\": …, \"zh\": …}, found an array")
        #expect(top.detail(.zh) == "（顶层）: 应为字符串或 {\"en\": …, \"zh\": …}，实际是数组")
    }

    /// The parser's English lines are read back into their cases (so said again in Chinese); lines that are not
    /// quite one of them are left alone, as the parser wrote them.
    @Test func parserLinesReadBack() {
        for (message, line) in MessageSamples.usage {
            #expect(UsageMessage(parserLine: line) == message, "\(line)")
        }
        #expect(UsageMessage(parserLine: "2 unexpected arguments: '', ''") == .unexpectedArguments(["", ""]))
        #expect(UsageMessage(parserLine: "The value 'a\nb' is invalid for '--width <COLS>'")?.text(.zh) != nil)
        for line in [
            "2 unexpected arguments: 'a', 'b', ''", "Unknown option '--x'. Did you mean",
            "Missing value for '--w' in '-wx'\n   or: more",
            "The value 'x' is invalid for '--n <N>': not a number", "2 unexpected arguments: 'a'",
            "Missing required subcommand.", "Unexpected argument 'b' and more", "",
        ] {
            #expect(UsageMessage(parserLine: line) == nil, "\(line)")
        }
    }

    /// Every case of every message enum has a sample: adding a case without one fails here.
    @Test func everyCaseHasASample() throws {
        let sampled = Self.all.reduce(into: Set<String>()) { $0.formUnion(Self.cases(in: $1.value)) }
        let declared = try Self.declaredCases()
        #expect(declared.count > 150, "the scan found the message enums")
        #expect(declared.subtracting(sampled).sorted() == [])
    }
}

extension MessageTests {
    /// Words a Chinese message may keep in Latin letters without being given them: the format's field names and
    /// values, placeholders of its notation, JSON's and Python's literals, names of tools and encodings.
    static let identifiers: Set<String> = [
        "title", "op", "input", "kernel", "bias", "stride", "padding", "dilation", "output_padding", "notes", "topic",
        "receptive_field", "layers", "compare", "shape", "fill", "seed", "range", "en", "zh", "conv", "transposed",
        "valid", "same", "full", "ones", "index", "random", "comment", "lo", "hi", "k", "s", "d", "h", "w", "C", "H",
        "W", "K", "S", "N", "kh", "kw", "C_in", "C_out", "HxW", "CxHxW", "DIR", "JSON", "UTF", "NUL", "FIFO", "MiB",
        "PyTorch", "ConvTranspose2d", "TensorFlow", "SAME", "ceil", "NaN", "Infinity", "None", "Python", "null",
        "true", "false", "undefined", "b", "f", "n", "r", "t", "u", "uXXXX", "FILE", "Right", "Left", "Home", "End",
        "Tab", "Space", "Enter", "Esc",
    ]

    /// The words in Latin letters (a letter, then letters, digits and underscores), leaving out flags (`--force`),
    /// code points (`U+201C`) and numbers (`0xE9`, `1x2`).
    static func latinWords(_ text: String) -> [String] {
        let tokens = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || "_+-".contains($0))) }
        return tokens.flatMap { token -> [Substring] in
            if token.hasPrefix("--") || token.hasPrefix("U+") || token.first?.isNumber == true { return [] }
            return token.split { $0 == "-" || $0 == "+" }.filter { $0.first?.isLetter == true }
        }.map(String.init)
    }

    /// The strings a message was given (field names, paths, values as written), found in its arguments.
    static func strings(in value: Any) -> [String] {
        if let s = value as? String { return [s] }
        if let b = value as? UInt8, (0x21..<0x7F).contains(b) { return [String(UnicodeScalar(b))] }
        return Mirror(reflecting: value).children.flatMap { strings(in: $0.value) }
    }

    /// The cases a value is made of, nested ones too: `FieldProblem.wrongType`, `Expectation.text`, `Found.number`.
    static func cases(in value: Any) -> Set<String> {
        let mirror = Mirror(reflecting: value)
        var found = Set<String>()
        if mirror.displayStyle == .enum {
            let name = mirror.children.first?.label ?? String(describing: value)
            found.insert("\(type(of: value)).\(name)")
        }
        for child in mirror.children { found.formUnion(cases(in: child.value)) }
        return found
    }
}

extension MessageTests {
    /// The cases declared by the message enums, read from their sources: `Type.case` for each name after `case` at
    /// the top level of an enum's body.
    static func declaredCases() throws -> Set<String> {
        let messages = repoRoot.appendingPathComponent("Sources/ScenarioFormat/Messages")
        let files =
            try FileManager.default.contentsOfDirectory(at: messages, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" } + [
                repoRoot.appendingPathComponent("Sources/ConvModel/GeometryRule.swift")
            ]
        var declared = Set<String>()
        for file in files {
            var enums: [(name: String, depth: Int)] = []
            var depth = 0
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                let code = withoutStrings(line)
                let words = code.split(separator: " ")
                if let i = words.firstIndex(of: "enum"), i + 1 < words.count {
                    enums.append((String(words[i + 1].prefix { $0.isLetter || $0.isNumber }), depth + 1))
                }
                if let current = enums.last, current.depth == depth, words.first == "case",
                    words.count > 1, words[1].first?.isLowercase == true
                {
                    for name in caseNames(code) { declared.insert("\(current.name).\(name)") }
                }
                depth += code.filter { $0 == "{" }.count - code.filter { $0 == "}" }.count
                while let current = enums.last, current.depth > depth { enums.removeLast() }
            }
        }
        return declared
    }

    /// A line without its string literals and its comment.
    static func withoutStrings(_ line: Substring) -> String {
        var out = ""
        var inString = false
        var escaped = false
        for c in line {
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            if c == "\"" {
                inString = true
            } else if c == "/" && out.hasSuffix("/") {
                return String(out.dropLast())
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The names in `case a(Int), b, c(x: Int)`.
    static func caseNames(_ code: String) -> [String] {
        var names: [String] = []
        var name = ""
        var parentheses = 0
        for c in code.drop(while: { $0 == " " }).dropFirst("case".count) {
            if c == "(" { parentheses += 1 }
            if c == ")" { parentheses -= 1 }
            if parentheses == 0 && (c.isLetter || c.isNumber) { name.append(c) }
            if parentheses > 0 || c == "," || c == " " || c == ")" {
                if !name.isEmpty { names.append(name) }
                name = ""
            }
        }
        if !name.isEmpty { names.append(name) }
        return names
    }
}
