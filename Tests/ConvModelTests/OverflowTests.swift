import ConvModel
import Testing

/// Derived counts never overflow and built-out work stays bounded (issue 8).
@Suite struct OverflowTests {
    /// 16 layers of 32 taps give 32^16 = 2^80 paths to the field's centre: the counts saturate instead of trapping.
    @Test func receptiveFieldPathCountsSaturate() {
        let field = ReceptiveField(Array(repeating: RFLayer(kernel: 32), count: 16))
        #expect(field.sizes.last == 1 + 31 * 16)
        let paths = field.paths(depth: 16)
        #expect(paths.count == 1 + 31 * 16)
        #expect(paths.max() == .max)
        #expect(paths.first == 1 && paths.last == 1)
        #expect(paths.allSatisfy { $0 > 0 })
    }

    @Test func growthStopsBeforeOverflow() {
        let field = ReceptiveField(Array(repeating: RFLayer(kernel: 32, stride: 32, dilation: 32), count: 16))
        #expect(field.growth.count < 16)
        #expect(field.growth.allSatisfy { $0.size > 0 && $0.jump > 0 })
    }

    /// The equivalent convolution of a transposed layer grows with the stride squared: it is refused, before
    /// anything is allocated, past its limits.
    @Test func equivalentConvolutionIsBounded() throws {
        let input = Tensor3(channels: 16, height: 64, width: 64, repeating: 1)
        let kernel = Tensor4(filters: 1, channels: 16, height: 3, width: 3, values: Array(repeating: 1, count: 144))
        let big = try ConvLayer(input: input, kernel: kernel, spec: ConvSpec(op: .transposed, stride: Pair(both: 16)))
        #expect(!EquivalentConv.fits(big))
        #expect(throws: GeometryError.self) { try EquivalentConv(big) }

        let small = try ConvLayer(
            input: Tensor3(channels: 1, height: 3, width: 3, repeating: 1),
            kernel: Tensor4(
                filters: 1, channels: 1, height: 3, width: 3,
                values: Array(repeating: 1, count: 9)),
            spec: ConvSpec(op: .transposed, stride: Pair(both: 2)))
        #expect(EquivalentConv.fits(small))
        #expect(try EquivalentConv(small).layer.output() == small.output())
    }
}

/// `uncovered` means inside no window: past the last one, and in the gaps when the stride exceeds the window.
@Suite struct UncoveredTests {
    @Test func gapsBetweenWindowsAreUncovered() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 1, height: 8, width: 8, repeating: 1),
            kernel: Tensor4(filters: 1, channels: 1, height: 2, width: 2, values: [1, 1, 1, 1]),
            spec: ConvSpec(stride: Pair(3, 1)))
        let g = layer.geometry
        #expect(g.outputSize == Pair(3, 7))
        #expect(g.uncoveredRows == [2, 5])  // windows cover rows 0–1, 3–4, 6–7
        #expect(g.uncoveredCols == [])
        #expect(g.untappedRows == [2, 5])
    }
}
