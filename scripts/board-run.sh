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
#                  for certificate dates, as SNTP would give a real device)
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
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "board-run: SKIP: needs root (network namespace + TAP device)"
    exit 77
fi
if ! command -v qemu-system-arm >/dev/null; then
    echo "board-run: SKIP: qemu-system-arm not installed (scripts/board-deps.sh installs it)"
    exit 77
fi

ns="ttboard$$"
host_ip=10.77.0.1
fwd_port=8080
work=$(mktemp -d /tmp/ttboard.XXXXXX)
emu_pid=""
fwd_pid=""
cleanup() {
    [ -n "$fwd_pid" ] && kill "$fwd_pid" 2>/dev/null || true
    [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true
    [ -n "$fwd_pid" ] && wait "$fwd_pid" 2>/dev/null || true
    [ -n "$emu_pid" ] && wait "$emu_pid" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev tap0 mode tap
ip -n "$ns" addr add "$host_ip/24" dev tap0
ip -n "$ns" link set tap0 up

# The emulator, inside the namespace (on its own loopback).
# shellcheck disable=SC2086
ip netns exec "$ns" /usr/bin/python3 tests/mturk_server.py --port 0 --port-file "$work/port" \
    --idle-timeout 120 --max-lifetime $((timeout_s + 60)) $emu_args >"$work/emu.out" 2>"$work/emu.err" &
emu_pid=$!
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

# Forwarder host_ip:fwd_port -> 127.0.0.1:emu_port (both inside the namespace):
# the emulator only binds 127.0.0.1.
ip netns exec "$ns" /usr/bin/python3 -c '
import socket, sys, threading
listen = (sys.argv[1], int(sys.argv[2])); target = ("127.0.0.1", int(sys.argv[3]))
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
        b.shutdown(socket.SHUT_WR)
    except OSError:
        # a reset on one side becomes a reset on the other
        try:
            b.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            b.close()
        except OSError:
            pass
def serve(c):
    try:
        u = socket.create_connection(target)
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
' "$host_ip" "$fwd_port" "$emu_port" >"$work/fwd.out" 2>"$work/fwd.err" &
fwd_pid=$!
for _ in $(seq 1 200); do
    grep -q ready "$work/fwd.out" 2>/dev/null && break
    kill -0 "$fwd_pid" 2>/dev/null || break
    sleep 0.05
done
if ! grep -q ready "$work/fwd.out" 2>/dev/null; then
    echo "board-run: the forwarder did not start:"
    cat "$work/fwd.err"
    exit 1
fi
echo "board-run: namespace $ns, emulator 127.0.0.1:$emu_port exposed as $host_ip:$fwd_port ($emu_args)"

icount=(-icount shift=0)
[ "${ICOUNT:-1}" = "0" ] && icount=()
set +e
ip netns exec "$ns" timeout "$timeout_s" qemu-system-arm -M "$machine" -display none -nographic \
    -monitor none -serial stdio \
    -semihosting-config enable=on,target=native "${icount[@]}" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no \
    -net nic,model=lan9118,netdev=n0,macaddr=52:54:00:77:00:02 \
    -kernel "$elf" ${append:+-append "$append"} </dev/null >"$work/uart.out" 2>"$work/qemu.err"
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
