import ConvModel
import ScenarioFormat

// `stdout` is a C global: preconcurrency lets Swift 6 read it (one thread writes eval's output).
#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Musl)
    @preconcurrency import Musl
#elseif canImport(Darwin)
    @preconcurrency import Darwin
#endif

/// A tiny JSON document for `eval`: numbers through `Num.format`, so integers print without ".0". Tensors keep
/// their flat values (shared with the tensor, not copied) and are streamed, never built as nested arrays.
enum JSONOut {
    case object([(String, JSONOut)])
    case array([JSONOut])
    case int(Int)
    case string(String)
    /// A row-major tensor printed as nested arrays of `shape`.
    case tensor(shape: [Int], values: [Double])

    static func ints(_ v: [Int]) -> JSONOut { .array(v.map { .int($0) }) }
    static func pair(_ p: Pair) -> JSONOut { ints([p.h, p.w]) }
    static func tensor(_ t: Tensor3) -> JSONOut { .tensor(shape: t.shape, values: t.values) }
    static func tensor(_ t: Tensor4) -> JSONOut { .tensor(shape: t.shape, values: t.values) }
    static func padding(_ p: Padding) -> JSONOut {
        .object([("top", .int(p.top)), ("bottom", .int(p.bottom)), ("left", .int(p.left)), ("right", .int(p.right))])
    }

    /// Appends the JSON text to `out`: `{"a": 1, "b": [2, 3]}`, separators ", " and ": ".
    func write(to out: inout JSONWriter) {
        switch self {
        case .object(let members):
            out.byte(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.separator() }
                out.text(jsonQuoted(key))
                out.byte(UInt8(ascii: ":"))
                out.byte(UInt8(ascii: " "))
                value.write(to: &out)
            }
            out.byte(UInt8(ascii: "}"))
        case .array(let items):
            out.byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.separator() }
                item.write(to: &out)
            }
            out.byte(UInt8(ascii: "]"))
        case .int(let v): out.int(v)
        case .string(let s): out.text(jsonQuoted(s))
        case .tensor(let shape, let values):
            values.withUnsafeBufferPointer { out.nested(shape[...], $0, from: 0) }
        }
    }
}

/// JSON text on its way to standard output: one reused byte buffer, handed to C stdio (`fwrite`) whenever it
/// holds 64 KiB, so a million numbers never become one string.
struct JSONWriter {
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 16

    init() { buffer.reserveCapacity(JSONWriter.chunk + 64) }

    mutating func byte(_ b: UInt8) { buffer.append(b) }
    mutating func separator() {
        buffer.append(UInt8(ascii: ","))
        buffer.append(UInt8(ascii: " "))
    }
    mutating func text(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= JSONWriter.chunk { flush() }
    }

    /// A decimal integer, as `String(v)` writes it, most significant digit first.
    mutating func int(_ v: Int) {
        if v < 0 { buffer.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        var unit: UInt = 1
        while m / unit >= 10 { unit *= 10 }
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(m / unit))
            m %= unit
            unit /= 10
        } while unit > 0
    }

    /// A number exactly as `Num.format` writes it; integers take a short path without a String.
    mutating func number(_ v: Double) {
        if v == 0 {
            buffer.append(UInt8(ascii: "0"))
        } else if v == v.rounded(), abs(v) < 1e15 {
            int(Int(v))
        } else {
            buffer.append(contentsOf: Num.format(v).utf8)
        }
    }

    /// Nested arrays of `shape` over `values` starting at flat index `base`.
    mutating func nested(_ shape: ArraySlice<Int>, _ values: UnsafeBufferPointer<Double>, from base: Int) {
        guard let count = shape.first else { return }
        let inner = shape.dropFirst()
        let stride = inner.reduce(1, *)
        buffer.append(UInt8(ascii: "["))
        for i in 0..<count {
            if i > 0 { separator() }
            if inner.isEmpty {
                number(values[base + i])
            } else {
                nested(inner, values, from: base + i * stride)
            }
        }
        buffer.append(UInt8(ascii: "]"))
        if buffer.count >= JSONWriter.chunk { flush() }
    }

    /// Hands the buffered bytes to stdout's C stream.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, stdout) }
        buffer.removeAll(keepingCapacity: true)
    }
}
