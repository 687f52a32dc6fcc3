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

    /// `count` integers in lo...hi from a generator seeded with `seed`: the numbers of `"fill": "random"`.
    public static func integers(_ count: Int, seed: UInt64, in lo: Int, _ hi: Int) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Double(rng.next(in: lo, hi)) }
    }
}

extension ScenarioDecoder {
    /// What the axes of the input ([C][H][W]) and kernel ([K][C][kh][kw]) count, and their limits.
    static func axes(rank: Int) -> [(things: GeometryRule.Counted, limit: Int)] {
        rank == 3
            ? [(.channels, Limits.channels), (.rows, Limits.inputSide), (.numbers, Limits.inputSide)]
            : [
                (.filters, Limits.filters), (.channels, Limits.channels), (.rows, Limits.kernelSide),
                (.numbers, Limits.kernelSide),
            ]
    }

    /// Reads `input` (rank 3) or `kernel` (rank 4): nested numbers or a generator object.
    func tensor(_ node: JSONNode, _ path: String, rank: Int) throws(ScenarioError) -> (shape: [Int], values: [Double]) {
        if case .object(let members) = node.value { return try generated(node, members, path, rank: rank) }
        let axes = Self.axes(rank: rank)
        guard case .array = node.value else {
            throw fail(path, .wrongType(.nested(rank: rank, object: true), found: node.found))
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
            guard case .array(let items) = n.value else { throw notAnArray(n, p, depth: depth, rank: rank, of: path) }
            guard !items.isEmpty else { throw fail(p, .emptyAxis(axis.things)) }
            guard items.count <= axis.limit else {
                throw fail(p, .layer(.countOver(items.count, axis.things, limit: axis.limit)))
            }
            if depth == rank - 2 { try checkRows(items, p, expected: shape[rank - 1]) }
            if let expected = shape[depth] {
                if items.count != expected {
                    throw ragged(
                        p, count: items.count, expected: expected, as: firstPath[depth],
                        last: depth == rank - 1, things: axis.things)
                }
            } else {
                shape[depth] = items.count
                firstPath[depth] = p
                let known = shape.compactMap { $0 }
                let count = known.reduce(1, *)
                if known.count == rank, count > Limits.tensorElements {
                    throw fail(path, .layer(.elementsOver(shape: known, count: count, limit: Limits.tensorElements)))
                }
            }
            for (i, item) in items.enumerated().reversed() {
                stack.append((item, "\(p)[\(i)]", depth + 1))
            }
        }
        return (shape.map { $0 ?? 0 }, values)
    }

    /// A value where an array of the next axis belongs; a number one level too high usually means a bracket level
    /// is missing.
    func notAnArray(_ n: JSONNode, _ p: String, depth: Int, rank: Int, of path: String) -> ScenarioError {
        let things = Self.axes(rank: rank)[depth].things
        guard depth > 0, case .number = n.value else { return fail(p, .wrongType(.arrayOf(things), found: n.found)) }
        return fail(p, .missingBracket(things, tensor: path, rank: rank))
    }

    /// An array whose length differs from the first one of its axis; a short or long row is named by its parent.
    func ragged(
        _ p: String, count: Int, expected: Int, as first: String, last: Bool, things: GeometryRule.Counted
    ) -> ScenarioError {
        if last, let open = p.lastIndex(of: "[") {
            let parent = String(p[..<open])
            let row = String(p[p.index(after: open)...].dropLast())
            return fail(parent, .raggedRow(row: row, count: count, expected: expected))
        }
        return fail(p, .raggedAxis(count: count, things, expected: expected, first: first))
    }

    /// The rows of one matrix must have one length: the length most rows have (or the one an earlier matrix set)
    /// is the expected one, and the first row that differs is named, so a slip in the first row is not blamed on
    /// all the others.
    func checkRows(_ rows: [JSONNode], _ p: String, expected known: Int?) throws(ScenarioError) {
        let lengths = rows.map { node -> Int? in if case .array(let a) = node.value { a.count } else { nil } }
        guard lengths.allSatisfy({ $0 != nil }) else { return }  // reported when the row is read
        let counts = lengths.compactMap { $0 }
        guard let first = counts.first, counts.contains(where: { $0 != first }) || known.map({ $0 != first }) == true
        else { return }
        // The most frequent length; on a tie, the first row's.
        let frequency = Dictionary(grouping: counts, by: { $0 }).mapValues(\.count)
        let most = frequency.values.max() ?? 0
        let expected = known ?? (frequency[first] == most ? first : counts.first { frequency[$0] == most } ?? first)
        guard let bad = counts.firstIndex(where: { $0 != expected }) else { return }
        throw ragged("\(p)[\(bad)]", count: counts[bad], expected: expected, as: "", last: true, things: .numbers)
    }

    /// Reads a generator: `{"shape": [...], "fill": "ones" | "index" | "random", "seed": N, "range": [lo, hi]}`.
    func generated(
        _ node: JSONNode, _ members: [(key: String, node: JSONNode)], _ path: String, rank: Int
    ) throws(ScenarioError) -> (shape: [Int], values: [Double]) {
        let known = ["shape", "fill", "seed", "range"]
        for (key, _) in members where !known.contains(key) {
            throw fail("\(path).\(shown(key))", .unknownGeneratorField(known: known))
        }
        let shape = try generatorShape(node, path, rank: rank)
        let count = shape.reduce(1, *)
        let fills = ["ones", "index", "random"]
        guard let fillNode = node["fill"] else { throw fail("\(path).fill", .missing(.choice(fills))) }
        guard case .string(let fill) = fillNode.value else {
            throw fail("\(path).fill", .wrongType(.choice(fills), found: fillNode.found))
        }
        guard fills.contains(fill) else {
            throw fail("\(path).fill", .unknownWord(.fill, fill, expected: .choice(fills)))
        }
        if fill != "random" {
            for key in ["seed", "range"] where node[key] != nil { throw fail("\(path).\(key)", .randomOnly) }
        }
        if fill == "ones" { return (shape, Array(repeating: 1, count: count)) }
        if fill == "index" { return (shape, (0..<count).map(Double.init)) }
        return (shape, try randomValues(node, path, count: count))
    }

    /// A generator's `shape`: `rank` numbers, each within its axis' limit, and not too many elements.
    func generatorShape(_ node: JSONNode, _ path: String, rank: Int) throws(ScenarioError) -> [Int] {
        let axes = Self.axes(rank: rank)
        guard let shapeNode = node["shape"] else { throw fail("\(path).shape", .missing(.shape(rank: rank))) }
        guard case .array(let dims) = shapeNode.value else {
            throw fail("\(path).shape", .wrongType(.shape(rank: rank), found: shapeNode.found))
        }
        guard dims.count == rank else { throw fail("\(path).shape", .shapeRank(count: dims.count, rank: rank)) }
        var shape: [Int] = []
        for (i, d) in dims.enumerated() {
            shape.append(
                try integer(
                    d, "\(path).shape[\(i)]", min: 1, max: axes[i].limit,
                    what: .count(axes[i].things, max: axes[i].limit)))
        }
        let count = shape.reduce(1, *)  // each factor is bounded, so this cannot overflow
        guard count <= Limits.tensorElements else {
            throw fail("\(path).shape", .shapeElementsOver(shape: shape, count: count, limit: Limits.tensorElements))
        }
        return shape
    }

    /// `"fill": "random"`: integers in `range` (default [0, 9]) from SplitMix64 seeded with `seed` (default 0).
    func randomValues(_ node: JSONNode, _ path: String, count: Int) throws(ScenarioError) -> [Double] {
        let seed =
            try node["seed"].map { n throws(ScenarioError) in
                try integer(
                    n, "\(path).seed", min: 0, max: 9_007_199_254_740_991,
                    what: .seed)
            } ?? 0
        var lo = 0
        var hi = 9
        if let r = node["range"] {
            guard case .array(let ends) = r.value, ends.count == 2 else {
                let found = if case .array(let a) = r.value { Found.arrayOf(a.count) } else { r.found }
                throw fail("\(path).range", .wrongType(.range, found: found))
            }
            let m = Int(Limits.magnitude)
            lo = try integer(ends[0], "\(path).range[0]", min: -m, max: m, what: .within(m))
            hi = try integer(ends[1], "\(path).range[1]", min: -m, max: m, what: .within(m))
            guard lo <= hi else { throw fail("\(path).range", .rangeReversed(lo: lo, hi: hi)) }
        }
        return SplitMix64.integers(count, seed: UInt64(seed), in: lo, hi)
    }
}
