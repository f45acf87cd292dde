#!/usr/bin/env bash
# Run a phase of the test suite and print one closing line "N passed, M failed".
#   scripts/run-tests.sh unit|sanitize|valgrind|integration|check-core|all BUILD
# Every test program prints "N passed, M failed" as its last line; this adds
# them up.  A program that crashes or prints no such line counts as 1 failed.
set -uo pipefail
phase=$1
BUILD=${2:-build}
export TT_BUILD=$BUILD
total_pass=0
total_fail=0
log_dir=$BUILD/test-logs
mkdir -p "$log_dir"

# run_one LABEL CMD...: run, echo its output to a log, tally its closing line.
run_one() {
    local label=$1; shift
    local log="$log_dir/$(echo "$label" | tr '/ ' '__').log"
    local start=$SECONDS
    "$@" >"$log" 2>&1
    local rc=$?
    local last
    last=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    local p=0 f=0
    if [[ $last =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        p=${BASH_REMATCH[1]}; f=${BASH_REMATCH[2]}
    fi
    if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ -z "$last" ] && [ $rc -eq 0 ]; then f=1; fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    local status=ok
    [ "$f" -eq 0 ] || status=FAIL
    printf '%-4s %-44s %6s passed %4s failed  %3ss\n' "$status" "$label" "$p" "$f" $((SECONDS - start))
    if [ "$f" -ne 0 ]; then
        grep -E 'FAIL|error|Error' "$log" | head -n 20 | sed 's/^/     | /'
        echo "     (full log: $log)"
    fi
}

unit_bins() { ls "$1"/tests/test_* 2>/dev/null | grep -v '\.d$' || true; }

phase_unit() {
    for t in $(unit_bins "$BUILD"); do run_one "unit/$(basename "$t")" "$t"; done
}
phase_sanitize() {
    local b=$1
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
    for t in $(unit_bins "$b"); do run_one "asan/$(basename "$t")" "$t"; done
}
phase_valgrind() {
    for t in $(unit_bins "$BUILD"); do
        run_one "valgrind/$(basename "$t")" valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect "$t"
    done
}
phase_integration() {
    for t in $(ls tests/integration/test_* 2>/dev/null); do
        case $t in
            *.sh) run_one "integration/$(basename "$t")" bash "$t" ;;
            *.py) run_one "integration/$(basename "$t")" /usr/bin/python3 "$t" ;;
        esac
    done
}
phase_check_core() { run_one "check-core" scripts/check-core.sh "$BUILD"; }

case $phase in
    unit) phase_unit ;;
    sanitize) phase_sanitize "$BUILD" ;;
    valgrind) phase_valgrind ;;
    integration) phase_integration ;;
    check-core) phase_check_core ;;
    all)
        phase_check_core
        phase_unit
        phase_sanitize "$BUILD/asan"
        phase_valgrind
        phase_integration
        ;;
    *) echo "unknown phase $phase" >&2; exit 2 ;;
esac

echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
