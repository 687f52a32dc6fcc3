import Foundation
import Testing

/// Errors about scenario files and setups follow the interface's language: `--lang zh`, or a Chinese locale
/// (LC_ALL, LC_MESSAGES, LANG) where the command has no `--lang`. The file name and the JSON path stay as they are,
/// the exit status too.
@Suite struct ChineseErrorTests {
    /// A Chinese locale, with nothing set before it.
    static let chinese = ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]

    /// Corpus files and their Chinese lines (`FILE` the path as passed), with the exit status.
    static let lines: [(file: String, status: Int32, line: String)] = [
        ("shape-ragged-kernel-row.json", 65, "FILE: kernel[0][0]: 第 1 行有 1 个数，应为 2 个"),
        ("syntax-missing-comma.json", 65, "FILE: 第 3 行第 3 列: 出现了意外的 '\"'，应为 ',' 或 '}'；是不是少了逗号？"),
        ("types-top-level-array.json", 65, "FILE: （顶层）: 应为含 title、input 和 kernel 的对象，实际是数组"),
        ("limit-stride-33.json", 65, "FILE: stride: 33 超过上限 32"),
        ("generator-unknown-fill.json", 65, "FILE: input.fill: 未知的生成方式 'zeros'；应为 \"ones\"、\"index\" 或 \"random\""),
        ("missing-file.json", 66, "FILE: 没有这个文件"),
    ]

    @Test(arguments: lines.map(\.file))
    func playAndValidateSayItInChinese(_ file: String) throws {
        let expected = try #require(Self.lines.first { $0.file == file })
        let path = corpusDir.appendingPathComponent(file).path
        let line = expected.line.replacingOccurrences(of: "FILE", with: path) + "\n"
        let play = try convlens(["play", path, "--lang", "zh", "--plain"])
        #expect(play.status == expected.status && play.stderr == line && play.stdout.isEmpty, "\(play)")
        let validate = try convlens(["validate", path], environment: Self.chinese)
        #expect(validate.status == expected.status && validate.stderr == line, "\(validate)")
        let locale = try convlens(["play", path, "--plain"], environment: Self.chinese)
        #expect(locale.status == expected.status && locale.stderr == line, "\(locale)")
        // The flag wins over the locale; LC_ALL over LANG.
        let english = try convlens(["play", path, "--lang", "en", "--plain"], environment: Self.chinese)
        #expect(english.status == expected.status && english.stderr.hasPrefix(path + ": "), "\(english)")
        #expect(!english.stderr.unicodeScalars.contains { $0.properties.isIdeographic }, "\(english)")
        let all = try convlens(["validate", path], environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"])
        #expect(all.stderr == english.stderr, "\(all)")
    }

    /// `eval` and `list` (whose `--lang` also names the titles' language) say a bad file in Chinese too.
    @Test func evalAndListSayItInChinese() throws {
        let bad = corpusDir.appendingPathComponent("shape-ragged-kernel-row.json").path
        let eval = try convlens(["eval", bad], environment: Self.chinese)
        #expect(eval.status == 65 && eval.stderr == "\(bad): kernel[0][0]: 第 1 行有 1 个数，应为 2 个\n", "\(eval)")
        try withTemporaryDirectory { dir in
            try FileManager.default.copyItem(
                at: catalogDir.appendingPathComponent("06-padding-strides.json"),
                to: dir.appendingPathComponent("01-good.json"))
            try Data(#"{"title": "t", "input": [[[1, 2]]], "kernel": [[[[1]]]], "stride": 0}"#.utf8)
                .write(to: dir.appendingPathComponent("02-bad.json"))
            let bad = dir.appendingPathComponent("02-bad.json").path
            let list = try convlens(["list", dir.path, "--lang", "zh"])
            #expect(list.status == 65, "\(list)")
            #expect(list.stderr == "\(bad): stride: 0 太小；应为 1 到 32 之间的整数，或 [h, w]\n", "\(list)")
            #expect(list.stdout.contains("填充 1，步长 2"), "titles in Chinese: \(list.stdout)")
            let locale = try convlens(["list", dir.path], environment: Self.chinese)
            #expect(locale.stderr == list.stderr, "\(locale)")
            #expect(locale.stdout.contains("Padding 1, stride 2"), "titles stay English by default: \(locale.stdout)")
            // The picker marks the bad file with its error, in the interface's language.
            let picker = try convlens(["play", "--scenarios", dir.path, "--lang", "zh", "--plain", "--width", "100"])
            #expect(picker.status == 0, "\(picker)")
            #expect(picker.stdout.contains("✗ 02-bad: stride: 0 太小；应为 1 到 32 之间的整数，或 [h, w]"), "\(picker)")
        }
    }

    /// The setup flags of `try` and `solve`, and `try --save` over an existing file.
    @Test func setupErrorsInChinese() throws {
        let stride = try convlens(["try", "--input", "5", "--stride", "33", "--lang", "zh"])
        #expect(stride.status == 64 && stride.stderr == "convlens: --stride: 33 超过上限 32\n", "\(stride)")
        let kernel = try convlens(["try", "--input", "5", "--kernel", "abc"], environment: Self.chinese)
        #expect(kernel.status == 64, "\(kernel)")
        #expect(kernel.stderr == "convlens: --kernel: 应为整数或 HxW（例如 2 或 1x2），而不是 'abc'\n", "\(kernel)")
        let work = try convlens(["try", "--input", "16x64x64", "--filters", "16", "--kernel", "16", "--lang", "zh"])
        #expect(work.status == 64, "\(work)")
        #expect(work.stderr == "convlens: 这组设置：这一层需要 157351936 次乘加，超过上限 50000000\n", "\(work)")
        let solve = try convlens(["solve", "--input", "0", "--output", "3"], environment: Self.chinese)
        #expect(solve.status == 64 && solve.stderr == "convlens: --input 必须在 1…256 之间，而不是 0\n", "\(solve)")
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("a.json").path
            let first = try convlens(["try", "--input", "5", "--save", file, "--lang", "zh"])
            #expect(first.status == 0, "\(first)")
            let again = try convlens(["try", "--input", "5", "--save", file, "--lang", "zh"])
            #expect(again.status == 73 && again.stderr == "\(file): 已存在；加上 --force 可以覆盖它\n", "\(again)")
        }
    }
}
