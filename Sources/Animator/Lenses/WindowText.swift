import ConvModel
import ScenarioFormat

/// The arithmetic and the narration of a window lens's step.
extension WindowStep {
    /// out[1,1], or out[f][1,1] with several filters.
    var outName: String { K > 1 ? "out[\(st.filter)][\(st.oy),\(st.ox)]" : "out[\(st.oy),\(st.ox)]" }

    /// `x⋅w + x⋅w + …` of the first `n` taps of channel `c`, written as bytes and made a string once.
    private func products(_ c: Int, _ n: Int) -> String {
        var s = TextBytes(capacity: n * 16)
        for (i, tap) in st.taps[c].prefix(n).enumerated() {
            if i > 0 { s.append(" + ") }
            s.append(term: tap.x)
            s.append("⋅")
            s.append(term: tap.w)
        }
        return s.string
    }

    /// The sum this phase shows, with its result.
    func arithmetic() -> [GridLook] {
        switch phase {
        case .whole:
            let bias = st.bias == 0 ? "" : " + \(term(st.bias))"
            return [
                GridLook(text: "\(outName) = \(products(0, taps))\(bias) = \(Num.display(st.value))", style: .formula)
            ]
        case .tap(let c, let i):
            let prefix = C > 1 ? t(.channelPrefix, c) : "\(outName) = "
            let sum = st.sum(channel: c, taps: i + 1)
            let more = i + 1 < taps
            let text =
                prefix + products(c, i + 1) + (more ? " + …" : "") + " = \(Num.display(sum))"
                + (more ? t(.soFar) : "")
            return [GridLook(text: text, style: .formula)]
        case .channel(let c):
            let text = t(.channelPrefix, c) + "\(products(c, taps)) = \(Num.display(st.partials[c]))"
            return [GridLook(text: text, style: .formula)]
        case .merge:
            let sum = st.partials.map(Num.display).joined(separator: " + ")
            return [GridLook(text: t(.mergeLine, sum, Num.display(st.merged)), style: .formula)]
        case .bias:
            let merged = C > 1 ? Num.display(st.merged) : products(0, taps)
            let text = t(.biasLine, outName, merged, term(st.bias), Num.display(st.value))
            return [GridLook(text: text, style: .formula)]
        }
    }

    /// Where the window is and what its taps read; then the lens's sentences, the end, and the closing
    /// paragraph.
    func narration(extra: [String], closing: String?, done: String) -> String {
        var s: [String] = []
        switch phase {
        case .merge: s.append(t(.mergeSentence))
        case .bias: s.append(t(.biasSentence))
        default: s += positionSentences()
        }
        s += extra
        if window == trace.count - 1 && complete { s.append(done) }
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
        // Padding taps of one channel (every channel's window reads the same cells).
        let pads = st.taps[0].filter { tap in
            if let eq = source.equivalent { return eq.kind(y: tap.iy, x: tap.ix) == .padding }
            return tap.kind == .padding
        }.count
        if pads == 1 { s.append(t(.paddingTapOne)) }
        if pads > 1 { s.append(t(.paddingTaps, pads)) }
        if g.dilation != Pair(both: 1) { s.append(t(.holesSkipped, g.dilation.text)) }
        return s
    }
}
