import ConvModel

extension Num {
    /// For the screen: integers exactly (below 10^15); other numbers rounded to 12 significant digits. Decimal
    /// layers are computed exactly (`Arithmetic`), so their numbers show as they are; a layer beyond the exact range
    /// computes in binary floating point, and the rounding makes its noise (0.1 + 0.2 = 0.30000000000000004) read as
    /// the decimal a student expects (0.3). A plain decimal when the first digit is between 10^−6 and 10^14, else
    /// with an exponent (`6.17e-20`, `1.5e20`), so a tiny value never prints as hundreds of digits. `eval` keeps the
    /// exact shortest round-trip form (`Num.format`).
    public static func display(_ v: Double) -> String {
        if v == 0 {
            return "0"
        }
        if let n = TextBytes.integer(v) {
            return String(n)
        }
        guard v.isFinite else { return format(v) }
        let (digits, exponent) = significantDigits(abs(v), count: 12)
        let body = -6 <= exponent && exponent < 15 ? plain(digits, exponent) : scientific(digits, exponent)
        return v < 0 ? "-" + body : body
    }

    /// A count for prose, its digits in groups of three from 1,000 on (`2,637,376 numbers for 65,536 inputs`:
    /// seven digits in a row are hard to read from the back of a room).
    static func grouped(_ n: Int) -> String {
        var m = n.magnitude
        guard m >= 1000 else { return String(n) }
        // Written from the last digit back (at most 20 digits, 6 commas and a sign).
        return String(unsafeUninitializedCapacity: 27) { out in
            var (i, k) = (27, 0)
            while true {
                i -= 1
                out[i] = UInt8(truncatingIfNeeded: 0x30 &+ m % 10)
                m /= 10
                k += 1
                guard m > 0 else { break }
                if k % 3 == 0 {
                    i -= 1
                    out[i] = 0x2C
                }
            }
            if n < 0 {
                i -= 1
                out[i] = 0x2D
            }
            let count = 27 - i
            for j in 0..<count { out[j] = out[i + j] }
            return count
        }
    }

    /// The display width of `display(v)`, without building the string for integers (the common case, and the
    /// one of the largest tensors).
    public static func displayWidth(_ v: Double) -> Int {
        guard var n = TextBytes.integer(v)?.magnitude else { return display(v).utf8.count }
        var width = v < 0 ? 2 : 1
        while n >= 10 {
            n /= 10
            width += 1
        }
        return width
    }

    /// The first `count` significant decimal digits of x > 0 (rounded half up from its shortest round-trip
    /// form, trailing zeros removed) and the power of ten of the first digit.
    static func significantDigits(_ x: Double, count: Int) -> (digits: [UInt8], exponent: Int) {
        let text = x.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let shift = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(mantissa[0].utf8)
        let fraction = mantissa.count > 1 ? Array(mantissa[1].utf8) : []
        var digits = (whole + fraction).map { $0 - UInt8(ascii: "0") }
        let leading = digits.prefix { $0 == 0 }.count
        digits.removeFirst(leading)
        var exponent = whole.count - leading - 1 + shift
        if digits.count > count {
            let up = digits[count] >= 5
            digits.removeLast(digits.count - count)
            if up { exponent += roundUp(&digits) }
        }
        while digits.last == 0 { digits.removeLast() }
        return (digits.isEmpty ? [0] : digits, exponent)
    }

    /// Adds one in the last digit; returns 1 when the carry adds a digit in front (9.99 → 10.0).
    private static func roundUp(_ digits: inout [UInt8]) -> Int {
        var i = digits.count - 1
        while i >= 0 {
            if digits[i] < 9 {
                digits[i] += 1
                return 0
            }
            digits[i] = 0
            i -= 1
        }
        digits.insert(1, at: 0)
        digits.removeLast()
        return 1
    }

    private static func text(_ digits: ArraySlice<UInt8>) -> String {
        String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// 0.000123, 12.5, 1200.
    private static func plain(_ digits: [UInt8], _ exponent: Int) -> String {
        if exponent < 0 {
            return "0." + String(repeating: "0", count: -exponent - 1) + text(digits[...])
        }
        let padded = digits + [UInt8](repeating: 0, count: max(0, exponent + 1 - digits.count))
        let whole = text(padded[...exponent])
        let fraction = padded[(exponent + 1)...]
        return fraction.isEmpty ? whole : whole + "." + text(fraction)
    }

    /// 6.17e-20, 1e-300, 1.5e20.
    private static func scientific(_ digits: [UInt8], _ exponent: Int) -> String {
        let rest = digits.dropFirst()
        return text(digits.prefix(1)) + (rest.isEmpty ? "" : "." + text(rest)) + "e\(exponent)"
    }
}
