#!/usr/bin/env bash
# make size: code, RAM, stack and SHA-256 figures of the firmware images.
#
#   scripts/size.sh [BUILD]
#
# Builds both board images into BUILD/size/ (as `make BOARD=...` does, with
# -fstack-usage and -fcallgraph-info=su: .su/.ci files next to the objects),
# then prints per target - Cortex-M4 mps2-an386 (the kiosk)
# and rv32 (RV32IMAC, picolibc):
#   flash (.text + .rodata + .data) and RAM (.data + .bss) of the core
#   engine, tt_qfa, the ports (port/bearssl tt_tls + port/lwip tt_lwip), BearSSL, lwIP, the board
#   and the C library, and of the whole image (from its section headers);
#   the stack reservation and the peak stack of the client path (static
#   estimate from the call graphs, scripts/stack-usage.sh; measured
#   high-water mark of the painted stack when the kiosk runs in QEMU);
#   the arenas the image reserves and what a run used;
#   instructions per poll under QEMU -icount (the first poll with the TLS
#   handshake, polls on the kept-alive connection);
#   SHA-256 instructions per byte under QEMU -icount (core vs BearSSL, M4:
#   boards/mps2-an386/bench/sha_bench.c).
# QEMU parts: the SHA-256 bench needs qemu-system-arm only; the kiosk runs
# (the test PKI's RSA server key, then its ECDSA one) need root too
# (network namespace + TAP).  Without them the figure is reported as
# unavailable, never guessed.  SIZE_RUN=0 skips every QEMU run.
# Goals checked (issue 5, Cortex-M4 -Os): core engine (core/ except tt_qfa,
# the answers decoder the kiosk links to print ANSWER lines, shown apart)
# <= 12 KB flash; our SHA-256
# <= BearSSL's instructions/byte; kiosk <= 96 KB flash and <= 64 KB RAM
# (static RAM + the stack reservation); a kept-alive poll < 1 M instructions.
set -uo pipefail
BUILD=${1:-build}
SB=$BUILD/size
mkdir -p "$SB"
RUN=${SIZE_RUN:-1}
# Both boards compile with -fstack-usage -fcallgraph-info=su (their
# board.mk); XCC repeats them for mps2-an386 so the call graphs exist even
# if that board's flags change.
M4CC="arm-none-eabi-gcc -fstack-usage -fcallgraph-info=su"
JOBS=-j$(nproc 2>/dev/null || echo 2)

have() { command -v "$1" >/dev/null 2>&1; }

build_target() { # target -> 0 when the image exists
    local t=$1 log=$SB/$1.build.log
    case $t in
    # The kiosk twice: as it ships (LTO, board.mk's default) and the same
    # sources with LTO=0, whose link map attributes flash to the parts and
    # whose .su/.ci files feed the static stack analysis.
    mps2-an386) make --no-print-directory "$JOBS" BOARD=mps2-an386 BUILD="$SB" XCC="$M4CC" all >"$log" 2>&1 &&
        make --no-print-directory "$JOBS" BOARD=mps2-an386 BUILD="$SB/nolto" XCC="$M4CC" LTO=0 all >>"$log" 2>&1 ;;
    rv32) make --no-print-directory "$JOBS" BOARD=rv32 BUILD="$SB" all >"$log" 2>&1 ;;
    esac
}

declare -A ELF MAP OK
ELF[mps2-an386]=$SB/mps2-an386/kiosk.elf
MAP[mps2-an386]=$SB/nolto/mps2-an386/kiosk.map # parts and stack: the LTO=0 link
ELF[rv32]=$SB/rv32/tinyturk-rv32.elf
MAP[rv32]=$SB/rv32/tinyturk-rv32.map
for t in mps2-an386 rv32; do
    echo "size: building $t into $SB/$t ..."
    if build_target "$t"; then
        OK[$t]=1
    else
        OK[$t]=0
        echo "size: $t did not build (last lines of $SB/$t.build.log):"
        tail -n 5 "$SB/$t.build.log" | sed 's/^/    /'
    fi
done

# ---- measured: the kiosk in QEMU (root), the SHA-256 bench (qemu only) ----
KIOSK_LOG=$SB/kiosk-run.log
rm -f "$KIOSK_LOG" "$SB/kiosk-run.status" "$SB/kiosk-run-ec.log"
if [ "$RUN" = 0 ]; then
    echo "unavailable: SIZE_RUN=0" >"$SB/kiosk-run.status"
elif [ "${OK[mps2-an386]}" != 1 ]; then
    echo "unavailable: the kiosk image did not build" >"$SB/kiosk-run.status"
elif [ "$(id -u)" -ne 0 ]; then
    echo "unavailable: needs root (network namespace + TAP for the kiosk run)" >"$SB/kiosk-run.status"
elif ! have qemu-system-arm; then
    echo "unavailable: qemu-system-arm not installed (make BOARD=mps2-an386 deps)" >"$SB/kiosk-run.status"
else
    echo "size: running the kiosk in QEMU (HTTPS, -icount) for the measured figures ..."
    if RUN_TIMEOUT=100 timeout 110 make --no-print-directory BOARD=mps2-an386 BUILD="$SB" XCC="$M4CC" \
        TLS=1 run >"$KIOSK_LOG" 2>&1; then
        echo "measured: kiosk run OK (TLS, QEMU -icount shift=0)" >"$SB/kiosk-run.status"
    else
        echo "unavailable: the kiosk run failed (see $KIOSK_LOG)" >"$SB/kiosk-run.status"
    fi
    # Again with the test PKI's ECDSA (P-256) server key: the deepest
    # handshake path (ECDSA verification), same CA, so the same image.
    pki=$SB/mps2-an386/pki
    if [ -s "$pki/server-ec.pem" ]; then
        mkdir -p "$SB/pki-ec"
        cp "$pki/server-ec.pem" "$SB/pki-ec/server.pem"
        cp "$pki/server-ec.key" "$SB/pki-ec/server.key"
        RUN_TIMEOUT=100 BOARD_TLS=1 BOARD_PKI="$SB/pki-ec" timeout 110 \
            scripts/board-run.sh "${ELF[mps2-an386]}" >"$SB/kiosk-run-ec.log" 2>&1 || true
    fi
fi

SHA_LOG=$SB/sha-bench.log
rm -f "$SHA_LOG"
sha_status="unavailable: the mps2-an386 BearSSL build is missing"
BRLIB=$SB/nolto/mps2-an386/bearssl/libbearssl.a # per-object code, as the bench itself
if [ "$RUN" = 0 ]; then
    sha_status="unavailable: SIZE_RUN=0"
elif ! have qemu-system-arm; then
    sha_status="unavailable: qemu-system-arm not installed"
elif [ -f "$BRLIB" ]; then
    o=$SB/bench-m4
    mkdir -p "$o"
    F=(-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -mcpu=cortex-m4 -mthumb
        -mfloat-abi=soft -Os -ffunction-sections -fdata-sections -Iboards/mps2-an386 -Icore
        -isystem build/third_party/bearssl/inc)
    sha_status="measured: QEMU mps2-an386 -icount shift=0"
    if arm-none-eabi-gcc "${F[@]}" -c boards/mps2-an386/startup.c -o "$o/startup.o" &&
        arm-none-eabi-gcc "${F[@]}" -c boards/mps2-an386/bsp.c -o "$o/bsp.o" &&
        arm-none-eabi-gcc "${F[@]}" -c core/tt_base.c -o "$o/tt_base.o"; then
        # -Os default code shape (TT_SHA256_SMALL=1) and the unrolled one.
        for v in 1 0; do
            arm-none-eabi-gcc "${F[@]}" -DTT_SHA256_SMALL="$v" -c core/tt_sha256.c -o "$o/tt_sha256_$v.o" &&
                arm-none-eabi-gcc "${F[@]}" -DTT_SHA256_SMALL="$v" -c boards/mps2-an386/bench/sha_bench.c \
                    -o "$o/sha_bench_$v.o" &&
                arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -T boards/mps2-an386/mps2.ld \
                    -nostartfiles --specs=nano.specs -Wl,--gc-sections -o "$o/sha_bench_$v.elf" \
                    "$o/sha_bench_$v.o" "$o/tt_sha256_$v.o" "$o/tt_base.o" "$o/startup.o" "$o/bsp.o" \
                    "$BRLIB" -lc -lgcc &&
                timeout 60 qemu-system-arm -M mps2-an386 -icount shift=0 -display none -nographic \
                    -semihosting-config enable=on,target=native -kernel "$o/sha_bench_$v.elf" \
                    >>"$SHA_LOG" 2>&1 || sha_status="unavailable: the bench failed (see $SHA_LOG)"
            arm-none-eabi-size "$o/tt_sha256_$v.o" | awk -v v=$v 'NR==2 {print "SHA256-CODE " v " " $1+$2}' >>"$SHA_LOG"
        done
    else
        sha_status="unavailable: the bench did not compile"
    fi
fi

# ---- static stack estimates ---------------------------------------------
for t in mps2-an386 rv32; do
    rm -f "$SB/$t.stack"
    [ "${OK[$t]}" = 1 ] || continue
    scripts/stack-usage.sh --map "${MAP[$t]}" --root main --label "$t" >"$SB/$t.stack" 2>&1 ||
        echo "STACK unavailable" >>"$SB/$t.stack"
done

# ---- the report ------------------------------------------------------------
/usr/bin/python3 - "$SB" "${OK[mps2-an386]}" "${OK[rv32]}" "$sha_status" <<'PY'
import os, re, subprocess, sys
sb, ok_m4, ok_rv, sha_status = sys.argv[1:5]
# (name, description, image as run, the same without LTO for the parts or
# None when the image itself has no LTO, tool prefix, built)
targets = [("mps2-an386", "Cortex-M4 (arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os -flto, newlib-nano)",
            sb + "/mps2-an386/kiosk", sb + "/nolto/mps2-an386/kiosk", "arm-none-eabi-", ok_m4 == "1"),
           ("rv32", "RV32IMAC (riscv64-unknown-elf-gcc -march=rv32imac -mabi=ilp32 -Os, picolibc)",
            sb + "/rv32/tinyturk-rv32", None, "riscv64-unknown-elf-", ok_rv == "1")]
KB = 1024.0

def part_of(path):
    p = path
    if "/port/" in p or "tt_tls" in p or "tt_lwip" in p:
        return "ports"
    if "/lwip/" in p:
        return "lwip"
    if "/core/" in p:
        return "core"
    if "bearssl" in p:
        return "bearssl"
    if "/gen/" in p or "/board/" in p:
        return "board"
    if "libgcc" in p or "libc" in p or "newlib" in p or "picolibc" in p or p.startswith("/usr/"):
        return "libc"
    return "board"

def mapparts(mapfile):
    """flash/ram bytes per part and per core module, from the link map's
    input sections (strings counted before merging)."""
    flash, ram, mods = {}, {}, {}
    funcs.clear()
    on, pending, last = False, None, None
    for line in open(mapfile):
        if line.startswith("Linker script and memory map"):
            on = True
            continue
        if not on:
            continue
        # Merged string sections: ld shows the merged blob's size on one of
        # them and the input size as "(size before relaxing)": use the latter.
        m = re.match(r"^\s+(0x[0-9a-f]+) \(size before relaxing\)", line)
        if m and last:
            d = int(m.group(1), 16) - last[1]
            for tab, key in last[0]:
                tab[key] = tab.get(key, 0) + d
            last = None
            continue
        last = None
        m = re.match(r"^ (\.\S+)\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)", line)
        if m:
            sec, size, f = m.group(1), int(m.group(3), 16), m.group(4)
            pending = None
        else:
            m1 = re.match(r"^ (\.\S+)\s*$", line)
            if m1:
                pending = m1.group(1)
                continue
            m2 = re.match(r"^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)", line)
            if not (m2 and pending):
                pending = None
                continue
            sec, size, f = pending, int(m2.group(2), 16), m2.group(3)
            pending = None
        if size == 0 or f.startswith("*"):
            continue
        p = part_of(f)
        if p == "core" and os.path.basename(f) == "tt_qfa.o":
            p = "qfa"  # counted apart from the engine (issue 5's list)
        tabs = []
        if re.match(r"\.(text|rodata|srodata|vectors)", sec):
            tabs.append(flash)
        elif re.match(r"\.(s?data|s?bss)", sec) or sec.startswith("COMMON"):
            if re.match(r"\.s?data", sec):
                tabs.append(flash)
            tabs.append(ram)
        else:
            continue
        for tab in tabs:
            tab[p] = tab.get(p, 0) + size
        last = ([(tab, p) for tab in tabs], size)
        if p == "core" and re.match(r"\.(text|rodata|srodata|s?data)", sec):
            mod = os.path.basename(f)[:-2]
            mods[mod] = mods.get(mod, 0) + size
            last[0].append((mods, mod))
            if sec.startswith(".text."):
                funcs[sec[6:]] = funcs.get(sec[6:], 0) + size
    return flash, ram, mods

funcs = {}  # core function -> code bytes (of the last map read)

def sections(prefix, elf):
    out = subprocess.run([prefix + "size", "-A", elf], capture_output=True, text=True).stdout
    s = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 3 and f[0].startswith(".") and f[1].isdigit():
            s[f[0]] = int(f[1])
    return s

def symsize(prefix, elf, name):
    out = subprocess.run([prefix + "nm", "-S", elf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3] == name:
            return int(f[1], 16)
    return None

polls = []  # the kiosk's POLL lines (what each poll listed, its instructions)

def figures(log, keep_polls=True):
    fig = {}
    if os.path.exists(log):
        for line in open(log, errors="replace"):
            m = re.search(r"FIGURE (\w+) (\d+)", line)
            if m:
                fig[m.group(1)] = int(m.group(2))
            if keep_polls and line.startswith("POLL "):
                polls.append(line.strip())
    return fig

def kb(n):
    return "%7.1f" % (n / KB)

status = open(sb + "/kiosk-run.status").read().strip() if os.path.exists(sb + "/kiosk-run.status") else "unavailable"
kfig = figures(sb + "/kiosk-run.log")
if status.startswith("measured") and "stack_high_water" not in kfig:
    status = "unavailable: the kiosk printed no FIGURE lines (see %s/kiosk-run.log)" % sb
goals = []
print()
print("=" * 78)
print("tinyturk firmware size report (make size; bytes in KB = 1024 B)")
print("=" * 78)
def image_size(prefix, elf):
    """(flash, RAM without the stack, stack reservation) from the section headers"""
    sec = sections(prefix, elf)
    text = sum(v for k, v in sec.items() if k in (".text", ".ARM.exidx", ".rodata", ".srodata"))
    data = sum(v for k, v in sec.items() if k in (".data", ".sdata"))
    bss = sum(v for k, v in sec.items() if k in (".bss", ".sbss"))
    return text + data, data + bss, sec.get(".stack", 0)

for name, desc, base, partbase, prefix, ok in targets:
    print()
    print("%s: %s" % (name, desc))
    if not ok:
        print("  unavailable: the image did not build (see %s/%s.build.log)" % (sb, name))
        continue
    elf = base + ".elf"
    pbase = partbase or base
    flash, ram, mods = mapparts(pbase + ".map")
    img_flash, img_ram, stack = image_size(prefix, elf)
    part_flash, part_ram, _ = image_size(prefix, pbase + ".elf")
    W = 44
    print("  %-*s %9s %9s" % (W, "part", "flash KB", "RAM KB"))
    rows = [("core engine (core/*.c except tt_qfa)", "core"),
            ("tt_qfa (answers decoder: kiosk ANSWER lines)", "qfa"),
            ("ports (tt_tls + tt_lwip)", "ports"), ("BearSSL", "bearssl"),
            ("lwIP", "lwip"), ("board (startup, app, NIC, anchor)", "board"), ("C library + libgcc", "libc")]
    sf = sr = 0
    for label, p in rows:
        print("  %-*s %9s %9s" % (W, label, kb(flash.get(p, 0)), kb(ram.get(p, 0))))
        sf += flash.get(p, 0)
        sr += ram.get(p, 0)
    print("  %-*s %9s %9s" % (W, "string merging, alignment", kb(part_flash - sf), kb(part_ram - sr)))
    if partbase:
        print("  %-*s %9s %9s" % (W, "sum: the image linked without LTO", kb(part_flash), kb(part_ram)))
        print("  %-*s %9s %9s" % (W, "link-time optimisation (-flto)", kb(img_flash - part_flash),
                                   kb(img_ram - part_ram)))
        print("  %-*s %9s %9s" % (W, "whole image, -flto (section headers)", kb(img_flash), kb(img_ram)))
        print("  (parts: the same sources linked without LTO, %s.map:" % os.path.relpath(pbase))
        print("  an LTO map names link-time units, not parts.  The image that runs and the goals: -flto.)")
    else:
        print("  %-*s %9s %9s" % (W, "whole image (section headers)", kb(img_flash), kb(img_ram)))
    print("  %-*s %9s %9s" % (W, "stack reservation (.stack)", "", kb(stack)))
    print("  %-*s %9s %9s" % (W, "RAM with the stack", "", kb(img_ram + stack)))
    rest = sum(flash.get(p, 0) for p in ("ports", "bearssl", "lwip", "board", "libc"))
    print("  %-*s %9s" % (W, "(ports + BearSSL + lwIP + board + libc)", kb(rest)))
    arena = symsize(prefix, elf, "arena_mem")
    tls = symsize(prefix, elf, "tls_mem")
    if arena is not None or tls is not None:
        print("  arenas reserved (in board RAM): core arena %s B, TLS arena %s B" % (arena, tls))
    st = open(sb + "/%s.stack" % name).read() if os.path.exists(sb + "/%s.stack" % name) else ""
    m = re.search(r"STACK (\d+|unavailable)", st)
    est = m.group(1) if m else "unavailable"
    print("  peak stack, client path (main -> tt_client_list -> TLS -> lwIP), static estimate%s: %s%s"
          % (" (of the non-LTO link)" if partbase else "", est, " B" if est.isdigit() else ""))
    if name == "mps2-an386":
        if status.startswith("measured"):
            print("  measured in QEMU (%s):" % status.split(":", 1)[1].strip())
            print("    stack high-water %d B of %d B (RSA server key)" % (kfig.get("stack_high_water", 0), kfig.get("stack_size", 0)))
            efig = figures(sb + "/kiosk-run-ec.log", keep_polls=False)
            if "stack_high_water" in efig:
                print("    stack high-water %d B of %d B (ECDSA P-256 server key; handshake %d instructions)"
                      % (efig["stack_high_water"], efig.get("stack_size", 0), efig.get("connect_busy_instructions", 0)))
                kfig["stack_high_water"] = max(kfig["stack_high_water"], efig["stack_high_water"])
            else:
                print("    stack high-water with an ECDSA server key: unavailable (see %s/kiosk-run-ec.log)" % sb)
            for line in polls:
                print("    " + line)
            for k in ("arena_high_water", "arena_capacity", "arena_estimate", "tls_arena_used",
                      "connect_busy_instructions", "first_poll_instructions", "kept_alive_poll_instructions",
                      "list_busy_instructions", "connects"):
                if k in kfig:
                    print("    %-30s %d" % (k, kfig[k]))
            if kfig.get("stack_high_water", 0) + 64 >= kfig.get("stack_size", 1 << 30):
                print("    WARNING: the painted stack is used up to its bottom: it may have overflowed")
            if "kept_alive_poll_instructions" in kfig:
                goals.append(("a kept-alive poll < 1 M instructions",
                              kfig["kept_alive_poll_instructions"] < 1000000,
                              "%d instructions (first poll, with the TLS handshake: %d)"
                              % (kfig["kept_alive_poll_instructions"], kfig.get("first_poll_instructions", 0))))
        else:
            print("  measured stack high-water / arena use: %s" % status)
            goals.append(("a kept-alive poll < 1 M instructions", None, status))
    else:
        print("  measured stack high-water: unavailable (the rv32 image has a stub NIC and is not run)")
    if name == "mps2-an386":
        print("  core engine by module (flash bytes in the image; tt_qfa apart: %d):" % flash.get("qfa", 0))
        for mod, n in sorted(mods.items(), key=lambda x: -x[1]):
            print("    %-16s %6d" % (mod, n))
        print("  largest core engine functions (code bytes):")
        top = sorted(funcs.items(), key=lambda x: -x[1])[:12]
        for i in range(0, len(top), 3):
            print("    " + "  ".join("%-26s %5d" % (f[:26], n) for f, n in top[i:i + 3]))
        core = flash.get("core", 0)
        goals.append(("core engine <= 12 KB flash (M4; without tt_qfa)", core <= 12 * 1024,
                      "%.1f KB (+ tt_qfa %.1f KB, counted apart)" % (core / KB, flash.get("qfa", 0) / KB)))
        goals.append(("kiosk <= 96 KB flash", img_flash <= 96 * 1024, "%.1f KB" % (img_flash / KB)))
        goals.append(("kiosk <= 64 KB RAM incl. stack", img_ram + stack <= 64 * 1024,
                      "%.1f KB (%.1f static + %.1f stack)" % ((img_ram + stack) / KB, img_ram / KB, stack / KB)))

print()
print("SHA-256 on Cortex-M4, 32 KB hashed, QEMU -icount shift=0 (instructions per byte):")
sha = {}
code = {}
if os.path.exists(sb + "/sha-bench.log"):
    for line in open(sb + "/sha-bench.log", errors="replace"):
        m = re.search(r"SHA256 (\S+) bytes=(\d+) instructions=(\d+)", line)
        if m:
            sha[m.group(1)] = int(m.group(3)) / int(m.group(2))
        m = re.match(r"SHA256-CODE (\d) (\d+)", line)
        if m:
            code[m.group(1)] = int(m.group(2))
if sha and sha_status.startswith("measured"):
    for k in ("tt_sha256(small)", "tt_sha256(unrolled)", "br_sha256"):
        if k in sha:
            extra = ""
            if k == "tt_sha256(small)" and "1" in code:
                extra = "  (default under -Os; tt_sha256.o %d B)" % code["1"]
            if k == "tt_sha256(unrolled)" and "0" in code:
                extra = "  (TT_SHA256_SMALL=0; tt_sha256.o %d B)" % code["0"]
            print("  %-22s %6.1f%s" % (k, sha[k], extra))
    if "tt_sha256(small)" in sha and "br_sha256" in sha:
        goals.append(("our SHA-256 <= BearSSL's instructions/byte",
                      sha["tt_sha256(small)"] <= sha["br_sha256"],
                      "%.1f vs %.1f (unrolled: %.1f)" % (sha["tt_sha256(small)"], sha["br_sha256"],
                                                         sha.get("tt_sha256(unrolled)", 0))))
else:
    print("  " + sha_status)
    goals.append(("our SHA-256 <= BearSSL's instructions/byte", None, sha_status))

print()
print("Goals (issue 5, Cortex-M4 -Os):")
for g, met, val in goals:
    print("  %-50s %-6s %s" % (g, "n/a" if met is None else ("MET" if met else "MISSED"), val))
print()
print("(details: %s/<target>.stack = the call chains; %s/kiosk-run.log = the QEMU run)" % (sb, sb))
PY

echo
echo "Signing path stack on Cortex-M4 (goal <= 1536 bytes):"
scripts/stack-usage.sh "$BUILD"
