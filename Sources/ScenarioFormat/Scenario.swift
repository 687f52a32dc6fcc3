import ConvModel
import Foundation

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
}

/// How the padding was written, for the size formula on screen.
public enum PaddingMode: String, Sendable {
    case explicit, valid, same, full
}

/// A teaching scenario: a layer with its data, its narration and the view it opens in.
public struct Scenario: Sendable {
    /// The path the scenario was read from, as given.
    public let file: String
    public let title: Localized
    public let notes: Localized?
    public let topic: Topic
    public let paddingMode: PaddingMode
    public let layer: ConvLayer
    /// The stack whose receptive field is drawn, and the optional stack it is compared with.
    public let receptiveField: ReceptiveField?
    public let compareField: ReceptiveField?
}

/// A problem with a scenario file, printed as `FILE: PATH: message`.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem: the caller decides what each means (the CLI maps them to exit statuses).
    public enum Kind: Equatable, Sendable {
        /// The file or directory is missing, or cannot be opened or read.
        case unreadable
        /// The bytes were read but are not a valid scenario: size, encoding, syntax, fields, limits.
        case invalid
    }

    public let kind: Kind
    public let file: String
    /// The JSON path (`kernel[0][1]`), or `line L, column C` for a syntax error; empty for file errors.
    public let path: String
    public let message: String

    public init(kind: Kind, file: String, path: String, message: String) {
        self.kind = kind
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}

extension Scenario {
    /// Reads, parses and validates a scenario file. Never traps on bad input.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        func unreadable(_ message: String) -> ScenarioError {
            ScenarioError(kind: .unreadable, file: path, path: "", message: message)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw unreadable("no such file")
        }
        guard !isDir.boolValue else {
            throw unreadable("is a directory, expected a scenario file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw unreadable("cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit, so a huge file is never loaded whole.
        let data: Data
        do {
            data = try handle.read(upToCount: Limits.fileBytes + 1) ?? Data()
        } catch {
            throw unreadable("cannot be read (\(error.localizedDescription))")
        }
        return try decode(Array(data), file: path)
    }

    /// Parses and validates scenario JSON; `file` names it in error messages.
    public static func decode(_ bytes: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        func invalid(_ path: String, _ message: String) -> ScenarioError {
            ScenarioError(kind: .invalid, file: file, path: path, message: message)
        }
        guard bytes.count <= Limits.fileBytes else {
            throw invalid("", "the file is larger than the 1 MiB limit")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard !body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw invalid("", "the file is empty, expected a JSON object")
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes, maxDepth: Limits.jsonDepth)
        } catch {
            throw invalid("line \(error.line), column \(error.column)", message(error))
        }
        return try ScenarioDecoder(file: file).scenario(root)
    }

    /// A syntax error's message; a number out of a Double's range gets the scenario's own range added.
    private static func message(_ error: JSONSyntaxError) -> String {
        switch error.kind {
        case .syntax: error.message
        case .numberOutOfRange: error.message + "; " + Limits.magnitudeRule
        }
    }
}
