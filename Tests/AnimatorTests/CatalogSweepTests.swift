import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// Issue 10's "done when", checked on every step of every view of every catalog scenario, at 80×24 and 120×40, in
/// English and Chinese: the grids fit (no "enlarge"), the narration is either all on screen or pages with its
/// marker, and the Chinese screen has no English word.
@Suite struct CatalogSweepTests {
    /// Words that stay as they are in Chinese: symbols (`in[…]`, `out[…]`, RF), key names, the program's name, the
    /// JSON field names, the seed's own figure names (deconvolution1, deconvolution2) that titles cite, method names
    /// and a citation.
    static let allowedInChinese: Set<String> = [
        "RF", "convlens", "Space", "Tab", "PgDn", "PgUp", "in", "out", "op", "same", "full", "output_padding",
        "deconvolution", "x_c", "RF_",
        // The im2col view names the method as frameworks do (im2col, GEMM); the checkerboard view cites its source.
        "im", "col", "GEMM", "Odena", "Dumoulin", "Olah", "Distill",
    ]

    /// Text without any whitespace, so a sentence can be found across wrapped lines in either language.
    func flat(_ s: String) -> String {
        String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    func check(_ s: State, width: Int, height: Int) -> [String] {
        let c = render(s, deck: catalogDeck, width: width, height: height)
        let text = c.text
        let name =
            "\(catalogDeck.slides[s.scenario].name) \(s.view) step \(s.step + 1) \(width)×\(height) \(s.language)"
        var problems: [String] = []
        if text.contains("enlarge") || text.contains("放大") { problems.append("\(name): enlarge") }
        let slide = catalogDeck.slides[s.scenario]
        let line = Timeline.make(slide, view: s.view, tapMode: s.tapMode)
        let content = Lenses.lens(s.view).content(
            Frame(slide: slide, timeline: line, step: s.step, language: s.language, tapMode: s.tapMode))
        let tail = String(flat(content.narration).suffix(8))
        if !tail.isEmpty && !flat(text).contains(tail) && !text.contains("PgDn") {
            problems.append("\(name): the narration is cut without a marker")
        }
        if s.language == .zh {
            let words = text.split { !($0.isLetter || $0 == "_") || !$0.isASCII }.filter { $0.count > 1 }.map(
                String.init)
            let english = Set(words).subtracting(Self.allowedInChinese)
            if !english.isEmpty { problems.append("\(name): English in Chinese: \(english.sorted())") }
            // The kinsoku rule: no line starts with closing punctuation.
            let closing: Set<Character> = ["，", "。", "、", "）", "；", "：", "！", "？", "」", "』"]
            for y in 0..<c.height where c.line(y).dropFirst().first.map(closing.contains) == true {
                problems.append("\(name): line \(y) starts with closing punctuation")
            }
        }
        return problems
    }

    @Test(arguments: [Language.en, .zh])
    func everyStepOfEveryView(_ language: Language) {
        var problems: [String] = []
        for i in catalogDeck.slides.indices {
            for view in catalogDeck.slides[i].views {
                var s = reduce(State(language: language), .pickerClicked(row: i), deck: catalogDeck).state
                s.view = view
                let count = timeline(s).count
                for step in 0..<count {
                    s.step = step
                    problems += check(s, width: 80, height: 24) + check(s, width: 120, height: 40)
                }
            }
        }
        let kinds = Dictionary(grouping: problems) { $0.split(separator: ":").dropFirst().joined(separator: ":") }
        let listed = kinds.map { "\($0.value.count)× \($0.value[0])" }.sorted().prefix(30).joined(separator: "\n")
        #expect(problems.count == 0, "\(problems.count) problems:\n\(listed)")
    }
}
