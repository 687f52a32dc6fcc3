#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a user feels, measured on the real binary in a child process: the first frame of `convlens play FILE`
/// on a pty, a burst of held → keys typed into it, and `convlens eval FILE`. Peak memory is the child's VmHWM
/// (/proc/PID/status), which the child writes to a pipe as it ends (`CONVLENS_BENCH_PEAK_FD`), or read while the
/// child waits for keys.
struct ProcessBench {
    /// The convlens binary to run (this one).
    let binary: String
    /// `--scenarios DIR` when the catalog was given or found, so the child plays the same deck.
    let catalogArguments: [String]
    /// How long the screen must stay unchanged to count as settled.
    let quietMs: Int

    /// The children's environment: this one, with a known terminal and locale and nothing that changes sizes or
    /// colours.
    static func environment(firstFrameOnly: Bool) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LINES", "COLUMNS", "NO_COLOR", "CONVLENS_TEST_CRASH"] {
            env.removeValue(forKey: name)
        }
        env["TERM"] = "xterm-256color"
        env["LANG"] = "C.UTF-8"
        env[Bench.firstFrameVariable] = firstFrameOnly ? "1" : nil
        return env
    }

    /// Milliseconds from starting `program ARGS` on a pty of the size until it ends, and its peak memory in MB
    /// (nan when it does not report it). With the first-frame hook, `convlens play` ends right after its first
    /// frame reaches the terminal.
    func timeToExit(_ program: String, _ args: [String], width: Int, height: Int) throws(BenchError) -> (
        ms: Double, peakMB: Double
    ) {
        let pty = try Pty(width: width, height: height)
        defer { pty.shutDown() }
        let peak = PeakPipe()
        var env = ProcessBench.environment(firstFrameOnly: true)
        env[Bench.peakDescriptorVariable] = "3"
        let t0 = uptimeNanoseconds()
        let child = try Child.spawn(
            program, args, environment: env, stdio: [pty.slave, pty.slave, pty.slave, peak.writeEnd])
        peak.closeWriteEnd()
        let status = child.wait()
        let ms = millis(since: t0)
        guard status == 0 else {
            throw BenchError(message: "convlens bench: \(program) \(args.joined(separator: " ")) ended with \(status)")
        }
        return (ms, Bench.megabytes(peak.contents()))
    }

    /// The first frame of `convlens play FILE`.
    func firstFrame(_ file: String, width: Int, height: Int) throws(BenchError) -> (ms: Double, peakMB: Double) {
        try timeToExit(binary, ["play", file] + catalogArguments, width: width, height: height)
    }

    /// `keys` presses of → typed at once into `convlens play FILE` once its first frame has settled: ms per key
    /// until the last byte of the screen's last change, and the process's peak memory in MB after it.
    func heldKeys(_ file: String, width: Int, height: Int, keys: Int) throws(BenchError) -> (
        msPerKey: Double, peakMB: Double
    ) {
        let pty = try Pty(width: width, height: height)
        defer { pty.shutDown() }
        let env = ProcessBench.environment(firstFrameOnly: false)
        let args = ["play", file] + catalogArguments
        let child = try Child.spawn(binary, args, environment: env, stdio: [pty.slave, pty.slave, pty.slave])
        guard pty.reader.waitQuiet(after: 0, quietMs: quietMs, timeoutMs: 120_000) != nil else {
            kill(child.pid, SIGKILL)
            _ = child.wait()
            throw BenchError(message: "convlens bench: \(file) drew nothing in 120 s")
        }
        let before = pty.reader.progress.bytes
        let right: [UInt8] = [0x1B, UInt8(ascii: "O"), UInt8(ascii: "C")]  // kcuf1 in keypad mode
        let t0 = uptimeNanoseconds()
        pty.type(Array([[UInt8]](repeating: right, count: keys).joined()))
        let last = pty.reader.waitQuiet(after: before, quietMs: quietMs, timeoutMs: 120_000)
        let peak = Bench.megabytes(Bench.peakLine(pid: String(child.pid)))
        pty.type([UInt8(ascii: "q")])
        let status = child.wait()
        guard let last, status == 0 else {
            throw BenchError(message: "convlens bench: \(file): no change after \(keys) → keys, or a bad end")
        }
        return (millis(since: t0, to: last) / Double(keys), peak)
    }

    /// `convlens eval FILE > /dev/null`: milliseconds and peak memory in MB.
    func eval(_ file: String) throws(BenchError) -> (ms: Double, peakMB: Double) {
        let null = open("/dev/null", O_RDWR)
        defer { closeDescriptor(null) }
        let peak = PeakPipe()
        var env = ProcessBench.environment(firstFrameOnly: false)
        env[Bench.peakDescriptorVariable] = "3"
        let t0 = uptimeNanoseconds()
        let child = try Child.spawn(
            binary, ["eval", file] + catalogArguments, environment: env,
            stdio: [null, null, STDERR_FILENO, peak.writeEnd])
        peak.closeWriteEnd()
        let status = child.wait()
        let ms = millis(since: t0)
        guard status == 0 else { throw BenchError(message: "convlens bench: eval \(file) ended with \(status)") }
        return (ms, Bench.megabytes(peak.contents()))
    }
}

/// A pipe on which a child reports its peak memory as it ends (`Bench.reportPeak`).
final class PeakPipe {
    private var ends: [Int32] = [-1, -1]
    private var writeOpen = true

    init() {
        _ = pipe(&ends)
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    }

    deinit {
        closeWriteEnd()
        closeDescriptor(ends[0])
    }

    /// The end the child writes on (its descriptor 3).
    var writeEnd: Int32 { ends[1] }

    /// After the spawn: only the child holds the write end, so reading ends when the child does.
    func closeWriteEnd() {
        guard writeOpen else { return }
        writeOpen = false
        closeDescriptor(ends[1])
    }

    /// Everything the child wrote, as text; nil when nothing.
    func contents() -> String? {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            data += chunk[0..<n]
        }
        return data.isEmpty
            ? nil
            : String(
                String(decoding: data, as: UTF8.self).drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace)
                    .reversed())
    }
}
