import ConvModel

extension ScenarioDecoder {
    /// The view the scenario opens in: as written, or chosen from the layer.
    func topic(_ node: JSONNode?, op: Op, layer: ConvLayer, hasField: Bool) throws(ScenarioError) -> Topic {
        guard let node else { return Self.defaultTopic(layer, hasField: hasField) }
        let names = Expectation.oneOf(Topic.allCases.map(\.rawValue))
        guard case .string(let s) = node.value else { throw fail("topic", .wrongType(names, found: node.found)) }
        guard let t = Topic(rawValue: s) else { throw fail("topic", .unknownWord(.topic, s, expected: names)) }
        if let mismatch = Self.mismatch(t, op) { throw fail("topic", mismatch) }
        if t == .receptiveField && !hasField { throw fail("topic", .needsField) }
        return t
    }

    /// The view a scenario without `topic` opens in, chosen from its layer.
    static func defaultTopic(_ layer: ConvLayer, hasField: Bool) -> Topic {
        switch layer.op {
        case .transposed: return .transposed
        case .conv: break
        }
        if hasField { return .receptiveField }
        if layer.input.channels > 1 || layer.kernel.filters > 1 { return .channels }
        if layer.geometry.dilation != Pair(both: 1) { return .dilation }
        if layer.geometry.stride != Pair(both: 1) { return .stride }
        return .padding
    }

    /// Why topic `t` cannot show a layer of `op`, or nil when it can.
    static func mismatch(_ t: Topic, _ op: Op) -> TopicProblem? {
        switch op {
        case .conv:
            switch t {
            case .transposed, .checkerboard: return .needsTransposed(topic: t.rawValue)
            case .padding, .stride, .dilation, .channels, .receptiveField, .weightSharing: return nil
            }
        case .transposed:
            switch t {
            case .transposed, .checkerboard, .receptiveField, .weightSharing: return nil
            case .padding, .stride, .dilation, .channels:
                return .showsDirect(topic: t.rawValue)
            }
        }
    }

    /// The `receptive_field` block: the stack drawn, and the optional stack it is compared with.
    func fields(_ node: JSONNode) throws(ScenarioError) -> (ReceptiveField, ReceptiveField?) {
        guard case .object(let members) = node.value else {
            throw fail("receptive_field", .wrongType(.fieldBlock, found: node.found))
        }
        for (key, _) in members where key != "layers" && key != "compare" {
            throw fail("receptive_field.\(shown(key))", .unknownFieldOf(known: ["layers", "compare"]))
        }
        guard let layers = node["layers"] else { throw fail("receptive_field.layers", .missing(.stackOfKernels)) }
        let field = try stack(layers, "receptive_field.layers")
        let compare = try node["compare"].map { n throws(ScenarioError) in try stack(n, "receptive_field.compare") }
        return (field, compare)
    }

    func stack(_ node: JSONNode, _ path: String) throws(ScenarioError) -> ReceptiveField {
        guard case .array(let items) = node.value else {
            throw fail(path, .wrongType(.stack, found: node.found))
        }
        guard !items.isEmpty else { throw fail(path, .emptyStack(limit: Limits.stackLayers)) }
        guard items.count <= Limits.stackLayers else {
            throw fail(path, .layer(.countOver(items.count, .layers, limit: Limits.stackLayers)))
        }
        var layers: [RFLayer] = []
        for (i, item) in items.enumerated() {
            layers.append(try stackLayer(item, "\(path)[\(i)]"))
        }
        // Checked layer by layer: 16 layers of stride 32 multiply to 2^80, past an Int, even when every kernel is 1
        // and the field never grows; the growth stops before an overflow, and the limits are met long before.
        let field = ReceptiveField(layers)
        let growth = field.growth
        for (i, g) in growth.enumerated() {
            if g.size > Limits.fieldSize {
                throw fail("\(path)[\(i)]", .fieldGrows(g.size, limit: Limits.fieldSize))
            }
            if g.jump > Limits.fieldJump {
                throw fail("\(path)[\(i)].stride", .stridesMultiply(g.jump, limit: Limits.fieldJump))
            }
        }
        guard growth.count == layers.count else { throw fail("\(path)[\(growth.count)]", .fieldTooLarge) }
        return field
    }

    func stackLayer(_ item: JSONNode, _ p: String) throws(ScenarioError) -> RFLayer {
        guard case .object(let members) = item.value else {
            throw fail(p, .wrongType(.stackLayer, found: item.found))
        }
        let known = ["kernel", "stride", "dilation"]
        for (key, _) in members where !known.contains(key) {
            throw fail("\(p).\(shown(key))", .unknownFieldOf(known: known))
        }
        func bounded(_ key: String, _ limit: Int) throws(ScenarioError) -> Int? {
            try item[key].map { n throws(ScenarioError) in
                try integer(n, "\(p).\(key)", min: 1, max: limit, what: .integer(min: 1, max: limit, pair: false))
            }
        }
        guard item["kernel"] != nil else {
            throw fail("\(p).kernel", .missing(.integer(min: 1, max: Limits.kernelSide, pair: false)))
        }
        let kernel = try bounded("kernel", Limits.kernelSide) ?? 1
        let stride = try bounded("stride", Limits.stride) ?? 1
        let dilation = try bounded("dilation", Limits.dilation) ?? 1
        return RFLayer(kernel: kernel, stride: stride, dilation: dilation)
    }
}
