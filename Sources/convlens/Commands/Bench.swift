import Animator
import ArgumentParser
import ScenarioFormat

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

/// What `convlens bench` can measure (`--measure`).
enum BenchMeasure: String, CaseIterable {
    case firstFrame = "first-frame"
    case step
    case keys
    /// A parameter change in the panel (stride up, then down again) drawn, as a step is.
    case edit
    case eval
}

/// `convlens bench [FILE...]`: what a user feels, per scenario and terminal size: start to first frame, a step
/// drawn into a real ncurses screen (time, bytes, changed cells), a held-key burst, peak memory and `eval`.
/// Medians with min–max. Speed is measured here, never in a timed test. `BENCHMARKS.md` says how to run it.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure first frame, steps on a real ncurses screen, held keys, memory and eval (medians).",
        discussion: """
            Linux only (peak memory from /proc). Sizes 80×24 and 200×60 unless --width/--height. Children run on \
            pseudo-terminals with TERM=xterm-256color LANG=C.UTF-8. Build with `swift build -c release` first.
            """)

    /// The hidden hook of `convlens play`: end right after the first frame is drawn (set by the benchmark only).
    static let firstFrameVariable = "CONVLENS_BENCH_FIRST_FRAME"

    @OptionGroup var catalog: CatalogOptions

    @Argument(help: ArgumentHelp("Scenario files or catalog names; none means the whole catalog.", valueName: "FILE"))
    var files: [String] = []

    @Flag(name: .customLong("catalog"), help: "Measure the catalog too when FILEs are given.")
    var withCatalog = false

    @Option(name: .long, help: ArgumentHelp("One terminal width instead of 80 and 200 (10…1000).", valueName: "COLS"))
    var width: Int?

    @Option(name: .long, help: ArgumentHelp("One terminal height instead of 24 and 60 (3…1000).", valueName: "ROWS"))
    var height: Int?

    @Option(
        name: .long, help: ArgumentHelp("Steps drawn per scenario and size (1…100000; default 100).", valueName: "N"))
    var steps: Int?

    @Option(name: .long, help: ArgumentHelp("→ presses in a held-key burst (1…100000; default 500).", valueName: "N"))
    var keys: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Runs of each process measurement, and rounds the steps are taken in (1…1000; default 5).", valueName: "N"))
    var repeats: Int?

    @Flag(name: .long, help: "A smoke run: 1 repeat, 10 steps, 20 keys.")
    var quick = false

    @Option(
        name: .customLong("view"),
        help: ArgumentHelp(
            "Take the steps, held keys and edits in this view instead of the one each scenario opens in (a scenario "
                + "it does not apply to is left out of them).", valueName: "NAME"))
    var view: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What to measure, comma separated: "
                + BenchMeasure.allCases.map(\.rawValue).joined(separator: ", ") + ", or all.",
            valueName: "LIST"))
    var measure: String = "all"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A program timed like the first frame, for comparison (a Swift hello world that imports Foundation).",
            valueName: "PATH"))
    var reference: String?

    func validate() throws {
        try Bench.check("--width", width, 10...1000)
        try Bench.check("--height", height, 3...1000)
        try Bench.check("--steps", steps, 1...100_000)
        try Bench.check("--keys", keys, 1...100_000)
        try Bench.check("--repeats", repeats, 1...1000)
        _ = try measures()
        if let view { try Play.checkView(view, language: Language.chosen()) }
        if let reference, !FileManager.default.isExecutableFile(atPath: reference) {
            throw ValidationError("--reference: \(reference) is not an executable file")
        }
    }

    private static func check(_ flag: String, _ value: Int?, _ range: ClosedRange<Int>) throws {
        if let value, !range.contains(value) {
            throw ValidationError("\(flag) must be \(range.lowerBound)…\(range.upperBound) (got \(value))")
        }
    }

    func measures() throws -> Set<BenchMeasure> {
        if measure == "all" { return Set(BenchMeasure.allCases) }
        var set = Set<BenchMeasure>()
        for word in measure.split(separator: ",") {
            guard let m = BenchMeasure(rawValue: String(word)) else {
                let names = BenchMeasure.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--measure: unknown '\(word)'; use \(names) or all")
            }
            set.insert(m)
        }
        return set
    }

    var sizes: [(width: Int, height: Int)] {
        width == nil && height == nil ? [(80, 24), (200, 60)] : [(width ?? 80, height ?? 24)]
    }

    func run() throws {
        #if !os(Linux)
            // Peak memory comes from /proc/PID/status: Linux only, and so documented.
            printError("convlens bench: Linux only (it reads peak memory from /proc)")
            throw ExitCode.failure
        #endif
        let targets = try loadTargets(language: Language.chosen())
        let measures = try measures()
        let plan = BenchPlan(
            steps: steps ?? (quick ? 10 : 100), keys: keys ?? (quick ? 20 : 500),
            repeats: repeats ?? (quick ? 1 : 5), sizes: sizes, view: view.map(LensName.init(rawValue:)))
        setenv("TERM", "xterm-256color", 1)
        setenv("LC_ALL", "C.UTF-8", 1)
        unsetenv("LINES")
        unsetenv("COLUMNS")
        let processes = ProcessBench(
            binary: Catalog.executablePath, catalogArguments: catalog.directory.map { ["--scenarios", $0] } ?? [],
            quietMs: quick ? 150 : 300)
        var report = BenchReport()
        do {
            report.rows = try plan.inProcess(targets, measures: measures)
            try plan.inProcesses(targets, processes, measures: measures, into: &report)
            if let reference, measures.contains(.firstFrame) {
                try plan.reference(reference, processes, into: &report)
            }
        } catch {
            printError(error.message)
            throw ExitCode.failure
        }
        #if DEBUG
            print("(a debug build: build with `swift build -c release` for figures worth quoting)\n")
        #endif
        report.printAll(measures, keys: plan.keys)
    }

    /// The files to measure (the catalog when none are given, or with --catalog), each loaded once so that a bad
    /// file stops the benchmark with its error before anything is measured.
    private func loadTargets(language: Language) throws -> [(path: String, name: String)] {
        var paths = files.map(catalog.resolve)
        if paths.isEmpty || withCatalog {
            guard let dir = catalog.directory, let listed = try? Catalog.files(in: dir) else {
                let message = CommandMessage.noCatalog(variable: Catalog.environmentVariable)
                printError("convlens: " + message.text(language))
                throw ExitCode.noInput
            }
            paths = listed + paths
        }
        for path in paths {
            do { _ = try Scenario.load(path: path) } catch {
                printError(error.line(language))
                throw ExitCode(error)
            }
        }
        return paths.map { path in
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            return (absolute, FileName(path).baseName.string)
        }
    }
}

extension Bench {
    /// Names a descriptor on which `eval` and `play`'s first-frame hook write their peak memory as they end.
    static let peakDescriptorVariable = "CONVLENS_BENCH_PEAK_FD"

    /// True in a `play` the benchmark started to time its first frame (`CONVLENS_BENCH_FIRST_FRAME=1`).
    static var firstFrameOnly: Bool { environmentValue(firstFrameVariable) == "1" }

    /// `play` with `CONVLENS_BENCH_FIRST_FRAME=1`, right after its first frame: report the peak memory and end.
    static func firstFrameDrawn() -> Never {
        reportPeak()
        Bench.exit()
    }

    /// Writes this process's `VmHWM:` line (/proc/self/status) to the descriptor `CONVLENS_BENCH_PEAK_FD` names,
    /// when it is set. (A child's `ru_maxrss` cannot be used: it starts at the spawning process's own peak.)
    static func reportPeak() {
        guard let fd = environmentValue(peakDescriptorVariable).flatMap({ Int32($0) }),
            let line = peakLine(pid: "self")
        else { return }
        let bytes = Array((line + "\n").utf8)
        _ = write(fd, bytes, bytes.count)
    }

    /// The `VmHWM:` line of a live process.
    static func peakLine(pid: String) -> String? {
        #if os(Linux)
            // Read with plain read(2): this runs inside the first frame the benchmark times, and Foundation's
            // String(contentsOfFile:) cost 0.66 M instructions there (a hello world pays no such hook).
            let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                bytes += chunk[..<n]
            }
            let line = bytes.split(separator: UInt8(ascii: "\n")).first { $0.starts(with: Array("VmHWM:".utf8)) }
            return line.map { String(decoding: $0, as: UTF8.self) }
        #else
            return nil  // no /proc
        #endif
    }

    /// Megabytes (MiB) from a `VmHWM:   12345 kB` line.
    static func megabytes(_ line: String?) -> Double {
        guard let kib = line?.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
        return kib / 1024
    }
}
