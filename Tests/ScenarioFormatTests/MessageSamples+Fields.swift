import ConvModel
import ScenarioFormat

extension MessageSamples {
    static let types: [(FieldProblem, String)] = [
        (.wrongType(.text, found: .number), "expected a string or {\"en\": …, \"zh\": …}, found a number"),
        (.wrongType(.string, found: .array), "expected a string, found an array"),
        (.wrongType(.number, found: .null), "expected a number, found null"),
        (
            .wrongType(.nested(rank: 3, object: true), found: .number),
            "expected numbers nested [C][H][W] or a generator object, found a number"
        ),
        (.missing(.nested(rank: 4, object: false)), "missing; expected numbers nested [K][C][kh][kw] or a generator"),
        (
            .wrongType(.object(fields: ["title", "input", "kernel"]), found: .string),
            "expected an object with title, input and kernel, found a string"
        ),
        (
            .wrongType(.choice(["conv", "transposed"]), found: .number),
            "expected \"conv\" or \"transposed\", found a number"
        ),
        (
            .wrongType(.oneOf(["padding", "stride"]), found: .boolean),
            "expected one of \"padding\", \"stride\", found a boolean"
        ),
        (
            .wrongType(.padding, found: .boolean),
            "expected an integer, [h, w], \"valid\", \"same\" or \"full\", found a boolean"
        ),
        (.wrongType(.shape(rank: 3), found: .object), "expected [C, H, W], found an object"),
        (.missing(.shape(rank: 4)), "missing; expected [K, C, kh, kw]"),
        (.wrongType(.numbers(1), found: .object), "expected an array of 1 number(s), found an object"),
        (.wrongType(.arrayOf(.rows), found: .string), "expected an array of rows, found a string"),
        (.wrongType(.fieldBlock, found: .array), "expected {\"layers\": [...], \"compare\": [...]}, found an array"),
        (.wrongType(.stack, found: .object), "expected an array of layers, found an object"),
        (.missing(.stackOfKernels), "missing; expected an array of {\"kernel\": k, \"dilation\": d}"),
        (
            .wrongType(.stackLayer, found: .number),
            "expected {\"kernel\": k, \"stride\": s, \"dilation\": d}, found a number"
        ),
        (.wrongType(.range, found: .arrayOf(3)), "expected [lo, hi], two integers, found an array of 3"),
        (
            .wrongType(.integer(min: 1, max: 32, pair: true), found: .string),
            "expected an integer from 1 to 32 or [h, w], found a string"
        ),
        (.missing(.integer(min: 1, max: 32, pair: false)), "missing; expected an integer from 1 to 32"),
        (.missing(.text), "missing; expected a string or {\"en\": …, \"zh\": …}"),
    ]

    static let fields: [(FieldProblem, String)] = [
        (
            .tooSmall("0", negative: false, expected: .count(.rows, max: 256)),
            "0 is too small; expected a number of rows from 1 to 256"
        ),
        (
            .tooSmall("-1", negative: true, expected: .seed),
            "-1 is negative; expected a whole number from 0 to 2^53 − 1"
        ),
        (
            .notWhole("1.5", expected: .within(1_000_000)),
            "1.5 is not a whole number; expected an integer within ±1000000"
        ),
        (.unknownField(known: ["title", "op"]), "unknown field; expected one of title, op"),
        (.unknownFieldOf(known: ["layers", "compare"]), "unknown field; expected layers or compare"),
        (
            .unknownFieldOf(known: ["kernel", "stride", "dilation"]),
            "unknown field; expected kernel, stride or dilation"
        ),
        (
            .unknownGeneratorField(known: ["shape", "fill", "seed", "range"]),
            "unknown field; a generator has shape, fill, seed and range"
        ),
        (
            .unknownWord(.op, "deconv", expected: .choice(["conv", "transposed"])),
            "unknown op 'deconv'; expected \"conv\" or \"transposed\""
        ),
        (
            .unknownWord(.padding, "half", expected: .padding),
            "unknown padding 'half'; expected an integer, [h, w], \"valid\", \"same\" or \"full\""
        ),
        (
            .unknownWord(.fill, "zeros", expected: .choice(["ones", "index", "random"])),
            "unknown fill 'zeros'; expected \"ones\", \"index\" or \"random\""
        ),
        (
            .unknownWord(.topic, "strides", expected: .oneOf(["padding", "stride"])),
            "unknown topic 'strides'; expected one of \"padding\", \"stride\""
        ),
        (.unknownLanguage(languages: ["en", "zh"]), "unknown language; expected \"en\" or \"zh\""),
        (.noLanguage(languages: ["en", "zh"]), "expected at least one of \"en\" and \"zh\""),
        (.textTooLong(4001, limit: 4000), "is 4001 characters long, over the limit of 4000"),
        (.controlCharacter, "contains a control character; only printable text and line breaks are allowed"),
        (.outOfRange("1e+308"), "1e+308 is out of range; numbers must be within ±1000000"),
        (.overLimit("300", limit: 256), "300 is over the limit of 256"),
        (.pairLength(3), "has 3 number(s), expected 2: [h, w]"),
        (
            .outputPaddingOnConv,
            "applies to transposed convolution only; set \"op\": \"transposed\" or remove it"
        ),
    ]

    static let shapes: [(ShapeProblem, String)] = [
        (
            .channelMismatch(filter: 1, input: 2, pytorchLayout: false),
            "each filter has 1 channel(s) but the input has 2; expected [K][2][kh][kw]"
        ),
        (
            .channelMismatch(filter: 1, input: 2, pytorchLayout: true),
            "each filter has 1 channel(s) but the input has 2; expected [K][2][kh][kw] "
                + "(PyTorch's ConvTranspose2d weight is [C_in][C_out][kh][kw]: swap its first two axes)"
        ),
        (.emptyAxis(.channels), "is empty; expected at least one of its channels"),
        (.emptyAxis(.numbers), "is empty; expected at least one of its numbers"),
        (
            .missingBracket(.numbers, tensor: "input", rank: 3),
            "expected an array of numbers, found a number; the input must be nested [C][H][W], "
                + "e.g. [[[1, 2], [3, 4]]] for one channel"
        ),
        (
            .missingBracket(.numbers, tensor: "kernel", rank: 4),
            "expected an array of numbers, found a number; the kernel must be nested [K][C][kh][kw], "
                + "e.g. [[[[1, 0], [0, 1]]]] for one 2×2 filter"
        ),
        (.raggedRow(row: "1", count: 1, expected: 2), "row 1 has 1 number, expected 2"),
        (
            .raggedRow(row: "0", count: 4, expected: 3),
            "row 0 has 4 numbers, expected 3; a decimal comma? write 0.5, not 0,5"
        ),
        (.raggedAxis(count: 1, .rows, expected: 2, first: "input[0]"), "has 1 row, expected 2 as in input[0]"),
        (
            .raggedAxis(count: 3, .channels, expected: 2, first: "kernel[0]"),
            "has 3 channels, expected 2 as in kernel[0]"
        ),
        (.randomOnly, "applies to \"fill\": \"random\" only"),
        (.shapeRank(count: 2, rank: 3), "has 2 numbers, expected 3: [C, H, W]"),
        (
            .shapeElementsOver(shape: [16, 256, 256], count: 1_048_576, limit: 65_536),
            "16×256×256 = 1048576 numbers, over the limit of 65536"
        ),
        (.rangeReversed(lo: 5, hi: 1), "lo (5) is larger than hi (1)"),
    ]

    static let topics: [(TopicProblem, String)] = [
        (.needsTransposed(topic: "transposed"), "\"transposed\" needs \"op\": \"transposed\""),
        (.showsDirect(topic: "padding"), "\"padding\" shows a direct convolution, but op is \"transposed\""),
        (.needsField, "\"receptive_field\" needs a receptive_field block with layers"),
        (.emptyStack(limit: 16), "is empty; expected 1 to 16 layers"),
        (.fieldGrows(4961, limit: 4096), "the receptive field grows to 4961 here, over the limit of 4096"),
        (
            .stridesMultiply(33_554_432, limit: 1_048_576),
            "the strides up to here multiply to 33554432, over the limit of 1048576"
        ),
        (.fieldTooLarge, "the receptive field is too large to compute here"),
    ]
}
