import ConvModel

/// What is wrong with a scenario file, or with reading or writing one: the message of a `ScenarioError`, a case
/// per message with its arguments, said in English or Chinese by `text(_:)`.
public enum ScenarioProblem: Equatable, Sendable {
    /// The file cannot be found, opened or read, or is empty or too large.
    case file(FileProblem)
    /// The text is not JSON (or not UTF-8).
    case syntax(SyntaxProblem)
    /// A field has the wrong type, name or value.
    case field(FieldProblem)
    /// The input, the kernel or a generator has the wrong shape.
    case shape(ShapeProblem)
    /// The topic or a receptive-field stack does not fit the scenario.
    case topic(TopicProblem)
    /// The layer breaks a rule of `Limits` or of the geometry.
    case layer(GeometryRule)
    /// A scenario or a result cannot be written.
    case output(OutputProblem)

    /// The message in `l`: English as files and tests have always read it, or Chinese.
    public func text(_ l: Language) -> String {
        switch self {
        case .file(let p): p.text(l)
        case .syntax(.numberOutOfRange(let number)):
            // A number out of a Double's range gets the scenario's own range added.
            SyntaxProblem.numberOutOfRange(number).text(l) + l.say("; ", "；") + magnitudeRule(l)
        case .syntax(let p): p.text(l)
        case .field(let p): p.text(l)
        case .shape(let p): p.text(l)
        case .topic(let p): p.text(l)
        case .layer(let rule): rule.text(l)
        case .output(let p): p.text(l)
        }
    }
}

/// "numbers must be within ±1000000": the rule every number of a scenario follows.
func magnitudeRule(_ l: Language) -> String {
    l.say("numbers must be within \(magnitudeText)", "数字必须在 \(magnitudeText) 以内")
}

/// What a JSON value turned out to be, where another was expected.
public enum Found: Equatable, Sendable {
    case object, array, string, number, boolean, null
    /// An array of this many values (where two were expected).
    case arrayOf(Int)

    public func text(_ l: Language) -> String {
        switch self {
        case .object: l.say("an object", "对象")
        case .array: l.say("an array", "数组")
        case .string: l.say("a string", "字符串")
        case .number: l.say("a number", "数字")
        case .boolean: l.say("a boolean", "布尔值")
        case .null: "null"
        case .arrayOf(let n): l.say("an array of \(n)", "含 \(n) 项的数组")
        }
    }
}

/// A field's type, name or value is wrong (the JSON path says which field).
public enum FieldProblem: Equatable, Sendable {
    /// "expected X, found Y".
    case wrongType(Expectation, found: Found)
    case missing(Expectation)
    /// A top-level field the format does not have; `known` are the fields it has.
    case unknownField(known: [String])
    /// A field of a block that does not have it; `known` are the fields it has.
    case unknownFieldOf(known: [String])
    /// A field a generator object does not have; `known` are the fields it has.
    case unknownGeneratorField(known: [String])
    /// A word that names nothing (an op, a padding, a fill, a topic), as written.
    case unknownWord(Vocabulary, String, expected: Expectation)
    /// A key of a text that is not a language; `languages` are the codes.
    case unknownLanguage(languages: [String])
    /// A text object without any language.
    case noLanguage(languages: [String])
    case textTooLong(Int, limit: Int)
    case controlCharacter
    /// A number (as written) outside ±`Limits.magnitude`.
    case outOfRange(String)
    /// A number (as written) below its range.
    case tooSmall(String, negative: Bool, expected: Expectation)
    case notWhole(String, expected: Expectation)
    /// A number (as written) over its limit.
    case overLimit(String, limit: Int)
    /// `[h, w]` with another count of numbers.
    case pairLength(Int)
    case outputPaddingOnConv

    /// What an unknown word was meant to name.
    public enum Vocabulary: Equatable, Sendable {
        case op, padding, fill, topic
    }

    public func text(_ l: Language) -> String {
        switch self {
        case .wrongType(let e, let found):
            l.say(
                "expected \(e.text(l)), found \(found.text(l))", spaced("应为", e.text(l)) + spaced("，实际是", found.text(l))
            )
        case .missing(let e): l.say("missing; expected \(e.text(l))", spaced("缺少此字段；应为", e.text(l)))
        case .unknownField(let known):
            l.say("unknown field; expected one of ", "未知字段；可用的字段：") + l.names(known)
        case .unknownFieldOf(let known):
            l.say("unknown field; expected \(l.list(known))", spaced("未知字段；应为", l.list(known)))
        case .unknownGeneratorField(let known):
            l.say("unknown field; a generator has ", "未知字段；生成器的字段是 ") + l.list(known, and: true)
        case .unknownWord(let what, let word, let e):
            l.say(
                "unknown \(what.english) '\(shown(word))'; expected \(e.text(l))",
                "未知的\(what.chinese) '\(shown(word))'；" + spaced("应为", e.text(l)))
        case .unknownLanguage(let codes):
            l.say("unknown language; expected ", "未知语言；应为 ") + l.list(codes.map(quoted))
        case .noLanguage(let codes):
            l.say(
                "expected at least one of \(l.list(codes.map(quoted), and: true))",
                "至少要有 \(l.list(codes.map(quoted))) 之一")
        case .textTooLong(let n, let limit): l.say("is \(n) characters long", "长 \(n) 个字符") + overLimitClause(limit, l)
        case .controlCharacter:
            l.say(
                "contains a control character; only printable text and line breaks are allowed",
                "含有控制字符；只允许可打印的文字和换行")
        case .outOfRange, .tooSmall, .notWhole, .overLimit, .pairLength, .outputPaddingOnConv: numberText(l)
        }
    }

    /// The problems of a number and of output_padding (`text` says the others).
    private func numberText(_ l: Language) -> String {
        switch self {
        case .outOfRange(let v): l.say("\(v) is out of range; ", "\(v) 超出范围；") + magnitudeRule(l)
        case .tooSmall(let v, let negative, let e): tooSmallClause(v, negative: negative, l) + expected(e, l)
        case .notWhole(let v, let e): l.say("\(v) is not a whole number; ", "\(v) 不是整数；") + expected(e, l)
        case .overLimit(let v, let limit): isOverLimit(v, limit, l)
        case .pairLength(let n): l.say("has \(n) number(s), expected 2: [h, w]", "有 \(n) 个数，应为 2 个：[h, w]")
        case .outputPaddingOnConv:
            l.say(
                "applies to transposed convolution only; set \"op\": \"transposed\" or remove it",
                "只用于转置卷积；请设 \"op\": \"transposed\"，或删去此字段")
        case .wrongType, .missing, .unknownField, .unknownFieldOf, .unknownGeneratorField, .unknownWord,
            .unknownLanguage, .noLanguage, .textTooLong, .controlCharacter:
            text(l)
        }
    }
}

extension FieldProblem.Vocabulary {
    var english: String {
        switch self {
        case .op: "op"
        case .padding: "padding"
        case .fill: "fill"
        case .topic: "topic"
        }
    }

    var chinese: String {
        switch self {
        case .op: "运算"
        case .padding: "填充写法"
        case .fill: "生成方式"
        case .topic: "主题"
        }
    }
}

/// "expected X" / "应为X".
func expected(_ e: Expectation, _ l: Language) -> String { l.say("expected \(e.text(l))", spaced("应为", e.text(l))) }

/// `"s"`, quoted as JSON writes a string.
func quoted(_ s: String) -> String { "\"\(s)\"" }

/// `a` then `b`, with a space between them where a Chinese character meets a Latin letter, a digit or a sign
/// (`应为 "conv"`, `应为 ±1000000 以内的整数`, but `应为整数` and `数组，实际是`).
func spaced(_ a: String, _ b: String) -> String {
    guard let x = a.unicodeScalars.last, let y = b.unicodeScalars.first else { return a + b }
    func isHan(_ s: Unicode.Scalar) -> Bool { s.properties.isIdeographic }
    // Full-width punctuation (，；：（）) and spaces need no space beside them.
    func isOther(_ s: Unicode.Scalar) -> Bool {
        !isHan(s) && s != " " && !(0x3000...0x303F).contains(s.value) && !(0xFF00...0xFFEF).contains(s.value)
    }
    return (isHan(x) && isOther(y)) || (isOther(x) && isHan(y)) ? a + " " + b : a + b
}
