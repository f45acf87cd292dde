#!/usr/bin/env bash
# Worst-case stack of tt_sigv4_sign() on Cortex-M4 (arm-none-eabi-gcc -Os).
#   scripts/stack-usage.sh [BUILD]
# Compiles the core files on the signing path with -fstack-usage and
# -fcallgraph-info=su (gcc >= 12), merges the per-file call graphs and prints
# the deepest call chain from tt_sigv4_sign with its summed frame sizes.
# The optional debug sink is an indirect call into the caller's code and is
# counted as 0 here (its own frame adds on top when used).
set -euo pipefail
BUILD=${1:-build}
ROOT=${TT_STACK_ROOT:-tt_sigv4_sign}
out=$BUILD/stack-usage
rm -rf "$out"; mkdir -p "$out"
CFLAGS="-std=c99 -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections"
for f in tt_sigv4 tt_sha256 tt_time tt_base tt_arena; do
    (cd "$out" && arm-none-eabi-gcc $CFLAGS -I"$OLDPWD/core" -c "$OLDPWD/core/$f.c" \
        -o "$f.o" -fstack-usage -fcallgraph-info=su)
done
/usr/bin/python3 - "$out" "$ROOT" <<'PY'
import glob, re, sys
out, root = sys.argv[1], sys.argv[2]
size, edges, dyn = {}, {}, set()
for ci in glob.glob(out + "/*.ci"):
    for line in open(ci):
        m = re.match(r'node: \{ title: "([^"]+)" label: "[^"]*\\n(\d+) bytes \((\w+)', line)
        if m:
            size[m.group(1)] = int(m.group(2))
            if m.group(3) != "static":
                dyn.add(m.group(1))
            continue
        m = re.match(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"', line)
        if m:
            edges.setdefault(m.group(1), set()).add(m.group(2))
memo = {}
def worst(n, seen=()):
    if n in memo:
        return memo[n]
    if n in seen:
        raise SystemExit("recursion through %s: no static bound" % n)
    best = (0, [])
    for t in edges.get(n, ()):
        w = worst(t, seen + (n,))
        if w[0] > best[0]:
            best = w
    r = (size.get(n, 0) + best[0], [n] + best[1])
    memo[n] = r
    return r
total, path = worst(root)
print("worst call chain from %s (arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os):" % root)
for n in path:
    print("  %5d  %s" % (size.get(n, 0), n.split(":")[-1]))
if dyn & set(path):
    print("  (dynamic frames on path: %s)" % ", ".join(sorted(dyn & set(path))))
print("%s stack: %d bytes (limit 1536)" % (root, total))
PY
