import ConvModel
import ScenarioFormat

/// Every message case with sample arguments, and the English the program said before messages became cases
/// (copied from the code of the time, byte for byte). `MessageTests` says each in both languages and checks that
/// no case is missing here.
enum MessageSamples {
    static let files: [(ScenarioProblem, String)] = [
        (.file(.missing(directory: false)), "no such file"),
        (.file(.missing(directory: true)), "no such directory"),
        (.file(.permissionDenied), "permission denied"),
        (.file(.linkLoop), "too many levels of symbolic links (a link that leads back to itself?)"),
        (.file(.nameTooLong), "the name is too long for the file system"),
        (.file(.notADirectoryInPath), "a part of the path is not a directory"),
        (.file(.ioError), "input/output error"),
        (.file(.tooManyFiles), "too many open files"),
        (.file(.system("invalid cross-device link")), "invalid cross-device link"),
        (.file(.wrongKind(.directory, expected: .scenarioFile)), "is a directory, expected a scenario file"),
        (.file(.wrongKind(.regularFile, expected: .directory)), "is a file, expected a directory"),
        (.file(.wrongKind(.fifo, expected: .scenarioFile)), "is a FIFO (named pipe), expected a scenario file"),
        (
            .file(.wrongKind(.characterDevice, expected: .scenarioFile)),
            "is a character device, expected a scenario file"
        ),
        (.file(.wrongKind(.blockDevice, expected: .directory)), "is a block device, expected a directory"),
        (.file(.wrongKind(.socket, expected: .directory)), "is a socket, expected a directory"),
        (.file(.wrongKind(.unknown, expected: .scenarioFile)), "is not a regular file, expected a scenario file"),
        (.file(.nameHasNUL), "the name contains a NUL byte"),
        (.file(.brokenLink("gone.json")), "is a symbolic link to a missing file (gone.json)"),
        (.file(.cannotBeRead(.ioError)), "cannot be read: input/output error"),
        (.file(.tooLarge), "the file is larger than the 1 MiB limit"),
        (.file(.empty), "the file is empty, expected a JSON object"),
        (.file(.expectedFileName), "expected a file name"),
        (.file(.alreadyExists), "already exists"),
        (
            .file(.ambiguousName(count: 4, names: ["01-a", "02-b", "03-c"], more: true)),
            "no such file, and 4 catalog names start with it (01-a, 02-b, 03-c, …); give more of the name"
        ),
        (.output(.unevenPadding), "uneven padding other than \"same\" cannot be written in a scenario file"),
        (
            .output(.tooLarge(bytes: 1_048_577, limit: 1_048_576)),
            "the numbers take 1048577 bytes, over the file limit of 1048576"
        ),
        (.output(.notReadBack), "the written file would not read back as the same scenario"),
        (.output(.nothingToSave), "nothing to save"),
        (
            .output(.matrixTooLarge(rows: 2000, columns: 1000, limit: 1_000_000)),
            "the matrix would have 2000×1000 entries, more than 1000000 (--matrix)"
        ),
    ]

    static let escapes = "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"

    static let syntax: [(SyntaxProblem, String)] = [
        (.utf16, "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"),
        (.nulByte, "the file contains a NUL byte; it looks like UTF-16 or binary data, not UTF-8 JSON text"),
        (.notUTF8(0xE9), "the file is not valid UTF-8 text (byte 0xE9); save it as UTF-8"),
        (.trailingData(.byte(UInt8(ascii: "{"))), "unexpected '{' after the end of the JSON value"),
        (
            .unexpected(.byte(UInt8(ascii: "]")), expected: .value, afterComma: true, hint: .trailingComma),
            "unexpected ']' after ',', expected a value; JSON allows no trailing comma"
        ),
        (
            .unexpected(.byte(UInt8(ascii: "/")), expected: .key, afterComma: false, hint: .comments),
            "unexpected '/', expected a key in double quotes; JSON has no comments (use a \"comment\" field)"
        ),
        (
            .unexpected(.curlyQuote("\u{201C}"), expected: .key, afterComma: false, hint: .straightQuotes),
            "unexpected curly quote '\u{201C}' (U+201C), expected a key in double quotes; "
                + "JSON needs straight double quotes (\")"
        ),
        (
            .unexpected(.byte(UInt8(ascii: "'")), expected: .key, afterComma: false, hint: .doubleQuotes),
            "unexpected \"'\", expected a key in double quotes; JSON strings need double quotes (\")"
        ),
        (
            .unexpected(.byte(UInt8(ascii: "\"")), expected: .commaOrBrace, afterComma: false, hint: .missingComma),
            "unexpected '\"', expected ',' or '}'; is a comma missing?"
        ),
        (
            .unexpected(.byte(UInt8(ascii: "+")), expected: .value, afterComma: false, hint: .plusSign),
            "unexpected '+', expected a value; JSON numbers have no '+' sign"
        ),
        (
            .unexpected(.byte(UInt8(ascii: ".")), expected: .value, afterComma: false, hint: .leadingDot),
            "unexpected '.', expected a value; write a digit before '.' (0.5)"
        ),
        (
            .unexpected(.character("é"), expected: .commaOrBracket, afterComma: false, hint: nil),
            "unexpected 'é' (U+00E9), expected ',' or ']'"
        ),
        (
            .unexpected(.byte(UInt8(ascii: "=")), expected: .colonAfterKey, afterComma: false, hint: nil),
            "unexpected '=', expected ':' after the key"
        ),
        (
            .unexpected(.byte(0x01), expected: .value, afterComma: false, hint: nil),
            "unexpected byte 0x01, expected a value"
        ),
        (.endOfFile(.expecting(.value)), "unexpected end of file, expected a value"),
        (.endOfFile(.expecting(.colon)), "unexpected end of file, expected ':'"),
        (.endOfFile(.expecting(.commaOrBracket)), "unexpected end of file, expected ',' or ']'"),
        (.endOfFile(.insideObject), "unexpected end of file inside an object"),
        (.endOfFile(.insideString), "unexpected end of file inside a string"),
        (.endOfFile(.inEscape), "unexpected end of file in \\u escape"),
        (.endOfFile(.inNumber), "unexpected end of file in a number"),
        (.tooDeep(32), "nesting deeper than 32 levels"),
        (.notANumber, "NaN and Infinity are not JSON numbers; write a finite number"),
        (.word("None", .pythonNone), "invalid literal 'None': Python's None is written null in JSON"),
        (.word("NULL", .nullCase), "invalid literal 'NULL': write null (lower case)"),
        (.word("True", .boolCase), "invalid literal 'True': JSON's booleans are true and false (lower case)"),
        (
            .word("undefined", .undefined),
            "invalid literal 'undefined': JSON has no undefined; write null or leave the field out"
        ),
        (.word("tru", .cutOff("true")), "invalid literal 'tru', expected 'true'"),
        (
            .word("conv", .unquotedValue),
            "unexpected word 'conv', expected a value; write text in double quotes (\"conv\")"
        ),
        (.word("title", .unquotedKey), "unexpected word 'title', expected a key in double quotes (\"title\")"),
        (.duplicateKey("stride"), "duplicate key 'stride'"),
        (
            .lineBreakInString,
            "line break inside a string; is its closing '\"' missing? (in text, write a line break as \\n)"
        ),
        (.controlInString(0x09), "control character byte 0x09 inside a string (write a tab as \\t)"),
        (.controlInString(0x01), "control character byte 0x01 inside a string (escape it)"),
        (.invalidEscape(UInt8(ascii: "q")), "invalid escape \\q; the escapes are " + escapes),
        (.invalidEscape(0x0A), "invalid escape \\ followed by byte 0x0A; the escapes are " + escapes),
        (.unpairedSurrogate, "unpaired surrogate in \\u escape"),
        (.invalidHexDigit, "invalid hex digit in \\u escape"),
        (.badNumber(.digitAfterMinus), "invalid number: expected a digit after '-'"),
        (.badNumber(.digitAfterDot), "invalid number: expected a digit after '.'"),
        (.badNumber(.digitInExponent), "invalid number: expected a digit in the exponent"),
        (.badNumber(.leadingZeros), "numbers must not have leading zeros"),
        (.numberOutOfRange("1e400"), "number 1e400 is out of range"),
    ]

    /// The JSON syntax problems as a scenario file's problems (a number out of range gets the scenario's range).
    static var syntaxInFiles: [(ScenarioProblem, String)] {
        syntax.map { problem, english in
            if case .numberOutOfRange = problem {
                return (.syntax(problem), english + "; numbers must be within ±1000000")
            }
            return (.syntax(problem), english)
        }
    }
}
