import ConvModel
import ScenarioFormat

/// The arithmetic and the narration of a window lens's step.
extension WindowStep {
    /// out[1,1], or out[f][1,1] with several filters.
    var outName: String {
        var s = TextBytes(capacity: 24)
        appendOutName(to: &s)
        return s.string
    }

    private func appendOutName(to s: inout TextBytes) {
        s.append("out[")
        if K > 1 {
            s.append(st.filter)
            s.append("][")
        }
        s.append(st.oy)
        s.append(",")
        s.append(st.ox)
        s.append("]")
    }

    /// `x⋅w + x⋅w + …` of the first `n` taps of channel `c`.
    private func appendProducts(_ c: Int, _ n: Int, to s: inout TextBytes) {
        s.append(products: st.taps[c].prefix(n), columns: frame.sumColumns, notingSum: true) { ($0.x, $0.w) }
    }

    /// The sum this phase shows, with its result: each line written as bytes (a sum kept as them,
    /// `GridLook(utf8:)`); and where the products of the first line lie when it is a sum of them
    /// (`ViewContent.sumParts`).
    func arithmetic() -> (lines: [GridLook], parts: SumParts?) {
        var s = TextBytes(capacity: 64 + taps * TextBytes.mostProduct)
        switch phase {
        case .whole:
            appendOutName(to: &s)
            s.append(" = ")
            appendProducts(0, taps, to: &s)
            if st.bias != 0 {
                s.append(" + ")
                s.append(term: st.bias)
            }
            s.append(" = ")
            s.append(number: st.value)
        case .tap(let c, let i):
            if C > 1 {
                s.append(t(.channelPrefix, c))
            } else {
                appendOutName(to: &s)
                s.append(" = ")
            }
            let more = i + 1 < taps
            appendProducts(c, i + 1, to: &s)
            if more { s.append(" + …") }
            s.append(" = ")
            s.append(number: st.sum(channel: c, taps: i + 1))
            if more { s.append(t(.soFar)) }
        case .channel(let c):
            s.append(t.label(.channelPrefix, c))
            appendProducts(c, taps, to: &s)
            s.append(" = ")
            s.append(number: st.partials[c])
        case .merge:
            let sum = st.partials.map(term).joined(separator: " + ")  // a negative in parentheses, as in a product
            return ([GridLook(text: t(.mergeLine, sum, Num.display(st.merged)), style: .formula)], nil)
        case .bias:
            if C > 1 {
                s.append(number: st.merged)
            } else {
                appendProducts(0, taps, to: &s)
            }
            let text = t(.biasLine, outName, s.string, term(st.bias), Num.display(st.value))
            return ([GridLook(text: text, style: .formula)], nil)
        }
        return ([GridLook(utf8: s.utf8, style: .formula)], s.sumParts)
    }

    /// Where the window is and what its taps read; then the lens's sentences, the end, and the closing
    /// paragraph. The same for every channel and tap of a window (a step of a 16-channel layer is one channel):
    /// written once per lens, window, phase kind and language (`Slide.narrations`); the lens's words, which depend
    /// on nothing else, are asked for only then.
    func narration(
        lens: LensName, extra: () -> [String], closing: () -> String?, done: () -> String
    ) -> String {
        let kind: Int
        switch phase {
        case .merge: kind = 1
        case .bias: kind = 2
        default: kind = 0
        }
        let ends = window == trace.count - 1 && complete
        let key = WindowNarrationKey(lens: lens, window: window, kind: kind, ends: ends, language: t)
        return frame.slide.narrations.value(key) {
            build(extra: extra(), closing: closing(), done: ends ? done() : nil)
        }
    }

    private func build(extra: [String], closing: String?, done: String?) -> String {
        var s: [String] = []
        switch phase {
        case .merge: s.append(t(.mergeSentence))
        case .bias: s.append(t(.biasSentence))
        default: s += positionSentences()
        }
        s += extra
        if let done { s.append(done) }
        if !g.untappedRows.isEmpty || !g.untappedCols.isEmpty { s.append(t(.untappedSentence)) }
        var text = s.joined(separator: t(.sentenceGap))
        if let closing { text += "\n" + closing }
        return text
    }

    private func positionSentences() -> [String] {
        let e = g.effectiveKernel
        func span(_ a: Int, _ n: Int) -> String { n == 1 ? "\(a)" : "\(a)–\(a + n - 1)" }
        let padded = source.equivalent != nil || !g.padding.isZero
        var place = t(
            .windowAt, e.h, span(st.origin.h, e.h), e.w, span(st.origin.w, e.w),
            padded ? t(.paddedAdjective) : "")
        if let p = previousOrigin {
            let dy = st.origin.h - p.h
            let dx = st.origin.w - p.w
            if dy == 0 && dx > 0 {
                place += t(.movedRight, dx, g.stride.w)
            } else if dy > 0 {
                place += t(.movedDown, dy, g.stride.h)
            }
        }
        var s = [place + t(.fullStop)]
        let pads = paddingTaps()
        if pads == 1 { s.append(t(.paddingTapOne)) }
        if pads > 1 { s.append(t(.paddingTaps, pads)) }
        if g.dilation != Pair(both: 1) { s.append(t(.holesSkipped, g.dilation.text)) }
        return s
    }

    /// The window's taps that read padding (every channel's window reads the same cells), counted from the
    /// geometry: no channel's taps are built for it.
    private func paddingTaps() -> Int {
        let (kh, kw) = (l.kernel.height, l.kernel.width)
        let (rows, cols) = (g.rows, g.cols)
        if let eq = source.equivalent {
            var pads = 0
            for u in 0..<kh {
                let iy = rows.cell(window: st.oy, tap: u)
                for v in 0..<kw where eq.kind(y: iy, x: cols.cell(window: st.ox, tap: v)) == .padding { pads += 1 }
            }
            return pads
        }
        let (h, w) = (l.input.height, l.input.width)
        var insideRows = 0
        var insideCols = 0
        for u in 0..<kh {
            let iy = rows.cell(window: st.oy, tap: u)
            if iy >= 0 && iy < h { insideRows += 1 }
        }
        for v in 0..<kw {
            let ix = cols.cell(window: st.ox, tap: v)
            if ix >= 0 && ix < w { insideCols += 1 }
        }
        return kh * kw - insideRows * insideCols
    }
}

/// What a window lens's narration depends on besides its slide (whose memo it keys, `Slide.narrations`): the lens
/// (its input, and its words: `extraSentences`, `closing`, `done` read the slide, the window and the language only),
/// the window, the phase's kind (position sentences, the merge, the bias), whether it is the last value, the
/// language.
struct WindowNarrationKey: Equatable {
    let lens: LensName
    let window: Int
    let kind: Int
    let ends: Bool
    let language: Language
}
