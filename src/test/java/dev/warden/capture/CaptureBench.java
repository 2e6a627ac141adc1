package dev.warden.capture;

import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread throughput of the capture reader alone and of reader plus decoder, buffered and mapped, interleaved
 * round by round so that a noisy machine affects all four alike, on a big pcap built from the real
 * captures in ../shared/data (every IoT Sentinel and DDoS capture, repeated with shifted timestamps until the target
 * packet count is reached). Not a JUnit test; run it with bench/capture/run.sh, which also times tshark on the file:
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes dev.warden.capture.CaptureBench [--packets 3000000] [--rounds 7]
 *     [--only buffered|mapped|decode] [FILE]
 * </pre>
 *
 * Each round reads the whole file four times; the first rounds warm up the JIT, and the table shows every round plus
 * the median of the last five. The file is read through the page cache (it was just written, or read by the previous
 * round), so this measures parsing, not the disk.
 */
public final class CaptureBench {

    private CaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        long target = 3_000_000;
        int rounds = 7;
        String only = "all";
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--packets" -> target = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) file = build(target);
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "file %s: %,d bytes; java %s, %s, %d cpus, load average %.1f%n", file, size,
            Runtime.version(), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (only.equals("decode")) {
            decodeOnly(file, rounds);
            return;
        }
        // One JVM per access mode (--only buffered|mapped) keeps the JIT's view of the segment classes monomorphic,
        // as in warden watch; mixing them in one JVM made decoding look up to twice as slow.
        String[] names = {"buffered read", "buffered read+decode", "mapped read", "mapped read+decode"};
        double[][] rates = new double[names.length][rounds];
        double[][] cpuRates = new double[names.length][rounds];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long packets = 0;
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
            for (int k = 0; k < names.length; k++) {
                FileAccess access = k < 2 ? FileAccess.BUFFERED : FileAccess.MAPPED;
                if (!only.equals("all") && !only.equalsIgnoreCase(access.name())) continue;
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long[] result = k % 2 == 0 ? readOnly(file, access) : readAndDecode(file, access);
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                packets = result[0];
                rates[k][r] = result[0] / ((t1 - t0) / 1e9);
                cpuRates[k][r] = result[0] / ((c1 - c0) / 1e9);
                line.append(String.format(Locale.ROOT, "  %s %5.1f (cpu %5.1f) M/s", names[k], rates[k][r] / 1e6,
                    cpuRates[k][r] / 1e6));
            }
            System.out.println(line);
        }
        int from = Math.max(0, rounds - 5);
        System.out.printf(Locale.ROOT, "%,d packets, %.0f bytes each on average; median of the last %d rounds, one thread"
            + " (wall clock; per CPU second of the reading thread, user + system, which a busy machine disturbs less):%n",
            packets, (double) size / packets, rounds - from);
        for (int k = 0; k < names.length; k++) {
            if (rates[k][0] == 0) continue;
            double m = median(Arrays.copyOfRange(rates[k], from, rounds));
            double c = median(Arrays.copyOfRange(cpuRates[k], from, rounds));
            System.out.printf(Locale.ROOT, "  %-22s wall %6.1f M packets/s %6.1f ns/packet %5.2f GB/s | cpu %6.1f M packets/s %6.1f ns/packet%n",
                names[k], m / 1e6, 1e9 / m, m * size / packets / 1e9, c / 1e6, 1e9 / c);
        }
        if (only.equals("all")) decodeOnly(file, rounds);
    }

    /**
     * The decoder alone: the first 1,000 packets of the file copied into one small segment (cache-resident) and
     * decoded 3,000 times over, so memory effects drop out and what remains is the decoder's own cost.
     */
    static void decodeOnly(Path file, int rounds) throws CaptureException {
        int n = 1000;
        long[] offsets = new long[n];
        int[] lengths = new int[n];
        int[] linkTypes = new int[n];
        java.lang.foreign.MemorySegment copy = java.lang.foreign.Arena.ofAuto().allocate(n * 65_536L, 64);
        long used = 0;
        int count = 0;
        try (PacketSource src = PacketSource.open(file)) {
            while (count < n && src.advance()) {
                java.lang.foreign.MemorySegment.copy(src.segment(), src.offset(), copy, used, src.capturedLength());
                offsets[count] = used;
                lengths[count] = src.capturedLength();
                linkTypes[count] = src.linkType();
                used += src.capturedLength();
                count++;
            }
        }
        DecodedPacket p = new DecodedPacket();
        double[] rates = new double[rounds];
        double[] cpuRates = new double[rounds];
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 3000; rep++) {
                for (int i = 0; i < count; i++) {
                    Decoder.decode(copy, offsets[i], lengths[i], linkTypes[i], p);
                    sum += p.layers() + p.dstPort();
                }
            }
            rates[r] = 3000.0 * count / ((System.nanoTime() - t0) / 1e9);
            cpuRates[r] = 3000.0 * count / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        double m = median(Arrays.copyOfRange(rates, Math.max(0, rounds - 5), rounds));
        double c = median(Arrays.copyOfRange(cpuRates, Math.max(0, rounds - 5), rounds));
        System.out.printf(Locale.ROOT, "  %-22s wall %6.1f M packets/s %6.1f ns/packet            | cpu %6.1f M packets/s %6.1f ns/packet"
            + "  (%d packets, %,d bytes, cache-resident) [%x]%n", "decode only", m / 1e6, 1e9 / m, c / 1e6, 1e9 / c, count, used, sum);
    }

    /** Packet count and a checksum over lengths and timestamps, so the loop cannot be optimised away. */
    static long[] readOnly(Path file, FileAccess access) throws CaptureException {
        long n = 0;
        long sum = 0;
        try (PacketSource src = PacketSource.open(file, OnCorrupt.STOP, access)) {
            while (src.advance()) {
                n++;
                sum += src.capturedLength() ^ src.timestampNanos();
            }
        }
        return new long[]{n, sum};
    }

    /** Packet count and a checksum over decoded fields. */
    static long[] readAndDecode(Path file, FileAccess access) throws CaptureException {
        DecodedPacket p = new DecodedPacket();
        long n = 0;
        long sum = 0;
        try (PacketSource src = PacketSource.open(file, OnCorrupt.STOP, access)) {
            while (src.advance()) {
                Decoder.decode(src, p);
                n++;
                sum += p.layers() + p.srcIp4() + p.dstPort() + p.tcpFlags() + p.payloadLength() + p.srcMac();
            }
        }
        return new long[]{n, sum};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Concatenates the real captures, shifting each repetition by a day, into /tmp/warden-bench. */
    static Path build(long target) throws IOException, CaptureException {
        List<Path> inputs = new ArrayList<>(Captures.iotSentinel());
        inputs.addAll(Captures.ddos());
        if (inputs.isEmpty()) throw new IOException("no captures under " + Captures.DATA.toAbsolutePath() + "; pass a FILE");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "warden-bench");
        Files.createDirectories(dir);
        Path out = dir.resolve("real-" + target + ".pcap");
        if (Files.exists(out)) return out;
        Path partial = dir.resolve(out.getFileName() + ".part");
        long written = 0;
        try (PcapWriter w = PcapWriter.create(partial, LinkType.ETHERNET, PcapWriter.Precision.MICROS)) {
            for (long round = 0; written < target; round++) {
                for (Path f : inputs) {
                    try (PacketSource src = PacketSource.open(f, OnCorrupt.SKIP)) {
                        while (src.advance() && written < target) {
                            if (src.linkType() != LinkType.ETHERNET) continue;
                            w.write(src.timestampNanos() + round * 86_400_000_000_000L, src.segment(), src.offset(),
                                src.capturedLength(), src.wireLength());
                            written++;
                        }
                    }
                }
            }
        }
        Files.move(partial, out);
        return out;
    }
}
