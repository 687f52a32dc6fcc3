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

    /// `shown`: the one escaping function for messages and listings.
    @Test func shownEscapesWhatATerminalActsOn() {
        #expect(shown("a\u{1B}]52;c;eA==\u{07}b", limit: nil) == "a\\u001B]52;c;eA==\\u0007b")
        #expect(
            shown("\n\t\r\u{7F}\u{85}\u{9B}\u{2028}\u{2029}", limit: nil) == #"\n\t\r\u007F\u0085\u009B\u2028\u2029"#)
        #expect(shown("卷积 ok é", limit: nil) == "卷积 ok é")
        #expect(shown("a\u{202E}b\u{2066}c", limit: nil) == #"a\u202Eb\u2066c"#)
        #expect(shown(String(repeating: "x", count: 50)) == String(repeating: "x", count: 40) + "…")
        #expect(
            shown(bytes: [0x61, 0xFF, 0xC3, 0x28, 0xE5, 0x8D, 0xB7, 0xED, 0xA0, 0x80]) == #"a\xFF\xC3(卷\xED\xA0\x80"#)
        #expect(FileName(bytes: [0x61, 0x0A, 0xFE]).description == #"a\n\xFE"#)
        #expect(FileName("").description == "''")
        #expect(FileName(bytes: [0x61, 0xFF]).string == "a\u{FFFD}")
        #expect(!FileName(bytes: [0x61, 0xFF]).isUTF8 && FileName("卷").isUTF8)
        #expect(FileName("dir/06-padding.json").baseName == FileName("06-padding"))
        #expect(FileName("dir/").appending(FileName("x.json")) == FileName("dir/x.json"))
    }
}
