#!/usr/bin/env bash
# Capture throughput: Warden's reader and decoder, one thread, then tshark on the same file for comparison.
# Run from anywhere: bash bench/capture/run.sh [--packets N] [--rounds N] [FILE]
# Without FILE the bench builds /tmp/warden-bench/real-N.pcap (default 3,000,000 packets) from ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -q -o test-compile 2>/dev/null || mvn -q test-compile   # offline first; online on a fresh machine
mkdir -p bench/out
# One JVM per mode, as JMH forks: mixing segment kinds in one JVM makes the JIT's call sites polymorphic.
: > bench/out/capture.txt
for mode in buffered mapped decode; do
  "$JAVA_HOME/bin/java" -cp target/classes:target/test-classes dev.warden.capture.CaptureBench --only "$mode" "$@" |
    tee -a bench/out/capture.txt
done
file=$(sed -n 's/^file \(.*\): .*/\1/p' bench/out/capture.txt | head -1)
if command -v tshark >/dev/null; then
  echo "tshark -r $file -q -z io,stat,0"
  /usr/bin/time -f "tshark: %e s wall, %U s user, %S s system, %M KB max resident" \
    tshark -r "$file" -q -z io,stat,0 2>&1 | grep -v "Running as user" | tee -a bench/out/capture.txt
else
  echo "tshark not installed: skipping the comparison (apt-get install -y tshark)"
fi
