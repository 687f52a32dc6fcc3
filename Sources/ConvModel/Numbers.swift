/// Formats numbers the way a student writes them: integers without ".0", decimals as the shortest
/// decimal that reads back to the same Double, never in exponent notation.
public enum Num {
    public static func format(_ v: Double) -> String {
        if v == 0 { return "0" }  // also folds -0
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let s = "\(v)"
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        return expand(mantissa: String(s[..<e]), exponent: Int(s[s.index(after: e)...]) ?? 0)
    }

    /// Rewrites `m`e`x` (as Swift prints it) as a plain decimal.
    private static func expand(mantissa: String, exponent: Int) -> String {
        var m = mantissa
        let negative = m.hasPrefix("-")
        if negative { m.removeFirst() }
        let parts = m.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        var frac = parts.count > 1 ? String(parts[1]) : ""
        if frac == "0" { frac = "" }
        var digits = intPart + frac
        var point = intPart.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits.prefix(point))
        var rest = String(digits.dropFirst(point))
        while rest.hasSuffix("0") { rest.removeLast() }
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        return (negative ? "-" : "") + whole + (rest.isEmpty ? "" : "." + rest)
    }
}
