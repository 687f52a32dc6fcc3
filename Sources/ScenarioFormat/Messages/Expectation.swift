import ConvModel

/// What a field should hold, as a message says it after "expected".
public enum Expectation: Equatable, Sendable {
    /// `a string or {"en": …, "zh": …}`.
    case text
    case string
    case number
    /// The numbers of the input (rank 3) or the kernel (rank 4), or a generator (`object`: "a generator object").
    case nested(rank: Int, object: Bool)
    /// The scenario itself: an object with `fields`.
    case object(fields: [String])
    /// One of these strings, quoted: `"conv" or "transposed"`.
    case choice([String])
    /// One of these strings, quoted, listed after "one of".
    case oneOf([String])
    /// `an integer, [h, w], "valid", "same" or "full"`.
    case padding
    /// A generator's shape: `[C, H, W]` (rank 3) or `[K, C, kh, kw]`.
    case shape(rank: Int)
    /// The bias: an array of one number per filter.
    case numbers(Int)
    /// An array of the next axis of a tensor.
    case arrayOf(GeometryRule.Counted)
    /// The `receptive_field` block.
    case fieldBlock
    /// A stack of receptive-field layers.
    case stack
    /// `layers` of the `receptive_field` block.
    case stackOfKernels
    /// One receptive-field layer.
    case stackLayer
    /// A generator's `range`.
    case range
    /// An integer from `min` to `max` (`pair`: or `[h, w]`).
    case integer(min: Int, max: Int, pair: Bool)
    /// A count of `things` from 1 to `max` (a generator's shape).
    case count(GeometryRule.Counted, max: Int)
    /// A generator's seed, 0 to 2^53 − 1.
    case seed
    /// An integer within ±`magnitude`.
    case within(Int)

    public func text(_ l: Language) -> String {
        switch self {
        case .text: l.say("a string or ", "字符串或 ") + "{\"en\": …, \"zh\": …}"
        case .string: l.say("a string", "字符串")
        case .number: l.say("a number", "数字")
        case .nested(let rank, let object):
            l.say("numbers nested \(nesting(rank)) or a generator", "按 \(nesting(rank)) 嵌套的数字，或生成器")
                + (object ? l.say(" object", "对象") : "")
        case .object(let fields):
            l.say("an object with \(l.list(fields, and: true))", "含 \(l.list(fields, and: true)) 的对象")
        case .choice(let words): l.list(words.map(quoted))
        case .oneOf(let words): l.say("one of ", "以下之一：") + l.names(words.map(quoted))
        case .padding:
            l.say("an integer, ", "整数、") + "[h, w]" + l.say(", ", "、") + l.list(["valid", "same", "full"].map(quoted))
        case .shape(let rank): shapeNames(rank)
        case .numbers(let n): l.say("an array of \(n) number(s)", "含 \(n) 个数的数组")
        case .arrayOf(let things): l.say("an array of \(things.text(.en, count: 2))", "由\(things.noun)组成的数组")
        case .fieldBlock: "{\"layers\": [...], \"compare\": [...]}"
        case .stack: l.say("an array of layers", "由各层组成的数组")
        case .stackOfKernels: l.say("an array of ", "由 ") + "{\"kernel\": k, \"dilation\": d}" + l.say("", " 组成的数组")
        case .stackLayer: "{\"kernel\": k, \"stride\": s, \"dilation\": d}"
        case .range: l.say("[lo, hi], two integers", "由两个整数组成的 [lo, hi]")
        case .integer(let min, let max, let pair):
            l.say("an integer from \(min) to \(max)", "\(min) 到 \(max) 之间的整数")
                + (pair ? l.say(" or [h, w]", "，或 [h, w]") : "")
        case .count(let things, let max):
            l.say("a number of \(things.text(.en, count: 2)) from 1 to \(max)", "1 到 \(max) 之间的\(things.countNoun)")
        case .seed: l.say("a whole number from 0 to 2^53 − 1", "0 到 2^53 − 1 之间的整数")
        case .within(let m): l.say("an integer within ±\(m)", "±\(m) 以内的整数")
        }
    }
}

extension GeometryRule.Counted {
    /// The things themselves, in Chinese, for "an array of …" and "a number of …".
    var noun: String {
        switch self {
        case .channels: "通道"
        case .rows: "行"
        case .columns: "列"
        case .numbers: "数字"
        case .filters: "滤波器"
        case .layers: "层"
        }
    }
}

extension GeometryRule.Counted {
    /// How many of the things there are, in Chinese: "行数".
    var countNoun: String {
        switch self {
        case .channels: "通道数"
        case .rows: "行数"
        case .columns, .numbers: "列数"
        case .filters: "滤波器数"
        case .layers: "层数"
        }
    }
}

/// How the input (rank 3) or the kernel is nested: `[C][H][W]`, `[K][C][kh][kw]`.
func nesting(_ rank: Int) -> String { rank == 3 ? "[C][H][W]" : "[K][C][kh][kw]" }

/// A generator's shape: `[C, H, W]`, `[K, C, kh, kw]`.
func shapeNames(_ rank: Int) -> String { rank == 3 ? "[C, H, W]" : "[K, C, kh, kw]" }
