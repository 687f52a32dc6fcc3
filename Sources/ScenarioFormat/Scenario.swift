import ConvModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text a teacher writes in English, Chinese or both.
public struct Localized: Equatable, Sendable {
    public var en: String?
    public var zh: String?

    public init(en: String? = nil, zh: String? = nil) {
        self.en = en
        self.zh = zh
    }

    /// The text in `language`, falling back to the other one.
    public func text(_ language: Language = .en) -> String {
        switch language {
        case .en: en ?? zh ?? ""
        case .zh: zh ?? en ?? ""
        }
    }
}

/// Which view a scenario opens in.
public enum Topic: String, Sendable, CaseIterable {
    case padding, stride, dilation, channels, transposed
    case receptiveField = "receptive_field"
    case weightSharing = "weight_sharing"
    /// A transposed convolution's overlap counts (opens in the checkerboard view).
    case checkerboard
}

/// How the padding was written, for the size formula on screen.
public enum PaddingMode: String, Sendable {
    case explicit, valid, same, full
}

/// A teaching scenario: a layer with its data, its narration and the view it opens in.
public struct Scenario: Sendable {
    /// The path the scenario was read from, as given (its bytes need not be UTF-8).
    public let name: FileName
    /// The path as text (invalid UTF-8 replaced), for JSON output and comparisons.
    public var file: String { name.string }
    public let title: Localized
    public let notes: Localized?
    public let topic: Topic
    public let paddingMode: PaddingMode
    public let layer: ConvLayer
    /// The stack whose receptive field is drawn, and the optional stack it is compared with.
    public let receptiveField: ReceptiveField?
    public let compareField: ReceptiveField?

    public init(
        name: FileName, title: Localized, notes: Localized?, topic: Topic, paddingMode: PaddingMode,
        layer: ConvLayer, receptiveField: ReceptiveField?, compareField: ReceptiveField?
    ) {
        self.name = name
        self.title = title
        self.notes = notes
        self.topic = topic
        self.paddingMode = paddingMode
        self.layer = layer
        self.receptiveField = receptiveField
        self.compareField = compareField
    }
}

/// A problem with a scenario file, printed as `FILE: PATH: message`.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem: the caller decides what each means (the CLI maps them to exit statuses).
    public enum Kind: Equatable, Sendable {
        /// The file or directory is missing, cannot be opened, or is not a regular file (a directory, a FIFO, a
        /// device, a socket).
        case unreadable
        /// The file was opened but reading it failed part way (an I/O error).
        case readFailed
        /// The bytes were read but are not a valid scenario: size, encoding, syntax, fields, limits.
        case invalid
        /// A file could not be written: it exists (and replacing it was not asked for), or its directory refuses
        /// a new file.
        case cannotCreate
        /// Writing a file failed part way (a full disk, an I/O error); the old file, if any, is untouched.
        case writeFailed
    }

    public let kind: Kind
    /// The file's name as given, exactly (its bytes need not be UTF-8).
    public let name: FileName
    /// Where in the file: a JSON path, a line and column, or nowhere (an error about the file itself).
    public let place: Place
    /// What is wrong, with its arguments; said in a language by `problem.text(_:)`.
    public let problem: ScenarioProblem

    /// Where an error lies in a file.
    public enum Place: Equatable, Sendable {
        /// The file as a whole.
        case file
        /// A JSON path (`kernel[0][1]`), shown as it is in every language.
        case path(String)
        /// The JSON value as a whole: "(top level)".
        case topLevel
        /// A syntax error's line and column, 1-based.
        case position(line: Int, column: Int)

        /// The place in `l`; "" for `.file`.
        public func text(_ l: Language) -> String {
            switch self {
            case .file: ""
            case .path(let path): path
            case .topLevel: l.say("(top level)", "（顶层）")
            case .position(let line, let column): l.say("line \(line), column \(column)", "第 \(line) 行第 \(column) 列")
            }
        }
    }

    public init(kind: Kind, name: FileName, place: Place = .file, problem: ScenarioProblem) {
        self.kind = kind
        self.name = name
        self.place = place
        self.problem = problem
    }

    public init(kind: Kind, file: String, place: Place = .file, problem: ScenarioProblem) {
        self.init(kind: kind, name: FileName(file), place: place, problem: problem)
    }

    /// The file's name as text (invalid UTF-8 replaced), for JSON output and comparisons.
    public var file: String { name.string }

    /// `PATH: message` (or the message alone) in `l`: the error without the file's name, as the picker shows it.
    public func detail(_ l: Language) -> String {
        let at = place.text(l)
        return at.isEmpty ? problem.text(l) : "\(at): \(problem.text(l))"
    }

    /// The error on one line in `l`, `FILE: PATH: message`: the name shown with its control characters and
    /// invalid bytes escaped, the path as it is, the message in `l`.
    public func line(_ l: Language) -> String { "\(name): \(detail(l))" }

    /// The error on one line, in English.
    public var description: String { line(.en) }
}

extension Scenario {
    /// Reads, parses and validates a scenario file. Never traps on bad input, never blocks: a path that is not a
    /// regular file is refused with what it is.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        try load(name: FileName(path))
    }

    /// `load(path:)` for a name given as bytes (a name that is not UTF-8 still opens).
    public static func load(name: FileName) throws(ScenarioError) -> Scenario {
        // Read at most one byte past the limit, so a huge file is never loaded whole.
        let bytes = try FileAccess.readFile(name, limit: Limits.fileBytes)
        return try decode(bytes, name: name)
    }

    /// Parses and validates scenario JSON; `file` names it in error messages.
    public static func decode(_ bytes: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        try decode(bytes, name: FileName(file))
    }

    /// `decode(_:file:)` with the file's name as bytes.
    public static func decode(_ bytes: [UInt8], name: FileName) throws(ScenarioError) -> Scenario {
        func invalid(_ problem: FileProblem) -> ScenarioError {
            ScenarioError(kind: .invalid, name: name, problem: .file(problem))
        }
        guard bytes.count <= Limits.fileBytes else { throw invalid(.tooLarge) }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard !body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { throw invalid(.empty) }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes, maxDepth: Limits.jsonDepth)
        } catch {
            throw ScenarioError(
                kind: .invalid, name: name, place: .position(line: error.line, column: error.column),
                problem: .syntax(error.problem))
        }
        return try ScenarioDecoder(name: name).scenario(root)
    }
}
