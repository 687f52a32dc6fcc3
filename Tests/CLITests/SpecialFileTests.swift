import Foundation
import Testing

/// Paths that are not regular files, and paths that cannot be opened: one line each that says what the path
/// really is, never a hang (a FIFO blocks a plain open forever) and never a wrong reason.
@Suite struct SpecialFileTests {
    /// Runs `convlens ARGS` with a short timeout: a hang is a failure here, not a wait.
    func run(_ args: [String], environment: [String: String] = [:]) throws -> Run {
        try convlens(args, environment: environment, timeout: 15)
    }

    /// Checks that `validate` and `eval` both end with `status` and the one line `PATH: message`.
    func expectRejected(_ path: String, _ message: String, status: Int32 = 66) throws {
        for command in ["validate", "eval"] {
            let r = try run([command, path])
            #expect(!r.timedOut, "\(command) \(path) hangs")
            #expect(r.status == status, "\(command): \(r)")
            #expect(r.stderr == "\(path): \(message)\n", "\(command): \(r)")
            #expect(r.stdout == "")
        }
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        try withTemporaryDirectory { dir in
            let fifo = dir.appendingPathComponent("pipe.json").path
            try #require(mkfifo(fifo, 0o644) == 0)
            try expectRejected(fifo, "is a FIFO (named pipe), expected a scenario file")
            let play = try run(["play", fifo, "--plain", "--step", "1"])
            #expect(!play.timedOut && play.status == 66, "\(play)")
            // A symbolic link to it is refused the same way.
            let link = dir.appendingPathComponent("link.json").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: fifo)
            try expectRejected(link, "is a FIFO (named pipe), expected a scenario file")
        }
    }

    @Test func characterDevicesAreRefused() throws {
        for device in ["/dev/null", "/dev/zero"] where FileManager.default.fileExists(atPath: device) {
            try expectRejected(device, "is a character device, expected a scenario file")
        }
    }

    @Test func socketIsRefused() throws {
        try withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("s.json").path
            let fd = try #require(unixSocket(at: path))
            defer { close(fd) }
            try expectRejected(path, "is a socket, expected a scenario file")
        }
    }

    /// A `*.json` FIFO inside a catalog is reported, the other files are still listed and checked.
    @Test func fifoInCatalog() throws {
        try withTemporaryDirectory { dir in
            let files = try catalogFiles()
            try FileManager.default.copyItem(at: files[0], to: dir.appendingPathComponent("a-first.json"))
            let fifo = dir.appendingPathComponent("b-pipe.json").path
            try #require(mkfifo(fifo, 0o644) == 0)
            let line = "\(fifo): is a FIFO (named pipe), expected a scenario file\n"
            let list = try run(["list", dir.path])
            #expect(!list.timedOut && list.status == 66, "\(list)")
            #expect(list.stdoutLines.count == 1 && list.stderr == line, "\(list)")
            let validate = try run(["validate", "--scenarios", dir.path])
            #expect(!validate.timedOut && validate.status == 66, "\(validate)")
            #expect(validate.stdoutLines.count == 1 && validate.stderr == line, "\(validate)")
            let play = try run(["play", "--scenarios", dir.path, "a-first", "--plain", "--step", "1"])
            #expect(!play.timedOut && play.status == 0, "\(play)")
            // The player reads only what it shows: the FIFO is never opened; the picker marks it with its error.
            #expect(play.stderr == "", "\(play)")
            let picker = try run(["play", "--scenarios", dir.path, "--plain"])
            #expect(!picker.timedOut && picker.status == 0, "\(picker)")
            #expect(picker.stdout.contains("✗ b-pipe: is a FIFO (named pipe), expected a scenario file"), "\(picker)")
        }
    }

    /// /proc files say size 0 but have content: they are read to the end (up to the limit), and judged on it.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func procFilesAreReadNotSized() throws {
        let status = try run(["validate", "/proc/self/status"])
        #expect(status.status == 65, "\(status)")
        #expect(
            status.stderr.hasPrefix("/proc/self/status: line 1, column 1: unexpected word 'Name'"), "\(status)")
        // Reading /proc/self/mem from offset 0 fails part way with EIO: an I/O error, said as such.
        try expectRejected("/proc/self/mem", "cannot be read: input/output error", status: 74)
    }

    @Test func errnoIsSaidPrecisely() throws {
        try withTemporaryDirectory { dir in
            let loop = dir.appendingPathComponent("loop.json").path
            try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
            try expectRejected(loop, "too many levels of symbolic links (a link that leads back to itself?)")
            let dangling = dir.appendingPathComponent("dangling.json").path
            try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "gone.json")
            try expectRejected(dangling, "is a symbolic link to a missing file (gone.json)")
            let long = dir.appendingPathComponent(String(repeating: "a", count: 300) + ".json").path
            try expectRejected(long, "the name is too long for the file system")
            let file = catalogDir.appendingPathComponent("06-padding-strides.json").path
            try expectRejected(file + "/x.json", "a part of the path is not a directory")
            let missing = dir.appendingPathComponent("missing/x.json").path
            try expectRejected(missing, "no such file")
        }
    }

    /// Root reads anything, so this runs only for other users (the message mapping has its own unit test).
    @Test(.enabled(if: geteuid() != 0, "root is never denied"))
    func permissionDenied() throws {
        try withTemporaryDirectory { dir in
            let inner = dir.appendingPathComponent("closed")
            try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
            let path = inner.appendingPathComponent("x.json").path
            try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: inner.path)
            try expectRejected(path, "permission denied")
        }
    }

    @Test func listWantsADirectory() throws {
        try withTemporaryDirectory { dir in
            let file = catalogDir.appendingPathComponent("06-padding-strides.json").path
            let list = try run(["list", file])
            #expect(list.status == 66, "\(list)")
            #expect(list.stderr == "\(file): is a file, expected a directory\n")
            let fifo = dir.appendingPathComponent("p").path
            try #require(mkfifo(fifo, 0o644) == 0)
            let pipe = try run(["list", fifo])
            #expect(!pipe.timedOut && pipe.status == 66, "\(pipe)")
            #expect(pipe.stderr == "\(fifo): is a FIFO (named pipe), expected a directory\n")
            let loop = dir.appendingPathComponent("loop").path
            try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: loop)
            let looped = try run(["list", loop])
            #expect(looped.stderr == "\(loop): too many levels of symbolic links (a link that leads back to itself?)\n")
        }
    }

    /// A catalog name that is the start of several names says so, instead of "no such file".
    @Test func ambiguousCatalogName() throws {
        let names = try catalogFiles().map { $0.deletingPathExtension().lastPathComponent }
        let matching = names.filter { $0.hasPrefix("1") }
        try #require(matching.count > 1)
        let r = try run(["eval", "1"])
        #expect(r.status == 66, "\(r)")
        let shownNames = matching.prefix(3).joined(separator: ", ") + (matching.count > 3 ? ", …" : "")
        #expect(
            r.stderr
                == "1: no such file, and \(matching.count) catalog names start with it (\(shownNames)); "
                + "give more of the name\n")
        // An empty name is never a prefix of every catalog name.
        let empty = try run(["validate", ""])
        #expect(empty.status == 66 && empty.stderr == "'': no such file\n", "\(empty)")
    }
}

/// A listening Unix-domain socket bound at `path`, or nil.
func unixSocket(at path: String) -> Int32? {
    #if os(Linux)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let fd = socket(AF_UNIX, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { return nil }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(path.utf8)
    guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, b) in bytes.enumerated() { raw[i] = b }
    }
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard bound == 0 else {
        close(fd)
        return nil
    }
    return fd
}
