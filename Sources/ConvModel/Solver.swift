/// "What stride and padding take 5 to 3?": every small (stride, padding, dilation, output padding) that gives a
/// wanted output size from an input size and a kernel, along one axis. Each candidate is checked by
/// `Limits.check` (the one window formula of `Geometry`), never by a formula of its own.
public enum Solver {
    /// The values tried: stride 1…4, dilation 1…3, padding 0…k (each side), output padding below
    /// max(stride, dilation) (transposed only).
    public static let strides = 1...4
    public static let dilations = 1...3

    /// One setting that gives the wanted size.
    public struct Solution: Equatable, Sendable {
        public let stride: Int
        public let padding: Int
        public let dilation: Int
        /// Transposed: output_padding; 0 for a direct convolution.
        public let outputPadding: Int
        /// The paper's relationship this setting is an instance of, with its numbers.
        public let relationship: Relationship

        /// How many of the four differ from the plain layer (stride 1, padding 0, dilation 1, output padding 0).
        public var changes: Int {
            [stride != 1, padding != 0, dilation != 1, outputPadding != 0].filter { $0 }.count
        }
    }

    /// Every setting that takes `input` to `output` along one axis with a kernel of `kernel` taps, simplest first:
    /// fewest changed parameters, then the least dilation, then the least output padding, then the smallest
    /// stride + padding, then the smaller stride.
    public static func solve(op: Op, input: Int, output: Int, kernel: Int) -> [Solution] {
        var found: [Solution] = []
        for s in strides {
            for d in dilations {
                let extras = op.scatters ? 0..<max(s, d) : 0..<1
                for p in 0...max(0, kernel) {
                    for a in extras {
                        let spec = ConvSpec(
                            op: op, stride: Pair(both: s), padding: Padding(Pair(both: p)),
                            dilation: Pair(both: d), outputPadding: Pair(both: a))
                        let setup = LayerSetup(
                            channels: 1, inputSize: Pair(both: input), filters: 1, kernelSize: Pair(both: kernel),
                            spec: spec)
                        guard let g = try? Limits.check(setup), g.outputSize.h == output else { continue }
                        found.append(
                            Solution(
                                stride: s, padding: p, dilation: d, outputPadding: a,
                                relationship: Relationship.of(g).height))
                    }
                }
            }
        }
        return found.sorted { x, y in
            func key(_ r: Solution) -> [Int] {
                [r.changes, r.dilation, r.outputPadding, r.stride + r.padding, r.stride]
            }
            return key(x).lexicographicallyPrecedes(key(y))
        }
    }
}
