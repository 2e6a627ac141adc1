import dev.warden.config.Settings;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.input.ConnLogReader;
import dev.warden.watch.input.InputFormat;
import dev.warden.watch.input.LabelListener;
import dev.warden.watch.packet.FlowTable;
import dev.warden.watch.packet.PacketEvent;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmarks of {@code warden watch} (not a test; numbers go to bench/watch/README.md).
 *
 * <ol>
 *   <li>conn.log throughput: the IoT-23 labelled files (../shared/data/iot23) replicated, with shifted timestamps, to
 *   about a million records, read (a) into flow records only and (b) through the whole engine with every detector.
 *   <li>Flow table memory: heap bytes per flow with one million flows in the table, measured as the heap growth after
 *   a full GC, and the insert rate.
 * </ol>
 *
 * Run from the project root: {@code bench/watch/run} (builds, then {@code java -Xmx2g -cp ... bench/watch/WatchBenchmark.java}).
 */
public final class WatchBenchmark {
    static final int TARGET_RECORDS = 1_000_000;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/iot23");
        System.out.println("java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cpus, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        if (Files.isDirectory(data)) connLog(data);
        else System.out.println("no " + data + ": conn.log benchmark skipped");
        flowTable(1_000_000);
    }

    // ---- 1. conn.log records per second -----------------------------------------------------------------------

    static void connLog(Path dir) throws IOException {
        Path big = replicate(dir);
        long records = 0;
        try (var lines = Files.lines(big)) {
            records = lines.count() - 1;
        }
        System.out.printf(Locale.ROOT, "%nconn.log: %,d records (%.0f MB CSV) from %s, replicated%n", records, Files.size(big) / 1e6, dir);
        var reader = new ConnLogReader(65536);
        double[] parse = new double[5], engine = new double[5];
        for (int round = 0; round < 5; round++) { // round 0 warms up
            long t0 = System.nanoTime();
            long[] n = new long[1];
            try (InputStream in = new BufferedInputStream(Files.newInputStream(big), 1 << 16)) {
                reader.read(in, "bench", InputFormat.ZEEK_CSV, f -> n[0]++, LabelListener.NONE);
            }
            parse[round] = n[0] / ((System.nanoTime() - t0) / 1e9);

            var e = WatchEngine.build(WatchEngine.Config.defaults(Settings.reference()));
            t0 = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(big), 1 << 16)) {
                reader.read(in, "bench", InputFormat.ZEEK_CSV, e, LabelListener.NONE);
            }
            e.finish();
            engine[round] = e.flows() / ((System.nanoTime() - t0) / 1e9);
            if (round == 4) System.out.printf(Locale.ROOT, "  (engine found %d incidents on %d devices)%n", e.incidents().size(), e.devices().size());
        }
        System.out.printf(Locale.ROOT, "  read into flow records:          median %,.0f records/s (rounds %s)%n", median(parse), fmt(parse));
        System.out.printf(Locale.ROOT, "  read + engine (all detectors):   median %,.0f records/s (rounds %s)%n", median(engine), fmt(engine));
        Files.delete(big);
    }

    /** The IoT-23 CSVs, one header, rows repeated with timestamps shifted by a day per copy, up to TARGET_RECORDS. */
    static Path replicate(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        String header = null;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                header = lines.getFirst();
                rows.addAll(lines.subList(1, lines.size()));
            }
        }
        Path out = Files.createTempFile("warden-bench-", ".csv");
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write(header);
            w.newLine();
            long written = 0;
            for (int copy = 0; written < TARGET_RECORDS; copy++) {
                long shift = copy * 86_400L * 30; // a month per copy: the copies follow each other in time
                for (String r : rows) {
                    int comma = r.indexOf(',');
                    String ts = r.substring(0, comma);
                    int dot = ts.indexOf('.');
                    long secs = Long.parseLong(dot < 0 ? ts : ts.substring(0, dot)) + shift;
                    w.write(secs + (dot < 0 ? "" : ts.substring(dot)) + r.substring(comma));
                    w.newLine();
                    if (++written == TARGET_RECORDS) break;
                }
            }
        }
        return out;
    }

    // ---- 2. flow table bytes per flow --------------------------------------------------------------------------

    static void flowTable(int flows) {
        System.out.printf(Locale.ROOT, "%nflow table: %,d concurrent flows%n", flows);
        long before = usedAfterGc();
        var table = new FlowTable(flows, 300_000_000L, 60_000_000L, 3_600_000_000L);
        long afterAlloc = usedAfterGc();
        long t0 = System.nanoTime();
        long ts = 1_700_000_000_000_000L;
        var sink = new long[1];
        IpAddress device = IpAddress.parse("192.168.7.20");
        for (int i = 0; i < flows; i++) {
            // a Mirai-like scan: one device, a million destinations, one SYN each
            var p = new PacketEvent(ts + i, 0x4419b6aabbccL, 0, device, IpAddress.v4(0x0B000000 + i), Protocols.TCP, 40000, 23,
                    TcpFlags.SYN, 0x0B000000 + i, 0, 60, 0);
            table.packet(p, f -> sink[0]++);
        }
        double insertRate = flows / ((System.nanoTime() - t0) / 1e9);
        // a second packet for every flow: lookups that hit
        t0 = System.nanoTime();
        for (int i = 0; i < flows; i++) {
            var p = new PacketEvent(ts + flows + i, 0, 0, IpAddress.v4(0x0B000000 + i), device, Protocols.TCP, 23, 40000,
                    TcpFlags.RST | TcpFlags.ACK, 0, 0x0B000001 + i, 40, 0);
            table.packet(p, f -> sink[0]++);
        }
        double hitRate = flows / ((System.nanoTime() - t0) / 1e9);
        long afterFill = usedAfterGc();
        System.out.printf(Locale.ROOT, "  flows held %,d, ended early %,d, capacity %,d slots (load %.2f)%n", table.size(), table.evicted(),
                table.capacity(), table.size() / (double) table.capacity());
        System.out.printf(Locale.ROOT, "  heap growth with %,d flows: %,d bytes = %.1f bytes/flow (arrays alone: %.1f bytes/flow)%n", table.size(),
                afterFill - before, (afterFill - before) / (double) table.size(), table.arrayBytes() / (double) table.size());
        System.out.printf(Locale.ROOT, "  growth from allocation to full: %,d bytes (no objects per flow)%n", afterFill - afterAlloc);
        System.out.printf(Locale.ROOT, "  packets: %,.0f/s creating flows, %,.0f/s on existing flows%n", insertRate, hitRate);
        if (sink[0] < 0) System.out.println(); // keep the sink alive
        if (table.size() < 0) System.out.println(table);
    }

    static long usedAfterGc() {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    static double median(double[] rounds) {
        double[] r = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(r);
        return (r[(r.length - 1) / 2] + r[r.length / 2]) / 2;
    }

    static String fmt(double[] rounds) {
        var sb = new StringBuilder();
        for (int i = 1; i < rounds.length; i++) sb.append(i > 1 ? ", " : "").append(String.format(Locale.ROOT, "%,.0f", rounds[i]));
        return sb + "; first round is warm-up";
    }
}
