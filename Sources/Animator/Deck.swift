import ConvModel
import ScenarioFormat

/// One loaded scenario. What the lenses need (outputs, the equivalent convolution, cell widths) is computed on
/// first use and kept, so a catalog of large scenarios costs nothing until one is opened, and only the parts of
/// it that a lens shows.
public struct Slide: Sendable {
    public let scenario: Scenario
    /// A short name for the picker (the file name without `.json`).
    public let name: String
    private let cache: SlideCache

    public init(_ scenario: Scenario, name: String) {
        self.scenario = scenario
        self.name = name
        cache = SlideCache(scenario.layer)
    }

    public var layer: ConvLayer { scenario.layer }
    /// The slide's caches: the same object for every copy of the slide, and for no other slide (`PanelOwner`).
    var anchor: AnyObject { cache }
    public var output: Tensor3 { cache.output }
    /// Transposed only, and only within the limits of the equivalent convolution: the direct convolution that
    /// gives the same output.
    public var equivalent: EquivalentConv? { cache.equivalent }
    public var equivalentOutput: Tensor3? { cache.equivalentOutput }
    /// True when the equivalent convolution exists within its limits (checked without building it).
    public var hasEquivalent: Bool {
        switch layer.op {
        case .conv: false
        case .transposed: EquivalentConv.fits(layer)
        }
    }

    /// Cell widths of the grids, measured once per scenario: formatting every number on every frame is what made
    /// large scenarios slow.
    var inputWidth: Int { cache.widths.input }
    var kernelWidth: Int { cache.widths.kernel }
    var outputWidth: Int { cache.widths.output }
    /// Transposed: a bound on the width of any running sum of the scatter buffer (from the sums of absolute
    /// contributions), and of the overlap counts.
    var scatterWidth: Int { cache.widths.scatter }
    var overlapWidth: Int { cache.widths.overlap }
    /// The cell width of the per-channel partial-sum maps (and their sum) of a multi-channel slide.
    var partialWidth: Int { cache.partialWidth }
    /// Transposed: the overlap counts and which stamps reach each output row and column (`CheckerAxes`).
    var checker: CheckerAxes { cache.checker }
    /// The matrix view's row products and the im2col view's W·P + b cells, kept (`MatrixProductKey`).
    var matrixProducts: BoundedCache<MatrixProductKey, Double> { cache.matrixProducts }
    /// Grid cells drawn once per viewport and kept (`FixedCells`).
    var cells: CellMemo { cache.cells }
    /// The window lenses' narrations, by window, phase kind and words (`WindowStep.narration`).
    var narrations: Memo<WindowNarrationKey, String> { cache.narrations }
    /// Transposed: the scatter buffer's running sums kept (`RunningSums`).
    var scatterSums: ScatterSums { cache.scatterSums }
    /// The partial sums the window steps of the slide's layer computed, or with `equivalent` those of its upsample
    /// lens's equivalent convolution (`PartialSums`): a partial-sum map's finished cell, the merge and the bias
    /// read them again.
    func partialSums(equivalent: Bool) -> PartialSums {
        equivalent ? cache.partialSums.equivalent : cache.partialSums.own
    }

    /// The lenses this scenario offers, in registry order, the one it opens in first.
    public var views: [LensName] {
        let list = Lenses.all.filter { $0.applies(to: self) }
        guard let first = list.first(where: { $0.opens(scenario.topic) }) ?? list.first else { return [.conv] }
        return [first.name] + list.filter { $0.name != first.name }.map(\.name)
    }
}

/// The scenarios the program can show, in picker order. An entry is read and checked only when something needs it
/// (the picker shows it, the student opens it), so showing one scenario does not parse the whole catalog; an
/// entry that cannot be read stays in the picker, marked, with its one-line error.
public struct Deck: Sendable {
    public let entries: [DeckEntry]
    /// The slide of the parameters tried in the panel (`Deck.slide(for:)`).
    let edited = EditedSlides()

    public init(entries: [DeckEntry]) { self.entries = entries }
    /// A deck of scenarios already loaded.
    public init(_ slides: [Slide]) { self.entries = slides.map(DeckEntry.init(slide:)) }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// Entry `i`'s scenario, loaded on first use; nil when it cannot be loaded (or `i` is out of range).
    public func slide(_ i: Int) -> Slide? { entries.indices.contains(i) ? entries[i].slide : nil }
    /// Every entry's scenario that loads (loads them all: for tests and tools, not the interface).
    public var slides: [Slide] { entries.compactMap(\.slide) }

    /// The first entry after `i` (or before it, with `step` −1), cycling, whose scenario loads.
    func loadable(after i: Int, step: Int) -> Int? {
        guard count > 0 else { return nil }
        for k in 1...count {
            let j = ((i + step * k) % count + count) % count
            if slide(j) != nil { return j }
        }
        return nil
    }
}

/// One scenario of the deck: its name for the picker, and the scenario, loaded once on first use.
public final class DeckEntry: @unchecked Sendable {
    /// A short name for the picker (the file name without `.json`).
    public let name: String
    private let load: @Sendable () -> Result<Scenario, ScenarioError>
    private let lock = Lock()
    private var loaded: Result<Slide, ScenarioError>?

    public init(name: String, load: @escaping @Sendable () -> Result<Scenario, ScenarioError>) {
        self.name = name
        self.load = load
    }

    public init(slide: Slide) {
        name = slide.name
        load = { .success(slide.scenario) }
        loaded = .success(slide)
    }

    private var result: Result<Slide, ScenarioError> {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let name = name
        let r = load().map { Slide($0, name: name) }
        loaded = r
        return r
    }

    /// The scenario, or nil when it cannot be loaded.
    public var slide: Slide? { try? result.get() }
    /// The one-line error of an entry that cannot be loaded.
    public var error: ScenarioError? {
        if case .failure(let e) = result { return e }
        return nil
    }
}

/// What a slide computes on first use. Rendering happens on one thread, but `Slide` is `Sendable`, so the
/// cache takes a lock.
private final class SlideCache: @unchecked Sendable {
    struct Widths {
        let input: Int, kernel: Int, output: Int, scatter: Int, overlap: Int
    }

    private let layer: ConvLayer
    let cells = CellMemo()
    let scatterSums = ScatterSums()
    let partialSums = (own: PartialSums(), equivalent: PartialSums())
    let matrixProducts = BoundedCache<MatrixProductKey, Double>(limit: 4096)
    /// The window lenses' narrations written last (a few: a step back and forth, or two lenses, finds its own).
    let narrations = Memo<WindowNarrationKey, String>(limit: 4)
    private let lock = Lock()
    private var storedOutput: Tensor3?
    private var storedEquivalent: (conv: EquivalentConv, output: Tensor3)??
    private var storedWidths: Widths?
    private var storedBounds: Widths??
    private var storedPartialWidth: Int?
    private var storedChecker: CheckerAxes?
    /// The widths as `widths` returns them (bounded or exact), read by every grid of every frame: one lock, no
    /// geometry, no key path.
    private var resolvedWidths: Widths?

    init(_ layer: ConvLayer) { self.layer = layer }

    private func once<T>(_ slot: ReferenceWritableKeyPath<SlideCache, T?>, _ make: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let value = self[keyPath: slot] { return value }
        let value = make()
        self[keyPath: slot] = value
        return value
    }

    var output: Tensor3 { once(\.storedOutput) { layer.output() } }

    var checker: CheckerAxes { once(\.storedChecker) { CheckerAxes(layer) } }

    private var equivalentPair: (conv: EquivalentConv, output: Tensor3)? {
        once(\.storedEquivalent) {
            guard case .transposed = layer.op, let eq = try? EquivalentConv(layer) else { return nil }
            return (eq, eq.layer.output())
        }
    }

    var equivalent: EquivalentConv? { equivalentPair?.conv }
    var equivalentOutput: Tensor3? { equivalentPair?.output }

    var widths: Widths {
        lock.lock()
        let resolved = resolvedWidths
        lock.unlock()
        if let resolved { return resolved }
        let widths = boundedWidths() ?? exactWidths
        lock.lock()
        resolvedWidths = widths
        lock.unlock()
        return widths
    }

    private var exactWidths: Widths {
        let output = self.output
        return once(\.storedWidths) {
            let outputWidth = cellWidth(output.values)
            switch layer.op {
            case .conv:
                return Widths(
                    input: cellWidth(layer.input.values + [0]), kernel: cellWidth(layer.kernel.values),
                    output: outputWidth, scatter: 1, overlap: 1)
            case .transposed:
                let scatter = scatterWidths(layer)
                return Widths(
                    input: cellWidth(layer.input.values + [0]), kernel: cellWidth(layer.kernel.values),
                    output: outputWidth, scatter: max(scatter.sum, outputWidth), overlap: scatter.count)
            }
        }
    }

    /// The widest partial sum of one channel, or of their merge, at any window of the direct convolution the
    /// window lenses step through (the equivalent one for a transposed layer): exactly, window by window, except
    /// for a large layer of whole numbers, where the bound Σ|w|·max|x| per filter serves (as for the output).
    var partialWidth: Int {
        lock.lock()
        let stored = storedPartialWidth
        lock.unlock()
        if let stored { return stored }
        let conv = equivalent?.layer ?? layer
        return once(\.storedPartialWidth) {
            let all = conv.input.values + conv.kernel.values
            let large = conv.kernel.values.count * conv.geometry.windows > 1_000_000
            guard large && all.allSatisfy({ $0 == $0.rounded() }) else { return exactPartialWidth(conv) }
            let negative = conv.hasNegativeTerm
            return Num.displayWidth((conv.sumBounds().max() ?? 0) * (negative ? -1 : 1))
        }
    }

    /// For a large layer of whole numbers, widths from bounds instead of the output: no sum can exceed
    /// max |x| · Σ |w| + |b| of its filter, and overlaps multiply per axis. So the first frame of the largest layer
    /// computes nothing of its output. Nil for small layers (exact widths, cheap) and for decimals.
    private func boundedWidths() -> Widths? {
        let g = layer.geometry
        let work = layer.kernel.values.count * g.windows
        guard work > 1_000_000 else { return nil }
        return once(\.storedBounds) { () -> Widths? in
            let all = layer.input.values + layer.kernel.values + layer.bias
            guard all.allSatisfy({ $0 == $0.rounded() }) else { return nil }
            let negative = layer.hasNegative
            let sumBound = (layer.sumBounds().max() ?? 0) * (negative ? -1 : 1)
            let outBound = (layer.outputBounds().max() ?? 0) * (negative ? -1 : 1)
            let overlap =
                g.rows.maxOverlap(windows: g.inputSize.h, taps: g.kernelSize.h)
                * g.cols.maxOverlap(windows: g.inputSize.w, taps: g.kernelSize.w)
            return Widths(
                input: cellWidth(layer.input.values + [0]), kernel: cellWidth(layer.kernel.values),
                output: Num.displayWidth(outBound), scatter: Num.displayWidth(sumBound),
                overlap: String(overlap).count)
        } ?? nil
    }
}

/// Bounds on the width of any running sum of a transposed layer's scatter buffer (from the sums of |x|·|w| per
/// cell, plus a column for the sign when any term is negative) and of its overlap counts.
private func scatterWidths(_ layer: ConvLayer) -> (sum: Int, count: Int) {
    let (magnitudes, counts, negative) = ScatterTrace(layer).bounds()
    return (cellWidth(magnitudes) + (negative ? 1 : 0), String(counts.max() ?? 0).count)
}

/// The widest partial sum or merge at any window of `conv`, computed window by window (decimals).
private func exactPartialWidth(_ conv: ConvLayer) -> Int {
    let trace = ConvTrace(conv)
    var width = 1
    for w in trace.indices {
        let step = trace[w]
        width = max(width, cellWidth(Array(step.partials)), Num.displayWidth(step.merged))
    }
    return width
}

/// The widest number a grid shows, for its cell width.
func cellWidth(_ values: [Double], minimum: Int = 1) -> Int {
    values.reduce(minimum) { max($0, Num.displayWidth($1)) }
}
