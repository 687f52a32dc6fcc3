import Foundation
import ScenarioFormat
import Testing

/// The file layer's messages: what each errno means for a user, in words (CI runs as root, so a denied
/// permission is checked here, on the mapping itself).
@Suite struct FileAccessTests {
    @Test func errnoMessages() {
        #expect(FileAccess.problem(errno: ENOENT).text(.en) == "no such file")
        #expect(FileAccess.problem(errno: ENOENT, directory: true).text(.en) == "no such directory")
        #expect(FileAccess.problem(errno: EACCES).text(.en) == "permission denied")
        #expect(
            FileAccess.problem(errno: ELOOP).text(.en)
                == "too many levels of symbolic links (a link that leads back to itself?)")
        #expect(FileAccess.problem(errno: ENAMETOOLONG).text(.en) == "the name is too long for the file system")
        #expect(FileAccess.problem(errno: ENOTDIR).text(.en) == "a part of the path is not a directory")
        #expect(FileAccess.problem(errno: EISDIR).text(.en) == "is a directory, expected a scenario file")
        #expect(FileAccess.problem(errno: EIO).text(.en) == "input/output error")
        #expect(FileAccess.problem(errno: EMFILE).text(.en) == "too many open files")
        // Anything else: the system's words, in lower case.
        #expect(FileAccess.problem(errno: EXDEV).text(.en) == "invalid cross-device link")
    }

    @Test func loadNamesTheKindOfFile() throws {
        func loadError(_ path: String) -> ScenarioError? {
            do {
                _ = try Scenario.load(path: path)
                return nil
            } catch {
                return error
            }
        }
        #expect(loadError("/")?.kind == .unreadable)
        #expect(loadError("/")?.description == "/: is a directory, expected a scenario file")
        #expect(loadError("/dev/null")?.kind == .unreadable)
        #expect(loadError("/dev/null")?.description == "/dev/null: is a character device, expected a scenario file")
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
