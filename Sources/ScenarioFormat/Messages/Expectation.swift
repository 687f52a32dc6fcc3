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
        switch l {
        case .en: english
        case .zh: chinese
        }
    }

    private var english: String {
        switch self {
        case .text: "a string or {\"en\": …, \"zh\": …}"
        case .string: "a string"
        case .number: "a number"
        case .nested(let rank, let object): "numbers nested \(nesting(rank)) or a generator" + (object ? " object" : "")
        case .object(let fields): "an object with \(Language.en.list(fields, and: true))"
        case .choice(let words): Language.en.list(words.map(quoted))
        case .oneOf(let words): "one of " + words.map(quoted).joined(separator: ", ")
        case .padding: "an integer, [h, w], \"valid\", \"same\" or \"full\""
        case .shape(let rank): shapeNames(rank)
        case .numbers(let n): "an array of \(n) number(s)"
        case .arrayOf(let things): "an array of \(things.text(.en, count: 2))"
        case .fieldBlock: "{\"layers\": [...], \"compare\": [...]}"
        case .stack: "an array of layers"
        case .stackOfKernels: "an array of {\"kernel\": k, \"dilation\": d}"
        case .stackLayer: "{\"kernel\": k, \"stride\": s, \"dilation\": d}"
        case .range: "[lo, hi], two integers"
        case .integer(let min, let max, let pair): "an integer from \(min) to \(max)" + (pair ? " or [h, w]" : "")
        case .count(let things, let max): "a number of \(things.text(.en, count: 2)) from 1 to \(max)"
        case .seed: "a whole number from 0 to 2^53 − 1"
        case .within(let m): "an integer within ±\(m)"
        }
    }

    private var chinese: String {
        switch self {
        case .text: "字符串或 {\"en\": …, \"zh\": …}"
        case .string: "字符串"
        case .number: "数字"
        case .nested(let rank, let object): "按 \(nesting(rank)) 嵌套的数字，或生成器" + (object ? "对象" : "")
        case .object(let fields): "含 \(Language.zh.list(fields, and: true)) 的对象"
        case .choice(let words): Language.zh.list(words.map(quoted))
        case .oneOf(let words): "以下之一：" + words.map(quoted).joined(separator: "、")
        case .padding: "整数、[h, w]、\"valid\"、\"same\" 或 \"full\""
        case .shape(let rank): shapeNames(rank)
        case .numbers(let n): "含 \(n) 个数的数组"
        case .arrayOf(let things): "由\(things.noun)组成的数组"
        case .fieldBlock: "{\"layers\": [...], \"compare\": [...]}"
        case .stack: "由各层组成的数组"
        case .stackOfKernels: "由 {\"kernel\": k, \"dilation\": d} 组成的数组"
        case .stackLayer: "{\"kernel\": k, \"stride\": s, \"dilation\": d}"
        case .range: "由两个整数组成的 [lo, hi]"
        case .integer(let min, let max, let pair): "\(min) 到 \(max) 之间的整数" + (pair ? "，或 [h, w]" : "")
        case .count(let things, let max): "1 到 \(max) 之间的\(things.countNoun)"
        case .seed: "0 到 2^53 − 1 之间的整数"
        case .within(let m): "±\(m) 以内的整数"
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
