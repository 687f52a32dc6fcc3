#!/usr/bin/env python3
"""Random `convlens try` setups with their expected outputs, for the round trip try -> save -> validate -> eval.

Writes try_golden.json next to this script. Requires python3 + numpy only (the reference loops of make_golden.py).
Each case holds the `convlens try` flags and the output the layer must give. The input and kernel values are drawn
here by an independent SplitMix64 (the scenario format's generator): --fill random --seed N fills the input with
integers 0..9 from seed N and the kernel with integers -1..2 from seed N + 1; --fill index counts 0, 1, 2, ...;
--fill ones fills with 1. The bias is 0. Padding "same" splits d(k - 1) with the extra row/column after; "full"
pads d(k - 1) on each side.

Run:  python3 Tests/ConvModelTests/Golden/make_try_golden.py
"""
import json
import os
import random
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_golden import ref_conv, ref_convT, conv_out_size  # noqa: E402

SEED = 20261201
MASK = (1 << 64) - 1


def splitmix(seed, count, lo, hi):
    state = seed & MASK
    out = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z = z ^ (z >> 31)
        out.append(lo + z % (hi - lo + 1))
    return out


def fill_values(fill, seed, count, kernel):
    if fill == "ones":
        return [1] * count
    if fill == "index":
        return list(range(count))
    return splitmix(seed + 1, count, -1, 2) if kernel else splitmix(seed, count, 0, 9)


def pads(mode, k, d):
    """(before, after) on one axis for a padding word or number."""
    reach = d * (k - 1)
    if mode == "same":
        return reach // 2, reach - reach // 2
    if mode == "full":
        return reach, reach
    if mode == "valid":
        return 0, 0
    return mode, mode


def draw(rng):
    op = rng.choice(["conv", "conv", "transposed"])
    C, K = rng.randint(1, 3), rng.randint(1, 3)
    H, W = rng.randint(2, 7), rng.randint(2, 7)
    kh, kw = rng.randint(1, 3), rng.randint(1, 3)
    sh, sw = rng.randint(1, 3), rng.randint(1, 3)
    dh, dw = rng.choice([1, 1, 2]), rng.choice([1, 1, 2])
    words = ["valid", "full"] + (["same"] if op == "conv" else [])
    padding = rng.choice(words) if rng.random() < 0.3 else rng.randint(0, 2)
    if padding == "same":
        sh = sw = 1
    aph = rng.randint(0, max(sh, dh) - 1) if op == "transposed" else 0
    apw = rng.randint(0, max(sw, dw) - 1) if op == "transposed" else 0
    fill = rng.choice(["random", "random", "index", "ones"])
    seed = rng.randint(0, 10**6)
    return dict(op=op, C=C, K=K, H=H, W=W, kh=kh, kw=kw, s=(sh, sw), d=(dh, dw), padding=padding,
                a=(aph, apw), fill=fill, seed=seed)


def output(c):
    C, K, H, W, kh, kw = c["C"], c["K"], c["H"], c["W"], c["kh"], c["kw"]
    x = np.array(fill_values(c["fill"], c["seed"], C * H * W, False), dtype=np.int64).reshape(C, H, W)
    w = np.array(fill_values(c["fill"], c["seed"], K * C * kh * kw, True), dtype=np.int64).reshape(K, C, kh, kw)
    b = np.zeros(K, dtype=np.int64)
    (th, bh), (tw, bw) = pads(c["padding"], kh, c["d"][0]), pads(c["padding"], kw, c["d"][1])
    if c["op"] == "conv":
        if any(conv_out_size(n + lo + hi, k, s, 0, d) < 1 or d * (k - 1) + 1 > n + lo + hi
               for n, k, s, d, lo, hi in [(H, kh, c["s"][0], c["d"][0], th, bh), (W, kw, c["s"][1], c["d"][1], tw, bw)]):
            return None
        xp = np.pad(x, ((0, 0), (th, bh), (tw, bw)))
        return ref_conv(xp, w, b, c["s"], (0, 0), c["d"])
    # Transposed padding is symmetric: crop th on each side of each axis.
    try:
        return ref_convT(x, w, b, c["s"], (th, tw), c["d"], c["a"])
    except AssertionError:
        return None


def flags(c):
    args = ["--op", c["op"], "--input", f"{c['C']}x{c['H']}x{c['W']}", "--filters", str(c["K"]),
            "--kernel", f"{c['kh']}x{c['kw']}", "--stride", "%dx%d" % c["s"], "--dilation", "%dx%d" % c["d"],
            "--padding", str(c["padding"]), "--fill", c["fill"]]
    if c["op"] == "transposed":
        args += ["--output-padding", "%dx%d" % c["a"]]
    if c["fill"] == "random":
        args += ["--seed", str(c["seed"])]
    return args


def main():
    rng = random.Random(SEED)
    cases = []
    while len(cases) < 24:
        c = draw(rng)
        out = output(c)
        if out is None or out.size > 400:
            continue
        cases.append({"args": flags(c), "output_shape": list(out.shape), "output": out.tolist()})
    assert sum(c["args"][1] == "transposed" for c in cases) >= 4
    with open(os.path.join(HERE, "try_golden.json"), "w") as f:
        f.write('{"generator": "make_try_golden.py, seed %d, numpy %s", "cases": [\n' % (SEED, np.__version__))
        f.write(",\n".join(json.dumps(c, separators=(", ", ": ")) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
