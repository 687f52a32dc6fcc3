import ArgumentParser
import ScenarioFormat

/// `--lang en|zh`: a value outside the cases is a usage error that lists them.
extension Language: ExpressibleByArgument {
    /// The cases' names, as the parser's default would list them, without its key-path walk (a runtime
    /// instantiation on every start-up, help or not).
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }

    /// No case has a description of its own (the parser's default finds none either, after building a
    /// dictionary type at run time on every start-up).
    public static var allValueDescriptions: [String: String] { [:] }
}

extension Language {
    /// The language the program speaks, for the explainer and for every error line about a scenario or a setup:
    /// `flag` (`--lang`) when given, else the locale's (LC_ALL, LC_MESSAGES, LANG): Chinese for zh*, else English.
    static func chosen(_ flag: Language? = nil) -> Language {
        if let flag {
            return flag
        }
        func set(_ name: String) -> String? { environmentValue(name).flatMap { $0.isEmpty ? nil : $0 } }
        let locale = set("LC_ALL") ?? set("LC_MESSAGES") ?? environmentValue("LANG") ?? ""
        return locale.hasPrefix("zh") ? .zh : .en
    }

    /// The language of a command line that did not parse: its `--lang` (`--lang zh`, `--lang=zh`) when that names
    /// one, else the locale's.
    static func chosen(arguments: ArraySlice<String>) -> Language {
        var flag: Language?
        var previous = ""
        for argument in arguments {
            if argument == "--" { break }
            if previous == "--lang" {
                flag = Language(rawValue: argument) ?? flag
            } else if argument.hasPrefix("--lang=") {
                flag = Language(rawValue: String(argument.dropFirst("--lang=".count))) ?? flag
            }
            previous = argument
        }
        return chosen(flag)
    }
}
