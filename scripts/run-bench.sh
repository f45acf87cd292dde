#!/usr/bin/env bash
# make bench: run every benchmark and print its figures (nothing is asserted).
set -uo pipefail
BUILD=${1:-build}
export TT_BUILD=$BUILD
echo "== tinyturk benchmarks ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -m)) =="
for b in "$BUILD"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo; echo "-- $(basename "$b")"
    "$b" || echo "(benchmark $(basename "$b") exited with $?)"
done
for s in bench/*.sh; do
    [ -f "$s" ] || continue
    echo; echo "-- $(basename "$s")"
    bash "$s" || echo "(benchmark $(basename "$s") exited with $?)"
done
