#!/usr/bin/python3
"""CLI pagination tokens (core/tt_token.h) against Debian's botocore, plus the
JSON string escaper (core/tt_body.h) against json.dumps and the Python-rule
base64 decoder against base64.b64decode.  Drives build/tools/tttoken in batch.
  1. our encoder == botocore TokenEncoder, and botocore decodes our tokens;
  2. our decoder's verdict == what botocore's PageIterator makes of the same
     --starting-token text, for generated valid, mutated, legacy and junk tokens;
  3. json.dumps(s) == tt_body_escape_string(s) for random Unicode strings, and
     invalid UTF-8 is refused exactly when Python's decoder refuses it;
  4. base64.b64decode(s) == tt_base64_decode_py(s) for random junky inputs.
Last line: "N passed, M failed"."""
import base64
import binascii
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
from botocore.paginate import PageIterator, TokenDecoder, TokenEncoder  # noqa: E402

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.path.join(BUILD, "tools", "tttoken")
I64 = 2 ** 63
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        if failed <= 30:
            print("FAIL", what)


def run(lines):
    p = subprocess.run([TOOL], input="".join(l + "\n" for l in lines), capture_output=True,
                       text=True, check=True)
    out = p.stdout.splitlines()
    if len(out) != len(lines):
        raise SystemExit("tttoken answered %d lines for %d requests" % (len(out), len(lines)))
    return out


def botocore_view(tok):
    """What botocore does with --starting-token tok for ListAssignmentsForHIT."""
    it = PageIterator(None, ["NextToken"], ["NextToken"], None, [], [], "MaxResults", None, tok, None, {})
    try:
        d, idx = it._parse_starting_token()
    except Exception as e:  # noqa: BLE001 - every failure kind matters here
        return ("err", type(e).__name__)
    kw = {}
    it._inject_token_into_kwargs(kw, d)
    return ("ok", kw, idx)


def has_lone_surrogate(s):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


def expected(tok):
    """Our decoder's documented answer for tok, derived from botocore's view."""
    v = botocore_view(tok)
    if v[0] == "err":
        return {"ValueError": "ERR TT_ERR_TOKEN_LEGACY_PARTS",
                "AttributeError": "ERR TT_ERR_TOKEN_NOT_OBJECT"}.get(v[1], "ERR *")
    kw, idx = v[1], v[2]
    nt = kw.get("NextToken")
    if "NextToken" in kw:
        if not isinstance(nt, str) or nt == "":
            return "ERR TT_ERR_TOKEN_BAD_NEXT"
        if has_lone_surrogate(nt):
            return "ERR TT_ERR_TOKEN_UNSUPPORTED"
    if set(kw) - {"NextToken"}:
        return "ERR TT_ERR_TOKEN_UNKNOWN_KEY"
    if isinstance(idx, bool):
        idx = int(idx)
    if not isinstance(idx, int) or not -I64 <= idx < I64:
        return "ERR TT_ERR_TOKEN_BAD_AMOUNT"
    return ("OK", nt, idx)


def matches(want, got):
    if isinstance(want, str):
        if want == "ERR *":
            return got.startswith("ERR TT_ERR_TOKEN_")
        return got == want
    f = got.split()
    if len(f) != 6 or f[0] != "OK":
        return False
    nt = None if f[1] == "0" else bytes.fromhex(f[2]).decode("utf-8")
    return nt == want[1] and int(f[4]) == want[2]


ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def rand_text(rng, n):
    pools = [" ~abcXYZ019/+=_-\"\\", "\x00\x01\x08\x09\x0a\x0c\x0d\x1f\x7f", "\u00e9\u00ff\u0100\u07ff",
             "\u0800\u65e5\ud7ff\ue000\ufeff\uffff", "\U00010000\U0001f600\U0010ffff"]
    return "".join(rng.choice(rng.choice(pools)) for _ in range(n))


def rand_json_value(rng, depth=0):
    r = rng.random()
    if depth > 3 or r < 0.5:
        return rng.choice(["null", "true", "false", "0", "-0", "17", "-3", "1.5", "1e5", "-2E-3", "NaN",
                           "Infinity", "-Infinity", json.dumps(rand_text(rng, rng.randint(0, 6))),
                           '"None"', '"\\ud800"', '"a\\/b"', "99999999999999999999"])
    if r < 0.75:
        return "[" + ", ".join(rand_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))) + "]"
    return "{" + ", ".join("%s: %s" % (json.dumps(rand_text(rng, 3)), rand_json_value(rng, depth + 1))
                           for _ in range(rng.randint(0, 3))) + "}"


def rand_token_json(rng):
    members = []
    for _ in range(rng.randint(0, 4)):
        k = rng.random()
        if k < 0.4:
            key = rng.choice(['"NextToken"', '"Next\\u0054oken"'])
            val = rng.choice([json.dumps(rand_text(rng, rng.randint(0, 12))), "null", '"None"', "5", '""',
                              json.dumps(rand_text(rng, 5), ensure_ascii=False)])
        elif k < 0.75:
            key = '"boto_truncate_amount"'
            val = rng.choice(["0", "3", "-1", "true", "false", "null", "1.0", '"3"', str(rng.randint(0, 10 ** 6)),
                              str(2 ** 63 - 1), str(2 ** 63), str(-2 ** 63), str(-2 ** 63 - 1)])
        elif k < 0.85:
            key = '"boto_encoded_keys"'
            val = rng.choice(["null", "[]", "5", "true", "1.5", '""', "{}"])
        else:
            key = json.dumps("k" + rand_text(rng, 2))
            val = rand_json_value(rng)
        members.append((key, val))
    ws = lambda: rng.choice(["", "", " ", "\n", "\t", "\r "])  # noqa: E731
    doc = ws() + "{" + ws() + ("," + ws()).join("%s%s:%s%s" % (k, ws(), ws(), v) for k, v in members) + ws() + "}" + ws()
    if rng.random() < 0.1:  # break it
        doc = rng.choice([doc[:-1], doc + "x", doc.replace(":", "", 1), doc + "{}", "[" + doc + "]", "\ufeff" + doc])
    return doc


def mutate(rng, s):
    s = list(s)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        i = rng.randint(0, len(s))
        if op < 0.3 and s:
            del s[min(i, len(s) - 1)]
        elif op < 0.6:
            s.insert(i, rng.choice(ALPHA + "=  \n!_-é"))
        elif s:
            s[min(i, len(s) - 1)] = rng.choice(ALPHA + "=")
    return "".join(s)


def main():
    if not os.access(TOOL, os.X_OK):
        print("missing %s (run make first)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    rng = random.Random(5)

    # 1. encoder vs TokenEncoder; botocore must read our tokens back
    cases = [(None, True, 3), ("abc", False, 0), (None, True, 0), ("tok/+=", True, 6)]
    for _ in range(3000):
        nt = None if rng.random() < 0.2 else rand_text(rng, rng.randint(1, 40))
        trunc = rng.random() < 0.7
        cases.append((nt, trunc, rng.choice([0, 1, 2, rng.randint(0, 10 ** 9), I64 - 1]) if trunc else 0))
    req = ["E %d %s %d %d" % (nt is not None, nt.encode("utf-8").hex() if nt else "-", tr, k) for nt, tr, k in cases]
    for (nt, tr, k), got in zip(cases, run(req)):
        d = {"NextToken": nt}
        if tr:
            d["boto_truncate_amount"] = k
        want = TokenEncoder().encode(d)
        check(got == "OK " + want, "encode %r: got %r want %r" % (d, got, want))
        if got.startswith("OK "):
            check(TokenDecoder().decode(got[3:]) == d, "botocore decode of ours %r" % d)
            v = botocore_view(got[3:])
            check(v[0] == "ok" and v[1].get("NextToken") == nt and v[2] == (k if tr else 0),
                  "botocore view of ours %r: %r" % (d, v))

    # 2. decoder vs botocore's decision
    toks = ["", "None", "not-a-token", "abc___5", "a___b___c", "___5", "None___3", "tok___ -7 ",
            "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAzfQ=="]
    for _ in range(4000):
        toks.append(base64.b64encode(rand_token_json(rng).encode("utf-8", "surrogatepass")).decode())
    for _ in range(1500):
        toks.append(mutate(rng, rng.choice(toks)))
    for _ in range(1500):
        toks.append(rng.choice(["", "tok", "a_b", "None", "x" * rng.randint(1, 9)]) + "___" +
                    rng.choice(["1", "-2", "+3", " 4 ", "1_0", "1__0", "_1", "1_", "x", "", "\u30005", "\x0b6\x0c",
                                "\x1c7", str(2 ** 63), "0009", "\u0661", "\U0001e950\u0e53",
                                "\u0661" * 4301, "1" * 4300, "\uff10\u0665"]) +
                    rng.choice(["", "", "___", "___9"]))
    for _ in range(1000):
        toks.append("".join(rng.choice(ALPHA + "===  \n-_!") for _ in range(rng.randint(0, 30))))
    toks = [t for t in toks if "\n" not in t or True]
    req = ["D " + t.encode("utf-8", "surrogatepass").hex() if t else "D " for t in toks]
    for t, got in zip(toks, run(req)):
        want = expected(t)
        check(matches(want, got), "decode %r: got %r want %r (botocore %r)" % (t, got, want, botocore_view(t)))

    # 3. JSON string escaping vs json.dumps; invalid UTF-8 refused exactly when Python refuses
    strs = [rand_text(rng, rng.randint(0, 30)) for _ in range(3000)] + [chr(c) for c in range(0, 0x3000)]
    out = run(["S " + s.encode("utf-8").hex() for s in strs])
    for s, got in zip(strs, out):
        check(got == "OK " + json.dumps(s).encode().hex(), "escape %r: %r" % (s, got))
    raw = [bytes(rng.randint(0, 255) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    raw += [bytes([a, b]) for a in range(0xC0, 0x100) for b in (0x7F, 0x80, 0xBF, 0xC0)]
    out = run(["S " + b.hex() for b in raw])
    for b, got in zip(raw, out):
        try:
            s = b.decode("utf-8")
            want = "OK " + json.dumps(s).encode().hex()
        except UnicodeDecodeError:
            want = "ERR TT_ERR_BODY_BAD_UTF8"
        check(got == want, "escape bytes %r: %r want %r" % (b, got, want))

    # 4. Python-rule base64
    junk = ["".join(rng.choice(ALPHA + "====!\n é") for _ in range(rng.randint(0, 24))) for _ in range(4000)]
    out = run(["P " + j.encode().hex() for j in junk])
    for j, got in zip(junk, out):
        try:
            want = "OK " + (base64.b64decode(j.encode()).hex() or "-")
        except binascii.Error as e:
            want = "ERR TT_ERR_BASE64_BAD_LENGTH" if "multiple of 4" in str(e) else "ERR TT_ERR_BASE64_BAD_PADDING"
        check(got == want, "b64 %r: %r want %r" % (j, got, want))

    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
