#!/usr/bin/env bash
# make lint: cppcheck and clang-tidy over the project's own C sources.
set -uo pipefail
rc=0
srcs=$(ls core/*.c port/*/*.c boards/linux/*.c 2>/dev/null)
echo "== cppcheck"
cppcheck --quiet --error-exitcode=1 --std=c99 --enable=warning,portability,performance \
    --inline-suppr --suppress=missingIncludeSystem -Icore -Iport -Iport/posix -Iport/bearssl \
    -Iboards/linux $srcs || rc=1
echo "== clang-tidy"
clang-tidy --quiet -checks='-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,cert-err34-c,clang-analyzer-*,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling' \
    --warnings-as-errors='clang-analyzer-*' $srcs -- -std=c99 -D_DEFAULT_SOURCE -Icore -Iport \
    -Iport/posix -Iport/bearssl -Iboards/linux 2>/dev/null || rc=1
[ $rc -eq 0 ] && echo "lint: clean"
exit $rc
