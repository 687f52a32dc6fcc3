import ConvModel
import Foundation
import ScenarioFormat
import Testing

/// Deterministic fuzzing of `Scenario.decode` with inputs derived from the shipped catalog: byte-level
/// damage (truncation, flips, insertions, deletions, splices), token-level damage (a number swapped for
/// another type or for an enormous, negative or fractional one, deep nesting, very long strings) and
/// tree-level edits (fields replaced by random but plausible values, duplicated keys). Every input must
/// either load, and then compute an output of the promised shape within the limits, or be rejected with
/// one `FILE: PATH: message` line. A crash (trap, overflow, out-of-bounds) ends the test run: that is the
/// point. Failing inputs are written to $TMPDIR/convlens-fuzz-failures/ for replay.
///
/// Last measured (seed 0xC0FFEE, 12,000 inputs, debug build, 2 cores, about 7.3 s alone): 1,847 loaded
/// (1,392 conv, 455 transposed; 766 strided, 264 dilated, 113 with output_padding, 110 "same", 110 "full",
/// 170 with a receptive_field block), every one of them with its output computed; 10,153 rejected.
/// Loaded by mutation: tree edits 927 of 4,500, extreme numbers 418, deletions 169, splices 104, flips 89,
/// insertions 81, long strings 55, truncations 3, retyped values 1.
@Suite struct FuzzTests {
    static let inputs = 12_000
    static let seed: UInt64 = 0xC0FFEE
    /// Multiply-adds above which a loaded scenario's output is not computed (its shape and limits are
    /// still checked): keeps the run short in a debug build. Few inputs come near it.
    static let workBudget = 2_000_000

    @Test func mutatedCatalogFilesLoadOrFailCleanly() throws {
        let files = try catalogFiles().map {
            Array(try Data(contentsOf: repoRoot.appendingPathComponent("Scenarios/\($0)")))
        }
        try #require(files.count >= 15)
        let trees = try files.map { try J(JSONParser.parse($0)) }

        var fuzz = Fuzzer(seed: Self.seed, files: files, trees: trees)
        var loaded = 0
        var rejected = 0
        var computed = 0
        var problems: [String] = []
        for i in 0..<Self.inputs {
            let (bytes, kind) = fuzz.input(i)
            let file = "fuzz-\(i).json"
            var problem: String? = nil
            do {
                let s = try Scenario.decode(bytes, file: file)
                loaded += 1
                let (p, didCompute) = Self.checkLoaded(s)
                problem = p
                if didCompute { computed += 1 }
            } catch {
                rejected += 1
                let d = error.description
                if !d.hasPrefix(file + ": ") || d.count == file.count + 2 {
                    problem = "error does not start with the file name: \(d.prefix(200))"
                } else if d.unicodeScalars.contains(where: { [0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains($0.value) }) {
                    problem = "error is not one line: \(d.prefix(200).debugDescription)"
                } else if d.count > 600 {
                    problem = "error is \(d.count) characters long: \(d.prefix(200))"
                } else if error.kind != .invalid {
                    problem = "error kind \(error.kind) for bad data: \(d.prefix(200))"
                }
            }
            if let problem {
                problems.append("case \(i) (\(kind)): \(problem)")
                Self.save(bytes, name: file)
            }
        }
        print(
            "fuzz: \(Self.inputs) inputs, \(loaded) loaded (\(computed) outputs computed), \(rejected) rejected, "
                + "\(problems.count) problems")
        #expect(loaded + rejected == Self.inputs)
        #expect(problems.isEmpty, "\(problems.count) problem(s), first: \(problems.prefix(8).joined(separator: "\n"))")
        // Both outcomes must stay well exercised, or the fuzzer has stopped testing anything.
        #expect(loaded >= Self.inputs / 10, "only \(loaded) of \(Self.inputs) inputs loaded")
        #expect(rejected >= Self.inputs / 2, "only \(rejected) of \(Self.inputs) inputs were rejected")
        #expect(computed >= loaded * 9 / 10, "only \(computed) of \(loaded) outputs computed")
    }

    /// Everything the commands do with a loaded scenario, cheaply: the output, its shape and limits, a
    /// trace step, the equivalent direct convolution of a transposed one, the receptive field.
    static func checkLoaded(_ s: Scenario) -> (problem: String?, computed: Bool) {
        if let problem = checkShapes(s) {
            return (problem, false)
        }
        let layer = s.layer
        let shape = layer.outputShape
        let i = layer.input
        let k = layer.kernel
        let work = k.filters * i.channels * layer.geometry.windows * k.height * k.width
        guard work <= workBudget else { return (nil, false) }
        let out = layer.output()
        guard out.shape == shape else { return ("output() is \(out.shape), outputShape says \(shape)", true) }
        guard out.values.count <= Limits.outputElements, out.values.allSatisfy(\.isFinite) else {
            return ("output values", true)
        }
        let last = out.values.count - 1
        let scale = max(1, out.values.map(abs).max() ?? 1) * 1e-9
        switch layer.op {
        case .conv:
            let trace = ConvTrace(layer)
            guard trace.count == out.values.count else { return ("trace has \(trace.count) steps", true) }
            guard abs(trace[last].value - out.values[last]) <= scale else {
                return ("last trace step differs from the output", true)
            }
        case .transposed:
            let trace = ScatterTrace(layer)
            guard trace.count == k.filters * i.height * i.width, trace[trace.count - 1].hits.count == k.height * k.width
            else { return ("scatter trace", true) }
            _ = trace.overlap(fy: layer.geometry.paddedSize.h - 1, fx: layer.geometry.paddedSize.w - 1)
            if work <= workBudget / 4, let eq = try? EquivalentConv(layer) {
                let direct = eq.layer.output()
                guard direct.shape == out.shape, zip(direct.values, out.values).allSatisfy({ abs($0 - $1) <= scale })
                else {
                    return (
                        "the equivalent direct convolution gives \(direct.shape), not \(out.shape) / other values",
                        true
                    )
                }
            }
        }
        return (nil, true)
    }

    /// The shapes, numbers and receptive fields of a loaded scenario against the limits, or what breaks them.
    static func checkShapes(_ s: Scenario) -> String? {
        let layer = s.layer
        let shape = layer.outputShape
        guard shape.count == 3, shape.allSatisfy({ $0 >= 1 }), shape[1] <= Limits.outputSide,
            shape[2] <= Limits.outputSide, shape.reduce(1, *) <= Limits.outputElements
        else {
            return "output shape \(shape) breaks the limits"
        }
        let i = layer.input
        let k = layer.kernel
        guard i.values.count <= Limits.tensorElements, k.values.count <= Limits.tensorElements,
            i.channels <= Limits.channels, k.filters <= Limits.filters, i.height <= Limits.inputSide,
            i.width <= Limits.inputSide, k.height <= Limits.kernelSide, k.width <= Limits.kernelSide,
            k.channels == i.channels, layer.bias.count == k.filters
        else { return "input \(i.shape) / kernel \(k.shape) break the limits" }
        guard (i.values + k.values + layer.bias).allSatisfy({ abs($0) <= Limits.magnitude }) else {
            return "a number over the magnitude limit"
        }
        _ = layer.parameters.fullyConnected
        _ = s.shapeSummary
        for field in [s.receptiveField, s.compareField].compactMap({ $0 }) {
            let sizes = field.sizes
            guard let last = sizes.last, last <= Limits.fieldSize else { return "receptive field \(sizes)" }
            for d in 1...field.layers.count {
                guard field.paths(depth: d).count == sizes[d - 1] else { return "receptive-field paths at depth \(d)" }
                guard field.jump(before: d) >= 1 else { return "receptive-field jump at depth \(d)" }
            }
        }
        return nil
    }

    static func save(_ bytes: [UInt8], name: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convlens-fuzz-failures")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? Data(bytes).write(to: dir.appendingPathComponent(name))
    }
}

// MARK: - a JSON tree to edit and print back

/// A JSON value whose numbers keep their text, so that edits can write numbers no Double holds exactly.
indirect enum J {
    case number(String)
    case string(String)
    case bool(Bool)
    case null
    case array([J])
    case object([(String, J)])

    init(_ node: JSONNode) {
        switch node.value {
        case .number(let v): self = .number(v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)")
        case .string(let s): self = .string(s)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        case .array(let items): self = .array(items.map(J.init))
        case .object(let members): self = .object(members.map { ($0.key, J($0.node)) })
        }
    }

    func write(into out: inout [UInt8], pretty: Bool, indent: Int = 0) {
        switch self {
        case .number(let t): out += Array(t.utf8)
        case .string(let s): J.quote(s, into: &out)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .null: out += Array("null".utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 { out += [UInt8(ascii: ","), 0x20] }
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                if pretty {
                    out.append(0x0A)
                    out += [UInt8](repeating: 0x20, count: 2 * (indent + 1))
                } else if n > 0 {
                    out.append(0x20)
                }
                J.quote(key, into: &out)
                out += [UInt8(ascii: ":"), 0x20]
                value.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty {
                out.append(0x0A)
                out += [UInt8](repeating: 0x20, count: 2 * indent)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
            case 0x0A: out += Array("\\n".utf8)
            case ..<0x20:
                let hex = String(b, radix: 16)
                out += Array(("\\u00" + (hex.count < 2 ? "0" : "") + hex).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

// MARK: - the mutations

struct Fuzzer {
    var rng: SplitMix64
    let files: [[UInt8]]
    let trees: [J]

    init(seed: UInt64, files: [[UInt8]], trees: [J]) {
        rng = SplitMix64(seed: seed)
        self.files = files
        self.trees = trees
    }

    mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int(rng.next() % UInt64(n)) }
    mutating func chance(_ oneIn: Int) -> Bool { int(oneIn) == 0 }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    mutating func small(_ lo: Int, _ hi: Int) -> Int { lo + int(hi - lo + 1) }

    static let numbers = [
        "0", "1", "2", "3", "-1", "-0", "0.5", "1.5", "-2.5", "16", "17", "32", "33", "64", "65",
        "256", "257", "1024", "1e308", "-1e308", "1e400", "-1e400", "9223372036854775808",
        "9223372036854775807",
        "-9223372036854775809", "18446744073709551616", "1000000", "1000001", "-1000001", "-1e6",
        "1e-320", "4.9e-324", "1e15", "1e16", "123456789012345678901234567890", "0.1", "2e0", "1E2",
        "9007199254740993", "-1e6-1", "01", "1.", ".5", "+1", "0x10",
    ]
    static let strings = [
        "conv", "transposed", "same", "valid", "full", "half", "ones", "index", "random", "zeros",
        "padding", "stride", "dilation", "channels", "receptive_field", "weight_sharing", "", "t",
        "步长 2", "a\nb", "\u{0}", "bell\u{7}", "line\u{2028}sep", "nel\u{85}", "en", "zh", "🙂",
        "\"quoted\"", "back\\slash",
    ]
    static let fields = [
        "title", "op", "input", "kernel", "bias", "stride", "padding", "dilation", "output_padding",
        "notes", "topic", "receptive_field", "$schema", "comment", "strides", "kernel_size",
    ]

    /// Input number `i`: the kind of mutation cycles so that every kind is well represented.
    mutating func input(_ i: Int) -> (bytes: [UInt8], kind: String) {
        let f = int(files.count)
        switch i % 16 {
        case 0: return (truncate(files[f]), "truncate")
        case 1: return (flip(base(f)), "flip")
        case 2: return (insert(base(f)), "insert")
        case 3: return (delete(base(f)), "delete")
        case 4: return (replaceNumber(base(f), with: retype()), "retype")
        case 5: return (replaceNumber(base(f), with: pick(Self.numbers)), "extreme number")
        case 6: return (write(duplicateKey(trees[f])), "duplicate key")
        case 7: return (deepNesting(base(f)), "deep nesting")
        case 8: return (longString(base(f)), "long string")
        case 9: return (splice(files[f], files[int(files.count)]), "splice")
        default:
            var tree = trees[f]
            for _ in 0..<small(1, 3) { tree = editField(tree) }
            var bytes = write(tree)
            if chance(8) { bytes = pick([0, 1, 2]) == 0 ? flip(bytes) : chance(2) ? insert(bytes) : delete(bytes) }
            return (bytes, "tree edit")
        }
    }

    /// A catalog file as shipped, or reprinted from its tree (compact or pretty).
    mutating func base(_ f: Int) -> [UInt8] { chance(2) ? files[f] : write(trees[f]) }

    mutating func write(_ tree: J) -> [UInt8] {
        var out: [UInt8] = []
        tree.write(into: &out, pretty: chance(2))
        if chance(20) { out = [0xEF, 0xBB, 0xBF] + out }
        if chance(20) {
            out = Array(String(decoding: out, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        return out
    }

    // byte level

    mutating func truncate(_ b: [UInt8]) -> [UInt8] { Array(b.prefix(int(b.count + 1))) }

    mutating func flip(_ b: [UInt8]) -> [UInt8] {
        var b = b
        guard !b.isEmpty else { return b }
        for _ in 0..<small(1, 4) {
            let p = int(b.count)
            b[p] = chance(2) ? b[p] ^ (1 << UInt8(int(8))) : UInt8(int(256))
        }
        return b
    }

    mutating func insert(_ b: [UInt8]) -> [UInt8] {
        var b = b
        let alphabet = Array("{}[],:\"-0123456789.eE \n\\tfnu/'".utf8) + [0x00, 0xFF, 0xC3, 0xE2]
        for _ in 0..<small(1, 4) { b.insert(chance(3) ? UInt8(int(256)) : pick(alphabet), at: int(b.count + 1)) }
        return b
    }

    mutating func delete(_ b: [UInt8]) -> [UInt8] {
        var b = b
        for _ in 0..<small(1, 3) where !b.isEmpty {
            let p = int(b.count)
            let n = min(small(1, 8), b.count - p)
            b.removeSubrange(p..<p + n)
        }
        return b
    }

    mutating func splice(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        Array(a.prefix(int(a.count + 1))) + Array(b.suffix(int(b.count + 1)))
    }

    // token level

    /// Byte ranges of the numbers and strings outside / as JSON strings (a rough scan: good enough to aim at).
    func tokens(_ b: [UInt8]) -> (numbers: [Range<Int>], strings: [Range<Int>]) {
        var numbers: [Range<Int>] = []
        var strings: [Range<Int>] = []
        var p = 0
        while p < b.count {
            let c = b[p]
            if c == UInt8(ascii: "\"") {
                var q = p + 1
                while q < b.count && b[q] != UInt8(ascii: "\"") { q += b[q] == UInt8(ascii: "\\") ? 2 : 1 }
                strings.append(p..<min(q + 1, b.count))
                p = q + 1
            } else if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) {
                var q = p + 1
                while q < b.count && (Array("0123456789.eE+-".utf8)).contains(b[q]) { q += 1 }
                numbers.append(p..<q)
                p = q
            } else {
                p += 1
            }
        }
        return (numbers, strings)
    }

    mutating func retype() -> String {
        pick(["\"7\"", "[7]", "[]", "{}", "{\"a\": 1}", "null", "true", "false", "\"\"", "[[7]]", "[1, 2]", "\"same\""])
    }

    mutating func replaceNumber(_ b: [UInt8], with text: String) -> [UInt8] {
        let numbers = tokens(b).numbers
        guard !numbers.isEmpty else { return b + Array(text.utf8) }
        var b = b
        b.replaceSubrange(pick(numbers), with: Array(text.utf8))
        return b
    }

    mutating func deepNesting(_ b: [UInt8]) -> [UInt8] {
        let n = pick([31, 32, 33, 40, 100, 1_000, 5_000, 50_000])
        let balanced = !chance(4)
        let open = pick(["[", "{\"a\":"])
        let close = balanced ? String(repeating: open == "[" ? "]" : "}", count: n) : ""
        let text = String(repeating: open, count: n) + "1" + close
        return replaceNumber(b, with: text)
    }

    mutating func longString(_ b: [UInt8]) -> [UInt8] {
        let strings = tokens(b).strings
        let n = pick([3_999, 4_000, 4_001, 10_000, 60_000])
        let unit = pick(["a", "步", "\\n", "\\u00e9", "🙂", "\\\"", "ab cd "])
        var text = "\"" + String(repeating: unit, count: n / (unit.count > 2 ? 2 : 1)) + "\""
        if chance(10) { text = "\"" + String(repeating: "x", count: Limits.fileBytes) + "\"" }  // over the file limit
        guard !strings.isEmpty else { return b + Array(text.utf8) }
        var b = b
        b.replaceSubrange(pick(strings), with: Array(text.utf8))
        return b
    }

    // tree level

    /// Adds a copy of some member of some object next to the original (a duplicate key).
    mutating func duplicateKey(_ tree: J) -> J {
        switch tree {
        case .object(var members) where !members.isEmpty:
            let n = int(members.count)
            if chance(2) || !members.contains(where: { if case .object = $0.1 { return true } else { return false } }) {
                members.insert((members[n].0, chance(2) ? members[n].1 : randomValue(0)), at: int(members.count + 1))
            } else {
                let m = members.firstIndex { if case .object = $0.1 { return true } else { return false } }!
                members[m].1 = duplicateKey(members[m].1)
            }
            return .object(members)
        case .array(var items) where !items.isEmpty:
            let n = int(items.count)
            items[n] = duplicateKey(items[n])
            return .array(items)
        default:
            return tree
        }
    }

    /// Replaces, adds or removes one top-level field, mostly with a plausible value for it.
    mutating func editField(_ tree: J) -> J {
        guard case .object(var members) = tree else { return tree }
        let key = pick(Self.fields)
        let index = members.firstIndex { $0.0 == key }
        if let index, chance(6) {
            members.remove(at: index)
            return .object(members)
        }
        let value = chance(8) ? randomValue(0) : plausible(key)
        if let index { members[index].1 = value } else { members.insert((key, value), at: int(members.count + 1)) }
        return .object(members)
    }

    mutating func num(_ v: Int) -> J { .number(String(v)) }
    mutating func oddNumber() -> J { .number(pick(Self.numbers)) }

    mutating func plausible(_ key: String) -> J {
        switch key {
        case "op": return .string(chance(6) ? pick(Self.strings) : pick(["conv", "transposed"]))
        case "stride", "dilation":
            if chance(6) { return oddNumber() }
            return chance(3) ? .array([num(small(1, 4)), num(small(1, 4))]) : num(pick([1, 1, 2, 2, 3, 4]))
        case "padding":
            switch int(6) {
            case 0: return .string(pick(["same", "valid", "full", "half"]))
            case 1: return .array([num(small(0, 3)), num(small(0, 3))])
            case 2: return oddNumber()
            default: return num(small(0, 3))
            }
        case "output_padding":
            return chance(3)
                ? .array([num(small(0, 2)), num(small(0, 2))]) : chance(5) ? oddNumber() : num(small(0, 2))
        case "bias": return .array((0..<small(0, 4)).map { _ in chance(10) ? oddNumber() : num(small(-3, 3)) })
        case "input": return chance(4) ? generator(rank: 3) : tensor(rank: chance(8) ? pick([2, 4]) : 3)
        case "kernel": return chance(4) ? generator(rank: 4) : tensor(rank: chance(8) ? pick([3, 5]) : 4)
        case "topic":
            return .string(
                pick([
                    "padding", "stride", "dilation", "channels", "transposed", "receptive_field",
                    "weight_sharing", "strides",
                ]))
        case "receptive_field": return receptiveField()
        case "title", "notes":
            let text = chance(10) ? String(repeating: "字", count: pick([4_000, 4_001])) : pick(Self.strings)
            if chance(2) { return .string(text) }
            var members: [(String, J)] = []
            for language in ["en", "zh", "fr"] where chance(2) {
                members.append((language, chance(10) ? randomValue(2) : .string(text)))
            }
            return .object(members)
        default: return randomValue(0)
        }
    }

    /// Nested numbers of about `rank` levels, sometimes ragged, sometimes holding a non-number.
    mutating func tensor(rank: Int) -> J {
        let dims = (0..<rank).map { _ in chance(30) ? pick([0, 5, 6, 8]) : small(1, 4) }
        func build(_ level: Int, _ f: inout Fuzzer) -> J {
            if level == rank {
                if f.chance(60) { return f.randomValue(3) }
                return f.chance(30) ? f.oddNumber() : f.num(f.small(-3, 9))
            }
            var count = dims[level]
            if f.chance(40) { count += f.pick([-1, 1]) }  // ragged
            return .array((0..<max(0, count)).map { _ in build(level + 1, &f) })
        }
        return build(0, &self)
    }

    mutating func generator(rank: Int) -> J {
        var shapeRank = rank
        if chance(12) { shapeRank += pick([-1, 1]) }
        let odd = ["0", "-1", "1.5", "16", "17", "32", "33", "256", "257", "1e9"]
        let dims: [J] = (0..<shapeRank).map { _ in chance(12) ? .number(pick(odd)) : num(small(1, 6)) }
        var members: [(String, J)] = [("shape", .array(dims))]
        if !chance(15) {
            members.append(("fill", .string(chance(10) ? pick(Self.strings) : pick(["ones", "index", "random"]))))
        }
        if chance(2) { members.append(("seed", chance(5) ? oddNumber() : num(int(1_000)))) }
        if chance(3) {
            members.append(("range", chance(5) ? randomValue(1) : .array([num(small(-5, 2)), num(small(-2, 9))])))
        }
        if chance(20) { members.append(("values", .array([num(1)]))) }
        return .object(members)
    }

    mutating func receptiveField() -> J {
        func layers(_ f: inout Fuzzer) -> J {
            if f.chance(12) {
                return .array((0..<16).map { _ in .object([("kernel", .number("1")), ("stride", .number("32"))]) })
            }
            let count = f.chance(10) ? f.pick([0, 16, 17]) : f.small(1, 5)
            return .array(
                (0..<count).map { _ in
                    let kernel = f.chance(10) ? f.oddNumber() : f.num(f.pick([1, 2, 3, 3, 5, 32]))
                    var layer: [(String, J)] = [("kernel", kernel)]
                    if f.chance(2) {
                        layer.append(("stride", f.chance(10) ? f.oddNumber() : f.num(f.pick([1, 2, 3, 32]))))
                    }
                    if f.chance(2) {
                        layer.append(("dilation", f.chance(10) ? f.oddNumber() : f.num(f.pick([1, 2, 4, 32]))))
                    }
                    if f.chance(20) { layer.append(("padding", f.num(1))) }
                    return .object(layer)
                })
        }
        var members: [(String, J)] = []
        if !chance(10) { members.append(("layers", layers(&self))) }
        if chance(2) { members.append(("compare", layers(&self))) }
        if chance(20) { members.append(("depth", num(2))) }
        return .object(members)
    }

    mutating func randomValue(_ depth: Int) -> J {
        switch int(depth > 3 ? 4 : 6) {
        case 0: return oddNumber()
        case 1: return .string(pick(Self.strings))
        case 2: return chance(2) ? .bool(chance(2)) : .null
        case 3: return num(small(-2, 5))
        case 4: return .array((0..<small(0, 3)).map { _ in randomValue(depth + 1) })
        default:
            return .object(
                (0..<small(0, 2)).map { _ in
                    (pick(Self.fields + ["en", "zh", "shape", "fill"]), randomValue(depth + 1))
                })
        }
    }
}
