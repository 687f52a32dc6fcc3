import ScenarioFormat
import Testing

@testable import Animator

/// The word tables: every key in both languages, with the same arguments.
@Suite struct WordsTests {
    @Test func everyWordHasBothLanguages() {
        let missingEnglish = Word.allCases.filter { Words.english[$0] == nil }
        let missingChinese = Word.allCases.filter { Words.chinese[$0] == nil }
        #expect(missingEnglish.isEmpty, "no English entry: \(missingEnglish)")
        #expect(missingChinese.isEmpty, "no Chinese entry: \(missingChinese)")
    }

    @Test func bothLanguagesTakeTheSameArguments() {
        for word in Word.allCases {
            let en = Words.placeholders(Language.en.template(word)).filter { !$0.hasPrefix("{s") }
            let zh = Words.placeholders(Language.zh.template(word)).filter { !$0.hasPrefix("{s") }
            // Plurals ({s0}) are English only; every argument English uses, Chinese uses too.
            let enArgs = Set(
                en.union(
                    Words.placeholders(Language.en.template(word)).filter { $0.hasPrefix("{s") }
                        .map { "{" + $0.dropFirst(2) }))
            #expect(zh.isSubset(of: enArgs) && en.isSubset(of: zh.union(enArgs)), "\(word): \(en) / \(zh)")
        }
    }

    @Test func argumentsAndPlurals() {
        #expect(Language.en(.zerosInserted, 1) == "1 zero inserted")
        #expect(Language.en(.zerosInserted, 2) == "2 zeros inserted")
        #expect(Language.zh(.zerosInserted, 2) == "插零 2，暗色")
        #expect(Language.en(.stepCounter, 3, 9) == "step 3/9")
        #expect(
            Language.en(.windowAt, 3, "0–2", 1, "4", "padded ") == "Window on rows 0–2, column 4 of the padded input")
        #expect(Language.en.other == .zh && Language.zh.other == .en)
    }

    /// The templates are read by the case's ordinal, which must be its place in `allCases`.
    @Test func ordinalsArePlacesInAllCases() {
        for (i, word) in Word.allCases.enumerated() {
            #expect(word.ordinal == i, "\(word)")
            #expect(Language.en.template(word) == Words.english[word])
            #expect(Language.zh.template(word) == Words.chinese[word] ?? Words.english[word])
        }
    }

    /// Substitution on the bytes: arguments of any length and script, repeated ones, plurals, and braces that are
    /// no placeholder left as they are.
    @Test func fillKeepsWhatIsNoPlaceholder() {
        #expect(Words.fill("no braces", ["x"]) == "no braces")
        #expect(Words.fill("{0} and {0}{1}", ["卷积核", "–"]) == "卷积核 and 卷积核–")
        #expect(Words.fill("{0} cell{s0}, {1} tap{s1}", ["1", "12"]) == "1 cell, 12 taps")
        #expect(Words.fill("{} {s} {x} {2} {s3} {01}", ["a", "b"]) == "{} {s} {x} {2} {s3} b")
        #expect(Words.fill("a {0", ["b"]) == "a {0")
        #expect(Words.fill("{{0}} {", ["b"]) == "{{0}} {")
        #expect(Words.fill("{0}", []) == "{0}")
        #expect(Words.fill("窗口 {0}，{1}。", ["2–4", ""]) == "窗口 2–4，。")
    }

    /// `Template.write` (a line written as bytes, the arguments by the caller) writes what `fill` makes: every
    /// template of both tables and the odd braces above, with arguments of one or several bytes, "1" (a plural's
    /// "s" left out), fewer arguments than placeholders and none.
    @Test func writeMatchesFill() {
        let odd = [
            "no braces", "{0} and {0}{1}", "{0} cell{s0}, {1} tap{s1}", "{} {s} {x} {2} {s3} {01}", "a {0", "{{0}} {",
            "{0}", "",
        ]
        let arguments = [["1", "12", "卷积核"], ["2", "1"], ["x"], []]
        for template in Words.englishTemplates + Words.chineseTemplates + odd {
            for args in arguments {
                var s = TextBytes(capacity: 1)
                Template(template).write(
                    into: &s, count: args.count, isOne: { args[$0] == "1" }, argument: { i, s in s.append(args[i]) })
                #expect(s.string == Words.fill(template, args), "\(template) \(args)")
            }
        }
    }

    /// The scatter lens's stamp line: an argument used twice is written twice, by the caller, in place.
    @Test func writeLetsTheCallerWriteEachArgument() {
        var s = TextBytes(capacity: 8)
        func argument(_ i: Int, _ s: inout TextBytes) {
            if i == 0 {
                s.append(2)
                s.append(",")
                s.append(3)
            } else {
                s.append(number: -1.5)
            }
        }
        Language.en.parsed(.scattersOne).write(into: &s, count: 2, isOne: { _ in false }, argument: argument)
        #expect(s.string == "in[2,3] = -1.5 scatters -1.5 × kernel into")
    }

    /// The seed notes' Chinese terms are the ones the interface uses.
    @Test func chineseUsesTheSeedTerms() {
        let all = Words.chinese.values.joined(separator: "\n")
        for term in ["卷积核", "步长", "填充", "空洞", "感受野", "转置卷积", "权值共享", "偏置", "通道"] {
            #expect(all.contains(term), "\(term)")
        }
    }
}
