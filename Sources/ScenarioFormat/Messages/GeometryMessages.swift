import ConvModel

extension GeometryRule {
    /// The rule in `l`, after the field it is about (`kernel: …`); the numbers as digits.
    public func text(_ l: Language) -> String {
        switch self {
        case .kernelLarger(let k, let p, let dilated):
            l.say(
                "the \(dilated ? "dilated " : "")kernel (\(size(k))) is larger than the padded input (\(size(p)))",
                "\(dilated ? "加入空洞后的" : "")卷积核（\(size(k))）比填充后的输入（\(size(p))）还大")
        case .outputPaddingNotZero(let v, let axis):
            l.say(
                "\(v) on the \(axis.text(l)) axis must be 0 when the stride and the dilation are 1",
                "\(axis.text(l))方向上的 \(v) 必须为 0（步长和空洞都为 1 时）")
        case .outputPaddingRange(let v, let axis, let s, let d):
            l.say(
                "\(v) on the \(axis.text(l)) axis must be at least 0 and smaller than the stride (\(s)) "
                    + "or the dilation (\(d))",
                "\(axis.text(l))方向上的 \(v) 必须不小于 0，且小于步长（\(s)）或空洞（\(d)）")
        case .cropsAll(let crop, let scatter):
            l.say(
                "crops \(size(crop)) from the \(size(scatter)) scatter result, leaving no output; use less padding",
                "要从 \(size(scatter)) 的散射结果中裁掉 \(size(crop))，不剩任何输出；请减少填充")
        case .outputPaddingOnConv: l.say("applies to transposed convolution only", "只用于转置卷积")
        case .outputSide(let out, let limit):
            l.say(
                "the output would be \(size(out)), over the limit of \(limit) per side",
                "输出将是 \(size(out))，超过每边 \(limit) 的上限")
        case .outputElements(let n, let limit):
            l.say("the output would have \(n) numbers, over the limit of \(limit)", "输出将有 \(n) 个数，超过上限 \(limit)")
        case .multiplyAdds(let n, let limit):
            l.say("the layer needs \(n) multiply–adds, over the limit of \(limit)", "这一层需要 \(n) 次乘加，超过上限 \(limit)")
        case .countTooSmall(let n, let things):
            l.say(
                "has \(n) \(things.text(l, count: n)); expected at least 1",
                "有 \(n) \(things.text(l, count: n))；至少应有 1 \(things.text(l, count: 1))")
        case .countOver(let n, let things, let limit):
            l.say("has \(n) \(things.text(l, count: n))", "有 \(n) \(things.text(l, count: n))")
                + overLimitClause(limit, l)
        case .elementsOver(let sides, let n, let limit):
            l.say("has \(shape(sides)) = \(n) numbers", "有 \(shape(sides)) = \(n) 个数") + overLimitClause(limit, l)
        case .valueTooSmall, .valueOver, .fullOver, .sameOnTransposed, .sameStride, .sameOver, .channelMismatch,
            .biasCount, .equivalentInputOver, .equivalentWorkOver:
            valuesAndPadding(l)
        }
    }

    /// The rules of a hyper-parameter's range, of `"same"` and `"full"` padding, and those only a program can
    /// break (`text` says the others).
    private func valuesAndPadding(_ l: Language) -> String {
        switch self {
        case .valueTooSmall(let v, let range):
            tooSmallClause("\(v)", negative: v < 0 && range.lowerBound == 0, l)
                + l.say(
                    "expected \(range.lowerBound) to \(range.upperBound)",
                    "应在 \(range.lowerBound) 到 \(range.upperBound) 之间")
        case .valueOver(let v, let limit): isOverLimit("\(v)", limit, l)
        case .fullOver(let side, let limit):
            l.say("\"full\" would pad \(side) on a side", "\"full\" 每边要填充 \(side)") + overLimitClause(limit, l)
        case .sameOnTransposed:
            l.say(
                "\"same\" applies to direct convolution only; give the padding as a number",
                "\"same\" 只用于直接卷积；请把填充写成数值")
        case .sameStride(let stride, let tensorflow):
            l.say("\"same\" needs stride 1, but the stride is \(stride)", "\"same\" 需要步长 1，而步长是 \(stride)")
                + (tensorflow.map { $0.text(l) } ?? "")
        case .sameOver(let limit):
            l.say("\"same\" would pad over the limit of \(limit) on a side", "\"same\" 每边的填充会超过上限 \(limit)")
        case .channelMismatch(let filter, let input):
            l.say(
                "each filter has \(filter) channel(s) but the input has \(input)",
                "每个滤波器有 \(filter) 个通道，但输入有 \(input) 个通道")
        case .biasCount(let n, let filters):
            l.say(
                "has \(n) number(s), expected \(filters) (one per filter)", "有 \(n) 个数，应为 \(filters) 个（每个滤波器一个）")
        case .equivalentInputOver(let limit):
            l.say(
                "the equivalent direct convolution's input would have more than \(limit) numbers",
                "等价的直接卷积的输入会超过 \(limit) 个数")
        case .equivalentWorkOver(let limit):
            l.say(
                "the equivalent direct convolution would need more than \(limit) multiply–adds",
                "等价的直接卷积需要超过 \(limit) 次乘加")
        case .kernelLarger, .outputPaddingNotZero, .outputPaddingRange, .cropsAll, .outputPaddingOnConv, .outputSide,
            .outputElements, .multiplyAdds, .countTooSmall, .countOver, .elementsOver:
            text(l)
        }
    }

    /// The rule as the parameter panel says it, shorter than in a file's error: without the hint about
    /// TensorFlow's SAME and the word "dilated" (the panel shows the dilation beside it).
    public var inPanel: GeometryRule {
        switch self {
        case .kernelLarger(let k, let p, _): .kernelLarger(kernel: k, padded: p, dilated: false)
        case .sameStride(let s, _): .sameStride(s, tensorflow: nil)
        default: self
        }
    }
}

extension TensorFlowSame {
    /// "; PyTorch refuses it, TensorFlow's SAME pads 0 before and 1 after for a 3×3 output (ceil(W/S));
    /// "padding": 1 gives 3×3".
    public func text(_ l: Language) -> String {
        let even = before.h == before.w && after.h == after.w
        let pads =
            even
            ? l.say("\(before.h) before and \(after.h) after", "在前面填充 \(before.h)、后面填充 \(after.h)")
            : l.say(
                "\(before.h)/\(after.h) rows and \(before.w)/\(after.w) columns",
                "在行的前后填充 \(before.h)/\(after.h)、列的前后填充 \(before.w)/\(after.w)")
        let p = padding.isSquare ? "\(padding.h)" : "[\(padding.h), \(padding.w)]"
        return l.say(
            "; PyTorch refuses it, TensorFlow's SAME pads \(pads) for a \(size(output)) output (ceil(W/S)); "
                + "\"padding\": \(p) gives \(size(gives))",
            "；PyTorch 不接受，TensorFlow 的 SAME 会\(pads)，得到 \(size(output)) 的输出（ceil(W/S)）；"
                + "\"padding\": \(p) 得到 \(size(gives))")
    }
}

extension GeometryRule.Axis {
    public func text(_ l: Language) -> String {
        switch self {
        case .height: l.say("height", "高度")
        case .width: l.say("width", "宽度")
        }
    }
}

extension GeometryRule.Counted {
    /// The things counted, after a number: "rows" / "行" ("row" when `count` is 1, in English).
    func text(_ l: Language, count: Int) -> String {
        let one = count == 1
        switch self {
        case .channels: return l.say(one ? "channel" : "channels", "个通道")
        case .rows: return l.say(one ? "row" : "rows", "行")
        case .columns: return l.say(one ? "column" : "columns", "列")
        case .numbers: return l.say(one ? "number" : "numbers", "个数")
        case .filters: return l.say(one ? "filter" : "filters", "个滤波器")
        case .layers: return l.say(one ? "layer" : "layers", "层")
        }
    }
}

/// ", over the limit of N" / "，超过上限 N".
func overLimitClause(_ limit: Int, _ l: Language) -> String { l.say(", over the limit of \(limit)", "，超过上限 \(limit)") }

/// "V is over the limit of N" / "V 超过上限 N".
func isOverLimit(_ v: String, _ limit: Int, _ l: Language) -> String {
    l.say("\(v) is over the limit of \(limit)", "\(v) 超过上限 \(limit)")
}

/// "V is negative; " / "V is too small; " and their Chinese, before what was expected.
func tooSmallClause(_ v: String, negative: Bool, _ l: Language) -> String {
    negative ? l.say("\(v) is negative; ", "\(v) 是负数；") : l.say("\(v) is too small; ", "\(v) 太小；")
}
