import ConvModel
import ScenarioFormat

/// One loaded scenario with what every view needs computed once: outputs, traces, the equivalent convolution.
public struct Slide: Sendable {
    public let scenario: Scenario
    /// A short name for the picker (the file name without `.json`).
    public let name: String
    public let output: Tensor3
    /// Transposed only: the direct convolution that gives the same output.
    public let equivalent: EquivalentConv?
    public let equivalentOutput: Tensor3?

    /// Cell widths of the grids, measured once: formatting every number on every frame is what made large
    /// scenarios slow.
    let inputWidth: Int, kernelWidth: Int, outputWidth: Int
    /// Transposed: a bound on the width of any running sum of the scatter buffer (from the sums of absolute
    /// contributions), and of the overlap counts.
    let scatterWidth: Int, overlapWidth: Int

    public init(_ scenario: Scenario, name: String) {
        self.scenario = scenario
        self.name = name
        let layer = scenario.layer
        output = layer.output()
        switch layer.op {
        case .conv: equivalent = nil
        case .transposed: equivalent = try? EquivalentConv(layer)
        }
        equivalentOutput = equivalent?.layer.output()
        inputWidth = cellWidth(layer.input.values + [0])
        kernelWidth = cellWidth(layer.kernel.values)
        outputWidth = cellWidth(output.values)
        switch layer.op {
        case .conv:
            scatterWidth = 1
            overlapWidth = 1
        case .transposed:
            let widths = scatterWidths(layer)
            scatterWidth = max(widths.sum, outputWidth)
            overlapWidth = widths.count
        }
    }

    public var layer: ConvLayer { scenario.layer }

    /// The lenses this scenario offers, in registry order, the one it opens in first.
    public var views: [LensName] {
        let list = Lenses.all.filter { $0.applies(to: self) }
        guard let first = list.first(where: { $0.opens(scenario.topic) }) ?? list.first else { return [.conv] }
        return [first.name] + list.filter { $0.name != first.name }.map(\.name)
    }
}

/// The scenarios the program can show, in picker order.
public struct Deck: Sendable {
    public let slides: [Slide]
    public init(_ slides: [Slide]) { self.slides = slides }
}

/// Bounds on the width of any running sum of a transposed layer's scatter buffer (scattering |x|·|w|, plus a
/// column for the sign when any term is negative) and of its overlap counts.
private func scatterWidths(_ layer: ConvLayer) -> (sum: Int, count: Int) {
    let g = layer.geometry
    let full = g.paddedSize
    var bound = [Double](repeating: 0, count: full.h * full.w)
    var counts = [Int](repeating: 0, count: full.h * full.w)
    var negative = false
    for k in 0..<layer.kernel.filters {
        for c in 0..<layer.input.channels {
            for iy in 0..<layer.input.height {
                for ix in 0..<layer.input.width {
                    let x = layer.input[c, iy, ix]
                    for u in 0..<layer.kernel.height {
                        for v in 0..<layer.kernel.width {
                            let t = x * layer.kernel[k, c, u, v]
                            if t < 0 { negative = true }
                            let i = g.rows.padded(window: iy, tap: u) * full.w + g.cols.padded(window: ix, tap: v)
                            bound[i] += abs(t)
                            if k == 0 && c == 0 { counts[i] += 1 }
                        }
                    }
                }
            }
        }
    }
    return (cellWidth(bound) + (negative ? 1 : 0), String(counts.max() ?? 0).count)
}

/// The widest number a grid shows, for its cell width.
func cellWidth(_ values: [Double], minimum: Int = 1) -> Int {
    values.reduce(minimum) { max($0, displayWidth(Num.display($1))) }
}
