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
 * Single-thread throughput of the capture reader alone and of reader plus decoder, on a big pcap built from the real
 * captures in ../shared/data (every IoT Sentinel and DDoS capture, repeated with shifted timestamps until the target
 * packet count is reached). Not a JUnit test; run it with bench/capture/run.sh, which also times tshark on the file:
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes dev.warden.capture.CaptureBench [--packets 3000000] [--rounds 7] [FILE]
 * </pre>
 *
 * Each round reads the whole file; the first rounds warm up the JIT, and the table shows every round plus the median
 * of the last five. The file is read through the page cache (it was just written, or read by the previous round), so
 * this measures parsing, not the disk.
 */
public final class CaptureBench {

    private CaptureBench() {
    }

    public static void main(String[] args) throws Exception {
        long target = 3_000_000;
        int rounds = 7;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--packets" -> target = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) file = build(target);
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "file %s: %,d bytes; java %s, %s%n", file, size, Runtime.version(),
            System.getProperty("os.arch"));
        double[] read = new double[rounds];
        double[] decode = new double[rounds];
        long packets = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long[] a = readOnly(file);
            long t1 = System.nanoTime();
            long[] b = readAndDecode(file);
            long t2 = System.nanoTime();
            packets = a[0];
            if (a[0] != b[0]) throw new IllegalStateException("packet counts differ: " + a[0] + " " + b[0]);
            read[r] = a[0] / ((t1 - t0) / 1e9);
            decode[r] = b[0] / ((t2 - t1) / 1e9);
            System.out.printf(Locale.ROOT, "round %d: read %6.1f M packets/s (%5.2f GB/s)   read+decode %6.1f M packets/s   [checksums %x %x]%n",
                r + 1, read[r] / 1e6, size / ((t1 - t0) / 1e9) / 1e9, decode[r] / 1e6, a[1], b[1]);
        }
        int from = Math.max(0, rounds - 5);
        double readMedian = median(Arrays.copyOfRange(read, from, rounds));
        double decodeMedian = median(Arrays.copyOfRange(decode, from, rounds));
        System.out.printf(Locale.ROOT, "%,d packets; median of the last %d rounds: read %.1f M packets/s (%.1f ns/packet),"
                + " read+decode %.1f M packets/s (%.1f ns/packet), decode alone ~%.1f ns/packet%n",
            packets, rounds - from, readMedian / 1e6, 1e9 / readMedian, decodeMedian / 1e6, 1e9 / decodeMedian,
            1e9 / decodeMedian - 1e9 / readMedian);
    }

    /** Packet count and a checksum over lengths and timestamps, so the loop cannot be optimised away. */
    static long[] readOnly(Path file) throws CaptureException {
        long n = 0;
        long sum = 0;
        try (PacketSource src = PacketSource.open(file)) {
            while (src.advance()) {
                n++;
                sum += src.capturedLength() ^ src.timestampNanos();
            }
        }
        return new long[]{n, sum};
    }

    /** Packet count and a checksum over decoded fields. */
    static long[] readAndDecode(Path file) throws CaptureException {
        DecodedPacket p = new DecodedPacket();
        long n = 0;
        long sum = 0;
        try (PacketSource src = PacketSource.open(file)) {
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
