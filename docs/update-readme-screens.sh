#!/usr/bin/env bash
# Fills each "<!-- screen: ARGS -->" block of README.md with the frame the real binary prints for
# `convlens ARGS` (commas in ARGS stand for spaces inside --keys). Run after `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/convlens}
python3 - "$bin" <<'PY'
import re, subprocess, sys
bin = sys.argv[1]
text = open("README.md", encoding="utf-8").read()
def fill(m):
    args = m.group(1).split()
    args = [a.replace(",", " ") for a in args]
    out = subprocess.run([bin] + args, capture_output=True, text=True, check=True,
                         env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}).stdout.rstrip("\n")
    return f"<!-- screen: {m.group(1)} -->\n```\n{out}\n```\n<!-- /screen -->"
text = re.sub(r"<!-- screen: (.*?) -->.*?<!-- /screen -->", fill, text, flags=re.S)
open("README.md", "w", encoding="utf-8").write(text)
PY
