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
    // The parameter panel's joined problems, and the field names a rule's message starts with.
    case panelJoin
    case ruleFieldSeparator, rowInputName, rowKernelName, rowPaddingName, rowStrideName, rowDilationName
    case rowOutputPaddingName
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
    case relationshipNumber, relationshipNamed, relationshipDilatedKernel
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

    /// `word` in this language: a template without arguments reads as it is written.
    public func callAsFunction(_ word: Word) -> String { template(word) }

    /// `word` in this language with one argument substituted (no boxing, no array of arguments).
    public func callAsFunction(_ word: Word, _ a: some CustomStringConvertible) -> String {
        let a = a.description
        return parsed(word).fill(count: 1) { _ in a }
    }

    /// `word` in this language with two arguments substituted.
    public func callAsFunction(
        _ word: Word, _ a: some CustomStringConvertible, _ b: some CustomStringConvertible
    ) -> String {
        let (a, b) = (a.description, b.description)
        return parsed(word).fill(count: 2) { $0 == 0 ? a : b }
    }

    /// `word` in this language with three arguments substituted.
    public func callAsFunction(
        _ word: Word, _ a: some CustomStringConvertible, _ b: some CustomStringConvertible,
        _ c: some CustomStringConvertible
    ) -> String {
        let (a, b, c) = (a.description, b.description, c.description)
        return parsed(word).fill(count: 3) { $0 == 0 ? a : ($0 == 1 ? b : c) }
    }

    /// `word` in this language with `args` substituted.
    public func callAsFunction(_ word: Word, _ args: any CustomStringConvertible...) -> String {
        let texts = args.map(\.description)
        return parsed(word).fill(count: texts.count) { texts[$0] }
    }

    /// The template of `word`, split into its parts once.
    func parsed(_ word: Word) -> Template {
        switch self {
        case .en: Words.englishParsed[word.ordinal]
        case .zh: Words.chineseParsed[word.ordinal]
        }
    }
}

/// A template split once into text and placeholders, so that filling it copies byte ranges and the arguments'
/// bytes (no scan of the template for braces). A placeholder is `{n}` (argument n) or `{sn}` ("s" unless argument n
/// is "1"); one whose argument is not given, and any other braces, stay as they are written.
struct Template {
    /// Byte ranges of `bytes`: nothing to retain or release when parts are read or the table is dropped.
    enum Part {
        case text(Range<Int>)
        /// Argument `index`, or its plural "s" when `plural`; the braces as written (`raw`) without it.
        case argument(index: Int, plural: Bool, raw: Range<Int>)
    }

    let text: String
    let bytes: [UInt8]
    /// Empty when the template has no braces (it reads as it is).
    let parts: [Part]
    /// The bytes of the text parts.
    let textBytes: Int

    init(_ template: String) {
        text = template
        let t = Array(template.utf8)
        bytes = t
        var parts: [Part] = []
        var textBytes = 0
        var start = 0
        var i = 0
        while i < t.count, let open = t[i...].firstIndex(of: 0x7B) {
            guard let close = t[(open + 1)...].firstIndex(of: 0x7D) else { break }
            let plural = t[open + 1] == 0x73
            if let n = Words.argument(t[(plural ? open + 2 : open + 1)..<close]) {
                if open > start { parts.append(.text(start..<open)) }
                textBytes += open - start
                parts.append(.argument(index: n, plural: plural, raw: open..<(close + 1)))
                start = close + 1
            }
            i = close + 1
        }
        if !parts.isEmpty && start < t.count {
            parts.append(.text(start..<t.count))
            textBytes += t.count - start
        }
        self.parts = parts
        self.textBytes = textBytes
    }

    /// The template with argument i read as `arg(i)` for i below `count`.
    func fill(count: Int, _ arg: (Int) -> String) -> String {
        guard !parts.isEmpty else { return text }
        var total = textBytes
        for part in parts {
            guard case .argument(let index, let plural, let raw) = part else { continue }
            total += index >= count ? raw.count : (plural ? 1 : arg(index).utf8.count)
        }
        return String(unsafeUninitializedCapacity: total) { out in
            bytes.withUnsafeBufferPointer { t in
                var n = 0
                func copy(_ from: UnsafeRawBufferPointer) {
                    guard let base = from.baseAddress, !from.isEmpty else { return }
                    UnsafeMutableRawPointer(out.baseAddress! + n).copyMemory(from: base, byteCount: from.count)
                    n += from.count
                }
                for part in parts {
                    switch part {
                    case .text(let r): copy(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: t[r])))
                    case .argument(let index, let plural, let raw):
                        if index >= count {
                            copy(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: t[raw])))
                        } else if !plural {
                            var a = arg(index)
                            a.withUTF8 { copy(UnsafeRawBufferPointer($0)) }
                        } else if arg(index) != "1" {
                            out[n] = 0x73
                            n += 1
                        }
                    }
                }
                return n
            }
        }
    }

    /// Writes the template into `s`, for a line written as bytes (`TextBytes`): its text as it is, and argument i
    /// below `count` by `argument(i, &s)`; a placeholder whose argument is not given stays as written, as in `fill`.
    /// A plural `{sn}` writes "s" unless `isOne(n)` (argument n reads "1").
    func write(
        into s: inout TextBytes, count: Int, isOne: (Int) -> Bool, argument: (Int, inout TextBytes) -> Void
    ) {
        bytes.withUnsafeBufferPointer { t in
            guard !parts.isEmpty else {
                s.append(t)
                return
            }
            for part in parts {
                switch part {
                case .text(let r): s.append(UnsafeBufferPointer(rebasing: t[r]))
                case .argument(let index, let plural, let raw):
                    if index >= count {
                        s.append(UnsafeBufferPointer(rebasing: t[raw]))
                    } else if !plural {
                        argument(index, &s)
                    } else if !isOne(index) {
                        s.append("s")
                    }
                }
            }
        }
    }
}

/// The two tables, and the substitution of arguments.
public enum Words {
    /// The templates by `Word.ordinal`, each language's entry or its fallback (English, then the key).
    static let englishTemplates: [String] = Word.allCases.map { english[$0] ?? $0.rawValue }
    static let chineseTemplates: [String] = Word.allCases.map { chinese[$0] ?? english[$0] ?? $0.rawValue }
    /// The same, split into parts.
    static let englishParsed: [Template] = englishTemplates.map(Template.init)
    static let chineseParsed: [Template] = chineseTemplates.map(Template.init)

    /// Replaces `{n}` by argument n and `{sn}` by "s" unless argument n is "1"; any other braces stay as they are.
    /// For the tests of `Template` (the program fills the tables' templates, parsed once).
    static func fill(_ template: String, _ args: [String]) -> String {
        Template(template).fill(count: args.count) { args[$0] }
    }

    /// The argument number written in `digits` (ASCII digits only).
    fileprivate static func argument(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 18 else { return nil }
        var n = 0
        for d in digits {
            guard d >= 0x30 && d <= 0x39 else { return nil }
            n = n * 10 + Int(d - 0x30)
        }
        return n
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
