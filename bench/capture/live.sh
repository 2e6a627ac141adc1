#!/usr/bin/env bash
# Live capture on lo: `warden watch --interface lo` (capture + decode + flows + every detector) next to
# `tcpdump -w /dev/null` (capture only), both fed the same UDP burst by tcpreplay at top speed.
# Prints packets sent, analysed/captured, and libpcap's received / dropped-by-kernel for each. Needs root, tcpreplay,
# tcpdump and python3. Traffic: 127.213.92.1 -> 127.213.92.2 only, on lo. Run under the shared lock:
#   flock /work/bench.lock bash bench/capture/live.sh [--packets N] [--size BYTES]
set -euo pipefail
cd "$(dirname "$0")/../.."
packets=2000000 size=100
while [ $# -gt 0 ]; do
  case "$1" in
    --packets) packets=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    *) echo "usage: $0 [--packets N] [--size UDP-PAYLOAD-BYTES]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "live.sh: needs root (packet capture, tcpreplay)" >&2; exit 3; }
for t in tcpreplay tcpdump python3; do command -v $t >/dev/null || { echo "live.sh: $t is not installed" >&2; exit 3; }; done
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
./warden --version >/dev/null   # builds target/warden.jar when sources changed
work=$(mktemp -d /tmp/warden-live-bench.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
filter='udp and dst host 127.213.92.2'

# 1000 distinct frames (source ports 20000-20999), replayed packets/1000 times.
python3 - "$work/burst.pcap" "$size" <<'PY'
import struct, sys
out, size = sys.argv[1], int(sys.argv[2])
def csum(b):
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
src, dst = bytes([127, 213, 92, 1]), bytes([127, 213, 92, 2])
with open(out, 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for i in range(1000):
        udp = struct.pack('!HHHH', 20000 + i, 9, 8 + size, 0) + bytes(size)
        ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), i, 0x4000, 64, 17, 0, src, dst)
        ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
        frame = bytes(12) + b'\x08\x00' + ip + udp
        f.write(struct.pack('<IIII', 1_700_000_000, i, len(frame), len(frame)) + frame)
PY
loops=$(( (packets + 999) / 1000 ))
sent=$(( loops * 1000 ))

wait_for() { for _ in $(seq 1 100); do grep -q "$1" "$2" 2>/dev/null && return 0; sleep 0.1; done; echo "live.sh: $3 did not start" >&2; cat "$2" >&2; exit 3; }

replay() { tcpreplay -i lo --topspeed --loop="$loops" "$work/burst.pcap" 2>&1 | sed -n 's/.*Rated: .*, \([0-9.]*\) pps.*/\1/p' | head -1; }

# Warden
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g -jar target/warden.jar watch --home "$work/home" \
  --interface lo --filter "$filter" --format jsonl > "$work/warden.out" 2> "$work/warden.err" &
pid=$!
wait_for "capturing on lo" "$work/warden.err" warden
w_rate=$(replay)
sleep 2
kill -TERM $pid; wait $pid || true   # TERM: a background job of a script ignores INT
w_line=$(grep '"type":"input"' "$work/warden.out")
w_records=$(sed -n 's/.*"records":\([0-9]*\).*/\1/p' <<<"$w_line")
w_recv=$(sed -n 's/.*"received":\([0-9]*\).*/\1/p' <<<"$w_line")
w_drop=$(sed -n 's/.*"droppedByKernel":\([0-9]*\).*/\1/p' <<<"$w_line")

# tcpdump
tcpdump -i lo -n -w /dev/null "$filter" 2> "$work/tcpdump.err" &
pid=$!
wait_for "listening on" "$work/tcpdump.err" tcpdump
t_rate=$(replay)
sleep 2
kill -TERM $pid; wait $pid || true   # TERM: a background job of a script ignores INT
t_cap=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$work/tcpdump.err")
t_recv=$(sed -n 's/^\([0-9]*\) packets received by filter.*/\1/p' "$work/tcpdump.err")
t_drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$work/tcpdump.err")

mkdir -p bench/out
{
  echo "live capture on lo: $sent UDP packets of $size payload bytes sent by tcpreplay --topspeed ($(nproc) cores)"
  printf '%-34s %12s %12s %12s %12s %10s\n' tool "sent pps" delivered received dropped delivered%
  printf '%-34s %12s %12s %12s %12s %9.1f%%\n' "warden watch -i lo (all detectors)" "$w_rate" "$w_records" "$w_recv" "$w_drop" \
    "$(python3 -c "print(100*$w_records/$sent)")"
  printf '%-34s %12s %12s %12s %12s %9.1f%%\n' "tcpdump -w /dev/null" "$t_rate" "$t_cap" "$t_recv" "$t_drop" \
    "$(python3 -c "print(100*$t_cap/$sent)")"
  echo "received counts each lo packet once per direction the kernel hands over; see docs/live-capture.md#drops"
} | tee bench/out/capture-live.txt
