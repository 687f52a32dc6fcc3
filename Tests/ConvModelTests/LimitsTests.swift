import ConvModel
import Testing

/// `Limits.check` answers an editor's question without any JSON: is this layer legal, and if not, why?
@Suite struct LimitsTests {
    func setup(
        c: Int = 1, input: Pair = Pair(5, 5), k: Int = 1, kernel: Pair = Pair(3, 3),
        _ spec: ConvSpec = ConvSpec()
    ) -> LayerSetup {
        LayerSetup(channels: c, inputSize: input, filters: k, kernelSize: kernel, spec: spec)
    }

    /// The broken rule, as said in English.
    func problem(_ s: LayerSetup) -> Said? {
        do {
            _ = try Limits.check(s)
            return nil
        } catch {
            return Said(error)
        }
    }

    @Test func legalSetupGivesItsGeometry() throws {
        let g = try Limits.check(setup(ConvSpec(stride: Pair(both: 2), padding: Padding(Pair(both: 1)))))
        #expect(g.outputSize == Pair(3, 3))
    }

    @Test func shapes() {
        #expect(
            problem(setup(c: 17))
                == Said(field: "input", message: "has 17 channels, over the limit of 16"))
        #expect(
            problem(setup(input: Pair(0, 5)))
                == Said(field: "input", message: "has 0 rows; expected at least 1"))
        #expect(
            problem(setup(kernel: Pair(3, 33)))
                == Said(field: "kernel", message: "has 33 columns, over the limit of 32"))
        #expect(
            problem(setup(c: 16, input: Pair(256, 256)))
                == Said(field: "input", message: "has 16×256×256 = 1048576 numbers, over the limit of 65536"))
    }

    @Test func hyperParameters() {
        #expect(
            problem(setup(ConvSpec(stride: Pair(1, 0))))
                == Said(field: "stride", message: "0 is too small; expected 1 to 32"))
        #expect(
            problem(setup(ConvSpec(padding: Padding(top: 0, bottom: -1, left: 0, right: 0))))
                == Said(field: "padding", message: "-1 is negative; expected 0 to 64"))
        #expect(
            problem(setup(ConvSpec(dilation: Pair(both: 33))))
                == Said(field: "dilation", message: "33 is over the limit of 32"))
        #expect(
            problem(setup(ConvSpec(outputPadding: Pair(1, 0))))
                == Said(field: "output_padding", message: "applies to transposed convolution only"))
    }

    @Test func geometryAndOutput() {
        #expect(
            problem(setup(input: Pair(4, 4), kernel: Pair(5, 5)))
                == Said(field: "kernel", message: "the kernel (5×5) is larger than the padded input (4×4)"))
        // (256 − 1)·32 + 1 = 8161 rows, (4 − 1)·32 + 1 = 97 columns.
        let wide = setup(input: Pair(256, 4), kernel: Pair(1, 1), ConvSpec(op: .transposed, stride: Pair(both: 32)))
        let side = "the output would be 8161×97, over the limit of 1024 per side"
        #expect(problem(wide) == Said(field: "stride", message: side))
        // 16 filters · 16 channels · 49·49 windows · 16·16 taps = 157351936.
        let work = setup(c: 16, input: Pair(64, 64), k: 16, kernel: Pair(16, 16))
        let macs = "the layer needs 157351936 multiply–adds, over the limit of 50000000"
        #expect(problem(work) == Said(field: "kernel", message: macs))
    }
}
