import ConvModel
import ScenarioFormat
import Testing

@testable import Animator

/// The checkerboard lens's counts after each stamp, worked out per row and column (`CheckerAxes`, `CheckerCounts`),
/// against the scatter trace's own count of the contributions added so far, cell by cell; and its viewports,
/// which page as the window lens's do.
@Suite struct CheckerboardTests {
    /// Transposed layers with strides below, at and above the kernel, dilation, padding that crops, output padding,
    /// rectangular kernels and inputs.
    static func layers() throws -> [ConvLayer] {
        let specs: [(Pair, Pair, Padding, Pair, Pair, Pair)] = [
            (Pair(2, 2), Pair(1, 1), Padding(Pair(both: 0)), Pair(0, 0), Pair(3, 3), Pair(4, 5)),
            (Pair(3, 2), Pair(2, 1), Padding(top: 1, bottom: 1, left: 0, right: 0), Pair(1, 1), Pair(3, 4), Pair(5, 6)),
            (Pair(4, 4), Pair(1, 1), Padding(Pair(both: 0)), Pair(2, 3), Pair(3, 3), Pair(4, 4)),
            (Pair(2, 1), Pair(3, 2), Padding(top: 4, bottom: 4, left: 2, right: 2), Pair(1, 0), Pair(3, 3), Pair(6, 5)),
            (Pair(1, 1), Pair(1, 1), Padding(Pair(both: 2)), Pair(0, 0), Pair(5, 5), Pair(7, 7)),
            (Pair(2, 3), Pair(1, 1), Padding(top: 3, bottom: 3, left: 5, right: 5), Pair(1, 2), Pair(6, 6), Pair(5, 4)),
        ]
        return try specs.map { stride, dilation, padding, outputPadding, k, i in
            try ConvLayer(
                input: Tensor3(channels: 2, height: i.h, width: i.w, repeating: 1),
                kernel: Tensor4(
                    filters: 1, channels: 2, height: k.h, width: k.w,
                    values: .init(repeating: 1, count: 2 * k.h * k.w)),
                spec: ConvSpec(
                    op: .transposed, stride: stride, padding: padding, dilation: dilation,
                    outputPadding: outputPadding))
        }
    }

    @Test func countsAfterEachStampAreTheTracesCounts() throws {
        for layer in try Self.layers() {
            let (axes, trace, g) = (CheckerAxes(layer), ScatterTrace(layer), layer.geometry)
            let (h, w, out) = (layer.input.height, layer.input.width, g.outputSize)
            for through in 0..<(h * w) {
                let counts = CheckerCounts(axes, iy: through / w, ix: through % w)
                for r in 0..<out.h {
                    let expected = (0..<out.w).map { c in
                        trace.running(filter: 0, fy: r + g.padding.top, fx: c + g.padding.left, through: through).count
                    }
                    #expect((0..<out.w).map { counts.count(r, $0) } == expected, "\(g) stamp \(through) row \(r)")
                    // A row kept whole from a layer shows its final counts or none.
                    switch counts.progress(row: r) {
                    case .done: #expect(expected == (0..<out.w).map { axes.overlap.count(oy: r, ox: $0) })
                    case .untouched: #expect(expected.allSatisfy { $0 == 0 })
                    case .partial: break
                    }
                }
            }
            let all = CheckerCounts(axes, iy: h, ix: 0)
            #expect(
                (0..<out.h).allSatisfy { r in
                    (0..<out.w).allSatisfy { all.count(r, $0) == axes.overlap.count(oy: r, ox: $0) }
                })
        }
    }

    /// Along a row of stamps the map's viewport stays put while the stamp's footprint moves inside a page, and the
    /// footprint is in view whole (the bracket's four corners): centred, the map moved under it on every step.
    @Test func theMapPagesAndKeepsTheStampInView() throws {
        let layer = try ConvLayer(
            input: Tensor3(channels: 1, height: 40, width: 40, repeating: 1),
            kernel: Tensor4(filters: 1, channels: 1, height: 4, width: 4, values: .init(repeating: 1, count: 16)),
            spec: ConvSpec(op: .transposed, stride: Pair(both: 2)))
        let deck = Deck([Slide(Scenario.build(layer, title: Localized(en: "pages")), name: "pages")])
        var state = State(screen: .player)
        state.view = .checkerboard
        var notes: [String] = []
        for step in 0..<40 {
            state.step = step
            let text = render(state, deck: deck, width: 120, height: 40).text
            // The map's note: "rows a–b/82 cols c–d/82" (the per-row and per-column counts have one of the two).
            let map = text.matches(of: /rows \d+–\d+\/82 cols \d+–\d+\/82/).map { String($0.output) }
            notes.append(map.last ?? "")
            #expect(["┌", "┐", "└", "┘"].allSatisfy(text.contains), "step \(step):\n\(text)")
        }
        let moves = zip(notes, notes.dropFirst()).filter { $0 != $1 }.count
        #expect(moves > 0 && moves <= 8, "\(notes)")  // a page every six stamps; centred: every stamp
    }
}
