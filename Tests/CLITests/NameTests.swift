import Foundation
import Testing

/// File names and strings from files reach the terminal escaped and on one line: a crafted name can neither
/// write the clipboard (OSC 52), retitle the window, clear the screen nor split a message in two. A name that
/// is not UTF-8 still opens, and is shown with its invalid bytes as `\xFF`.
@Suite struct NameTests {
    /// The bytes a terminal acts on: C0 controls (ESC, BEL, newline…), DEL, C1 controls, U+2028/2029.
    func hasControl(_ s: String) -> Bool {
        s.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
                || $0.value == 0x2028 || $0.value == 0x2029
        }
    }

    func expectClean(_ r: Run, lines: Int, _ comment: Comment? = nil) {
        #expect(!hasControl(r.stdout) && !hasControl(r.stderr), "\(comment ?? ""): \(r.description.debugDescription)")
        let count = r.stdout.split(separator: "\n").count + r.stderr.split(separator: "\n").count
        #expect(count == lines, "\(comment ?? ""): \(r.description.debugDescription)")
    }

    static let crafted: [(name: String, shown: String)] = [
        ("new\nline.json", "new\\nline.json"),
        ("clip\u{1B}]52;c;SGVsbG8=\u{07}.json", "clip\\u001B]52;c;SGVsbG8=\\u0007.json"),
        ("title\u{1B}]0;pwned\u{1B}\\.json", "title\\u001B]0;pwned\\u001B\\.json"),
        ("clear\u{1B}[2J\u{9B}2J\u{7F}.json", "clear\\u001B[2J\\u009B2J\\u007F.json"),
        ("sep\u{2028}\u{2029}\r.json", "sep\\u2028\\u2029\\r.json"),
    ]

    @Test func craftedNamesAreEscapedInEveryLine() throws {
        try withTemporaryDirectory { dir in
            let good = try catalogFiles()[5]
            let bad = corpusDir.appendingPathComponent("syntax-trailing-comma.json")
            for (name, shown) in Self.crafted {
                let goodPath = dir.appendingPathComponent("ok-" + name)
                let badPath = dir.appendingPathComponent("bad-" + name)
                try FileManager.default.copyItem(at: good, to: goodPath)
                try FileManager.default.copyItem(at: bad, to: badPath)
                let ok = try convlens(["validate", goodPath.path])
                #expect(ok.status == 0, "\(ok)")
                #expect(ok.stdout == dir.path + "/ok-" + shown + ": ok\n")
                expectClean(ok, lines: 1, "ok line")
                let error = try convlens(["validate", badPath.path])
                #expect(error.status == 65, "\(error)")
                #expect(error.stderr.hasPrefix(dir.path + "/bad-" + shown + ": line 5, column 1: "), "\(error)")
                expectClean(error, lines: 1, "error line")
                let missing = try convlens(["eval", dir.appendingPathComponent("none-" + name).path])
                #expect(missing.stderr == dir.path + "/none-" + shown + ": no such file\n")
                expectClean(missing, lines: 1, "missing")
                // eval's JSON escapes C0 controls (ESC, BEL, line breaks); DEL, C1 and U+2028 are left to JSONOut.
                let eval = try convlens(["eval", goodPath.path])
                #expect(eval.status == 0)
                #expect(!eval.stdout.dropLast().unicodeScalars.contains { $0.value < 0x20 }, "\(eval)")
                let play = try convlens(["play", badPath.path, "--plain"])
                expectClean(play, lines: 1, "play")
            }
            // `list` shows each name escaped, one row per file; the bad ones one line each.
            let list = try convlens(["list", dir.path])
            #expect(list.status == 65, "\(list)")
            expectClean(list, lines: 2 * Self.crafted.count, "list")
            for (_, shown) in Self.crafted { #expect(list.stdout.contains("ok-" + shown.dropLast(5) + " ")) }
            // The catalog directory's own name, from the flag or the environment.
            let crafted = dir.appendingPathComponent("dir\u{1B}]52;c;eA==\u{07}").path
            for r in [
                try convlens(["list", "--scenarios", crafted]),
                try convlens(["validate"], environment: ["CONVLENS_SCENARIOS": crafted]),
                try convlens(["play", "--plain"], environment: ["CONVLENS_SCENARIOS": crafted]),
            ] {
                #expect(r.status == 66, "\(r)")
                #expect(r.stderr.contains("dir\\u001B]52;c;eA==\\u0007"), "\(r)")
                expectClean(r, lines: 1, "directory")
            }
        }
    }

    /// A title may hold a line break (the narration wraps it); `list` shows it escaped, on the row.
    @Test func titlesAreOneLineInList() throws {
        try withTemporaryDirectory { dir in
            let text = #"{"title": "two\nlines\u2028here", "input": [[[1]]], "kernel": [[[[1]]]]}"#
            try Data(text.utf8).write(to: dir.appendingPathComponent("t.json"))
            let list = try convlens(["list", dir.path])
            #expect(list.status == 0, "\(list)")
            #expect(list.stdout.hasSuffix(" two\\nlines\\u2028here\n"), "\(list)")
            expectClean(list, lines: 1)
        }
    }

    /// Flag values the parser echoes in its own messages are escaped too.
    @Test func flagValuesAreEscaped() throws {
        let esc = "\u{1B}]0;pwned\u{07}"
        let runs = [
            try convlens(["validate", "--bogus" + esc]),
            try convlens(["list", "--lang", esc]),
            try convlens(["play", "06", "--view", esc]),
            try convlens(["play", "06", "--plain", "--keys", "Tab x" + esc]),
            try convlens(["play", "06", "--plain", "--width", esc]),
        ]
        for r in runs {
            #expect(r.status == 64, "\(r)")
            #expect(
                !hasControl(r.stderr) && r.stderr.contains("\\u001B]0;pwned\\u0007"), "\(r.stderr.debugDescription)")
        }
    }

    /// A name that is not valid UTF-8 opens (the bytes come from argv, not from the repaired string), and is
    /// shown with `\xFF` for its bad bytes — in `validate`, `eval`, `list`, `play`, and as a catalog prefix.
    @Test func namesThatAreNotUTF8() throws {
        try withTemporaryDirectory { dir in
            let good = Array(try Data(contentsOf: try catalogFiles()[5]))
            let bad = Array(try Data(contentsOf: corpusDir.appendingPathComponent("syntax-trailing-comma.json")))
            let names: [([UInt8], [UInt8])] = [
                (Array("good-\u{1}".utf8) + [0xFF] + Array(".json".utf8), good),
                (Array("good-".utf8) + [0xFE] + Array(".json".utf8), good),
                (Array("bad-".utf8) + [0xC3, 0x28] + Array(".json".utf8), bad),
            ]
            for (name, bytes) in names { try write(bytes, to: dir, name) }
            defer { for (name, _) in names { remove(dir, name) } }
            let d = "'\(dir.path)'"
            let args = [#"good-\001\377.json"#, #"good-\376.json"#, #"bad-\303(.json"#]
                .map { #"\#(d)/"$(printf '\#($0)')""# }.joined(separator: " ")
            let validate = try shell(#"exec "$CONVLENS" validate \#(args)"#)
            #expect(validate.status == 65, "\(validate)")
            #expect(
                validate.stdoutLines == ["\(dir.path)/good-\\u0001\\xFF.json: ok", "\(dir.path)/good-\\xFE.json: ok"])
            #expect(validate.stderr.hasPrefix("\(dir.path)/bad-\\xC3(.json: line 5, column 1: "), "\(validate)")
            let eval = try shell(#"exec "$CONVLENS" eval \#(d)/"$(printf 'good-\376.json')""#)
            #expect(eval.status == 0, "\(eval)")
            #expect(eval.stdout.contains("[[[6, 17, 3], [8, 17, 13], [6, 4, 4]]]"))
            let list = try convlens(["list", dir.path])
            #expect(list.stdoutLines.count == 2, "\(list)")
            #expect(list.stdoutLines.first?.hasPrefix("good-\\u0001\\xFF ") == true, "\(list)")
            #expect(list.stdoutLines.last?.hasPrefix("good-\\xFE ") == true, "\(list)")
            #expect(list.stderr == "\(dir.path)/bad-\\xC3(.json: line 5, column 1: " + trailingComma + "\n")
            let play = try shell(#"exec "$CONVLENS" play --scenarios \#(d) "$(printf 'good-\376')" --plain --step 1"#)
            #expect(play.status == 0, "\(play)")
            // Names that are not UTF-8 in the catalog directory's own name (the flag and the environment).
            let odd = try shell(#"exec "$CONVLENS" list "$(printf '\#(dir.path)/no\377')""#)
            #expect(odd.stderr == "\(dir.path)/no\\xFF: no such directory\n", "\(odd)")
        }
    }

    let trailingComma = "unexpected '}' after ',', expected a key in double quotes; JSON allows no trailing comma"

    func write(_ bytes: [UInt8], to dir: URL, _ name: [UInt8]) throws {
        let path = Array(dir.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        let fd = path.withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) } == bytes.count)
    }

    func remove(_ dir: URL, _ name: [UInt8]) {
        let path = Array(dir.path.utf8) + [UInt8(ascii: "/")] + name + [0]
        _ = path.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) } }
    }
}
