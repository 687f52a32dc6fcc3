#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Repeated measurements of one thing: reported as the median with the min–max range, since the machines this
/// runs on are shared and noisy.
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    /// Adds a measurement; nan (not measured) is left out.
    mutating func add(_ v: Double) {
        if !v.isNaN { values.append(v) }
    }

    var isEmpty: Bool { values.isEmpty }

    /// The middle value (the mean of the two middle ones for an even count).
    var median: Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
    var min: Double { values.min() ?? .nan }
    var max: Double { values.max() ?? .nan }

    /// "1.23 (1.10–1.50)", or "-" when nothing was measured; `digits` decimals.
    func text(_ digits: Int = 2) -> String {
        guard !isEmpty else { return "-" }
        let f = { (v: Double) in fixed(v, digits) }
        return values.count == 1 ? f(median) : "\(f(median)) (\(f(min))–\(f(max)))"
    }
}

/// `v` with `digits` decimals, as C's `printf("%.Nf")` writes it (what `String(format:)` did, without Foundation).
func fixed(_ v: Double, _ digits: Int) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let n = withVaList([v]) { vsnprintf(&buffer, buffer.count, "%.\(digits)f", $0) }
    return n < 0
        ? "\(v)"
        : String(decoding: buffer.prefix(min(Int(n), buffer.count - 1)).map(UInt8.init(bitPattern:)), as: UTF8.self)
}

/// Monotonic time in nanoseconds (`uptimeNanoseconds()` without Dispatch).
func uptimeNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// Monotonic time in milliseconds since `start` (uptime nanoseconds).
func millis(since start: UInt64, to end: UInt64 = uptimeNanoseconds()) -> Double {
    Double(end &- start) / 1e6
}
