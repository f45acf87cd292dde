#!/usr/bin/env bash
# make size: code and data size of the core for Cortex-M4 (-Os), per object
# and in total, plus the host library for comparison.
set -euo pipefail
BUILD=${1:-build}
out=$BUILD/size
mkdir -p "$out/m4"
FLAGS="-std=c99 -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections -Icore"
for src in core/*.c; do
    arm-none-eabi-gcc $FLAGS -c "$src" -o "$out/m4/$(basename "${src%.c}").o"
done
echo "tinyturk core, arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os (per object; bytes)"
arm-none-eabi-size -t "$out"/m4/*.o | sed "s|$out/m4/||"
echo
echo "Signing path stack on Cortex-M4 (goal <= 1536 bytes):"
scripts/stack-usage.sh "$BUILD"
