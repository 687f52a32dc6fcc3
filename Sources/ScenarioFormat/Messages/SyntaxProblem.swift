/// Why a text is not JSON (or not UTF-8): the message of a `JSONSyntaxError`.
public enum SyntaxProblem: Equatable, Sendable {
    /// The file starts with a UTF-16 byte-order mark.
    case utf16
    case nulByte
    /// This byte starts no valid UTF-8 sequence.
    case notUTF8(UInt8)
    /// Something after the one JSON value.
    case trailingData(Token)
    /// `found` where `expected` belongs (`afterComma`: right after a comma), with a hint for the usual slips.
    case unexpected(Token, expected: SyntaxExpectation, afterComma: Bool, hint: SyntaxHint?)
    /// The text ends too soon.
    case endOfFile(EndOfFile)
    /// Arrays and objects nested deeper than this.
    case tooDeep(Int)
    /// NaN or Infinity.
    case notANumber
    /// A word (as written) that is not a JSON value.
    case word(String, WordProblem)
    case duplicateKey(String)
    case lineBreakInString
    /// A control character (this byte) inside a string.
    case controlInString(UInt8)
    /// A backslash followed by this byte.
    case invalidEscape(UInt8)
    case unpairedSurrogate
    case invalidHexDigit
    /// A number that is cut short or has leading zeros.
    case badNumber(NumberProblem)
    /// A well-formed number (as written, cut to 40 characters) outside the range of a Double.
    case numberOutOfRange(String)

    /// What a word in place of a value is, named after its usual origin.
    public enum WordProblem: Equatable, Sendable {
        case pythonNone, nullCase, boolCase, undefined
        /// The start of this literal (`tru`).
        case cutOff(String)
        /// Text without quotes where a value belongs.
        case unquotedValue
        /// Text without quotes where a key belongs.
        case unquotedKey
    }

    /// What is wrong inside a number.
    public enum NumberProblem: Equatable, Sendable {
        case digitAfterMinus, digitAfterDot, digitInExponent, leadingZeros
    }

    public func text(_ l: Language) -> String {
        switch self {
        case .utf16:
            l.say(
                "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8",
                "文件是 UTF-16 文本（以 UTF-16 字节顺序标记开头）；请另存为 UTF-8")
        case .nulByte:
            l.say(
                "the file contains a NUL byte; it looks like UTF-16 or binary data, not UTF-8 JSON text",
                "文件里有 NUL 字节；看起来是 UTF-16 或二进制数据，而不是 UTF-8 的 JSON 文本")
        case .notUTF8(let b):
            l.say(
                "the file is not valid UTF-8 text (\(Token.byte(b).text(l))); save it as UTF-8",
                "文件不是有效的 UTF-8 文本（\(Token.byte(b).text(l))）；请另存为 UTF-8")
        case .trailingData(let t):
            l.say("unexpected \(t.text(l)) after the end of the JSON value", spaced("JSON 值结束后出现了多余的", t.text(l)))
        case .unexpected(let t, let e, let afterComma, let hint):
            l.say(
                "unexpected \(t.text(l))\(afterComma ? " after ','" : ""), expected \(e.text(l))",
                spaced("\(afterComma ? "',' 后面" : "")出现了意外的", t.text(l)) + "，" + spaced("应为", e.text(l)))
                + (hint.map { l.say("; ", "；") + $0.text(l) } ?? "")
        case .endOfFile(let end): end.text(l)
        case .tooDeep(let n): l.say("nesting deeper than \(n) levels", "嵌套超过 \(n) 层")
        case .notANumber:
            l.say("NaN and Infinity are not JSON numbers; write a finite number", "NaN 和 Infinity 不是 JSON 数字；请写一个有限的数")
        case .word(let w, let problem): problem.text(shown(w, limit: 20), l)
        case .duplicateKey(let key): l.say("duplicate key '\(shown(key))'", "重复的键 '\(shown(key))'")
        case .lineBreakInString, .controlInString, .invalidEscape, .unpairedSurrogate, .invalidHexDigit, .badNumber,
            .numberOutOfRange:
            stringText(l)
        }
    }

    /// The problems inside strings and numbers (`text` says the others).
    private func stringText(_ l: Language) -> String {
        let escapes = "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
        switch self {
        case .lineBreakInString:
            return l.say(
                "line break inside a string; is its closing '\"' missing? (in text, write a line break as \\n)",
                "字符串里有换行；是不是少了结尾的 '\"'？（文字中的换行请写成 \\n）")
        case .controlInString(let b):
            let tab = b == 0x09
            return l.say(
                "control character \(Token.byte(b).text(l)) inside a string"
                    + (tab ? " (write a tab as \\t)" : " (escape it)"),
                "字符串里有控制字符（\(Token.byte(b).text(l))）；" + (tab ? "制表符请写成 \\t" : "请转义"))
        case .invalidEscape(let b):
            let printable = b >= 0x21 && b < 0x7F
            let escape = "\\" + String(UnicodeScalar(b))
            return l.say(
                "invalid escape \(printable ? escape : "\\ followed by " + Token.byte(b).text(l)); the escapes are ",
                "无效的转义 \(printable ? escape : "\\ 后面跟" + Token.byte(b).text(l))；可用的转义有 ") + escapes
        case .unpairedSurrogate: return l.say("unpaired surrogate in \\u escape", "\\u 转义中有不成对的代理项")
        case .invalidHexDigit: return l.say("invalid hex digit in \\u escape", "\\u 转义中有无效的十六进制数字")
        case .badNumber(let p): return p.text(l)
        case .numberOutOfRange(let number): return l.say("number \(number) is out of range", "数字 \(number) 超出范围")
        case .utf16, .nulByte, .notUTF8, .trailingData, .unexpected, .endOfFile, .tooDeep, .notANumber, .word,
            .duplicateKey:
            return text(l)
        }
    }
}

/// A character of the text as a syntax error names it.
public enum Token: Equatable, Sendable {
    /// A byte: `'x'` when it is printable ASCII, else `byte 0x0A`.
    case byte(UInt8)
    /// A character beyond ASCII: `'é' (U+00E9)`.
    case character(Unicode.Scalar)
    /// A typographic quote: `curly quote '“' (U+201C)`.
    case curlyQuote(Unicode.Scalar)

    public func text(_ l: Language) -> String {
        switch self {
        case .byte(let b):
            if b == UInt8(ascii: "'") { return "\"'\"" }
            if b >= 0x21 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
            let hex = String(b, radix: 16, uppercase: true)
            return l.say("byte ", "字节 ") + "0x" + (hex.count < 2 ? "0" : "") + hex
        case .character(let c): return "'\(shown(String(c)))'" + l.say(" (\(code(c)))", "（\(code(c))）")
        case .curlyQuote(let c): return l.say("curly quote ", "弯引号 ") + Token.character(c).text(l)
        }
    }

    /// U+201C.
    private func code(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// What the parser expected where it found something else.
public enum SyntaxExpectation: Equatable, Sendable {
    case value, key, commaOrBrace, commaOrBracket, colonAfterKey, colon

    public func text(_ l: Language) -> String {
        switch self {
        case .value: l.say("a value", "一个值")
        case .key: l.say("a key in double quotes", "双引号括起来的键")
        case .commaOrBrace: l.say("',' or '}'", "',' 或 '}'")
        case .commaOrBracket: l.say("',' or ']'", "',' 或 ']'")
        case .colonAfterKey: l.say("':' after the key", "键后面的 ':'")
        case .colon: "':'"
        }
    }
}

/// The usual slip behind an unexpected character.
public enum SyntaxHint: Equatable, Sendable {
    case trailingComma, comments, straightQuotes, doubleQuotes, missingComma, plusSign, leadingDot

    public func text(_ l: Language) -> String {
        switch self {
        case .trailingComma: l.say("JSON allows no trailing comma", "JSON 不允许末尾多一个逗号")
        case .comments: l.say("JSON has no comments (use a \"comment\" field)", "JSON 没有注释（可以用 \"comment\" 字段）")
        case .straightQuotes: l.say("JSON needs straight double quotes (\")", "JSON 要用直双引号（\"）")
        case .doubleQuotes: l.say("JSON strings need double quotes (\")", "JSON 字符串要用双引号（\"）")
        case .missingComma: l.say("is a comma missing?", "是不是少了逗号？")
        case .plusSign: l.say("JSON numbers have no '+' sign", "JSON 数字前面不能有 '+' 号")
        case .leadingDot: l.say("write a digit before '.' (0.5)", "'.' 前面要写数字（0.5）")
        }
    }
}

/// Where the text ended too soon.
public enum EndOfFile: Equatable, Sendable {
    case expecting(SyntaxExpectation)
    case insideObject, insideString, inEscape, inNumber

    public func text(_ l: Language) -> String {
        switch self {
        case .expecting(let e): l.say("unexpected end of file, expected \(e.text(l))", spaced("文件意外结束，应为", e.text(l)))
        case .insideObject: l.say("unexpected end of file inside an object", "文件在对象内部意外结束")
        case .insideString: l.say("unexpected end of file inside a string", "文件在字符串内部意外结束")
        case .inEscape: l.say("unexpected end of file in \\u escape", "文件在 \\u 转义中意外结束")
        case .inNumber: l.say("unexpected end of file in a number", "文件在数字中间意外结束")
        }
    }
}

extension SyntaxProblem.WordProblem {
    /// The message about `word` (shown).
    func text(_ word: String, _ l: Language) -> String {
        let w = "'\(word)'"
        let invalid = l.say("invalid literal \(w)", "无效的字面量 \(w)")
        switch self {
        case .pythonNone:
            return invalid + l.say(": Python's None is written null in JSON", "：Python 的 None 在 JSON 里写作 null")
        case .nullCase: return invalid + l.say(": write null (lower case)", "：请写 null（小写）")
        case .boolCase:
            return invalid + l.say(": JSON's booleans are true and false (lower case)", "：JSON 的布尔值是 true 和 false（小写）")
        case .undefined:
            return invalid
                + l.say(
                    ": JSON has no undefined; write null or leave the field out", "：JSON 没有 undefined；请写 null，或删去这个字段")
        case .cutOff(let literal): return invalid + l.say(", expected '\(literal)'", "，应为 '\(literal)'")
        case .unquotedValue:
            return l.say(
                "unexpected word \(w), expected a value; write text in double quotes (\"\(word)\")",
                "出现了意外的单词 \(w)，应为一个值；文字要写在双引号里（\"\(word)\"）")
        case .unquotedKey:
            return l.say(
                "unexpected word \(w), expected a key in double quotes (\"\(word)\")",
                "出现了意外的单词 \(w)，应为双引号括起来的键（\"\(word)\"）")
        }
    }
}

extension SyntaxProblem.NumberProblem {
    public func text(_ l: Language) -> String {
        switch self {
        case .digitAfterMinus: l.say("invalid number: expected a digit after '-'", "无效的数字：'-' 后面应为数字")
        case .digitAfterDot: l.say("invalid number: expected a digit after '.'", "无效的数字：'.' 后面应为数字")
        case .digitInExponent: l.say("invalid number: expected a digit in the exponent", "无效的数字：指数部分应为数字")
        case .leadingZeros: l.say("numbers must not have leading zeros", "数字不能有前导零")
        }
    }
}
