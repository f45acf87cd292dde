#!/usr/bin/env bash
# scripts/board-deps.sh [DIR] - third-party sources for the board builds.
#
# Fetches Debian bookworm's source packages of lwIP and BearSSL with
# `apt-get source` into DIR (default build/third_party; never committed) and
# unpacks them as DIR/lwip and DIR/bearssl (Debian's lwIP source adds port/
# with netif/tapif.c: the host test of port/lwip, mk/lwip-host.mk, runs lwIP
# on it).  Adds a deb-src entry for bookworm
# main when the system has none.  Also installs qemu-system-arm (to run the
# mps2-an386 board) when it is missing.  Idempotent; uses sudo when not root.
set -euo pipefail
dir=${1:-build/third_party}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

have_src() { grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; }

need_update=0
if [ ! -f "$dir/lwip/src/core/tcp.c" ] || [ ! -f "$dir/bearssl/src/ssl/ssl_engine.c" ]; then
    if ! have_src; then
        echo "board-deps: adding deb-src for bookworm main (/etc/apt/sources.list.d/tinyturk-src.sources)"
        $SUDO tee /etc/apt/sources.list.d/tinyturk-src.sources >/dev/null <<X
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
X
        need_update=1
    fi
fi
if ! command -v qemu-system-arm >/dev/null || ! command -v dpkg-source >/dev/null; then
    need_update=1
fi
[ $need_update -eq 0 ] || $SUDO apt-get update -q
pk=()
command -v qemu-system-arm >/dev/null || pk+=(qemu-system-arm)
command -v dpkg-source >/dev/null || pk+=(dpkg-dev)
if [ ${#pk[@]} -gt 0 ]; then
    echo "board-deps: installing ${pk[*]}"
    $SUDO apt-get install -y -q --no-install-recommends "${pk[@]}"
fi

mkdir -p "$dir"
fetch() { # name marker-file
    local name=$1 marker=$2 tmp
    [ -f "$dir/$name/$marker" ] && return 0
    tmp=$(mktemp -d "$dir/.src.XXXXXX")
    chmod 755 "$tmp" # apt-get downloads as _apt
    echo "board-deps: apt-get source $name -> $dir/$name"
    (cd "$tmp" && apt-get source -q --download-only "$name" >/dev/null &&
        dpkg-source -q --no-check -x ./*.dsc unpacked >/dev/null)
    rm -rf "${dir:?}/$name"
    mv "$tmp/unpacked" "$dir/$name"
    rm -rf "$tmp"
}
fetch lwip src/core/tcp.c
fetch bearssl src/ssl/ssl_engine.c
echo "board-deps: sources ready in $dir"
