#!/usr/bin/env bash
# bench/bench_cli.sh - the tinyturk CLI side by side with the AWS CLI
# (/usr/bin/aws, when installed) listing 10 000 assignments (100 pages x 100)
# over HTTPS from the local emulator (dataset `bench`, pages pre-rendered):
# wall time and client CPU (user+sys of the client process alone, from
# wait4()'s rusage in microseconds: /usr/bin/time prints 10 ms steps, too
# coarse for our ~0.03 s, and costs ~1.5 ms itself), medians of BENCH_RUNS
# runs (default 9) for tinyturk and of BENCH_AWS_RUNS (default 3) for the
# AWS CLI; peak RSS from /usr/bin/time (a fork of the Python measuring
# process would count Python's own pages), median of up to 3 runs.  Both
# clients get the same data, page size and environment, stdout to a file.
# Then our peak RSS at 1 000 vs 10 000 assignments per format (flat = streamed).
# With BENCH_CALLGRIND=1 (and valgrind installed) also our instruction count
# per format (callgrind, one run each: unlike CPU time it does not depend on
# the machine's load; the kernel's share is not in it).
# Prints figures; asserts nothing.  Goals: >= 50x less CPU, >= 30x less RSS.
set -uo pipefail
BUILD=${TT_BUILD:-${1:-build}}
TT=$BUILD/tinyturk
PY=/usr/bin/python3
AWS=/usr/bin/aws
[ -x "$TT" ] || { echo "bench_cli: $TT missing (run make)"; exit 0; }
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench_cli: /usr/bin/time missing (apt-get install time)"; exit 0; }
RUNS=${BENCH_RUNS:-9}
AWS_RUNS=${BENCH_AWS_RUNS:-3}
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

# measure PROG HIT FORMAT -> "user sys wall" of one run (stdout to a file),
# from the client's own rusage (wait4: the client alone, in us; spawned
# without a fork of Python)
measure() {
    local prog=$1 hit=$2 fmt=$3
    $PY - "$tmp" "$prog" mturk list-assignments-for-hit --endpoint-url "$URL" --hit-id "$hit" \
        --page-size 100 --output "$fmt" <<'PYEOF'
import os, sys, time
tmp, argv = sys.argv[1], sys.argv[2:]
# posix_spawn (vfork-like): a fork of this Python process would add ~1 ms
# of copy-on-write and teardown to the child's own CPU time
flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
# the previous run's output is removed here: truncating ~10 MB in the
# child's O_TRUNC would charge it ~1-2 ms of freeing that run's pages
for name in ("/out", "/err"):
    try:
        os.unlink(tmp + name)
    except FileNotFoundError:
        pass
acts = [(os.POSIX_SPAWN_OPEN, 1, tmp + "/out", flags, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, tmp + "/err", flags, 0o644)]
t0 = time.monotonic()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=acts)
_, status, ru = os.wait4(pid, 0)
wall = time.monotonic() - t0
if status != 0:
    sys.stderr.write("FAILED: %s: %s\n" % (" ".join(argv[:1] + argv[-2:]),
                                           open(tmp + "/err", "rb").read()[:300]))
print("%.6f %.6f %.6f" % (ru.ru_utime, ru.ru_stime, wall))
PYEOF
}

# measure_rss PROG HIT FORMAT -> peak RSS in KB of one run
measure_rss() {
    local prog=$1 hit=$2 fmt=$3
    "$TIME" -f '%M' -o "$tmp/t" "$prog" mturk list-assignments-for-hit --endpoint-url "$URL" \
        --hit-id "$hit" --page-size 100 --output "$fmt" >"$tmp/out" 2>"$tmp/err"
    tail -n 1 "$tmp/t"
}

# median N PROG HIT FORMAT -> "cpu_s rss_kb wall_s" (medians of N runs; RSS
# of up to 3)
median() {
    local n=$1 i r rss
    shift
    r=$(for i in $(seq 1 "$n"); do measure "$@"; done)
    rss=$(for i in $(seq 1 $((n < 3 ? n : 3))); do measure_rss "$@"; done)
    $PY -c '
import sys, statistics as st
rows = [list(map(float, l.split())) for l in sys.argv[1].splitlines() if l.strip()]
rss = [int(x) for x in sys.argv[2].split()]
print("%.4f %d %.4f" % (st.median(r[0] + r[1] for r in rows), st.median(rss),
                        st.median(r[2] for r in rows)))' "$r" "$rss"
}

# warm-up: the emulator renders every page once (and the page cache is hot)
measure "$TT" "$BIG" json >/dev/null
measure "$TT" "$SMALL" json >/dev/null

echo "10 000 assignments (100 pages x 100) over HTTPS from the local emulator;"
echo "medians of $RUNS runs (tinyturk) and $AWS_RUNS runs (aws-cli); CPU = user+sys of the client"
printf '%-6s %-9s %9s %10s %12s\n' format client "wall s" "CPU s" "peak RSS KB"
for fmt in json text; do
    read -r tc tr tw < <(median "$RUNS" "$TT" "$BIG" "$fmt")
    bytes=$(wc -c <"$tmp/out")
    printf '%-6s %-9s %9.3f %10.4f %12d   (%d bytes out)\n' "$fmt" tinyturk "$tw" "$tc" "$tr" "$bytes"
    if [ -x "$AWS" ]; then
        read -r ac ar aw < <(median "$AWS_RUNS" "$AWS" "$BIG" "$fmt")
        if cmp -s "$tmp/out" <("$TT" mturk list-assignments-for-hit --endpoint-url "$URL" \
            --hit-id "$BIG" --page-size 100 --output "$fmt" 2>/dev/null); then same=identical
        else same=DIFFERENT; fi
        printf '%-6s %-9s %9.3f %10.4f %12d   (stdout %s to ours)\n' "$fmt" aws-cli "$aw" "$ac" "$ar" "$same"
        $PY -c "
tc, ac, tr, ar, tw, aw = $tc, $ac, $tr, $ar, $tw, $aw
print('%-6s ratios    CPU %.0fx less (goal 50x), peak RSS %.0fx less (goal 30x), wall %.1fx faster'
      % ('$fmt', ac / max(tc, 0.0001), ar / max(tr, 1), aw / max(tw, 0.001)))"
    fi
done
[ -x "$AWS" ] || echo "(no /usr/bin/aws: AWS CLI figures skipped; apt-get install awscli)"

if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
    echo
    if command -v valgrind >/dev/null; then
        echo "tinyturk instructions (callgrind, user space only, one run each)"
        for fmt in json text; do
            valgrind --tool=callgrind --callgrind-out-file=/dev/null "$TT" mturk \
                list-assignments-for-hit --endpoint-url "$URL" --hit-id "$BIG" --page-size 100 \
                --output "$fmt" >/dev/null 2>"$tmp/cg"
            printf '%-6s %16s\n' "$fmt" "$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg")"
        done
    else
        echo "(BENCH_CALLGRIND=1: no valgrind, instruction counts skipped)"
    fi
fi

echo
echo "endpoint floor: wall time of our runs is mostly the emulator rendering/sending 8.7 MB;"
echo "the client's own CPU share is the 'CPU s' column"
echo
echo "tinyturk peak RSS (KB) by assignment count: flat means streamed"
printf '%-12s %10s %10s %8s\n' format "1 000" "10 000" growth
for fmt in json text jsonl yaml-stream; do
    s1=$(measure_rss "$TT" "$SMALL" "$fmt")
    s2=$(measure_rss "$TT" "$BIG" "$fmt")
    printf '%-12s %10d %10d %+7d\n' "$fmt" "$s1" "$s2" "$((s2 - s1))"
done
