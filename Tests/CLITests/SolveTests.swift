import Foundation
import Testing

/// `convlens solve` and `convlens eval --pytorch`.
@Suite struct SolveTests {
    @Test func table() throws {
        let r = try convlens(["solve", "--input", "5", "--output", "3", "--kernel", "3"])
        #expect(r.status == 0, "\(r)")
        let lines = r.stdoutLines
        #expect(lines.count == 12, "\(r.stdout)")
        #expect(lines.first == "conv 5 → 3, kernel 3: 10 settings")
        #expect(lines[1] == "stride  padding  dilation  relationship")
        #expect(lines[2] == "     1        0         1   1  o = 5 − 3 + 1 = 3")
        #expect(lines[3] == "     2        1         1   6  o = ⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3")
    }

    @Test func transposedAndRectangular() throws {
        let t = try convlens(["solve", "--op", "transposed", "--input", "3", "--output", "6", "--kernel", "3"])
        #expect(t.status == 0, "\(t)")
        #expect(t.stdoutLines[1] == "stride  padding  dilation  output_padding  relationship")
        #expect(
            t.stdoutLines.contains("     2        1         1               1  14  o′ = 2⋅(3 − 1) + 1 + 3 − 2⋅1 = 6"))
        let r = try convlens(["solve", "--input", "5x7", "--output", "3", "--kernel", "3"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("height: conv 5 → 3, kernel 3:"))
        #expect(r.stdout.contains("width: conv 7 → 3, kernel 3:"))
    }

    @Test func json() throws {
        let r = try convlens(["solve", "--input", "7", "--output", "7", "--kernel", "3", "--json"])
        #expect(r.status == 0)
        let object = try jsonObject(r.stdout)
        let axes = try #require(object["axes"] as? [[String: Any]])
        #expect(axes.count == 1 && axes[0]["axis"] as? String == "both")
        let first = try #require((axes[0]["settings"] as? [[String: Any]])?.first)
        #expect(first["stride"] as? Int == 1 && first["padding"] as? Int == 1 && first["dilation"] as? Int == 1)
        #expect(first["relationship"] as? Int == 3)
        #expect(first["name"] as? String == "half (same) padding")
        #expect(first["substituted"] as? String == "o = 7 + 2⋅1 − (3 − 1) = 7")
    }

    @Test func nothingGivesTheSize() throws {
        let r = try convlens(["solve", "--input", "3", "--output", "10", "--kernel", "3"])
        #expect(r.status == 65, "\(r)")
        #expect(r.stdout == "")
        #expect(r.stderr == "convlens: no stride 1…4, padding 0…3, dilation 1…3 takes 3 to 10 with kernel 3 (conv)\n")
        let h = try convlens(["solve", "--input", "5x3", "--output", "3x10", "--kernel", "3"])
        #expect(h.status == 65 && h.stderr.hasSuffix("on the width axis\n"), "\(h)")
    }

    @Test func badFlags() throws {
        for (args, message) in [
            (["--input", "0", "--output", "3"], "convlens: --input must be 1…256, not 0\n"),
            (
                ["--input", "5", "--output", "x"],
                "convlens: --output: expected a whole number or HxW (e.g. 2 or 1x2), not 'x'\n"
            ),
            (["--input", "5", "--output", "3", "--kernel", "40"], "convlens: --kernel must be 1…32, not 40\n"),
            (
                ["--input", "5", "--output", "3", "--op", "pool"],
                "convlens: --op: expected conv or transposed, not 'pool'\n"
            ),
        ] {
            let r = try convlens(["solve"] + args)
            #expect(r.status == 64, "\(args): \(r)")
            #expect(r.stderr == message)
        }
        #expect(try convlens(["solve", "--input", "5"]).status == 64)
    }

    @Test func evalPyTorch() throws {
        let r = try convlens(["eval", "06", "15", "--pytorch"])
        #expect(r.status == 0, "\(r)")
        let conv = try #require(try jsonObject(r.stdoutLines[0])["pytorch"] as? [String: Any])
        #expect(
            conv["call"] as? String
                == "nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), bias=True)")
        #expect(conv["output_shape"] as? [Int] == [1, 1, 3, 3])
        let t = try #require(try jsonObject(r.stdoutLines[1])["pytorch"] as? [String: Any])
        #expect((t["call"] as? String)?.contains("output_padding=(1, 1)") == true, "\(t)")
        #expect(t["weight_shape"] as? [Int] == [1, 1, 3, 3])
        #expect((t["script"] as? String)?.hasPrefix("import torch\nfrom torch import nn\n") == true)
        #expect(try jsonObject(try convlens(["eval", "06"]).stdout)["pytorch"] == nil)
    }
}
