#!/usr/bin/env bash
# make fuzz: build every tests/fuzz/fuzz_*.c as a libFuzzer target (clang,
# ASan+UBSan) and run each for FUZZ_SECONDS (default 60).
#   fuzz_host_*.c targets also link the host code they test
#   (boards/linux/tt_jv.c, tt_jmespath.c).
#   Seeds: tests/fuzz/corpus/<target>/ are copied into the working corpus
#   $BUILD/fuzz/<target>-corpus (libFuzzer writes new inputs there; the
#   committed seeds are never modified).  Crash/leak reproducers land in
#   $BUILD/fuzz/<target>-crash-*; replay one with
#   `$BUILD/fuzz/<target> <file>`.
#   FUZZ_TARGETS="fuzz_token fuzz_time" limits the run to those targets.
# Exit status: non-zero if any target fails to build or finds a problem.
set -uo pipefail
BUILD=${1:-build}
SECS=${FUZZ_SECONDS:-60}
out=$BUILD/fuzz
mkdir -p "$out"
CFLAGS=(-std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
        -Icore -D_DEFAULT_SOURCE)
rc=0
summary=()
for f in tests/fuzz/fuzz_*.c; do
    name=$(basename "${f%.c}")
    if [ -n "${FUZZ_TARGETS:-}" ] && [[ " $FUZZ_TARGETS " != *" $name "* ]]; then
        continue
    fi
    extra=()
    case $name in
        fuzz_host_*) extra=(-Iboards/linux boards/linux/tt_jv.c boards/linux/tt_jmespath.c -lm) ;;
    esac
    if ! clang "${CFLAGS[@]}" "$f" core/*.c "${extra[@]}" -o "$out/$name"; then
        echo "== $name: BUILD FAILED"
        summary+=("$name: build failed")
        rc=1
        continue
    fi
    corpus=$out/$name-corpus
    mkdir -p "$corpus"
    if [ -d "tests/fuzz/corpus/$name" ]; then
        cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
    fi
    echo "== $name ($SECS s)"
    log=$out/$name.log
    "$out/$name" -max_total_time="$SECS" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$out/$name-" "$corpus" >"$log" 2>&1
    st=$?
    grep -E '^(==[0-9]+==|SUMMARY|artifact_prefix|stat::number_of_executed|stat::new_units|Done )' "$log" | tail -n 8
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ $st -ne 0 ]; then
        summary+=("$name: FAILED (exit $st, see $log)")
        rc=1
    else
        summary+=("$name: ok, ${execs:-?} executions, corpus $(ls "$corpus" | wc -l) files")
    fi
done
echo "== fuzz summary"
printf '  %s\n' "${summary[@]}"
exit $rc
