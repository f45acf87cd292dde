#!/usr/bin/env bash
# The executable form of "core/ is zero-malloc and calls no OS":
# compile core/*.c alone for the host and for arm-none-eabi (Cortex-M4, -Os)
# and fail if any object references a symbol that is neither defined by the
# core itself nor on the allowlist below.
set -uo pipefail
BUILD=${1:-build}
out=$BUILD/check-core
mkdir -p "$out"

WARN="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror"
ALLOW='^(memcpy|memmove|memset|memcmp|bcmp|strlen|__aeabi_[a-z0-9_]+|__(u)?(div|mod)(d|s|t)i3|__clz[a-z0-9]+|__ctz[a-z0-9]+|__popcount[a-z0-9]+|__bswap[a-z0-9]+|__stack_chk_fail|__stack_chk_guard|_GLOBAL_OFFSET_TABLE_)$'

pass=0 fail=0
check_target() {
    local name=$1 cc=$2 nm=$3; shift 3
    local dir=$out/$name
    rm -rf "$dir"; mkdir -p "$dir"
    local ok=1
    for src in core/*.c; do
        if ! $cc $WARN "$@" -Icore -c "$src" -o "$dir/$(basename "${src%.c}").o"; then
            echo "check-core: $name: $src does not compile"; ok=0
        fi
    done
    if [ $ok -eq 1 ]; then
        $nm --defined-only "$dir"/*.o | awk 'NF==3{print $3}' | sort -u >"$dir/defined.txt"
        local bad
        bad=$(for o in "$dir"/*.o; do
                  $nm -u "$o" | awk -v o="$(basename "$o")" '{print o": "$2}'
              done | while read -r o sym; do
                  grep -qxF "$sym" "$dir/defined.txt" && continue
                  [[ $sym =~ $ALLOW ]] && continue
                  echo "$o $sym"
              done)
        if [ -n "$bad" ]; then
            echo "check-core: $name: core references symbols outside the allowlist:"
            echo "$bad" | sed 's/^/  /'
            ok=0
        fi
    fi
    if [ $ok -eq 1 ]; then
        echo "check-core: $name: ok ($(ls "$dir"/*.o | wc -l) objects)"; pass=$((pass + 1))
    else
        fail=$((fail + 1))
    fi
}

check_target host gcc nm -O2
check_target host-clang clang nm -O2
check_target cortex-m4 arm-none-eabi-gcc arm-none-eabi-nm \
    -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
