import ConvModel
import ScenarioFormat
import Testing

/// Every class of bad input gets one line naming the file and the JSON path.
@Suite struct ValidationTests {
    static let base = #""title": "t", "input": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], "kernel": [[[[1, 0], [0, 1]]]]"#

    func err(_ extra: String) -> String? { errorLine("{" + Self.base + extra + "}") }

    @Test func baseIsValid() throws {
        let s = try decodeScenario("{" + Self.base + "}").get()
        #expect(s.layer.output().values == [6, 8, 12, 14])
        #expect(s.topic == .padding)
    }

    @Test func malformedJSON() {
        #expect(
            errorLine("{\"title\": \"t\",\n \"input\": [1, 2\n}")
                == "t.json: line 3, column 1: unexpected '}', expected ',' or ']'")
        #expect(errorLine("") == "t.json: the file is empty, expected a JSON object")
        #expect(
            errorLine("{\"title\": \"t\"")
                == "t.json: line 1, column 14: unexpected end of file, expected ',' or '}'")
        #expect(
            errorLine("[1]")
                == "t.json: (top level): expected an object with title, input and kernel, found an array")
    }

    @Test func wrongTypes() {
        #expect(
            err(#", "stride": "2""#)
                == "t.json: stride: expected an integer from 1 to 32 or [h, w], found a string")
        #expect(err(#", "bias": 1"#) == "t.json: bias: expected an array of 1 number(s), found a number")
        #expect(
            errorLine(#"{"title": 5, "input": [[[1]]], "kernel": [[[[1]]]]}"#)
                == "t.json: title: expected a string or {\"en\": …, \"zh\": …}, found a number")
        #expect(
            errorLine(#"{"title": "t", "input": [[[1, "2"]]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0][0][1]: expected a number, found a string")
        #expect(
            errorLine(#"{"title": "t", "input": [[1, 2]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0][0]: expected an array of numbers, found a number; the input must be nested "
                + "[C][H][W], e.g. [[[1, 2], [3, 4]]] for one channel")
        #expect(
            err(#", "padding": true"#)
                == "t.json: padding: expected an integer, [h, w], \"valid\", \"same\" or \"full\", found a boolean")
        #expect(
            err(#", "stride": 1.5"#)
                == "t.json: stride: 1.5 is not a whole number; expected an integer from 1 to 32 or [h, w]")
    }

    @Test func missingAndUnknownFields() {
        #expect(
            errorLine(#"{"title": "t", "kernel": [[[[1]]]]}"#)
                == "t.json: input: missing; expected numbers nested [C][H][W] or a generator")
        #expect(
            err(#", "strides": 2"#)?.hasPrefix("t.json: strides: unknown field; expected one of title, op, input")
                == true)
    }

    @Test func raggedAndEmpty() {
        #expect(
            errorLine(#"{"title": "t", "input": [[[1, 2, 3], [4, 5]]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0]: row 1 has 2 numbers, expected 3")
        #expect(
            errorLine(#"{"title": "t", "input": [[[1, 2, 3]]], "kernel": [[[[1, 0, 1], [0, 1, 0], [1, 0]]]]}"#)
                == "t.json: kernel[0][0]: row 2 has 2 numbers, expected 3")
        #expect(
            errorLine(#"{"title": "t", "input": [[[1], [2]], [[3]]], "kernel": [[[[1]], [[1]]]]}"#)
                == "t.json: input[1]: has 1 row, expected 2 as in input[0]")
        #expect(
            errorLine(#"{"title": "t", "input": [], "kernel": [[[[1]]]]}"#)
                == "t.json: input: is empty; expected at least one of its channels")
        #expect(
            errorLine(#"{"title": "t", "input": [[[]]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0][0]: is empty; expected at least one of its numbers")
    }

    @Test func channelMismatchAndBias() {
        #expect(
            errorLine(#"{"title": "t", "input": [[[1, 2]], [[3, 4]]], "kernel": [[[[1]]]]}"#)
                == "t.json: kernel: each filter has 1 channel(s) but the input has 2; expected [K][2][kh][kw]")
        #expect(err(#", "bias": [1, 2]"#) == "t.json: bias: has 2 number(s), expected 1 (one per filter)")
    }

    @Test func strideDilationPadding() {
        #expect(err(#", "stride": 0"#) == "t.json: stride: 0 is too small; expected an integer from 1 to 32 or [h, w]")
        #expect(
            err(#", "dilation": [1, -2]"#)
                == "t.json: dilation[1]: -2 is too small; expected an integer from 1 to 32")
        #expect(
            err(#", "padding": -1"#)
                == "t.json: padding: -1 is negative; expected an integer from 0 to 64 or [h, w]")
        #expect(
            err(#", "padding": "half""#)
                == "t.json: padding: unknown padding 'half'; expected an integer, [h, w], \"valid\", \"same\" or "
                + "\"full\"")
        #expect(
            err(#", "padding": "same", "stride": 2"#)?
                .hasPrefix("t.json: padding: \"same\" needs stride 1, but the stride is 2; PyTorch refuses it") == true)
        #expect(err(#", "stride": [1, 2, 3]"#) == "t.json: stride: has 3 number(s), expected 2: [h, w]")
    }

    @Test func noOutputCells() {
        #expect(
            err(#", "dilation": 3"#)
                == "t.json: kernel: the dilated kernel (4×4) is larger than the padded input (3×3)")
        #expect(
            errorLine(#"{"title": "t", "op": "transposed", "input": [[[1]]], "kernel": [[[[1]]]], "padding": 1}"#)
                == "t.json: padding: crops 2×2 from the 1×1 scatter result, leaving no output; use less padding")
    }

    @Test func outputPadding() {
        #expect(
            errorLine(
                #"{"title": "t", "op": "transposed", "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]], "#
                    + #""stride": 2, "output_padding": [0, 2]}"#)
                == "t.json: output_padding: 2 on the width axis must be at least 0 and smaller than the stride (2) or "
                + "the dilation (1)")
        #expect(
            err(#", "output_padding": 1"#)
                == "t.json: output_padding: applies to transposed convolution only; set \"op\": \"transposed\" or "
                + "remove it")
    }

    @Test func nonNumbers() {
        #expect(
            errorLine(#"{"title": "t", "input": [[[NaN]]], "kernel": [[[[1]]]]}"#)
                == "t.json: line 1, column 28: NaN and Infinity are not JSON numbers; write a finite number")
        #expect(
            errorLine(#"{"title": "t", "input": [[[-Infinity]]], "kernel": [[[[1]]]]}"#)
                == "t.json: line 1, column 29: NaN and Infinity are not JSON numbers; write a finite number")
        #expect(
            errorLine(#"{"title": "t", "input": [[[null]]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0][0][0]: expected a number, found null")
        #expect(
            errorLine(#"{"title": "t", "input": [[[1e7]]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0][0][0]: 10000000 is out of range; numbers must be within ±1000000")
        // The parser says the number is out of a Double's range; the format adds its own range.
        #expect(
            errorLine("[1e400]")
                == "t.json: line 1, column 2: number 1e400 is out of range; numbers must be within ±1000000")
    }

    @Test func unknownOp() {
        #expect(err(#", "op": "deconv""#) == "t.json: op: unknown op 'deconv'; expected \"conv\" or \"transposed\"")
        #expect(err(#", "topic": "transposed""#) == "t.json: topic: \"transposed\" needs \"op\": \"transposed\"")
    }

    @Test func limitsAndOverflow() {
        #expect(
            errorLine(#"{"title": "t", "input": {"shape": [1, 300, 3], "fill": "ones"}, "kernel": [[[[1]]]]}"#)
                == "t.json: input.shape[1]: 300 is over the limit of 256")
        #expect(
            errorLine(#"{"title": "t", "input": {"shape": [16, 256, 256], "fill": "ones"}, "kernel": [[[[1]]]]}"#)
                == "t.json: input.shape: 16×256×256 = 1048576 numbers, over the limit of 65536")
        #expect(
            err(#", "stride": 9223372036854775807"#)
                == "t.json: stride: 9.223372036854776e+18 is over the limit of 32")
        #expect(err(#", "stride": 1e300"#) == "t.json: stride: 1e+300 is over the limit of 32")
        #expect(err(#", "padding": [0, 65]"#) == "t.json: padding[1]: 65 is over the limit of 64")
        let big = "[" + Array(repeating: "0", count: 257).joined(separator: ",") + "]"
        #expect(
            errorLine(#"{"title": "t", "input": [["# + big + #"]], "kernel": [[[[1]]]]}"#)
                == "t.json: input[0][0]: has 257 numbers, over the limit of 256")
        #expect(
            errorLine(
                #"{"title": "t", "op": "transposed", "input": {"shape": [1, 256, 256], "fill": "ones"}, "#
                    + #""kernel": {"shape": [16, 1, 3, 3], "fill": "ones"}, "stride": 4}"#)
                == "t.json: kernel: the output would have 16744464 numbers, over the limit of 1048576")
        #expect(
            errorLine(
                #"{"title": "t", "op": "transposed", "input": {"shape": [1, 256, 4], "fill": "ones"}, "#
                    + #""kernel": [[[[1]]]], "stride": 32}"#)
                == "t.json: stride: the output would be 8161×97, over the limit of 1024 per side")
    }

    @Test func generators() throws {
        let s = try decodeScenario(
            #"{"title": "t", "input": {"shape": [1, 3, 4], "fill": "random", "seed": 7, "#
                + #""range": [-2, 3]}, "kernel": {"shape": [1, 1, 2, 2], "fill": "index"}}"#
        ).get()
        #expect(s.layer.input.values.allSatisfy { $0 >= -2 && $0 <= 3 && $0 == $0.rounded() })
        #expect(s.layer.kernel.values == [0, 1, 2, 3])
        // Deterministic: SplitMix64's first outputs for seed 0 are fixed numbers.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(
            errorLine(#"{"title": "t", "input": {"shape": [1, 3], "fill": "ones"}, "kernel": [[[[1]]]]}"#)
                == "t.json: input.shape: has 2 numbers, expected 3: [C, H, W]")
        #expect(
            errorLine(#"{"title": "t", "input": {"shape": [1, 3, 3], "fill": "zeros"}, "kernel": [[[[1]]]]}"#)
                == "t.json: input.fill: unknown fill 'zeros'; expected \"ones\", \"index\" or \"random\"")
        #expect(
            errorLine(
                #"{"title": "t", "input": {"shape": [1, 3, 3], "fill": "random", "range": [5, 1]}, "#
                    + #""kernel": [[[[1]]]]}"#)
                == "t.json: input.range: lo (5) is larger than hi (1)")
    }

    @Test func receptiveFieldBlock() {
        #expect(
            err(#", "receptive_field": {"layers": []}"#)
                == "t.json: receptive_field.layers: is empty; expected 1 to 16 layers")
        #expect(
            err(#", "receptive_field": {"layers": [{"kernel": 3, "dilation": 0}]}"#)
                == "t.json: receptive_field.layers[0].dilation: 0 is too small; expected an integer from 1 to 32")
        #expect(
            err(#", "topic": "receptive_field""#)
                == "t.json: topic: \"receptive_field\" needs a receptive_field block with layers")
    }

    @Test func samePaddingIsAsymmetricWhenOdd() throws {
        let s = try decodeScenario(
            #"{"title": "t", "input": {"shape": [1, 5, 5], "fill": "ones"}, "#
                + #""kernel": {"shape": [1, 1, 2, 2], "fill": "ones"}, "padding": "same"}"#
        ).get()
        #expect(s.layer.geometry.padding == Padding(top: 0, bottom: 1, left: 0, right: 1))
        #expect(s.layer.geometry.outputSize == Pair(5, 5))
    }
}
