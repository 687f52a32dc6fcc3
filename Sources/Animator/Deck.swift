import ConvModel
import ScenarioFormat

/// A view of a scenario: what the main area draws.
public enum View: String, Sendable, CaseIterable {
    /// The kernel sliding over the (padded) input, with channels, merge and bias when there are several.
    case conv
    /// The same slide, with the parameter count against a fully connected layer.
    case weights
    /// Transposed convolution as scatter: each input cell stamps a scaled kernel into the output.
    case scatter
    /// Transposed convolution as upsample → direct convolution with the flipped kernel.
    case upsample
    /// The receptive field of a stack of layers, layer by layer.
    case field
}

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
        equivalent = layer.op == .transposed ? try? EquivalentConv(layer) : nil
        equivalentOutput = equivalent?.layer.output()
        inputWidth = cellWidth(layer.input.values + [0])
        kernelWidth = cellWidth(layer.kernel.values)
        outputWidth = cellWidth(output.values)
        if layer.op == .transposed {
            // Scatter |x|·|w| (and −|x|·|w| when any term is negative) to bound every partial sum's width.
            let g = layer.geometry, full = g.paddedSize
            var bound = [Double](repeating: 0, count: full.h * full.w)
            var counts = [Int](repeating: 0, count: full.h * full.w)
            var negative = false
            for k in 0..<layer.kernel.filters { for c in 0..<layer.input.channels {
                for iy in 0..<layer.input.height { for ix in 0..<layer.input.width {
                    let x = layer.input[c, iy, ix]
                    for u in 0..<layer.kernel.height { for v in 0..<layer.kernel.width {
                        let t = x * layer.kernel[k, c, u, v]
                        if t < 0 { negative = true }
                        let i = (iy * g.stride.h + u * g.dilation.h) * full.w + ix * g.stride.w + v * g.dilation.w
                        bound[i] += abs(t)
                        if k == 0 && c == 0 { counts[i] += 1 }
                    } }
                } }
            } }
            let widest = cellWidth(bound)
            scatterWidth = max(widest + (negative ? 1 : 0), outputWidth)
            overlapWidth = String(counts.max() ?? 0).count
        } else {
            scatterWidth = 1
            overlapWidth = 1
        }
    }

    public var layer: ConvLayer { scenario.layer }

    /// The views this scenario offers, the first being the one it opens in.
    public var views: [View] {
        var list: [View]
        if layer.op == .transposed {
            list = [.scatter]
            if equivalent != nil { list.append(.upsample) }
        } else {
            list = [.conv, .weights]
            if scenario.receptiveField != nil { list.append(.field) }
        }
        let first: View
        switch scenario.topic {
        case .transposed: first = .scatter
        case .receptiveField: first = list.contains(.field) ? .field : list[0]
        case .weightSharing: first = layer.op == .conv ? .weights : list[0]
        default: first = list[0]
        }
        return [first] + list.filter { $0 != first }
    }

    /// The layer whose windows a conv-like view steps through.
    func convLayer(for view: View) -> ConvLayer {
        view == .upsample ? (equivalent?.layer ?? layer) : layer
    }
}

/// The scenarios the program can show, in picker order.
public struct Deck: Sendable {
    public let slides: [Slide]
    public init(_ slides: [Slide]) { self.slides = slides }
}
