#!/usr/bin/env python3
"""Sizes of things (issue 7): function bodies, line lengths, statements per line.

Scans the Swift files under Sources/ and Tests/ of the repository (or of --root) and reports, one line each:

    FILE:LINE: function NAME is N lines (limit 60)
    FILE:LINE: N columns (limit 120)
    FILE:LINE: more than one statement

then a summary line; exits 1 when anything was reported, 0 otherwise.

What is measured:
- Bodies: every `func`, `init`, `deinit` and `subscript` with a body, and every `let`/`var` whose declaration line
  opens a brace block (computed or observed property, closure-valued property or local such as
  `let look: (Int, Int) -> GridLook = { ... }`, or an initializer ending in a trailing closure). N counts from the
  line of the keyword to the line of the closing brace, inclusive (attributes and doc comments above are not
  counted). Nested bodies are measured on their own as well. The limit is the same for Sources/ and Tests/ (60):
  the issue makes no exception for tests.
- Columns: Unicode code points per line, without the line break; a CJK character counts 1, as in swift-format's
  own line-length measure (so the formatter and this check agree on which lines are too long).
- Statements: a `;` in code (not in a string literal or a comment) means a line joins statements.

`--counts` prints only the totals, plus two figures of the code base's language and operation tests in Sources/
(`zh ?` ternaries; `op == .`, `op != .`, `x.op == .`, `x.op != .` comparisons), and exits 0.
`--longest N` lists the N longest bodies.

String literals ("...", multi-line \"\"\"...\"\"\", raw #"..."#, with interpolations \\( ... ) scanned as code) and
comments (//, nested /* */) are blanked before braces and semicolons are looked at. Regex literals are not
handled (the code base has none).
"""

import argparse
import os
import re
import sys
import time

FUNC_LIMIT = 60
TEST_FUNC_LIMIT = 60
COLUMN_LIMIT = 120

# Words that, met at nesting depth 0 while looking for a func's body brace, show the func has no body
# (a protocol requirement): the next declaration has started.
STOP_WORDS = {
    "func", "var", "let", "init", "deinit", "subscript", "case", "static", "class", "struct", "enum", "protocol",
    "extension", "typealias", "associatedtype", "public", "private", "fileprivate", "internal", "open",
    "mutating", "nonmutating", "override", "final", "convenience", "required", "import", "actor",
}
MODIFIERS = re.compile(
    r"^(\s*(@\w+(\([^)]*\))?|(private|fileprivate|internal|public|open)(\(set\))?|static|class|lazy|weak|unowned"
    r"|final|override|nonisolated|dynamic|mutating|nonmutating))*\s*$"
)
DECL = re.compile(r"\b(func|init|deinit|subscript|let|var)\b")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def blank(src):
    """The source with string-literal contents and comments replaced by spaces (line breaks kept), so that braces,
    parentheses and semicolons in what remains are code. Interpolated expressions stay (they are code)."""
    out = list(src)
    n = len(src)

    def put_blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    def code(i, in_interpolation):
        """Scan code from i; in an interpolation, stop after its closing parenthesis. Returns the next index."""
        depth = 0
        while i < n:
            c = src[i]
            if c == "/" and i + 1 < n and src[i + 1] == "/":
                j = src.find("\n", i)
                j = n if j < 0 else j
                put_blank(i, j)
                i = j
            elif c == "/" and i + 1 < n and src[i + 1] == "*":
                i = block_comment(i)
            elif c == '"' or (c == "#" and re.match(r'#+"', src[i:i + 8])):
                i = string(i)
            elif in_interpolation and c == "(":
                depth += 1
                i += 1
            elif in_interpolation and c == ")":
                if depth == 0:
                    return i + 1
                depth -= 1
                i += 1
            else:
                i += 1
        return i

    def block_comment(i):
        start, level = i, 0
        while i < n:
            if src.startswith("/*", i):
                level += 1
                i += 2
            elif src.startswith("*/", i):
                level -= 1
                i += 2
                if level == 0:
                    break
            else:
                i += 1
        put_blank(start, i)
        return i

    def string(i):
        hashes = 0
        while src[i] == "#":
            hashes += 1
            i += 1
        multiline = src.startswith('"""', i)
        i += 3 if multiline else 1
        close = ('"""' if multiline else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        seg = i
        while i < n:
            if src.startswith(escape, i):
                j = i + len(escape)
                if j < n and src[j] == "(":
                    put_blank(seg, i)
                    i = code(j + 1, True)
                    seg = i
                else:
                    i = j + 1
            elif src.startswith(close, i):
                put_blank(seg, i)
                return i + len(close)
            elif src[i] == "\n" and not multiline:
                break  # unterminated: do not let it swallow the file
            else:
                i += 1
        put_blank(seg, i)
        return i

    code(0, False)
    return "".join(out)


def line_starts(text):
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def line_of(starts, pos):
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def brace_pairs(code):
    pairs, stack = {}, []
    for m in re.finditer(r"[{}]", code):
        if m.group() == "{":
            stack.append(m.start())
        elif stack:
            pairs[stack.pop()] = m.start()
    return pairs


def find_body(code, i, stop_at_newline):
    """From i, the index of the body's opening brace at bracket depth 0, or None if the declaration has none."""
    depth = 0
    n = len(code)
    while i < n:
        c = code[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0:
            if c == "{":
                return i
            if c in "};":
                return None
            if c == "\n" and stop_at_newline:
                return None
            if c.isalpha() or c in "_@":
                m = WORD.match(code, i + 1 if c == "@" else i)
                if m and (c == "@" or m.group() in STOP_WORDS):
                    return None
                i = m.end() if m else i + 1
                continue
        i += 1
    return None


def bodies(code, starts):
    """(line, name, length) of every measured body."""
    pairs = brace_pairs(code)
    lines = code.split("\n")
    found = []
    for m in DECL.finditer(code):
        kw, end = m.group(1), m.end()
        before = code[max(0, m.start() - 40):m.start()].rstrip(" \t")
        if before.endswith(".") or before.endswith("\\"):
            continue  # .init(...), super.init, a key path
        line = line_of(starts, m.start())
        if kw == "func":
            nm = re.match(r"\s+([^\s(<]+)", code[end:])
            name = nm.group(1) if nm else "?"
            brace = find_body(code, end + (nm.end() if nm else 0), False)
        elif kw in ("init", "subscript"):
            if not re.match(r"[?!]?\s*[(<]", code[end:]):
                continue
            name = kw
            brace = find_body(code, end, False)
        elif kw == "deinit":
            name = kw
            brace = find_body(code, end, False)
        else:
            # let/var: only as the first word of a statement (not `if let`, `case let`, `guard var`, ...)
            head = lines[line - 1][: m.start() - starts[line - 1]]
            if not MODIFIERS.match(head):
                continue
            k = line - 2
            while k >= 0 and not lines[k].strip():
                k -= 1
            prev = lines[k].rstrip() if k >= 0 else ""
            if re.search(r"(,|&&|\|\||\(|\bif|\bguard|\bwhile|\bcase|=)$", prev):
                continue  # a condition list or expression continued from the line above
            nm = re.match(r"\s+(\([^)]*\)|[A-Za-z_][A-Za-z0-9_]*)", code[end:])
            name = nm.group(1) if nm else "?"
            brace = find_body(code, end, True)
        if brace is None or brace not in pairs:
            continue
        found.append((line, name, line_of(starts, pairs[brace]) - line + 1))
    return found


OP_TEST = re.compile(r"(?<![A-Za-z0-9_])op\s*[!=]=\s*\.")
ZH_TERNARY = re.compile(r"(?<![A-Za-z0-9_])zh\s*\?")


def scan(path, rel, func_limit):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    code = blank(src)
    starts = line_starts(src)
    result = {"long_funcs": [], "long_lines": [], "multi": [], "bodies": [], "zh": 0, "op": 0}
    for i, line in enumerate(src.split("\n"), 1):
        width = len(line.rstrip("\r"))
        if width > COLUMN_LIMIT:
            result["long_lines"].append(f"{rel}:{i}: {width} columns (limit {COLUMN_LIMIT})")
    for i, line in enumerate(code.split("\n"), 1):
        if ";" in line:
            result["multi"].append(f"{rel}:{i}: more than one statement")
    for line, name, length in bodies(code, starts):
        result["bodies"].append((length, rel, line, name))
        if length > func_limit:
            result["long_funcs"].append(f"{rel}:{line}: function {name} is {length} lines (limit {func_limit})")
    result["zh"] = len(ZH_TERNARY.findall(code))
    result["op"] = len(OP_TEST.findall(code))
    return result


def swift_files(root, top):
    base = os.path.join(root, top)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".swift"):
                path = os.path.join(dirpath, fn)
                yield path, os.path.relpath(path, root)


def main(argv=None):
    default_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description="Report functions over 60 lines, lines over 120 columns and lines "
                                             "with more than one statement in Sources/ and Tests/.")
    ap.add_argument("--root", default=default_root, help="repository root (default: the script's parent's parent)")
    ap.add_argument("--counts", action="store_true", help="print only the counts, exit 0")
    ap.add_argument("--longest", type=int, metavar="N", help="also list the N longest bodies")
    args = ap.parse_args(argv)

    began = time.monotonic()
    totals = {"Sources": None, "Tests": None}
    reports, all_bodies = [], []
    for top, limit in (("Sources", FUNC_LIMIT), ("Tests", TEST_FUNC_LIMIT)):
        t = {"long_funcs": 0, "long_lines": 0, "multi": 0, "zh": 0, "op": 0, "files": 0}
        for path, rel in swift_files(args.root, top):
            r = scan(path, rel, limit)
            t["files"] += 1
            for key in ("long_funcs", "long_lines", "multi"):
                t[key] += len(r[key])
            t["zh"] += r["zh"]
            t["op"] += r["op"]
            reports += r["long_funcs"] + r["long_lines"] + r["multi"]
            all_bodies += r["bodies"]
        totals[top] = t
    s, te = totals["Sources"], totals["Tests"]
    elapsed = time.monotonic() - began

    if args.longest:
        for length, rel, line, name in sorted(all_bodies, key=lambda b: (-b[0], b[1], b[2]))[: args.longest]:
            print(f"{length:5} {rel}:{line}: {name}")
    if args.counts:
        def both(key):
            return f"{s[key] + te[key]} (Sources {s[key]}, Tests {te[key]})"
        print(f"functions over {FUNC_LIMIT} lines: {both('long_funcs')}")
        print(f"lines over {COLUMN_LIMIT} columns: {both('long_lines')}")
        print(f"multi-statement lines: {both('multi')}")
        print(f"zh ternaries (zh ?) in Sources: {s['zh']}")
        print(f"op tests (op ==/!= .) in Sources: {s['op']}")
        return 0
    for line in reports:
        print(line)
    counts = (s["long_funcs"] + te["long_funcs"], s["long_lines"] + te["long_lines"], s["multi"] + te["multi"])
    print(f"check-code-size: {counts[0]} functions over {FUNC_LIMIT} lines, {counts[1]} lines over {COLUMN_LIMIT} "
          f"columns, {counts[2]} multi-statement lines in {s['files'] + te['files']} files ({elapsed:.2f} s)")
    return 1 if any(counts) else 0


if __name__ == "__main__":
    sys.exit(main())
