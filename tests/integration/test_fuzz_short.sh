#!/usr/bin/env bash
# Short form of `make fuzz` for `make test`: builds every tests/fuzz/fuzz_*.c
# libFuzzer target (clang, -fsanitize=fuzzer,address,undefined), replays every
# crash reproducer ever committed (tests/fuzz/crashes/<target>/*) and every
# committed seed (tests/fuzz/corpus/<target>/), then fuzzes each target for
# FUZZ_SECONDS (default 3) from the seeds only (a fresh corpus, deleted after).
# Missing clang or libFuzzer is a failure, not a skip.
# Checks per target: it builds and every reproducer passes; the seeds and the
# short fuzzing pass.  Last line: "N passed, M failed".
set -uo pipefail
BUILD=${TT_BUILD:-build}
secs=${FUZZ_SECONDS:-3}
log=$BUILD/fuzz/short.log
mkdir -p "$BUILD/fuzz"

if ! command -v clang >/dev/null 2>&1; then
    echo "FAIL: clang not found: the fuzz targets cannot be built (make deps installs clang and libclang-rt-14-dev)"
    echo "0 passed, 1 failed"
    exit 1
fi

FUZZ_SECONDS=$secs FUZZ_FRESH=1 FUZZ_DIFF=0 scripts/fuzz.sh "$BUILD" >"$log" 2>&1
rc=$?
tsv=$BUILD/fuzz/results.tsv
if [ $rc -eq 2 ] || [ ! -s "$tsv" ]; then
    cat "$log"
    echo "FAIL: scripts/fuzz.sh could not build or run the fuzz targets (exit $rc, log $log)"
    echo "0 passed, 1 failed"
    exit 1
fi

pass=0
fail=0
ntargets=0
while IFS=$'\t' read -r name status execs cov ft corp repro secs_used; do
    [ "$name" = target ] && continue
    ntargets=$((ntargets + 1))
    case $status in
        ok)
            pass=$((pass + 2))
            printf 'ok   %-22s %2s reproducers, %9s execs, cov %5s, ft %5s (%ss)\n' \
                "$name" "$repro" "$execs" "$cov" "$ft" "$secs_used"
            ;;
        FAILED)
            pass=$((pass + 1))
            fail=$((fail + 1))
            echo "FAIL $name: fuzzing found a problem (see $BUILD/fuzz/$name.log, artifacts in $BUILD/fuzz/artifacts/)"
            ;;
        REPRODUCER-FAILED)
            fail=$((fail + 1))
            echo "FAIL $name: a committed reproducer fails again (see $BUILD/fuzz/$name.replay.log)"
            ;;
        *)
            fail=$((fail + 2))
            echo "FAIL $name: $status"
            ;;
    esac
done <"$tsv"
if [ $ntargets -eq 0 ]; then
    echo "FAIL: no fuzz targets ran"
    fail=$((fail + 1))
fi
if [ $rc -ne 0 ] && [ $fail -eq 0 ]; then
    echo "FAIL: scripts/fuzz.sh exited $rc"
    fail=1
fi
[ $fail -eq 0 ] || sed -n '/^== fuzz summary/,$p' "$log"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
