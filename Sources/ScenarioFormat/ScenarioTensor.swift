import ConvModel

/// SplitMix64: a tiny generator that gives the same numbers on every platform, for `"fill": "random"`.
public struct SplitMix64: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// An integer in lo...hi (inclusive), as `lo + next() % (hi − lo + 1)`.
    public mutating func next(in lo: Int, _ hi: Int) -> Int { lo + Int(next() % UInt64(hi - lo + 1)) }
}

extension ScenarioDecoder {
    /// Names of the axes of the input ([C][H][W]) and kernel ([K][C][kh][kw]), and their limits.
    static func axes(rank: Int) -> [(plural: String, limit: Int)] {
        rank == 3
            ? [("channels", Limits.channels), ("rows", Limits.inputSide), ("numbers", Limits.inputSide)]
            : [("filters", Limits.filters), ("channels", Limits.channels), ("rows", Limits.kernelSide), ("numbers", Limits.kernelSide)]
    }

    /// Reads `input` (rank 3) or `kernel` (rank 4): nested numbers or a generator object.
    func tensor(_ node: JSONNode, _ path: String, rank: Int) throws(ScenarioError) -> (shape: [Int], values: [Double]) {
        if case .object = node.value { return try generated(node, path, rank: rank) }
        let axes = Self.axes(rank: rank)
        guard case .array = node.value else {
            throw fail(path, "expected numbers nested \(rank == 3 ? "[C][H][W]" : "[K][C][kh][kw]") or a generator object, found \(node.kindName)")
        }
        var shape = [Int?](repeating: nil, count: rank)
        var firstPath = [String](repeating: "", count: rank)
        var values: [Double] = []
        // Depth-first over the nested arrays with an explicit stack, so no input can recurse deeply.
        var stack: [(node: JSONNode, path: String, depth: Int)] = [(node, path, 0)]
        while let (n, p, depth) = stack.popLast() {
            if depth == rank {
                values.append(try number(n, p))
                continue
            }
            let axis = axes[depth]
            guard case .array(let items) = n.value else {
                guard depth > 0, case .number = n.value else { throw fail(p, "expected an array of \(axis.plural), found \(n.kindName)") }
                // A number one level too high: usually a bracket level is missing.
                let example = rank == 3 ? "[[[1, 2], [3, 4]]] for one channel" : "[[[[1, 0], [0, 1]]]] for one 2×2 filter"
                throw fail(p, "expected an array of \(axis.plural), found a number; the \(path) must be nested \(rank == 3 ? "[C][H][W]" : "[K][C][kh][kw]"), e.g. \(example)")
            }
            guard !items.isEmpty else { throw fail(p, "is empty; expected at least one of its \(axis.plural)") }
            guard items.count <= axis.limit else { throw fail(p, "has \(items.count) \(axis.plural), over the limit of \(axis.limit)") }
            if let expected = shape[depth] {
                if items.count != expected {
                    if depth == rank - 1, let open = p.lastIndex(of: "[") {
                        let parent = String(p[..<open]), row = p[p.index(after: open)...].dropLast()
                        throw fail(parent, "row \(row) has \(items.count) number\(items.count == 1 ? "" : "s"), expected \(expected)")
                    }
                    let noun = items.count == 1 ? String(axis.plural.dropLast()) : axis.plural
                    throw fail(p, "has \(items.count) \(noun), expected \(expected) as in \(firstPath[depth])")
                }
            } else {
                shape[depth] = items.count
                firstPath[depth] = p
                let known = shape.compactMap { $0 }
                if known.count == rank, known.reduce(1, *) > Limits.tensorElements {
                    throw fail(path, "has \(known.map(String.init).joined(separator: "×")) = \(known.reduce(1, *)) numbers, over the limit of \(Limits.tensorElements)")
                }
            }
            for (i, item) in items.enumerated().reversed() { stack.append((item, "\(p)[\(i)]", depth + 1)) }
        }
        return (shape.map { $0 ?? 0 }, values)
    }

    /// Reads a generator: `{"shape": [...], "fill": "ones" | "index" | "random", "seed": N, "range": [lo, hi]}`.
    func generated(_ node: JSONNode, _ path: String, rank: Int) throws(ScenarioError) -> (shape: [Int], values: [Double]) {
        guard case .object(let members) = node.value else { throw fail(path, "expected a generator object") }
        for (key, _) in members where !["shape", "fill", "seed", "range"].contains(key) {
            throw fail("\(path).\(shown(key))", "unknown field; a generator has shape, fill, seed and range")
        }
        let axes = Self.axes(rank: rank)
        let names = rank == 3 ? "[C, H, W]" : "[K, C, kh, kw]"
        guard let shapeNode = node["shape"] else { throw fail("\(path).shape", "missing; expected \(names)") }
        guard case .array(let dims) = shapeNode.value else { throw fail("\(path).shape", "expected \(names), found \(shapeNode.kindName)") }
        guard dims.count == rank else { throw fail("\(path).shape", "has \(dims.count) numbers, expected \(rank): \(names)") }
        var shape: [Int] = []
        for (i, d) in dims.enumerated() {
            shape.append(try integer(d, "\(path).shape[\(i)]", min: 1, max: axes[i].limit,
                                     what: "a number of \(axes[i].plural) from 1 to \(axes[i].limit)"))
        }
        let count = shape.reduce(1, *)  // each factor is bounded, so this cannot overflow
        guard count <= Limits.tensorElements else {
            throw fail("\(path).shape", "\(shape.map(String.init).joined(separator: "×")) = \(count) numbers, over the limit of \(Limits.tensorElements)")
        }
        guard let fillNode = node["fill"] else { throw fail("\(path).fill", "missing; expected \"ones\", \"index\" or \"random\"") }
        guard case .string(let fill) = fillNode.value else {
            throw fail("\(path).fill", "expected \"ones\", \"index\" or \"random\", found \(fillNode.kindName)")
        }
        guard ["ones", "index", "random"].contains(fill) else {
            throw fail("\(path).fill", "unknown fill '\(shown(fill))'; expected \"ones\", \"index\" or \"random\"")
        }
        if fill != "random" {
            for key in ["seed", "range"] where node[key] != nil {
                throw fail("\(path).\(key)", "applies to \"fill\": \"random\" only")
            }
        }
        if fill == "ones" { return (shape, Array(repeating: 1, count: count)) }
        if fill == "index" { return (shape, (0..<count).map(Double.init)) }
        let seed = try node["seed"].map { n throws(ScenarioError) in
            try integer(n, "\(path).seed", min: 0, max: 9_007_199_254_740_991, what: "a whole number from 0 to 2^53 − 1")
        } ?? 0
        var lo = 0, hi = 9
        if let r = node["range"] {
            guard case .array(let ends) = r.value, ends.count == 2 else {
                let found = if case .array(let a) = r.value { "an array of \(a.count)" } else { r.kindName }
                throw fail("\(path).range", "expected [lo, hi], two integers, found \(found)")
            }
            let m = Int(Limits.magnitude)
            lo = try integer(ends[0], "\(path).range[0]", min: -m, max: m, what: "an integer within ±\(m)")
            hi = try integer(ends[1], "\(path).range[1]", min: -m, max: m, what: "an integer within ±\(m)")
            guard lo <= hi else { throw fail("\(path).range", "lo (\(lo)) is larger than hi (\(hi))") }
        }
        var rng = SplitMix64(seed: UInt64(seed))
        return (shape, (0..<count).map { _ in Double(rng.next(in: lo, hi)) })
    }
}
