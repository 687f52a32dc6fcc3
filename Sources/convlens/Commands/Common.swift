import Animator
import ArgumentParser
import ConvModel
import ScenarioFormat

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Options every command shares: where the catalog lives. (Its flag name is spelled out: see `ExplainerOptions`.)
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .customLong("scenarios"),
        help: ArgumentHelp(
            "Scenario directory (default: $CONVLENS_SCENARIOS, else the shipped "
                + "catalog).", valueName: "DIR"))
    var scenarios: String?

    /// The catalog directory, or nil when none can be found.
    var directoryName: FileName? { Catalog.locate(flag: scenarios.map(RawArguments.name(for:))) }

    /// `directoryName` as text.
    var directory: String? { directoryName?.string }

    /// `resolve(_:)` for a name given as text; a name that cannot be resolved is returned as it is.
    func resolve(_ name: String) -> String {
        (try? resolve(FileName(name)))?.string ?? name
    }

    /// Resolves a FILE argument: a path, or a catalog name given in full, without `.json`, or as a unique
    /// prefix (`06` → `06-padding-strides.json`). A name that is there (even as a broken link) or holds a `/`
    /// is a path; a prefix of several catalog names is an error that names them.
    func resolve(_ name: FileName) throws(ScenarioError) -> FileName {
        if name.bytes.isEmpty || name.bytes.contains(UInt8(ascii: "/")) || !FileAccess.isAbsent(name) { return name }
        guard let dir = directoryName, let files = try? Catalog.entries(in: dir) else { return name }
        let base = files.map(\.lastComponent.bytes)
        let withExtension = name.bytes + Array(".json".utf8)
        if let i = base.firstIndex(where: { $0 == name.bytes || $0 == withExtension }) { return files[i] }
        let matches = base.indices.filter { base[$0].starts(with: name.bytes) }
        if matches.count == 1 { return files[matches[0]] }
        if matches.count > 1 {
            let names = matches.prefix(3).map { files[$0].baseName.description }
            throw ScenarioError(
                kind: .unreadable, name: name,
                problem: .file(.ambiguousName(count: matches.count, names: names, more: matches.count > 3)))
        }
        return name
    }

    /// Resolves and loads a FILE argument (given as its bytes: see `RawArguments`).
    func load(_ argument: FileName) throws(ScenarioError) -> Scenario {
        try Scenario.load(name: try resolve(argument))
    }
}

/// The command line as the system passed it: bytes, which need not be UTF-8. `CommandLine.arguments` (and so
/// the parser) repairs invalid UTF-8 with U+FFFD, which would name another file; a FILE or DIR argument is
/// opened with the bytes of the argument it was decoded from.
enum RawArguments {
    /// `argv[1...]`, byte for byte.
    static let all: [[UInt8]] = (1..<Int(CommandLine.argc)).map { i in
        guard let arg = CommandLine.unsafeArgv[i] else { return [] }
        return Array(UnsafeRawBufferPointer(start: arg, count: strlen(arg)))
    }

    /// The bytes of the argument (or of the value of a `--flag=value` argument) that `parsed` was decoded
    /// from, skipping `used` positions; with the position found. A name without U+FFFD is exact as it is.
    private static func find(_ parsed: String, skipping used: Set<Int>) -> (Int, FileName)? {
        for (i, arg) in all.enumerated() where !used.contains(i) {
            var candidates = [arg[...]]
            if arg.starts(with: Array("--".utf8)), let eq = arg.firstIndex(of: UInt8(ascii: "=")) {
                candidates.append(arg[(eq + 1)...])
            }
            if let match = candidates.first(where: { String(decoding: $0, as: UTF8.self) == parsed }) {
                return (i, FileName(bytes: Array(match)))
            }
        }
        return nil
    }

    /// The name of one parsed argument (`--scenarios DIR`, `list DIR`, `play FILE`).
    static func name(for parsed: String) -> FileName {
        guard parsed.unicodeScalars.contains("\u{FFFD}") else { return FileName(parsed) }
        return find(parsed, skipping: [])?.1 ?? FileName(parsed)
    }

    /// The names of a list of positional arguments, in order: two arguments repaired to the same text are told
    /// apart by their order on the command line.
    static func names(for parsed: [String]) -> [FileName] {
        var used = Set<Int>()
        return parsed.map { p in
            guard p.unicodeScalars.contains("\u{FFFD}"), let (i, name) = find(p, skipping: used) else {
                return FileName(p)
            }
            used.insert(i)
            return name
        }
    }
}

/// The value of one environment variable, or nil when it is not set. (`ProcessInfo.environment` copies the whole
/// environment into a dictionary on every call.)
func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

/// Prints a line on standard error. A failure is ignored: there is nowhere left to report it (FileHandle's
/// write would trap on a full or closed stderr).
func printError(_ s: String) {
    var bytes = Array((s + "\n").utf8)[...]
    while !bytes.isEmpty {
        let n = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        bytes = bytes.dropFirst(n)
    }
}

/// The program's standard output: every command writes it through C stdio (Swift's `print`), and it is checked
/// once, at the end, for all of them.
enum Output {
    /// Puts /dev/null (read-only, so writes still fail) on descriptors 0, 1 and 2 when they are closed, so that
    /// a scenario file opened later cannot take their place and receive the output. True when 1 was closed.
    static func occupyClosedStandardDescriptors() -> Bool {
        var stdoutClosed = false
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != fd {
                dup2(opened, fd)
                close(opened)
            }
            if fd == 1 { stdoutClosed = true }
        }
        return stdoutClosed
    }

    /// C's `stdout`, the stream Swift's `print` writes to, found through the symbol table: Swift 6 refuses to
    /// read the mutable C global itself.
    private static var standardOutput: UnsafeMutablePointer<FILE>? {
        #if os(Linux)
            let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "stdout")  // RTLD_DEFAULT
        #else
            let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -2), "__stdoutp")  // RTLD_DEFAULT
        #endif
        return symbol?.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
    }

    /// Flushes standard output; nil when everything written has reached it, else why not, in words.
    static func finish(stdoutWasClosed: Bool) -> String? {
        errno = 0
        let out = standardOutput
        let flushed = fflush(out) == 0
        let code = errno
        guard !flushed || (out.map { ferror($0) != 0 } ?? false) else { return nil }
        if stdoutWasClosed || code == EBADF { return "standard output is closed" }
        switch code {
        case EPIPE: return "broken pipe (the reader has gone)"
        case 0: return "a write failed"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }
}

/// Loads every file, printing each error line in `language`; returns the scenarios that loaded and the exit status
/// to end with (that of the first failure).
func loadAll(
    _ files: [String], _ options: CatalogOptions, language: Language
) -> (scenarios: [Scenario], status: ExitCode) {
    var loaded: [Scenario] = []
    var status = ExitCode.success
    for file in RawArguments.names(for: files) {
        do {
            loaded.append(try options.load(file))
        } catch {
            printError(error.line(language))
            if status == .success {
                status = ExitCode(error)
            }
        }
    }
    return (loaded, status)
}

/// Pads `s` with spaces to `width` display columns (wide CJK characters count two), for table output.
func pad(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - displayWidth(s)))
}
