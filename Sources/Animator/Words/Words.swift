import ConvModel
import ScenarioFormat

/// Every string of the interface, by key: `Words.english` and `Words.chinese` hold one template per key.
/// A template's `{0}` … `{9}` take the arguments in order; `{s0}` is "s" unless argument 0 is 1 (English
/// plurals). A test checks that both tables have every key and the same placeholders.
public enum Word: String, CaseIterable, Sendable {
    // Picker, title bar, too-small screen.
    case appTagline, scenarioCount, chooseScenario, stepCounter, gridsDoNotFit, enlargeTo, nowSize, quitHint
    case playedToTheEnd, noScenarios, opConv, opTransposed, versus, filterShort, viewportRows, viewportCols
    // Key bar.
    case barStep, barPlay, barTaps, barWindows, barView, barScenario, barMenu, barHelp, barQuit, barChoose, barOpen
    case barLanguage, barConvLens, barUpsampleLens, barScatterLens, barNextView
    // Help overlay.
    case helpTitle, helpNextStep, helpPreviousStep, helpFirstLast, helpPlay, helpSpeed, helpTab, helpView
    case helpScenario, helpMenu, helpLanguage, helpClick, helpClose, helpSuspend, helpQuit, helpNotes, barMore
    case notesMore, notesEnd, legendGrid, legendState, helpChoose, helpPageOfList, helpFirstLastRow, helpOpen
    // Panel titles and footers.
    case inputTitle, channelTitle, channelSuffix, plusPadding, ofTotal, upsampledTitle, zerosInserted
    case zerosInsertedPerAxis
    case borderLabel, borderCrops, partialMapTitle, mergedMapTitle, plusBiasToOutput, kernelTitle, filterSuffix,
        flippedSuffix, dilationLabel
    case biasLabel, outChannelTitle, outputTitle, inChannelTitle, scatterTitle, croppedRim, outputPaddingKept
    case contributionsTitle
    // Arithmetic lines and formulas.
    case channelPrefix, soFar, mergeLine, biasLine, convParameters, denseParameters
    case floorNote, dilatedSpan, sameExplained, fullExplained, generalLaw, notesLaw
    case cropRim, keepingOutputPadding, addOutputPadding, addBias, listComma, scattersOne, scattersMany
    case rowsColumns
    // Narration.
    case sentenceGap, fullStop, windowAt, paddedAdjective, movedRight, movedDown, paddingTapOne, paddingTaps
    case holesSkipped, mergeSentence, biasSentence, untappedSentence, doneSentence, ofFilter, sharingSentence,
        sharingMapTitle, sharingMapShared, sharingMapDense
    case sameAsScatter, differsFromScatter, upsampleExplained, overlapLegend, rimLegend, tabUpsample
    // Receptive field.
    case fieldLegend, fieldLaw, fieldLawJump, fieldJump, fieldAfter, plainStack, dilatedStack, stridesOfStack
    case kernelsOfStack, stackListSeparator, fieldBreakdownTitle, fieldLayerRow, plainClosedForm
    case doublingClosedForm, fieldShapes, barSwapStacks
    // Parameter panel.
    case barEdit, helpEditorRow, barParameter, helpEditorValue, barChange, helpEditorAxis, barAxes
    case helpEditorClose, barClose, editorTitle, rowOp, rowChannels, rowInput, rowFilters, rowKernel, rowStride
    case rowPadding, rowPaddingMode, rowDilation, rowOutputPadding, modeExplicit, modeValid, modeSame, modeFull
    case axisBoth, axisHeight, axisWidth, editorRule, editorNearest, editorLastLegal, editorTransposedOnly
    case editorEdited, helpPair, barPair, editorShapes, helpCode, barCode, helpPlayground
    case helpSave, barSave, saveAs, saveHint, saveExists, saveDone, helpSolve, barSolve, solveTitle, solveNone
    case barApply, barBack, helpSolverChoose, helpSolverWanted, helpSolverApply, helpSolverBack, barWantedSize
    // Broken rules (GeometryError.rule) in the interface's language.
    case panelJoin
    case ruleFieldSeparator, rowInputName, rowKernelName, rowPaddingName, rowStrideName, rowDilationName
    case rowOutputPaddingName, ruleRows, ruleColumns, ruleChannels, ruleFilters, ruleHeight, ruleWidth
    case ruleKernelLarger, ruleOutputPaddingZero, ruleOutputPaddingRange, ruleCropsAll, ruleOutputPaddingConv
    case ruleOutputSide, ruleOutputElements, ruleMultiplyAdds, ruleCountTooSmall, ruleCountOver, ruleElementsOver
    case ruleValueTooSmall, ruleValueOver, ruleFullOver, ruleSameTransposed, ruleSameStride, ruleSameOver
    // im2col, checkerboard, kernel flip.
    case im2colPatchTitle, im2colPatchFooter, im2colKernelTitle, im2colProductTitle, im2colLine, im2colShapes
    case im2colSentence, im2colExplained, checkerKernelFooter, checkerRowsTitle, checkerColsTitle, checkerMapTitle
    case checkerMapFooter, checkerMapSoFar, checkerProduct, checkerStampLine, checkerPeriod, checkerEven
    case checkerUneven, checkerEvenDilated, checkerUnevenDilated, checkerExplained, kernelAsStored, flipSentence
    // Matrix view.
    case matrixTitle, matrixTransposedTitle, matrixPairedTitle, matrixCount, matrixDirectSentence
    case matrixVectors, matrixPaddingSentence, matrixSharingSentence, matrixTransposedSentence, matrixLegend
    case matrixGradientTitle, matrixGradientGrid, matrixGradientCount, matrixBackwardConv, matrixBackwardTransposed
    case matrixBarGradient, matrixBarForward
    // Dumoulin & Visin's numbered relationships (ConvModel's Relationship.Kind): `Word.relationship(_:)`.
    case relationshipNumber, relationshipDilatedKernel
    case relNoPaddingUnitStrides, relPaddingUnitStrides, relHalfPadding, relFullPadding, relNoPaddingStrides
    case relPaddingStrides, relPooling, relNoPaddingUnitStridesTransposed, relPaddingUnitStridesTransposed
    case relHalfPaddingTransposed, relFullPaddingTransposed, relNoPaddingStridesTransposed
    case relPaddingStridesTransposed, relOddTransposed, relDilated
}

extension Word {
    /// The name of one of the paper's relationships.
    public static func relationship(_ kind: Relationship.Kind) -> Word {
        switch kind {
        case .noPaddingUnitStrides: .relNoPaddingUnitStrides
        case .paddingUnitStrides: .relPaddingUnitStrides
        case .halfPadding: .relHalfPadding
        case .fullPadding: .relFullPadding
        case .noPaddingStrides: .relNoPaddingStrides
        case .paddingStrides: .relPaddingStrides
        case .pooling: .relPooling
        case .noPaddingUnitStridesTransposed: .relNoPaddingUnitStridesTransposed
        case .paddingUnitStridesTransposed: .relPaddingUnitStridesTransposed
        case .halfPaddingTransposed: .relHalfPaddingTransposed
        case .fullPaddingTransposed: .relFullPaddingTransposed
        case .noPaddingStridesTransposed: .relNoPaddingStridesTransposed
        case .paddingStridesTransposed: .relPaddingStridesTransposed
        case .oddTransposed: .relOddTransposed
        case .dilated: .relDilated
        }
    }
}

extension Word {
    /// The case's position in `allCases`: a case without payload is stored as its declaration index (the Swift
    /// ABI's layout of such enums; `WordsTests` checks it against `allCases`).
    @inline(__always)
    var ordinal: Int {
        withUnsafeBytes(of: self) { $0.count == 1 ? Int($0[0]) : Int($0.load(as: UInt16.self)) }
    }
}

extension Language {
    /// The other language (the `L` key).
    public var other: Language {
        switch self {
        case .en: .zh
        case .zh: .en
        }
    }

    /// The template of `word` in this language (an array read by the case's ordinal: no hashing).
    public func template(_ word: Word) -> String {
        switch self {
        case .en: Words.englishTemplates[word.ordinal]
        case .zh: Words.chineseTemplates[word.ordinal]
        }
    }

    /// `word` in this language with `args` substituted.
    public func callAsFunction(_ word: Word, _ args: any CustomStringConvertible...) -> String {
        Words.fill(template(word), args.map(\.description))
    }

    /// `word` in this language with a list of arguments (a rule's values).
    func filled(_ word: Word, _ args: [String]) -> String { Words.fill(template(word), args) }
}

/// The two tables, and the substitution of arguments.
public enum Words {
    /// The templates by `Word.ordinal`, each language's entry or its fallback (English, then the key).
    static let englishTemplates: [String] = Word.allCases.map { english[$0] ?? $0.rawValue }
    static let chineseTemplates: [String] = Word.allCases.map { chinese[$0] ?? english[$0] ?? $0.rawValue }

    /// Replaces `{n}` by argument n and `{sn}` by "s" unless argument n is "1"; any other braces stay as they are.
    /// The braces are ASCII, so the template is read and the result written as bytes (no grapheme breaking, no
    /// appending of substrings).
    static func fill(_ template: String, _ args: [String]) -> String {
        let filled = template.utf8.withContiguousStorageIfAvailable { t -> String in
            var opens = 0
            for b in t where b == 0x7B { opens += 1 }
            guard opens > 0 else { return template }
            let longest = args.reduce(1) { max($0, $1.utf8.count) }
            return String(unsafeUninitializedCapacity: t.count + opens * longest) { out in
                var n = 0
                var i = 0
                while i < t.count {
                    guard t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D) else {
                        out[n] = t[i]
                        n += 1
                        i += 1
                        continue
                    }
                    let plural = t[i + 1] == 0x73
                    let arg = argument(t[(plural ? i + 2 : i + 1)..<close], count: args.count)
                    if let arg, plural {
                        if args[arg] != "1" {
                            out[n] = 0x73
                            n += 1
                        }
                    } else if let arg {
                        for b in args[arg].utf8 {
                            out[n] = b
                            n += 1
                        }
                    } else {
                        for b in t[i...close] {
                            out[n] = b
                            n += 1
                        }
                    }
                    i = close + 1
                }
                return n
            }
        }
        return filled ?? fill(String(decoding: Array(template.utf8), as: UTF8.self), args)
    }

    /// The argument number written in `digits` (ASCII digits only) when it is below `count`.
    private static func argument(_ digits: Slice<UnsafeBufferPointer<UInt8>>, count: Int) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var n = 0
        for d in digits {
            guard d >= 0x30 && d <= 0x39 else { return nil }
            n = n * 10 + Int(d - 0x30)
        }
        return n < count ? n : nil
    }

    /// The placeholders of a template, in order of first appearance, for the table test.
    public static func placeholders(_ template: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }
}
