/// What one kernel tap reads.
public enum TapKind: Equatable, Sendable {
    /// A real input cell.
    case input
    /// A cell of the zero padding ring.
    case padding
}

/// One multiply of a direct convolution step: kernel weight (u, v) of channel c meets one cell.
public struct Tap: Equatable, Sendable {
    public let channel: Int
    /// Kernel row and column.
    public let u: Int, v: Int
    /// Position in the padded input.
    public let py: Int, px: Int
    /// Position in the input (outside 0..<H or 0..<W for padding taps).
    public let iy: Int, ix: Int
    public let kind: TapKind
    /// The input value (0 for padding) and the weight.
    public let x: Double, w: Double
    /// x·w in the layer's arithmetic (exact for decimals, see `Arithmetic`).
    public let product: Double
}

/// One window position of a direct convolution: the taps of every channel (built per channel when read), the
/// per-channel partial sums (each computed when read: a step about one channel shows one), their merge, the bias
/// and the value written to out[filter, oy, ox] (computed when first read). Every sum is computed in the layer's
/// arithmetic (`Arithmetic`), so the screen shows the numbers the output holds.
public struct ConvStep: Equatable, Sendable {
    public let index: Int
    public let filter: Int
    public let oy: Int, ox: Int
    /// Top-left corner of the window in padded coordinates.
    public let origin: Pair
    /// `taps[c]` lists channel c's taps row by row (built when read: a step shows one channel's products).
    public let taps: ChannelTaps
    /// `running[c][i]`: the sum of channel c's first i + 1 products (built when read).
    public let running: ChannelSums
    /// `partials[c]`: channel c's sum, the last of its running sums (computed when read).
    public var partials: ChannelPartials { ChannelPartials(channels: taps.channels) }
    public let bias: Double
    /// The sum of the partial sums.
    public var merged: Double { taps.channels.sums.merged }
    /// merged + bias: the value written to the output.
    public var value: Double { taps.channels.sums.value }

    /// The sum of channel c's first n products (0 when n is 0).
    public func sum(channel c: Int, taps n: Int) -> Double { n == 0 ? 0 : running[c][n - 1] }
}

/// A window's taps, channel by channel (`taps[c]`): the channels asked for when the step was made are built then,
/// any other channel's each time it is read. A step of a layer of 16 channels shows one channel's products, not
/// its 784 taps.
public struct ChannelTaps: RandomAccessCollection, Equatable, Sendable {
    fileprivate let channels: BuiltChannels

    public var startIndex: Int { 0 }
    public var endIndex: Int { channels.count }
    public subscript(c: Int) -> [Tap] { channels[c].taps }

    public static func == (a: ChannelTaps, b: ChannelTaps) -> Bool { a.elementsEqual(b) }
}

/// A window's running sums, channel by channel (`running[c][i]`), built like `ChannelTaps`.
public struct ChannelSums: RandomAccessCollection, Equatable, Sendable {
    fileprivate let channels: BuiltChannels

    public var startIndex: Int { 0 }
    public var endIndex: Int { channels.count }
    public subscript(c: Int) -> [Double] { channels[c].running }

    public static func == (a: ChannelSums, b: ChannelSums) -> Bool { a.elementsEqual(b) }
}

/// A window's partial sums, channel by channel (`partials[c]`): a built channel's is the last of its running sums,
/// any other's is computed (`ConvTrace.partial`) the first time it is read.
public struct ChannelPartials: RandomAccessCollection, Equatable, Sendable {
    fileprivate let channels: BuiltChannels

    public var startIndex: Int { 0 }
    public var endIndex: Int { channels.count }
    public subscript(c: Int) -> Double { channels.partial(c) }

    public static func == (a: ChannelPartials, b: ChannelPartials) -> Bool { a.elementsEqual(b) }
    public static func == (a: ChannelPartials, b: [Double]) -> Bool { a.elementsEqual(b) }
}

/// The channels of a window built when its step was made, and the trace that builds the others; the window's sums,
/// computed when first read. A class: a step is copied often (a view's closures hold it), and this way it carries
/// one reference, not the layer twice.
private final class BuiltChannels: @unchecked Sendable {
    let trace: ConvTrace
    let window: Int
    let kept: [(channel: Int, taps: [Tap], running: [Double])]
    private let lock = Lock()
    private var partials: [Double?]
    private var computed: (merged: Double, value: Double)?

    init(trace: ConvTrace, window: Int, kept: [(channel: Int, taps: [Tap], running: [Double])]) {
        self.trace = trace
        self.window = window
        self.kept = kept
        partials = [Double?](repeating: nil, count: trace.layer.input.channels)
    }

    var count: Int { trace.layer.input.channels }

    subscript(c: Int) -> (taps: [Tap], running: [Double]) {
        for k in kept where k.channel == c { return (k.taps, k.running) }
        return trace.channelTaps(c, window: window)
    }

    /// Channel c's partial sum: a kept channel's is the last of its running sums, any other's `ConvTrace.partial`
    /// (computed once).
    func partial(_ c: Int) -> Double {
        for k in kept where k.channel == c { return k.running.last ?? 0 }
        lock.lock()
        defer { lock.unlock() }
        if let p = partials[c] { return p }
        let p = trace.partial(window, channel: c)
        partials[c] = p
        return p
    }

    /// The partial sums' merge, added in channel order, and the merge plus the bias.
    var sums: (merged: Double, value: Double) {
        if let computed = lock.withLock({ computed }) { return computed }
        let layer = trace.layer
        var merged = Sum(layer.arithmetic)
        if count > 1, let known = trace.known, !known.knowsAll(window: window, of: count),
            let units = known.units(of: layer)
        {
            // Exact, and partial sums not all kept by earlier steps (a window's first step in the im2col view):
            // their units add up to the window's, read at once (a partial converted back to units is its units
            // exactly); the partials themselves are computed only where shown.
            merged.add(layer.arithmetic.value(units.output(window)))
        } else {
            for c in 0..<count { merged.add(partial(c)) }
        }
        var value = merged
        value.add(layer.bias[window / (layer.geometry.outputSize.h * layer.geometry.outputSize.w)])
        let sums = (merged: merged.value, value: value.value)
        lock.withLock { computed = sums }
        return sums
    }
}

/// The steps of a direct convolution in the order a teacher narrates them: filter by filter, row by row.
/// Each step is computed on demand from its index, so stepping back costs the same as stepping forward
/// and nothing is materialised.
public struct ConvTrace: RandomAccessCollection, Sendable {
    public let layer: ConvLayer
    /// Every weight as its integer count of units (`Arithmetic.kernelUnits`), in `kernel.values` order, when worked
    /// out (`init(keepingUnitsOf:)`); else empty, and each stamp converts its filter's weights.
    private let kernelUnits: [Int64]
    /// The partial sums of this layer's windows that earlier steps computed, when the caller keeps them.
    fileprivate let known: PartialSums?

    /// The trace of `layer`; with `partials`, the partial sums it computes are kept there, and read from there by
    /// the traces of the same layer made for the steps after (a slide keeps one `PartialSums` per layer).
    public init(_ layer: ConvLayer, keeping partials: PartialSums? = nil) {
        (self.layer, kernelUnits, known) = (layer, [], partials)
    }

    /// The trace with the kernel's integer units worked out once (none in binary floating point), for a caller that
    /// keeps it and reads many stamps: a stamp adds channels × taps products.
    public init(keepingUnitsOf layer: ConvLayer) {
        let a = layer.arithmetic
        (self.layer, kernelUnits) = (layer, a.isExact ? layer.kernel.values.map { a.kernelUnits($0) } : [])
        known = nil
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        layer.kernel.filters * layer.geometry.outputSize.h * layer.geometry.outputSize.w
    }

    /// The step index that writes out[filter, oy, ox].
    public func index(filter: Int, oy: Int, ox: Int) -> Int {
        let out = layer.geometry.outputSize
        return (filter * out.h + oy) * out.w + ox
    }

    public subscript(i: Int) -> ConvStep { step(i, taps: []) }

    /// Step i with the taps and running sums of `channels` built at once, any other channel's when read (and the
    /// partial sums of the others, their merge and the value, when first read).
    public func step(_ i: Int, taps channels: [Int]) -> ConvStep {
        let g = layer.geometry
        let out = g.outputSize
        let k = i / (out.h * out.w)
        let r = i % (out.h * out.w)
        let oy = r / out.w
        let ox = r % out.w
        let origin = Pair(g.rows.padded(window: oy, tap: 0), g.cols.padded(window: ox, tap: 0))
        let count = layer.input.channels
        let kept = channels.filter { $0 >= 0 && $0 < count }.map { c in
            let built = channelTaps(c, window: i)
            // One channel's sum is read again only by a merge of several (each step of one builds its taps).
            if count > 1, let sum = built.running.last { known?.keep(sum, window: i, channel: c, of: count) }
            return (channel: c, taps: built.taps, running: built.running)
        }
        let built = BuiltChannels(trace: self, window: i, kept: kept)
        return ConvStep(
            index: i, filter: k, oy: oy, ox: ox, origin: origin, taps: ChannelTaps(channels: built),
            running: ChannelSums(channels: built), bias: layer.bias[k])
    }

    /// Channel c's taps of window i and the running sums of their products, in the layer's arithmetic: each
    /// product and sum as `Arithmetic.product` and `Sum.add(_:times:)` make them, the integer units of an exact
    /// layer computed once per tap. The last running sum is `partial(i, channel: c)`.
    fileprivate func channelTaps(_ c: Int, window i: Int) -> (taps: [Tap], running: [Double]) {
        let g = layer.geometry
        let out = g.outputSize
        let k = i / (out.h * out.w)
        let (oy, ox) = (i % (out.h * out.w) / out.w, i % out.w)
        let a = layer.arithmetic
        let (h, w) = (layer.input.height, layer.input.width)
        let (kh, kw) = (layer.kernel.height, layer.kernel.width)
        let n = kh * kw
        let weights = (k * layer.kernel.channels + c) * kh * kw
        var sum = Sum(a)
        var sums: [Double] = []
        var list: [Tap] = []
        sums.reserveCapacity(n)
        list.reserveCapacity(n)
        // Positions stepped by the dilation, indices in wrapping arithmetic: all lie within the layer's sizes, which
        // `Limits` keeps far below overflow (each checked multiply and add cost two instructions a tap).
        let (rows, cols) = (g.rows, g.cols)
        let (y0, x0) = (rows.padded(window: oy, tap: 0), cols.padded(window: ox, tap: 0))
        layer.input.values.withUnsafeBufferPointer { input in
            layer.kernel.values.withUnsafeBufferPointer { kernel in
                for u in 0..<kh {
                    let py = y0 &+ u &* rows.dilation
                    let iy = py &- rows.before
                    let (rowInside, row) = (iy >= 0 && iy < h, (c &* h &+ iy) &* w)
                    for v in 0..<kw {
                        let px = x0 &+ v &* cols.dilation
                        let ix = px &- cols.before
                        let inside = rowInside && ix >= 0 && ix < w
                        let x = inside ? input[row &+ ix] : 0
                        let wt = kernel[weights &+ u &* kw &+ v]
                        let product: Double
                        if a.isExact {
                            let units = a.inputUnits(x) &* a.kernelUnits(wt)
                            product = a.value(units)
                            sum.add(units: units)
                        } else {
                            product = x * wt
                            sum.add(x, times: wt)
                        }
                        list.append(
                            Tap(
                                channel: c, u: u, v: v, py: py, px: px, iy: iy, ix: ix,
                                kind: inside ? .input : .padding, x: x, w: wt, product: product))
                        sums.append(sum.value)
                    }
                }
            }
        }
        return (list, sums)
    }
}

extension ConvTrace {
    /// Channel c's partial sum at step i: the same sum as `self[i].partials[c]`, in the same order, without
    /// building the taps (the partial maps of a multi-channel view read one per visible cell).
    public func partial(_ i: Int, channel c: Int) -> Double {
        if let known, let sum = known.sum(window: i, channel: c) { return sum }
        let sum = computePartial(i, channel: c)
        known?.keep(sum, window: i, channel: c, of: layer.input.channels)
        return sum
    }

    /// Channel c's partial sum at step i, computed.
    private func computePartial(_ i: Int, channel c: Int) -> Double {
        let g = layer.geometry
        let out = g.outputSize
        let k = i / (out.h * out.w)
        let r = i % (out.h * out.w)
        let (oy, ox) = (r / out.w, r % out.w)
        let (h, w) = (layer.input.height, layer.input.width)
        let (kh, kw) = (layer.kernel.height, layer.kernel.width)
        let (rows, cols) = (g.rows, g.cols)
        let a = layer.arithmetic
        return layer.input.values.withUnsafeBufferPointer { input in
            layer.kernel.values.withUnsafeBufferPointer { kernel in
                let weights = (k * layer.kernel.channels + c) * kh * kw
                guard a.isExact else {
                    var sum = 0.0
                    for u in 0..<kh {
                        let iy = rows.cell(window: oy, tap: u)
                        let row = (c * h + iy) * w
                        for v in 0..<kw {
                            let ix = cols.cell(window: ox, tap: v)
                            let inside = iy >= 0 && iy < h && ix >= 0 && ix < w
                            sum += (inside ? input[row + ix] : 0) * kernel[weights + u * kw + v]
                        }
                    }
                    return sum
                }
                // Integer units: a padding tap adds none, so only the taps inside the input are read.
                if let known = self.known?.units(of: layer) {
                    return a.value(known.window(filter: k, channels: c..<(c + 1), oy: oy, ox: ox))
                }
                var units: Int64 = 0
                for u in 0..<kh {
                    let iy = rows.cell(window: oy, tap: u)
                    guard iy >= 0 && iy < h else { continue }
                    let row = (c * h + iy) * w
                    for v in 0..<kw {
                        let ix = cols.cell(window: ox, tap: v)
                        guard ix >= 0 && ix < w else { continue }
                        units &+= a.inputUnits(input[row + ix]) &* a.kernelUnits(kernel[weights + u * kw + v])
                    }
                }
                return a.value(units)
            }
        }
    }

    /// Output cell i (the step's window) as the layer computes it: from the layer's units (`LayerUnits`) when the
    /// trace keeps a slide's sums and the layer is exact, else `ConvLayer.outputValue` (the same bits). A finished
    /// cell of a large layer, shown for the first time.
    public func output(_ i: Int) -> Double {
        let out = layer.geometry.outputSize
        let (k, r) = (i / (out.h * out.w), i % (out.h * out.w))
        guard let units = known?.units(of: layer) else {
            return layer.outputValue(filter: k, oy: r / out.w, ox: r % out.w)
        }
        var sum = Sum(layer.arithmetic)
        sum.add(layer.arithmetic.value(units.output(i)))
        sum.add(layer.bias[k])
        return sum.value
    }

    /// The channels' partial sums at step i added in channel order: `self[i].merged`.
    public func merged(_ i: Int) -> Double {
        layer.arithmetic.sum((0..<layer.input.channels).lazy.map { partial(i, channel: $0) })
    }
}

/// The partial sums of a layer's windows that its steps computed, kept for the steps after them: a step about one
/// channel builds that channel's products, and the merge and bias steps of its window, and the partial-sum maps and
/// their merge once the window is done, read its sum again. The last `windows` windows are kept (each step makes its
/// own `ConvTrace`; a slide keeps one of these per layer it steps through). A lock guards them.
public final class PartialSums: @unchecked Sendable {
    /// How many windows are kept.
    static let windows = 8

    private let lock = Lock()
    /// Per slot, its window (-1: none) and, per channel, the sum and whether it is known.
    @exclusivity(unchecked) private var slots = [Int](repeating: -1, count: PartialSums.windows)
    @exclusivity(unchecked) private var sums: [Double] = []
    @exclusivity(unchecked) private var isKnown: [Bool] = []
    @exclusivity(unchecked) private var channels = 0
    /// The slot the next new window takes.
    @exclusivity(unchecked) private var next = 0

    /// The layer's numbers in units, worked out on first use (`units(of:)`); nil inside: not asked yet.
    @exclusivity(unchecked) private var layerUnits: LayerUnits??

    public init() {}

    /// The numbers of `layer` (the one whose sums these are) as integer units, worked out once; nil when its
    /// arithmetic is not exact.
    public func units(of layer: ConvLayer) -> LayerUnits? {
        lock.lock()
        defer { lock.unlock() }
        if let known = layerUnits { return known }
        let units = LayerUnits(layer)
        layerUnits = .some(units)
        return units
    }

    /// Whether the sums of all `count` channels at window i are kept.
    func knowsAll(window i: Int, of count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard channels == count, let slot = slots.firstIndex(of: i) else { return false }
        return isKnown[(slot * count)..<((slot + 1) * count)].allSatisfy { $0 }
    }

    /// Channel c's sum at window i, if kept.
    func sum(window i: Int, channel c: Int) -> Double? {
        lock.lock()
        defer { lock.unlock() }
        guard let slot = slots.firstIndex(of: i) else { return nil }
        let k = slot * channels + c
        return isKnown[k] ? sums[k] : nil
    }

    /// Keeps channel c's sum at window i, of a layer of `count` channels.
    func keep(_ sum: Double, window i: Int, channel c: Int, of count: Int) {
        lock.lock()
        defer { lock.unlock() }
        if channels != count {
            channels = count
            slots = [Int](repeating: -1, count: Self.windows)
            sums = [Double](repeating: 0, count: Self.windows * count)
            isKnown = [Bool](repeating: false, count: Self.windows * count)
        }
        let slot: Int
        if let s = slots.firstIndex(of: i) {
            slot = s
        } else {
            slot = next
            next = (next + 1) % Self.windows
            slots[slot] = i
            for k in (slot * count)..<((slot + 1) * count) { isKnown[k] = false }
        }
        sums[slot * count + c] = sum
        isKnown[slot * count + c] = true
    }
}

/// A layer's input values and weights as integer counts of units (`Arithmetic.inputUnits`, `kernelUnits`), in
/// `values` order, for an exact layer: a window's sum of products is then integer multiply-adds, with no conversion
/// per term (a 16-channel 7×7 window's 784 terms: ~70 instructions a term converted, a few read). A slide works
/// them out once per layer (`PartialSums.units(of:)`).
public final class LayerUnits: @unchecked Sendable {
    private let input: [Int64]
    private let kernel: [Int64]
    private let channels: Int, h: Int, w: Int, kh: Int, kw: Int
    private let rows: AxisWindow, cols: AxisWindow
    /// The output's size: output cell i is filter i / (H2⋅W2)'s, row and column in order.
    private let out: Pair
    /// Per tap (channel, kernel row, kernel column, in the kernel's order): its input cell's offset from the cell of
    /// channel 0 under the window's top-left tap (a window's 784 products were ~14 instructions each through rows
    /// of taps; ~5 so).
    private let offsets: [Int]
    /// The last whole windows summed (`output(_:)`), by output cell: the step that shows a cell and the next, which
    /// shows it finished, and a view's two panels that show it read the same sum.
    private let lock = Lock()
    @exclusivity(unchecked) private var recent = [(cell: Int, units: Int64)](repeating: (-1, 0), count: 4)
    @exclusivity(unchecked) private var next = 0

    init?(_ layer: ConvLayer) {
        let a = layer.arithmetic
        guard a.isExact, case .conv = layer.op else { return nil }
        input = layer.input.values.map { a.inputUnits($0) }
        kernel = layer.kernel.values.map { a.kernelUnits($0) }
        (channels, h, w) = (layer.input.channels, layer.input.height, layer.input.width)
        (kh, kw) = (layer.kernel.height, layer.kernel.width)
        (rows, cols) = (layer.geometry.rows, layer.geometry.cols)
        out = layer.geometry.outputSize
        let (dy, dx) = (rows.dilation, cols.dilation)
        offsets = (0..<(channels * kh * kw)).map { [h, w, kh, kw] t in
            let (c, u, v) = (t / (kh * kw), t / kw % kh, t % kw)
            return (c * h + u * dy) * w + v * dx
        }
    }

    /// The units of output cell i's window over every channel (filter i / (H2⋅W2), row and column in order),
    /// without the bias; the last four remembered.
    func output(_ i: Int) -> Int64 {
        if let known = lock.withLock({ recent.first { $0.cell == i } }) { return known.units }
        let (k, r) = (i / (out.h * out.w), i % (out.h * out.w))
        let units = window(filter: k, channels: 0..<channels, oy: r / out.w, ox: r % out.w)
        lock.withLock {
            recent[next] = (i, units)
            next = (next + 1) % recent.count
        }
        return units
    }

    /// The units of the products of filter k's window at output cell (oy, ox) over `channels`: the sum of
    /// input · weight for the taps inside the input (a padding tap adds none).
    func window(filter k: Int, channels cs: Range<Int>, oy: Int, ox: Int) -> Int64 {
        let (u0, u1) = Self.inside(rows, window: oy, taps: kh, size: h)
        let (v0, v1) = Self.inside(cols, window: ox, taps: kw, size: w)
        guard u0 < u1 && v0 < v1 else { return 0 }
        let (y0, x0) = (rows.cell(window: oy, tap: 0), cols.cell(window: ox, tap: 0))
        if u0 == 0 && u1 == kh && v0 == 0 && v1 == kw {
            return whole(filter: k, channels: cs, at: y0 * w + x0)
        }
        let (dy, dx) = (rows.dilation, cols.dilation)
        let (channels, h, w, kh, kw) = (channels, h, w, kh, kw)
        var sum: Int64 = 0
        input.withUnsafeBufferPointer { inputs in
            kernel.withUnsafeBufferPointer { weights in
                // A window cut by the input's edge (one inside it is `whole`): its rows of taps inside.
                for c in cs {
                    for u in u0..<u1 {
                        let x = inputs.baseAddress! + ((c * h + y0 + u * dy) * w + x0)
                        let kr = weights.baseAddress! + (((k * channels + c) * kh + u) * kw)
                        for v in v0..<v1 { sum &+= x[v &* dx] &* kr[v] }
                    }
                }
            }
        }
        return sum
    }

    /// `window` of a window inside the input, its top-left tap at input cell `at` of channel 0: one loop over the
    /// taps of `channels`, each read at its offset from there (`offsets`, the same for every such window).
    private func whole(filter k: Int, channels cs: Range<Int>, at: Int) -> Int64 {
        let area = kh * kw
        var sum: Int64 = 0
        input.withUnsafeBufferPointer { inputs in
            kernel.withUnsafeBufferPointer { weights in
                offsets.withUnsafeBufferPointer { offsets in
                    let x = inputs.baseAddress! + at
                    let first = cs.lowerBound * area
                    let wk = weights.baseAddress! + (k * channels * area + first)
                    let off = offsets.baseAddress! + first
                    for t in 0..<(cs.count * area) { sum &+= x[off[t]] &* wk[t] }
                }
            }
        }
        return sum
    }

    /// The taps lo..<hi of a window whose cells (`AxisWindow.cell`) lie inside 0..<size.
    private static func inside(_ a: AxisWindow, window: Int, taps: Int, size: Int) -> (Int, Int) {
        let first = a.cell(window: window, tap: 0)
        let lo = first >= 0 ? 0 : min(taps, (-first + a.dilation - 1) / a.dilation)
        let hi = size - first <= 0 ? 0 : min(taps, (size - first + a.dilation - 1) / a.dilation)
        return (lo, max(lo, hi))
    }
}

/// One output cell that an input cell scatters into.
public struct ScatterHit: Equatable, Sendable {
    /// Kernel row and column.
    public let u: Int, v: Int
    /// Position in the uncropped scatter buffer.
    public let fy: Int, fx: Int
    /// Position in the output; nil when padding crops it away.
    public let oy: Int?, ox: Int?
    /// The sum of the terms: what this hit adds to the cell.
    public let contribution: Double
    /// What the terms are computed from (shared by the hits of a step).
    let products: StampProducts

    /// in[c, iy, ix] · w[filter, c, u, v] for each channel c, computed when asked for (the lens shows only the
    /// contribution).
    public var terms: [Double] { products.terms(u: u, v: v) }

    public static func == (a: ScatterHit, b: ScatterHit) -> Bool {
        (a.u, a.v, a.fy, a.fx) == (b.u, b.v, b.fy, b.fx) && a.oy == b.oy && a.ox == b.ox
            && a.contribution == b.contribution && a.terms == b.terms
    }
}

/// One stamp's inputs and filter: the terms of any of its hits on demand.
final class StampProducts: Sendable {
    let layer: ConvLayer
    let filter: Int
    let inputs: [Double]

    init(layer: ConvLayer, filter: Int, inputs: [Double]) {
        (self.layer, self.filter, self.inputs) = (layer, filter, inputs)
    }

    /// in[c] · w[filter, c, u, v] for each channel c, each as `Arithmetic.product` computes it.
    func terms(u: Int, v: Int) -> [Double] {
        inputs.indices.map { layer.arithmetic.product(inputs[$0], layer.kernel[filter, $0, u, v]) }
    }
}

/// One step of a transposed convolution: input cell (iy, ix), every channel, times filter `filter`,
/// added into the output window.
public struct ScatterStep: Equatable, Sendable {
    public let index: Int
    public let filter: Int
    public let iy: Int, ix: Int
    /// in[c, iy, ix] for each channel.
    public var inputs: [Double] { products.inputs }
    /// Top-left of the stamped window in the scatter buffer.
    public let origin: Pair
    /// Each hit's contribution, tap by tap (row-major): `hits[t].contribution`.
    public let contributions: [Double]
    /// The layer, the filter and the inputs, which the hits and their terms are computed from.
    let products: StampProducts

    /// Every tap's hit, row-major, each computed when read (the scatter lens reads only the contributions).
    public var hits: ScatterHits { ScatterHits(products: products, iy: iy, ix: ix, contributions: contributions) }

    public static func == (a: ScatterStep, b: ScatterStep) -> Bool {
        (a.index, a.filter, a.iy, a.ix) == (b.index, b.filter, b.iy, b.ix) && a.inputs == b.inputs
            && a.origin == b.origin && a.contributions == b.contributions && a.hits == b.hits
    }
}

/// A stamp's hits, tap by tap (row-major), each computed from the tap when read: the scatter lens reads none, the
/// checkerboard the first one that padding keeps.
public struct ScatterHits: RandomAccessCollection, Equatable, Sendable {
    let products: StampProducts
    let iy: Int, ix: Int
    let contributions: [Double]

    public var startIndex: Int { 0 }
    public var endIndex: Int { contributions.count }

    /// The hit of tap t = u·kw + v.
    public subscript(t: Int) -> ScatterHit {
        let g = products.layer.geometry
        let kw = products.layer.kernel.width
        let (u, v) = (t / kw, t % kw)
        let (oy, ox) = (g.rows.cell(window: iy, tap: u), g.cols.cell(window: ix, tap: v))
        let kept = oy >= 0 && oy < g.outputSize.h && ox >= 0 && ox < g.outputSize.w
        return ScatterHit(
            u: u, v: v, fy: g.rows.padded(window: iy, tap: u), fx: g.cols.padded(window: ix, tap: v),
            oy: kept ? oy : nil, ox: kept ? ox : nil, contribution: contributions[t], products: products)
    }

    public static func == (a: ScatterHits, b: ScatterHits) -> Bool { a.elementsEqual(b) }
}

/// The steps of a transposed convolution: filter by filter, input cell by input cell. Indexable in
/// constant time; the running sums at any step are computed per output cell from its contributors.
public struct ScatterTrace: RandomAccessCollection, Sendable {
    public let layer: ConvLayer
    /// Every weight as its integer count of units (`Arithmetic.kernelUnits`) in a whole-number `Double`, tap by tap
    /// with a tap's channels side by side (w[k, c, u, v] at ((k·kh + u)·kw + v)·C + c), when worked out
    /// (`init(keepingUnitsOf:)`); else empty, and each stamp converts its filter's weights.
    private let kernelUnits: [Double]

    public init(_ layer: ConvLayer) { (self.layer, kernelUnits) = (layer, []) }

    /// The trace with the kernel's integer units worked out once (none in binary floating point), for a caller that
    /// keeps it and reads many stamps: a stamp adds channels × taps products.
    public init(keepingUnitsOf layer: ConvLayer) {
        let a = layer.arithmetic
        self.layer = layer
        kernelUnits = a.isExact ? (0..<layer.kernel.filters).flatMap { Self.units(of: layer, filter: $0) } : []
    }

    /// The integer units of filter k's weights as whole-number `Double`s, tap by tap, a tap's channels side by side.
    private static func units(of layer: ConvLayer, filter k: Int) -> [Double] {
        let a = layer.arithmetic
        let channels = layer.kernel.channels
        let taps = layer.kernel.height * layer.kernel.width
        return layer.kernel.values.withUnsafeBufferPointer { kernel in
            [Double](unsafeUninitializedCapacity: channels * taps) { units, n in
                for t in 0..<taps {
                    for c in 0..<channels {
                        units[t * channels + c] = Double(a.kernelUnits(kernel[(k * channels + c) * taps + t]))
                    }
                }
                n = channels * taps
            }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { layer.kernel.filters * layer.input.height * layer.input.width }

    public func index(filter: Int, iy: Int, ix: Int) -> Int {
        (filter * layer.input.height + iy) * layer.input.width + ix
    }

    public subscript(i: Int) -> ScatterStep {
        let g = layer.geometry
        let (channels, h, w) = (layer.input.channels, layer.input.height, layer.input.width)
        let hw = h * w
        let rows = g.rows
        let cols = g.cols
        let k = i / hw
        let iy = (i % hw) / w
        let ix = i % w
        let origin = Pair(rows.padded(window: iy, tap: 0), cols.padded(window: ix, tap: 0))
        let inputs = layer.input.values.withUnsafeBufferPointer { input in
            [Double](unsafeUninitializedCapacity: channels) { buffer, n in
                for c in 0..<channels { buffer[c] = input[c * hw + iy * w + ix] }
                n = channels
            }
        }
        return ScatterStep(
            index: i, filter: k, iy: iy, ix: ix, origin: origin,
            contributions: contributions(filter: k, inputs: inputs),
            products: StampProducts(layer: layer, filter: k, inputs: inputs))
    }

    /// Each tap's contribution: the sum of its terms in[c] · w[filter, c, u, v], added as `Arithmetic.sum` of the
    /// terms would. Exact: each input value's units once, the weights' units (`kernelUnits`, or the filter's now), each
    /// term's units summed (a term's value reads back as its units exactly); no term is kept.
    private func contributions(filter k: Int, inputs: [Double]) -> [Double] {
        let channels = layer.input.channels
        let taps = layer.kernel.height * layer.kernel.width
        let a = layer.arithmetic
        // w[k, c, u, v] for c = 0, 1, … lie one channel's kh·kw weights apart.
        guard a.isExact else {
            return layer.kernel.values.withUnsafeBufferPointer { kernel in
                [Double](unsafeUninitializedCapacity: taps) { contributions, n in
                    for t in 0..<taps {
                        let first = k * channels * taps + t
                        var sum = 0.0
                        for c in 0..<channels { sum += inputs[c] * kernel[first + c * taps] }
                        contributions[t] = sum
                    }
                    n = taps
                }
            }
        }
        if kernelUnits.isEmpty {
            return Self.units(of: layer, filter: k).withUnsafeBufferPointer {
                contributions(inputs: inputs, units: $0, first: 0)
            }
        }
        return kernelUnits.withUnsafeBufferPointer {
            contributions(inputs: inputs, units: $0, first: k * channels * taps)
        }
    }

    /// Each tap's contribution in units summed: the filter's weights' units start at `first` of `units`, tap by tap, a
    /// tap's channels side by side. The units are whole-number `Double`s and every product and partial sum of them is
    /// below the layer's bound (`Arithmetic`: under 10^15 < 2^53), so each is exact and the order of the additions
    /// does not matter: two channels are multiplied and added at once.
    private func contributions(inputs: [Double], units kernel: UnsafeBufferPointer<Double>, first: Int) -> [Double] {
        let channels = layer.input.channels
        let taps = layer.kernel.height * layer.kernel.width
        let a = layer.arithmetic
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: channels) { x in
            for c in 0..<channels { x[c] = Double(a.inputUnits(inputs[c])) }
            let pairs = UnsafeRawPointer(x.baseAddress!)
            return [Double](unsafeUninitializedCapacity: taps) { contributions, n in
                var w = kernel.baseAddress! + first
                for t in 0..<taps {
                    let weights = UnsafeRawPointer(w)
                    var sums = SIMD2<Double>()
                    for p in stride(from: 0, to: 16 * (channels / 2), by: 16) {
                        sums +=
                            pairs.loadUnaligned(fromByteOffset: p, as: SIMD2<Double>.self)
                            * weights.loadUnaligned(fromByteOffset: p, as: SIMD2<Double>.self)
                    }
                    var sum = sums[0] + sums[1]
                    if channels % 2 == 1 { sum += x[channels - 1] * w[channels - 1] }
                    contributions[t] = a.value(Int64(sum))
                    w += channels
                }
                n = taps
            }
        }
    }

    /// The running sum (without bias) and number of contributions of scatter-buffer cell (fy, fx) of
    /// `filter` after steps 0...through; `through` = −1 gives (0, 0). Works for cells that padding crops too.
    /// The sum is computed in the layer's arithmetic (`Arithmetic`).
    public func running(filter: Int, fy: Int, fx: Int, through: Int) -> (sum: Double, count: Int) {
        let a = layer.arithmetic
        let (channels, h, w) = (layer.input.channels, layer.input.height, layer.input.width)
        let (kh, kw) = (layer.kernel.height, layer.kernel.width)
        return layer.input.values.withUnsafeBufferPointer { input in
            layer.kernel.values.withUnsafeBufferPointer { kernel in
                // in[c, iy, ix] · w[filter, c, u, v] for c = 0, 1, …, added to `sum`.
                func add(_ iy: Int, _ ix: Int, _ u: Int, _ v: Int, to sum: inout Sum) {
                    let (x0, w0) = (iy * w + ix, (filter * channels * kh + u) * kw + v)
                    for c in 0..<channels {
                        let (x, wt) = (input[x0 + c * h * w], kernel[w0 + c * kh * kw])
                        if a.isExact {
                            sum.add(units: a.inputUnits(x) &* a.kernelUnits(wt))
                        } else {
                            sum.add(x, times: wt)
                        }
                    }
                }
                var sum = Sum(a)
                var count = 0
                guard !a.isExact else {
                    // Integer units add up the same in any order: no list of contributors to sort.
                    forEachContributor(fy: fy, fx: fx) { iy, ix, u, v in
                        guard index(filter: filter, iy: iy, ix: ix) <= through else { return }
                        add(iy, ix, u, v, to: &sum)
                        count += 1
                    }
                    return (sum.value, count)
                }
                // The contributors in stamp order (the taps row-major meet the stamps in reverse), each stamp's
                // channels in order: the order the steps add them in and the layer's output loop adds them in.
                var contributors: [(iy: Int, ix: Int, u: Int, v: Int)] = []
                forEachContributor(fy: fy, fx: fx) { iy, ix, u, v in
                    if index(filter: filter, iy: iy, ix: ix) <= through { contributors.append((iy, ix, u, v)) }
                }
                contributors.sort { ($0.iy, $0.ix) < ($1.iy, $1.ix) }
                for (iy, ix, u, v) in contributors { add(iy, ix, u, v, to: &sum) }
                return (sum.value, contributors.count)
            }
        }
    }

    /// A buffer cell's running sum after the stamp that adds `hit` to it, from its running sum before that stamp:
    /// with exact arithmetic (integer units, `Arithmetic`) `running` adds in any order, so it is `earlier` plus the
    /// hit's contribution; nil in binary floating point, where `running`'s order decides the rounding.
    public func running(_ earlier: Double, adding hit: ScatterHit) -> Double? {
        running(earlier, adding: hit.contribution)
    }

    /// `running(_:adding:)` given the hit's contribution.
    public func running(_ earlier: Double, adding contribution: Double) -> Double? {
        guard layer.arithmetic.isExact else { return nil }
        var sum = Sum(layer.arithmetic)
        sum.add(earlier)
        sum.add(contribution)
        return sum.value
    }

    /// Calls `body(iy, ix, u, v)` for every input cell (iy, ix) whose kernel tap (u, v) lands on scatter-buffer
    /// cell (fy, fx): the inverse of the window formula, row-major over the taps.
    @inline(__always)
    public func forEachContributor(fy: Int, fx: Int, _ body: (Int, Int, Int, Int) -> Void) {
        let rows = layer.geometry.rows
        let cols = layer.geometry.cols
        for u in 0..<layer.kernel.height {
            guard let iy = rows.window(reaching: fy, tap: u), iy < layer.input.height else { continue }
            for v in 0..<layer.kernel.width {
                guard let ix = cols.window(reaching: fx, tap: v), ix < layer.input.width else { continue }
                body(iy, ix, u, v)
            }
        }
    }

    /// How many kernel stamps land on scatter-buffer cell (fy, fx) over the whole operation.
    public func overlap(fy: Int, fx: Int) -> Int { running(filter: 0, fy: fy, fx: fx, through: .max).count }
}

/// A transposed convolution rewritten as a direct one: S − 1 zeros inserted between input cells,
/// d(k − 1) − P zeros around (plus output_padding at the bottom/right), the kernel flipped, stride 1.
/// A negative border (P > d(k − 1)) crops the zero-inserted grid instead; the grid is built explicitly, so a
/// crop larger than the grid itself is handled too.
public struct EquivalentConv: Equatable, Sendable {
    /// What a cell of the equivalent input holds.
    public enum CellKind: Equatable, Sendable {
        /// A zero of the border around the zero-inserted grid.
        case padding
        /// A zero inserted between two input cells.
        case inserted
        /// An input value.
        case input
    }

    /// The direct convolution (explicit input grid, no padding, flipped kernel, stride 1) whose output equals
    /// the transposed one.
    public let layer: ConvLayer
    /// The stride of the transposed convolution: input values sit at multiples of it in the upsampled grid.
    public let stride: Pair
    /// Size of the zero-inserted grid, (H − 1)·S + 1 per axis.
    public let upsampledSize: Pair
    /// Zeros added on each side of the upsampled grid: d(k − 1) − P, plus output_padding at the bottom/right.
    /// Negative values crop.
    public let border: Padding

    public init(_ t: ConvLayer) throws(GeometryError) {
        switch t.op {
        case .transposed: break
        case .conv: preconditionFailure("EquivalentConv takes a transposed layer")
        }
        let g = t.geometry
        let s = g.stride
        let (up, border, size) = Self.shape(of: t)
        let h = size.h
        let w = size.w
        try Self.checkSize(t, input: size)
        stride = s
        upsampledSize = up
        self.border = border
        var grid = Tensor3(channels: t.input.channels, height: max(h, 1), width: max(w, 1))
        for y in 0..<max(h, 0) {
            for x in 0..<max(w, 0) {
                let uy = y - border.top
                let ux = x - border.left
                guard uy >= 0, uy < up.h, ux >= 0, ux < up.w, uy % s.h == 0, ux % s.w == 0 else { continue }
                for c in 0..<t.input.channels {
                    grid[c, y, x] = t.input[c, uy / s.h, ux / s.w]
                }
            }
        }
        let k = t.kernel
        var flipped: [Double] = []
        flipped.reserveCapacity(k.values.count)
        for f in 0..<k.filters {
            for c in 0..<k.channels {
                for u in 0..<k.height {
                    for v in 0..<k.width {
                        flipped.append(k[f, c, k.height - 1 - u, k.width - 1 - v])
                    }
                }
            }
        }
        let kernel = Tensor4(
            filters: k.filters, channels: k.channels, height: k.height, width: k.width,
            values: flipped)
        // The transposed layer's arithmetic, so the two outputs are the same numbers.
        layer = try ConvLayer(
            input: grid, kernel: kernel, bias: t.bias,
            spec: ConvSpec(op: .conv, dilation: g.dilation), arithmetic: t.arithmetic)
    }

    /// True when the equivalent convolution of `t` stays within its limits (nothing is allocated to find out).
    public static func fits(_ t: ConvLayer) -> Bool {
        (try? checkSize(t, input: shape(of: t).input)) != nil
    }

    /// The zero-inserted grid's size, (H − 1)·S + 1 per axis; the border d(F − 1) − P on each side (plus
    /// output_padding at the bottom/right; negative crops); the whole equivalent input's size.
    static func shape(of t: ConvLayer) -> (upsampled: Pair, border: Padding, input: Pair) {
        let g = t.geometry
        let s = g.stride
        let up = Pair((t.input.height - 1) * s.h + 1, (t.input.width - 1) * s.w + 1)
        let q = Pair(g.effectiveKernel.h - 1, g.effectiveKernel.w - 1)
        let border = Padding(
            top: q.h - g.padding.top, bottom: q.h - g.padding.bottom + g.outputPadding.h,
            left: q.w - g.padding.left, right: q.w - g.padding.right + g.outputPadding.w)
        return (up, border, Pair(up.h + border.top + border.bottom, up.w + border.left + border.right))
    }

    /// The equivalent convolution is built explicitly (its zero-inserted input grows with the stride squared), so
    /// it is bounded before anything is allocated: its input by `Limits.equivalentElements` numbers, its work by
    /// `Limits.multiplyAdds`.
    static func checkSize(_ t: ConvLayer, input: Pair) throws(GeometryError) {
        let out = t.geometry.outputSize
        let elements = t.input.channels.multipliedReportingOverflow(by: max(input.h, 1) * max(input.w, 1))
        guard !elements.overflow, elements.partialValue <= Limits.equivalentElements else {
            throw GeometryError(field: "stride", rule: .equivalentInputOver(limit: Limits.equivalentElements))
        }
        let perCell = t.kernel.filters * t.input.channels * t.kernel.height * t.kernel.width
        let work = perCell.multipliedReportingOverflow(by: out.h * out.w)
        guard !work.overflow, work.partialValue <= Limits.multiplyAdds else {
            throw GeometryError(field: "stride", rule: .equivalentWorkOver(limit: Limits.multiplyAdds))
        }
    }

    /// What cell (y, x) of the equivalent input holds.
    public func kind(y: Int, x: Int) -> CellKind {
        let uy = y - border.top
        let ux = x - border.left
        guard uy >= 0, uy < upsampledSize.h, ux >= 0, ux < upsampledSize.w else { return .padding }
        return uy % stride.h == 0 && ux % stride.w == 0 ? .input : .inserted
    }
}
