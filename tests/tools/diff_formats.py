#!/usr/bin/python3
"""Differential test of the output formatters against the AWS CLI's own
Python formatters (awscli.formatter / ruamel.yaml / awscli.table): random
values built from awkward strings are printed by both and compared.

    /usr/bin/python3 tests/tools/diff_formats.py BUILD_DIR [N] [SEED]

Needs the awscli package (Debian `awscli`).  Prints mismatches and a last
line "N passed, M failed"."""
import io, json, os, random, subprocess, sys, tempfile
sys.path.insert(0, "/usr/lib/python3/dist-packages")
from awscli.formatter import YAMLDumper, TableFormatter
from awscli import text as awstext

ALPH = ["a", "b", "Z", " ", "  ", "\n", "\t", "\r", ":", ": ", "#", " #", "-", "- ", "'", '"',
        "\\", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "é", "日本",
        "–", "😀", "\u00a0", "\u2028", "\u0085", "\ufeff", "\u200b", "0", "1", "123", ".", "e",
        "E5", "yes", "null", "true", "~", "2023-11-14", "T22:13:20", "+00:00", "---", "...",
        "x" * 20, "word ", "long sentence with many words ", "\x07", "\x1b", "<<", "="]


def rstr(r):
    n = r.randint(0, 12)
    return "".join(r.choice(ALPH) for _ in range(n))


def rval(r, depth=0):
    k = r.random()
    if depth > 2 or k < 0.55:
        t = r.random()
        if t < 0.8:
            return rstr(r)
        if t < 0.9:
            return r.randint(-5, 10 ** 6)
        if t < 0.95:
            return None
        return r.choice([True, False, 1.5, 1e20])
    if k < 0.75:
        return [rval(r, depth + 1) for _ in range(r.randint(0, 4))]
    return {rstr(r) or "k": rval(r, depth + 1) for _ in range(r.randint(0, 4))}


def py_format(fmt, v):
    s = io.StringIO()
    if fmt == "yaml":
        if v != {}:
            YAMLDumper().dump(v, s)
    elif fmt == "text":
        awstext.format_text(v, s)
    elif fmt == "table":
        class A:
            color = "off"
            query = None
        TableFormatter(A())._format_response("ListAssignmentsForHIT", v, s)
    return s.getvalue()


def main():
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    r = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    passed = failed = 0
    for fmt in ("yaml", "text", "table"):
        vals = []
        for _ in range(n):
            v = rval(r)
            if fmt == "yaml" and not isinstance(v, (list, dict)):
                v = {"K": v, "Key two": [v, {"a": v}]}
            if fmt == "table":
                v = {"Assignments": [{"A": rstr(r).replace("\n", " ").replace("\t", " ")
                                      .replace("\r", " "), "B": rstr(r)[:5]}
                                     for _ in range(r.randint(1, 3))],
                     "Top": rstr(r)[:10]}
            vals.append(v)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            for v in vals:
                f.write(json.dumps(v) + "\n")
            path = f.name
        p = subprocess.run([os.path.join(build, "tools", "ttout"), "--output", fmt,
                            "--values", path], capture_output=True)
        os.unlink(path)
        outs = p.stdout.decode("utf-8", "surrogateescape").split("\x1e")
        for v, got in zip(vals, outs):
            try:
                want = py_format(fmt, v)
            except Exception:
                continue  # the CLI itself crashes on this value
            if got == want:
                passed += 1
            else:
                failed += 1
                if failed < 15:
                    print("MISMATCH %s %r\n got  %r\n want %r" % (fmt, v, got, want))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


sys.exit(main())
