#!/usr/bin/env bash
# make fuzz: build every tests/fuzz/fuzz_*.c as a libFuzzer target (clang,
# ASan+UBSan) and run each for FUZZ_SECONDS (default 60).
set -euo pipefail
BUILD=${1:-build}
SECS=${FUZZ_SECONDS:-60}
out=$BUILD/fuzz
mkdir -p "$out"
for f in tests/fuzz/fuzz_*.c; do
    name=$(basename "${f%.c}")
    clang -std=c99 -g -O1 -fsanitize=fuzzer,address,undefined -Icore -D_DEFAULT_SOURCE \
        "$f" core/*.c -o "$out/$name"
    mkdir -p "$out/$name-corpus"
    echo "== $name ($SECS s)"
    "$out/$name" -max_total_time="$SECS" -print_final_stats=1 "$out/$name-corpus" 2>&1 | tail -n 12
done
