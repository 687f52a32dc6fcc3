import Foundation
import Testing

/// `convlens try`: the explainer on flags, `--save`, `--pytorch`, and every illegal setup as one line (64).
@Suite struct TryTests {
    static let strided = ["try", "--input", "5", "--kernel", "3", "--stride", "2", "--padding", "1"]

    @Test func plainFrameShowsTheFormula() throws {
        let r = try convlens(Self.strided + ["--plain", "--step", "1"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("W2 = ⌊(W1 + 2P − F)/S⌋ + 1 = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3"), "\(r.stdout)")
        #expect(r.stdout.contains("Try: conv 1×5×5 → 1×3×3"), "\(r.stdout)")
        #expect(r.stdout.contains("step 1/9"))
        let end = try convlens(Self.strided + ["--plain", "--keys", "End", "--width", "100", "--height", "30"])
        #expect(end.status == 0 && end.stdout.contains("step 9/9"), "\(end)")
        let past = try convlens(Self.strided + ["--plain", "--step", "10"])
        #expect(past.status == 64 && past.stderr == "convlens: --step 10 is past the last step (9)\n", "\(past)")
    }

    /// Without a terminal `try` says so in one line, as `play` does.
    @Test func needsATerminal() throws {
        let r = try convlens(Self.strided, environment: ["TERM": "dumb"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r)")
    }

    @Test func pytorchCall() throws {
        let r = try convlens([
            "try", "--input", "3x5x5", "--filters", "2", "--stride", "2", "--padding", "1", "--pytorch",
        ])
        #expect(r.status == 0, "\(r)")
        #expect(
            r.stdoutLines.contains(
                "layer = nn.Conv2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), bias=True)"
            ),
            "\(r.stdout)")
        #expect(r.stdoutLines.contains("print(y.shape)  # torch.Size([1, 2, 3, 3])"))
        #expect(r.stdoutLines.contains("# relationship 6 (zero padding, non-unit strides): o = ⌊(i + 2p − k)/s⌋ + 1"))
        let t = try convlens([
            "try", "--op", "transposed", "--input", "2x3x4", "--stride", "2", "--padding", "1", "--output-padding",
            "1x0", "--pytorch",
        ])
        #expect(t.status == 0, "\(t)")
        #expect(
            t.stdout.contains(
                "nn.ConvTranspose2d(2, 1, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), "
                    + "output_padding=(1, 0), dilation=(1, 1), bias=True)"), "\(t.stdout)")
        #expect(t.stdout.contains("torch.Size([1, 1, 6, 7])"))
        #expect(t.stdout.contains("layer.weight is [C_in][C_out][kh][kw] = [2, 1, 3, 3]"))
        #expect(t.stdout.contains("# height: relationship 14"), "per axis when the axes differ: \(t.stdout)")
        #expect(t.stdout.contains("# width: relationship 13"), "\(t.stdout)")
        let same = try convlens(["try", "--input", "5", "--kernel", "4", "--padding", "same", "--pytorch"])
        #expect(same.stdout.contains("padding=\"same\""), "\(same)")
    }

    static let illegal: [([String], String)] = [
        (["--stride", "0"], "--stride: 0 is too small; expected 1 to 32"),
        (["--stride", "-2"], "--stride: -2 is too small; expected 1 to 32"),
        (["--stride", "33"], "--stride: 33 is over the limit of 32"),
        (["--stride", "two"], "--stride: expected a whole number or HxW (e.g. 2 or 1x2), not 'two'"),
        (["--dilation", "1x0"], "--dilation: 0 is too small; expected 1 to 32"),
        (["--padding", "-1"], "--padding: -1 is negative; expected 0 to 64"),
        (["--padding", "middle"], "--padding: expected a whole number, HxW, valid, same or full, not 'middle'"),
        (["--kernel", "9"], "--kernel: the kernel (9×9) is larger than the padded input (5×5)"),
        (
            ["--kernel", "3", "--dilation", "3"],
            "--kernel: the dilated kernel (7×7) is larger than the padded input (5×5)"
        ),
        (["--kernel", "0"], "--kernel: has 0 rows; expected at least 1"),
        (["--input", "0x5"], "--input: has 0 rows; expected at least 1"),
        (["--input", "2x3x4x5"], "--input: expected N, HxW or CxHxW (e.g. 5, 5x7 or 3x5x5), not '2x3x4x5'"),
        (["--input", "17x5x5"], "--input: has 17 channels, over the limit of 16"),
        (["--filters", "17"], "--filters: has 17 filters, over the limit of 16"),
        (["--op", "pool"], "--op: expected conv or transposed, not 'pool'"),
        (["--output-padding", "1"], "--output-padding: applies to transposed convolution only"),
        (
            ["--op", "transposed", "--stride", "2", "--output-padding", "2"],
            "--output-padding: 2 on the height axis must be at least 0 and smaller than the stride (2) or the "
                + "dilation (1)"
        ),
        (
            ["--op", "transposed", "--padding", "same"],
            "--padding same: \"same\" applies to direct convolution only; give the padding as a number"
        ),
        (
            ["--op", "transposed", "--kernel", "1", "--padding", "3"],
            "--padding: crops 6×6 from the 5×5 scatter result, leaving no output; use less padding"
        ),
        (["--fill", "zeros"], "--fill: expected random, index or ones, not 'zeros'"),
        (["--fill", "ones", "--seed", "1"], "--seed applies to --fill random only"),
    ]

    @Test(arguments: illegal) func illegalSetupIsOneLine(_ flags: [String], _ message: String) throws {
        let r = try convlens(["try", "--input", "5"] + flags + ["--pytorch"])
        #expect(r.status == 64, "\(r)")
        #expect(r.stderr == "convlens: \(message)\n", "\(r)")
        #expect(r.stdout == "")
    }

    /// "same" with a stride is refused with what TensorFlow would do instead.
    @Test func sameWithStride() throws {
        let r = try convlens(["try", "--input", "5", "--padding", "same", "--stride", "2", "--pytorch"])
        #expect(r.status == 64)
        #expect(
            r.stderr.hasPrefix(
                "convlens: --padding same: \"same\" needs stride 1, but the stride is 2; PyTorch refuses it"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func flagCombinations() throws {
        for args in [["--force"], ["--plain", "--pytorch"], ["--plain", "--save", "x.json"]] {
            let r = try convlens(["try", "--input", "5"] + args)
            #expect(r.status == 64, "\(args): \(r)")
            #expect(r.stderr.hasPrefix("Error: "), "\(r)")
        }
        let missing = try convlens(["try", "--pytorch"])
        #expect(missing.status == 64 && missing.stderr.contains("--input"), "\(missing)")
    }
}

/// `try --save`: the file passes `validate`, reopens to the same numbers, is written atomically, and an existing
/// file is kept unless `--force`.
@Suite struct TrySaveTests {
    /// `--force` replaces a scenario file, never a device, a FIFO or a directory; a wrong path says why.
    @Test func forceNeverReplacesWhatIsNotAFile() throws {
        try withTemporaryDirectory { dir in
            let fifo = dir.appendingPathComponent("pipe").path
            #expect(mkfifo(fifo, 0o600) == 0)
            let plain = dir.appendingPathComponent("plain").path
            #expect(FileManager.default.createFile(atPath: plain, contents: Data("x".utf8)))
            let cases: [(String, String)] = [
                ("/dev/null", "is a character device, expected a scenario file"),
                (fifo, "is a FIFO (named pipe), expected a scenario file"),
                (dir.path, "is a directory, expected a scenario file"),
                (plain + "/x.json", "a part of the path is not a directory"),
            ]
            for (target, message) in cases {
                let r = try convlens(["try", "--input", "5", "--save", target, "--force"])
                #expect(r.status == 73, "\(target): \(r)")
                #expect(r.stderr == "\(target): \(message)\n", "\(r)")
            }
            var info = stat()
            #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
            #expect(lstat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        }
    }

    @Test func saveValidateEval() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("s.json").path
            let r = try convlens(TryTests.strided + ["--seed", "7", "--save", file])
            #expect(r.status == 0, "\(r)")
            #expect(r.stdout == "\(file): written\n")
            let v = try convlens(["validate", file])
            #expect(v.status == 0 && v.stdout == "\(file): ok\n", "\(v)")
            let plain = try convlens(["play", file, "--plain", "--step", "4"])
            let direct = try convlens(TryTests.strided + ["--seed", "7", "--plain", "--step", "4"])
            #expect(plain.stdout == direct.stdout, "the saved file opens to the same screen")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s.json"], "no temporary file")
        }
    }

    @Test func refusesAnExistingFileUnlessForced() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("s.json")
            try Data("keep me".utf8).write(to: file)
            let r = try convlens(TryTests.strided + ["--save", file.path])
            #expect(r.status == 73, "\(r)")
            #expect(r.stderr == "\(file.path): already exists; add --force to replace it\n")
            #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
            // A dangling link is a name that exists too.
            let link = dir.appendingPathComponent("link.json")
            try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "nowhere.json")
            let l = try convlens(TryTests.strided + ["--save", link.path])
            #expect(l.status == 73, "\(l)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nowhere.json").path))
            let forced = try convlens(TryTests.strided + ["--save", file.path, "--force"])
            #expect(forced.status == 0, "\(forced)")
            #expect(try convlens(["validate", file.path]).status == 0)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            #expect(names == ["link.json", "s.json"], "no temporary file left: \(names)")
        }
    }

    @Test func cannotCreate() throws {
        try withTemporaryDirectory { dir in
            let missing = dir.appendingPathComponent("no/such/dir/s.json").path
            let r = try convlens(TryTests.strided + ["--save", missing])
            #expect(r.status == 73, "\(r)")
            #expect(r.stderr == "\(missing): no such directory\n", "\(r)")
            let r2 = try convlens(TryTests.strided + ["--save", dir.path, "--force"])
            #expect(r2.status == 73, "a directory is not replaced: \(r2)")
        }
    }

    /// Atomic: a reader never sees a half-written file. The old file stays whole until the rename, so the file
    /// is always either the old bytes or a complete scenario.
    @Test func replaceIsAtomic() throws {
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("s.json")
            let big = ["try", "--input", "16x64x64", "--kernel", "3", "--fill", "index", "--save", file.path]
            #expect(try convlens(big).status == 0)
            let first = try Data(contentsOf: file)
            let seen = try shell(
                """
                for i in 1 2 3 4 5; do "$CONVLENS" try --input 16x64x64 --kernel 3 --seed $i --save '\(file.path)' \
                --force & done
                n=0; while [ $n -lt 200 ]; do "$CONVLENS" validate '\(file.path)' >/dev/null || echo BROKEN; \
                n=$((n+1)); done; wait
                """, timeout: 120)
            #expect(!seen.stdout.contains("BROKEN"), "\(seen)")
            #expect(try convlens(["validate", file.path]).status == 0)
            #expect(try Data(contentsOf: file) != first)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s.json"])
        }
    }

    /// Random setups of Golden/try_golden.json (make_try_golden.py, numpy loops): try → save → validate → eval
    /// gives the reference output exactly.
    @Test func roundTripMatchesTheGoldenReference() throws {
        let url = repoRoot.appendingPathComponent("Tests/ConvModelTests/Golden/try_golden.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count >= 20)
        try withTemporaryDirectory { dir in
            for (i, c) in cases.enumerated() {
                let args = try #require(c["args"] as? [String])
                let file = dir.appendingPathComponent("case\(i).json").path
                let saved = try convlens(["try"] + args + ["--save", file])
                try #require(saved.status == 0, "\(args): \(saved)")
                #expect(try convlens(["validate", file]).status == 0)
                let eval = try convlens(["eval", file])
                let object = try jsonObject(eval.stdoutLines.first ?? "")
                #expect(object["output_shape"] as? [Int] == c["output_shape"] as? [Int], "\(args)")
                #expect(numbers(object["output"] as Any) == numbers(c["output"] as Any), "\(args)")
            }
        }
    }
}
