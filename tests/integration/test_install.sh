#!/usr/bin/env bash
# Integration test of `make install` / `make uninstall` (mk/install.mk):
# installs into a temporary DESTDIR with a non-default PREFIX, checks every
# file and the generated tinyturk.pc, builds a small program against the
# INSTALLED copy only (its flags from pkg-config with PKG_CONFIG_PATH and
# PKG_CONFIG_SYSROOT_DIR, compiled outside the source tree), runs it, runs the
# installed CLI, then uninstalls and checks nothing is left.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

tmp=$(mktemp -d /tmp/tt_install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
prefix=/opt/tinyturk-test
root=$stage$prefix
version=$(sed -n 's/^#define TT_VERSION_STRING "\(.*\)"/\1/p' core/tinyturk.h)

# Default PREFIX is /usr/local (dry run: nothing written).
check "default PREFIX is /usr/local" \
    bash -c "make --no-print-directory -n BUILD='$BUILD' install DESTDIR=/nowhere | grep -q '/nowhere/usr/local/bin/tinyturk'"

if make --no-print-directory BUILD="$BUILD" install DESTDIR="$stage" PREFIX="$prefix" >"$tmp/install.log" 2>&1; then
    ok "make install DESTDIR=... PREFIX=$prefix"
else
    bad "make install"; tail -20 "$tmp/install.log"
fi

check "CLI installed, executable" test -x "$root/bin/tinyturk"
check "man page installed" test -f "$root/share/man/man1/tinyturk.1"
check "libtinyturk.a installed" test -f "$root/lib/libtinyturk.a"
check "tinyturk.pc installed" test -f "$root/lib/pkgconfig/tinyturk.pc"
nh=$(ls core/*.h port/posix/*.h port/bearssl/*.h | wc -l)
check "all $nh public headers in include/tinyturk/" \
    bash -c "[ \$(ls '$root/include/tinyturk/' | wc -l) -eq $nh ] && [ -f '$root/include/tinyturk/tinyturk.h' ]"
check "nothing outside PREFIX" bash -c "[ -z \"\$(find '$stage' -mindepth 1 -maxdepth 1 ! -name opt)\" ]"
check "installed headers are 0644, CLI 0755" \
    bash -c "[ \$(stat -c %a '$root/include/tinyturk/tinyturk.h') = 644 ] && [ \$(stat -c %a '$root/bin/tinyturk') = 755 ]"
check ".pc says prefix=$prefix, version $version" \
    bash -c "grep -qx 'prefix=$prefix' '$root/lib/pkgconfig/tinyturk.pc' && grep -qx 'Version: $version' '$root/lib/pkgconfig/tinyturk.pc'"

export PKG_CONFIG_PATH=$root/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=$root/lib/pkgconfig
flags=$(pkg-config --cflags --libs tinyturk 2>&1)
echo "  pkg-config --cflags --libs tinyturk: $flags"
check "pkg-config --cflags points at the installed include/tinyturk" \
    bash -c "[[ '$flags' == *'-I$root/include/tinyturk'* ]]"
check "pkg-config --libs: -L<installed lib> -ltinyturk -lbearssl" \
    bash -c "[[ '$flags' == *'-L$root/lib -ltinyturk -lbearssl'* ]]"
check "pkg-config --modversion = TT_VERSION_STRING" [ "$(pkg-config --modversion tinyturk)" = "$version" ]

# A consumer program, outside the tree: only the installed copy is reachable.
mkdir -p "$tmp/app"
cat >"$tmp/app/app.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <tinyturk.h>
#include <tt_posix.h>

int main(void)
{
    static unsigned char mem[8192];
    tt_posix_platform pp;
    tt_platform plat;
    tt_posix_socket sock;
    tt_transport tcp;
    tt_arena arena;
    tt_client client;
    tt_client_config cfg;
    tt_list_params lp;
    int rc;

    tt_posix_platform_init(&pp, &plat);
    tt_posix_transport_init(&sock, &tcp);
    tt_arena_init(&arena, mem, sizeof mem);
    tt_client_config_defaults(&cfg);
    cfg.transport = &tcp;
    cfg.platform = &plat;
    cfg.host = "127.0.0.1";
    cfg.port = 1; /* nothing listens there: connection refused */
    cfg.https = 0;
    cfg.max_attempts = 1;
    cfg.connect_timeout_ms = 2000;
    if (tt_client_init(&client, &cfg) != TT_OK)
        return 1;
    tt_list_params_defaults(&lp);
    lp.hit_id = tt_str_c("3XHIT");
    rc = tt_client_list(&client, &arena, &lp, NULL);
    printf("version %s (%d.%d.%d)\n", TT_VERSION_STRING, TT_VERSION_MAJOR, TT_VERSION_MINOR,
           TT_VERSION_PATCH);
    printf("list: %s\n", tt_errname(rc));
    tt_client_close(&client);
    return 0;
}
EOF
# shellcheck disable=SC2086
if (cd "$tmp/app" && ${CC:-cc} -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror \
    -D_DEFAULT_SOURCE -o app app.c $flags) >"$tmp/app.log" 2>&1; then
    ok "a program builds against the installed copy with pkg-config's flags"
    out=$("$tmp/app/app" 2>&1)
    echo "  $out" | tr '\n' ' '; echo
    check "it runs: version from the installed header" grep -q "version $version" <<<"$out"
    check "it runs: the engine reports TT_ERR_CONNECT for a closed port" grep -q "list: TT_ERR_CONNECT" <<<"$out"
else
    bad "build against the installed copy"; cat "$tmp/app.log"
fi

vout=$("$root/bin/tinyturk" --version 2>&1)
check "installed CLI --version shows $version ($vout)" grep -q "^tinyturk/$version " <<<"$vout"
if command -v man >/dev/null; then
    check "installed man page renders" bash -c "MANWIDTH=80 man -l '$root/share/man/man1/tinyturk.1' 2>/dev/null | grep -qi 'list-assignments-for-hit'"
fi

# uninstall: every file gone, include/tinyturk removed; a foreign file in it
# would be kept (and said so) - tested on a second install.
if make --no-print-directory BUILD="$BUILD" uninstall DESTDIR="$stage" PREFIX="$prefix" >"$tmp/un.log" 2>&1; then
    ok "make uninstall"
else
    bad "make uninstall"; tail -20 "$tmp/un.log"
fi
left=$(find "$stage" -type f -o -type l)
check "no file left after uninstall" [ -z "$left" ]
[ -z "$left" ] || echo "$left"
check "include/tinyturk removed" test ! -e "$root/include/tinyturk"

make --no-print-directory BUILD="$BUILD" install DESTDIR="$stage" PREFIX="$prefix" >/dev/null 2>&1
touch "$root/include/tinyturk/mine.h"
make --no-print-directory BUILD="$BUILD" uninstall DESTDIR="$stage" PREFIX="$prefix" >"$tmp/un2.log" 2>&1
check "uninstall keeps a file it did not install (and says so)" \
    bash -c "[ -f '$root/include/tinyturk/mine.h' ] && [ \$(find '$stage' -type f | wc -l) -eq 1 ] && grep -q 'kept' '$tmp/un2.log'"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
