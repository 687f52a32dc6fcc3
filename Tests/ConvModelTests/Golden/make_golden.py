#!/usr/bin/env python3
"""Independent golden reference for convlens' convolution arithmetic.

Writes golden.json next to this script. Requires python3 + numpy only.

The "-exact" cases have decimal values (0.1, 0.25, ...) whose float64 sums carry rounding noise; their outputs are
computed with fractions.Fraction (exact rational arithmetic, never float) and written as the nearest double, plus
"output_exact", the exact decimals as strings.
Run:  python3 Tests/ConvModelTests/Golden/make_golden.py

Conventions (see docs/scenario-format.md):
  * input  [C][H][W], kernel [K][C][kh][kw] (out-channels first for BOTH ops), bias [K]
  * direct conv = cross-correlation (PyTorch Conv2d):
      out[k,y,x] = bias[k] + sum_{c,u,v} in_pad[c, y*sh + u*dh, x*sw + v*dw] * w[k,c,u,v]
      H2 = floor((H + 2P - d(kh-1) - 1) / S) + 1
  * transposed conv (PyTorch ConvTranspose2d with weight axes 0/1 swapped):
      full[k, i*sh + u*dh, j*sw + v*dw] += in[c,i,j] * w[k,c,u,v]
      out = full cropped by P at top/left, H2 = (H-1)S - 2P + d(kh-1) + output_padding + 1
      (rows/cols past the full buffer are zero), then + bias[k]
"""
import json
import os
from fractions import Fraction

import numpy as np

SEED = 20261129
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "golden.json")


# ---------------------------------------------------------------- reference (plain loops)

def conv_out_size(n, k, s, p, d):
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def convT_out_size(n, k, s, p, d, op):
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def ref_conv(x, w, b, stride, padding, dilation):
    C, H, W = x.shape
    K, C2, kh, kw = w.shape
    assert C == C2
    sh, sw = stride
    ph, pw = padding
    dh, dw = dilation
    H2 = conv_out_size(H, kh, sh, ph, dh)
    W2 = conv_out_size(W, kw, sw, pw, dw)
    assert H2 >= 1 and W2 >= 1
    xp = np.zeros((C, H + 2 * ph, W + 2 * pw), dtype=x.dtype)
    xp[:, ph:ph + H, pw:pw + W] = x
    out = np.zeros((K, H2, W2), dtype=x.dtype)
    for k in range(K):
        for y in range(H2):
            for xx in range(W2):
                acc = b[k]
                for c in range(C):
                    for u in range(kh):
                        for v in range(kw):
                            acc = acc + xp[c, y * sh + u * dh, xx * sw + v * dw] * w[k, c, u, v]
                out[k, y, xx] = acc
    return out


def ref_convT(x, w, b, stride, padding, dilation, output_padding):
    C, H, W = x.shape
    K, C2, kh, kw = w.shape
    assert C == C2
    sh, sw = stride
    ph, pw = padding
    dh, dw = dilation
    oph, opw = output_padding
    H2 = convT_out_size(H, kh, sh, ph, dh, oph)
    W2 = convT_out_size(W, kw, sw, pw, dw, opw)
    assert H2 >= 1 and W2 >= 1
    FH = (H - 1) * sh + dh * (kh - 1) + 1
    FW = (W - 1) * sw + dw * (kw - 1) + 1
    full = np.zeros((K, FH, FW), dtype=x.dtype)
    for k in range(K):
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    for u in range(kh):
                        for v in range(kw):
                            full[k, i * sh + u * dh, j * sw + v * dw] += x[c, i, j] * w[k, c, u, v]
    out = np.zeros((K, H2, W2), dtype=x.dtype)
    for k in range(K):
        for y in range(H2):
            for xx in range(W2):
                fy, fx = y + ph, xx + pw
                val = full[k, fy, fx] if (fy < FH and fx < FW) else 0
                out[k, y, xx] = val + b[k]
    return out


# ---------------------------------------------------------------- independent cross-checks

def vec_conv(x, w, b, stride, padding, dilation):
    """Vectorised direct conv: sliding windows + einsum."""
    sh, sw = stride
    ph, pw = padding
    dh, dw = dilation
    K, C, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    win = np.lib.stride_tricks.sliding_window_view(xp, (eh, ew), axis=(1, 2))
    win = win[:, ::sh, ::sw, ::dh, ::dw]          # [C, H2, W2, kh, kw]
    return np.einsum("cyxuv,kcuv->kyx", win, w) + b[:, None, None]


def pad_or_crop(a, axis, lo, hi):
    """Pad with zeros (positive) or crop (negative) along axis at both ends."""
    if lo < 0:
        a = np.take(a, range(-lo, a.shape[axis]), axis=axis)
        lo = 0
    if hi < 0:
        a = np.take(a, range(0, a.shape[axis] + hi), axis=axis)
        hi = 0
    widths = [(0, 0)] * a.ndim
    widths[axis] = (lo, hi)
    return np.pad(a, widths)


def zero_insert_convT(x, w, b, stride, padding, dilation, output_padding):
    """Transposed conv as: insert S-1 zeros, pad d(k-1)-P (+op at bottom/right),
    direct conv (stride 1, same dilation) with spatially flipped kernel, C->K."""
    C, H, W = x.shape
    K, _, kh, kw = w.shape
    sh, sw = stride
    ph, pw = padding
    dh, dw = dilation
    oph, opw = output_padding
    up = np.zeros((C, (H - 1) * sh + 1, (W - 1) * sw + 1), dtype=x.dtype)
    up[:, ::sh, ::sw] = x
    up = pad_or_crop(up, 1, dh * (kh - 1) - ph, dh * (kh - 1) - ph + oph)
    up = pad_or_crop(up, 2, dw * (kw - 1) - pw, dw * (kw - 1) - pw + opw)
    wf = w[:, :, ::-1, ::-1]                       # already [out=K][in=C]
    return vec_conv(up, wf, b, (1, 1), (0, 0), dilation)


def adjoint_check(x, w, stride, padding, dilation, output_padding, yT):
    """<convT(x), y> == <x, conv_adj(y)>, conv_adj = direct conv K->C with padding P,
    weight axes swapped, restricted to the first H x W outputs. yT = convT(x) without bias."""
    rng = np.random.default_rng(12345)
    y = rng.integers(-4, 5, size=yT.shape).astype(x.dtype)
    wa = np.transpose(w, (1, 0, 2, 3))             # [C][K][kh][kw]
    z = vec_conv(y, wa, np.zeros(wa.shape[0], dtype=x.dtype), stride, padding, dilation)
    C, H, W = x.shape
    assert z.shape[1] >= H and z.shape[2] >= W
    z = z[:, :H, :W]
    lhs = np.sum(yT * y)
    rhs = np.sum(x * z)
    assert lhs == rhs, (lhs, rhs)


# ---------------------------------------------------------------- JSON helpers

def clean(v):
    """Nested lists -> Python ints where integral, floats otherwise (no -0.0)."""
    if isinstance(v, (list, tuple)):
        return [clean(e) for e in v]
    if isinstance(v, (np.integer, int)):
        return int(v)
    f = float(v)
    if f.is_integer():
        return int(f)
    return f


def tag(prefix, vals):
    a, b = vals
    return f"{prefix}{a}" if a == b else f"{prefix}{a}x{b}"


def make_case(name, op, x, w, b, stride, padding, dilation, output_padding=None, title=None):
    if op == "conv":
        out = ref_conv(x, w, b, stride, padding, dilation)
        alt = vec_conv(x, w, b, stride, padding, dilation)
        assert alt.shape == out.shape and np.array_equal(alt, out), name
    else:
        out = ref_convT(x, w, b, stride, padding, dilation, output_padding)
        alt = zero_insert_convT(x, w, b, stride, padding, dilation, output_padding)
        assert alt.shape == out.shape and np.array_equal(alt, out), name
        adjoint_check(x, w, stride, padding, dilation, output_padding,
                      out - b[:, None, None])
    scen = {
        "title": title or f"golden {name}",
        "op": op,
        "input": clean(x.tolist()),
        "kernel": clean(w.tolist()),
        "bias": clean(b.tolist()),
        "stride": list(stride),
        "padding": list(padding),
        "dilation": list(dilation),
    }
    if op == "transposed":
        scen["output_padding"] = list(output_padding)
    case = {"name": name, "scenario": scen,
            "output_shape": [int(n) for n in out.shape],
            "output": clean(out.tolist())}
    if op == "conv":
        P = im2col(x, w.shape[2:], stride, padding, dilation)
        assert np.array_equal((w.reshape(w.shape[0], -1) @ P + b[:, None]).reshape(out.shape), out), name
        case["im2col"] = clean(P.T.tolist())
    else:
        case["overlap"] = overlap_counts(x.shape[1:], w.shape[2:], stride, padding, dilation, output_padding)
    return case, out


def im2col(x, ksize, stride, padding, dilation):
    """The patch matrix [C*kh*kw][H2*W2]: column j = window j (row-major) read channel, kernel row, kernel column;
    padding reads 0. Built by plain loops over the padded input."""
    C, H, W = x.shape
    kh, kw = ksize
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    H2, W2 = conv_out_size(H, kh, sh, ph, dh), conv_out_size(W, kw, sw, pw, dw)
    xp = np.zeros((C, H + 2 * ph, W + 2 * pw), dtype=x.dtype)
    xp[:, ph:ph + H, pw:pw + W] = x
    P = np.zeros((C * kh * kw, H2 * W2), dtype=x.dtype)
    for y in range(H2):
        for z in range(W2):
            P[:, y * W2 + z] = [xp[c, y * sh + u * dh, z * sw + v * dw]
                                for c in range(C) for u in range(kh) for v in range(kw)]
    return P


def overlap_counts(size, ksize, stride, padding, dilation, output_padding):
    """How many (input cell, kernel tap) pairs of one filter and channel land on each output cell of a transposed
    conv: a scatter of ones into the uncropped buffer, cropped like the output (rows past the buffer get 0)."""
    (H, W), (kh, kw) = size, ksize
    (sh, sw), (ph, pw), (dh, dw) = stride, padding, dilation
    full = np.zeros(((H - 1) * sh + dh * (kh - 1) + 1, (W - 1) * sw + dw * (kw - 1) + 1), dtype=np.int64)
    for i in range(H):
        for j in range(W):
            for u in range(kh):
                for v in range(kw):
                    full[i * sh + u * dh, j * sw + v * dw] += 1
    H2 = convT_out_size(H, kh, sh, ph, dh, output_padding[0])
    W2 = convT_out_size(W, kw, sw, pw, dw, output_padding[1])
    return [[int(full[y + ph, z + pw]) if y + ph < full.shape[0] and z + pw < full.shape[1] else 0
             for z in range(W2)] for y in range(H2)]


# ---------------------------------------------------------------- random cases

def draw_params(rng, op, combo):
    """Draw shapes/hyper-parameters; redraw until the output is non-empty."""
    while True:
        C = int(rng.integers(1, 5))
        K = int(rng.integers(1, 4))
        H, W = (int(v) for v in rng.integers(1, 10, size=2))
        kh, kw = (int(v) for v in rng.integers(1, 5, size=2))
        if combo:
            stride = tuple(int(v) for v in rng.integers(2, 4, size=2))
            dilation = tuple(int(v) for v in rng.integers(2, 4, size=2))
            padding = tuple(int(v) for v in rng.integers(2, 4, size=2))
            kh, kw = max(kh, 2), max(kw, 2)
        else:
            stride = tuple(int(v) for v in rng.integers(1, 4, size=2))
            dilation = tuple(int(v) for v in rng.integers(1, 4, size=2))
            padding = tuple(int(v) for v in rng.integers(0, 4, size=2))
        if op == "conv":
            ok = all(d * (k - 1) + 1 <= n + 2 * p for n, k, p, d in
                     ((H, kh, padding[0], dilation[0]), (W, kw, padding[1], dilation[1])))
            ok = ok and conv_out_size(H, kh, stride[0], padding[0], dilation[0]) >= 1 \
                    and conv_out_size(W, kw, stride[1], padding[1], dilation[1]) >= 1
            op_pad = None
        else:
            lo = 1 if combo else 0
            op_pad = tuple(int(rng.integers(min(lo, max(s, d) - 1), max(s, d)))
                           for s, d in zip(stride, dilation))
            assert all(o < s or o < d for o, s, d in zip(op_pad, stride, dilation))
            ok = convT_out_size(H, kh, stride[0], padding[0], dilation[0], op_pad[0]) >= 1 \
                and convT_out_size(W, kw, stride[1], padding[1], dilation[1], op_pad[1]) >= 1
        if ok:
            return C, K, H, W, kh, kw, stride, padding, dilation, op_pad


def draw_values(rng, C, K, H, W, kh, kw, decimal):
    if decimal:
        x = rng.integers(-10, 19, size=(C, H, W)) * 0.5        # [-5, 9] step 0.5
        w = rng.integers(-12, 17, size=(K, C, kh, kw)) * 0.25  # [-3, 4] step 0.25
        b = rng.integers(-20, 21, size=K) * 0.25               # [-5, 5] step 0.25
        return x.astype(np.float64), w.astype(np.float64), b.astype(np.float64)
    x = rng.integers(-5, 10, size=(C, H, W)).astype(np.int64)
    w = rng.integers(-3, 5, size=(K, C, kh, kw)).astype(np.int64)
    b = rng.integers(-5, 6, size=K).astype(np.int64)
    return x, w, b


# ---------------------------------------------------------------- exact decimal cases (fractions.Fraction)

def exact_text(f):
    """A Fraction whose denominator divides a power of ten, as a plain decimal: 0.3, -1.25, 17, 0."""
    f = Fraction(f)
    k = 0
    while (f * 10 ** k).denominator != 1:
        k += 1
        assert k <= 40, f
    n = int(f * 10 ** k)
    sign = "-" if n < 0 else ""
    digits = str(abs(n)).rjust(k + 1, "0")
    whole, frac = digits[:len(digits) - k], digits[len(digits) - k:].rstrip("0")
    return sign + whole + ("." + frac if frac else "")


def nested_map(fn, v):
    return [nested_map(fn, e) for e in v] if isinstance(v, list) else fn(v)


def decimals(rng, shape, lo, hi, places):
    """Random decimals lo..hi in steps of 10^-places, as a numpy object array of Fractions."""
    n = rng.integers(round(lo * 10 ** places), round(hi * 10 ** places) + 1, size=shape)
    return np.array([Fraction(int(v), 10 ** places) for v in n.ravel()], dtype=object).reshape(shape)


def make_exact_case(name, op, x, w, b, stride, padding, dilation, output_padding=None):
    """Like make_case, on Fraction arrays; also checks that float64 would not give the exact answer."""
    case, out = make_case(name, op, x, w, b, stride, padding, dilation, output_padding, title=name)
    assert all(isinstance(v, (int, Fraction)) for v in out.ravel()), name
    fx, fw, fb = (np.array([float(v) for v in a.ravel()]).reshape(a.shape) for a in (x, w, b))
    if op == "conv":
        noisy = ref_conv(fx, fw, fb, stride, padding, dilation)
    else:
        noisy = ref_convT(fx, fw, fb, stride, padding, dilation, output_padding)
    exact = [float(v) for v in out.ravel()]
    assert list(noisy.ravel()) != exact, (name, "float64 is already exact here")
    case["output_exact"] = nested_map(exact_text, out.tolist())
    return case


def exact_cases():
    """Decimal cases: three by hand, then random ones (their own generator, so the other cases stay as they are)."""
    def frac(v):
        return np.array(nested_map(Fraction, v), dtype=object)

    f = Fraction
    cases = [
        make_exact_case("exact-noise-to-zero", "conv", frac([[[f("0.1"), f("0.2"), f("0.3")]]]),
                        frac([[[[1, 1, -1]]]]), frac([0]), (1, 1), (0, 0), (1, 1)),
        make_exact_case("exact-point-three-bias", "conv", frac([[[f("0.1"), f("0.2")]]]),
                        frac([[[[1, 1]]]]), frac([f("0.005")]), (1, 1), (0, 0), (1, 1)),
        make_exact_case("exact-transposed-tenths", "transposed", frac([[[f("0.1"), f("0.2")], [f("0.3"), f("0.7")]]]),
                        frac([[[[f("0.7"), f("0.1")], [f("-0.3"), f("0.2")]]]]), frac([f("0.01")]),
                        (1, 1), (0, 0), (1, 1), (0, 0)),
    ]
    rng = np.random.default_rng(SEED + 1)
    for i in range(8):
        op = "conv" if i < 5 else "transposed"
        C, K, H, W, kh, kw, s, p, d, opad = draw_params(rng, op, False)
        x = decimals(rng, (C, H, W), -3, 3, 1)
        w = decimals(rng, (K, C, kh, kw), -2, 2, 2)
        b = decimals(rng, (K,), -1, 1, 3 if i % 2 else 1)
        name = f"exact-{op}-{i + 1:03d}-{tag('s', s)}-{tag('d', d)}-{tag('p', p)}"
        if op == "transposed":
            name += "-" + tag("op", opad)
        cases.append(make_exact_case(name, op, x, w, b, s, p, d, opad))
    return cases


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    counts = {"conv": 0, "transposed": 0, "decimal": 0, "combo": 0, "named": 0}

    # --- hand-picked (Dumoulin & Visin, "A guide to convolution arithmetic") ---
    dv_in = np.array([[[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3],
                       [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]], dtype=np.int64)
    dv_k = np.array([[[[0, 1, 2], [2, 2, 0], [0, 1, 2]]]], dtype=np.int64)
    zb = np.zeros(1, dtype=np.int64)
    named = [
        ("named-dumoulin-conv-p1-s2", "conv", dv_in, dv_k, zb, (2, 2), (1, 1), (1, 1), None,
         [[[6, 17, 3], [8, 17, 13], [6, 4, 4]]]),
        ("named-dumoulin-conv-p0-s1", "conv", dv_in, dv_k, zb, (1, 1), (0, 0), (1, 1), None,
         [[[12, 12, 17], [10, 17, 19], [9, 6, 14]]]),
        ("named-transposed-3x3-s2-p1", "transposed",
         np.array([[[1, 2, 1], [0, 1, 2], [2, 1, 0]]], dtype=np.int64),
         np.array([[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]]], dtype=np.int64),
         zb, (2, 2), (1, 1), (1, 1), (0, 0),
         [[[1, 0, 2, 0, 1], [0, 4, 0, 6, 0], [0, 0, 1, 0, 2],
           [0, 4, 0, 4, 0], [2, 0, 1, 0, 0]]]),
    ]
    for name, op, x, w, b, s, p, d, opad, expected in named:
        case, out = make_case(name, op, x, w, b, s, p, d, opad, title=name)
        assert case["output"] == expected, (name, case["output"], expected)
        cases.append(case)
        counts[op] += 1
        counts["named"] += 1

    # --- random ---
    plan = []
    for i in range(34):
        plan.append(("conv", i in (5, 12, 19, 26, 31), i in (3, 11, 17, 22, 29)))
    for i in range(25):
        plan.append(("transposed", i in (4, 10, 18), i in (2, 7, 13, 20, 24)))
    idx = {"conv": 0, "transposed": 0}
    for op, decimal, combo in plan:
        idx[op] += 1
        C, K, H, W, kh, kw, s, p, d, opad = draw_params(rng, op, combo)
        x, w, b = draw_values(rng, C, K, H, W, kh, kw, decimal)
        name = f"{op}-{idx[op]:03d}-{tag('s', s)}-{tag('d', d)}-{tag('p', p)}"
        if op == "transposed":
            name += "-" + tag("op", opad)
        if decimal:
            name += "-dec"
        case, _ = make_case(name, op, x, w, b, s, p, d, opad)
        cases.append(case)
        counts[op] += 1
        counts["decimal"] += decimal
        counts["combo"] += combo

    exact = exact_cases()
    cases += exact
    counts["exact"] = len(exact)

    sep = (",", ":")
    head = {"generator": f"make_golden.py (numpy {np.__version__}), seed {SEED}"}
    text = ('{"generator":' + json.dumps(head["generator"]) + ',"cases":[\n'
            + ",\n".join(json.dumps(c, separators=sep) for c in cases)
            + "\n]}\n")
    json.loads(text)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUT_PATH}: {len(cases)} cases {counts}")


# ---------------------------------------------------------------- the matrix of a layer (eval --matrix, matrix view)

MATRIX_OUT_PATH = os.path.join(HERE, "golden_matrix.json")


def probe_matrix(apply, x_shape, dtype):
    """The dense matrix M of the linear part of `apply` (bias removed), found by probing with unit vectors:
    column n is apply(e_n) - apply(0). Independent of any window formula."""
    n = int(np.prod(x_shape))
    zero = apply(np.zeros(x_shape, dtype=dtype))
    cols = []
    for i in range(n):
        e = np.zeros(n, dtype=dtype)
        e[i] = 1
        cols.append((apply(e.reshape(x_shape)) - zero).ravel())
    return np.stack(cols, axis=1)                    # [K*H2*W2][C*H*W]


def matrix_case(name, op, x, w, b, stride, padding, dilation, output_padding=(0, 0)):
    """A case with its dense matrix; asserts M x + b == output, and for a transposed layer that M is the transpose
    of its paired direct conv's matrix (input = the transposed output's shape, weight axes 0/1 swapped, same
    stride/padding/dilation), restricted to the rows that direct conv shares with the transposed input."""
    if op == "conv":
        def apply(v):
            return ref_conv(v, w, np.zeros_like(b), stride, padding, dilation)
    else:
        def apply(v):
            return ref_convT(v, w, np.zeros_like(b), stride, padding, dilation, output_padding)
    case, out = make_case(name, op, x, w, b, stride, padding, dilation, output_padding if op != "conv" else None,
                          title=name)
    m = probe_matrix(apply, x.shape, x.dtype)
    K = w.shape[0]
    rows = out.size // K
    y = m @ x.ravel() + np.repeat(b, rows)
    assert np.array_equal(y, out.ravel()), name
    if op == "transposed":
        wa = np.transpose(w, (1, 0, 2, 3)).copy()
        out_shape = out.shape

        def paired(v):
            return vec_conv(v, wa, np.zeros(wa.shape[0], dtype=x.dtype), stride, padding, dilation)
        pm = probe_matrix(paired, out_shape, x.dtype)  # [C*H2p*W2p][K*H2*W2]
        C, H, W = x.shape
        ph, pw = paired(np.zeros(out_shape, dtype=x.dtype)).shape[1:]
        keep = [(c * ph + i) * pw + j for c in range(C) for i in range(H) for j in range(W)]
        assert np.array_equal(pm[keep].T, m), name
        case["paired_rows"] = [int(ph), int(pw)]
    case["matrix"] = clean(m.tolist())
    return case


def matrix_cases():
    rng = np.random.default_rng(SEED + 2)

    def ints(shape, lo=-3, hi=5):
        return rng.integers(lo, hi, size=shape).astype(np.int64)

    dv_in = np.array([[[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3],
                       [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]]], dtype=np.int64)
    dv_k = np.array([[[[0, 1, 2], [2, 2, 0], [0, 1, 2]]]], dtype=np.int64)
    cases = [
        matrix_case("matrix-conv-padded-strided", "conv", dv_in, dv_k, np.array([1]), (2, 2), (1, 1), (1, 1)),
        matrix_case("matrix-conv-dilated-channels", "conv", ints((2, 5, 6)), ints((2, 2, 3, 3)), ints((2,)),
                    (1, 1), (1, 1), (2, 2)),
        matrix_case("matrix-conv-channels-strided", "conv", ints((3, 5, 5)), ints((2, 3, 2, 3)), ints((2,)),
                    (2, 1), (0, 1), (1, 1)),
        matrix_case("matrix-transposed-s2-p1", "transposed",
                    np.array([[[1, 2, 1], [0, 1, 2], [2, 1, 0]]], dtype=np.int64),
                    np.array([[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]]], dtype=np.int64),
                    np.array([0]), (2, 2), (1, 1), (1, 1), (0, 0)),
        matrix_case("matrix-transposed-channels-op", "transposed", ints((2, 3, 2)), ints((3, 2, 3, 2)), ints((3,)),
                    (2, 2), (1, 0), (1, 1), (1, 0)),
        matrix_case("matrix-transposed-dilated-op", "transposed", ints((1, 3, 3)), ints((2, 1, 2, 2)), ints((2,)),
                    (1, 1), (0, 0), (2, 2), (1, 1)),
        matrix_case("matrix-conv-decimal", "conv", rng.integers(-6, 7, size=(2, 4, 4)) * 0.5,
                    rng.integers(-8, 9, size=(1, 2, 2, 2)) * 0.25, np.array([0.75]), (1, 2), (1, 0), (1, 1)),
    ]
    return cases


def write_matrix_cases():
    cases = matrix_cases()
    sep = (",", ":")
    text = ('{"generator":' + json.dumps(f"make_golden.py (numpy {np.__version__}), seed {SEED + 2}")
            + ',"cases":[\n' + ",\n".join(json.dumps(c, separators=sep) for c in cases) + "\n]}\n")
    json.loads(text)
    with open(MATRIX_OUT_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {MATRIX_OUT_PATH}: {len(cases)} cases")


if __name__ == "__main__":
    main()
    write_matrix_cases()
