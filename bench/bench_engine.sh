#!/usr/bin/env bash
# bench/bench_engine.sh - figures for the engine (prints, never asserts).
#   1. engine arena high-water (TLS buffers excluded) for page sizes 1/10/100
#      and Answer sizes of ~100 B / 1 KB / 8 KB: constant in the page size,
#      growing only with the largest Assignment;
#   2. client CPU time (user+sys of the ttlist process, getrusage) to list
#      10 000 assignments over HTTPS from the local emulator.
# Uses build/tools/ttlist (TT_BUILD or $1 picks the build dir) and
# tests/mturk_server.py on 127.0.0.1.
set -uo pipefail
BUILD=${TT_BUILD:-${1:-build}}
TTLIST=$BUILD/tools/ttlist
PY=/usr/bin/python3
[ -x "$TTLIST" ] || { echo "bench_engine: $TTLIST missing (run make)"; exit 0; }
tmp=$(mktemp -d)
pids=()
nb=0
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

# start_server NAME ARGS... -> sets PORT
start_server() {
    local name=$1; shift
    $PY tests/mturk_server.py --port 0 --port-file "$tmp/$name.port" --idle-timeout 120 "$@" \
        >"$tmp/$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 300); do [ -s "$tmp/$name.port" ] && break; sleep 0.1; done
    PORT=$(cat "$tmp/$name.port" 2>/dev/null)
}

field() { $PY -c "import json,sys; print(json.loads(sys.stdin.read().splitlines()[-1])['$1'])"; }

echo "engine arena high-water in bytes (TLS excluded; estimate without assignments: see 'fixed')"
printf '%-12s %8s %8s %8s %10s\n' "answer" "page=1" "page=10" "page=100" "fixed"
for ab in 100 1000 8000; do
    start_server "a$ab" --dataset "hits=1,per_hit=100,answer_bytes=$ab" --plain
    hit=$(curl -s "http://127.0.0.1:$PORT/__control/dataset" | $PY -c 'import json,sys; print(list(json.load(sys.stdin)["hits"])[0])')
    row=()
    for ps in 1 10 100; do
        out=$("$TTLIST" --endpoint "http://127.0.0.1:$PORT" --hit-id "$hit" --page-size "$ps" --quiet)
        row+=("$(echo "$out" | field arena_high_water)")
        est=$(echo "$out" | field arena_estimate)
        items=$(echo "$out" | field items)
    done
    printf '%-12s %8s %8s %8s %10s   (%s assignments each)\n' "~${ab} B" "${row[@]}" "$est" "$items"
done

echo
for variant in "as served (escapes, odd key order, decoys)" "--plain (compact JSON)"; do
    extra=()
    [[ $variant == --plain* ]] && extra=(--plain)
    start_server "bench$((++nb))" --dataset bench --tls-dir "$tmp/certs" "${extra[@]}"
    bench_hit=BENCHHIT0000000000000000000001
    url="https://127.0.0.1:$PORT"
    ca="$tmp/certs/ca.pem"
    # warm up (the server renders pages once)
    "$TTLIST" --endpoint "$url" --hit-id "$bench_hit" --ca-file "$ca" --page-size 100 --quiet >/dev/null
    base=()
    for run in 1 2 3; do
        out=$("$TTLIST" --endpoint "$url" --hit-id "$bench_hit" --ca-file "$ca" --page-size 100 \
              --max-items 1 --quiet)
        base+=("$(echo "$out" | field cpu_ms)")
    done
    bmed=$(printf '%s\n' "${base[@]}" | sort -g | sed -n 2p)
    echo "client CPU, 10 000 assignments over HTTPS, 100 pages of 100 on one connection; server JSON $variant:"
    printf '  %-34s median %7.1f ms  (runs: %s)\n' "fixed cost (start, CA, TLS, 1 page)" "$bmed" "${base[*]}"
    for mode in quiet print; do
        cpus=()
        for run in 1 2 3; do
            if [ $mode = quiet ]; then
                out=$("$TTLIST" --endpoint "$url" --hit-id "$bench_hit" --ca-file "$ca" --page-size 100 --quiet)
            else
                "$TTLIST" --endpoint "$url" --hit-id "$bench_hit" --ca-file "$ca" --page-size 100 >"$tmp/out.jsonl"
                out=$(tail -n 1 "$tmp/out.jsonl")
            fi
            cpus+=("$(echo "$out" | field cpu_ms)")
            items=$(echo "$out" | field items)
            conns=$(echo "$out" | field connections)
            hw=$(echo "$out" | field arena_high_water)
        done
        med=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n 2p)
        label="all pages, decode only (--quiet)"
        [ $mode = print ] && label="all pages + a JSON line per item"
        printf '  %-34s median %7.1f ms  (runs: %s; %s items, %s connection(s), arena high-water %s B)\n' \
            "$label" "$med" "${cpus[*]}" "$items" "$conns" "$hw"
    done
done
echo "  (cpu = user+sys of the whole ttlist process (getrusage); goal < 100 ms."
echo "   The AWS CLI needs ~3 s wall and ~84 MiB RSS for the same listing, spec section 10.)"
