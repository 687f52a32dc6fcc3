#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading scenario files and directories through the system calls themselves, so that every failure says what
/// really happened: a path that is not a regular file is refused before it is opened (a FIFO would block an
/// open forever, a device may never end), a file is opened without blocking and checked again on its
/// descriptor, and read to its end whatever its size claims (/proc files say 0).
public enum FileAccess {
    /// What `errno` means for someone who named a file (`directory`: a missing path is said to be a directory).
    public static func problem(errno code: Int32, directory: Bool = false) -> FileProblem {
        switch code {
        case ENOENT: return .missing(directory: directory)
        case EACCES: return .permissionDenied
        case ELOOP: return .linkLoop
        case ENAMETOOLONG: return .nameTooLong
        case ENOTDIR: return .notADirectoryInPath
        case EISDIR: return .wrongKind(.directory, expected: .scenarioFile)
        case EIO: return .ioError
        case EMFILE, ENFILE: return .tooManyFiles
        default:
            let text = String(cString: strerror(code))
            return .system(text.prefix(1).lowercased() + text.dropFirst())
        }
    }

    /// What `stat` found, for any file type but a regular file (nil).
    static func kind(_ mode: mode_t) -> FileProblem.FileKind? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return .directory
        case S_IFIFO: return .fifo
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        default: return .unknown
        }
    }

    /// The file's bytes, at most `limit + 1` of them (one more than allowed, so that the caller can tell a file
    /// over the limit without reading it whole). Refuses anything that is not a regular file.
    static func readFile(_ name: FileName, limit: Int) throws(ScenarioError) -> [UInt8] {
        func unreadable(_ problem: FileProblem) -> ScenarioError {
            ScenarioError(kind: .unreadable, name: name, problem: .file(problem))
        }
        var info = stat()
        if let problem = status(name, &info) { throw unreadable(problem) }
        if let what = kind(info.st_mode) { throw unreadable(.wrongKind(what, expected: .scenarioFile)) }
        var fd: Int32 = -1
        repeat {
            fd = name.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) } ?? -1
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw unreadable(problem(errno: errno)) }
        defer { close(fd) }
        // The path may have changed between stat and open: the descriptor is what is read.
        guard fstat(fd, &info) == 0 else { throw unreadable(problem(errno: errno)) }
        if let what = kind(info.st_mode) { throw unreadable(.wrongKind(what, expected: .scenarioFile)) }
        // A regular file: reads may block again like any file read (O_NONBLOCK could give EAGAIN on some file
        // systems).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return try readAll(fd, limit: limit, name: name)
    }

    /// Reads `fd` to its end or to `limit + 1` bytes; a failure part way is an I/O error.
    private static func readAll(_ fd: Int32, limit: Int, name: FileName) throws(ScenarioError) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while out.count <= limit {
            let want = min(buffer.count, limit + 1 - out.count)
            let n = buffer.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ScenarioError(kind: .readFailed, name: name, problem: .file(.cannotBeRead(problem(errno: errno))))
            }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// `stat` of `name` into `info`; nil when it succeeds, else what went wrong, in words. A missing file that
    /// is a symbolic link is said to be one, with its target.
    static func status(_ name: FileName, _ info: inout stat, directory: Bool = false) -> FileProblem? {
        guard let result = name.withCString({ stat($0, &info) }) else { return .nameHasNUL }
        guard result != 0 else { return nil }
        let code = errno
        if code == ENOENT, let target = linkTarget(name) { return .brokenLink(target) }
        return problem(errno: code, directory: directory)
    }

    /// True when nothing at all is at `name` (lstat says ENOENT): not even a broken link or an unreadable path.
    public static func isAbsent(_ name: FileName) -> Bool {
        var info = stat()
        return name.withCString { lstat($0, &info) != 0 && errno == ENOENT } ?? false
    }

    /// Which file `name` leads to (device and inode, after symbolic links), to tell two spellings of one path
    /// apart from two files; nil when it cannot be found.
    public static func identity(_ name: FileName) -> FileIdentity? {
        var info = stat()
        guard name.withCString({ stat($0, &info) }) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The target of a symbolic link, shown, or nil when `name` is not one.
    private static func linkTarget(_ name: FileName) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = name.withCString { readlink($0, &buffer, buffer.count - 1) } ?? -1
        guard count >= 0 else { return nil }
        return FileName(bytes: buffer[0..<count].map { UInt8(bitPattern: $0) }).description
    }

    /// The entries of directory `dir` whose names end in `.json` and do not start with a dot, sorted by their
    /// bytes, as paths inside `dir`. Nothing is opened but the directory; each entry is checked when it is read.
    public static func jsonEntries(in dir: FileName) throws(ScenarioError) -> [FileName] {
        func unreadable(_ problem: FileProblem) -> ScenarioError {
            ScenarioError(kind: .unreadable, name: dir, problem: .file(problem))
        }
        var info = stat()
        if let problem = status(dir, &info, directory: true) { throw unreadable(problem) }
        if info.st_mode & S_IFMT == S_IFREG { throw unreadable(.wrongKind(.regularFile, expected: .directory)) }
        if let what = kind(info.st_mode), info.st_mode & S_IFMT != S_IFDIR {
            throw unreadable(.wrongKind(what, expected: .directory))
        }
        guard let stream = dir.withCString({ opendir($0) }) ?? nil else {
            throw unreadable(problem(errno: errno, directory: true))
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else { break }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name.first != UInt8(ascii: "."), name.count > 5, name.suffix(5).elementsEqual(".json".utf8) {
                names.append(name)
            }
        }
        if errno != 0 {
            throw ScenarioError(kind: .readFailed, name: dir, problem: .file(.cannotBeRead(problem(errno: errno))))
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }.map { dir.appending(FileName(bytes: $0)) }
    }
}

/// A file as the system knows it: the same for every path that leads to it.
public struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
}

/// read(2), named apart from `FileAccess.readFile`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
