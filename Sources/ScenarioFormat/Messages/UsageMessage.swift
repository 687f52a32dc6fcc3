/// What swift-argument-parser says when a command line does not parse (an unknown option, a missing value, a value
/// that is not one of the choices), read back from its English line so that a Chinese-speaking user reads it in
/// Chinese too. The parser's own text is English only; `init?(parserLine:)` recognises the messages a `convlens`
/// command line can cause, and the English `text` is the parser's line as it was. A line it does not recognise
/// is left as the parser wrote it.
public enum UsageMessage: Equatable, Sendable {
    /// `option` as typed; `suggestion`: the parser's "Did you mean" option.
    case unknownOption(String, suggestion: String?)
    /// `option` with its value's name: `--width <COLS>`.
    case missingValue(String)
    /// `choices`: the values the option takes, when it lists them; empty when it does not.
    case invalidValue(String, option: String, choices: [String])
    /// Arguments after the ones the command takes, as typed.
    case unexpectedArguments([String])
    /// A required argument or option missing: `--input <SIZE>`.
    case missingArgument(String)
    /// A flag given a value: `--force=yes`.
    case takesNoValue(option: String, value: String)
    case invalidOption(String)

    public func text(_ l: Language) -> String {
        switch self {
        case .unknownOption(let option, let suggestion):
            l.say("Unknown option '\(option)'", "未知的选项 '\(option)'")
                + (suggestion.map { l.say(". Did you mean '\($0)'?", "。是不是想用 '\($0)'？") } ?? "")
        case .missingValue(let option): l.say("Missing value for '\(option)'", "选项 '\(option)' 缺少值")
        case .invalidValue(let value, let option, let choices):
            l.say("The value '\(value)' is invalid for '\(option)'", "'\(value)' 不是 '\(option)' 可以取的值")
                + (choices.isEmpty
                    ? ""
                    : l.say(
                        ". Please provide one of \(Self.english(choices)).",
                        "；可以取 " + l.names(choices.map { "'\($0)'" })))
        case .unexpectedArguments(let values) where values.count == 1:
            l.say("Unexpected argument '\(values[0])'", "多余的参数 '\(values[0])'")
        case .unexpectedArguments(let values):
            l.say(
                "\(values.count) unexpected arguments: '\(values.joined(separator: "', '"))'",
                "\(values.count) 个多余的参数：" + l.names(values.map { "'\($0)'" }))
        case .missingArgument(let name): l.say("Missing expected argument '\(name)'", "缺少参数 '\(name)'")
        case .takesNoValue(let option, let value):
            l.say(
                "The option '\(option)' does not take any value, but '\(value)' was specified.",
                "选项 '\(option)' 不带值，却给了 '\(value)'。")
        case .invalidOption(let option): l.say("Invalid option: \(option)", "无效的选项：\(option)")
        }
    }

    /// The parser's list of choices: 'a' and 'b'; 'a', 'b' or 'c'.
    private static func english(_ choices: [String]) -> String {
        let quoted = choices.map { "'\($0)'" }
        return quoted.count <= 2
            ? quoted.joined(separator: " and ") : quoted.dropLast().joined(separator: ", ") + " or \(quoted.last!)"
    }

    /// The message of the parser's `line` (without its "Error: "), nil when it is not one of these.
    public init?(parserLine line: String) {
        func between(_ text: Substring, _ open: String, _ close: String) -> (Substring, rest: Substring)? {
            guard text.hasPrefix(open), let end = text.dropFirst(open.count).firstRange(of: close) else { return nil }
            return (text[text.index(text.startIndex, offsetBy: open.count)..<end.lowerBound], text[end.upperBound...])
        }
        let s = Substring(line)
        if let (option, rest) = between(s, "Unknown option '", "'") {
            if rest.isEmpty {
                self = .unknownOption(String(option), suggestion: nil)
            } else if let (suggestion, end) = between(rest, ". Did you mean '", "'?"), end.isEmpty {
                self = .unknownOption(String(option), suggestion: String(suggestion))
            } else {
                return nil
            }
        } else if s.hasPrefix("Missing value for '"), s.hasSuffix("'"), !s.contains("\n") {
            self = .missingValue(String(s.dropFirst("Missing value for '".count).dropLast()))
        } else if let (value, rest) = between(s, "The value '", "' is invalid for '"),
            let end = rest.firstRange(of: "'")
        {
            let tail = rest[end.upperBound...]
            let choices = Self.choices(tail)
            guard tail.isEmpty || choices != nil else { return nil }
            self = .invalidValue(String(value), option: String(rest[..<end.lowerBound]), choices: choices ?? [])
        } else {
            self.init(arguments: s)
        }
    }

    /// The messages about arguments and values of flags.
    private init?(arguments s: Substring) {
        if let (value, rest) = Self.quoted(s, "Unexpected argument '"), rest.isEmpty {
            self = .unexpectedArguments([String(value)])
        } else if let colon = s.firstRange(of: " unexpected arguments: '"), let n = Int(s[..<colon.lowerBound]),
            s.hasSuffix("'")
        {
            let values = s[colon.upperBound..<s.index(before: s.endIndex)].split(
                separator: "', '", omittingEmptySubsequences: false)
            guard values.count == n else { return nil }
            self = .unexpectedArguments(values.map(String.init))
        } else if let (name, rest) = Self.quoted(s, "Missing expected argument '"), rest.isEmpty {
            self = .missingArgument(String(name))
        } else if let (option, rest) = Self.quoted(s, "The option '"),
            rest.hasPrefix(" does not take any value, but '"),
            rest.hasSuffix("' was specified.")
        {
            let value = rest.dropFirst(" does not take any value, but '".count).dropLast("' was specified.".count)
            self = .takesNoValue(option: String(option), value: String(value))
        } else if s.hasPrefix("Invalid option: ") {
            self = .invalidOption(String(s.dropFirst("Invalid option: ".count)))
        } else {
            return nil
        }
    }

    /// The text after `open` up to the next ', and what follows that quote.
    private static func quoted(_ s: Substring, _ open: String) -> (Substring, rest: Substring)? {
        guard s.hasPrefix(open) else { return nil }
        let body = s.dropFirst(open.count)
        guard let end = body.firstIndex(of: "'") else { return nil }
        return (body[..<end], body[body.index(after: end)...])
    }

    /// The values of ". Please provide one of 'a' and 'b'." (the parser's list), nil when `tail` is not that.
    private static func choices(_ tail: Substring) -> [String]? {
        let open = ". Please provide one of '"
        guard tail.hasPrefix(open), tail.hasSuffix("'.") else { return nil }
        let list = tail.dropFirst(open.count - 1).dropLast()
        let values = list.split(separator: "'").enumerated().filter { $0.offset % 2 == 0 }.map { String($0.element) }
        let parsed = UsageMessage.invalidValue("", option: "", choices: values)
        // Read back only when the list is said again as it was (no quote inside a value).
        guard parsed.text(.en) == "The value '' is invalid for ''" + tail else { return nil }
        return values
    }
}
