#!/usr/bin/env bash
# make fuzz: build every tests/fuzz/fuzz_*.c as a libFuzzer target (clang,
# -fsanitize=fuzzer,address,undefined) and run each for FUZZ_SECONDS.
#
#   scripts/fuzz.sh [BUILD]
#
# Environment:
#   FUZZ_SECONDS=300     fuzzing time per target (make test's short form: 3)
#   FUZZ_TARGETS="a b"   only these targets (names without .c)
#   FUZZ_JOBS=N          targets fuzzed at once (default: the number of cores)
#   FUZZ_FRESH=1         start from the committed seeds only (a temporary
#                        working corpus, deleted afterwards) instead of the
#                        corpus kept in $BUILD/fuzz/<target>-corpus
#   FUZZ_BUILD_ONLY=1    build, replay the reproducers, do not fuzz
#   FUZZ_DIFF=0          skip the differential phase (below)
#   FUZZ_DIFF_CASES=N    random cases per differential test (default 100000)
#
# Every target links one archive of all of core/, port/ and boards/linux/
# (minus main.c) compiled with -fsanitize=fuzzer-no-link,address,undefined,
# so a new harness (tests/fuzz/fuzz_<x>.c) needs no change here.  Each target
# is run in three steps:
#   1. replay every reproducer ever committed, tests/fuzz/crashes/<target>/*
#      (fixed bugs stay fixed);
#   2. libFuzzer on the working corpus plus the committed seeds
#      tests/fuzz/corpus/<target>/ (read only), with tests/fuzz/dict/<target>.dict
#      when there is one: libFuzzer first runs every seed, then mutates;
#   3. report executions and coverage (cov: edges, ft: features) from the
#      final stats line.
# A crash leaves its input in $BUILD/fuzz/artifacts/<target>-crash-*: replay it
# with `$BUILD/fuzz/<target> FILE`; once fixed, commit it as
# tests/fuzz/crashes/<target>/<short-name>.
# Then the differential tests tests/integration/test_diff_*.py (our JSON,
# JMESPath, INI and YAML readers against Python's json, jmespath,
# configparser and ruamel.yaml) run with FUZZ_DIFF_CASES random cases each,
# through tests/tools/ttdiff.c built here with ASan+UBSan ($BUILD/fuzz/ttdiff);
# `make test` runs the same tests with 3000 cases.
# Results: a table on stdout and $BUILD/fuzz/results.tsv
# (target status execs cov ft corpus reproducers seconds).
# Exit status: non-zero if any target fails to build, a reproducer fails, or
# fuzzing finds a problem; also when clang or libFuzzer is missing.
set -uo pipefail
BUILD=${1:-build}
SECS=${FUZZ_SECONDS:-300}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
out=$BUILD/fuzz
objdir=$out/obj
mkdir -p "$out" "$objdir" "$out/artifacts"

CC_FUZZ=${FUZZ_CC:-clang}
SAN=(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
CFLAGS=(-std=c99 -g -O1 -D_DEFAULT_SOURCE -Icore -Iport -Iport/posix -Iport/bearssl
        -Iboards/linux -Itests)
# Harnesses are ours: hold them to the project's warning rules.
HWARN=(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)

if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
    echo "fuzz: $CC_FUZZ not found (install clang and libclang-rt-14-dev: make deps)" >&2
    exit 2
fi
probe=$out/probe
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
    'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){(void)d;(void)n;return 0;}' \
    >"$probe.c"
if ! "$CC_FUZZ" -fsanitize=fuzzer,address,undefined "$probe.c" -o "$probe" 2>"$probe.log"; then
    echo "fuzz: $CC_FUZZ cannot build a libFuzzer target (libclang-rt-14-dev missing?):" >&2
    cat "$probe.log" >&2
    exit 2
fi

# ---- the library, built once (parallel, rebuilt when a source or any header
# ---- is newer than its object)
newest_h=$(ls -t core/*.h port/*.h port/*/*.h boards/linux/*.h 2>/dev/null | head -n 1)
srcs=$(ls core/*.c port/posix/*.c port/bearssl/*.c boards/linux/*.c 2>/dev/null |
       grep -v '^boards/linux/main\.c$')
stale=()
objs=()
for s in $srcs; do
    o=$objdir/$(echo "${s%.c}" | tr '/' '_').o
    objs+=("$o")
    if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || { [ -n "$newest_h" ] && [ "$newest_h" -nt "$o" ]; }; then
        stale+=("$s")
    fi
done
if [ ${#stale[@]} -gt 0 ]; then
    echo "== fuzz: compiling ${#stale[@]} library sources"
    export CC_FUZZ objdir
    export CFLAGS_STR="${CFLAGS[*]} ${SAN[*]} -fsanitize=fuzzer-no-link"
    if ! printf '%s\n' "${stale[@]}" | xargs -P "$JOBS" -I{} sh -c \
        'o=$objdir/$(echo "{}" | sed "s/\.c$//" | tr "/" "_").o; $CC_FUZZ $CFLAGS_STR -c "{}" -o "$o" || { rm -f "$o"; exit 1; }'; then
        echo "fuzz: library build FAILED" >&2
        exit 1
    fi
    rm -f "$out/libfuzz.a"
fi
if [ ! -f "$out/libfuzz.a" ]; then
    ar rcs "$out/libfuzz.a" "${objs[@]}" || exit 1
fi

# ---- targets
targets=()
for f in tests/fuzz/fuzz_*.c; do
    name=$(basename "${f%.c}")
    if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $name "* ]]; then
        continue
    fi
    targets+=("$name")
done

build_one() {
    local name=$1 bin=$out/$1
    if [ -f "$bin" ] && [ "$bin" -nt "tests/fuzz/$name.c" ] && [ "$bin" -nt "$out/libfuzz.a" ]; then
        return 0
    fi
    "$CC_FUZZ" "${CFLAGS[@]}" "${HWARN[@]}" "${SAN[@]}" -fsanitize=fuzzer \
        "tests/fuzz/$name.c" "$out/libfuzz.a" -lbearssl -lm -o "$bin" >"$out/$name.build.log" 2>&1
}

# run_one NAME: steps 1-3; writes $out/$name.result (one TSV line)
run_one() {
    local name=$1 bin=$out/$1 log=$out/$1.log start=$SECONDS
    local status=ok repro=0 execs=- cov=- ft=- corp=- corpus seeds dict=()
    if ! build_one "$name"; then
        cat "$out/$name.build.log"
        printf '%s\tBUILD-FAILED\t-\t-\t-\t-\t0\t0\n' "$name" >"$out/$name.result"
        return
    fi
    # 1. reproducers of every bug ever found
    local cdir=tests/fuzz/crashes/$name
    if [ -d "$cdir" ] && [ -n "$(ls -A "$cdir" 2>/dev/null)" ]; then
        repro=$(ls "$cdir" | wc -l)
        if ! "$bin" -runs=1 "$cdir"/* >"$out/$name.replay.log" 2>&1; then
            status=REPRODUCER-FAILED
            tail -n 30 "$out/$name.replay.log"
        fi
    fi
    # 2. fuzz (FUZZ_BUILD_ONLY: only run the seeds once)
    if [ "${FUZZ_FRESH:-0}" = 1 ]; then
        corpus=$(mktemp -d "$out/$name-fresh.XXXXXX")
    else
        corpus=$out/$name-corpus
        mkdir -p "$corpus"
    fi
    seeds=()
    [ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name")
    [ -f "tests/fuzz/dict/$name.dict" ] && dict=(-dict="tests/fuzz/dict/$name.dict")
    local limit=(-max_total_time="$SECS")
    [ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && limit=(-runs=0)
    "$bin" "${limit[@]}" -timeout=20 -rss_limit_mb=2560 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$name-" "${dict[@]}" "$corpus" "${seeds[@]}" \
        >"$log" 2>&1
    local st=$?
    # 3. figures: "#N DONE cov: X ft: Y corp: C/..." (or the last status line)
    local last
    last=$(grep -E '^#[0-9]+[[:space:]].* cov: ' "$log" | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    if [ $st -ne 0 ]; then
        status=FAILED
        grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|.*runtime error)' \
            "$log" | head -n 12
        echo "   ($name: exit $st, log $log)"
    fi
    if [ "${FUZZ_FRESH:-0}" = 1 ]; then
        rm -rf "$corpus"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "${execs:--}" "${cov:--}" \
        "${ft:--}" "${corp:--}" "$repro" $((SECONDS - start)) >"$out/$name.result"
}

echo "== fuzz: ${#targets[@]} targets, ${SECS}s each, $JOBS at a time (logs: $out/<target>.log)"
rm -f "$out"/*.result
running=0
for name in "${targets[@]}"; do
    run_one "$name" &
    running=$((running + 1))
    if [ $running -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

rc=0
{
    printf 'target\tstatus\texecs\tcov\tft\tcorpus\treproducers\tseconds\n'
    for name in "${targets[@]}"; do
        if [ -f "$out/$name.result" ]; then
            cat "$out/$name.result"
        else
            printf '%s\tNO-RESULT\t-\t-\t-\t-\t0\t0\n' "$name"
        fi
    done
} >"$out/results.tsv"
echo "== fuzz summary (${SECS}s per target; cov = covered edges, ft = features)"
awk -F'\t' '{ printf "  %-22s %-18s %12s %7s %7s %7s %5s %6s\n", $1, $2, $3, $4, $5, $6, $7, $8 }' \
    "$out/results.tsv"
if awk -F'\t' 'NR > 1 && $2 != "ok" { bad = 1 } END { exit !bad }' "$out/results.tsv"; then
    rc=1
    echo "== fuzz: FAILURES (crash inputs, if any: $out/artifacts/)"
fi

# ---- differential tests against Python's implementations
if [ "${FUZZ_DIFF:-1}" = 1 ] && [ "${FUZZ_BUILD_ONLY:-0}" != 1 ]; then
    cases=${FUZZ_DIFF_CASES:-100000}
    echo "== differential tests ($cases cases each; ttdiff with ASan+UBSan)"
    if ! "$CC_FUZZ" "${CFLAGS[@]}" "${HWARN[@]}" "${SAN[@]}" tests/tools/ttdiff.c "$out/libfuzz.a" \
            -lbearssl -lm -o "$out/ttdiff" >"$out/ttdiff.build.log" 2>&1; then
        cat "$out/ttdiff.build.log"
        echo "  ttdiff: BUILD FAILED"
        rc=1
    else
        for t in tests/integration/test_diff_*.py; do
            [ -f "$t" ] || continue
            dlog=$out/$(basename "${t%.py}").log
            TT_DIFF_TOOL=$out/ttdiff TT_DIFF_CASES=$cases timeout 3600 /usr/bin/python3 "$t" \
                >"$dlog" 2>&1
            st=$?
            printf '  %-28s %s%s\n' "$(basename "$t")" "$(tail -n 1 "$dlog")" \
                "$([ $st -eq 0 ] || echo "  FAILED (see $dlog)")"
            grep -E '^seed ' "$dlog" | sed 's/^/    /'
            [ $st -eq 0 ] || rc=1
        done
    fi
fi
exit $rc
