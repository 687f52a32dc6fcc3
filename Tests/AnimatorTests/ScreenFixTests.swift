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

    /// The stacks are named for what they are and their law is said only when it holds.
    @Test func fieldLegendDescribesTheStacks() throws {
        let d = try deck(
            """
            {"title": "t", "input": [[[1, 2], [3, 4]]], "kernel": [[[[1]]]],
             "receptive_field": {"layers": [{"kernel": 3}, {"kernel": 5}],
                                 "compare": [{"kernel": 3, "stride": 2}, {"kernel": 3}]}}
            """)
        let text = frame(d, step: 1).text
        #expect(text.contains("plain 3,5: RF = "))
        #expect(!text.contains("grows linearly") && !text.contains("doubles"))
        #expect(text.contains("plain 3×3: RF = 3 + (3 − 1)⋅2 = 7"))
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
