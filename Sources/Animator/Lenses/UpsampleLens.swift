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
    var summary: String { "transposed conv as zero insertion + conv with the flipped kernel" }

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
        Formulas.transposed(w.slide.layer, language: w.t).map { GridLook(text: $0, style: .normal) }
    }

    /// Said only when it is true: the two computations are compared, not assumed equal.
    func done(_ w: WindowStep) -> String {
        w.slide.equivalentOutput == w.slide.output ? w.t(.sameAsScatter) : w.t(.differsFromScatter)
    }

    func closing(_ w: WindowStep) -> String? { w.t(.upsampleExplained) }

    func tabWord(tapMode: Bool) -> Word { .barScatterLens }
}
