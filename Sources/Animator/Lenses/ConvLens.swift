import ConvModel
import ScenarioFormat

extension LensName {
    /// The kernel sliding over the (padded) input, with channels, merge and bias when there are several.
    public static let conv: LensName = "conv"
}

/// The direct convolution: the kernel slides over the padded input, window by window or tap by tap, with the
/// size formulas of the notes.
struct ConvLens: WindowLens {
    var name: LensName { .conv }
    var summary: String { "the kernel over the padded input, by window or by tap" }
    var tab: TabMeaning { .toggleTaps }

    func applies(to slide: Slide) -> Bool {
        switch slide.layer.op {
        case .conv: true
        case .transposed: false
        }
    }

    func source(_ slide: Slide) -> WindowSource {
        WindowSource(layer: slide.layer, output: LazyTensor { slide.output }, equivalent: nil)
    }

    func extraLines(_ w: WindowStep) -> [GridLook] {
        Formulas.conv(w.l, mode: w.slide.scenario.paddingMode, language: w.t, ascii: w.frame.ascii).map {
            GridLook(text: $0, style: .normal)
        }
    }
}
