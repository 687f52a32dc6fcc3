import ConvModel
import ScenarioFormat

/// The size formulas with the scenario's numbers substituted, as a student would write them.
enum Formulas {
    /// One axis of a direct convolution: `⌊(5 + 2⋅1 − 3)/2⌋ + 1 = 3`.
    static func convAxis(
        input: Int, before: Int, after: Int, kernel: Int, dilation: Int, stride: Int, output: Int, ascii: Bool = false
    ) -> String {
        let pad = before == after ? "2⋅\(before)" : "\(before) + \(after)"
        let k = dilation == 1 ? "\(kernel)" : "\(dilation * (kernel - 1) + 1)"
        return floor("(\(input) + \(pad) − \(k))/\(stride)", ascii: ascii) + " + 1 = \(output)"
    }

    /// ⌊x⌋, or floor(x) where the floor brackets cannot be drawn (they would read as [x]).
    static func floor(_ x: String, ascii: Bool) -> String { ascii ? "floor(\(x))" : "⌊\(x)⌋" }

    /// The lines for a direct convolution: the effective kernel when dilated, W2, H2 and D2. They change with the
    /// layer, not the step: remembered by everything they are made of.
    static func conv(_ l: ConvLayer, mode: PaddingMode, language t: Language = .en, ascii: Bool = false) -> [String] {
        memo.value(Key(l, mode: mode, language: t, ascii: ascii)) {
            convLines(l, mode: mode, language: t, ascii: ascii)
        }
    }

    private static func convLines(_ l: ConvLayer, mode: PaddingMode, language t: Language, ascii: Bool) -> [String] {
        let g = l.geometry
        let p = g.padding
        var lines: [String] = []
        if g.dilation != Pair(both: 1) {
            let kh = "\(g.dilation.h)⋅(\(g.kernelSize.h) − 1) + 1 = \(g.effectiveKernel.h)"
            let kw = "\(g.dilation.w)⋅(\(g.kernelSize.w) − 1) + 1 = \(g.effectiveKernel.w)"
            let span = t(.dilatedSpan, "\(g.effectiveKernel.h)×\(g.effectiveKernel.w)")
            lines.append(kh == kw ? "F′ = d⋅(F − 1) + 1 = \(kh)" + span : "F′h = \(kh)   F′w = \(kw)")
        }
        let w = convAxis(
            input: g.inputSize.w, before: p.left, after: p.right, kernel: g.kernelSize.w, dilation: g.dilation.w,
            stride: g.stride.w, output: g.outputSize.w, ascii: ascii)
        let h = convAxis(
            input: g.inputSize.h, before: p.top, after: p.bottom, kernel: g.kernelSize.h, dilation: g.dilation.h,
            stride: g.stride.h, output: g.outputSize.h, ascii: ascii)
        let kname = g.dilation == Pair(both: 1) ? "F" : "F′"
        // With a stride the division can leave a fraction: say once what the brackets do.
        let note = g.stride != Pair(both: 1) && !ascii ? t(.floorNote) : ""
        lines.append("W2 = " + floor("(W1 + 2P − \(kname))/S", ascii: ascii) + " + 1 = \(w)" + note)
        let hLine = h == w ? "H2 = \(g.outputSize.h)" : "H2 = \(h)"
        var last = "\(hLine)     D2 = K = \(l.kernel.filters)"
        // How the padding mode chose P, on the shorter line.
        switch mode {
        case .same: last += t(.sameExplained)
        case .full: last += t(.fullExplained)
        case .explicit, .valid: break
        }
        lines.append(last)
        return lines
    }

    /// One axis of a transposed convolution: `(3 − 1)⋅2 − 2⋅1 + 1⋅(3 − 1) + 0 + 1 = 5`.
    static func transposedAxis(
        input: Int, before: Int, after: Int, kernel: Int, dilation: Int, stride: Int, outputPadding: Int, output: Int
    ) -> String {
        let pad = before == after ? "2⋅\(before)" : "\(before) − \(after)"
        return "(\(input) − 1)⋅\(stride) − \(pad) + \(dilation)⋅(\(kernel) − 1) + \(outputPadding) + 1 = \(output)"
    }

    /// The lines for a transposed convolution: W2 and H2, the general law, and where the notes come from, as lines
    /// under the grids (the scatter and upsample lenses). They change with the layer, not the step: remembered as
    /// `conv`'s are.
    static func transposed(_ l: ConvLayer, language t: Language = .en) -> [GridLook] {
        let key = Key(l, mode: nil, language: t, ascii: false)
        return transposedMemo.value(key) { transposedLines(key).map { GridLook(text: $0, style: .normal) } }
    }

    /// The transposed lines of the layer `k` describes (all they are made of is in the key: a step that finds them
    /// remembered copies no layer).
    private static func transposedLines(_ k: Key) -> [String] {
        let (p, t) = (k.padding, k.language)
        let w = transposedAxis(
            input: k.input.w, before: p.left, after: p.right, kernel: k.kernel.w, dilation: k.dilation.w,
            stride: k.stride.w, outputPadding: k.outputPadding.w, output: k.output.w)
        let h = transposedAxis(
            input: k.input.h, before: p.top, after: p.bottom, kernel: k.kernel.h, dilation: k.dilation.h,
            stride: k.stride.h, outputPadding: k.outputPadding.h, output: k.output.h)
        var lines = ["W2 = \(w)" + (h == w ? "   H2 = \(k.output.h)" : "")]
        if h != w { lines.append("H2 = \(h)") }
        lines.append(t(.generalLaw) + "W2 = (W1 − 1)⋅S − 2P + d⋅(F − 1) + op + 1     D2 = K = \(k.filters)")
        if k.dilation == Pair(both: 1) && k.outputPadding == Pair(both: 0) { lines.append(t(.notesLaw)) }
        return lines
    }

    /// What the lines are made of: the layer's sizes and settings, the padding mode (nil: the transposed lines),
    /// the language and ASCII.
    private struct Key: Equatable {
        let op: Op
        let input: Pair, kernel: Pair, effective: Pair, output: Pair
        let padding: Padding
        let stride: Pair, dilation: Pair, outputPadding: Pair
        let filters: Int
        let mode: PaddingMode?
        let language: Language
        let ascii: Bool

        init(_ l: ConvLayer, mode: PaddingMode?, language: Language, ascii: Bool) {
            let g = l.geometry
            (op, input, kernel, effective, output) = (g.op, g.inputSize, g.kernelSize, g.effectiveKernel, g.outputSize)
            (padding, stride, dilation, outputPadding) = (g.padding, g.stride, g.dilation, g.outputPadding)
            filters = l.kernel.filters
            (self.mode, self.language, self.ascii) = (mode, language, ascii)
        }
    }

    private static let memo = Memo<Key, [String]>()
    private static let transposedMemo = Memo<Key, [GridLook]>()
}
