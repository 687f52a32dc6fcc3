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
