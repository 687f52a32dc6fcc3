import ConvModel
import Foundation

/// Text a teacher writes in English, Chinese or both.
public struct Localized: Equatable, Sendable {
    public var en: String?
    public var zh: String?
    public init(en: String? = nil, zh: String? = nil) { self.en = en; self.zh = zh }

    /// The text in `language`, falling back to the other one.
    public func text(_ language: Language = .en) -> String {
        switch language {
        case .en: en ?? zh ?? ""
        case .zh: zh ?? en ?? ""
        }
    }
}

/// Which view a scenario opens in.
public enum Topic: String, Sendable, CaseIterable {
    case padding, stride, dilation, channels, transposed
    case receptiveField = "receptive_field"
    case weightSharing = "weight_sharing"
}

/// How the padding was written, for the size formula on screen.
public enum PaddingMode: String, Sendable {
    case explicit, valid, same, full
}

/// A teaching scenario: a layer with its data, its narration and the view it opens in.
public struct Scenario: Sendable {
    /// The path the scenario was read from, as given.
    public let file: String
    public let title: Localized
    public let notes: Localized?
    public let topic: Topic
    public let paddingMode: PaddingMode
    public let layer: ConvLayer
    /// The stack whose receptive field is drawn, and the optional stack it is compared with.
    public let receptiveField: ReceptiveField?
    public let compareField: ReceptiveField?
}

/// A problem with a scenario file, printed as `FILE: PATH: message`.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem: the caller decides what each means (the CLI maps them to exit statuses).
    public enum Kind: Equatable, Sendable {
        /// The file or directory is missing, or cannot be opened or read.
        case unreadable
        /// The bytes were read but are not a valid scenario: size, encoding, syntax, fields, limits.
        case invalid
    }

    public let kind: Kind
    public let file: String
    /// The JSON path (`kernel[0][1]`), or `line L, column C` for a syntax error; empty for file errors.
    public let path: String
    public let message: String

    public init(kind: Kind, file: String, path: String, message: String) {
        self.kind = kind
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}

extension Scenario {
    /// Reads, parses and validates a scenario file. Never traps on bad input.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ScenarioError(kind: .unreadable, file: path, path: "", message: "no such file")
        }
        guard !isDir.boolValue else {
            throw ScenarioError(kind: .unreadable, file: path, path: "", message: "is a directory, expected a scenario file")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ScenarioError(kind: .unreadable, file: path, path: "", message: "cannot be read (permission denied?)")
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit, so a huge file is never loaded whole.
        let data: Data
        do { data = try handle.read(upToCount: Limits.fileBytes + 1) ?? Data() } catch {
            throw ScenarioError(kind: .unreadable, file: path, path: "", message: "cannot be read (\(error.localizedDescription))")
        }
        guard data.count <= Limits.fileBytes else {
            throw ScenarioError(kind: .invalid, file: path, path: "", message: "the file is larger than the 1 MiB limit")
        }
        return try decode(Array(data), file: path)
    }

    /// Parses and validates scenario JSON; `file` names it in error messages.
    public static func decode(_ bytes: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        guard bytes.count <= Limits.fileBytes else {
            throw ScenarioError(kind: .invalid, file: file, path: "", message: "the file is larger than the 1 MiB limit")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        guard !body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw ScenarioError(kind: .invalid, file: file, path: "", message: "the file is empty, expected a JSON object")
        }
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes, maxDepth: Limits.jsonDepth)
        } catch {
            throw ScenarioError(kind: .invalid, file: file, path: "line \(error.line), column \(error.column)", message: error.message)
        }
        return try ScenarioDecoder(file: file).scenario(root)
    }
}

/// Walks the JSON tree of a scenario, checking every field against the format and the limits.
struct ScenarioDecoder {
    let file: String

    static let fields: [String] = ["title", "op", "input", "kernel", "bias", "stride", "padding", "dilation",
                                   "output_padding", "notes", "topic", "receptive_field", "$schema", "comment"]

    func fail(_ path: String, _ message: String) -> ScenarioError {
        ScenarioError(kind: .invalid, file: file, path: path.isEmpty ? "(top level)" : path, message: message)
    }

    func scenario(_ root: JSONNode) throws(ScenarioError) -> Scenario {
        guard case .object(let members) = root.value else {
            throw fail("", "expected an object with title, input and kernel, found \(root.kindName)")
        }
        for (key, _) in members where !Self.fields.contains(key) {
            throw fail(shown(key), "unknown field; expected one of \(Self.fields.filter { !$0.hasPrefix("$") && $0 != "comment" }.joined(separator: ", "))")
        }
        guard let titleNode = root["title"] else { throw fail("title", "missing; expected a string or {\"en\": …, \"zh\": …}") }
        let title = try localized(titleNode, "title")
        let notes = try root["notes"].map { n throws(ScenarioError) in try localized(n, "notes") }

        var op = Op.conv
        if let node = root["op"] {
            guard case .string(let s) = node.value else { throw fail("op", "expected \"conv\" or \"transposed\", found \(node.kindName)") }
            guard let o = Op(rawValue: s) else { throw fail("op", "unknown op '\(shown(s))'; expected \"conv\" or \"transposed\"") }
            op = o
        }
        guard let inputNode = root["input"] else { throw fail("input", "missing; expected numbers nested [C][H][W] or a generator") }
        guard let kernelNode = root["kernel"] else { throw fail("kernel", "missing; expected numbers nested [K][C][kh][kw] or a generator") }
        let input = try tensor(inputNode, "input", rank: 3)
        let kernel = try tensor(kernelNode, "kernel", rank: 4)
        let inputT = Tensor3(channels: input.shape[0], height: input.shape[1], width: input.shape[2], values: input.values)
        let kernelT = Tensor4(filters: kernel.shape[0], channels: kernel.shape[1], height: kernel.shape[2],
                              width: kernel.shape[3], values: kernel.values)
        if kernelT.channels != inputT.channels {
            throw fail("kernel", "each filter has \(kernelT.channels) channel(s) but the input has \(inputT.channels); expected [K][\(inputT.channels)][kh][kw]")
        }

        var bias: [Double]? = nil
        if let node = root["bias"] {
            guard case .array(let items) = node.value else { throw fail("bias", "expected an array of \(kernelT.filters) number(s), found \(node.kindName)") }
            guard items.count == kernelT.filters else {
                throw fail("bias", "has \(items.count) number(s), expected \(kernelT.filters) (one per filter)")
            }
            var values: [Double] = []
            for (i, item) in items.enumerated() { values.append(try number(item, "bias[\(i)]")) }
            bias = values
        }

        let stride = try pair(root["stride"], "stride", default: 1, min: 1, max: Limits.stride)
        let dilation = try pair(root["dilation"], "dilation", default: 1, min: 1, max: Limits.dilation)
        var outputPadding = Pair(both: 0)
        if let node = root["output_padding"] {
            guard op.scatters else { throw fail("output_padding", "applies to transposed convolution only; set \"op\": \"transposed\" or remove it") }
            outputPadding = try pair(node, "output_padding", default: 0, min: 0, max: Limits.stride)
        }
        let k = Pair(kernelT.height, kernelT.width)
        let (padding, mode) = try padding(root["padding"], op: op, kernel: k, stride: stride, dilation: dilation)

        // Output size limits, checked before the output is ever allocated (all factors are bounded above).
        let spec = ConvSpec(op: op, stride: stride, padding: padding, dilation: dilation, outputPadding: outputPadding)
        let layer: ConvLayer
        do throws(GeometryError) {
            let g = try Geometry.compute(input: Pair(inputT.height, inputT.width), kernel: k, spec: spec)
            if g.outputSize.h > Limits.outputSide || g.outputSize.w > Limits.outputSide {
                throw GeometryError(field: op.scatters ? "stride" : "input", message: "the output would be \(g.outputSize.h)×\(g.outputSize.w), over the limit of \(Limits.outputSide) per side")
            }
            if kernelT.filters * g.outputSize.h * g.outputSize.w > Limits.outputElements {
                throw GeometryError(field: "kernel", message: "the output would have \(kernelT.filters * g.outputSize.h * g.outputSize.w) numbers, over the limit of \(Limits.outputElements)")
            }
            let macs = kernelT.filters * inputT.channels * g.windows * kernelT.height * kernelT.width
            if macs > Limits.multiplyAdds {
                throw GeometryError(field: "kernel", message: "the layer needs \(macs) multiply–adds, over the limit of \(Limits.multiplyAdds)")
            }
            layer = try ConvLayer(input: inputT, kernel: kernelT, bias: bias, spec: spec)
        } catch {
            throw fail(error.field, error.message)
        }

        var rf: ReceptiveField? = nil, compare: ReceptiveField? = nil
        if let node = root["receptive_field"] {
            guard case .object(let members) = node.value else { throw fail("receptive_field", "expected {\"layers\": [...], \"compare\": [...]}, found \(node.kindName)") }
            for (key, _) in members where key != "layers" && key != "compare" {
                throw fail("receptive_field.\(shown(key))", "unknown field; expected layers or compare")
            }
            guard let layers = node["layers"] else { throw fail("receptive_field.layers", "missing; expected an array of {\"kernel\": k, \"dilation\": d}") }
            rf = try stack(layers, "receptive_field.layers")
            compare = try node["compare"].map { n throws(ScenarioError) in try stack(n, "receptive_field.compare") }
        }

        let topic = try topic(root["topic"], op: op, layer: layer, hasField: rf != nil)
        return Scenario(file: file, title: title, notes: notes, topic: topic, paddingMode: mode, layer: layer,
                        receptiveField: rf, compareField: compare)
    }

    // MARK: fields

    func localized(_ node: JSONNode, _ path: String) throws(ScenarioError) -> Localized {
        switch node.value {
        case .string(let s):
            try checkText(s, path)
            return Localized(en: s)
        case .object(let members):
            var result = Localized()
            for (key, value) in members {
                guard let language = Language(rawValue: key) else {
                    let names = Language.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
                    throw fail("\(path).\(shown(key))", "unknown language; expected \(names)")
                }
                guard case .string(let s) = value.value else {
                    throw fail("\(path).\(key)", "expected a string, found \(value.kindName)")
                }
                try checkText(s, "\(path).\(key)")
                switch language {
                case .en: result.en = s
                case .zh: result.zh = s
                }
            }
            guard result.en != nil || result.zh != nil else { throw fail(path, "expected at least one of \"en\" and \"zh\"") }
            return result
        default:
            throw fail(path, "expected a string or {\"en\": …, \"zh\": …}, found \(node.kindName)")
        }
    }

    func checkText(_ s: String, _ path: String) throws(ScenarioError) {
        guard s.count <= Limits.textLength else { throw fail(path, "is \(s.count) characters long, over the limit of \(Limits.textLength)") }
        guard !s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) else {
            throw fail(path, "contains a control character; only printable text and line breaks are allowed")
        }
    }

    func number(_ node: JSONNode, _ path: String) throws(ScenarioError) -> Double {
        guard case .number(let v) = node.value else { throw fail(path, "expected a number, found \(node.kindName)") }
        guard abs(v) <= Limits.magnitude else { throw fail(path, "\(Self.show(v)) is out of range; numbers must be within ±1000000") }
        return v
    }

    /// A number from the file for a message: as the student wrote it, but in exponent form when it is huge
    /// or tiny (1e+308, not 309 digits).
    static func show(_ v: Double) -> String {
        v != 0 && (abs(v) >= 1e15 || abs(v) < 1e-6) ? "\(v)" : Num.format(v)
    }

    func integer(_ node: JSONNode, _ path: String, min: Int, max: Int, what: String) throws(ScenarioError) -> Int {
        guard case .number(let v) = node.value else { throw fail(path, "expected \(what), found \(node.kindName)") }
        guard v >= Double(min) else { throw fail(path, "\(Self.show(v)) is \(v < 0 && min == 0 ? "negative" : "too small"); expected \(what)") }
        guard v == v.rounded() else { throw fail(path, "\(Self.show(v)) is not a whole number; expected \(what)") }
        guard v <= Double(max) else { throw fail(path, "\(Self.show(v)) is over the limit of \(max)") }
        return Int(v)
    }

    func pair(_ node: JSONNode?, _ path: String, default d: Int, min: Int, max: Int) throws(ScenarioError) -> Pair {
        guard let node else { return Pair(both: d) }
        let what = min == 0 ? "an integer from 0 to \(max) or [h, w]" : "an integer from \(min) to \(max) or [h, w]"
        switch node.value {
        case .number:
            return Pair(both: try integer(node, path, min: min, max: max, what: what))
        case .array(let items):
            guard items.count == 2 else { throw fail(path, "has \(items.count) number(s), expected 2: [h, w]") }
            let each = "an integer from \(min) to \(max)"
            return Pair(try integer(items[0], "\(path)[0]", min: min, max: max, what: each),
                        try integer(items[1], "\(path)[1]", min: min, max: max, what: each))
        default:
            throw fail(path, "expected \(what), found \(node.kindName)")
        }
    }

    func padding(_ node: JSONNode?, op: Op, kernel: Pair, stride: Pair, dilation: Pair) throws(ScenarioError) -> (Padding, PaddingMode) {
        guard let node else { return (.zero, .explicit) }
        let reach = Pair(dilation.h * (kernel.h - 1), dilation.w * (kernel.w - 1))
        if case .string(let s) = node.value {
            switch s {
            case "valid": return (.zero, .valid)
            case "full":
                guard reach.h <= Limits.padding && reach.w <= Limits.padding else {
                    throw fail("padding", "\"full\" would pad \(max(reach.h, reach.w)) on a side, over the limit of \(Limits.padding)")
                }
                return (Padding(reach), .full)
            case "same":
                guard !op.scatters else { throw fail("padding", "\"same\" applies to direct convolution only; give the padding as a number") }
                guard stride == Pair(both: 1) else { throw fail("padding", "\"same\" needs stride 1, but the stride is \(stride)") }
                guard reach.h <= 2 * Limits.padding && reach.w <= 2 * Limits.padding else {
                    throw fail("padding", "\"same\" would pad over the limit of \(Limits.padding) on a side")
                }
                return (Padding(top: reach.h / 2, bottom: reach.h - reach.h / 2, left: reach.w / 2, right: reach.w - reach.w / 2), .same)
            default:
                throw fail("padding", "unknown padding '\(shown(s))'; expected an integer, [h, w], \"valid\", \"same\" or \"full\"")
            }
        }
        switch node.value {
        case .number, .array: return (Padding(try pair(node, "padding", default: 0, min: 0, max: Limits.padding)), .explicit)
        default: throw fail("padding", "expected an integer, [h, w], \"valid\", \"same\" or \"full\", found \(node.kindName)")
        }
    }

    func topic(_ node: JSONNode?, op: Op, layer: ConvLayer, hasField: Bool) throws(ScenarioError) -> Topic {
        guard let node else {
            switch op {
            case .transposed: return .transposed
            case .conv: break
            }
            if hasField { return .receptiveField }
            if layer.input.channels > 1 || layer.kernel.filters > 1 { return .channels }
            if layer.geometry.dilation != Pair(both: 1) { return .dilation }
            if layer.geometry.stride != Pair(both: 1) { return .stride }
            return .padding
        }
        let names = Topic.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard case .string(let s) = node.value else { throw fail("topic", "expected one of \(names), found \(node.kindName)") }
        guard let t = Topic(rawValue: s) else { throw fail("topic", "unknown topic '\(shown(s))'; expected one of \(names)") }
        if let mismatch = Self.mismatch(t, op) { throw fail("topic", mismatch) }
        if t == .receptiveField && !hasField { throw fail("topic", "\"receptive_field\" needs a receptive_field block with layers") }
        return t
    }

    /// Why topic `t` cannot show a layer of `op`, or nil when it can.
    static func mismatch(_ t: Topic, _ op: Op) -> String? {
        switch op {
        case .conv:
            return t == .transposed ? "\"transposed\" needs \"op\": \"transposed\"" : nil
        case .transposed:
            switch t {
            case .transposed, .receptiveField, .weightSharing: return nil
            case .padding, .stride, .dilation, .channels:
                return "\"\(t.rawValue)\" shows a direct convolution, but op is \"transposed\""
            }
        }
    }

    func stack(_ node: JSONNode, _ path: String) throws(ScenarioError) -> ReceptiveField {
        guard case .array(let items) = node.value else { throw fail(path, "expected an array of layers, found \(node.kindName)") }
        guard !items.isEmpty else { throw fail(path, "is empty; expected 1 to \(Limits.stackLayers) layers") }
        guard items.count <= Limits.stackLayers else { throw fail(path, "has \(items.count) layers, over the limit of \(Limits.stackLayers)") }
        var layers: [RFLayer] = []
        for (i, item) in items.enumerated() {
            let p = "\(path)[\(i)]"
            guard case .object(let members) = item.value else { throw fail(p, "expected {\"kernel\": k, \"stride\": s, \"dilation\": d}, found \(item.kindName)") }
            for (key, _) in members where !["kernel", "stride", "dilation"].contains(key) {
                throw fail("\(p).\(shown(key))", "unknown field; expected kernel, stride or dilation")
            }
            guard let kn = item["kernel"] else { throw fail("\(p).kernel", "missing; expected an integer from 1 to \(Limits.kernelSide)") }
            let kernel = try integer(kn, "\(p).kernel", min: 1, max: Limits.kernelSide, what: "an integer from 1 to \(Limits.kernelSide)")
            let stride = try item["stride"].map { n throws(ScenarioError) in try integer(n, "\(p).stride", min: 1, max: Limits.stride, what: "an integer from 1 to \(Limits.stride)") } ?? 1
            let dilation = try item["dilation"].map { n throws(ScenarioError) in try integer(n, "\(p).dilation", min: 1, max: Limits.dilation, what: "an integer from 1 to \(Limits.dilation)") } ?? 1
            layers.append(RFLayer(kernel: kernel, stride: stride, dilation: dilation))
        }
        // Checked layer by layer: 16 layers of stride 32 multiply to 2^80, past an Int, even when every kernel is 1
        // and the field never grows; the growth stops before an overflow, and the limits are met long before.
        let field = ReceptiveField(layers)
        let growth = field.growth
        for (i, g) in growth.enumerated() {
            if g.size > Limits.fieldSize {
                throw fail("\(path)[\(i)]", "the receptive field grows to \(g.size) here, over the limit of \(Limits.fieldSize)")
            }
            if g.jump > Limits.fieldJump {
                throw fail("\(path)[\(i)].stride",
                           "the strides up to here multiply to \(g.jump), over the limit of \(Limits.fieldJump)")
            }
        }
        guard growth.count == layers.count else {
            throw fail("\(path)[\(growth.count)]", "the receptive field is too large to compute here")
        }
        return field
    }
}
