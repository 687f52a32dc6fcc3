import ConvModel
import ScenarioFormat

/// A broken rule as the interface says it: the field, then the rule in the interface's language (`GeometryError`'s
/// `rule` filled into a template of `Words`); the model's English message when the rule has no template.
func ruleText(_ e: GeometryError, language t: Language) -> String {
    let field = fieldWords[e.field].map { t($0) } ?? e.field
    guard let rule = e.rule, let word = ruleWords[rule.name] else { return field + t(.ruleFieldSeparator) + e.message }
    let values = rule.values.map { v in valueWords[v].map { t($0) } ?? v }
    // A rule whose sentence names its own subject ("the kernel (8×8) is larger…") goes without the field.
    let prefix = selfNamed.contains(rule.name) ? "" : field + t(.ruleFieldSeparator)
    return prefix + t.filled(word, values)
}

private let selfNamed: Set<String> = ["kernelLarger", "outputSide", "outputElements", "multiplyAdds"]

private let fieldWords: [String: Word] = [
    "input": .rowInputName, "kernel": .rowKernelName, "padding": .rowPaddingName, "stride": .rowStrideName,
    "dilation": .rowDilationName, "output_padding": .rowOutputPaddingName,
]

/// Words a rule names among its values: the things counted, the axes.
private let valueWords: [String: Word] = [
    "rows": .ruleRows, "columns": .ruleColumns, "channels": .ruleChannels, "filters": .ruleFilters,
    "height": .ruleHeight, "width": .ruleWidth,
]

private let ruleWords: [String: Word] = [
    "kernelLarger": .ruleKernelLarger, "outputPaddingZero": .ruleOutputPaddingZero,
    "outputPaddingRange": .ruleOutputPaddingRange, "cropsAll": .ruleCropsAll,
    "outputPaddingConv": .ruleOutputPaddingConv,
    "outputSide": .ruleOutputSide, "outputElements": .ruleOutputElements, "multiplyAdds": .ruleMultiplyAdds,
    "countTooSmall": .ruleCountTooSmall, "countOver": .ruleCountOver, "elementsOver": .ruleElementsOver,
    "valueTooSmall": .ruleValueTooSmall, "valueOver": .ruleValueOver, "fullOver": .ruleFullOver,
    "sameTransposed": .ruleSameTransposed, "sameStride": .ruleSameStride, "sameOver": .ruleSameOver,
]
