"""Tests for check-code-size.py: python3 -m unittest scripts/test_check_code_size.py"""

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "check-code-size.py")
_spec = importlib.util.spec_from_file_location("check_code_size", SCRIPT)
ccs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ccs)


def func(name, total_lines, header=None):
    """A func whose body spans total_lines lines, declaration and closing brace included."""
    body = [f"    let x{i} = {i}" for i in range(total_lines - 2)]
    return "\n".join([header or f"func {name}() {{"] + body + ["}"]) + "\n"


class CheckCodeSizeTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        os.makedirs(os.path.join(self.root, "Sources", "M"))
        os.makedirs(os.path.join(self.root, "Tests", "T"))

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        with open(os.path.join(self.root, rel), "w", encoding="utf-8") as f:
            f.write(text)

    def run_checker(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = ccs.main(["--root", self.root, *args])
        return code, out.getvalue().splitlines()

    def bodies(self, text):
        code = ccs.blank(text)
        return [(name, length) for _, name, length in ccs.bodies(code, ccs.line_starts(text))]

    def test_clean_tree_passes(self):
        self.write("Sources/M/a.swift", func("short", 60))
        code, out = self.run_checker()
        self.assertEqual(code, 0)
        self.assertEqual(len(out), 1)
        self.assertIn("0 functions over 60 lines, 0 lines over 120 columns, 0 multi-statement lines", out[0])

    def test_function_over_60_lines(self):
        self.write("Sources/M/a.swift", "import Foundation\n\n" + func("long", 61) + func("ok", 60))
        code, out = self.run_checker()
        self.assertEqual(code, 1)
        self.assertEqual(out[0], "Sources/M/a.swift:3: function long is 61 lines (limit 60)")
        self.assertEqual(len(out), 2)

    def test_tests_have_the_same_limit(self):
        self.write("Tests/T/t.swift", "struct S {\n" + func("testLong", 61, "    @Test func testLong() {") + "}\n")
        code, out = self.run_checker()
        self.assertEqual(code, 1)
        self.assertEqual(out[0], "Tests/T/t.swift:2: function testLong is 61 lines (limit 60)")

    def test_braces_in_strings_and_comments_are_ignored(self):
        text = "\n".join([
            "func f(xs: [Int]) -> String {",
            '    let a = "}}} {"  // } a comment {',
            "    /* { nested /* } */ { */",
            '    let b = #"raw "} { " \\(not interpolated {"#',
            '    let c = "\\(xs.map { "\\($0) }" }.joined())"',
            '    let d = """',
            "        }",
            '        a quote " and \\(xs.count) {',
            '        """',
            "    return a + b + c + d",
            "}",
            "func g() {",
            "}",
        ]) + "\n"
        self.assertEqual(self.bodies(text), [("f", 11), ("g", 2)])

    def test_declaration_kinds(self):
        text = "\n".join([
            "struct S {",
            "    init(x: Int) {",          # init: 3 lines
            "        self.init()",
            "    }",
            "    subscript(i: Int) -> Int {",  # subscript: 2
            "        i }",
            "    var size: Int {",         # computed property: 3
            "        1",
            "    }",
            "    static let table: [Int] = {",  # closure-valued property: 4
            "        var t = [1]",
            "        return t",
            "    }()",
            "    func h(_ v: Int?) {",      # h: 6, and no `if let`/`guard let` bodies
            "        if let v = v {",
            "            print(v)",
            "        }",
            "        let w = S.init(x: 1)",
            "    }",
            "}",
        ]) + "\n"
        self.assertEqual(
            self.bodies(text), [("init", 3), ("subscript", 2), ("size", 3), ("table", 4), ("h", 6)])

    def test_multiline_signature(self):
        text = "func f(\n    a: Int = 1,\n    b: () -> Void = {}\n)\n    -> Int\n{\n    a\n}\n"
        self.assertEqual(self.bodies(text), [("f", 8)])

    def test_line_length_counts_code_points(self):
        self.write("Sources/M/a.swift", "\n".join([
            "// " + "x" * 117,      # 120: fine
            "// " + "x" * 118,      # 121: reported
            '// ' + "中" * 117,      # 120 code points (234 display columns): fine
        ]) + "\n")
        code, out = self.run_checker()
        self.assertEqual(code, 1)
        self.assertEqual(out[0], "Sources/M/a.swift:2: 121 columns (limit 120)")
        self.assertEqual(len(out), 2)

    def test_semicolons_outside_strings_and_comments(self):
        self.write("Sources/M/a.swift", "\n".join([
            "func f() {",
            "    var a = 1; a += 1",
            '    let s = "a; b"  // c; d',
            "    /* e; f */",
            "}",
        ]) + "\n")
        code, out = self.run_checker()
        self.assertEqual(out[:-1], ["Sources/M/a.swift:2: more than one statement"])

    def test_counts(self):
        self.write("Sources/M/a.swift", "\n".join([
            'func f(zh: Bool, op: Op, l: L) -> String {',
            '    if op == .conv || l.op != .transposed { return zh ? "卷积" : "conv" }',
            '    let top = 1; return "zh ? op == .x"',
            "}",
        ]) + "\n")
        self.write("Tests/T/t.swift", 'let zh = true\nlet t = zh ? 1 : 2\n')
        code, out = self.run_checker("--counts")
        self.assertEqual(code, 0)
        self.assertEqual(out, [
            "functions over 60 lines: 0 (Sources 0, Tests 0)",
            "lines over 120 columns: 0 (Sources 0, Tests 0)",
            "multi-statement lines: 1 (Sources 1, Tests 0)",
            "zh ternaries (zh ?) in Sources: 1",
            "op tests (op ==/!= .) in Sources: 2",
        ])

    def test_command_line_exit_status(self):
        self.write("Sources/M/a.swift", "let a = 1; let b = 2\n")
        run = subprocess.run([sys.executable, SCRIPT, "--root", self.root], capture_output=True, text=True)
        self.assertEqual(run.returncode, 1)
        self.assertTrue(run.stdout.startswith("Sources/M/a.swift:1: more than one statement\n"))


if __name__ == "__main__":
    unittest.main()
