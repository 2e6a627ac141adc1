#!/usr/bin/env bash
# Regenerates the golden capture summaries with tshark. Run from the project root after `mvn test-compile`:
#   bash src/test/resources/capture/golden/regenerate.sh
# Needs tshark and python3; the tests themselves need neither. Do not edit the .tsv files by hand.
# --synthetic-only skips the real captures (tshark takes about 13 minutes over the 393 files of ../shared/data).
set -euo pipefail
here=src/test/resources/capture/golden
data=../shared/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fields() {
  tshark -r "$1" -n -o ip.defragment:FALSE -o ipv6.defragment:FALSE -o tcp.analyze_sequence_numbers:FALSE \
    -T fields -E separator=/t -E occurrence=a -E aggregator=, \
    -e frame.time_epoch -e frame.cap_len -e frame.len -e frame.protocols -e ip.ttl -e ipv6.hlim -e ip.frag_offset \
    -e ipv6.fraghdr.offset -e tcp.srcport -e tcp.dstport -e tcp.seq_raw -e tcp.flags -e tcp.hdr_len \
    -e tcp.options.mss_val -e udp.srcport -e udp.dstport -e vlan.id -e ieee8021ad.id 2>/dev/null
}

version=$(tshark --version 2>/dev/null | head -1)
classpath=target/classes:target/test-classes
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
"$java" -cp "$classpath" dev.warden.capture.SyntheticCaptures "$work/synthetic"
# An independent pcapng writer: mergecap puts each input on its own interface (Ethernet nanoseconds, SLL, raw IP).
mergecap -F pcapng -w "$here/mergecap-three-interfaces.pcapng" \
  "$work/synthetic/eth-nano-be.pcap" "$work/synthetic/sll.pcap" "$work/synthetic/raw.pcap"
cp "$here/mergecap-three-interfaces.pcapng" "$work/synthetic/"

{
  echo "# golden: tshark's view of the synthetic captures; written by regenerate.sh ($version), do not edit"
  python3 "$here/summarize.py" --header
  for f in "$work"/synthetic/*; do fields "$f" | python3 "$here/summarize.py" "$(basename "$f")"; done
} > "$here/synthetic.tsv"

if [ -d "$data" ] && [ "${1:-}" != --synthetic-only ]; then
  {
    echo "# golden: tshark's view of ../shared/data captures; written by regenerate.sh ($version), do not edit"
    python3 "$here/summarize.py" --header
    (cd "$data" && find iot-sentinel ddos-pcap -type f \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort) |
      while read -r f; do fields "$data/$f" | python3 "$here/summarize.py" "$f"; done
  } > "$here/real.tsv"
fi
wc -l "$here"/*.tsv
