#!/usr/bin/env bash
# scripts/board-run.sh ELF [kiosk settings...] - run a board image under QEMU
# against the local MTurk emulator, on a private network.
#
# Creates a network namespace with a TAP device (10.77.0.1/24 on the host
# side; the board is 10.77.0.2), starts tests/mturk_server.py inside it
# (it listens on the namespace's 127.0.0.1; a small forwarder inside the
# namespace exposes it on 10.77.0.1:8080), runs qemu-system-arm -M mps2-an386
# inside it with the LAN9118 on the TAP, prints the UART output, cleans
# everything up and exits with QEMU's status (the kiosk's semihosting exit
# code).  Nothing can leave the namespace: it has no route to the host.
#
# Kiosk settings (e.g. "hit=3DEMOHIT0000000000000000000002 page=7") are passed
# on the semihosting command line (QEMU -append).
# Environment:
#   BOARD_MACHINE  QEMU machine (mps2-an386)
#   EMU_ARGS       extra emulator options (default: --dataset demo), e.g.
#                  "--dataset demo --clock-skew 3600"
#   ICOUNT=0       no -icount shift=0 (instruction-count figures are then
#                  meaningless, the run is a bit faster)
#   RUN_TIMEOUT    seconds before QEMU is killed (240)
#   BOARD_LOG      also copy the UART output to this file
#   BOARD_TLS=1    HTTPS: the emulator serves TLS with BOARD_PKI/server.pem
#                  (BOARD_PKI = the test PKI the image's trust anchor came
#                  from, made by tests/gen_certs.sh at build time); the board
#                  gets "https=1 time=<host unix time>" (its TLS needs a clock
#                  for certificate dates, as SNTP would give a real device).
#                  BOARD_TLS=0: plain HTTP, the board gets "https=0".
#   BOARD_HOST=1   ELF is a host program on lwIP's tapif (tests/lwip): it runs
#                  in the namespace with PRECONFIGURED_TAPIF=tap0 and the
#                  settings as its arguments, instead of QEMU.
#   BOARD_DNS_NAMES  names the namespace's DNS server (10.77.0.1:53/udp)
#                  resolves to 10.77.0.1 (default "mturk.kiosk.test"); any
#                  other name gets NXDOMAIN.
#   BOARD_DHCP=A.B.C.D  also run a minimal DHCP server on tap0 that leases
#                  this address (router and DNS 10.77.0.1); the board asks
#                  for it with "ip=dhcp".
# Needs root (network namespace + TAP): without it, prints a SKIP line and
# exits 77.  Needs qemu-system-arm (scripts/board-deps.sh installs it).
set -euo pipefail
elf=${1:?usage: board-run.sh ELF [key=value...]}
shift
append="$*"
machine=${BOARD_MACHINE:-mps2-an386}
emu_args=${EMU_ARGS:---dataset demo}
timeout_s=${RUN_TIMEOUT:-240}
if [ "${BOARD_TLS:-0}" = "1" ]; then
    pki=${BOARD_PKI:?BOARD_TLS=1 needs BOARD_PKI (the test PKI directory)}
    if [ ! -s "$pki/server.pem" ]; then
        echo "board-run: no $pki/server.pem (build the image first)"
        exit 1
    fi
    emu_args="$emu_args --tls --cert $pki/server.pem --key $pki/server.key"
    append="https=1 time=$(date +%s) $append"
elif [ "${BOARD_TLS:-}" = "0" ]; then
    append="https=0 $append"
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "board-run: SKIP: needs root (network namespace + TAP device)"
    exit 77
fi
if [ "${BOARD_HOST:-0}" != "1" ] && ! command -v qemu-system-arm >/dev/null; then
    echo "board-run: SKIP: qemu-system-arm not installed (scripts/board-deps.sh installs it)"
    exit 77
fi

ns="ttboard$$"
host_ip=10.77.0.1
fwd_port=8080
work=$(mktemp -d /tmp/ttboard.XXXXXX)
emu_pid=""
fwd_pid=""
dns_pid=""
dhcp_pid=""
# reap PID: wait for a helper told to stop, at most 10 s, then SIGKILL it
# (a helper that ignores SIGTERM must not hang the test).
reap() {
    [ -n "$1" ] || return 0
    local i
    for i in $(seq 100); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}
cleanup() {
    [ -n "$dhcp_pid" ] && kill "$dhcp_pid" 2>/dev/null || true
    [ -n "$dns_pid" ] && kill "$dns_pid" 2>/dev/null || true
    [ -n "$fwd_pid" ] && kill "$fwd_pid" 2>/dev/null || true
    [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
    reap "$fwd_pid"
    reap "$emu_pid"
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

if ! ip netns add "$ns"; then
    echo "board-run: FAIL: cannot create network namespace $ns (ip netns add)"
    exit 1
fi
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" addr add "$host_ip/24" dev tap0
ip -n "$ns" link set tap0 up

# The emulator, inside the namespace (on its own loopback).
# shellcheck disable=SC2086
ip netns exec "$ns" /usr/bin/python3 tests/mturk_server.py --port 0 --port-file "$work/port" \
    --idle-timeout 120 --max-lifetime $((timeout_s + 60)) $emu_args >"$work/emu.out" 2>"$work/emu.err" &
emu_pid=$!

# Forwarder host_ip:fwd_port -> 127.0.0.1:<emulator port> (both inside the
# namespace): the emulator only binds 127.0.0.1.  Started at the same time
# as the emulator (and the DNS/DHCP servers): it reads the emulator's port
# file when the first connection comes.
ip netns exec "$ns" /usr/bin/python3 -c '
import socket, sys, threading, time
listen = (sys.argv[1], int(sys.argv[2]))
def target():
    for _ in range(400):
        try:
            return ("127.0.0.1", int(open(sys.argv[3]).read()))
        except (OSError, ValueError):
            time.sleep(0.05)
    raise OSError("no emulator port")
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
        b.shutdown(socket.SHUT_WR)
    except OSError:
        # a reset on one side becomes a reset on the other: linger 0, and
        # shutdown(SHUT_RD) first to wake the thread blocked in b.recv(),
        # else the close (the RST) waits until that recv returns
        try:
            b.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            b.shutdown(socket.SHUT_RD)
        except OSError:
            pass
        try:
            b.close()
        except OSError:
            pass
def serve(c):
    try:
        u = socket.create_connection(target())
    except OSError:
        c.close(); return
    t = threading.Thread(target=pipe, args=(u, c), daemon=True); t.start()
    pipe(c, u); t.join(); c.close(); u.close()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(listen); s.listen(16)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
' "$host_ip" "$fwd_port" "$work/port" >"$work/fwd.out" 2>"$work/fwd.err" &
fwd_pid=$!
# A tiny DNS server on host_ip:53 (UDP) for the board's lwIP DNS: A records
# for BOARD_DNS_NAMES -> host_ip, NXDOMAIN for anything else.
ip netns exec "$ns" /usr/bin/python3 -c '
import socket, struct, sys
ip, names = sys.argv[1], {n.lower().rstrip(".") for n in sys.argv[2].split()}
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((ip, 53))
print("ready", flush=True)
while True:
    q, peer = s.recvfrom(512)
    if len(q) < 12:
        continue
    i, labels = 12, []
    while i < len(q) and q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode("ascii", "replace")); i += 1 + q[i]
    qend = i + 5
    qtype = struct.unpack(">H", q[i + 1:i + 3])[0] if qend <= len(q) else 0
    name = ".".join(labels).lower()
    hit = name in names and qtype == 1
    flags = 0x8180 if name in names else 0x8183
    r = q[:2] + struct.pack(">HHHHH", flags, 1, 1 if hit else 0, 0, 0) + q[12:qend]
    if hit:
        r += b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(ip)
    s.sendto(r, peer)
' "$host_ip" "${BOARD_DNS_NAMES:-mturk.kiosk.test}" >"$work/dns.out" 2>"$work/dns.err" &
dns_pid=$!

# A minimal DHCP server (DISCOVER -> OFFER, REQUEST -> ACK, one address)
# when BOARD_DHCP is set: replies are broadcast on tap0.
if [ -n "${BOARD_DHCP:-}" ]; then
    ip netns exec "$ns" /usr/bin/python3 -c '
import socket, struct, sys
lease, server = socket.inet_aton(sys.argv[1]), socket.inet_aton(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, 25, b"tap0\0")  # SO_BINDTODEVICE
s.bind(("0.0.0.0", 67))
print("ready", flush=True)
while True:
    q, _ = s.recvfrom(1500)
    if len(q) < 240 or q[0] != 1 or q[236:240] != b"\x63\x82\x53\x63":
        continue
    i, kind = 240, 0
    while i < len(q) and q[i] != 255:
        if q[i] == 0:
            i += 1; continue
        if q[i] == 53:
            kind = q[i + 2]
        i += 2 + q[i + 1]
    reply = {1: 2, 3: 5}.get(kind)
    if reply is None:
        continue
    r = bytes([2, 1, 6, 0]) + q[4:8] + b"\0\0" + q[10:12] + b"\0" * 4 + lease + server + b"\0" * 4 \
        + q[28:44] + b"\0" * 192 + b"\x63\x82\x53\x63"
    r += bytes([53, 1, reply, 54, 4]) + server + bytes([51, 4]) + struct.pack(">I", 3600)
    r += bytes([1, 4, 255, 255, 255, 0, 3, 4]) + server + bytes([6, 4]) + server + b"\xff"
    s.sendto(r, ("255.255.255.255", 68))
' "$BOARD_DHCP" "$host_ip" >"$work/dhcp.out" 2>"$work/dhcp.err" &
    dhcp_pid=$!
fi

# Wait for all of them (they start in parallel).
for _ in $(seq 1 200); do
    [ -s "$work/port" ] && break
    kill -0 "$emu_pid" 2>/dev/null || break
    sleep 0.05
done
if [ ! -s "$work/port" ]; then
    echo "board-run: the emulator did not start:"
    cat "$work/emu.err"
    exit 1
fi
emu_port=$(cat "$work/port")
waitready() { # name pid file
    for _ in $(seq 1 200); do
        grep -q ready "$3.out" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || break
        sleep 0.05
    done
    echo "board-run: the $1 did not start:"
    cat "$3.err"
    exit 1
}
waitready forwarder "$fwd_pid" "$work/fwd"
waitready "DNS server" "$dns_pid" "$work/dns"
[ -z "$dhcp_pid" ] || waitready "DHCP server" "$dhcp_pid" "$work/dhcp"

echo "board-run: namespace $ns, emulator 127.0.0.1:$emu_port exposed as $host_ip:$fwd_port ($emu_args)"

icount=(-icount shift=0)
[ "${ICOUNT:-1}" = "0" ] && icount=()
set +e
if [ "${BOARD_HOST:-0}" = "1" ]; then
    # shellcheck disable=SC2086
    ip netns exec "$ns" env PRECONFIGURED_TAPIF=tap0 timeout "$timeout_s" "$elf" $append \
        </dev/null >"$work/uart.out" 2>"$work/qemu.err"
else
ip netns exec "$ns" timeout "$timeout_s" qemu-system-arm -M "$machine" -display none -nographic \
    -monitor none -serial stdio \
    -semihosting-config enable=on,target=native "${icount[@]}" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
    -net nic,model=lan9118,netdev=n0,macaddr=52:54:00:77:00:02 \
    -kernel "$elf" ${append:+-append "$append"} </dev/null >"$work/uart.out" 2>"$work/qemu.err"
fi
status=$?
set -e
tr -d '\r' <"$work/uart.out"
[ -s "$work/qemu.err" ] && sed 's/^/qemu: /' "$work/qemu.err"
[ -n "${BOARD_LOG:-}" ] && tr -d '\r' <"$work/uart.out" >"$BOARD_LOG"
if [ $status -eq 124 ]; then
    echo "board-run: QEMU timed out after ${timeout_s}s"
fi
echo "board-run: exit status $status"
exit $status
