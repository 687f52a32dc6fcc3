import ConvModel

/// Walks the JSON tree of a scenario, checking every field against the format and the limits. Each field is
/// checked as it is read, for an error that names its JSON path; the layer as a whole is checked by
/// `Limits.check`.
struct ScenarioDecoder {
    let name: FileName

    static let fields: [String] = [
        "title", "op", "input", "kernel", "bias", "stride", "padding", "dilation",
        "output_padding", "notes", "topic", "receptive_field", "$schema", "comment",
    ]

    /// The error at JSON path `path` ("" for the value as a whole).
    func fail(_ path: String, _ problem: ScenarioProblem) -> ScenarioError {
        ScenarioError(kind: .invalid, name: name, place: path.isEmpty ? .topLevel : .path(path), problem: problem)
    }

    func fail(_ path: String, _ problem: FieldProblem) -> ScenarioError { fail(path, .field(problem)) }

    func fail(_ path: String, _ problem: ShapeProblem) -> ScenarioError { fail(path, .shape(problem)) }

    func fail(_ path: String, _ problem: TopicProblem) -> ScenarioError { fail(path, .topic(problem)) }

    func scenario(_ root: JSONNode) throws(ScenarioError) -> Scenario {
        guard case .object(let members) = root.value else {
            throw fail("", .wrongType(.object(fields: ["title", "input", "kernel"]), found: root.found))
        }
        for (key, _) in members where !Self.fields.contains(key) {
            throw fail(shown(key), .unknownField(known: Self.fields.filter { !$0.hasPrefix("$") && $0 != "comment" }))
        }
        guard let titleNode = root["title"] else {
            throw fail("title", .missing(.text))
        }
        let title = try localized(titleNode, "title")
        let notes = try root["notes"].map { n throws(ScenarioError) in try localized(n, "notes") }
        let op = try op(root["op"])
        let (layer, mode) = try layer(root, op: op)
        var rf: ReceptiveField? = nil
        var compare: ReceptiveField? = nil
        if let node = root["receptive_field"] {
            (rf, compare) = try fields(node)
        }
        let topic = try topic(root["topic"], op: op, layer: layer, hasField: rf != nil)
        return Scenario(
            name: name, title: title, notes: notes, topic: topic, paddingMode: mode, layer: layer,
            receptiveField: rf, compareField: compare)
    }

    // MARK: the layer

    func op(_ node: JSONNode?) throws(ScenarioError) -> Op {
        guard let node else { return .conv }
        guard case .string(let s) = node.value else {
            throw fail("op", .wrongType(Self.ops, found: node.found))
        }
        guard let op = Op(rawValue: s) else { throw fail("op", .unknownWord(.op, s, expected: Self.ops)) }
        return op
    }

    /// The input, kernel, bias and hyper-parameters, each checked as read, then the layer checked by `Limits`.
    func layer(_ root: JSONNode, op: Op) throws(ScenarioError) -> (ConvLayer, PaddingMode) {
        guard let inputNode = root["input"] else {
            throw fail("input", .missing(.nested(rank: 3, object: false)))
        }
        guard let kernelNode = root["kernel"] else { throw fail("kernel", .missing(.nested(rank: 4, object: false))) }
        let i = try tensor(inputNode, "input", rank: 3)
        let k = try tensor(kernelNode, "kernel", rank: 4)
        let input = Tensor3(channels: i.shape[0], height: i.shape[1], width: i.shape[2], values: i.values)
        let kernel = Tensor4(
            filters: k.shape[0], channels: k.shape[1], height: k.shape[2], width: k.shape[3],
            values: k.values)
        if kernel.channels != input.channels {
            // A transposed kernel copied from PyTorch is [C_in][C_out][kh][kw]; ours is out-channels first. When the
            // swapped axes would fit, the error says so.
            let pytorch = op.scatters && kernel.filters == input.channels
            throw fail(
                "kernel",
                .channelMismatch(filter: kernel.channels, input: input.channels, pytorchLayout: pytorch))
        }
        let bias = try root["bias"].map { n throws(ScenarioError) in try self.bias(n, filters: kernel.filters) }
        let stride = try pair(root["stride"], "stride", default: 1, min: 1, max: Limits.stride)
        let dilation = try pair(root["dilation"], "dilation", default: 1, min: 1, max: Limits.dilation)
        var outputPadding = Pair(both: 0)
        if let node = root["output_padding"] {
            guard op.scatters else {
                throw fail("output_padding", .outputPaddingOnConv)
            }
            outputPadding = try pair(node, "output_padding", default: 0, min: 0, max: Limits.stride)
        }
        let (padding, mode) = try padding(
            root["padding"], op: op, kernel: kernel.size, stride: stride,
            dilation: dilation, input: Pair(input.height, input.width))
        let spec = ConvSpec(op: op, stride: stride, padding: padding, dilation: dilation, outputPadding: outputPadding)
        do throws(GeometryError) {
            // The output's size and the work are checked before the output is ever allocated.
            _ = try Limits.check(LayerSetup(input: input, kernel: kernel, spec: spec))
            return (try ConvLayer(input: input, kernel: kernel, bias: bias, spec: spec), mode)
        } catch {
            throw fail(error.field, .layer(error.rule))
        }
    }

    func bias(_ node: JSONNode, filters: Int) throws(ScenarioError) -> [Double] {
        guard case .array(let items) = node.value else {
            throw fail("bias", .wrongType(.numbers(filters), found: node.found))
        }
        guard items.count == filters else { throw fail("bias", .layer(.biasCount(items.count, filters: filters))) }
        var values: [Double] = []
        for (i, item) in items.enumerated() {
            values.append(try number(item, "bias[\(i)]"))
        }
        return values
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
                    throw fail("\(path).\(shown(key))", .unknownLanguage(languages: Language.allCases.map(\.rawValue)))
                }
                guard case .string(let s) = value.value else {
                    throw fail("\(path).\(key)", .wrongType(.string, found: value.found))
                }
                try checkText(s, "\(path).\(key)")
                switch language {
                case .en: result.en = s
                case .zh: result.zh = s
                }
            }
            guard result.en != nil || result.zh != nil else {
                throw fail(path, .noLanguage(languages: Language.allCases.map(\.rawValue)))
            }
            return result
        default:
            throw fail(path, .wrongType(.text, found: node.found))
        }
    }

    func checkText(_ s: String, _ path: String) throws(ScenarioError) {
        guard s.count <= Limits.textLength else {
            throw fail(path, .textTooLong(s.count, limit: Limits.textLength))
        }
        let control = s.unicodeScalars.contains {
            $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F || (0x80..<0xA0).contains($0.value)
        }
        guard !control else { throw fail(path, .controlCharacter) }
    }

    func number(_ node: JSONNode, _ path: String) throws(ScenarioError) -> Double {
        guard case .number(let v) = node.value else { throw fail(path, .wrongType(.number, found: node.found)) }
        guard abs(v) <= Limits.magnitude else { throw fail(path, .outOfRange(Self.show(v))) }
        return v
    }

    /// A number from the file for a message: as the student wrote it, but in exponent form when it is huge
    /// or tiny (1e+308, not 309 digits).
    static func show(_ v: Double) -> String {
        v != 0 && (abs(v) >= 1e15 || abs(v) < 1e-6) ? "\(v)" : Num.format(v)
    }

    func integer(
        _ node: JSONNode, _ path: String, min: Int, max: Int, what: Expectation
    ) throws(ScenarioError) -> Int {
        guard case .number(let v) = node.value else { throw fail(path, .wrongType(what, found: node.found)) }
        guard v >= Double(min) else {
            throw fail(path, .tooSmall(Self.show(v), negative: v < 0 && min == 0, expected: what))
        }
        guard v == v.rounded() else { throw fail(path, .notWhole(Self.show(v), expected: what)) }
        guard v <= Double(max) else { throw fail(path, .overLimit(Self.show(v), limit: max)) }
        return Int(v)
    }

    func pair(_ node: JSONNode?, _ path: String, default d: Int, min: Int, max: Int) throws(ScenarioError) -> Pair {
        guard let node else { return Pair(both: d) }
        let what = Expectation.integer(min: min, max: max, pair: true)
        switch node.value {
        case .number:
            return Pair(both: try integer(node, path, min: min, max: max, what: what))
        case .array(let items):
            guard items.count == 2 else { throw fail(path, .pairLength(items.count)) }
            let each = Expectation.integer(min: min, max: max, pair: false)
            return Pair(
                try integer(items[0], "\(path)[0]", min: min, max: max, what: each),
                try integer(items[1], "\(path)[1]", min: min, max: max, what: each))
        default:
            throw fail(path, .wrongType(what, found: node.found))
        }
    }

    /// The ops, as a message lists them.
    static let ops = Expectation.choice(Op.allCases.map(\.rawValue))

    /// The padding as written: a number, [h, w], or "valid", "same" or "full" (worked out from the kernel).
    func padding(
        _ node: JSONNode?, op: Op, kernel: Pair, stride: Pair,
        dilation: Pair, input: Pair
    ) throws(ScenarioError) -> (Padding, PaddingMode) {
        guard let node else { return (.zero, .explicit) }
        let mode: PaddingMode
        var explicit = Pair(both: 0)
        switch node.value {
        case .string(let s):
            guard let m = PaddingMode(rawValue: s), m != .explicit else {
                throw fail("padding", .unknownWord(.padding, s, expected: .padding))
            }
            mode = m
        case .number, .array:
            mode = .explicit
            explicit = try pair(node, "padding", default: 0, min: 0, max: Limits.padding)
        default:
            throw fail("padding", .wrongType(.padding, found: node.found))
        }
        do {
            let padding = try mode.padding(
                explicit: explicit, op: op, kernel: kernel, stride: stride, dilation: dilation, input: input)
            return (padding, mode)
        } catch {
            throw fail("padding", .layer(error.rule))
        }
    }
}
