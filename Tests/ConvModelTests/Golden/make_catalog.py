#!/usr/bin/env python3
"""Write Scenarios/*.json and Tests/ScenarioFormatTests/CatalogExpected.json.

Expected outputs come from two independent numpy implementations (plain loops here, and
make_golden.py's vectorised / zero-insertion versions), checked against each other."""
import json, os, re, sys, importlib.util
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenarios import S

spec = importlib.util.spec_from_file_location("golden", f"{ROOT}/Tests/ConvModelTests/Golden/make_golden.py")
golden = importlib.util.module_from_spec(spec); spec.loader.exec_module(golden)


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
def zh_punct(s):
    """Full-width punctuation in Chinese prose; formulas keep ASCII parentheses."""
    s = s.replace(",", "\uff0c").replace(":", "\uff1a").replace(";", "\uff1b")
    def paren(m):
        before, body = m.group(1), m.group(2)
        if CJK.search(body) or (before and CJK.match(before)) or re.fullmatch(r"[A-Za-z][A-Za-z0-9_ ]*|\d+×\d+|·|░", body):
            return before + "\uff08" + body + "\uff09"
        return m.group(0)
    return re.sub(r"(^|.)\(([^()]*)\)", paren, s)

# ---------------- formatting
def row(r):
    return "[" + ", ".join(str(v) for v in r) + "]"

def mat(m, ind):
    if len(m) == 1:
        return "[" + row(m[0]) + "]"
    pad = " " * (ind + 1)
    return "[" + (",\n" + pad).join(row(r) for r in m) + "]"

def t3(t, ind):  # [C][H][W]
    pad = " " * (ind + 2)
    return "[\n" + pad + (",\n" + pad).join(mat(m, ind + 2) for m in t) + "\n" + " " * ind + "]"

def t4(t, ind):  # [K][C][kh][kw]
    pad = " " * (ind + 2)
    return "[\n" + pad + (",\n" + pad).join(t3(f, ind + 2) for f in t) + "\n" + " " * ind + "]"

def dump(kw):
    order = ["title", "notes", "topic", "op", "stride", "padding", "dilation", "output_padding",
             "input", "kernel", "bias", "receptive_field"]
    assert set(kw) <= set(order), set(kw) - set(order)
    lines = []
    for key in order:
        if key not in kw:
            continue
        v = kw[key]
        if key in ("title", "notes"):
            s = "{\n    \"en\": " + json.dumps(v["en"], ensure_ascii=False) + ",\n    \"zh\": " + json.dumps(v["zh"], ensure_ascii=False) + "\n  }"
        elif key == "input":
            s = t3(v, 2)
        elif key == "kernel":
            s = t4(v, 2)
        elif key == "receptive_field":
            s = ("{\n    \"layers\": " + json.dumps(v["layers"]) + ",\n    \"compare\": " + json.dumps(v["compare"]) + "\n  }")
        else:
            s = json.dumps(v, ensure_ascii=False)
        lines.append(f"  \"{key}\": {s}")
    return "{\n" + ",\n".join(lines) + "\n}\n"

# ---------------- reference (independent plain loops)
def pair(v): return (v, v) if isinstance(v, int) else tuple(v)

def resolve_padding(p, k, d, s):
    if p == "valid": return (0, 0), (0, 0)
    if p == "same":
        assert s == (1, 1)
        tot = [d[i] * (k[i] - 1) for i in range(2)]
        return (tot[0] // 2, tot[1] // 2), (tot[0] - tot[0] // 2, tot[1] - tot[1] // 2)
    if p == "full":
        f = (d[0] * (k[0] - 1), d[1] * (k[1] - 1)); return f, f
    p = pair(p); return p, p

def conv(x, w, b, s, lo, hi, d):
    C, H, W = x.shape; K, C2, kh, kw = w.shape; assert C == C2
    xp = np.zeros((C, H + lo[0] + hi[0], W + lo[1] + hi[1]), dtype=np.int64)
    xp[:, lo[0]:lo[0] + H, lo[1]:lo[1] + W] = x
    H2 = (xp.shape[1] - d[0] * (kh - 1) - 1) // s[0] + 1
    W2 = (xp.shape[2] - d[1] * (kw - 1) - 1) // s[1] + 1
    out = np.zeros((K, H2, W2), dtype=np.int64)
    for k in range(K):
        for y in range(H2):
            for z in range(W2):
                out[k, y, z] = b[k] + sum(int(xp[c, y*s[0] + u*d[0], z*s[1] + v*d[1]]) * int(w[k, c, u, v])
                                          for c in range(C) for u in range(kh) for v in range(kw))
    return out

def convT(x, w, b, s, p, d, op):
    C, H, W = x.shape; K, C2, kh, kw = w.shape; assert C == C2
    H2 = (H - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op[0] + 1
    W2 = (W - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op[1] + 1
    big = np.zeros((K, (H - 1) * s[0] + d[0] * (kh - 1) + 1 + op[0], (W - 1) * s[1] + d[1] * (kw - 1) + 1 + op[1]), dtype=np.int64)
    for k in range(K):
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    for u in range(kh):
                        for v in range(kw):
                            big[k, i*s[0] + u*d[0], j*s[1] + v*d[1]] += x[c, i, j] * w[k, c, u, v]
    return big[:, p[0]:p[0] + H2, p[1]:p[1] + W2] + np.array(b)[:, None, None]

def rf(layers):
    r, jump, res = 1, 1, []
    for L in layers:
        k, s, d = L["kernel"], L.get("stride", 1), L.get("dilation", 1)
        r += (k - 1) * d * jump; jump *= s; res.append(r)
    return res

expected = {}
os.makedirs(f"{ROOT}/Scenarios", exist_ok=True)
for name, kw in S:
    for key in ('title', 'notes'):
        kw[key] = dict(kw[key], zh=zh_punct(kw[key]['zh']))
    fn = name + ".json"
    text = dump(kw)
    assert json.loads(text) == json.loads(json.dumps(kw)), fn
    with open(f"{ROOT}/Scenarios/{fn}", "w", encoding="utf-8") as f:
        f.write(text)
    x = np.array(kw["input"], dtype=np.int64); w = np.array(kw["kernel"], dtype=np.int64)
    K = w.shape[0]; b = kw.get("bias", [0] * K)
    s = pair(kw.get("stride", 1)); d = pair(kw.get("dilation", 1))
    for lang in ("en", "zh"):
        assert len(kw["notes"][lang]) <= 280, (fn, lang, len(kw["notes"][lang]))
    if kw["op"] == "conv":
        lo, hi = resolve_padding(kw.get("padding", 0), w.shape[2:], d, s)
        out = conv(x, w, b, s, lo, hi, d)
        assert lo == hi
        alt = golden.vec_conv(x, w, np.array(b), s, lo, d)
        alt2 = golden.ref_conv(x, w, np.array(b), s, lo, d)
    else:
        p = pair(kw.get("padding", 0)); op = pair(kw.get("output_padding", 0))
        out = convT(x, w, b, s, p, d, op)
        alt = golden.zero_insert_convT(x, w, np.array(b), s, p, d, op)
        alt2 = golden.ref_convT(x, w, np.array(b), s, p, d, op)
        golden.adjoint_check(x, w, s, p, d, op, out - np.array(b)[:, None, None])
    assert np.array_equal(out, alt) and np.array_equal(out, alt2), fn
    e = {"output_shape": [int(n) for n in out.shape], "output": out.tolist()}
    if "receptive_field" in kw:
        e["receptive_field"] = rf(kw["receptive_field"]["layers"])
        e["compare_receptive_field"] = rf(kw["receptive_field"]["compare"])
    if kw["topic"] == "weight_sharing":
        C, H, W = x.shape; _, _, kh, kwid = w.shape; n_out = out.size
        e["conv_params"] = K * (kh * kwid * C + 1)
        e["fc_params"] = (C * H * W) * n_out + n_out
    expected[fn] = e

lines = []
for fn, e in expected.items():
    lines.append("  " + json.dumps(fn) + ": " + json.dumps(e, separators=(", ", ": ")))
with open(f"{ROOT}/Tests/ScenarioFormatTests/CatalogExpected.json", "w") as f:
    f.write("{\n" + ",\n".join(lines) + "\n}\n")
for fn, e in expected.items():
    print(fn, e["output_shape"], {k: v for k, v in e.items() if k not in ("output", "output_shape")} or "")
    for kk in e["output"]:
        for r in kk: print("   ", r)
