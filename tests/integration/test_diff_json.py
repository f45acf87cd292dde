"""Differential test: our JSON string unescaping and number parsing against
Python's json module (an independent implementation; the AWS CLI's own).

Random documents (biased toward escapes, surrogates, UTF-8 edge cases,
control characters, int64 and timestamp boundaries, huge exponents) plus
random mutations of them (so errors are compared too) go through
build/tools/ttdiff (tests/tools/ttdiff.c) in one batch:

  C  the core scanner + exact number accumulator (core/tt_json.c) as the
     page decoder uses them: acceptance, decoded strings, and for every
     number floor(value x 1000) (timestamps -> ms) and floor(value) with
     its inexact flag, against json.loads with exact decimal arithmetic
     (Fraction) on the number text;
  H  the host parser tt_jv_parse (boards/linux/tt_jv.c): acceptance and the
     whole tree, int vs float, float repr, dict semantics, against
     json.loads;
  P  tt_cli_pyjson_error (the CLI's "Invalid JSON: ..." messages): "OK" or
     str(JSONDecodeError) byte for byte.

Deliberate differences (expected, not failures):
  - the core refuses lone UTF-16 surrogates ("\\ud800"), NaN/Infinity and
    nesting deeper than TT_JSON_MAX_DEPTH (32): MTurk never sends them and
    the decoder keeps one bit per level; Python accepts all three;
  - documents that are not UTF-8 are refused by C and H; Python is given the
    text decoded strictly, so it refuses them too (P is only compared on
    UTF-8 documents: json.loads never sees bytes from the CLI);
  - documents nested 900+ deep are left out (Python raises RecursionError,
    not a JSON error).

TT_DIFF_CASES (default 3000) sets the number of random documents,
TT_DIFF_SEED the seed (default: random, printed), TT_DIFF_TOOL the driver.
Last line: "N passed, M failed".
"""
import json
import os
import random
import subprocess
import sys
from fractions import Fraction

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.environ.get("TT_DIFF_TOOL", os.path.join(BUILD, "tools", "ttdiff"))
CASES = int(os.environ.get("TT_DIFF_CASES", "3000"))
SEED = int(os.environ.get("TT_DIFF_SEED", str(random.randrange(1 << 30))))
MAX_DEPTH = 32  # TT_JSON_MAX_DEPTH
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1

rnd = random.Random(SEED)

# ---- generator -------------------------------------------------------------

STR_PIECES = [
    "a", "Z", " ", "~", "\\n", "\\t", "\\r", "\\b", "\\f", "\\/", "\\\\", '\\"',
    "\\u0000", "\\u001f", "\\u0041", "\\u00e9", "\\u00E9", "\\u20AC", "\\uFFFF", "\\uFEFF",
    "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\udbff\\udfff", "\\ud800\\udc00",
    "\\ud800", "\\udc00", "\\udfff", "\\ud83d\\u0041", "\\ud83dx",
    "é", "€", "😀", "\U0010ffff", "\uffff", "\ufeff", "日本",
    "<QuestionFormAnswers>", "&amp;", "\x7f",
]
BAD_STR_PIECES = [  # each makes the string invalid (raw bytes)
    b"\x01", b"\x1f", b"\n", b"\t", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b"\x80", b"\xe2\x82", b"\xff", b"\\x", b"\\u12", b"\\u12g4", b"\\U0041", b"\\",
]
NUMBERS = [
    "0", "-0", "0.0", "-0.0", "1", "-1", "10", "1e3", "1E3", "1e+3", "1e-3", "-1.5e-3",
    "0.0001", "0.001", "0.0009999", "-0.0001", "-0.001",
    "1700000000", "1700000000.123", "1700000000.1234567", "1.7e9", "17E8", "1.7000000005E9",
    "1700000000.9995", "1700000000.9999996", "-1700000000.5", "1e400", "-1e400", "1e-400",
    "9223372036854775807", "9223372036854775808", "-9223372036854775808",
    "-9223372036854775809", "9223372036854775.807", "9223372036854775.808",
    "-9223372036854775.808", "-9223372036854775.8085", "-9223372036854775.807",
    "922337203685477580.7", "92233720368547758.07", "12345678901234567890123",
    "0.12345678901234567890123", "1.0000000000000000000001", "99999999999999999999e-20",
    "1e18", "1e19", "-1e18", "9.999999999999999999e18", "1e999999999999999999999",
    "1e-999999999999999999999", "-1e-999999999999999999999", "123456789012345678901234567890e-10",
    "5e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "0.1", "0.30000000000000004",
    "1" + "0" * 40, "-" + "9" * 30 + "." + "9" * 30,
]
BAD_NUMBERS = ["01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "1.e3", "-.5", "Infinity",
               "NaN", "-Infinity", "1_000", "١"]
WS = ["", " ", "\n", "\t", "\r\n", "  "]


def gen_string(bad_ok):
    parts = []
    for _ in range(rnd.randrange(0, 6)):
        if bad_ok and rnd.random() < 0.04:
            parts.append(rnd.choice(BAD_STR_PIECES))
        else:
            parts.append(rnd.choice(STR_PIECES).encode("utf-8"))
    return b'"' + b"".join(parts) + b'"'


def gen_number():
    if rnd.random() < 0.5:
        return rnd.choice(NUMBERS).encode()
    sign = rnd.choice(["", "", "-"])
    ip = rnd.choice(["0", str(rnd.randrange(1, 10)), str(rnd.randrange(1, 10 ** rnd.randrange(1, 25)))])
    fp = "" if rnd.random() < 0.4 else "." + "".join(rnd.choice("0123456789") for _ in range(rnd.randrange(1, 25)))
    ep = "" if rnd.random() < 0.5 else rnd.choice("eE") + rnd.choice(["", "+", "-"]) + str(rnd.choice([0, 1, 2, 3, 9, 15, 18, 19, 20, 25, 40, 308, 400, rnd.randrange(0, 60)]))
    return (sign + ip + fp + ep).encode()


def ws():
    return rnd.choice(WS).encode()


def gen_value(depth, bad_ok):
    r = rnd.random()
    if depth < 4 and r < 0.15:
        items = [gen_value(depth + 1, bad_ok) for _ in range(rnd.randrange(0, 4))]
        return b"[" + ws() + b",".join(ws() + i + ws() for i in items) + b"]"
    if depth < 4 and r < 0.30:
        items = []
        for _ in range(rnd.randrange(0, 4)):
            k = rnd.choice([gen_string(bad_ok), b'"k"', b'"k"', b'"SubmitTime"'])
            items.append(ws() + k + ws() + b":" + ws() + gen_value(depth + 1, bad_ok) + ws())
        return b"{" + b",".join(items) + b"}"
    if r < 0.60:
        return gen_string(bad_ok)
    if r < 0.92:
        return gen_number()
    if r < 0.95 and bad_ok:
        return rnd.choice(BAD_NUMBERS).encode()
    return rnd.choice([b"true", b"false", b"null"])


def mutate(doc):
    doc = bytearray(doc)
    for _ in range(rnd.randrange(1, 4)):
        op = rnd.randrange(5)
        pos = rnd.randrange(len(doc) + 1)
        if op == 0 and doc:
            del doc[min(pos, len(doc) - 1)]
        elif op == 1:
            doc[pos:pos] = rnd.choice([b",", b":", b"]", b"}", b"[", b"{", b'"', b"\\", b" ", b"1",
                                       b"e", b"-", b".", b"\x00", b"\xc3", b"n", b"tru"])
        elif op == 2 and doc:
            doc[min(pos, len(doc) - 1)] = rnd.randrange(256)
        elif op == 3:
            del doc[pos:]
        else:
            doc[pos:pos] = doc[pos:pos + rnd.randrange(1, 6)]
    return bytes(doc)


def gen_doc():
    r = rnd.random()
    if r < 0.05:  # deep nesting around the core's limit
        d = rnd.choice([MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 100])
        o, c = rnd.choice([(b"[", b"]"), (b'{"a":', b"}")])
        doc = o * d + gen_number() + c * d
    else:
        doc = ws() + gen_value(0, rnd.random() < 0.3) + ws()
    if rnd.random() < 0.3:
        doc = mutate(doc)
    return doc


# ---- the expectations --------------------------------------------------------

class Num:
    def __init__(self, text):
        self.text = text


class Reject(Exception):
    pass


def reject_constant(name):
    raise Reject(name)


def hexs(s):
    return s.encode("utf-8", "surrogatepass").hex()


def has_surrogate(s):
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in s)


def floor_shift(text, shift):
    """(floor(value * 10^shift), inexact) exactly; None when out of int64."""
    mant, _, exp = text.lower().partition("e")
    e = int(exp) if exp else 0
    neg = mant.startswith("-")
    digits = mant.lstrip("-").replace(".", "")
    frac_len = len(mant.partition(".")[2])
    if digits.strip("0") == "":
        return 0, 0
    scale = e - frac_len + shift
    # far outside int64 either way: no need for huge powers of ten
    sig = len(digits.lstrip("0"))
    if scale + sig > 21:
        return None
    if scale + sig < -2:
        return (-1, 1) if neg else (0, 1)
    value = Fraction(int(digits)) * (Fraction(10) ** scale)
    if neg:
        value = -value
    fl = value.numerator // value.denominator
    inexact = 1 if fl != value else 0
    if not INT64_MIN <= fl <= INT64_MAX:
        return None
    return fl, inexact


def canon_core(v, depth=0):
    if v is None:
        return "n"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, Num):
        ms = floor_shift(v.text, 3)
        whole = floor_shift(v.text, 0)
        return "N%s|%s" % ("E" if ms is None else ms[0],
                           "E" if whole is None else "%d|%d" % whole)
    if isinstance(v, str):
        if has_surrogate(v):
            raise Reject("lone surrogate")
        return "s" + hexs(v)
    if isinstance(v, Pairs):
        if depth + 1 > MAX_DEPTH:
            raise Reject("depth")
        out = []
        for k, x in v:
            if has_surrogate(k):
                raise Reject("lone surrogate")
            out.append("s" + hexs(k) + ":" + canon_core(x, depth + 1))
        return "{" + ",".join(out) + "}"
    if isinstance(v, list):
        if depth + 1 > MAX_DEPTH:
            raise Reject("depth")
        return "[" + ",".join(canon_core(x, depth + 1) for x in v) + "]"
    raise AssertionError(type(v))


class Pairs(list):
    pass


def canon_host(v):
    if v is None:
        return "n"
    if v is True:
        return "t"
    if v is False:
        return "f"
    if isinstance(v, int):
        return "i%d" % v
    if isinstance(v, float):
        return "d" + repr(v)
    if isinstance(v, str):
        return "s" + hexs(v)
    if isinstance(v, list):
        return "[" + ",".join(canon_host(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join("s" + hexs(k) + ":" + canon_host(x) for k, x in v.items()) + "}"
    raise AssertionError(type(v))


def nest_depth(doc):
    d = m = 0
    for ch in doc:
        if ch in b"[{":
            d += 1
            m = max(m, d)
        elif ch in b"]}":
            d -= 1
    return m


def expect(doc):
    """(core, host, pyjson) expected answers; None = do not compare."""
    try:
        text = doc.decode("utf-8")
    except UnicodeDecodeError:
        return "ERR", "ERR", None
    if nest_depth(doc) >= 900:
        return None, None, None
    try:
        v = json.loads(text, parse_float=Num, parse_int=Num, parse_constant=reject_constant,
                       object_pairs_hook=Pairs)
        core = "OK " + canon_core(v)
    except (ValueError, Reject):
        core = "ERR"
    try:
        host = "OK " + canon_host(json.loads(text, parse_constant=reject_constant))
    except (ValueError, Reject):
        host = "ERR"
    try:
        json.loads(text)
        py = "OK"
    except json.JSONDecodeError as e:
        py = "ERR " + str(e)
    return core, host, py


def main():
    if not os.access(TOOL, os.X_OK):
        print("FAIL: %s not built (make)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    docs = [gen_doc() for _ in range(CASES)]
    # regression cases: bugs found by fuzzing (tests/fuzz/crashes/fuzz_json_num)
    docs += [b"-9223372036854775808", b"[-9223372036854775.808]", b"-9223372036854775807.5",
             b'{"SubmitTime":-9223372036854775.808}',
             # tt_cli_pyjson_error bugs found by this test: CPython's scanner
             # wants a byte after \uXXXX's digits; a backslash-NUL is an
             # invalid escape (strchr found the terminator)
             b'["\\u0041', b'["\\ud83d\\u0041', b'"\\u00e9', b'"\\\x00"', b'["a\\\x00"]',
             b'\xef\xbb\xbf[1]', b'\xef\xbb\xbf"  ']  # json.loads refuses a BOM first
    cmds = []
    for d in docs:
        h = d.hex() or "-"
        cmds += ["C " + h, "H " + h, "P " + h]
    res = subprocess.run([TOOL], input=("\n".join(cmds) + "\n").encode(), capture_output=True,
                         timeout=600)
    if res.returncode != 0:
        print("FAIL: ttdiff exited %d: %s" % (res.returncode, res.stderr.decode()[-2000:]))
        print("0 passed, 1 failed")
        return 1
    lines = res.stdout.decode("utf-8", "replace").split("\n")
    passed = failed = 0
    shown = 0
    for i, d in enumerate(docs):
        got = lines[3 * i:3 * i + 3]
        want = expect(d)
        for what, g, w in zip("CHP", got, want):
            if w is None:
                continue
            ok = g == w if w.startswith("OK") or what == "P" else g.startswith("ERR")
            if ok:
                passed += 1
            else:
                failed += 1
                if shown < 15:
                    shown += 1
                    print("FAIL %s doc=%r\n  ours:   %s\n  python: %s" % (what, d[:300], g[:400], w[:400]))
    print("seed %d: %d documents, %d comparisons" % (SEED, len(docs), passed + failed))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
