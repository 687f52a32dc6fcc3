/// A pair of per-axis integers: height first, then width.
public struct Pair: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var h: Int
    public var w: Int

    public init(_ h: Int, _ w: Int) {
        self.h = h
        self.w = w
    }

    public init(both v: Int) { self.init(v, v) }
    public var isSquare: Bool { h == w }
    public var description: String { isSquare ? "\(h)" : "\(h)×\(w)" }
    /// "2", or "(1, 2)" (height, width) when the axes differ: a pair of hyper-parameters, not a size.
    public var text: String { isSquare ? "\(h)" : "(\(h), \(w))" }
}

/// Zero padding on each side of the input.
public struct Padding: Equatable, Hashable, Sendable {
    public var top: Int, bottom: Int, left: Int, right: Int
    public init(top: Int, bottom: Int, left: Int, right: Int) {
        self.top = top
        self.bottom = bottom
        self.left = left
        self.right = right
    }
    public init(_ p: Pair) { self.init(top: p.h, bottom: p.h, left: p.w, right: p.w) }
    public static let zero = Padding(Pair(both: 0))
    public var isSymmetric: Bool { top == bottom && left == right }
    /// The leading (top, left) padding.
    public var leading: Pair { Pair(top, left) }
    public var isZero: Bool { top == 0 && bottom == 0 && left == 0 && right == 0 }
}

/// A C × H × W tensor of numbers, stored row-major.
public struct Tensor3: Equatable, Sendable {
    public let channels: Int, height: Int, width: Int
    public var values: [Double]

    public init(channels: Int, height: Int, width: Int, values: [Double]) {
        precondition(values.count == channels * height * width, "tensor size mismatch")
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    public init(channels: Int, height: Int, width: Int, repeating v: Double = 0) {
        self.init(
            channels: channels, height: height, width: width,
            values: Array(repeating: v, count: channels * height * width))
    }

    /// Builds from nested `[C][H][W]` arrays, which must be rectangular.
    public init(_ nested: [[[Double]]]) {
        let c = nested.count
        let h = nested.first?.count ?? 0
        let w = nested.first?.first?.count ?? 0
        self.init(channels: c, height: h, width: w, values: nested.flatMap { $0.flatMap { $0 } })
    }

    @inline(__always) public func index(_ c: Int, _ y: Int, _ x: Int) -> Int { (c * height + y) * width + x }

    public subscript(c: Int, y: Int, x: Int) -> Double {
        get { values[index(c, y, x)] }
        set { values[index(c, y, x)] = newValue }
    }

    public var shape: [Int] { [channels, height, width] }
    public var nested: [[[Double]]] {
        (0..<channels).map { c in (0..<height).map { y in (0..<width).map { x in self[c, y, x] } } }
    }
}

/// A K × C × kh × kw tensor of filter weights, out-channels first.
public struct Tensor4: Equatable, Sendable {
    public let filters: Int, channels: Int, height: Int, width: Int
    public var values: [Double]

    public init(filters: Int, channels: Int, height: Int, width: Int, values: [Double]) {
        precondition(values.count == filters * channels * height * width, "tensor size mismatch")
        self.filters = filters
        self.channels = channels
        self.height = height
        self.width = width
        self.values = values
    }

    /// Builds from nested `[K][C][kh][kw]` arrays, which must be rectangular.
    public init(_ nested: [[[[Double]]]]) {
        let k = nested.count
        let c = nested.first?.count ?? 0
        let h = nested.first?.first?.count ?? 0
        let w = nested.first?.first?.first?.count ?? 0
        self.init(
            filters: k, channels: c, height: h, width: w,
            values: nested.flatMap { $0.flatMap { $0.flatMap { $0 } } })
    }

    public subscript(k: Int, c: Int, y: Int, x: Int) -> Double {
        values[((k * channels + c) * height + y) * width + x]
    }

    public var shape: [Int] { [filters, channels, height, width] }
    public var size: Pair { Pair(height, width) }
    public var nested: [[[[Double]]]] {
        (0..<filters).map { k in
            (0..<channels).map { c in
                (0..<height).map { y in (0..<width).map { x in self[k, c, y, x] } }
            }
        }
    }
}

/// The value a grown tensor puts at a new position: one of the tensor's own values, picked by a hash of the
/// position (the same position always gets the same value, so editing back and forth is reversible).
@inline(__always) private func filler(_ values: [Double], _ position: [Int]) -> Double {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
    for p in position {
        h ^= UInt64(truncatingIfNeeded: p) &+ 0x9E37_79B9_7F4A_7C15 &+ (h << 6) &+ (h >> 2)
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    }
    return values.isEmpty ? 0 : values[Int(h % UInt64(values.count))]
}

extension Tensor3 {
    /// This tensor cut or grown to the new shape: the top-left part is kept, new cells take one of its values,
    /// picked by position.
    public func resized(channels c: Int, height h: Int, width w: Int) -> Tensor3 {
        var out = Tensor3(channels: c, height: h, width: w)
        for ch in 0..<c {
            for y in 0..<h {
                for x in 0..<w {
                    let inside = ch < channels && y < height && x < width
                    out[ch, y, x] = inside ? self[ch, y, x] : filler(values, [ch, y, x])
                }
            }
        }
        return out
    }
}

extension Tensor4 {
    /// This tensor cut or grown to the new shape, as `Tensor3.resized` does.
    public func resized(filters k: Int, channels c: Int, height h: Int, width w: Int) -> Tensor4 {
        var out: [Double] = []
        out.reserveCapacity(k * c * h * w)
        for f in 0..<k {
            for ch in 0..<c {
                for y in 0..<h {
                    for x in 0..<w {
                        let inside = f < filters && ch < channels && y < height && x < width
                        out.append(inside ? self[f, ch, y, x] : filler(values, [f, ch, y, x]))
                    }
                }
            }
        }
        return Tensor4(filters: k, channels: c, height: h, width: w, values: out)
    }
}
