import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// The commands as a user runs them: the real binary, its stdout, stderr and exit status.
@Suite struct CommandTests {
    @Test func binaryExists() {
        #expect(
            FileManager.default.isExecutableFile(atPath: convlensBinary),
            "no convlens binary at \(convlensBinary); run `swift build` or set CONVLENS_BIN")
    }

    // MARK: eval

    @Test func evalCatalogName() throws {
        let run = try convlens(["eval", "06"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        let lines = run.stdoutLines
        try #require(lines.count == 1, "\(run)")
        let output = #""output_shape": [1, 3, 3], "output": [[[6, 17, 3], [8, 17, 13], [6, 4, 4]]]"#
        #expect(lines[0].contains(output), "\(lines[0])")
        #expect(!lines[0].contains(".0"), "integers print without .0: \(lines[0])")
        let object = try jsonObject(lines[0])
        #expect(object["file"] as? String == catalogDir.appendingPathComponent("06-padding-strides.json").path)
        #expect(object["op"] as? String == "conv")
        #expect(object["title"] as? String == "Padding 1, stride 2")
        #expect(object["geometry"] == nil)
    }

    /// Every catalog name, in one run: one line each, and the numbers equal the in-process computation
    /// exactly (so the printed decimals round-trip).
    @Test func evalWholeCatalogMatchesModel() throws {
        let files = try catalogFiles()
        let run = try convlens(["eval"] + files.map(\.path))
        #expect(run.status == 0, "\(run)")
        let lines = run.stdoutLines
        try #require(lines.count == files.count, "\(run)")
        for (file, line) in zip(files, lines) {
            let s = try Scenario.load(path: file.path)
            let object = try jsonObject(line)
            #expect(object["file"] as? String == file.path)
            #expect(object["output_shape"] as? [Int] == s.layer.outputShape, "\(file.lastPathComponent)")
            #expect(numbers(object["output"] as Any) == s.layer.output().values, "\(file.lastPathComponent)")
            #expect(object["op"] as? String == s.layer.op.rawValue)
        }
    }

    /// Decimal scenarios print exact decimals: 0.1 + 0.2 − 0.3 is 0 (not 5.551115123125783e-17) and 0.1 + 0.2 is 0.3
    /// (not 0.30000000000000004), for direct and transposed layers.
    @Test func evalPrintsExactDecimals() throws {
        try withTemporaryDirectory { dir in
            let conv = dir.appendingPathComponent("conv.json")
            try Data(
                #"{"title": "tenths", "input": [[[0.1, 0.2, 0.3]]], "kernel": [[[[1, 1, -1]]], [[[1, 1, 0]]]]}"#.utf8
            ).write(to: conv)
            let transposed = dir.appendingPathComponent("transposed.json")
            try Data(
                #"{"title": "t", "op": "transposed", "input": [[[0.1, 0.2, 0.3]]], "kernel": [[[[-1, 1, 1]]]]}"#.utf8
            ).write(to: transposed)
            let run = try convlens(["eval", conv.path, transposed.path])
            #expect(run.status == 0, "\(run)")
            let lines = run.stdoutLines
            try #require(lines.count == 2, "\(run)")
            #expect(lines[0].contains(#""output": [[[0]], [[0.3]]]"#), "\(lines[0])")
            // −0.1, 0.1 − 0.2, 0.1 + 0.2 − 0.3, 0.2 + 0.3, 0.3.
            #expect(lines[1].contains(#""output": [[[-0.1, -0.1, 0, 0.5, 0.3]]]"#), "\(lines[1])")
            #expect(!run.stdout.contains("0000"), "\(run.stdout)")
        }
    }

    @Test func evalGeometry() throws {
        let run = try convlens(["eval", "--geometry", "06", "11", "14"])
        #expect(run.status == 0, "\(run)")
        let lines = run.stdoutLines
        try #require(lines.count == 3, "\(run)")
        let conv = try #require(try jsonObject(lines[0])["geometry"] as? [String: Any])
        #expect(conv["input_shape"] as? [Int] == [1, 5, 5])
        #expect(conv["kernel_shape"] as? [Int] == [1, 1, 3, 3])
        #expect(conv["stride"] as? [Int] == [2, 2])
        #expect(conv["dilation"] as? [Int] == [1, 1])
        #expect(conv["padding"] as? [String: Int] == ["top": 1, "bottom": 1, "left": 1, "right": 1])
        #expect(conv["effective_kernel"] as? [Int] == [3, 3])
        #expect(conv["padded_size"] as? [Int] == [7, 7])
        #expect(conv["untapped_rows"] as? [Int] == [])
        #expect(conv["parameters"] as? [String: Int] == ["conv": 10, "fully_connected": 234])

        let field = try #require(try jsonObject(lines[1])["geometry"] as? [String: Any])
        #expect(field["receptive_field"] as? [Int] == [3, 7, 15])
        #expect(field["compare_receptive_field"] as? [Int] == [3, 5, 7])
        #expect(field["effective_kernel"] as? [Int] == [5, 5])

        let transposed = try jsonObject(lines[2])
        #expect(transposed["op"] as? String == "transposed")
        #expect(transposed["output_shape"] as? [Int] == [1, 5, 5])
        let g = try #require(transposed["geometry"] as? [String: Any])
        #expect(g["scatter_size"] as? [Int] == [7, 7])
        #expect(g["output_padding"] as? [Int] == [0, 0])
        #expect((g["overlap"] as? [[Int]])?.count == 7)
        #expect(g["equivalent_conv"] is [String: Any])
        #expect(g["padded_size"] == nil)
    }

    // MARK: validate and list

    @Test func validateWholeCatalog() throws {
        let files = try catalogFiles()
        #expect(files.count >= 16)
        let run = try convlens(["validate"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        #expect(run.stdoutLines == files.map { "\($0.path): ok" })
        // The same files named explicitly, and by catalog name.
        let explicit = try convlens(["validate"] + files.map(\.path))
        #expect(explicit.status == 0)
        #expect(explicit.stdoutLines == run.stdoutLines)
        let byName = try convlens(["validate", "06", "15-transposed-output-padding"])
        #expect(byName.stdoutLines == [files[5].path + ": ok", files[14].path + ": ok"], "\(byName)")
    }

    @Test func listCatalog() throws {
        let run = try convlens(["list"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr == "")
        let rows = run.stdoutLines
        let files = try catalogFiles()
        try #require(rows.count == files.count, "\(run)")
        for (row, file) in zip(rows, files) {
            let s = try Scenario.load(path: file.path)
            let name = file.deletingPathExtension().lastPathComponent
            let words = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(words.first == name, "\(row)")
            #expect(words.count > 5 && words[1] == s.layer.op.rawValue, "\(row)")
            #expect(row.contains(" \(s.shapeSummary) "), "\(row)")
            #expect(row.hasSuffix(s.title.text(.en)), "\(row)")
        }
        let transposed = try files.filter { try Scenario.load(path: $0.path).layer.op.scatters }.count
        #expect(rows.filter { $0.contains(" transposed ") }.count == transposed)
        #expect(rows[5].contains("1×5×5 → 1×3×3"))
        let zh = try convlens(["list", "--lang", "zh"])
        #expect(zh.stdoutLines.count == files.count)
        #expect(zh.stdoutLines[5].hasSuffix("填充 1，步长 2"), "\(zh)")
    }

    // MARK: usage errors and missing files

    @Test(arguments: [
        ["validate", "--bogus"],
        ["eval"],
        ["eval", "--geometry=yes", "06"],
        ["list", "--lang"],
        ["list", "a", "b"],
        ["validate", "--scenarios"],
    ])
    func usageErrorsExit64(_ args: [String]) throws {
        let run = try convlens(args)
        #expect(run.status == 64, "\(args): \(run)")
        #expect(run.stdout == "")
        #expect(run.stderr.contains("Usage:") || run.stderr.contains("Error:"), "\(run)")
    }

    /// An unknown language is a usage error whose one line lists the languages, for list as for play.
    @Test func unknownLanguageExits64() throws {
        for command in ["list", "play"] {
            let run = try convlens([command, "--lang", "xx"])
            #expect(run.status == 64, "\(command): \(run)")
            let first = run.stderr.split(separator: "\n").first.map(String.init)
            #expect(
                first
                    == "Error: The value 'xx' is invalid for '--lang <LANG>'. Please provide one of 'en' and 'zh'.")
        }
    }

    @Test func missingFilesExit66() throws {
        try withTemporaryDirectory { dir in
            let missing = dir.appendingPathComponent("nope.json").path
            for command in ["validate", "eval"] {
                let run = try convlens([command, missing])
                #expect(run.status == 66, "\(command): \(run)")
                #expect(run.stderr == "\(missing): no such file\n")
                #expect(run.stdout == "")
            }
            let noDir = dir.appendingPathComponent("nowhere").path
            let list = try convlens(["list", noDir])
            #expect(list.status == 66, "\(list)")
            #expect(list.stderr == "\(noDir): no such directory\n")
            let flag = try convlens(["validate", "--scenarios", noDir])
            #expect(flag.status == 66, "\(flag)")
        }
    }

    // MARK: finding the catalog

    /// A small catalog of its own: two good scenarios and, optionally, a bad one.
    func makeCatalog(in dir: URL, bad: Bool = false) throws -> [String] {
        let files = try catalogFiles()
        try FileManager.default.copyItem(at: files[0], to: dir.appendingPathComponent("a-first.json"))
        try FileManager.default.copyItem(at: files[12], to: dir.appendingPathComponent("b-second.json"))
        try Data("not a scenario".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        if bad {
            try FileManager.default.copyItem(
                at: corpusDir.appendingPathComponent("shape-bias-length.json"),
                to: dir.appendingPathComponent("c-bad.json"))
        }
        return ["a-first.json", "b-second.json"].map { dir.appendingPathComponent($0).path }
    }

    @Test func scenariosFlagAndEnvironmentRedirectTheCatalog() throws {
        try withTemporaryDirectory { dir in
            let paths = try makeCatalog(in: dir)
            let viaFlag = ["--scenarios", dir.path]
            let viaEnv = ["CONVLENS_SCENARIOS": dir.path]
            for (args, env) in [(viaFlag, [String: String]()), ([], viaEnv)] {
                let validate = try convlens(["validate"] + args, environment: env)
                #expect(validate.status == 0, "\(validate)")
                #expect(validate.stdoutLines == paths.map { "\($0): ok" })
                let list = try convlens(["list"] + args, environment: env)
                #expect(list.stdoutLines.count == 2, "\(list)")
                #expect(list.stdoutLines.first?.hasPrefix("a-first ") == true)
                #expect(list.stdoutLines.last?.hasPrefix("b-second ") == true)
                #expect(list.stdoutLines.last?.contains(" transposed ") == true)
                // Catalog names resolve in the redirected catalog: "b" is b-second, "06" is nowhere.
                let eval = try convlens(["eval"] + args + ["b"], environment: env)
                #expect(eval.status == 0, "\(eval)")
                #expect(try jsonObject(eval.stdout)["file"] as? String == paths[1])
                let gone = try convlens(["eval"] + args + ["06"], environment: env)
                #expect(gone.status == 66, "\(gone)")
                #expect(gone.stderr == "06: no such file\n")
            }
            // The flag wins over the environment.
            let both = try convlens(
                ["list", "--scenarios", dir.path],
                environment: ["CONVLENS_SCENARIOS": "/nonexistent"])
            #expect(both.stdoutLines.count == 2, "\(both)")
            let envOnly = try convlens(["list"], environment: ["CONVLENS_SCENARIOS": "/nonexistent"])
            #expect(envOnly.status == 66, "\(envOnly)")
            // `list DIR` too.
            #expect(try convlens(["list", dir.path]).stdoutLines.count == 2)
        }
    }

    /// A bad file in a catalog: listed as an error line, the others still listed, exit 65.
    @Test func badFileInCatalog() throws {
        try withTemporaryDirectory { dir in
            _ = try makeCatalog(in: dir, bad: true)
            let bad = dir.appendingPathComponent("c-bad.json").path
            let list = try convlens(["list", dir.path])
            #expect(list.status == 65, "\(list)")
            #expect(list.stdoutLines.count == 2)
            #expect(list.stderr == "\(bad): bias: has 2 number(s), expected 1 (one per filter)\n")
            let validate = try convlens(["validate", "--scenarios", dir.path])
            #expect(validate.status == 65)
            #expect(validate.stdoutLines.count == 2)
            #expect(validate.stderr == list.stderr)
        }
    }

    /// Started from another directory, the binary still finds the catalog shipped beside its build.
    @Test func runsFromAnotherDirectory() throws {
        let tmp = URL(fileURLWithPath: "/tmp")
        let eval = try convlens(["eval", "06"], cwd: tmp)
        #expect(eval.status == 0, "\(eval)")
        #expect(eval.stdout.contains("[[[6, 17, 3], [8, 17, 13], [6, 4, 4]]]"))
        let count = try catalogFiles().count
        let list = try convlens(["list"], cwd: tmp)
        #expect(list.stdoutLines.count == count, "\(list)")
        let validate = try convlens(["validate"], cwd: tmp)
        #expect(validate.status == 0)
        #expect(validate.stdoutLines.count == count)
        // A relative path is taken relative to the working directory.
        let relative = try convlens(["validate", "Scenarios/06-padding-strides.json"], cwd: repoRoot)
        #expect(relative.stdout == "Scenarios/06-padding-strides.json: ok\n", "\(relative)")
    }

    // MARK: read-only

    struct Snapshot: Equatable {
        let bytes: Data
        let modified: Date
        let permissions: Int
    }

    func snapshot(_ dir: URL) throws -> [String: Snapshot] {
        var result: [String: Snapshot] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let path = dir.appendingPathComponent(name).path
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            result[name] = Snapshot(
                bytes: try Data(contentsOf: URL(fileURLWithPath: path)),
                modified: attributes[.modificationDate] as! Date,
                permissions: (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1)
        }
        return result
    }

    /// `bench --quick` on one small scenario measures everything and prints its tables: one row per size in each
    /// table, one eval row (the figures are times, so only the form is checked: no timed test). Absurd sizes and
    /// counts are usage errors that state the range.
    @Test func benchQuickPrintsItsTables() throws {
        let run = try convlens(["bench", "--quick", "01"], timeout: 180)
        #expect(run.status == 0, "\(run)")
        let lines = run.stdoutLines
        for title in ["first frame: ", "step: ", "held →, 20 presses: ", "edit: ", "eval: "] {
            #expect(lines.contains { $0.hasPrefix(title) }, "no table '\(title)'\n\(run)")
        }
        #expect(
            lines.contains { $0.hasPrefix("scenario") && $0.contains("bytes/step") && $0.contains("changed cells") })
        #expect(lines.contains { $0.hasPrefix("scenario") && $0.contains("eval ms") && $0.contains("peak MB") })
        let rows = lines.filter { $0.hasPrefix("01-no-padding ") }
        #expect(rows.filter { $0.contains(" 80×24 ") }.count == 4, "\(run)")
        #expect(rows.filter { $0.contains(" 200×60 ") }.count == 4, "\(run)")
        #expect(rows.count == 9, "\(run)")
        let absurd = try convlens(["bench", "--width", "100000", "--height", "100000", "01"])
        #expect(absurd.status == 64, "\(absurd)")
        #expect(absurd.stderr.contains("--width must be 10…1000 (got 100000)"), "\(absurd)")
        #expect(try convlens(["bench", "--steps", "0", "01"]).status == 64)
        #expect(try convlens(["bench", "--measure", "fps", "01"]).status == 64)
    }

    /// Steps are measured in rounds that take the scenarios in turn, each round going on with the next stretch of
    /// every walk: the same positions as one walk per scenario, so the cells changed per step are the same whatever
    /// the rounds.
    @Test func benchStepRoundsWalkTheSamePositions() throws {
        func changed(repeats: Int) throws -> [String] {
            let run = try convlens(
                [
                    "bench", "--measure", "step", "--steps", "7", "--repeats", "\(repeats)", "--width", "80",
                    "--height",
                    "24", "06", "09",
                ], timeout: 120)
            #expect(run.status == 0, "\(run)")
            // scenario, size, ms, (min–max), bytes, (min–max), changed, (min–max), bytes/changed
            return run.stdoutLines.filter { $0.hasPrefix("06-") || $0.hasPrefix("09-") }.map {
                let fields = $0.split(separator: " ", omittingEmptySubsequences: true)
                return fields.count >= 8 ? "\(fields[0]) \(fields[6]) \(fields[7])" : "?"
            }
        }
        let one = try changed(repeats: 1)
        #expect(one.count == 2 && !one.contains("?"), "\(one)")
        #expect(try changed(repeats: 3) == one)
    }

    /// `--view` takes the steps in another view than the one a scenario opens in (the matrix view of 06 changes
    /// other cells than its conv view); a scenario it does not apply to is left out, said on stderr; an unknown
    /// view is a usage error.
    @Test func benchViewTakesTheStepsInThatView() throws {
        func changed(_ extra: [String]) throws -> (String, String) {
            let run = try convlens(
                ["bench", "--measure", "step", "--steps", "7", "--repeats", "1", "--width", "80", "--height", "24"]
                    + extra + ["06"], timeout: 120)
            #expect(run.status == 0, "\(run)")
            let row = run.stdoutLines.first { $0.hasPrefix("06-") } ?? ""
            let fields = row.split(separator: " ", omittingEmptySubsequences: true)
            return (fields.count >= 8 ? "\(fields[6])" : "-", run.stderr)
        }
        let conv = try changed([])
        let matrix = try changed(["--view", "matrix"])
        #expect(conv.0 != "-" && matrix.0 != "-" && conv.0 != matrix.0, "\(conv) \(matrix)")
        let scatter = try changed(["--view", "scatter"])
        #expect(scatter.0 == "-" && scatter.1.contains("--view scatter does not apply to 06-padding-strides"))
        #expect(try convlens(["bench", "--view", "nope", "06"]).status == 64)
    }

    /// validate, eval and list read their files and never write them: same bytes, mtime and mode after,
    /// and no new files beside them. Checked on copies (good and bad) and on the shipped catalog itself.
    @Test func commandsNeverModifyTheirFiles() throws {
        try withTemporaryDirectory { dir in
            _ = try makeCatalog(in: dir, bad: true)
            let names = [
                "ok-bom.json", "ok-crlf.json", "syntax-trailing-comma.json", "encoding-latin1.json",
                "binary-nul-bytes.json",
            ]
            for name in names {
                try FileManager.default.copyItem(
                    at: corpusDir.appendingPathComponent(name),
                    to: dir.appendingPathComponent(name))
            }
            // An old mtime, so that any rewrite would show even within the file system's time resolution.
            let old = Date(timeIntervalSince1970: 1_000_000_000)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                let path = dir.appendingPathComponent(name).path
                try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
            }
            let before = try snapshot(dir)
            let catalogBefore = try snapshot(catalogDir)
            let paths = before.keys.sorted().filter { $0.hasSuffix(".json") }
                .map { dir.appendingPathComponent($0).path }
            _ = try convlens(["validate"] + paths)
            _ = try convlens(["eval", "--geometry"] + paths)
            _ = try convlens(["list", dir.path])
            _ = try convlens(["validate", "--scenarios", dir.path])
            _ = try convlens(["validate"])
            _ = try convlens(["eval", "--geometry"] + (try catalogFiles()).map(\.path))
            let after = try snapshot(dir)
            #expect(after.keys.sorted() == before.keys.sorted())
            for (name, snap) in before { #expect(after[name] == snap, "\(name) changed") }
            #expect(after.values.allSatisfy { $0.modified == old })
            #expect(try snapshot(catalogDir) == catalogBefore)
        }
    }
}
