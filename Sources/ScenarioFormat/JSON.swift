/// A parsed JSON value that remembers where it stood in the file, so that errors can point at it.
public struct JSONNode: Sendable {
    public enum Value: Sendable {
        case object([(key: String, node: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }
    public let value: Value
    public let line: Int
    public let column: Int

    /// The kind of value, for error messages ("found an array").
    public var found: Found {
        switch value {
        case .object: .object
        case .array: .array
        case .string: .string
        case .number: .number
        case .bool: .boolean
        case .null: .null
        }
    }

    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = value { return members.first { $0.key == key }?.node }
        return nil
    }
}

/// A syntax error with its 1-based line and column.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let column: Int
    /// What is wrong; a caller can add its own rules to some cases (a number out of range).
    public let problem: SyntaxProblem

    public init(line: Int, column: Int, problem: SyntaxProblem) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// The problem in English.
    public var message: String { problem.text(.en) }
}

/// A strict JSON parser (RFC 8259) over bytes: rejects duplicate keys, NaN/Infinity, numbers out of
/// Double range, invalid UTF-8, and nesting deeper than `maxDepth`; never recurses past that depth.
public struct JSONParser {
    private let bytes: [UInt8]
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    /// UTF-8 continuation bytes between `lineStart` and `pos`, so that columns count characters, not bytes.
    private var continuations = 0
    private let maxDepth: Int

    public static func parse(_ bytes: [UInt8], maxDepth: Int = 32) throws(JSONSyntaxError) -> JSONNode {
        var p = JSONParser(bytes: bytes, maxDepth: maxDepth)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            p.pos = 3
            p.lineStart = 3
        }
        try p.checkUTF8()
        p.skipSpace()
        let node = try p.value(depth: 1)
        p.skipSpace()
        if p.pos < bytes.count {
            throw p.error(.trailingData(.byte(bytes[p.pos])))
        }
        return node
    }

    private init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    private var column: Int { pos - lineStart - continuations + 1 }

    private func error(_ problem: SyntaxProblem) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, problem: problem)
    }

    /// The character at `pos` for a message: a non-ASCII one is decoded (the bytes are valid UTF-8 by then).
    private func character() -> Token {
        let b = bytes[pos]
        guard b >= 0x80 else { return .byte(b) }
        let n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
        guard pos + n <= bytes.count else { return .byte(b) }
        let scalar = String(decoding: bytes[pos..<pos + n], as: UTF8.self).unicodeScalars.first!
        return isCurlyQuote ? .curlyQuote(scalar) : .character(scalar)
    }

    /// True when `pos` holds a typographic quote (“ ” ‘ ’), as word processors and some editors type them.
    private var isCurlyQuote: Bool {
        pos + 2 < bytes.count && bytes[pos] == 0xE2 && bytes[pos + 1] == 0x80
            && (0x98...0x9D).contains(bytes[pos + 2])
    }

    /// "unexpected X, expected Y", with a hint for the usual slips: a trailing comma (`closer` right after a
    /// comma), a missing comma (a value right after a value), a comment, curly quotes.
    private func unexpected(
        _ expected: SyntaxExpectation, afterComma: Bool = false, afterValue: Bool = false,
        closer: UInt8? = nil
    ) -> JSONSyntaxError {
        let b = bytes[pos]
        func says(_ hint: SyntaxHint?, afterComma: Bool = false) -> JSONSyntaxError {
            error(.unexpected(character(), expected: expected, afterComma: afterComma, hint: hint))
        }
        if afterComma, let closer, b == closer { return says(.trailingComma, afterComma: true) }
        if b == UInt8(ascii: "/") { return says(.comments) }
        if isCurlyQuote { return says(.straightQuotes) }
        if b == UInt8(ascii: "'") { return says(.doubleQuotes) }
        let startsValue = Array("\"{[-0123456789tfn".utf8).contains(b)
        return says(afterValue && startsValue ? .missingComma : nil)
    }

    private mutating func checkUTF8() throws(JSONSyntaxError) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw JSONSyntaxError(line: 1, column: 1, problem: .utf16)
        }
        var i = pos
        var l = 1
        var chars = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0 {
                throw JSONSyntaxError(line: l, column: chars + 1, problem: .nulByte)
            }
            let n = utf8SequenceLength(bytes, at: i)
            guard n > 0 else {
                throw JSONSyntaxError(line: l, column: chars + 1, problem: .notUTF8(b))
            }
            chars += 1
            if b == 0x0A {
                l += 1
                chars = 0
            }
            i += n
        }
    }

    private mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0D:
                pos += 1
            case 0x0A:
                pos += 1
                line += 1
                lineStart = pos
                continuations = 0
            default:
                return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard pos < bytes.count else { throw error(.endOfFile(.expecting(.value))) }
        let (l, c) = (line, column)
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            guard depth <= maxDepth else { throw error(.tooDeep(maxDepth)) }
            return JSONNode(value: try object(depth: depth), line: l, column: c)
        case UInt8(ascii: "["):
            guard depth <= maxDepth else { throw error(.tooDeep(maxDepth)) }
            return JSONNode(value: try array(depth: depth), line: l, column: c)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try string()), line: l, column: c)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try number()), line: l, column: c)
        default:
            if let literal = try literal() { return JSONNode(value: literal, line: l, column: c) }
            let hints: [UInt8: SyntaxHint] = [UInt8(ascii: "+"): .plusSign, UInt8(ascii: "."): .leadingDot]
            if let hint = hints[bytes[pos]] {
                throw error(.unexpected(.byte(bytes[pos]), expected: .value, afterComma: false, hint: hint))
            }
            throw unexpected(.value)
        }
    }

    /// `true`, `false` or `null` at `pos`; nil when no word starts there; an error naming any other word.
    private mutating func literal() throws(JSONSyntaxError) -> JSONNode.Value? {
        let word = self.word()
        guard !word.isEmpty else { return nil }
        let literals: [(String, JSONNode.Value)] = [("true", .bool(true)), ("false", .bool(false)), ("null", .null)]
        for (text, value) in literals where word.hasPrefix(text) {
            pos += text.utf8.count
            return value
        }
        throw error(Self.notAValue(word))
    }

    /// The ASCII word (a letter, then letters, digits and underscores) at `pos`, or "".
    private func word() -> String {
        func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        guard pos < bytes.count, isLetter(bytes[pos]) else { return "" }
        var end = pos + 1
        while end < bytes.count, isLetter(bytes[end]) || (0x30...0x39).contains(bytes[end]) || bytes[end] == 0x5F {
            end += 1
        }
        return String(decoding: bytes[pos..<end], as: UTF8.self)
    }

    /// What is wrong with a word that stands where a value belongs, named after its usual origin: NaN and
    /// Infinity, Python's None/True/False, other spellings of null, JavaScript's undefined, a cut-off literal,
    /// or text without quotes.
    static func notAValue(_ word: String) -> SyntaxProblem {
        switch word.lowercased() {
        case "nan", "infinity", "inf": return .notANumber
        case "none": return .word(word, .pythonNone)
        case "null", "nil": return .word(word, .nullCase)
        case "true", "false": return .word(word, .boolCase)
        case "undefined": return .word(word, .undefined)
        default:
            if let literal = ["true", "false", "null"].first(where: { $0.hasPrefix(word) }) {
                return .word(word, .cutOff(literal))
            }
            return .word(word, .unquotedValue)
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        pos += 1
        var members: [(key: String, node: JSONNode)] = []
        var seen = Set<String>()
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard pos < bytes.count else { throw error(.endOfFile(.insideObject)) }
            guard bytes[pos] == UInt8(ascii: "\"") else {
                let word = self.word()
                if !word.isEmpty { throw error(.word(word, .unquotedKey)) }
                throw unexpected(.key, afterComma: !members.isEmpty, closer: UInt8(ascii: "}"))
            }
            let keyLine = line
            let keyColumn = column
            let key = try string()
            guard seen.insert(key).inserted else {
                throw JSONSyntaxError(line: keyLine, column: keyColumn, problem: .duplicateKey(key))
            }
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else {
                throw error(
                    pos < bytes.count
                        ? .unexpected(.byte(bytes[pos]), expected: .colonAfterKey, afterComma: false, hint: nil)
                        : .endOfFile(.expecting(.colon)))
            }
            pos += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard pos < bytes.count else { throw error(.endOfFile(.expecting(.commaOrBrace))) }
            switch bytes[pos] {
            case UInt8(ascii: ","):
                pos += 1
            case UInt8(ascii: "}"):
                pos += 1
                return .object(members)
            default:
                throw unexpected(.commaOrBrace, afterValue: true)
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        pos += 1
        var items: [JSONNode] = []
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(items)
        }
        while true {
            skipSpace()
            if !items.isEmpty && pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
                throw unexpected(.value, afterComma: true, closer: UInt8(ascii: "]"))
            }
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard pos < bytes.count else { throw error(.endOfFile(.expecting(.commaOrBracket))) }
            switch bytes[pos] {
            case UInt8(ascii: ","):
                pos += 1
            case UInt8(ascii: "]"):
                pos += 1
                return .array(items)
            default:
                throw unexpected(.commaOrBracket, afterValue: true)
            }
        }
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        pos += 1
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error(.endOfFile(.insideString)) }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                break
            }
            if b < 0x20 {
                throw error(b == 0x0A || b == 0x0D ? .lineBreakInString : .controlInString(b))
            }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                pos += 1
                if b & 0xC0 == 0x80 { continuations += 1 }
                continue
            }
            pos += 1
            out.append(contentsOf: try escape())
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of the escape after a backslash (`pos` is just past the backslash).
    private mutating func escape() throws(JSONSyntaxError) -> [UInt8] {
        guard pos < bytes.count else { throw error(.endOfFile(.insideString)) }
        let e = bytes[pos]
        pos += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [e]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "u"): return try unicodeEscape()
        default:
            pos -= 1
            throw error(.invalidEscape(e))
        }
    }

    /// The UTF-8 bytes of a `\uXXXX` escape, joining a surrogate pair.
    private mutating func unicodeEscape() throws(JSONSyntaxError) -> [UInt8] {
        var cp = try hex4()
        if cp >= 0xD800 && cp < 0xDC00 {
            let lowFollows =
                pos + 1 < bytes.count && bytes[pos] == UInt8(ascii: "\\")
                && bytes[pos + 1] == UInt8(ascii: "u")
            guard lowFollows else {
                throw error(.unpairedSurrogate)
            }
            pos += 2
            let low = try hex4()
            guard low >= 0xDC00 && low < 0xE000 else { throw error(.unpairedSurrogate) }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00)
        } else if cp >= 0xDC00 && cp < 0xE000 {
            throw error(.unpairedSurrogate)
        }
        return Array(String(Character(UnicodeScalar(UInt32(cp))!)).utf8)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> Int {
        guard pos + 4 <= bytes.count else { throw error(.endOfFile(.inEscape)) }
        var v = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: Int
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = Int(b) - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = Int(b) - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = Int(b) - 55
            default: throw error(.invalidHexDigit)
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = pos
        func digits(_ p: inout Int, _ bytes: [UInt8]) -> Int {
            let s = p
            while p < bytes.count && bytes[p] >= 0x30 && bytes[p] <= 0x39 { p += 1 }
            return p - s
        }
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count else { throw error(.endOfFile(.inNumber)) }
        let word = self.word()
        if !word.isEmpty {
            throw error(
                ["nan", "infinity", "inf"].contains(word.lowercased()) ? .notANumber : .badNumber(.digitAfterMinus))
        }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count && bytes[pos] >= 0x30 && bytes[pos] <= 0x39 {
                throw error(.badNumber(.leadingZeros))
            }
        } else if digits(&pos, bytes) == 0 {
            throw error(.badNumber(.digitAfterMinus))
        }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            if digits(&pos, bytes) == 0 { throw error(.badNumber(.digitAfterDot)) }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            if digits(&pos, bytes) == 0 { throw error(.badNumber(.digitInExponent)) }
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard let v = Double(text), v.isFinite else {
            pos = start
            let shownText = text.prefix(40) + (text.count > 40 ? "…" : "")
            throw error(.numberOutOfRange(String(shownText)))
        }
        return v
    }
}

/// The length of the valid UTF-8 sequence that starts at `i` (1 to 4 bytes), or 0 when the bytes there are not
/// valid UTF-8 (a stray continuation byte, an overlong form, a surrogate, a value past U+10FFFF, a cut sequence).
func utf8SequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
    let b = bytes[i]
    let n: Int
    if b < 0x80 {
        return 1
    } else if b & 0xE0 == 0xC0 && b >= 0xC2 {
        n = 2
    } else if b & 0xF0 == 0xE0 {
        n = 3
    } else if b & 0xF8 == 0xF0 && b <= 0xF4 {
        n = 4
    } else {
        return 0
    }
    guard i + n <= bytes.count else { return 0 }
    for j in 1..<n where bytes[i + j] & 0xC0 != 0x80 { return 0 }
    if n == 3 {
        let cp = (Int(b & 0x0F) << 12) | (Int(bytes[i + 1] & 0x3F) << 6)
        if cp < 0x800 || (cp >= 0xD800 && cp < 0xE000) { return 0 }
    }
    if n == 4 {
        let cp = (Int(b & 0x07) << 18) | (Int(bytes[i + 1] & 0x3F) << 12)
        if cp < 0x10000 || cp > 0x10FFFF { return 0 }
    }
    return n
}

/// A string from a file or the command line as it appears in a message or a listing: on one line, with nothing
/// a terminal would act on. Control characters (C0, DEL, C1, so the escape character too), the line separators
/// U+2028/2029 and the bidirectional overrides and isolates (U+202A–202E, U+2066–2069, which reorder what follows
/// on the line) are escaped as in JSON, and the text is cut to `limit` characters (nil: no cut).
/// Every user-controlled string that reaches the terminal goes through here.
public func shown(_ s: String, limit: Int? = 40) -> String {
    shown(bytes: Array(s.utf8), limit: limit)
}

/// `shown` for bytes that may not be UTF-8 (a file name): an invalid byte is shown as `\xFF`.
public func shown(bytes: [UInt8], limit: Int? = 40) -> String {
    // Printable ASCII (the catalog's names, most titles) is shown as it is: one copy, not a string per character.
    if bytes.allSatisfy({ (0x20...0x7E).contains($0) }) {
        guard let limit, limit >= 0, bytes.count > limit else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes[..<limit], as: UTF8.self) + "…"
    }
    var out = ""
    var count = 0
    var i = 0
    while i < bytes.count {
        if count == limit {
            out += "…"
            break
        }
        count += 1
        let n = utf8SequenceLength(bytes, at: i)
        guard n > 0 else {
            let hex = String(bytes[i], radix: 16, uppercase: true)
            out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            i += 1
            continue
        }
        let scalar =
            n == 1 ? Unicode.Scalar(bytes[i]) : String(decoding: bytes[i..<i + n], as: UTF8.self).unicodeScalars.first!
        out += escaped(scalar)
        i += n
    }
    return out
}

/// One character for `shown`: itself, or its JSON escape when a terminal would act on it.
private func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": return "\\n"
    case "\t": return "\\t"
    case "\r": return "\\r"
    default:
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v) || v == 0x2028 || v == 0x2029
            || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        {
            let hex = String(v, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return String(scalar)
    }
}
