import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// The scatter lens's texts from where they are kept: a filter's titles made by the first frame that shows it
/// (`ScatterTexts.FilterTitles`), the formulas under the stamp line from `Formulas.transposed`'s memo.
@Suite struct ScatterTextTests {
    func text(_ deck: Deck, step: Int, language: Language) -> String {
        var state = State(screen: .player)
        (state.view, state.step, state.language) = (.scatter, step, language)
        return render(state, deck: deck, width: 120, height: 40).text
    }

    /// Frames of filter 1 drawn before any of filter 0, then filter 0's, then filter 1's again: each names its own
    /// filter, in both languages (one input channel: the kernel and the buffer titles carry the filter).
    @Test func titlesNameTheFilterShown() throws {
        let json = #"""
            {"title": "t", "op": "transposed", "input": [[[1, 2], [3, 4]]],
             "kernel": [[[[1, 0], [0, 1]]], [[[2, 0], [0, 2]]]]}
            """#
        let deck = Deck([Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")])
        for (step, filter) in [(5, 1), (1, 0), (6, 1), (0, 0)] {
            let en = text(deck, step: step, language: .en)
            #expect(en.contains("kernel 2×2 f\(filter)") && en.contains("scatter 3×3 f\(filter)"), "\(en)")
            #expect(!en.contains("f\(1 - filter)"), "\(en)")
            let zh = text(deck, step: step, language: .zh)
            #expect(zh.contains("卷积核 2×2 滤波器\(filter)") && zh.contains("散射 3×3 滤波器\(filter)"), "\(zh)")
            #expect(!zh.contains("滤波器\(1 - filter)"), "\(zh)")
        }
    }

    /// Several input channels: each kernel slice is w[filter][channel], for the filter shown.
    @Test func kernelSlicesNameTheFilterShown() {
        let deck = Deck([Slide(catalogDeck.slides[index("16")].scenario, name: "16")])
        for (step, filter) in [(6, 1), (1, 0), (7, 1)] {
            let shown = text(deck, step: step, language: .en)
            #expect(shown.contains("w[\(filter)][0]") && shown.contains("w[\(filter)][1]"), "\(shown)")
            #expect(!shown.contains("w[\(1 - filter)]["), "\(shown)")
            #expect(shown.contains("in ch 0") && shown.contains("in ch 1"), "\(shown)")
        }
    }

    func layer(filters: Int, outputPadding: Pair) throws -> ConvLayer {
        try ConvLayer(
            input: Tensor3(channels: 1, height: 2, width: 3, repeating: 1),
            kernel: Tensor4(
                filters: filters, channels: 1, height: 3, width: 3, values: Array(repeating: 1, count: filters * 9)),
            bias: Array(repeating: 0, count: filters),
            spec: ConvSpec(
                op: .transposed, stride: Pair(both: 2), padding: Padding(Pair(both: 1)), outputPadding: outputPadding))
    }

    /// The lines come from everything they show (the memo's key): layers that differ only in their filters or
    /// their output padding get their own lines, in each language, as plain lines under the grids.
    @Test func transposedFormulasAreTheLayersOwn() throws {
        let law = "W2 = (W1 − 1)⋅S − 2P + d⋅(F − 1) + op + 1     D2 = K = "
        let en = Language.en
        #expect(
            Formulas.transposed(try layer(filters: 1, outputPadding: Pair(both: 0)), language: .en).map(\.text) == [
                "W2 = (3 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 0 + 1 = 5", "H2 = (2 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 0 + 1 = 3",
                en(.generalLaw) + law + "1", en(.notesLaw),
            ])
        #expect(
            Formulas.transposed(try layer(filters: 2, outputPadding: Pair(both: 0)), language: .en).map(\.text)[2]
                == en(.generalLaw) + law + "2")
        #expect(
            Formulas.transposed(try layer(filters: 1, outputPadding: Pair(both: 1)), language: .en).map(\.text) == [
                "W2 = (3 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 1 + 1 = 6", "H2 = (2 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 1 + 1 = 4",
                en(.generalLaw) + law + "1",
            ])
        let zh = Formulas.transposed(try layer(filters: 1, outputPadding: Pair(both: 0)), language: .zh)
        #expect(zh.map(\.text)[2] == Language.zh(.generalLaw) + law + "1")
        #expect(zh.allSatisfy { $0.style == .normal })
    }
}
