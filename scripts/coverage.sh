#!/usr/bin/env bash
# scripts/coverage.sh COVBUILD - run the tests of a --coverage build and
# report line and branch coverage of core/ and port/ (make coverage).
#   COV_TESTS="a.py b.sh"  integration tests to run (default: every
#                          tests/integration/test_* except those that build
#                          or run other programs: boards, lwIP host, install,
#                          cross builds, examples, source lists)
#   COV_UNIT_ONLY=1        unit tests only
# Prints the test phases' closing lines, then one row per file and the
# totals; exit status 0 unless a test failed or lcov failed.
set -uo pipefail
B=${1:?usage: coverage.sh COVBUILD}
ROOT=$(pwd)
LCOV=(lcov --quiet --rc lcov_branch_coverage=1)
"${LCOV[@]}" --zerocounters --directory "$B/obj" >/dev/null 2>&1
# Baseline: every compiled file appears, even when no test reaches it.
"${LCOV[@]}" --capture --initial --directory "$B/obj" --base-directory "$ROOT" \
    -o "$B/base.info" >/dev/null 2>&1
rc=0
echo "== unit tests ($B)"
scripts/run-tests.sh unit "$B" | tail -n 1 || rc=1
if [ "${COV_UNIT_ONLY:-0}" != 1 ]; then
    if [ -z "${COV_TESTS:-}" ]; then
        COV_TESTS=$(ls tests/integration/test_*.sh tests/integration/test_*.py 2>/dev/null |
            grep -v -E '/test_(board_|lwip_host|install|lib_cross|examples|srclists|emulator)')
    fi
    echo "== integration tests (TT_BUILD=$B)"
    export TT_BUILD=$B
    p=0; f=0
    for t in $COV_TESTS; do
        case $t in
            *.sh) out=$(bash "$t" 2>&1) ;;
            *.py) out=$(/usr/bin/python3 "$t" 2>&1) ;;
            *) continue ;;
        esac
        last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
        printf '  %-40s %s\n' "$(basename "$t")" "${last:-no result line}"
        if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
            p=$((p + BASH_REMATCH[1])); f=$((f + BASH_REMATCH[2]))
        else
            f=$((f + 1))
        fi
    done
    echo "integration: $p passed, $f failed"
    [ $f -eq 0 ] || rc=1
fi
echo "== coverage"
if ! "${LCOV[@]}" --capture --directory "$B/obj" --base-directory "$ROOT" -o "$B/run.info" \
        >"$B/lcov.log" 2>&1; then
    echo "lcov --capture failed (see $B/lcov.log)"
    exit 1
fi
"${LCOV[@]}" -a "$B/base.info" -a "$B/run.info" -o "$B/all.info" >/dev/null 2>&1
"${LCOV[@]}" --extract "$B/all.info" "$ROOT/core/*" "$ROOT/port/*" -o "$B/coverage.info" \
    >/dev/null 2>&1
genhtml --quiet --branch-coverage -o "$B/html" "$B/coverage.info" >/dev/null 2>&1 || true
/usr/bin/python3 - "$B/coverage.info" "$ROOT" <<'PY'
import sys
info, root = sys.argv[1], sys.argv[2].rstrip("/") + "/"
files = {}
cur = None
for line in open(info):
    line = line.strip()
    if line.startswith("SF:"):
        cur = line[3:].replace(root, "")
        files.setdefault(cur, {"LF": 0, "LH": 0, "BRF": 0, "BRH": 0})
    elif cur and line.split(":")[0] in ("LF", "LH", "BRF", "BRH"):
        k, v = line.split(":")
        files[cur][k] = max(files[cur][k], int(v))
    elif line == "end_of_record":
        cur = None


def pct(h, n):
    return "%6.2f%%" % (100.0 * h / n) if n else "     - "


def row(name, d):
    print("%-32s %7s %5d/%-5d   %7s %5d/%-5d" % (name, pct(d["LH"], d["LF"]), d["LH"], d["LF"],
                                                pct(d["BRH"], d["BRF"]), d["BRH"], d["BRF"]))


print("%-32s %7s %11s   %7s %11s" % ("file", "lines", "", "branches", ""))
groups = {}
for name in sorted(files):
    if not name.endswith(".c") and files[name]["LF"] == 0:
        continue
    row(name, files[name])
    g = name.split("/")[0]
    t = groups.setdefault(g, {"LF": 0, "LH": 0, "BRF": 0, "BRH": 0})
    for k in t:
        t[k] += files[name][k]
tot = {"LF": 0, "LH": 0, "BRF": 0, "BRH": 0}
print("-" * 75)
for g in sorted(groups):
    row("total " + g + "/", groups[g])
    for k in tot:
        tot[k] += groups[g][k]
row("TOTAL core/ + port/", tot)
PY
echo "(lcov tracefile: $B/coverage.info, HTML: $B/html/index.html)"
exit $rc
