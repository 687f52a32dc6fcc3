import ScenarioFormat
import Testing

@Suite struct JSONParserTests {
    func parseError(_ s: String) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(Array(s.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// A syntax error's place and English message.
    struct Located: Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    func located(_ s: String) -> Located? {
        parseError(s).map { Located(line: $0.line, column: $0.column, message: $0.message) }
    }

    @Test func positions() {
        let trailing = "unexpected ']' after ',', expected a value; JSON allows no trailing comma"
        #expect(located("{\n  \"a\": [1, 2,]\n}") == Located(line: 2, column: 14, message: trailing))
        #expect(parseError("{\"a\": 1, \"a\": 2}")?.message == "duplicate key 'a'")
        #expect(parseError("[NaN]")?.message == "NaN and Infinity are not JSON numbers; write a finite number")
        #expect(located("[1e400]") == Located(line: 1, column: 2, message: "number 1e400 is out of range"))
        #expect(parseError("[1e400]")?.problem == .numberOutOfRange("1e400"))
        #expect(parseError(String(repeating: "[", count: 40))?.message == "nesting deeper than 32 levels")
        #expect(parseError("[\"\u{1}\"]") != nil)
        #expect(parseError("[01]")?.message == "numbers must not have leading zeros")
    }

    @Test func invalidUTF8() {
        do {
            _ = try JSONParser.parse([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D])
            Issue.record("accepted")
        } catch {
            #expect(error.message == "the file is not valid UTF-8 text (byte 0xC3); save it as UTF-8")
            #expect(error.column == 3)
        }
    }

    @Test func strings() throws {
        let node = try JSONParser.parse(Array("{\"t\": \"a\\u00e9\\ud83d\\ude00\\n卷积\"}".utf8))
        guard case .string(let s) = node["t"]?.value else {
            Issue.record("not a string")
            return
        }
        #expect(s == "aé😀\n卷积")
    }
    /// A word where a value belongs: NaN and Infinity (in any spelling) are called what they are; other words are
    /// named, with the usual cause (Python's None/True/False, JavaScript's undefined, an unquoted string).
    @Test func wordsThatAreNotValues() {
        let nan = "NaN and Infinity are not JSON numbers; write a finite number"
        for word in ["NaN", "Infinity", "-Infinity", "nan", "-inf", "inf", "-NaN", "INFINITY"] {
            #expect(parseError("[\(word)]")?.message == nan, "\(word)")
        }
        let none = "invalid literal 'None': Python's None is written null in JSON"
        #expect(parseError("[None]")?.message == none)
        #expect(located("{\"a\": None}") == Located(line: 1, column: 7, message: none))
        for word in ["NULL", "Null", "nil", "NIL"] {
            #expect(parseError("[\(word)]")?.message == "invalid literal '\(word)': write null (lower case)", "\(word)")
        }
        for word in ["True", "TRUE", "False", "FALSE"] {
            #expect(
                parseError("[\(word)]")?.message
                    == "invalid literal '\(word)': JSON's booleans are true and false (lower case)", "\(word)")
        }
        #expect(
            parseError("[undefined]")?.message
                == "invalid literal 'undefined': JSON has no undefined; write null or leave the field out")
        #expect(parseError("[tru]")?.message == "invalid literal 'tru', expected 'true'")
        #expect(parseError("[fals]")?.message == "invalid literal 'fals', expected 'false'")
        #expect(parseError("[nul]")?.message == "invalid literal 'nul', expected 'null'")
        let conv = "unexpected word 'conv', expected a value; write text in double quotes (\"conv\")"
        #expect(parseError("{\"op\": conv}")?.message == conv)
        #expect(parseError("[Nope]")?.message.hasPrefix("unexpected word 'Nope', expected a value") == true)
        #expect(parseError("[-Nope]")?.message == "invalid number: expected a digit after '-'")
        // A long word is cut in the message.
        let long = parseError("[" + String(repeating: "x", count: 100) + "]")?.message ?? ""
        #expect(long.count < 150 && long.contains("…"), "\(long)")
    }

    /// Single quotes, a leading + and a leading . are named with their fix.
    @Test func quotesAndSigns() {
        #expect(
            parseError("['conv']")?.message
                == "unexpected \"'\", expected a value; JSON strings need double quotes (\")")
        #expect(
            parseError("{'op': 1}")?.message
                == "unexpected \"'\", expected a key in double quotes; JSON strings need double quotes (\")")
        #expect(parseError("[+1]")?.message == "unexpected '+', expected a value; JSON numbers have no '+' sign")
        #expect(parseError("[.5]")?.message == "unexpected '.', expected a value; write a digit before '.' (0.5)")
    }
}
