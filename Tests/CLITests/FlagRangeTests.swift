import Foundation
import Testing

/// Every numeric flag (bench aside) has a documented range; a value outside it is a usage error (64) whose first
/// line names the flag, the value and the range. Values at the ends of a range are accepted.
@Suite struct FlagRangeTests {
    static let outside: [([String], String)] = [
        (["--width", "9"], "--width must be 10…1000, not 9"),
        (["--width", "1001"], "--width must be 10…1000, not 1001"),
        (["--height", "2"], "--height must be 3…1000, not 2"),
        (["--height", "-5"], "--height must be 3…1000, not -5"),
        (["--step", "0"], "--step must be 1 or more, not 0"),
        (["--step", "-3"], "--step must be 1 or more, not -3"),
        (["--key-delay", "-1"], "--key-delay must be 0…10000 (milliseconds), not -1"),
        (["--key-delay", "10001"], "--key-delay must be 0…10000 (milliseconds), not 10001"),
        (
            ["--keys", Array(repeating: "l", count: 10_001).joined(separator: " ")],
            "--keys has 10001 keys; at most 10000"
        ),
    ]

    @Test(arguments: outside)
    func outsideTheRange(_ flag: [String], _ message: String) throws {
        let r = try convlens(["play", "06", "--plain"] + flag)
        #expect(r.status == 64, "\(r)")
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == "Error: " + message, "\(r)")
        #expect(r.stdout == "")
    }

    /// Said in Chinese under `--lang zh`, the parser's "Error: " too; the exit status is the same.
    @Test func outsideTheRangeInChinese() throws {
        let r = try convlens(["play", "06", "--plain", "--lang", "zh", "--width", "9"])
        #expect(r.status == 64, "\(r)")
        #expect(r.stderr == "错误：--width 必须在 10…1000 之间，而不是 9\n", "\(r)")
        let parser = try convlens(["play", "06", "--plain", "--lang", "zh", "--widht", "9"])
        #expect(parser.status == 64, "\(parser)")
        #expect(parser.stderr == "错误：未知的选项 '--widht'。是不是想用 '--width'？\n", "\(parser)")
        // A value with a newline: still one line, the whole value shown (escaped), in Chinese.
        let newline = try convlens(["play", "06", "--plain", "--lang", "zh", "--width", "a\nb"])
        #expect(newline.status == 64, "\(newline)")
        #expect(newline.stderr.split(separator: "\n").count == 1, "\(newline)")
        #expect(newline.stderr.hasPrefix("错误：'a") && newline.stderr.contains("可以取的值"), "\(newline)")
    }

    @Test func endsOfTheRanges() throws {
        let keys = Array(repeating: "l", count: 10_000).joined(separator: " ")
        for flag in [
            ["--width", "10", "--height", "3"], ["--width", "1000", "--height", "1000"], ["--key-delay", "0"],
            ["--key-delay", "10000"], ["--keys", keys],
        ] {
            let r = try convlens(["play", "06", "--plain", "--step", "1"] + flag)
            #expect(r.status == 0, "\(flag.prefix(3)): \(r.stderr)")
        }
    }

    /// Numbers past Int and words where a number belongs are the parser's usage errors.
    @Test func notNumbers() throws {
        for value in ["99999999999999999999", "ten", "1e3", ""] {
            let r = try convlens(["play", "06", "--plain", "--width", value])
            #expect(r.status == 64, "\(value): \(r)")
        }
        let past = try convlens(["play", "06", "--plain", "--step", "9223372036854775807"])
        #expect(past.status == 64 && past.stderr == "convlens: --step 9223372036854775807 is past the last step (9)\n")
    }

    /// The ranges are in the help.
    @Test func helpNamesTheRanges() throws {
        let help = try convlens(["play", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for range in ["(10…1000)", "(3…1000)", "(0…10000)", "(at most 10000)", "(1 … the last step)"] {
            #expect(help.contains(range), "\(range)")
        }
    }

    /// A very long --scenarios path or FILE is said to be too long, once, with the name cut.
    @Test func veryLongPaths() throws {
        let long = "/tmp/" + String(repeating: "d", count: 5000)
        let r = try convlens(["validate", "--scenarios", long])
        #expect(r.status == 66, "\(r)")
        #expect(r.stderr.hasSuffix("…: the name is too long for the file system\n"), "\(r.stderr.suffix(80))")
        #expect(r.stderr.count < 4200)
        let file = try convlens(["eval", long + ".json"])
        #expect(file.status == 66 && file.stderr.hasSuffix("…: the name is too long for the file system\n"))
    }
}
