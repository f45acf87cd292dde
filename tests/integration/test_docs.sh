#!/usr/bin/env bash
# Integration test of the documentation and the configuration header:
#  - `make docs` (Doxygen over core/*.h and port/*/*.h, mk/docs.mk) succeeds
#    with no warning at all, i.e. every public function, type, member, macro
#    and error code is documented, and the reference has the main pages;
#  - the check bites: an undocumented function added to a copy of the
#    headers makes Doxygen fail and name it;
#  - core/tt_config.h: every option is #ifndef-guarded and commented, and a
#    TT_CONFIG_USER header overriding EVERY option with another value
#    compiles the core and the ports under -Werror (so no header defines an
#    option a second time, unguarded);
#  - README/CHANGELOG/--version agree with TT_VERSION_STRING (semver).
# The Doxygen parts are skipped when doxygen is not installed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
BUILD=${TT_BUILD:-build}
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

tmp=$(mktemp -d /tmp/tt_docs.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define TT_VERSION_STRING "\(.*\)"/\1/p' core/tinyturk.h)

# --- make docs -------------------------------------------------------------------
if command -v doxygen >/dev/null; then
    if make --no-print-directory BUILD="$BUILD" docs >"$tmp/docs.log" 2>&1; then
        ok "make docs: no warnings ($(grep -o '[0-9]* warning' "$tmp/docs.log" || echo 0 warnings))"
    else
        bad "make docs"; tail -30 "$tmp/docs.log"
    fi
    html=$BUILD/docs/html
    check "warnings.log empty" bash -c "[ -f '$BUILD/docs/warnings.log' ] && [ ! -s '$BUILD/docs/warnings.log' ]"
    check "reference: index, tinyturk.h, tt_port.h, tt_config.h, tt_error.h pages" \
        bash -c "[ -f '$html/index.html' ] && [ -f '$html/tinyturk_8h.html' ] && [ -f '$html/tt__port_8h.html' ] && \
                 [ -f '$html/tt__config_8h.html' ] && [ -f '$html/tt__error_8h.html' ]"
    check "reference: tt_client, tt_transport, tt_platform, tt_tls structs" \
        bash -c "[ -f '$html/structtt__client.html' ] && [ -f '$html/structtt__transport.html' ] && \
                 [ -f '$html/structtt__platform.html' ] && [ -f '$html/structtt__tls.html' ]"
    check "reference: error codes and tt_client_list() documented" \
        bash -c "grep -q TT_ERR_ARENA_FULL '$html/tt__error_8h.html' && grep -q 'tt_client_list' '$html/tinyturk_8h.html'"
    check "reference: version $version on the pages" grep -rqs "$version" "$html/index.html"

    # The check bites: a copy of the headers with one undocumented function.
    mkdir -p "$tmp/h"
    cp core/*.h "$tmp/h/"
    printf '\nint tt_undocumented_thing(int x);\n' >>"$tmp/h/tt_base.h"
    { cat docs/Doxyfile; echo "INPUT = $tmp/h"; echo "OUTPUT_DIRECTORY = $tmp/out"; echo "USE_MDFILE_AS_MAINPAGE ="
      echo "WARN_LOGFILE = $tmp/w.log"; } | doxygen - >/dev/null 2>&1
    rc=$?
    check "an undocumented function fails the docs check and is named" \
        bash -c "[ $rc -ne 0 ] && grep -q 'tt_undocumented_thing' '$tmp/w.log'"
else
    echo "skip: doxygen not installed (scripts/deps.sh): make docs not checked"
fi

# --- tt_config.h --------------------------------------------------------------------
opts=$(sed -n 's/^#define \(TT_[A-Z0-9_]*\) .*/\1/p' core/tt_config.h | sort -u)
nopt=$(echo "$opts" | grep -c .)
unguarded=""
for o in $opts; do
    grep -q "^#ifndef $o\$" core/tt_config.h || unguarded="$unguarded $o"
done
check "tt_config.h: all $nopt options #ifndef-guarded${unguarded:+ (not:$unguarded)}" [ -z "$unguarded" ]

# Each guarded option group has a comment right above its #ifndef (or above
# the first #ifndef of a run).
/usr/bin/python3 - core/tt_config.h >"$tmp/nodoc.txt" <<'EOF'
import re, sys
lines = open(sys.argv[1]).read().split('\n')
bad = []
for i, l in enumerate(lines):
    m = re.match(r'#ifndef (TT_\w+)$', l)
    if not m or m.group(1) == 'TT_CONFIG_H':
        continue
    j = i - 1
    # walk up through a run of guarded defines without blank lines
    while j >= 0 and lines[j].strip() and not lines[j].rstrip().endswith('*/'):
        j -= 1
    if j < 0 or not lines[j].strip():
        bad.append(m.group(1))
print(' '.join(bad))
EOF
check "tt_config.h: every option is commented" [ -z "$(cat "$tmp/nodoc.txt")" ]
[ -z "$(cat "$tmp/nodoc.txt")" ] || echo "    undocumented: $(cat "$tmp/nodoc.txt")"

# Override every option with a different value through TT_CONFIG_USER.
mkdir -p "$tmp/cfg"
{
    echo "/* every tt_config.h option, changed */"
    sed -n 's/^#define \(TT_[A-Z0-9_]*\) \([0-9][0-9]*\)\(u\{0,1\}\)$/\1 \2 \3/p' core/tt_config.h | sort -u |
        awk '!seen[$1]++' | while read -r name val suf; do
            case $name in
            TT_SHA256_SMALL | TT_TOKEN_UNICODE_DIGITS) [ "$val" = 0 ] && v=1 || v=0 ;;
            *) v=$((val * 2)) ;;
            esac
            echo "#define $name $v$suf"
        done
} >"$tmp/cfg/all_opts.h"
nover=$(grep -c '^#define' "$tmp/cfg/all_opts.h")
cfail=0
for src in core/*.c port/posix/*.c port/bearssl/*.c; do
    if ! gcc -std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -D_DEFAULT_SOURCE \
        -DTT_CONFIG_USER='"all_opts.h"' -I"$tmp/cfg" -Icore -Iport/posix -Iport/bearssl \
        -c "$src" -o "$tmp/o.o" 2>>"$tmp/cfg.log"; then
        cfail=$((cfail + 1))
    fi
done
check "TT_CONFIG_USER overriding all $nover numeric options: core + posix + bearssl compile (-Werror)" [ $cfail -eq 0 ]
[ $cfail -eq 0 ] || head -20 "$tmp/cfg.log"

# --- version ---------------------------------------------------------------------------
check "TT_VERSION_STRING $version is semver MAJOR.MINOR.PATCH" \
    bash -c "[[ '$version' =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]"
maj=$(sed -n 's/^#define TT_VERSION_MAJOR \([0-9]*\)/\1/p' core/tinyturk.h)
min=$(sed -n 's/^#define TT_VERSION_MINOR \([0-9]*\)/\1/p' core/tinyturk.h)
pat=$(sed -n 's/^#define TT_VERSION_PATCH \([0-9]*\)/\1/p' core/tinyturk.h)
check "TT_VERSION_MAJOR/MINOR/PATCH match the string" [ "$maj.$min.$pat" = "$version" ]
check "CHANGELOG.md has a section for $version" grep -q "^## \[$version\]" CHANGELOG.md
if [ -x "$BUILD/tinyturk" ]; then
    v=$("$BUILD/tinyturk" --version)
    check "tinyturk --version: tinyturk/$version (aws-cli/2.9.19 compatible) ... ($v)" \
        bash -c "[[ '$v' == 'tinyturk/$version (aws-cli/2.9.19 compatible) '* ]]"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
