import Foundation
import Testing

/// eval's JSON never carries a character that acts on the terminal showing it: DEL, C1 controls (0x9B is CSI),
/// line separators and bidi controls are \u escapes (issue 8).
@Suite struct EvalEscapeTests {
    @Test func controlCharactersInNamesAreEscaped() throws {
        try withTemporaryDirectory { dir in
            let source = try catalogFiles()[0]
            let name = "a\u{7F}b\u{9B}c\u{2028}d\u{202E}e.json"
            let path = dir.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: source.path, toPath: path)
            let run = try convlens(["eval", path])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("a\\u007fb\\u009bc\\u2028d\\u202ee.json"), "\(run.stdout.prefix(200))")
            #expect(!run.stdout.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        }
    }
}
