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
    /// What `errno` means for someone who named a file. `missing` is said for ENOENT.
    public static func message(errno code: Int32, missing: String = "no such file") -> String {
        switch code {
        case ENOENT: return missing
        case EACCES: return "permission denied"
        case ELOOP: return "too many levels of symbolic links (a link that leads back to itself?)"
        case ENAMETOOLONG: return "the name is too long for the file system"
        case ENOTDIR: return "a part of the path is not a directory"
        case EISDIR: return "is a directory, expected a scenario file"
        case EIO: return "input/output error"
        case EMFILE, ENFILE: return "too many open files"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    /// "is a FIFO (named pipe)" for any file type but a regular file (nil) — what `stat` found.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory"
        case S_IFIFO: return "is a FIFO (named pipe)"
        case S_IFCHR: return "is a character device"
        case S_IFBLK: return "is a block device"
        case S_IFSOCK: return "is a socket"
        default: return "is not a regular file"
        }
    }

    /// The file's bytes, at most `limit + 1` of them (one more than allowed, so that the caller can tell a file
    /// over the limit without reading it whole). Refuses anything that is not a regular file.
    static func readFile(_ name: FileName, limit: Int) throws(ScenarioError) -> [UInt8] {
        func unreadable(_ message: String) -> ScenarioError {
            ScenarioError(kind: .unreadable, name: name, path: "", message: message)
        }
        var info = stat()
        if let problem = status(name, &info, missing: "no such file") { throw unreadable(problem) }
        if let what = kind(info.st_mode) { throw unreadable("\(what), expected a scenario file") }
        var fd: Int32 = -1
        repeat {
            fd = name.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) } ?? -1
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw unreadable(message(errno: errno)) }
        defer { close(fd) }
        // The path may have changed between stat and open: the descriptor is what is read.
        guard fstat(fd, &info) == 0 else { throw unreadable(message(errno: errno)) }
        if let what = kind(info.st_mode) { throw unreadable("\(what), expected a scenario file") }
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
                let why = message(errno: errno)
                throw ScenarioError(kind: .readFailed, name: name, path: "", message: "cannot be read: \(why)")
            }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// `stat` of `name` into `info`; nil when it succeeds, else what went wrong, in words. A missing file that
    /// is a symbolic link is said to be one, with its target.
    static func status(_ name: FileName, _ info: inout stat, missing: String) -> String? {
        guard let result = name.withCString({ stat($0, &info) }) else { return "the name contains a NUL byte" }
        guard result != 0 else { return nil }
        let code = errno
        if code == ENOENT, let target = linkTarget(name) {
            return "is a symbolic link to a missing file (\(target))"
        }
        return message(errno: code, missing: missing)
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
        func unreadable(_ message: String) -> ScenarioError {
            ScenarioError(kind: .unreadable, name: dir, path: "", message: message)
        }
        var info = stat()
        if let problem = status(dir, &info, missing: "no such directory") { throw unreadable(problem) }
        if info.st_mode & S_IFMT == S_IFREG { throw unreadable("is a file, expected a directory") }
        if let what = kind(info.st_mode), info.st_mode & S_IFMT != S_IFDIR {
            throw unreadable("\(what), expected a directory")
        }
        guard let stream = dir.withCString({ opendir($0) }) ?? nil else {
            throw unreadable(message(errno: errno, missing: "no such directory"))
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
            let why = message(errno: errno)
            throw ScenarioError(kind: .readFailed, name: dir, path: "", message: "cannot be read: \(why)")
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
