/// Why a set of shapes has no valid output: the scenario field at fault and the rule it breaks.
public struct GeometryError: Error, Equatable, Sendable {
    /// The scenario field at fault (`kernel`, `padding`, `output_padding`, …).
    public let field: String
    /// The rule broken, with the numbers it names. ScenarioFormat says it in English or Chinese
    /// (`GeometryRule.text(_:)`): ConvModel holds no display strings.
    public let rule: GeometryRule

    public init(field: String, rule: GeometryRule) {
        self.field = field
        self.rule = rule
    }
}

/// A rule of the layer's shapes and limits, broken: a case per rule, with the numbers the message names. Each is
/// said in one place, `Sources/ScenarioFormat/Messages/GeometryMessages.swift`.
public enum GeometryRule: Equatable, Sendable {
    /// The kernel, d(k − 1) + 1 per axis, is larger than the padded input (`dilated`: d > 1 somewhere).
    case kernelLarger(kernel: Pair, padded: Pair, dilated: Bool)
    /// A transposed layer's output padding is not 0 although its stride and dilation are 1 on that axis.
    case outputPaddingNotZero(Int, axis: Axis)
    /// A transposed layer's output padding is negative or not below max(stride, dilation) on that axis.
    case outputPaddingRange(Int, axis: Axis, stride: Int, dilation: Int)
    /// A transposed layer's padding crops the whole scatter result.
    case cropsAll(crop: Pair, scatter: Pair)
    /// Output padding on a direct convolution.
    case outputPaddingOnConv
    /// The output's side over `Limits.outputSide`.
    case outputSide(Pair, limit: Int)
    /// The output's numbers over `Limits.outputElements`.
    case outputElements(Int, limit: Int)
    /// The layer's multiply–adds over `Limits.multiplyAdds`.
    case multiplyAdds(Int, limit: Int)
    /// A count (channels, rows…) below 1.
    case countTooSmall(Int, Counted)
    /// A count over its limit.
    case countOver(Int, Counted, limit: Int)
    /// A tensor of `shape` holds `count` numbers, over the limit.
    case elementsOver(shape: [Int], count: Int, limit: Int)
    /// A hyper-parameter below its range (`range.lowerBound` 0 and a negative value: "negative").
    case valueTooSmall(Int, range: ClosedRange<Int>)
    /// A hyper-parameter over its limit.
    case valueOver(Int, limit: Int)
    /// `"full"` padding would pad more than the limit on a side.
    case fullOver(Int, limit: Int)
    /// `"same"` asked of a transposed convolution.
    case sameOnTransposed
    /// `"same"` with a stride; `tensorflow` says what TensorFlow's SAME would pad instead (nil: not said).
    case sameStride(Pair, tensorflow: TensorFlowSame?)
    /// `"same"` would pad more than the limit on a side.
    case sameOver(limit: Int)
    /// The kernel's channels differ from the input's.
    case channelMismatch(filter: Int, input: Int)
    /// The bias holds `count` numbers, not one per filter.
    case biasCount(Int, filters: Int)
    /// The direct convolution equivalent to a transposed one would have an input over the limit.
    case equivalentInputOver(limit: Int)
    /// The direct convolution equivalent to a transposed one would need more multiply–adds than the limit.
    case equivalentWorkOver(limit: Int)

    /// An axis a rule names.
    public enum Axis: Equatable, Sendable {
        case height, width
    }

    /// What a count counts.
    public enum Counted: Equatable, Sendable {
        case channels, rows, columns, numbers, filters, layers
    }
}

/// What TensorFlow's `padding="SAME"` does with a stride, which PyTorch refuses: an output of ceil(W/S) per
/// axis, padded `before` and `after`; and the even padding (`padding`) that comes closest, with the output
/// size it `gives`.
public struct TensorFlowSame: Equatable, Sendable {
    public let output: Pair
    public let before: Pair
    public let after: Pair
    public let padding: Pair
    public let gives: Pair

    /// SAME makes the output ceil(W/S), padding (W2 − 1)·S + d(k − 1) + 1 − W in all, the extra at the end;
    /// `reach` is d(k − 1) per axis.
    public init(input: Pair, reach: Pair, stride: Pair) {
        func axis(_ w: Int, _ r: Int, _ s: Int) -> (out: Int, before: Int, after: Int, p: Int, got: Int) {
            let out = (w + s - 1) / s
            let total = max(0, (out - 1) * s + r + 1 - w)
            let p = (total + 1) / 2
            return (out, total / 2, total - total / 2, p, (w + 2 * p - r - 1) / s + 1)
        }
        let h = axis(input.h, reach.h, stride.h)
        let v = axis(input.w, reach.w, stride.w)
        output = Pair(h.out, v.out)
        before = Pair(h.before, v.before)
        after = Pair(h.after, v.after)
        padding = Pair(h.p, v.p)
        gives = Pair(h.got, v.got)
    }
}
