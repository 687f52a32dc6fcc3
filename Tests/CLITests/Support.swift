import Foundation
import Testing

/// The repository root, found from this file's path, so tests never depend on the working directory.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let corpusDir = repoRoot.appendingPathComponent("Tests/CLITests/Corpus")
let catalogDir = repoRoot.appendingPathComponent("Scenarios")

/// The real `convlens` binary: `$CONVLENS_BIN`, else the one beside this test bundle (same build
/// directory and configuration), else `<repo>/.build/debug/convlens`. `swift test` builds it.
let convlensBinary: String = {
    let env = ProcessInfo.processInfo.environment
    if let path = env["CONVLENS_BIN"], !path.isEmpty { return path }
    var candidates: [String] = []
    if let exe = CommandLine.arguments.first, !exe.isEmpty {
        var dir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
        // macOS runs tests from inside an .xctest bundle: climb out of it.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("convlens").path) {
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(dir.appendingPathComponent("convlens").path)
    }
    candidates.append(repoRoot.appendingPathComponent(".build/debug/convlens").path)
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
}()

/// What one run of the binary printed, and how it ended.
struct Run: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    let timedOut: Bool
    /// Killed by a signal (a trap, SIGPIPE): `status` is then the signal's number.
    var signalled = false
    var stdoutLines: [String] {
        stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
    var description: String {
        let how = (timedOut ? " (timed out)" : "") + (signalled ? " (signal)" : "")
        return "status \(status)\(how)\nstdout: \(stdout)\nstderr: \(stderr)"
    }
}

/// Collects a pipe's bytes on a background thread, so that a chatty child never blocks on a full pipe.
private final class Drain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)
    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            let d = handle.readDataToEndOfFile()
            self.data = d
            self.done.signal()
        }
    }
    func wait() -> Data {
        done.wait()
        return data
    }
}

/// Runs `convlens ARGS` with a timeout; `CONVLENS_SCENARIOS` is removed from the environment unless given.
func convlens(
    _ args: [String], cwd: URL? = nil, environment extra: [String: String] = [:],
    timeout: TimeInterval = 60
) throws -> Run {
    try spawn(convlensBinary, args, cwd: cwd, environment: extra, timeout: timeout)
}

/// Runs a `/bin/sh` script with `$CONVLENS` set to the binary: for what `Process` cannot say, such as arguments
/// that are not UTF-8 (`"$(printf 'a\\377')"`) or an output redirected to `/dev/full` or closed (`>&-`).
func shell(_ script: String, environment extra: [String: String] = [:], timeout: TimeInterval = 60) throws -> Run {
    try spawn(
        "/bin/sh", ["-c", script], environment: extra.merging(["CONVLENS": convlensBinary]) { $1 }, timeout: timeout)
}

/// Runs `executable ARGS` with a timeout and collects what it printed. `closedStdout`: standard output is a pipe
/// whose reading end is already closed, so that every write fails.
func spawn(
    _ executable: String, _ args: [String], cwd: URL? = nil, environment extra: [String: String] = [:],
    timeout: TimeInterval = 60, closedStdout: Bool = false
) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = args
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "CONVLENS_SCENARIOS")
    env.merge(extra) { $1 }
    process.environment = env
    if let cwd { process.currentDirectoryURL = cwd }
    let out = Pipe()
    let err = Pipe()
    if closedStdout { try out.fileHandleForReading.close() }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    let outDrain = closedStdout ? nil : Drain(out.fileHandleForReading)
    let errDrain = Drain(err.fileHandleForReading)
    var timedOut = false
    if finished.wait(timeout: .now() + timeout) == .timedOut {
        timedOut = true
        process.terminate()
        if finished.wait(timeout: .now() + 5) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
        }
    }
    let stdout = String(decoding: outDrain?.wait() ?? Data(), as: UTF8.self)
    let stderr = String(decoding: errDrain.wait(), as: UTF8.self)
    return Run(
        status: process.terminationStatus, stdout: stdout, stderr: stderr, timedOut: timedOut,
        signalled: process.terminationReason == .uncaughtSignal)
}

/// A fresh temporary directory, removed (after restoring permissions) when `body` returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convlens-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer {
        if let items = FileManager.default.enumerator(atPath: dir.path) {
            for case let item as String in items {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o755], ofItemAtPath: dir.appendingPathComponent(item).path)
            }
        }
        try? FileManager.default.removeItem(at: dir)
    }
    return try body(dir)
}

/// The shipped catalog's files, sorted by name.
func catalogFiles() throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: catalogDir, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasPrefix(".") }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
}

/// Parses one line of `eval` output.
func jsonObject(_ line: String) throws -> [String: Any] {
    try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
}

/// The numbers of a parsed JSON value, depth first.
func numbers(_ any: Any) -> [Double] {
    if let a = any as? [Any] { return a.flatMap(numbers) }
    if let n = any as? NSNumber { return [n.doubleValue] }
    return []
}
