#!/usr/bin/env python3
"""Runs convlens's PyTorch calls in PyTorch and records the output shapes PyTorch gives.

Writes pytorch_golden.json next to this script; `swift test` reads it (never Python): for each case it builds the
setup, checks that PyTorchCall writes exactly the recorded lines, and that its output shape is the one PyTorch gave.
Needs python3, torch (CPU is enough) and a built convlens (for the setups `convlens try` can give, their lines
come from `convlens try ... --pytorch`; the uneven paddings that flags cannot give, F.pad before a Conv2d and a
crop after a ConvTranspose2d, are written here in the same form).

Run:  python3 Tests/ConvModelTests/Golden/make_pytorch_golden.py [.build/debug/convlens]
"""
import json
import os
import subprocess
import sys

import torch
from torch import nn  # noqa: F401  (the executed lines use it)
import torch.nn.functional as F  # noqa: F401

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))

# (op, C, H, W, K, kh, kw, stride, padding (top, bottom, left, right), dilation, output_padding, try flags or None)
CASES = [
    ("conv", 3, 5, 5, 2, 3, 3, (2, 2), (1, 1, 1, 1), (1, 1), (0, 0), ["--input", "3x5x5", "--filters", "2",
                                                                      "--stride", "2", "--padding", "1"]),
    ("conv", 1, 4, 4, 1, 3, 3, (1, 1), (0, 0, 0, 0), (1, 1), (0, 0), ["--input", "4"]),
    ("conv", 1, 7, 7, 1, 3, 3, (1, 1), (0, 0, 0, 0), (2, 2), (0, 0), ["--input", "7", "--dilation", "2"]),
    ("conv", 2, 6, 9, 3, 2, 3, (1, 2), (1, 1, 0, 0), (1, 1), (0, 0), ["--input", "2x6x9", "--filters", "3",
                                                                      "--kernel", "2x3", "--stride", "1x2",
                                                                      "--padding", "1x0"]),
    ("conv", 1, 5, 5, 1, 4, 4, (1, 1), (1, 2, 1, 2), (1, 1), (0, 0), ["--input", "5", "--kernel", "4",
                                                                      "--padding", "same"]),
    ("conv", 1, 5, 6, 1, 2, 3, (1, 1), (1, 1, 2, 2), (2, 2), (0, 0), ["--input", "5x6", "--kernel", "2x3",
                                                                      "--dilation", "2", "--padding", "same"]),
    ("conv", 1, 5, 5, 1, 3, 3, (1, 1), (2, 2, 2, 2), (1, 1), (0, 0), ["--input", "5", "--padding", "full"]),
    ("conv", 2, 6, 6, 1, 4, 4, (2, 2), (1, 2, 1, 2), (1, 1), (0, 0), None),
    ("transposed", 1, 2, 2, 1, 3, 3, (1, 1), (0, 0, 0, 0), (1, 1), (0, 0), ["--op", "transposed", "--input", "2"]),
    ("transposed", 3, 3, 3, 2, 3, 3, (2, 2), (1, 1, 1, 1), (1, 1), (1, 1), ["--op", "transposed", "--input", "3x3x3",
                                                                            "--filters", "2", "--stride", "2",
                                                                            "--padding", "1",
                                                                            "--output-padding", "1"]),
    ("transposed", 2, 3, 4, 1, 3, 2, (2, 3), (1, 1, 0, 0), (2, 1), (1, 2), ["--op", "transposed",
                                                                            "--input", "2x3x4", "--kernel", "3x2",
                                                                            "--stride", "2x3", "--padding", "1x0",
                                                                            "--dilation", "2x1",
                                                                            "--output-padding", "1x2"]),
    ("transposed", 1, 5, 5, 1, 4, 4, (1, 1), (1, 2, 1, 2), (1, 1), (0, 0), None),
]


def pair(v):
    return "(%d, %d)" % v


def written_lines(c):
    """The lines for an uneven padding that flags cannot give, in PyTorchCall's form."""
    op, C, H, W, K, kh, kw, s, (t, b, l, r), d, a, _ = c
    lines = ["x = torch.randn(1, %d, %d, %d)" % (C, H, W)]
    if op == "conv":
        lines.append("x = F.pad(x, (%d, %d, %d, %d))" % (l, r, t, b))
        lines.append("layer = nn.Conv2d(%d, %d, kernel_size=%s, stride=%s, padding=(0, 0), dilation=%s, bias=True)"
                     % (C, K, pair((kh, kw)), pair(s), pair(d)))
        lines.append("y = layer(x)")
        return lines, None
    lines.append("layer = nn.ConvTranspose2d(%d, %d, kernel_size=%s, stride=%s, padding=(0, 0), output_padding=%s, "
                 "dilation=%s, bias=True)" % (C, K, pair((kh, kw)), pair(s), pair(a), pair(d)))
    lines.append("y = layer(x)")
    full_h = (H - 1) * s[0] + d[0] * (kh - 1) + 1
    full_w = (W - 1) * s[1] + d[1] * (kw - 1) + 1
    oh, ow = full_h - t - b + a[0], full_w - l - r + a[1]
    lines.append("y = y[:, :, %d:%d, %d:%d]" % (t, t + oh, l, l + ow))
    return lines, None


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/convlens")
    out = []
    for c in CASES:
        flags = c[-1]
        if flags is None:
            lines, _ = written_lines(c)
        else:
            text = subprocess.run([binary, "try"] + flags + ["--pytorch"], check=True, capture_output=True,
                                  text=True).stdout
            lines = [ln for ln in text.splitlines()
                     if not ln.startswith(("import ", "from ", "#", "print("))]
        scope = {"torch": torch, "nn": torch.nn, "F": torch.nn.functional}
        torch.manual_seed(0)
        exec("\n".join(lines), scope)
        op, C, H, W, K, kh, kw, s, p, d, a, _ = c
        out.append({"op": op, "channels": C, "input": [H, W], "filters": K, "kernel": [kh, kw], "stride": list(s),
                    "padding": list(p), "dilation": list(d), "output_padding": list(a), "lines": lines,
                    "torch_shape": list(scope["y"].shape)})
    with open(os.path.join(HERE, "pytorch_golden.json"), "w") as f:
        f.write('{"generator": "make_pytorch_golden.py, torch %s", "cases": [\n' % torch.__version__)
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in out))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
