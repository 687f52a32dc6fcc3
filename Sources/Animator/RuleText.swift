import ConvModel
import ScenarioFormat

/// A broken rule as the parameter panel says it: the field in the interface's words, then the rule in the
/// interface's language, in its shorter panel form (`GeometryRule.inPanel`, said by `GeometryRule.text`).
func ruleText(_ e: GeometryError, language t: Language) -> String {
    let rule = e.rule.inPanel
    guard !namesItsSubject(rule) else { return rule.text(t) }
    let field = fieldWords[e.field].map { t($0) } ?? e.field
    return field + t(.ruleFieldSeparator) + rule.text(t)
}

/// A rule whose sentence names its own subject ("the kernel (8×8) is larger…") goes without the field.
private func namesItsSubject(_ rule: GeometryRule) -> Bool {
    switch rule {
    case .kernelLarger, .outputSide, .outputElements, .multiplyAdds: true
    case .outputPaddingNotZero, .outputPaddingRange, .cropsAll, .outputPaddingOnConv, .countTooSmall, .countOver,
        .elementsOver, .valueTooSmall, .valueOver, .fullOver, .sameOnTransposed, .sameStride, .sameOver,
        .channelMismatch, .biasCount, .equivalentInputOver, .equivalentWorkOver:
        false
    }
}

private let fieldWords: [String: Word] = [
    "input": .rowInputName, "kernel": .rowKernelName, "padding": .rowPaddingName, "stride": .rowStrideName,
    "dilation": .rowDilationName, "output_padding": .rowOutputPaddingName,
]
