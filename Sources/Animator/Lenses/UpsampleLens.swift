import ConvModel
import ScenarioFormat

extension LensName {
    /// Transposed convolution as upsample → direct convolution with the flipped kernel.
    public static let upsample: LensName = "upsample"
}

/// A transposed convolution rewritten as a direct one: zeros inserted between the input cells, a border of
/// d(F − 1) − P, the kernel flipped, stride 1; at the end, a check that it gives the scatter's numbers.
struct UpsampleLens: WindowLens {
    var name: LensName { .upsample }
    var summary: String { "transposed conv as zero insertion + conv, flipped kernel" }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: false
        case .transposed: slide.hasEquivalent
        }
    }

    func source(_ slide: Slide) -> WindowSource {
        WindowSource(
            layer: slide.equivalent?.layer ?? slide.layer,
            output: LazyTensor { slide.equivalentOutput ?? slide.output },
            equivalent: slide.equivalent)
    }

    func extraLines(_ w: WindowStep) -> [GridLook] {
        Formulas.transposed(w.slide.layer, language: w.t)
    }

    /// Said only when it is true: the two computations are compared, not assumed equal.
    func done(_ w: WindowStep) -> String {
        w.slide.equivalentOutput == w.slide.output ? w.t(.sameAsScatter) : w.t(.differsFromScatter)
    }

    func closing(_ w: WindowStep) -> String? { w.t(.upsampleExplained) }

    /// The kernel as the transposed layer stores it, before the flip: the flipped one follows it. With one input
    /// channel only (several channels would double the kernel slices, more than a small screen holds).
    func kernelsBefore(_ w: WindowStep) -> [WindowPanel] {
        guard w.C == 1 else { return [] }
        let kernel = w.slide.layer.kernel
        let filter = w.st.filter
        return (0..<w.C).map { c in
            let look: (Int, Int) -> GridLook = { u, v in
                GridLook(number: kernel[filter, c, u, v], style: .normal)
            }
            let grid = Grid(rows: kernel.height, cols: kernel.width, cellWidth: w.slide.kernelWidth, look: look)
            let title = w.C > 1 ? "w[\(filter)][\(c)]" : w.t(.kernelAsStored, "\(kernel.height)×\(kernel.width)")
            return WindowPanel(panel: Panel(title: title, grid: grid), role: .kernel(c))
        }
    }

    /// The flip, said at the first window.
    func extraSentences(_ w: WindowStep) -> [String] { w.window == 0 ? [w.t(.flipSentence)] : [] }

    /// The next view: the scatter view, or the checkerboard view when the scenario offers it after this one.
    func tabWord(tapMode: Bool) -> Word { .barNextView }
}
