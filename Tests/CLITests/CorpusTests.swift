import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// One row of Corpus/expected.tsv: a malformed (or deliberately fine) scenario file, the exit status
/// `convlens validate FILE` must end with, and the one line it must print on stderr (`FILE` = the path as
/// passed). An empty line means the file is fine: stdout is `FILE: ok` and stderr is empty.
struct CorpusCase: Sendable, CustomTestStringConvertible {
    let file: String
    let status: Int32
    let line: String
    var testDescription: String { file }
}

/// Files made at test time instead of committed: too big for the repository, or not files at all.
enum Generated: String, CaseIterable {
    case hugeFile = "huge-file.json"  // 1 MiB + 1 byte: over the limit
    case hugeFileAtLimit = "huge-file-at-limit.json"  // exactly 1 MiB: fine
    case directory = "directory.json"
    case missingFile = "missing-file.json"
    case unreadableFile = "unreadable-file.json"  // chmod 000

    /// Makes the file (or not) in `dir` and returns its path.
    func make(in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(rawValue)
        let fm = FileManager.default
        switch self {
        case .hugeFile, .hugeFileAtLimit:
            let size = Limits.fileBytes + (self == .hugeFile ? 1 : 0)
            var bytes = Array(try Data(contentsOf: corpusDir.appendingPathComponent("ok-crlf.json")))
            // Blank space before the closing brace: still one valid scenario, just a large one.
            let brace = try #require(bytes.lastIndex(of: UInt8(ascii: "}")))
            bytes.insert(contentsOf: [UInt8](repeating: 0x20, count: size - bytes.count), at: brace)
            try Data(bytes).write(to: url)
            #expect(bytes.count == size)
        case .directory:
            try fm.createDirectory(at: url, withIntermediateDirectories: true)
        case .missingFile:
            break
        case .unreadableFile:
            try Data(contentsOf: corpusDir.appendingPathComponent("ok-crlf.json")).write(to: url)
            try fm.setAttributes([.posixPermissions: 0], ofItemAtPath: url.path)
        }
        return url.path
    }
}

@Suite struct CorpusTests {
    static let cases: [CorpusCase] = {
        let url = corpusDir.appendingPathComponent("expected.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { row in
            guard !row.hasPrefix("#") else { return nil }
            let cols = row.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard cols.count == 3, let status = Int32(cols[1]) else {
                return CorpusCase(file: String(row), status: -1, line: "malformed row")
            }
            return CorpusCase(file: cols[0], status: status, line: cols[2])
        }
    }()
    static let committed = cases.filter { Generated(rawValue: $0.file) == nil }
    static let generated = cases.filter {
        Generated(rawValue: $0.file) != nil && $0.file != Generated.unreadableFile.rawValue
    }

    /// Checks one run of `validate` against a row.
    func check(_ c: CorpusCase, path: String) throws {
        let run = try convlens(["validate", path])
        #expect(!run.timedOut, "\(c.file) timed out")
        #expect(run.status == c.status, "\(c.file): \(run)")
        if c.line.isEmpty {
            #expect(run.stdout == "\(path): ok\n", "\(c.file): \(run)")
            #expect(run.stderr == "", "\(c.file): \(run)")
        } else {
            #expect(run.stderr == c.line.replacingOccurrences(of: "FILE", with: path) + "\n", "\(c.file)")
            #expect(run.stdout == "", "\(c.file): \(run)")
        }
    }

    @Test func corpusIsCompleteAndWellFormed() throws {
        #expect(Self.cases.count >= 40)
        #expect(!Self.cases.contains { $0.status < 0 }, "malformed rows in expected.tsv")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpusDir.path)
        let onDisk = Set(names.filter { $0.hasSuffix(".json") })
        let listed = Set(Self.committed.map(\.file))
        #expect(onDisk.subtracting(listed).sorted() == [], "corpus files without a row in expected.tsv")
        #expect(listed.subtracting(onDisk).sorted() == [], "rows in expected.tsv without a corpus file")
        #expect(Set(Self.cases.map(\.file)).count == Self.cases.count, "duplicate rows")
        for g in Generated.allCases {
            #expect(Self.cases.contains { $0.file == g.rawValue }, "no row for \(g.rawValue)")
        }
        // Every error line names the file first and is one line; every bad file has one.
        for c in Self.cases where c.status != 0 {
            #expect(c.line.hasPrefix("FILE: "), "\(c.file)")
            #expect(!c.line.contains("\n") && !c.line.contains("\r"), "\(c.file)")
        }
        for c in Self.cases where c.status == 0 { #expect(c.line.isEmpty, "\(c.file)") }
    }

    @Test(arguments: committed) func committedFile(_ c: CorpusCase) throws {
        try check(c, path: corpusDir.appendingPathComponent(c.file).path)
    }

    @Test(arguments: generated) func generatedFile(_ c: CorpusCase) throws {
        try withTemporaryDirectory { dir in
            let path = try Generated(rawValue: c.file)!.make(in: dir)
            try check(c, path: path)
        }
    }

    /// Tests run as root in CI containers, and root reads any file whatever its mode: then there is
    /// nothing to test.
    @Test(.enabled(if: geteuid() != 0, "root can read a chmod 000 file"))
    func unreadableFile() throws {
        let c = try #require(Self.cases.first { $0.file == Generated.unreadableFile.rawValue })
        try withTemporaryDirectory { dir in
            try check(c, path: try Generated.unreadableFile.make(in: dir))
        }
    }

    /// Several files in one run: one line per file in order, and the exit status of the first failure.
    @Test func severalFilesInOneRun() throws {
        try withTemporaryDirectory { dir in
            let names = ["ok-bom.json", "syntax-trailing-comma.json", "ok-crlf.json", "shape-bias-length.json"]
            let paths = names.map { corpusDir.appendingPathComponent($0).path }
            let missing = dir.appendingPathComponent("missing.json").path
            let run = try convlens(["validate"] + paths + [missing])
            #expect(run.status == 65, "\(run)")
            #expect(run.stdoutLines == ["\(paths[0]): ok", "\(paths[2]): ok"])
            let lines = run.stderr.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(run)")
            let expected = [1, 3].map { i in
                Self.cases.first { $0.file == names[i] }!.line.replacingOccurrences(of: "FILE", with: paths[i])
            }
            #expect(Array(lines.prefix(2)) == expected)
            #expect(lines.last == "\(missing): no such file")
            // A missing file first: its 66 wins.
            let first = try convlens(["validate", missing, paths[1]])
            #expect(first.status == 66, "\(first)")
        }
    }

    /// `eval` rejects the same files with the same lines, and prints nothing on stdout for them.
    @Test func evalRejectsLikeValidate() throws {
        for c in Self.committed.filter({ $0.status != 0 }).prefix(12) {
            let path = corpusDir.appendingPathComponent(c.file).path
            let run = try convlens(["eval", path])
            #expect(run.status == c.status, "\(c.file): \(run)")
            #expect(run.stderr == c.line.replacingOccurrences(of: "FILE", with: path) + "\n", "\(c.file)")
            #expect(run.stdout == "")
        }
    }
}
