import Animator
import ConvModel
import ScenarioFormat
import Testing

/// Nothing is computed for a scenario until a lens needs it, and what the upsample lens builds is bounded.
@Suite struct LazySlideTests {
    func slide(_ json: String) throws -> Slide {
        Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")
    }

    /// A legal transposed layer whose equivalent convolution would be huge: the slide opens in the scatter view,
    /// offers no upsample view (the checkerboard view needs no equivalent convolution), and draws its first frame.
    @Test func largeStrideTransposedOffersNoUpsample() throws {
        let s = try slide(
            """
            {"title": "big stride", "op": "transposed", "stride": 32,
             "input": {"shape": [1, 32, 32], "fill": "index"}, "kernel": {"shape": [1, 1, 32, 32], "fill": "ones"}}
            """)
        #expect(s.views == [.scatter, .matrix, .checkerboard])
        #expect(!s.hasEquivalent)
        let deck = Deck([s])
        let state = reduce(State(), .pickerChosen, deck: deck).state
        let canvas = render(state, deck: deck, width: 80, height: 24)
        #expect(canvas.line(0).contains("step 1/"))
    }

    /// A stack whose path counts overflow an Int draws its field view.
    @Test func deepFieldDraws() throws {
        let layers = Array(repeating: "{\"kernel\": 32}", count: 16).joined(separator: ", ")
        let s = try slide(
            """
            {"title": "deep", "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]],
             "receptive_field": {"layers": [\(layers)]}}
            """)
        let deck = Deck([s])
        var state = reduce(State(), .pickerChosen, deck: deck).state
        #expect(state.view == .field)
        state = reduce(state, .lastPressed, deck: deck).state
        let canvas = render(state, deck: deck, width: 80, height: 24)
        #expect(canvas.text.contains("RF = "))
    }

    /// Tiny values show with an exponent: the grid stays narrow.
    @Test func tinyValuesKeepGridsNarrow() throws {
        let s = try slide(
            """
            {"title": "tiny", "input": [[[1e-300, 2], [3, 4]]], "kernel": [[[[1e-6]]]]}
            """)
        let deck = Deck([s])
        let state = reduce(State(), .pickerChosen, deck: deck).state
        let text = render(state, deck: deck, width: 80, height: 24).text
        #expect(text.contains("1e-300"))
        #expect(!text.contains("0.000000000000000"))
    }
}

/// A title with a line break shows its words apart, on one line, in the title bar and the picker.
@Suite struct TitleLineTests {
    @Test func lineBreaksInTitlesBecomeSpaces() throws {
        let json = #"{"title": "Padding\nand stride", "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]]}"#
        let deck = Deck([Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")])
        let picker = render(State(), deck: deck, width: 80, height: 24)
        #expect(picker.text.contains("Padding and stride"))
        let player = render(reduce(State(), .pickerChosen, deck: deck).state, deck: deck, width: 80, height: 24)
        #expect(player.line(0).contains("Padding and stride"))
    }
}

/// The largest legal layer draws its grids at 80×24: when they do not fit beside 2-row sums, sums take 1 row.
@Suite struct SmallScreenTests {
    @Test func largestLayerFitsAt80x24() throws {
        let json = """
            {"title": "largest", "input": {"shape": [1, 256, 256], "fill": "random", "seed": 1},
             "kernel": {"shape": [16, 1, 7, 7], "fill": "random", "seed": 2, "range": [-2, 2]}, "bias": \
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}
            """
        let deck = Deck([Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")])
        let state = reduce(State(), .pickerChosen, deck: deck).state
        let text = render(state, deck: deck, width: 80, height: 24).text
        #expect(!text.contains("enlarge"), "\(text)")
        #expect(text.contains("input 256×256") && text.contains("out ch 0 of 16"))
        #expect(text.contains("+ … = "), "the sum keeps its start and result on one row")
    }
}
