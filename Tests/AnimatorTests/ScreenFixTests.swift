import Animator
import ConvModel
import ScenarioFormat
import Testing

/// What the screen says is true for every setup, not only the catalog's (issue 10's differential findings).
@Suite struct ScreenFixTests {
    func deck(_ json: String) throws -> Deck {
        Deck([Slide(try Scenario.decode(Array(json.utf8), file: "t.json"), name: "t")])
    }

    func frame(_ deck: Deck, view: LensName? = nil, step: Int? = nil, width: Int = 80, height: Int = 24) -> Canvas {
        var s = reduce(State(), .pickerChosen, deck: deck).state
        if let view { s.view = view }
        if let step { s.step = step }
        return render(s, deck: deck, width: width, height: height)
    }

    /// Stride [1, 3] inserts no zeros between rows and 2 between columns.
    @Test func zerosInsertedPerAxis() throws {
        let d = try deck(
            """
            {"title": "t", "op": "transposed", "stride": [1, 3],
             "input": [[[1, 2], [3, 4]]], "kernel": [[[[1, 0], [0, 1]]]]}
            """)
        let text = frame(d, view: .upsample).text
        #expect(text.contains("0 zeros between rows, 2 between columns"), "\(text)")
    }

    /// The stacks are named for what they are and a closed form is said only where it holds.
    @Test func fieldLegendDescribesTheStacks() throws {
        let d = try deck(
            """
            {"title": "t", "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]],
             "receptive_field": {"layers": [{"kernel": 3}, {"kernel": 5}],
                                 "compare": [{"kernel": 3, "stride": 2}, {"kernel": 3}]}}
            """)
        let text = frame(d, step: 1).text
        #expect(text.contains("plain F 3,5, 2 layers: 7×7"), "\(text)")
        #expect(text.contains("3×3 S 2,1"))
        #expect(!text.contains("linear") && !text.contains("exponential") && !text.contains("3×3 S 2,1,"))
        #expect(text.contains("layer 2 ● · ● · ● 3 + (3 − 1)⋅2 = 7"), "\(text)")  // J = 2
        #expect(text.contains("layer 2 ● ● ● ● ● 3 + (5 − 1) = 7"), "\(text)")
        #expect(text.contains("each layer: RF = RF_prev + (F − 1)⋅d⋅J"))
        #expect(text.contains("J = the product of the earlier strides"))
    }

    /// Stacks that are not the catalog's (strides, kernel 5, 4 layers, holes): at every step the newest layer's
    /// F⋅F taps are marked in its square (even on a hole) and its F taps in its breakdown row, in both languages,
    /// and the Chinese screen has no English word.
    @Test func fieldMarksEveryTapAtEveryStep() throws {
        let stacks = [
            #"[{"kernel": 2, "dilation": 2}, {"kernel": 2, "dilation": 4}]"#,
            #"[{"kernel": 5}, {"kernel": 3, "stride": 2}, {"kernel": 3, "dilation": 2}, {"kernel": 3}]"#,
            #"[{"kernel": 3, "stride": 2}, {"kernel": 3}, {"kernel": 3, "dilation": 3}]"#,
        ]
        for layers in stacks {
            let d = try deck(
                """
                {"title": {"en": "t", "zh": "测"}, "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]],
                 "receptive_field": {"layers": \(layers)}}
                """)
            let field = try #require(d.slides[0].scenario.receptiveField)
            for step in 1...field.layers.count {
                let f = field.layers[step - 1].kernel
                var s = reduce(State(), .pickerChosen, deck: d).state
                s.step = step - 1
                let en = render(s, deck: d, width: 120, height: 40).text
                // The square's F⋅F, the breakdown row's F and the legend's one.
                #expect(en.filter { $0 == "●" }.count == f * f + f + 1, "\(layers) step \(step)\n\(en)")
                s.language = .zh
                let zh = render(s, deck: d, width: 120, height: 40).text
                #expect(zh.filter { $0 == "●" }.count == f * f + f + 1)
                let words = zh.split { !$0.isLetter || !$0.isASCII }.filter { $0.count > 1 }.map(String.init)
                #expect(Set(words).isSubset(of: ["RF", "convlens", "Space", "Tab", "PgDn"]), "\(words)")
            }
        }
    }

    /// A long scatter list is cut as a list: its closing parenthesis stays, no stray "+ … =".
    @Test func longScatterListIsCutAsAList() throws {
        let d = try deck(
            """
            {"title": "t", "op": "transposed", "input": {"shape": [1, 2, 2], "fill": "index"},
             "kernel": {"shape": [1, 1, 9, 9], "fill": "index"}}
            """)
        let text = frame(d, step: 1).text
        #expect(text.contains("(+= "))
        #expect(text.contains("…)"))
        #expect(!text.contains("+ … ="))
    }
}

/// Narration never cut silently: it pages with PgDn / PgUp, says so, and starts over on a new step (issue 10).
@Suite struct NarrationPagingTests {
    func last15() -> State {
        var s = opened("15")
        s.step = timeline(s).count - 1
        return s
    }

    @Test func narrationPagesAt80x24() {
        let s = last15()
        let page1 = render(s, deck: catalogDeck, width: 80, height: 24)
        #expect(page1.text.contains("▼ PgDn: more (1/2)"))
        #expect(page1.line(23).contains("PgDn more"))
        let next = after(s, [.notesPageDownPressed])
        #expect(next.notesPage == 1)
        let page2 = render(next, deck: catalogDeck, width: 80, height: 24)
        #expect(page2.text.contains("▲ PgUp: back (2/2)"))
        // Every line of the narration is on one of the pages.
        let notes = catalogDeck.slides[index("15")].scenario.notes?.text(.en) ?? ""
        let lastWords = notes.split(separator: " ").suffix(3).joined(separator: " ")
        #expect(prose(page2).contains(lastWords), "\(lastWords)")
        #expect(after(next, [.notesPageUpPressed]).notesPage == 0)
        #expect(after(next, [.stepBackPressed]).notesPage == 0, "a new step starts at its first page")
        #expect(render(s, deck: catalogDeck, width: 120, height: 40).text.contains("PgDn") == false)
    }

    func prose(_ c: Canvas) -> String {
        c.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }
}
