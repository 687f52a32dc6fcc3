import ConvModel

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

    public init(_ scenario: Scenario, name: String) {
        self.scenario = scenario
        self.name = name
        output = scenario.layer.output()
        equivalent = scenario.layer.op == .transposed ? try? EquivalentConv(scenario.layer) : nil
        equivalentOutput = equivalent?.layer.output()
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
