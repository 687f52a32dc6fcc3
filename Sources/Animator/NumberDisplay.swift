import ConvModel

extension Num {
    /// For the screen: rounded to 12 significant digits first, so binary floating-point noise
    /// (0.1 + 0.2 = 0.30000000000000004) reads as the decimal a student expects (0.3). `eval` keeps the exact
    /// shortest round-trip form (`Num.format`).
    public static func display(_ v: Double) -> String {
        if v == v.rounded() || !v.isFinite {
            return format(v)
        }
        let magnitude = Int((abs(v)).log10Floor)
        let scale = pow10(11 - magnitude)
        let rounded = (v * scale).rounded() / scale
        return format(rounded.isFinite ? rounded : v)
    }

    private static func pow10(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(n) {
            r *= 10
        }
        return n >= 0 ? r : 1 / r
    }
}

extension Double {
    /// ⌊log10 |x|⌋ for finite non-zero x, by counting (no Foundation needed).
    fileprivate var log10Floor: Double {
        var x = abs(self)
        var n = 0.0
        while x >= 10 {
            x /= 10
            n += 1
        }
        while x < 1 && x > 0 {
            x *= 10
            n -= 1
        }
        return n
    }
}
