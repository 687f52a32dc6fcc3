import ConvModel
import ScenarioFormat
import TestSupport
import Testing

@testable import Animator

/// The strings the screen shows for the model's numbers: rounded values and receptive-field formulas.
@Suite struct DisplayNumberTests {
    /// The screen rounds away binary noise; eval keeps the exact value.
    @Test func noiseIsRounded() {
        #expect(Num.display(0.1 + 0.2) == "0.3")
        #expect(Num.display(-0.18750000000000003) == "-0.1875")
        #expect(Num.display(2.2750000000000004) == "2.275")
        #expect(Num.display(0.010000000000000002) == "0.01")
        #expect(Num.display(17) == "17")
        #expect(Num.display(1.0 / 3.0) == "0.333333333333")
        #expect(Num.format(0.1 + 0.2) == "0.30000000000000004")
    }

    /// Tiny and huge values get an exponent instead of hundreds of digits (issue 8); 12 significant digits.
    @Test func exponentsForTinyAndHugeValues() {
        #expect(Num.display(1e-300) == "1e-300")
        #expect(Num.display(6.170000000000001e-20) == "6.17e-20")
        #expect(Num.display(-2.5e-7) == "-2.5e-7")
        #expect(Num.display(0.000001) == "0.000001")
        #expect(Num.display(0.0000123) == "0.0000123")
        #expect(Num.display(1e16) == "1e16")
        #expect(Num.display(1.5e20) == "1.5e20")
        #expect(Num.display(123456.7891234567) == "123456.789123")
        #expect(Num.display(9.9999999999999) == "10")
        #expect(Num.display(0.99999999999999) == "1")
        #expect(Num.display(-0.0) == "0")
        #expect(Num.display(999_999_999_999_999) == "999999999999999")
    }

    @Test func widthMatchesTheText() {
        let values: [Double] = [0, 7, -7, 10, -10, 123456, -999_999_999_999_999, 0.5, -0.125, 1e-300, 1e16, 1.0 / 3.0]
        for v in values { #expect(Num.displayWidth(v) == Num.display(v).count, "\(v)") }
    }

    /// Counts in prose are grouped by three from 1,000 on; the digits are the number's.
    @Test func countsAreGroupedByThousands() {
        #expect(Num.grouped(0) == "0" && Num.grouped(999) == "999" && Num.grouped(-999) == "-999")
        #expect(Num.grouped(1000) == "1,000" && Num.grouped(65_536) == "65,536")
        #expect(Num.grouped(2_637_376) == "2,637,376" && Num.grouped(-1_234_567) == "-1,234,567")
        #expect(Num.grouped(Int.max) == "9,223,372,036,854,775,807")
        #expect(Num.grouped(Int.min) == "-9,223,372,036,854,775,808")
        var r = SplitMix(seed: 5)
        for _ in 0..<2000 {
            let n = r.below(2) == 0 ? r.below(1_000_000_000) : -r.below(100_000)
            let text = Num.grouped(n)
            #expect(Int(text.replacing(",", with: "")) == n, "\(n)")
            let groups = text.trimmingPrefix("-").split(separator: ",", omittingEmptySubsequences: false)
            #expect(groups.dropFirst().allSatisfy { $0.count == 3 } && (1...3).contains(groups[0].count), "\(n)")
        }
    }
}

/// Decimal scenarios are computed exactly (`Arithmetic`): the sum lines show 0, not 5.55111512313e-17.
@Suite struct ExactSumsOnScreenTests {
    func deck(_ json: String) throws -> Deck {
        Deck([Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")])
    }

    @Test func directSumLineShowsZero() throws {
        let deck = try deck(#"{"title": "tenths", "input": [[[0.1, 0.2, 0.3]]], "kernel": [[[[1, 1, -1]]]]}"#)
        var state = reduce(State(), .pickerChosen, deck: deck).state
        var text = render(state, deck: deck, width: 80, height: 24).text
        let line = try #require(text.split(separator: "\n").first { $0.contains("out[0,0] =") })
        #expect(line.hasSuffix("= 0"), "\(line)")
        #expect(!text.contains("e-17"), "\(text)")
        // Tap by tap, the running sums are 0.1, 0.3, 0.
        state = reduce(state, .tabPressed, deck: deck).state
        var sums: [String] = []
        for _ in 0..<3 {
            text = render(state, deck: deck, width: 80, height: 24).text
            if let line = text.split(separator: "\n").first(where: { $0.contains("out[0,0] =") }) {
                sums.append(String(line.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespaces))
            }
            state = reduce(state, .stepForwardPressed, deck: deck).state
        }
        #expect(sums.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["0.1", "0.3", "0"], "\(sums)")
    }

    /// The merge line writes a negative partial sum in parentheses, as every product does: `(-3) + 2 = -1`.
    @Test func mergeLineBracketsNegativePartials() throws {
        let deck = try deck(
            #"{"title": "t", "input": [[[1]], [[2]], [[0.5]]], "kernel": [[[[-3]], [[1]], [[-0.5]]]]}"#)
        var state = reduce(State(), .pickerChosen, deck: deck).state
        var merge: Substring?
        for _ in 0..<6 where merge == nil {
            merge = render(state, deck: deck, width: 80, height: 24).text.split(separator: "\n").first {
                $0.contains("merge:")
            }
            state = reduce(state, .stepForwardPressed, deck: deck).state
        }
        #expect(merge?.trimmingCharacters(in: .whitespaces) == "merge: (-3) + 2 + (-0.25) = -1.25", "\(merge ?? "")")
    }

    @Test func scatterSumsShowZero() throws {
        let deck = try deck(
            #"{"title": "t", "op": "transposed", "input": [[[0.1, 0.2, 0.3]]], "kernel": [[[[-1, 1, 1]]]]}"#)
        var state = reduce(State(), .pickerChosen, deck: deck).state
        state = reduce(state, .lastPressed, deck: deck).state
        let text = render(state, deck: deck, width: 80, height: 24).text
        #expect(text.contains("0.5"), "\(text)")
        #expect(!text.contains("e-17") && !text.contains("0.30000"), "\(text)")
    }
}

@Suite struct FieldFormulaTests {
    @Test func seedStack() {
        let dilated = ReceptiveField([
            RFLayer(kernel: 3, dilation: 1), RFLayer(kernel: 3, dilation: 2),
            RFLayer(kernel: 3, dilation: 4),
        ])
        #expect(dilated.formula(layer: 1) == "RF = 3 + (3 − 1)⋅2 = 7")
        let plain = ReceptiveField(Array(repeating: RFLayer(kernel: 3), count: 3))
        #expect(plain.formula(layer: 2) == "RF = 5 + (3 − 1) = 7")
    }

    @Test func strideMultipliesTheJump() {
        let f = ReceptiveField([RFLayer(kernel: 3, stride: 2), RFLayer(kernel: 3)])
        #expect(f.formula(layer: 1) == "RF = 3 + (3 − 1)⋅2 = 7")
    }
}
