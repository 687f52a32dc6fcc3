/// How a layer multiplies and adds its numbers: the one place that decides between exact decimals and binary
/// floating point.
///
/// Scenario numbers are decimals (0.1 is "one tenth", not the binary number nearest to it). When every input value
/// and weight has at most `maxDecimals` decimals, and so has every bias, and no sum of one output cell can reach
/// 10^15 units of its last decimal place (bound: C·kh·kw · max |input| · max |weight| + max |bias|, all counted in
/// those units), the layer is **exact**: each number becomes an integer (the number times a power of ten), every
/// product and every sum (partial, running, merged, with bias) is an integer count of units (an `Int64` in `Sum`,
/// a whole-number `Double` in the output loops: below 10^15 < 2^53, so exact too), and only the result is turned
/// back into a `Double`, the one nearest to the exact decimal, which `Num.format` prints as that decimal (at most
/// 15 significant digits). So 0.1⋅1 + 0.2⋅1 + 0.3⋅(−1) is 0 and 0.1 + 0.2 is 0.3.
///
/// Otherwise (more decimals, as in 0.333333333333333314829616256247, or sums too large) the layer computes in
/// binary floating point, in the order the traces show.
public struct Arithmetic: Equatable, Sendable {
    /// Decimal places of every product and sum when exact; nil for binary floating point.
    public let decimals: Int?
    /// 10^(input decimals), 10^(weight decimals), and 10^decimals (products, sums and the bias): exact doubles.
    let inputScale: Double, kernelScale: Double, unit: Double

    /// The most decimals a number may have for exact arithmetic.
    public static let maxDecimals = 9
    /// Every exact sum stays below this many units of its last decimal place (so it has at most 15 digits, which
    /// a `Double` holds and prints exactly).
    public static let unitLimit: Int64 = 1_000_000_000_000_000

    /// Binary floating point.
    public static let floatingPoint = Arithmetic(decimals: nil, inputScale: 1, kernelScale: 1, unit: 1)

    private init(decimals: Int?, inputScale: Double, kernelScale: Double, unit: Double) {
        self.decimals = decimals
        self.inputScale = inputScale
        self.kernelScale = kernelScale
        self.unit = unit
    }

    /// Decides for a layer whose output cells each add at most `terms` products (C·kh·kw) and a bias.
    public init(input: [Double], kernel: [Double], bias: [Double], terms: Int) {
        guard let dx = Self.decimals(of: input), let dw = Self.decimals(of: kernel), let db = Self.decimals(of: bias)
        else {
            self = .floatingPoint
            return
        }
        // Products have dx + dw decimals; when the bias has more, the input is scaled further.
        let s = max(dx + dw, db)
        let (inputScale, kernelScale, unit) = (Self.power(s - dw), Self.power(dw), Self.power(s))
        guard let x = Self.largest(input, scale: inputScale), let w = Self.largest(kernel, scale: kernelScale),
            let b = Self.largest(bias, scale: unit)
        else {
            self = .floatingPoint
            return
        }
        let product = x.multipliedReportingOverflow(by: w)
        let products = product.partialValue.multipliedReportingOverflow(by: Int64(max(terms, 1)))
        guard !product.overflow, !products.overflow, products.partialValue < Self.unitLimit - b else {
            self = .floatingPoint
            return
        }
        self.init(decimals: s, inputScale: inputScale, kernelScale: kernelScale, unit: unit)
    }

    public var isExact: Bool { decimals != nil }

    /// An input value, a weight, or any number of this layer (a bias, a product, a sum), as an integer count of
    /// units (exact mode only).
    @inline(__always) func inputUnits(_ x: Double) -> Int64 { Self.nearest(x * inputScale) }
    @inline(__always) func kernelUnits(_ w: Double) -> Int64 { Self.nearest(w * kernelScale) }
    @inline(__always) func units(_ v: Double) -> Int64 { Self.nearest(v * unit) }

    /// `Int64(t.rounded())` (halves away from zero) without the call to the C library's `round` that `rounded()`
    /// compiles to on x86-64 (a trace converts two numbers per tap): the truncation, then one step away from zero
    /// when the rest is a half or more. `t - Double(n)` is exact (n is t without its fraction), so this is the
    /// same integer for every t, and traps where `Int64(t.rounded())` does.
    @inline(__always) static func nearest(_ t: Double) -> Int64 {
        var n = Int64(t)
        let rest = t - Double(n)
        if rest >= 0.5 {
            n += 1
        } else if rest <= -0.5 {
            n -= 1
        }
        return n
    }
    /// The `Double` nearest to `n` units: both `Double(n)` and the power of ten are exact, so one rounding.
    @inline(__always) func value(_ n: Int64) -> Double { Double(n) / unit }

    /// The same counts as whole-number `Double`s, for the output loops: below 10^15 < 2^53, so exact.
    @inline(__always) func inputInteger(_ x: Double) -> Double { (x * inputScale).rounded() }
    @inline(__always) func kernelInteger(_ w: Double) -> Double { (w * kernelScale).rounded() }
    @inline(__always) func integer(_ v: Double) -> Double { (v * unit).rounded() }
    /// Turns whole-number counts of units into the nearest `Double`s of their values, in place.
    func toValues(_ counts: inout [Double]) {
        let unit = unit
        for i in counts.indices { counts[i] /= unit }
    }

    /// x·w for an input value x and a weight w.
    public func product(_ x: Double, _ w: Double) -> Double {
        isExact ? value(inputUnits(x) &* kernelUnits(w)) : x * w
    }

    /// The sum, left to right, of numbers of this layer (products, sums of them, biases).
    public func sum(_ values: some Sequence<Double>) -> Double {
        var total = Sum(self)
        for v in values { total.add(v) }
        return total.value
    }

    /// The fewest decimals (0…`maxDecimals`) that write every value exactly; nil when some value needs more.
    static func decimals(of values: [Double]) -> Int? {
        var most = 0
        for v in values where v != v.rounded() || v.magnitude >= 1e15 {
            guard let d = (1...maxDecimals).first(where: { reads(v, scale: power($0)) }) else { return nil }
            most = max(most, d)
        }
        return most
    }

    /// The largest |v|·scale over the values, when each v·scale is an integer below `unitLimit` that reads back
    /// as v (`Double(n) / scale == v`); nil otherwise.
    static func largest(_ values: [Double], scale: Double) -> Int64? {
        var most: Int64 = 0
        for v in values {
            guard reads(v, scale: scale) else { return nil }
            most = max(most, Int64((v * scale).rounded().magnitude))
        }
        return most
    }

    /// True when v·scale rounds to an integer below `unitLimit` that reads back as v.
    private static func reads(_ v: Double, scale: Double) -> Bool {
        let n = (v * scale).rounded()
        return n.magnitude < Double(unitLimit) && n / scale == v
    }

    /// 10^n, exact for n ≤ 22.
    static func power(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }
}

/// A running sum in a layer's arithmetic: integer units when exact, a `Double` otherwise.
public struct Sum: Sendable {
    private let arithmetic: Arithmetic
    private var units: Int64 = 0
    private var float = 0.0

    public init(_ arithmetic: Arithmetic) { self.arithmetic = arithmetic }

    /// Adds x·w, an input value times a weight.
    public mutating func add(_ x: Double, times w: Double) {
        if arithmetic.isExact {
            units &+= arithmetic.inputUnits(x) &* arithmetic.kernelUnits(w)
        } else {
            float += x * w
        }
    }

    /// Adds a product already counted in units (`Arithmetic.inputUnits` times `kernelUnits`; exact mode only).
    @inline(__always) mutating func add(units n: Int64) { units &+= n }

    /// Adds a number of this layer: a product, a sum of them, or a bias.
    public mutating func add(_ v: Double) {
        if arithmetic.isExact {
            units &+= arithmetic.units(v)
        } else {
            float += v
        }
    }

    public var value: Double { arithmetic.isExact ? arithmetic.value(units) : float }
}
