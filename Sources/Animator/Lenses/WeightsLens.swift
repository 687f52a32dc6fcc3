import ConvModel
import ScenarioFormat

extension LensName {
    /// The same slide, with the parameter count against a fully connected layer.
    public static let weights: LensName = "weights"
}

/// Weight sharing: the conv lens's slide, with the parameters of the convolution against a dense layer.
struct WeightsLens: WindowLens {
    var name: LensName { .weights }
    var summary: String { "weight sharing: one set of weights at every position" }
    var tab: TabMeaning { .toggleTaps }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: true
        case .transposed: false
        }
    }

    func opens(_ topic: Topic) -> Bool { topic == .weightSharing }

    func source(_ slide: Slide) -> WindowSource {
        WindowSource(layer: slide.layer, output: LazyTensor { slide.output }, equivalent: nil)
    }

    func extraLines(_ w: WindowStep) -> [GridLook] {
        let p = w.l.parameters
        let k = w.l.kernel
        let conv = "\(w.K)⋅(\(k.height)⋅\(k.width)⋅\(w.C) + 1) = \(p.conv)"
        let dense = "\(p.inputSize)⋅\(p.outputSize) + \(p.outputSize) = \(p.fullyConnected)"
        return [
            GridLook(text: w.t(.convParameters, k.height == k.width ? "F⋅F" : "Fh⋅Fw", conv), style: .result),
            GridLook(text: w.t(.denseParameters, dense), style: .warning),
        ]
    }

    func extraSentences(_ w: WindowStep) -> [String] {
        let p = w.l.parameters
        let g = w.g
        let ratio = Num.display((p.ratio * 10).rounded() / 10)
        let positions = g.outputSize.h * g.outputSize.w
        let position = w.window % positions + 1
        let weights = w.l.kernel.height * w.l.kernel.width * w.C
        let filter = w.K > 1 ? w.t(.ofFilter, w.st.filter) : ""
        return [w.t(.sharingSentence, position, positions, filter, weights, ratio)]
    }
}
