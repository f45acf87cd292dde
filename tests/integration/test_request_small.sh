#!/usr/bin/env bash
# test_request_small.sh - tests/unit/test_request.c (tt_request against the
# general body/SigV4/HTTP writers) built with core/*.c in the device profile
# (-DTT_PROFILE_SMALL=1, as every -Os board image; TT_SIGV4_FULL 0 signs only
# plain paths; TT_BODY_UNICODE 0 sends printable ASCII strings only, anything
# else is TT_ERR_BODY_NOT_ASCII), once more with its debug tracing on
# (-DTT_DEBUG=1), as the kiosk (TT_ERROR_TEXT=0 TT_RESUME_TOKENS=0), with
# UTF-8 strings switched back on (-DTT_BODY_UNICODE=1) and the host profile
# with them off.  Last line: N passed, M failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
CC=${CC:-gcc}
WARN=(-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for v in "small:-DTT_PROFILE_SMALL=1" "small-debug:-DTT_PROFILE_SMALL=1 -DTT_DEBUG=1" \
         "kiosk:-DTT_PROFILE_SMALL=1 -DTT_ERROR_TEXT=0 -DTT_RESUME_TOKENS=0" \
         "small-unicode:-DTT_PROFILE_SMALL=1 -DTT_BODY_UNICODE=1" \
         "full-ascii:-DTT_PROFILE_SMALL=0 -DTT_BODY_UNICODE=0"; do
    name=${v%%:*}
    # shellcheck disable=SC2206
    defs=(${v#*:})
    if ! $CC "${WARN[@]}" -Os "${defs[@]}" -D_DEFAULT_SOURCE -Icore -Iport -Itests \
        tests/unit/test_request.c core/*.c -o "$tmp/t_$name" 2>"$tmp/err_$name"; then
        fail=$((fail + 1))
        echo "FAIL $name: build"
        head -30 "$tmp/err_$name"
        continue
    fi
    out=$("$tmp/t_$name" 2>&1)
    rc=$?
    last=$(printf '%s\n' "$out" | tail -1)
    if [ $rc -eq 0 ] && [[ $last =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then
        pass=$((pass + 1))
        echo "ok   $name: $(printf '%s\n' "$out" | tail -2 | head -1) $last"
    else
        fail=$((fail + 1))
        echo "FAIL $name (rc $rc)"
        printf '%s\n' "$out" | grep -m 20 -A3 FAIL
    fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
