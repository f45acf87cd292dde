#!/usr/bin/env bash
# Worst-case stack from gcc's -fstack-usage / -fcallgraph-info=su (gcc >= 12).
#
#   scripts/stack-usage.sh [BUILD]
#       tt_request_sign() (what the engine signs with) on Cortex-M4 (-Os):
#       compiles the core files on the signing path into BUILD/stack-usage
#       and prints the deepest call chain with its summed frames (goal <= 1536
#       bytes).  TT_STACK_ROOT=fn picks another root among those files (e.g.
#       tt_sigv4_sign, the general signer).
#   scripts/stack-usage.sh --map IMAGE.map [--root main] [--label TEXT]
#                          [--src BEARSSL_SRC_DIR]
#       a whole firmware image: every object the link map names (board, core,
#       ports, lwIP, BearSSL archive members) must have been compiled with
#       -fcallgraph-info=su, leaving X.ci next to X.o (archive members: in
#       the archive's obj/ directory; their call sites are read from
#       --src, default build/third_party/bearssl/src).  Prints the deepest
#       chain from the root (default main: the client path of the kiosk /
#       rv32 image) and its bytes, as "STACK <bytes>" on the last line for
#       scripts/size.sh.  TT_STACK_DEBUG=1 also prints how each indirect
#       call was resolved.
#
# Indirect calls (transport and platform tables, BearSSL vtables, lwIP
# callbacks) are resolved to the functions whose address is taken in the
# image (a non-call relocation outside debug info), restricted by layer (core
# calls its own callbacks, transports and board callbacks; tt_tls calls the transport below it,
# the board and BearSSL; BearSSL calls BearSSL and the port's X.509 wrapper;
# lwIP calls lwIP, the port's callbacks and the board), then by name: the
# call site's source names the member (t->lower->recv, (*xc)->append,
# impl->mul) and candidates whose name ends in it (or shares a word with it)
# are kept.  A call back into a function already on the chain is cut
# (recursion has no static bound; the count is printed).  So the figure is a
# heuristic estimate that errs high (it may join a vtable call to the wrong
# class of the same member name), not a proof; library calls (memcpy,
# libgcc) and unmatched calls count 0 and are listed.  Compare with the
# high-water mark the painted stack gives in QEMU.
set -euo pipefail

if [ "${1:-}" != "--map" ]; then
    BUILD=${1:-build}
    ROOT=${TT_STACK_ROOT:-tt_request_sign}
    out=$BUILD/stack-usage
    rm -rf "$out"
    mkdir -p "$out"
    CFLAGS=(-std=c99 -mcpu=cortex-m4 -mthumb -Os -ffunction-sections -fdata-sections)
    for f in tt_request tt_sigv4 tt_sha256 tt_time tt_utf8 tt_base tt_arena; do
        (cd "$out" && arm-none-eabi-gcc "${CFLAGS[@]}" -I"$OLDPWD/core" -c "$OLDPWD/core/$f.c" \
            -o "$f.o" -fstack-usage -fcallgraph-info=su)
    done
    set -- --ci "$out" --root "$ROOT" --label "arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -Os" --limit 1536
else
    shift
    set -- --map "$@"
fi

exec /usr/bin/python3 - "$@" <<'PY'
import glob, os, re, subprocess, sys

args = sys.argv[1:]
opt = {"--root": "main", "--label": "", "--limit": None, "--map": None, "--ci": None,
       "--src": "build/third_party/bearssl/src"}
i = 0
while i < len(args):
    opt[args[i]] = args[i + 1]
    i += 2

def part_of(path):
    p = path.replace("\\", "/")
    if "bearssl" in p and "/port/" not in p and "tt_tls" not in p:
        return "bearssl"
    if "/lwip/" in p and "/port/" not in p and "tt_lwip" not in p:
        return "lwip"
    if "/core/" in p or p.startswith("core/"):
        return "core"
    if "/port/" in p or "tt_tls" in p or "tt_lwip" in p:
        return "port"
    return "board"

# Who an indirect call made in each layer may reach (see the header):
# C the core's own callbacks (HTTP parser -> client -> page decoder), T transport operations (*_connect/_send/_recv/_close taken in port or board
# code), B other board functions whose address is taken (platform, callbacks,
# poll hooks), V BearSSL's vtables and the port's X.509 wrapper, L lwIP's
# callbacks (taken in lwIP, or in the lwIP port other than T).
REACH = {
    "core": "TBC",
    "port-tls": "TBV",
    "port": "B",  # the lwIP port calls the board's poll / idle / clock hooks
    "bearssl": "V",
    "lwip": "LB",
    "board": "TBL",
}
TOPS = re.compile(r"_(connect|send|recv|close)$")

# ---- the objects of the image ------------------------------------------------
objs = []  # (object path, .ci path)
if opt["--map"]:
    mapf = opt["--map"]
    seen = set()
    for line in open(mapf):
        m = re.match(r"^(\S+\.a)\((\S+\.o)\)\s*$", line) or re.match(r"^(\S+\.a)\((\S+\.o)\)\s", line)
        if m:
            o = os.path.join(os.path.dirname(m.group(1)), "obj", m.group(2))
        else:
            m = re.match(r"^LOAD (\S+\.o)\s*$", line)
            if not m:
                continue
            o = m.group(1)
        if o not in seen and not o.startswith("/"):  # system libc/libgcc: no graph, count 0
            seen.add(o)
            objs.append((o, o[:-2] + ".ci"))
    missing = [c for o, c in objs if not os.path.exists(c)]
    if missing:
        print("stack: no call graph for %d objects (e.g. %s): build with -fcallgraph-info=su"
              % (len(missing), missing[0]))
        print("STACK unavailable")
        sys.exit(0)
else:
    for c in sorted(glob.glob(opt["--ci"] + "/*.ci")):
        objs.append((c[:-3] + ".o", c))

# ---- call graphs -----------------------------------------------------------------
size, dyn, part, edges, byname, home, sites = {}, set(), {}, {}, {}, {}, {}
for o, ci in objs:
    p = part_of(o)
    for line in open(ci):
        m = re.match(r'node: \{ title: "([^"]+)" label: "([^"\\]*)\\n[^"]*\\n(\d+) bytes \(([\w,]+)', line)
        if m:
            t = m.group(1)
            size[t] = int(m.group(3))
            if m.group(4) != "static":
                dyn.add(t)
            part[t] = p
            home[t] = o
            byname.setdefault((o, m.group(2)), t)
            if ":" not in t:  # a global function: callable by bare name
                byname.setdefault(m.group(2), t)
            continue
        m = re.match(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)" label: "([^"]*)"', line)
        if m:
            edges.setdefault(m.group(1), set()).add(m.group(2))
            if m.group(2) == "__indirect_call":
                sites.setdefault(m.group(1), []).append(m.group(3))

# ---- address-taken functions (targets of indirect calls) --------------------------
CALLS = {"R_ARM_THM_CALL", "R_ARM_THM_JUMP24", "R_ARM_CALL", "R_ARM_JUMP24", "R_ARM_THM_JUMP11",
         "R_ARM_THM_JUMP8", "R_ARM_THM_JUMP19", "R_ARM_V4BX", "R_RISCV_CALL", "R_RISCV_CALL_PLT",
         "R_RISCV_JAL", "R_RISCV_BRANCH", "R_RISCV_RVC_JUMP", "R_RISCV_RVC_BRANCH",
         "R_RISCV_RELAX", "R_RISCV_ALIGN"}
objdump = "riscv64-unknown-elf-objdump" if "rv32" in (opt["--map"] or "") else "arm-none-eabi-objdump"
taken = {}  # interface class -> set of node titles
for o, ci in objs:
    try:
        rel = subprocess.run([objdump, "-r", o], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        continue
    po = part_of(o)
    insec = ""
    for line in rel.splitlines():
        m = re.match(r"RELOCATION RECORDS FOR \[(\S+)\]", line)
        if m:
            insec = m.group(1)
            continue
        # Debug info and unwind tables name every function: not a use.
        if re.match(r"\.(debug|ARM\.ex|eh_frame|comment|note)", insec):
            continue
        f = line.split()
        if len(f) != 3 or f[1] in CALLS or not f[1].startswith("R_"):
            continue
        sym = re.sub(r"[+-]0x[0-9a-f]+$", "", f[2])
        if sym.startswith(".text."):
            sym = sym[6:]
        t = byname.get((o, sym)) or byname.get(sym)
        if t is None:
            continue
        name, pt = t.split(":")[-1], part[t]
        if pt in ("port", "board") and TOPS.search(name) and not name.startswith("on_"):
            k = "T"
        elif pt == "board":
            k = "B"
        elif pt == "bearssl" or (po == "port" and "tls" in o):
            k = "V"
        elif pt == "lwip" or po == "port":
            k = "L"
        elif pt == "core":
            k = "C"
        else:
            continue
        taken.setdefault(k, set()).add(t)

# ---- which member each indirect call goes through ----------------------------
# The call site's source text names the pointer (t->lower->recv(...),
# (*xc)->append(...), impl->mul(...), s->poll(...)); keep the candidates whose
# name ends in that member (tt_tls_recv, xm_append, api_mul, net_poll), else
# those sharing a word with it (irsavrfy ~ br_rsa_i31_pkcs1_vrfy), else all.
lines_cache, fallback = {}, set()
def src_text(loc):
    m = re.match(r"(.+):(\d+):(\d+)$", loc)
    if not m:
        return ""
    f, ln, col = m.group(1), int(m.group(2)), int(m.group(3))
    for cand in (f, os.path.join(opt["--src"], f)):
        if os.path.exists(cand):
            if cand not in lines_cache:
                lines_cache[cand] = open(cand, errors="replace").read().split("\n")
            L = lines_cache[cand]
            return (L[ln - 1][col - 1:] + " " + " ".join(L[ln:ln + 2])) if ln <= len(L) else ""
    return ""
GENERIC = {"br", "tt", "i31", "i15", "i32", "i62", "m31", "m15", "m62", "ct", "ct64", "api", "on", "lw", "the",
           "tcp", "udp", "event", "netif", "pcb", "null"}
def member(loc):
    t = src_text(loc)
    m = re.search(r"(?:->|\.)\s*(\w+)\s*\)?\s*\(", t) or re.match(r"\s*\(?\s*\*?\s*(\w+)\s*\)?\s*\(", t)
    return m.group(1).lower() if m else None
narrowed = {}
def narrow(n, cands):
    if n in narrowed:
        return narrowed[n]
    mems = [member(l) for l in sites.get(n, [])]
    keep = set()
    for mm, loc in zip(mems, sites.get(n, [])):
        if mm is None:
            fallback.add("%s (%s)" % (n.split(":")[-1], loc))
            if part.get(n) == "lwip":  # lwIP's timer / callback tables: any of them
                keep |= cands
            continue
        strong = {c for c in cands if c.split(":")[-1].lower() == mm or c.split(":")[-1].lower().endswith("_" + mm)}
        if not strong:
            strong = {c for c in cands
                      if any(len(w) >= 3 and w not in GENERIC and w in mm for w in c.split(":")[-1].lower().split("_"))}
        if not strong:
            fallback.add("%s->%s" % (n.split(":")[-1], mm))
            if part.get(n) == "lwip":
                strong = cands
        keep |= strong
    if os.environ.get("TT_STACK_DEBUG"):
        print("  [%s: %s -> %s]" % (n.split(":")[-1], ",".join(str(x) for x in mems),
                                   " ".join(sorted(c.split(":")[-1] for c in keep))))
    narrowed[n] = keep
    return keep

# ---- the deepest chain -------------------------------------------------------------
sys.setrecursionlimit(100000)
memo, cuts = {}, [0]
def worst(n, onpath):
    if n in memo:
        return memo[n]
    onpath.add(n)
    best = (0, [])
    for t in edges.get(n, ()):
        if t == "__indirect_call":
            cands = set()
            layer = part.get(n, "board")
            if layer == "port" and "tls" in home.get(n, ""):
                layer = "port-tls"
            for k in REACH.get(layer, ""):
                cands |= taken.get(k, set())
            # A transport calls the transport below it, never its own ops.
            cands -= {c for c in taken.get("T", ()) if home.get(c) == home.get(n)}
            cands = narrow(n, cands)
            for c in cands:
                if c in onpath:
                    cuts[0] += 1
                    continue
                w = worst(c, onpath)
                if w[0] > best[0]:
                    best = (w[0], ["(indirect)"] + w[1])
            continue
        if t in onpath:
            cuts[0] += 1
            continue
        w = worst(t, onpath)
        if w[0] > best[0]:
            best = w
    onpath.discard(n)
    r = (size.get(n, 0) + best[0], [n] + best[1])
    memo[n] = r
    return r

root = opt["--root"]
if root not in size:
    cand = [t for t in size if t.split(":")[-1] == root]
    if not cand:
        print("stack: no function %s in the call graphs" % root)
        print("STACK unavailable")
        sys.exit(0)
    root = cand[0]
total, path = worst(root, set())
print("worst call chain from %s (%s):" % (root.split(":")[-1], opt["--label"]))
prev_indirect = False
for n in path:
    if n == "(indirect)":
        prev_indirect = True
        continue
    print("  %5d  %s%s" % (size.get(n, 0), n.split(":")[-1], "   <- indirect" if prev_indirect else ""))
    prev_indirect = False
notes = []
if dyn & set(path):
    notes.append("dynamic frames on the chain: " + ", ".join(sorted(x.split(":")[-1] for x in dyn & set(path))))
if opt["--map"]:
    notes.append("%d functions, %d address-taken, %d recursive calls cut" %
                 (len(size), sum(len(v) for v in taken.values()), cuts[0]))
    if fallback:
        notes.append("indirect calls matching no address-taken function by name (lwIP's: any of its"
                     " callbacks; others counted 0): " + ", ".join(sorted(fallback)))
for s in notes:
    print("  (%s)" % s)
if opt["--limit"]:
    print("%s stack: %d bytes (limit %s)" % (root.split(":")[-1], total, opt["--limit"]))
else:
    print("STACK %d" % total)
PY
