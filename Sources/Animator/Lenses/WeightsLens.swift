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

    /// The parameter counts: the same on every step, so written once per layer's sizes and language (`Labels`).
    func extraLines(_ w: WindowStep) -> [GridLook] {
        let (p, k, t, C, K) = (w.l.parameters, w.l.kernel, w.t, w.C, w.K)
        let conv = Labels.text(LabelKind.convParameters, t, K, k.height, k.width, C) {
            t(
                .convParameters, k.height == k.width ? "F⋅F" : "Fh⋅Fw",
                "\(K)⋅(\(k.height)⋅\(k.width)⋅\(C) + 1) = \(p.conv)")
        }
        let dense = Labels.text(LabelKind.denseParameters, t, p.inputSize, p.outputSize) {
            t(.denseParameters, "\(p.inputSize)⋅\(p.outputSize) + \(p.outputSize) = \(p.fullyConnected)")
        }
        return [GridLook(text: conv, style: .result), GridLook(text: dense, style: .warning)]
    }

    /// The current output cell's weights laid over the (padded) input of the channel being shown, as one row of
    /// a dense layer: the kernel's weights at the window's taps, 0 everywhere else. Stepping moves the same
    /// numbers across the map (weight sharing), where a dense layer would hold H⋅W⋅C weights of its own per cell.
    func extraPanels(_ w: WindowStep) -> [WindowPanel] {
        let g = w.g
        let e = g.effectiveKernel
        let origin = w.st.origin
        // The weights by their place in the window (nil: a hole, or a tap outside the input).
        var placed = [Double?](repeating: nil, count: e.h * e.w)
        for tap in w.st.taps[w.focusChannel] { placed[(tap.py - origin.h) * e.w + tap.px - origin.w] = tap.w }
        // A constant for the look (a captured variable is boxed and checked for exclusive access on every read).
        let weightAt = placed
        let zero = GridLook(glyph: "0", style: .dim)
        let look: (Int, Int) -> GridLook = { py, px in
            let (dy, dx) = (py - origin.h, px - origin.w)
            guard dy >= 0 && dy < e.h && dx >= 0 && dx < e.w, let weight = weightAt[dy * e.w + dx] else { return zero }
            return GridLook(number: weight, style: .tap)
        }
        var grid = Grid(rows: g.paddedSize.h, cols: g.paddedSize.w, cellWidth: w.slide.kernelWidth, look: look)
        grid.focus = (origin.h + e.h / 2, origin.w + e.w / 2)
        grid.focusSpan = (e.h, e.w)
        // Away from the window every cell is the same dim 0: kept per viewport, the window's cells live.
        grid.keep(
            FixedCells(
                memo: w.slide.cells, layers: [.init(name: .sharingZero) { _, _ in zero }],
                split: FixedCells.live(rows: origin.h..<(origin.h + e.h), cols: origin.w..<(origin.w + e.w))))
        var panel = Panel(title: w.t(.sharingMapTitle, w.outName), titleStyle: .emphasis, grid: grid)
        // Cut, it shows the cells the input of its channel shows (`BodyLayout.linkWindows`).
        panel.link = -(w.focusChannel + 1)
        let dense = w.l.input.height * w.l.input.width * w.C
        panel.footer = [
            GridLook(text: w.t.label(.sharingMapShared, w.taps * w.C), style: .tap),
            GridLook(text: w.t.label(.sharingMapDense, dense), style: .warning),
        ]
        return [WindowPanel(panel: panel, role: .sharing)]
    }

    /// Asked for once per window (the narration is kept by it, `WindowStep.narration`); the ratio, the same on every
    /// window, once per layer (`Labels`).
    func extraSentences(_ w: WindowStep) -> [String] {
        let p = w.l.parameters
        let ratio = Labels.text(LabelKind.sharingRatio, .en, p.inputSize, p.outputSize, p.filters, p.weightsPerFilter) {
            Num.display((p.ratio * 10).rounded() / 10)
        }
        let positions = w.g.outputSize.h * w.g.outputSize.w
        let position = w.window % positions + 1
        let filter = w.K > 1 ? w.t(.ofFilter, w.st.filter) : ""
        return [w.t(.sharingSentence, position, positions, filter, p.weightsPerFilter, ratio)]
    }
}
