#!/usr/bin/env bash
# Install the Debian packages tinyturk's build, tests, demo and benchmarks use.
#   scripts/deps.sh                install anything missing, print what it does
#   scripts/deps.sh --missing-only same, but silent when nothing is missing
# Uses apt-get (through sudo when not root).  Adds nothing else to the system.
set -euo pipefail

PACKAGES=(
    make gcc clang libclang-rt-14-dev      # host builds, sanitizers, libFuzzer
    libbearssl-dev                         # TLS
    gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi  # check-core, boards
    gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf  # rv32 board (make BOARD=rv32, make size)
    valgrind cppcheck clang-tidy           # make valgrind / make lint
    lcov                                   # make coverage (with gcc's gcov)
    python3 python3-botocore python3-yaml  # local MTurk endpoint, golden generators
    python3-jmespath                       # differential test of --query (test_diff_jmespath.py)
    openssl                                # test CA and certificates
    iproute2 less time                     # test networks, pager, /usr/bin/time in benches
    qemu-system-arm dpkg-dev               # mps2-an386 board: QEMU, apt-get source
    gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf cmake pkgconf doxygen  # make lib/install/docs tests
)

quiet=0
[ "${1:-}" = "--missing-only" ] && quiet=1

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    [ $quiet -eq 1 ] || echo "deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
