import ConvModel

/// A tiny JSON writer for `eval`: numbers through `Num.format`, so integers print without ".0".
enum JSONOut {
    case object([(String, JSONOut)])
    case array([JSONOut])
    case number(Double)
    case int(Int)
    case string(String)

    static func ints(_ v: [Int]) -> JSONOut { .array(v.map { .int($0) }) }
    static func pair(_ p: Pair) -> JSONOut { ints([p.h, p.w]) }
    static func tensor(_ t: Tensor3) -> JSONOut {
        .array(t.nested.map { .array($0.map { .array($0.map { .number($0) }) }) })
    }
    static func tensor(_ t: Tensor4) -> JSONOut {
        .array(t.nested.map { .array($0.map { .array($0.map { .array($0.map { .number($0) }) }) }) })
    }
    static func padding(_ p: Padding) -> JSONOut {
        .object([("top", .int(p.top)), ("bottom", .int(p.bottom)), ("left", .int(p.left)), ("right", .int(p.right))])
    }

    var text: String {
        switch self {
        case .object(let members):
            return "{" + members.map { "\(JSONOut.quote($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .number(let v): return Num.format(v)
        case .int(let v): return String(v)
        case .string(let s): return JSONOut.quote(s)
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
