#!/usr/bin/python3
"""core/tt_svcerr.c's error-code classifiers match code names by their 32-bit
FNV-1a hashes (tt_svcerr_codes[]).  Checks that each table entry is the hash
of the name its comment gives, that the names are distinct, and that none of
the error codes in botocore's service models (every shape marked as an
error, its name and its "code"), nor those codes with "Exception" added or
removed, collides with an entry for another name.  (tests/unit/test_svcerr.c
checks the C code maps every listed name and no one-edit miss of them.)
Last line: "N passed, M failed"."""
import glob
import json
import os
import re
import sys

import botocore

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def fnv1a(s):
    h = 0x811C9DC5
    for b in s.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def main():
    src = open(os.path.join("core", "tt_svcerr.c")).read()
    body = src[src.index("tt_svcerr_codes[N_CODES] = {"):]
    body = body[:body.index("};")]
    table = [(int(h, 16), name) for h, name in re.findall(r"0x([0-9a-f]{8})u, /\* (\w+) \*/", body)]
    n = re.search(r"#define N_CODES (\d+)", src)
    check(n is not None and len(table) == int(n.group(1)), "table has N_CODES entries")
    for h, name in table:
        check(fnv1a(name) == h, "entry %08x is fnv1a(%s) = %08x" % (h, name, fnv1a(name)))
    names = {name for _, name in table}
    check(len(names) == len(table) and len({h for h, _ in table}) == len(table), "distinct names and hashes")
    by_hash = {h: name for h, name in table}

    codes = set()
    data = os.path.join(os.path.dirname(botocore.__file__), "data")
    for path in glob.glob(os.path.join(data, "*", "*", "service-2.json")):
        with open(path) as f:
            model = json.load(f)
        for shape, spec in model.get("shapes", {}).items():
            if spec.get("exception") or spec.get("error"):
                codes.add(shape)
                code = spec.get("error", {}).get("code")
                if code:
                    codes.add(code)
    check(len(codes) > 1000, "botocore's models give error codes (%d)" % len(codes))
    variants = set(codes)
    for c in codes:
        variants.add(c + "Exception")
        if c.endswith("Exception"):
            variants.add(c[:-9])
    collisions = [c for c in sorted(variants) if by_hash.get(fnv1a(c), c) != c]
    check(not collisions, "no botocore code collides: %s" % collisions[:10])
    print("# %d codes and variants checked" % len(variants))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
