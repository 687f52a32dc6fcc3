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

    /// The current output cell's weights laid over the (padded) input of the channel being shown, as one row of
    /// a dense layer: the kernel's weights at the window's taps, 0 everywhere else. Stepping moves the same
    /// numbers across the map (weight sharing), where a dense layer would hold H⋅W⋅C weights of its own per cell.
    func extraPanels(_ w: WindowStep) -> [WindowPanel] {
        let g = w.g
        let c = w.focusChannel
        var weightAt: [Int: Double] = [:]
        for tap in w.st.taps[c] { weightAt[tap.py * g.paddedSize.w + tap.px] = tap.w }
        let look: (Int, Int) -> GridLook = { py, px in
            guard let weight = weightAt[py * g.paddedSize.w + px] else { return GridLook(text: "0", style: .dim) }
            return GridLook(number: weight, style: .tap)
        }
        var grid = Grid(rows: g.paddedSize.h, cols: g.paddedSize.w, cellWidth: w.slide.kernelWidth, look: look)
        let e = g.effectiveKernel
        grid.focus = (w.st.origin.h + e.h / 2, w.st.origin.w + e.w / 2)
        grid.focusSpan = (e.h, e.w)
        var panel = Panel(title: w.t(.sharingMapTitle, w.outName), titleStyle: .emphasis, grid: grid)
        let dense = w.l.input.height * w.l.input.width * w.C
        panel.footer = [
            GridLook(text: w.t(.sharingMapShared, w.taps * w.C), style: .tap),
            GridLook(text: w.t(.sharingMapDense, dense), style: .warning),
        ]
        return [WindowPanel(panel: panel, role: .sharing)]
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
