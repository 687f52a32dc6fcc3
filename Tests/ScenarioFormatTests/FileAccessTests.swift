import Foundation
import ScenarioFormat
import Testing

/// The file layer's messages: what each errno means for a user, in words (CI runs as root, so a denied
/// permission is checked here, on the mapping itself).
@Suite struct FileAccessTests {
    @Test func errnoMessages() {
        #expect(FileAccess.message(errno: ENOENT) == "no such file")
        #expect(FileAccess.message(errno: ENOENT, missing: "no such directory") == "no such directory")
        #expect(FileAccess.message(errno: EACCES) == "permission denied")
        #expect(
            FileAccess.message(errno: ELOOP) == "too many levels of symbolic links (a link that leads back to itself?)")
        #expect(FileAccess.message(errno: ENAMETOOLONG) == "the name is too long for the file system")
        #expect(FileAccess.message(errno: ENOTDIR) == "a part of the path is not a directory")
        #expect(FileAccess.message(errno: EISDIR) == "is a directory, expected a scenario file")
        #expect(FileAccess.message(errno: EIO) == "input/output error")
        #expect(FileAccess.message(errno: EMFILE) == "too many open files")
        // Anything else: the system's words, in lower case.
        #expect(FileAccess.message(errno: EXDEV) == "invalid cross-device link")
    }

    @Test func loadNamesTheKindOfFile() throws {
        #expect(
            throws: ScenarioError(
                kind: .unreadable, file: "/", path: "", message: "is a directory, expected a scenario file")
        ) {
            try Scenario.load(path: "/")
        }
        #expect(
            throws: ScenarioError(
                kind: .unreadable, file: "/dev/null", path: "",
                message: "is a character device, expected a scenario file")
        ) {
            try Scenario.load(path: "/dev/null")
        }
    }
}
