"""Differential test: our JMESPath (boards/linux/tt_jmespath.c) against the
python jmespath package (Debian python3-jmespath 1.0.1, the implementation
the AWS CLI's --query uses).

Random documents and random expressions from the whole grammar (fields,
indexes, slices, projections, flatten, filters, comparators, and/or/not,
multiselects, pipes, literals old and new, every built-in function with
right and wrong argument counts and types, expression references), plus
random mutations of them (so syntax errors are compared too), go through
build/tools/ttdiff (command J) in one batch.  For each case the outcome must
match: the same result (compared as Python values: int vs float, float
values, key order of objects, strings) or the same error kind
(syntax / invalid-arity / invalid-type / invalid-value / unknown-function).

Deliberate differences (documented in boards/linux/tt_jmespath.h), skipped:
  - cases where python jmespath raises something that is not a JMESPath
    error (TypeError, AttributeError, ... : the AWS CLI would print an
    internal error); ours returns a defined value or invalid-type there;
  - results holding an expression reference (python returns an internal
    object, json.dumps fails).

TT_DIFF_CASES (default 3000), TT_DIFF_SEED (default random, printed),
TT_DIFF_TOOL (default $TT_BUILD/tools/ttdiff).  Last line "N passed, M failed".
"""
import json
import os
import random
import subprocess
import sys

try:
    import jmespath
    from jmespath import exceptions as jexc
except ImportError:  # must fail loudly: the package is in scripts/deps.sh
    print("FAIL: python3-jmespath is not installed (make deps)")
    print("0 passed, 1 failed")
    sys.exit(1)

BUILD = os.environ.get("TT_BUILD", "build")
TOOL = os.environ.get("TT_DIFF_TOOL", os.path.join(BUILD, "tools", "ttdiff"))
CASES = int(os.environ.get("TT_DIFF_CASES", "3000"))
SEED = int(os.environ.get("TT_DIFF_SEED", str(random.randrange(1 << 30))))
rnd = random.Random(SEED)

KEYS = ["a", "b", "c", "foo", "bar", "n", "Assignments", "WorkerId", "x y", "é"]
STRINGS = ["", "a", "b", "abc", "A1", "Submitted", "Approved", "é", "😀", "10", "foo", "a b"]
NUMS = [0, 1, -1, 2, 3, 10, 1.5, -2.5, 0.1, 1e300, 1700000000.123, 7, 100]


def gen_data(depth=0):
    r = rnd.random()
    if depth < 4 and r < 0.3:
        return {rnd.choice(KEYS): gen_data(depth + 1) for _ in range(rnd.randrange(0, 5))}
    if depth < 4 and r < 0.55:
        return [gen_data(depth + 1) for _ in range(rnd.randrange(0, 5))]
    if r < 0.75:
        return rnd.choice(STRINGS)
    if r < 0.93:
        return rnd.choice(NUMS)
    return rnd.choice([True, False, None])


FUNCS = {  # name: typical arity
    "abs": 1, "avg": 1, "ceil": 1, "contains": 2, "ends_with": 2, "floor": 1, "join": 2,
    "keys": 1, "length": 1, "map": 2, "max": 1, "max_by": 2, "merge": 2, "min": 1,
    "min_by": 2, "not_null": 2, "reverse": 1, "sort": 1, "sort_by": 2, "starts_with": 2,
    "sum": 1, "to_array": 1, "to_string": 1, "to_number": 1, "type": 1, "values": 1,
}
LITERALS = ["`1`", "`-1`", "`1.5`", "`0`", '`"a"`', "`[1,2,3]`", "`[\"b\",\"a\"]`",
            "`{\"a\":1}`", "`null`", "`true`", "`false`", "`\"\"`", "`foo`", "'raw'", "''",
            "'a'", "`[]`", "`{}`", "`2`", "`\"10\"`", "`[1,\"a\"]`"]
CMP = ["==", "!=", "<", "<=", ">", ">="]


def ident():
    k = rnd.choice(KEYS)
    if k.isidentifier() and k.isascii():
        return k
    return json.dumps(k)


def gen_expr(d=0):
    r = rnd.random()
    if d > 3 or r < 0.2:
        return rnd.choice([ident(), ident(), "@", rnd.choice(LITERALS)])
    if r < 0.3:
        return gen_expr(d + 1) + "." + rnd.choice([ident(), "*", "[" + ident() + "]",
                                                   "{k: " + gen_expr(d + 1) + "}"])
    if r < 0.38:
        return gen_expr(d + 1) + "[" + str(rnd.randrange(-3, 4)) + "]"
    if r < 0.45:
        parts = [rnd.choice(["", str(rnd.randrange(-4, 5))]) for _ in range(3)]
        if rnd.random() < 0.5:
            parts = parts[:2]
        return gen_expr(d + 1) + "[" + ":".join(parts) + "]"
    if r < 0.52:
        return gen_expr(d + 1) + rnd.choice(["[*]", "[]", ".*"]) + rnd.choice(["", "." + ident()])
    if r < 0.6:
        return gen_expr(d + 1) + "[?" + gen_expr(d + 1) + " " + rnd.choice(CMP) + " " + gen_expr(d + 1) + "]"
    if r < 0.66:
        return gen_expr(d + 1) + " " + rnd.choice(CMP + ["||", "&&", "|"]) + " " + gen_expr(d + 1)
    if r < 0.7:
        return "!" + gen_expr(d + 1)
    if r < 0.75:
        return "(" + gen_expr(d + 1) + ")"
    if r < 0.8:
        return "[" + ", ".join(gen_expr(d + 1) for _ in range(rnd.randrange(1, 4))) + "]"
    if r < 0.85:
        return "{" + ", ".join("%s: %s" % (ident(), gen_expr(d + 1)) for _ in range(rnd.randrange(1, 4))) + "}"
    name = rnd.choice(list(FUNCS)) if rnd.random() < 0.97 else "nope"
    n = FUNCS.get(name, 1)
    if rnd.random() < 0.1:
        n = rnd.randrange(0, 4)
    args = []
    for i in range(n):
        if name in ("map", "max_by", "min_by", "sort_by") and i == (0 if name == "map" else 1):
            args.append("&" + gen_expr(d + 1))
        else:
            args.append(gen_expr(d + 1))
    return name + "(" + ", ".join(args) + ")"


def mutate(e):
    e = list(e)
    for _ in range(rnd.randrange(1, 3)):
        pos = rnd.randrange(len(e) + 1)
        op = rnd.randrange(3)
        if op == 0 and e:
            del e[min(pos, len(e) - 1)]
        elif op == 1:
            e.insert(pos, rnd.choice(list(".[]{}()|&!*?:,@`'\"=<>- a1")))
        else:
            del e[pos:]
    return "".join(e)


def kind_of(exc):
    # ArityError is a ParseError subclass in python jmespath: test it first
    if isinstance(exc, (jexc.ArityError, jexc.VariadictArityError)):
        return "invalid-arity"
    if isinstance(exc, (jexc.ParseError, jexc.LexerError, jexc.IncompleteExpressionError,
                        jexc.EmptyExpressionError)):
        return "syntax"
    if isinstance(exc, jexc.JMESPathTypeError):
        return "invalid-type"
    if isinstance(exc, jexc.UnknownFunctionError):
        return "unknown-function"
    if isinstance(exc, ValueError) and "Step" in str(exc):
        return "invalid-value"
    return None


def canon(v):
    if v is None or v is True or v is False:
        return json.dumps(v)
    if isinstance(v, int):
        return "i%d" % v
    if isinstance(v, float):
        return "d" + repr(v)
    if isinstance(v, str):
        return "s" + json.dumps(v)
    if isinstance(v, list):
        return "[" + ",".join(canon(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join("s" + json.dumps(k) + ":" + canon(x) for k, x in v.items()) + "}"
    raise TypeError(type(v))


def python_outcome(expr, data):
    """'OK <canon>' / 'ERR <kind>' / None (not comparable)."""
    try:
        r = jmespath.search(expr, data)
    except RecursionError:
        return None
    except Exception as e:  # noqa: BLE001 - classify every exception
        k = kind_of(e)
        return None if k is None else "ERR " + k
    try:
        return "OK " + canon(r)
    except TypeError:
        return None  # an expression reference in the result


# Regression cases: (expression, JSON document); none found so far.
REGRESSIONS = [
    ("sort_by(@, &a)", '[{"a":2},{"a":1},{"a":1.5}]'),
    ("max_by(@, &a)", '[{"a":"b"},{"a":"a"}]'),
    ("[?a > `1`].a", '[{"a":2},{"a":"x"},{"a":1}]'),
    ("sum(@)", "[1, 2.5, 1e300]"),
    ("to_string(@)", '{"é": [1.0, 1e16, "\\u2028"]}'),
]


def main():
    if not os.access(TOOL, os.X_OK):
        print("FAIL: %s not built (make)" % TOOL)
        print("0 passed, 1 failed")
        return 1
    cases = list(REGRESSIONS)
    for _ in range(CASES):
        data = json.dumps(gen_data(), ensure_ascii=rnd.random() < 0.5)
        e = gen_expr()
        if rnd.random() < 0.15:
            e = mutate(e)
        cases.append((e, data))
    lines = ["J %s %s" % (e.encode("utf-8").hex() or "-", d.encode("utf-8").hex() or "-")
             for e, d in cases]
    res = subprocess.run([TOOL], input=("\n".join(lines) + "\n").encode(), capture_output=True,
                         timeout=600)
    if res.returncode != 0:
        print("FAIL: ttdiff exited %d: %s" % (res.returncode, res.stderr.decode()[-2000:]))
        print("0 passed, 1 failed")
        return 1
    out = res.stdout.decode("utf-8", "replace").split("\n")
    passed = failed = skipped = 0
    shown = 0
    for (e, d), got in zip(cases, out):
        want = python_outcome(e, json.loads(d))
        if want is None:
            skipped += 1
            continue
        if got.startswith("OK "):
            try:
                got = "OK " + canon(json.loads(got[3:]))
            except ValueError:
                pass
        if got == want:
            passed += 1
        else:
            failed += 1
            if shown < 15:
                shown += 1
                print("FAIL expr=%r\n  data=%s\n  ours:   %s\n  python: %s" % (e, d[:300], got[:300], want[:300]))
    print("seed %d: %d cases, %d compared, %d skipped (python raised a non-JMESPath error)"
          % (SEED, len(cases), passed + failed, skipped))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
