import ConvModel
import ScenarioFormat

extension MessageSamples {
    /// `"same"` with stride 2 on a 3×3 input and a 2×2 kernel (the corpus' same-padding-stride-2.json), and on a
    /// 5×4 input with a 3×2 kernel, where the axes differ.
    static let sameEven = TensorFlowSame(input: Pair(3, 3), reach: Pair(1, 1), stride: Pair(both: 2))
    static let sameUneven = TensorFlowSame(input: Pair(5, 4), reach: Pair(2, 1), stride: Pair(both: 2))

    static let rules: [(GeometryRule, String)] = [
        (
            .kernelLarger(kernel: Pair(4, 4), padded: Pair(3, 3), dilated: false),
            "the kernel (4×4) is larger than the padded input (3×3)"
        ),
        (
            .kernelLarger(kernel: Pair(5, 5), padded: Pair(4, 4), dilated: true),
            "the dilated kernel (5×5) is larger than the padded input (4×4)"
        ),
        (
            .outputPaddingNotZero(1, axis: .height),
            "1 on the height axis must be 0 when the stride and the dilation are 1"
        ),
        (
            .outputPaddingRange(2, axis: .width, stride: 2, dilation: 1),
            "2 on the width axis must be at least 0 and smaller than the stride (2) or the dilation (1)"
        ),
        (
            .cropsAll(crop: Pair(2, 2), scatter: Pair(1, 1)),
            "crops 2×2 from the 1×1 scatter result, leaving no output; use less padding"
        ),
        (.outputPaddingOnConv, "applies to transposed convolution only"),
        (.outputSide(Pair(8161, 97), limit: 1024), "the output would be 8161×97, over the limit of 1024 per side"),
        (
            .outputElements(16_744_464, limit: 1_048_576),
            "the output would have 16744464 numbers, over the limit of 1048576"
        ),
        (
            .multiplyAdds(1_020_796_928, limit: 50_000_000),
            "the layer needs 1020796928 multiply–adds, over the limit of 50000000"
        ),
        (.countTooSmall(0, .rows), "has 0 rows; expected at least 1"),
        (.countOver(33, .columns, limit: 32), "has 33 columns, over the limit of 32"),
        (.countOver(17, .channels, limit: 16), "has 17 channels, over the limit of 16"),
        (.countOver(17, .filters, limit: 16), "has 17 filters, over the limit of 16"),
        (.countOver(257, .numbers, limit: 256), "has 257 numbers, over the limit of 256"),
        (.countOver(17, .layers, limit: 16), "has 17 layers, over the limit of 16"),
        (
            .elementsOver(shape: [16, 256, 256], count: 1_048_576, limit: 65_536),
            "has 16×256×256 = 1048576 numbers, over the limit of 65536"
        ),
        (.valueTooSmall(0, range: 1...32), "0 is too small; expected 1 to 32"),
        (.valueTooSmall(-1, range: 0...64), "-1 is negative; expected 0 to 64"),
        (.valueOver(33, limit: 32), "33 is over the limit of 32"),
        (.fullOver(96, limit: 64), "\"full\" would pad 96 on a side, over the limit of 64"),
        (.sameOnTransposed, "\"same\" applies to direct convolution only; give the padding as a number"),
        (
            .sameStride(Pair(both: 2), tensorflow: sameEven),
            "\"same\" needs stride 1, but the stride is 2; PyTorch refuses it, TensorFlow's SAME pads 0 before and "
                + "1 after for a 2×2 output (ceil(W/S)); \"padding\": 1 gives 2×2"
        ),
        (
            .sameStride(Pair(both: 2), tensorflow: sameUneven),
            "\"same\" needs stride 1, but the stride is 2; PyTorch refuses it, TensorFlow's SAME pads 1/1 rows and "
                + "0/0 columns for a 3×2 output (ceil(W/S)); \"padding\": [1, 0] gives 3×2"
        ),
        (.sameStride(Pair(2, 1), tensorflow: nil), "\"same\" needs stride 1, but the stride is 2×1"),
        (.sameOver(limit: 64), "\"same\" would pad over the limit of 64 on a side"),
        (.channelMismatch(filter: 1, input: 2), "each filter has 1 channel(s) but the input has 2"),
        (.biasCount(2, filters: 1), "has 2 number(s), expected 1 (one per filter)"),
        (
            .equivalentInputOver(limit: 1_048_576),
            "the equivalent direct convolution's input would have more than 1048576 numbers"
        ),
        (
            .equivalentWorkOver(limit: 50_000_000),
            "the equivalent direct convolution would need more than 50000000 multiply–adds"
        ),
    ]

    static let commands: [(CommandMessage, String)] = [
        (
            .notPair(flag: "--kernel", value: "abc"),
            "--kernel: expected a whole number or HxW (e.g. 2 or 1x2), not 'abc'"
        ),
        (.badInput("big"), "--input: expected N, HxW or CxHxW (e.g. 5, 5x7 or 3x5x5), not 'big'"),
        (.badPadding("half"), "--padding: expected a whole number, HxW, valid, same or full, not 'half'"),
        (.badOp("deconv", ops: ["conv", "transposed"]), "--op: expected conv or transposed, not 'deconv'"),
        (.seedWithoutRandom, "--seed applies to --fill random only"),
        (.badFill("zeros", fills: ["random", "index", "ones"]), "--fill: expected random, index or ones, not 'zeros'"),
        (.rule(flag: .named("--stride"), .valueOver(33, limit: 32)), "--stride: 33 is over the limit of 32"),
        (
            .rule(flag: .wholeSetup, .multiplyAdds(157_351_936, limit: 50_000_000)),
            "the setup: the layer needs 157351936 multiply–adds, over the limit of 50000000"
        ),
        (
            .paddingRule(value: "same", .sameOnTransposed),
            "--padding same: \"same\" applies to direct convolution only; give the padding as a number"
        ),
        (.addForce, "; add --force to replace it"),
        (.noCatalog(variable: nil), "no scenario directory found; use --scenarios DIR"),
        (
            .noCatalog(variable: "CONVLENS_SCENARIOS"),
            "no scenario directory found; use --scenarios DIR or set CONVLENS_SCENARIOS"
        ),
        (.noScenarios(directory: "lessons"), "no scenarios in lessons"),
        (.stepPastEnd(step: 12, last: 9), "--step 12 is past the last step (9)"),
        (
            .viewNotOffered(view: "scatter", file: "06.json", views: ["conv", "weights"]),
            "--view scatter does not apply to 06.json (its views: conv, weights)"
        ),
        (.sizeOutOfRange(flag: "--input", limit: 256, value: "0"), "--input must be 1…256, not 0"),
        (
            .noSolution(op: "conv", outputPadding: false, input: 5, output: 9, kernel: 3, axis: nil),
            "no stride 1…4, padding 0…3, dilation 1…3 takes 5 to 9 with kernel 3 (conv)"
        ),
        (
            .noSolution(op: "transposed", outputPadding: true, input: 3, output: 100, kernel: 3, axis: .width),
            "no stride 1…4, padding 0…3, dilation 1…3, output padding takes 3 to 100 with kernel 3 (transposed) "
                + "on the width axis"
        ),
    ]

    /// The parser's lines as swift-argument-parser writes them (after "Error: "), each read back into its case.
    static let usage: [(UsageMessage, String)] = [
        (.unknownOption("--bogus", suggestion: nil), "Unknown option '--bogus'"),
        (.unknownOption("--widht", suggestion: "--width"), "Unknown option '--widht'. Did you mean '--width'?"),
        (.missingValue("--width <COLS>"), "Missing value for '--width <COLS>'"),
        (.invalidValue("x", option: "--steps <N>", choices: []), "The value 'x' is invalid for '--steps <N>'"),
        (
            .invalidValue("xx", option: "--lang <LANG>", choices: ["en", "zh"]),
            "The value 'xx' is invalid for '--lang <LANG>'. Please provide one of 'en' and 'zh'."
        ),
        (
            .invalidValue("pool", option: "--view <VIEW>", choices: ["conv", "weights", "matrix"]),
            "The value 'pool' is invalid for '--view <VIEW>'. Please provide one of 'conv', 'weights' or 'matrix'."
        ),
        (.unexpectedArguments(["b"]), "Unexpected argument 'b'"),
        (.unexpectedArguments(["b", "c", "d"]), "3 unexpected arguments: 'b', 'c', 'd'"),
        (.missingArgument("--input <SIZE>"), "Missing expected argument '--input <SIZE>'"),
        (
            .takesNoValue(option: "--force", value: "yes"),
            "The option '--force' does not take any value, but 'yes' was specified."
        ),
        (.invalidOption("-"), "Invalid option: -"),
    ]

    /// The commands' refusals of flags (`validate()`), as they were written before they were said in Chinese too.
    static let flags: [(FlagMessage, String)] = [
        (.stepBelowOne(0), "--step must be 1 or more, not 0"),
        (
            .outOfRange(flag: "--width", range: 10...1000, milliseconds: false, value: 9),
            "--width must be 10…1000, not 9"
        ),
        (
            .outOfRange(flag: "--key-delay", range: 0...10000, milliseconds: true, value: -1),
            "--key-delay must be 0…10000 (milliseconds), not -1"
        ),
        (.tooManyKeys(10001, most: 10000), "--keys has 10001 keys; at most 10000"),
        (
            .unknownKey("Foo"),
            "--keys: unknown key 'Foo'; use names like Right Left Home End Tab Space Enter Esc, or single characters"
        ),
        (.forceWithoutSave, "--force applies to --save only"),
        (.plainWithPrint, "--plain opens the explainer; --save and --pytorch print instead: give one"),
        (
            .unknownView("sideways", views: ["conv", "weights", "scatter"]),
            "--view: unknown view 'sideways'; the views are conv, weights, scatter"
        ),
        (.viewWithoutFile, "--view needs a scenario FILE"),
    ]
}
