import Foundation
import Testing

/// An output that cannot be written (a full disk, a pipe whose reader has gone, a closed descriptor) ends the
/// program with EX_IOERR (74) and one line on stderr, never a crash, a silent death by SIGPIPE, or a 0 with the
/// output lost. An error line that cannot be written is dropped (there is nowhere left to say so).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
struct OutputTests {
    func expectIOError(_ r: Run, _ why: String, _ comment: Comment? = nil) {
        #expect(!r.signalled && !r.timedOut, "\(comment ?? ""): \(r)")
        #expect(r.status == 74, "\(comment ?? ""): \(r)")
        #expect(r.stderr == "convlens: cannot write the output: \(why)\n", "\(comment ?? ""): \(r)")
    }

    @Test func fullDisk() throws {
        let commands = [
            "eval 06", "eval --geometry 06 11 14", "validate", "list", "play 06 --plain", "play 06 --plain --step 2",
            "--help", "eval --help", "--version",
        ]
        for command in commands {
            expectIOError(
                try shell(#"exec "$CONVLENS" \#(command) > /dev/full"#), "no space left on device", "\(command)")
        }
    }

    /// Large outputs fail while they are written, not only at the end.
    @Test func fullDiskPartWay() throws {
        let all = try catalogFiles().map(\.path).joined(separator: " ")
        expectIOError(
            try shell(#"exec "$CONVLENS" eval --geometry \#(all) \#(all) \#(all) > /dev/full"#),
            "no space left on device")
    }

    @Test func readerHasGone() throws {
        for args in [["eval", "06"], ["list"], ["play", "06", "--plain"]] {
            let r = try spawn(convlensBinary, args, closedStdout: true)
            expectIOError(r, "broken pipe (the reader has gone)", "\(args)")
        }
    }

    @Test func closedStandardOutput() throws {
        for command in ["eval 06", "validate 06", "list"] {
            expectIOError(try shell(#"exec "$CONVLENS" \#(command) >&-"#), "standard output is closed", "\(command)")
        }
        // With stdout closed, a scenario file opened later must not take its place (descriptor 1).
        let r = try shell(#"exec "$CONVLENS" eval 06 11 >&-"#)
        expectIOError(r, "standard output is closed")
    }

    /// Errors still end with their own status when stderr cannot take them.
    @Test func errorsToAFullOrClosedStderr() throws {
        let bad = corpusDir.appendingPathComponent("syntax-trailing-comma.json").path
        for redirect in ["2>/dev/full", "2>&-", ">/dev/null 2>/dev/full"] {
            let r = try shell(#"exec "$CONVLENS" validate '\#(bad)' \#(redirect)"#)
            #expect(!r.signalled && r.status == 65, "\(redirect): \(r)")
            let missing = try shell(#"exec "$CONVLENS" eval /nonexistent.json \#(redirect)"#)
            #expect(!missing.signalled && missing.status == 66, "\(redirect): \(missing)")
            let usage = try shell(#"exec "$CONVLENS" eval --bogus \#(redirect)"#)
            #expect(!usage.signalled && usage.status == 64, "\(redirect): \(usage)")
        }
        // Both closed: the status says it all.
        let both = try shell(#"exec "$CONVLENS" eval 06 >&- 2>&-"#)
        #expect(!both.signalled && both.status == 74, "\(both)")
    }

    /// A failure of the command itself keeps its status; the lost output is still said.
    @Test func commandFailureWins() throws {
        let bad = corpusDir.appendingPathComponent("syntax-trailing-comma.json").path
        let r = try shell(#"exec "$CONVLENS" validate 06 '\#(bad)' > /dev/full"#)
        #expect(r.status == 65, "\(r)")
        #expect(r.stderr.hasSuffix("convlens: cannot write the output: no space left on device\n"), "\(r)")
    }
}
