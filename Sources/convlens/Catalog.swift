import ScenarioFormat

#if !os(Linux)
    import Foundation  // Bundle.main
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The shipped scenarios: where they are and what they hold.
enum Catalog {
    /// The environment variable that points at a scenario directory.
    static let environmentVariable = "CONVLENS_SCENARIOS"

    /// Finds the scenario directory: the flag, then `$CONVLENS_SCENARIOS` (its bytes as the system holds them),
    /// then a `Scenarios/` folder beside or up to five levels above the executable (a SwiftPM build directory,
    /// `.build/debug`, lies below the checkout), or an install's `share/convlens/Scenarios`.
    static func locate(flag: FileName?, executable: String = Catalog.executablePath) -> FileName? {
        if let flag {
            return flag
        }
        if let env = getenv(environmentVariable), env.pointee != 0 {
            return FileName(
                bytes: Array(UnsafeBufferPointer(start: env, count: strlen(env))).map(UInt8.init(bitPattern:)))
        }
        var dir = parent(of: resolved(executable))
        for _ in 0..<6 {
            for relative in ["Scenarios", "share/convlens/Scenarios"] {
                let candidate = (dir == "/" ? "" : dir) + "/" + relative
                if isDirectory(candidate) {
                    return FileName(candidate)
                }
            }
            dir = parent(of: dir)
        }
        return nil
    }

    /// `path` absolute, with every symbolic link resolved (`realpath`); when it cannot be resolved, only made
    /// absolute. (What `URL.resolvingSymlinksInPath` gave, without Foundation's URL parsing.)
    private static func resolved(_ path: String) -> String {
        if let real = realpath(path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        guard !path.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }

    /// `path` without its last component; the parent of `/` (or of a name without a slash) is `/`.
    private static func parent(of path: String) -> String {
        var bytes = Array(path.utf8)
        while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")), slash > 0 else { return "/" }
        return String(decoding: bytes[..<slash], as: UTF8.self)
    }

    /// The running executable: from the system (so a command found through `PATH` is found too), else `argv[0]`.
    /// On Linux it is the link `/proc/self/exe`, read directly: `Bundle.main` would find the same path but first
    /// lists the executable's whole directory, at a cost that grows with it (0.6 M instructions in `.build/release`,
    /// 12.8 M among 5,400 files: a catalog scenario's whole first frame is about 30 M; `/usr/bin` holds thousands).
    static var executablePath: String {
        #if os(Linux)
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBufferPointer { b in
                b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) {
                    readlink("/proc/self/exe", $0, b.count)
                }
            }
            if n > 0 && n < buffer.count {
                return String(decoding: buffer[..<n], as: UTF8.self)
            }
            return CommandLine.arguments.first ?? ""
        #else
            return Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        #endif
    }

    /// The `.json` entries of a directory, sorted by name (the teaching order), or an error that says why the
    /// directory cannot be listed. Entries are not opened here: one that is not a regular file (a FIFO, a
    /// device, a directory) is refused, with what it is, when it is loaded.
    static func entries(in dir: FileName) throws(ScenarioError) -> [FileName] {
        try FileAccess.jsonEntries(in: dir)
    }

    /// `entries(in:)` as text paths.
    static func files(in dir: String) throws(ScenarioError) -> [String] {
        try entries(in: FileName(dir)).map(\.string)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
