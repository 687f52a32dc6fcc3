import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// A long sum's terms are written only as far as four rows of the screen (`Frame.sumColumns`): the rows a frame shows
/// are the rows of the whole sum, at every width and height (1, 2 or 4 rows of a sum), for sums of integers and of
/// decimals, in the conv (whole windows and taps), matrix and im2col views.
@Suite struct SumColumnsTests {
    static func scenarios() throws -> [Scenario] {
        func layer(_ c: Int, _ k: Int, _ value: @escaping (Int) -> Double) throws -> ConvLayer {
            try ConvLayer(
                input: Tensor3(channels: c, height: 8, width: 8, values: (0..<(c * 64)).map(value)),
                kernel: Tensor4(
                    filters: 3, channels: c, height: k, width: k,
                    values: (0..<(3 * c * k * k)).map { value($0 * 3 + 1) - 5 }),
                bias: [1, 0, -2], spec: ConvSpec(padding: Padding(Pair(both: 1))))
        }
        return [
            try layer(16, 7) { Double($0 * 37 % 19) - 9 },
            try layer(12, 5) { Double($0 * 13 % 23) / 8 - 1.25 },
            try layer(1, 7) { Double($0 % 7) * 0.1 },
        ].map { Scenario.build($0, title: Localized(en: "sums")) }
    }

    @Test func theRowsShownAreTheRowsOfTheWholeSum() throws {
        var cut = 0
        for scenario in try Self.scenarios() {
            let slide = Slide(scenario, name: "sums")
            for view in slide.views where ["conv", "matrix", "im2col"].contains(view.rawValue) {
                for tapMode in [false, true] {
                    let line = Timeline.make(slide, view: view, tapMode: tapMode)
                    for step in Set([0, 1, 5, line.count / 3, line.count - 1]) {
                        for (width, height) in [(40, 18), (80, 24), (120, 40), (200, 60)] {
                            var frame = Frame(
                                slide: slide, timeline: line, step: step, language: .en, tapMode: tapMode)
                            let lens = Lenses.lens(view)
                            let whole = lens.content(frame)
                            frame.sumColumns = 4 * width
                            let short = lens.content(frame)
                            if short.lines.map(\.text) != whole.lines.map(\.text) { cut += 1 }
                            for most in [1, 2, 4] {
                                let a = whole.lines.map {
                                    wrappedLine($0, width: width - 2, height: height, most: most)
                                }
                                let b = short.lines.map {
                                    wrappedLine($0, width: width - 2, height: height, most: most)
                                }
                                #expect(a == b, "\(view) step \(step) tap \(tapMode) \(width)×\(height) \(most) rows")
                            }
                        }
                    }
                }
            }
        }
        // The long sums were cut (else the test shows nothing).
        #expect(cut > 20)
    }

    /// A sum that comes with where its products lie (`ViewContent.sumParts`, from `TextBytes.append(products:)`)
    /// wraps as its text read byte by byte does: every window lens's sums (whole windows, taps, channels; integers,
    /// decimals, padding) in English and Chinese (whose channel prefix is two columns a character), at widths from
    /// the narrowest.
    @Test func sumsWrapFromTheirPartsAsFromTheirText() throws {
        var sums = 0
        let catalog = ["01", "03", "08", "09", "10", "12", "13"].map { catalogDeck.slides[index($0)].scenario }
        for scenario in try Self.scenarios() + catalog {
            let slide = Slide(scenario, name: "sums")
            for view in slide.views where ["conv", "weights", "upsample"].contains(view.rawValue) {
                for tapMode in [false, true] {
                    let line = Timeline.make(slide, view: view, tapMode: tapMode)
                    for step in Set([0, 1, 2, 5, line.count / 3, line.count - 1]) where step < line.count {
                        for language in [Language.en, .zh] {
                            let frame = Frame(
                                slide: slide, timeline: line, step: step, language: language, tapMode: tapMode)
                            let content = Lenses.lens(view).content(frame)
                            if let parts = content.sumParts, let look = content.lines.first {
                                sums += 1
                                for width in [12, 30, 47, 78, 118, 198] {
                                    let (fromParts, widths) = measuredTerms(
                                        look.text, width: width, indent: 6, parts: parts)
                                    #expect(
                                        fromParts == wrapTerms(look.text, width: width, indent: 6),
                                        "\(view) step \(step) \(language) width \(width): \(look.text)")
                                    #expect(widths == nil || widths! == fromParts.map(displayWidth))
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(sums > 100)
    }
}
