import ConvModel

/// How a built scenario's input and kernel are filled: the fills of the format's generator object, drawn by the
/// same code, so a built scenario and a file with `{"shape": …, "fill": …}` hold the same numbers.
public enum Fill: Equatable, Sendable {
    /// Every number 1.
    case ones
    /// 0, 1, 2, … in row-major order, in the input and in the kernel.
    case index
    /// Integers from SplitMix64 seeded with `seed`: the input in 0…9 (the format's default range), the kernel
    /// in −1…2 from `seed + 1`.
    case random(seed: UInt64)

    public static let inputRange = 0...9
    public static let kernelRange = -1...2

    /// `count` numbers of the input (`kernel` false) or of the kernel.
    public func values(_ count: Int, kernel: Bool) -> [Double] {
        switch self {
        case .ones: return Array(repeating: 1, count: count)
        case .index: return (0..<count).map(Double.init)
        case .random(let seed):
            let range = kernel ? Self.kernelRange : Self.inputRange
            return SplitMix64.integers(
                count, seed: kernel ? seed &+ 1 : seed, in: range.lowerBound, range.upperBound)
        }
    }
}

extension Scenario {
    /// A scenario of `setup`, its input and kernel filled by `fill` and its bias zero. `Limits.check` runs first,
    /// so nothing is allocated for an illegal setup; the error names the field and the rule (`GeometryError`).
    /// `paddingMode` says how the padding was asked for (`same`, `full`…): the formulas and the writer use it.
    public static func build(
        _ setup: LayerSetup, fill: Fill, paddingMode: PaddingMode = .explicit, title: Localized,
        notes: Localized? = nil, name: String = ""
    ) throws(GeometryError) -> Scenario {
        _ = try Limits.check(setup)
        let input = Tensor3(
            channels: setup.channels, height: setup.inputSize.h, width: setup.inputSize.w,
            values: fill.values(setup.channels * setup.inputSize.h * setup.inputSize.w, kernel: false))
        let k = setup.kernelSize
        let count = setup.filters * setup.channels * k.h * k.w
        let kernel = Tensor4(
            filters: setup.filters, channels: setup.channels, height: k.h, width: k.w,
            values: fill.values(count, kernel: true))
        let layer = try ConvLayer(input: input, kernel: kernel, spec: setup.spec)
        return build(layer, paddingMode: paddingMode, title: title, notes: notes, name: name)
    }

    /// A scenario of a layer already made (its tensors edited, say), opening in `topic`'s view, or in the view a
    /// file without `topic` would open in when there is none or it cannot show this layer (an edit that made a
    /// convolution its transposed partner, a receptive-field topic without a stack): the file it writes reads back.
    public static func build(
        _ layer: ConvLayer, paddingMode: PaddingMode = .explicit, title: Localized, notes: Localized? = nil,
        topic: Topic? = nil, receptiveField: ReceptiveField? = nil, compareField: ReceptiveField? = nil,
        name: String = ""
    ) -> Scenario {
        let hasField = receptiveField != nil
        let fits = { (t: Topic) in ScenarioDecoder.mismatch(t, layer.op) == nil && (t != .receptiveField || hasField) }
        return Scenario(
            name: FileName(name), title: title, notes: notes,
            topic: topic.flatMap { fits($0) ? $0 : nil } ?? ScenarioDecoder.defaultTopic(layer, hasField: hasField),
            paddingMode: paddingMode, layer: layer, receptiveField: receptiveField,
            compareField: hasField ? compareField : nil)
    }
}
