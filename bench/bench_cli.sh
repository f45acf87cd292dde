#!/usr/bin/env bash
# bench/bench_cli.sh - the tinyturk CLI side by side with the AWS CLI
# (/usr/bin/aws, when installed) listing 10 000 assignments (100 pages x 100)
# over HTTPS from the local emulator (dataset `bench`, pages pre-rendered):
# wall time, client CPU (user+sys of the client process alone) and peak RSS,
# from /usr/bin/time -f '%U %S %M %e', median of 3 runs, output to a file.
# Then our peak RSS at 1 000 vs 10 000 assignments per format (flat = streamed).
# Prints figures; asserts nothing.  Goals: >= 50x less CPU, >= 30x less RSS.
set -uo pipefail
BUILD=${TT_BUILD:-${1:-build}}
TT=$BUILD/tinyturk
PY=/usr/bin/python3
AWS=/usr/bin/aws
TIME=/usr/bin/time
[ -x "$TT" ] || { echo "bench_cli: $TT missing (run make)"; exit 0; }
[ -x "$TIME" ] || { echo "bench_cli: /usr/bin/time missing (apt-get install time)"; exit 0; }
tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

$PY tests/mturk_server.py --port 0 --port-file "$tmp/port" --tls-dir "$tmp/certs" \
    --dataset "bench+hits=1,per_hit=1000" --idle-timeout 300 >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "bench_cli: the emulator did not start"; cat "$tmp/server.log"; exit 0; }
URL="https://127.0.0.1:$(cat "$tmp/port")"
BIG=BENCHHIT0000000000000000000001
SMALL=3GENHIT00000000000000000000001

mkdir -p "$tmp/home"
export HOME=$tmp/home AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_CA_BUNDLE=$tmp/certs/ca.pem AWS_PAGER="" TZ=UTC
export AWS_EC2_METADATA_DISABLED=true

# measure PROG HIT FORMAT -> "user sys maxrss_kb wall" of one run (stdout to a file)
measure() {
    local prog=$1 hit=$2 fmt=$3
    if ! "$TIME" -f '%U %S %M %e' -o "$tmp/t" "$prog" mturk list-assignments-for-hit \
        --endpoint-url "$URL" --hit-id "$hit" --page-size 100 --output "$fmt" >"$tmp/out" 2>"$tmp/err"; then
        echo "FAILED: $prog $fmt: $(head -c 300 "$tmp/err")" >&2
    fi
    tail -n 1 "$tmp/t"
}

# median3 PROG HIT FORMAT -> "cpu_s rss_kb wall_s" (medians of 3 runs)
median3() {
    local a b c
    a=$(measure "$@"); b=$(measure "$@"); c=$(measure "$@")
    printf '%s\n%s\n%s\n' "$a" "$b" "$c" | $PY -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.stdin if l.strip()]
print("%.3f %d %.3f" % (st.median(r[0] + r[1] for r in rows), st.median(r[2] for r in rows),
                        st.median(r[3] for r in rows)))'
}

# warm-up: the emulator renders every page once (and the page cache is hot)
measure "$TT" "$BIG" json >/dev/null
measure "$TT" "$SMALL" json >/dev/null

echo "10 000 assignments (100 pages x 100) over HTTPS from the local emulator; median of 3 runs"
printf '%-6s %-9s %9s %10s %12s\n' format client "wall s" "CPU s" "peak RSS KB"
for fmt in json text; do
    read -r tc tr tw < <(median3 "$TT" "$BIG" "$fmt")
    bytes=$(wc -c <"$tmp/out")
    printf '%-6s %-9s %9.3f %10.3f %12d   (%d bytes out)\n' "$fmt" tinyturk "$tw" "$tc" "$tr" "$bytes"
    if [ -x "$AWS" ]; then
        read -r ac ar aw < <(median3 "$AWS" "$BIG" "$fmt")
        if cmp -s "$tmp/out" <("$TT" mturk list-assignments-for-hit --endpoint-url "$URL" \
            --hit-id "$BIG" --page-size 100 --output "$fmt" 2>/dev/null); then same=identical
        else same=DIFFERENT; fi
        printf '%-6s %-9s %9.3f %10.3f %12d   (stdout %s to ours)\n' "$fmt" aws-cli "$aw" "$ac" "$ar" "$same"
        $PY -c "
tc, ac, tr, ar, tw, aw = $tc, $ac, $tr, $ar, $tw, $aw
print('%-6s ratios    CPU %.0fx less (goal 50x), peak RSS %.0fx less (goal 30x), wall %.1fx faster'
      % ('$fmt', ac / max(tc, 0.001), ar / max(tr, 1), aw / max(tw, 0.001)))"
    fi
done
[ -x "$AWS" ] || echo "(no /usr/bin/aws: AWS CLI figures skipped; apt-get install awscli)"

echo
echo "endpoint floor: wall time of our runs is mostly the emulator rendering/sending 8.7 MB;"
echo "the client's own CPU share is the 'CPU s' column"
echo
echo "tinyturk peak RSS (KB) by assignment count: flat means streamed"
printf '%-12s %10s %10s %8s\n' format "1 000" "10 000" growth
for fmt in json text jsonl yaml-stream; do
    read -r _ _ s1 _ < <(measure "$TT" "$SMALL" "$fmt")
    read -r _ _ s2 _ < <(measure "$TT" "$BIG" "$fmt")
    printf '%-12s %10d %10d %+7d\n' "$fmt" "$s1" "$s2" "$((s2 - s1))"
done
