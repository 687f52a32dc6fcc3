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

    @Test func positions() {
        let trailing = "unexpected ']' after ',', expected a value; JSON allows no trailing comma"
        #expect(parseError("{\n  \"a\": [1, 2,]\n}") == JSONSyntaxError(line: 2, column: 14, message: trailing))
        #expect(parseError("{\"a\": 1, \"a\": 2}")?.message == "duplicate key 'a'")
        #expect(parseError("[NaN]")?.message == "NaN and Infinity are not JSON numbers; write a finite number")
        #expect(
            parseError("[1e400]")
                == JSONSyntaxError(
                    kind: .numberOutOfRange, line: 1, column: 2,
                    message: "number 1e400 is out of range"))
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
}
