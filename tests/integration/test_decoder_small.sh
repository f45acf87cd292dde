#!/usr/bin/env bash
# test_decoder_small.sh - the streaming decoders as the device builds them.
# The host library is built -O2 with TT_JSON_FAST=1 (the fast paths of
# core/tt_json.c and core/tt_page.c), so the unit tests exercise those; the
# -Os firmware images get TT_JSON_FAST=0 (every byte through the byte path,
# the small number and key code).  This compiles the page / service-error
# decoders and their unit tests (tests/unit/test_page.c, test_svcerr.c) with
# -Os (TT_PROFILE_SMALL=1, TT_JSON_FAST=0) and the project's warnings, and
# runs them (every split of every document, as in `make unit`); the page
# decoder also with TT_PAGE_STR_RUNS=1.
# Last line: N passed, M failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
CC=${CC:-gcc}
WARN=(-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
SRC=(core/tt_json.c core/tt_page.c core/tt_svcerr.c core/tt_utf8.c core/tt_assignment.c
     core/tt_arena.c core/tt_base.c core/tt_error.c)
# the page decoder both ways: byte by byte (the default) and with runs of
# plain string bytes (TT_PAGE_STR_RUNS=1, tt_config.h); and as the kiosk
# builds it (TT_RESUME_TOKENS=0, so TT_CLI_PAGING 0: NumResults type-checked
# only), also with the fast paths
for v in page:0 page:1 svcerr:0 "page:0:-DTT_RESUME_TOKENS=0" \
    "page:0:-DTT_RESUME_TOKENS=0 -UTT_JSON_FAST -DTT_JSON_FAST=1"; do
    t=${v%%:*}
    rest=${v#*:}
    runs=${rest%%:*}
    extra=""
    [[ $rest == *:* ]] && extra=${rest#*:}
    desc="-Os, TT_JSON_FAST=0, TT_PAGE_STR_RUNS=$runs${extra:+, $extra}"
    # shellcheck disable=SC2086 # extra: several flags
    if ! "$CC" "${WARN[@]}" -Os -DTT_PROFILE_SMALL=1 -DTT_JSON_FAST=0 -DTT_PAGE_STR_RUNS="$runs" $extra \
        -Icore -Iport -Itests -D_DEFAULT_SOURCE -o "$tmp/test_$t" "tests/unit/test_$t.c" \
        "${SRC[@]}" 2>"$tmp/cc.log"; then
        fail=$((fail + 1))
        echo "FAIL test_$t ($desc) does not build:"
        head -20 "$tmp/cc.log"
        continue
    fi
    last=$("$tmp/test_$t" | tail -n 1)
    echo "test_$t ($desc): $last"
    if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        pass=$((pass + BASH_REMATCH[1]))
        fail=$((fail + BASH_REMATCH[2]))
    else
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
