import ConvModel

/// The input, the kernel or a generator has the wrong shape.
public enum ShapeProblem: Equatable, Sendable {
    /// The kernel's channels differ from the input's (`pytorchLayout`: they would fit with the first two axes
    /// swapped, as PyTorch stores a transposed convolution's weight).
    case channelMismatch(filter: Int, input: Int, pytorchLayout: Bool)
    /// An array of the next axis is empty.
    case emptyAxis(GeometryRule.Counted)
    /// A number where an array of `things` belongs, one bracket level too high in `tensor` (rank 3 or 4).
    case missingBracket(GeometryRule.Counted, tensor: String, rank: Int)
    /// Row `row` of a matrix has `count` numbers, not `expected` (more: a decimal comma, the message asks).
    case raggedRow(row: String, count: Int, expected: Int)
    /// An array has `count` things, not `expected` as the first of its axis, `first`.
    case raggedAxis(count: Int, GeometryRule.Counted, expected: Int, first: String)
    /// `seed` or `range` without `"fill": "random"`.
    case randomOnly
    /// A generator's shape has `count` numbers, not `rank`.
    case shapeRank(count: Int, rank: Int)
    /// A generator's shape holds too many numbers.
    case shapeElementsOver(shape: [Int], count: Int, limit: Int)
    /// A generator's range with lo > hi.
    case rangeReversed(lo: Int, hi: Int)

    public func text(_ l: Language) -> String {
        switch self {
        case .channelMismatch(let filter, let input, let pytorch):
            GeometryRule.channelMismatch(filter: filter, input: input).text(l)
                + l.say("; expected [K][\(input)][kh][kw]", "；应为 [K][\(input)][kh][kw]")
                + (pytorch
                    ? l.say(
                        " (PyTorch's ConvTranspose2d weight is [C_in][C_out][kh][kw]: swap its first two axes)",
                        "（PyTorch 的 ConvTranspose2d 权重是 [C_in][C_out][kh][kw]：把它的前两个轴对调）") : "")
        case .emptyAxis(let things):
            l.say(
                "is empty; expected at least one of its \(things.text(l, count: 2))",
                "为空；至少应有 1 \(things.text(l, count: 1))")
        case .missingBracket(let things, let tensor, let rank):
            FieldProblem.wrongType(.arrayOf(things), found: .number).text(l)
                + l.say(
                    "; the \(tensor) must be nested \(nesting(rank)), e.g. "
                        + (rank == 3
                            ? "[[[1, 2], [3, 4]]] for one channel" : "[[[[1, 0], [0, 1]]]] for one 2×2 filter"),
                    "；\(tensor) 必须按 \(nesting(rank)) 嵌套，例如"
                        + (rank == 3 ? "一个通道写作 [[[1, 2], [3, 4]]]" : "一个 2×2 滤波器写作 [[[[1, 0], [0, 1]]]]"))
        case .raggedRow(let row, let count, let expected):
            l.say(
                "row \(row) has \(count) number\(count == 1 ? "" : "s"), expected \(expected)",
                "第 \(row) 行有 \(count) 个数，应为 \(expected) 个")
                // A decimal comma (0,5) reads as two numbers: one more per comma.
                + (count > expected ? l.say("; a decimal comma? write 0.5, not 0,5", "；是不是用了小数逗号？请写 0.5，不要写 0,5") : "")
        case .raggedAxis(let count, let things, let expected, let first):
            l.say(
                "has \(count) \(things.text(l, count: count)), expected \(expected) as in \(first)",
                "有 \(count) \(things.text(l, count: count))，"
                    + "应与 \(first) 一样有 \(expected) \(things.text(l, count: expected))")
        case .randomOnly: l.say("applies to \"fill\": \"random\" only", "只用于 \"fill\": \"random\"")
        case .shapeRank(let count, let rank):
            l.say(
                "has \(count) numbers, expected \(rank): \(shapeNames(rank))",
                "有 \(count) 个数，应为 \(rank) 个：\(shapeNames(rank))")
        case .shapeElementsOver(let sides, let count, let limit):
            l.say("\(shape(sides)) = \(count) numbers", "\(shape(sides)) = \(count) 个数") + overLimitClause(limit, l)
        case .rangeReversed(let lo, let hi): l.say("lo (\(lo)) is larger than hi (\(hi))", "lo（\(lo)）比 hi（\(hi)）大")
        }
    }
}

/// The topic or a receptive-field stack does not fit the scenario.
public enum TopicProblem: Equatable, Sendable {
    /// A topic of transposed convolution on a direct one.
    case needsTransposed(topic: String)
    /// A topic of direct convolution on a transposed one.
    case showsDirect(topic: String)
    /// `"topic": "receptive_field"` without the block.
    case needsField
    /// A stack without layers.
    case emptyStack(limit: Int)
    /// The receptive field grows past its limit at this layer.
    case fieldGrows(Int, limit: Int)
    /// The strides up to this layer multiply past the limit.
    case stridesMultiply(Int, limit: Int)
    /// The field cannot be computed (past an Int).
    case fieldTooLarge

    public func text(_ l: Language) -> String {
        switch self {
        case .needsTransposed(let t):
            l.say("\"\(t)\" needs \"op\": \"transposed\"", "\"\(t)\" 需要 \"op\": \"transposed\"")
        case .showsDirect(let t):
            l.say(
                "\"\(t)\" shows a direct convolution, but op is \"transposed\"",
                "\"\(t)\" 展示的是直接卷积，但 op 是 \"transposed\"")
        case .needsField:
            l.say(
                "\"receptive_field\" needs a receptive_field block with layers",
                "\"receptive_field\" 需要一个带 layers 的 receptive_field 块")
        case .emptyStack(let limit): l.say("is empty; expected 1 to \(limit) layers", "为空；应有 1 到 \(limit) 层")
        case .fieldGrows(let size, let limit):
            l.say("the receptive field grows to \(size) here", "感受野在这里增长到 \(size)") + overLimitClause(limit, l)
        case .stridesMultiply(let jump, let limit):
            l.say("the strides up to here multiply to \(jump)", "到这里为止的步长之积是 \(jump)") + overLimitClause(limit, l)
        case .fieldTooLarge: l.say("the receptive field is too large to compute here", "感受野在这里大到无法计算")
        }
    }
}
