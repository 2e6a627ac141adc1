package dev.warden.watch;

import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.config.Settings;
import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import dev.warden.identify.OuiRegistry;
import dev.warden.output.Format;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.netflow.DatagramFiles;
import dev.warden.watch.profile.Profiles;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The whole packet pipeline of {@code warden watch FILE} on one big real pcap: read, decode, flow table, device
 * registry, anomaly score, every detector, incidents, the report (printed to nowhere). {@code --mode watch} runs it as
 * {@code warden watch} does (the file read and decoded on a second thread, watch.input.read-ahead), {@code watch1} on
 * the calling thread only; {@code engine} the engine's thread of {@code watch} alone, on packets decoded beforehand;
 * {@code flows} and {@code decode} are the floors under it. Not a JUnit test; run it with
 * bench/watch/packets, which also times softflowd and tshark on the same file:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:DEPS dev.warden.watch.PacketPipelineBench [--rounds 7] [--mode watch|watch1|engine|flows|decode]
 *     [--intel DIR] [--report OUT.jsonl] FILE
 * </pre>
 *
 * Each round builds a fresh session, as a new {@code warden watch} run would, and reads the whole file; the first rounds
 * warm the JIT up, the summary gives the median of the last five. Rates are given per second of wall clock, per CPU
 * second of the calling thread (what one core does; in {@code watch} mode the engine's thread only), and per CPU second
 * of the whole process (adds the reader thread, the garbage collector's and the JIT's threads).
 */
public final class PacketPipelineBench {
    private PacketPipelineBench() {
    }

    /** reference.conf with the {@code --set} overrides. */
    private static Settings settings = Settings.reference();

    public static void main(String[] args) throws Exception {
        int rounds = 7;
        String mode = "watch";
        Path intel = Path.of("..", "shared", "data", "intel");
        Path file = null, report = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--intel" -> intel = Path.of(args[++i]);
                case "--report" -> report = Path.of(args[++i]);
                case "--set" -> { // key=value over reference.conf, for experiments with a setting
                    String[] kv = args[++i].split("=", 2);
                    settings = settings.with(kv[0], kv[1]);
                }
                default -> file = Path.of(args[i]);
            }
        }
        if (file == null) throw new IllegalArgumentException("give a pcap FILE");
        settings = forMode(settings, mode);
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "file %s: %,d bytes; java %s, %d cpus, load average %.1f; mode %s%n", file, Files.size(file),
                Runtime.version(), Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage(), mode);
        double[] wall = new double[rounds], cpu = new double[rounds], proc = new double[rounds], reader = new double[rounds];
        long[] jit = new long[rounds], gc = new long[rounds];
        long packets = count(file);
        for (int r = 0; r < rounds; r++) {
            long j0 = jitMillis(), g0 = gcMillis();
            long p0 = os.getProcessCpuTime();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            String result = switch (mode) {
                case "decode" -> decode(file);
                case "flows" -> flows(file);
                case "engine" -> engine(file, intel);
                default -> watch(file, intel, r == rounds - 1 ? report : null); // watch, and watch1: on one thread
            };
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            long p1 = os.getProcessCpuTime();
            jit[r] = jitMillis() - j0;
            gc[r] = gcMillis() - g0;
            wall[r] = packets / ((t1 - t0) / 1e9);
            cpu[r] = packets / ((c1 - c0) / 1e9);
            proc[r] = packets / ((p1 - p0) / 1e9);
            reader[r] = readerCpu == 0 ? 0 : packets / (readerCpu / 1e9);
            System.out.printf(Locale.ROOT, "round %d: %.2f s wall, %.2f s thread cpu, %.2f s process cpu: %5.2f M packets/s wall, "
                    + "%5.2f thread cpu, %5.2f process cpu; JIT %d ms, GC %d ms; %s%s%n", r + 1, (t1 - t0) / 1e9, (c1 - c0) / 1e9, (p1 - p0) / 1e9,
                    wall[r] / 1e6, cpu[r] / 1e6, proc[r] / 1e6, jit[r], gc[r], result,
                    readerCpu == 0 ? "" : String.format(Locale.ROOT, "; reading thread %.2f s cpu, %.2f M packets/s; the engine waited on it %,d times, %.3f s",
                            readerCpu / 1e9, reader[r] / 1e6, waits, waited / 1e9));
            readerCpu = 0;
        }
        int from = Math.max(0, rounds - 5);
        System.out.printf(Locale.ROOT, "%s: %,d packets, median of rounds %d-%d: %.2f M packets/s wall, %.2f M packets/s per thread-cpu "
                        + "second (%.0f ns/packet), %.2f M packets/s per process-cpu second%n", mode, packets, from + 1, rounds,
                median(wall, from) / 1e6, median(cpu, from) / 1e6, 1e9 / median(cpu, from), median(proc, from) / 1e6);
        // the warm-up is long enough when the JIT has (nearly) stopped compiling in the measured rounds
        System.out.printf(Locale.ROOT, "%s: in rounds %d-%d the JIT compiled for %s ms and the collector paused for %s ms%n", mode, from + 1, rounds,
                join(jit, from), join(gc, from));
        if (reader[rounds - 1] > 0) {
            System.out.printf(Locale.ROOT, "%s: reading thread, median of rounds %d-%d: %.2f M packets/s per thread-cpu second (%.0f ns/packet)%n",
                    mode, from + 1, rounds, median(reader, from) / 1e6, 1e9 / median(reader, from));
        }
    }

    /** The settings of a mode: {@code watch1} is the whole pipeline on one thread; the others as given. */
    static Settings forMode(Settings settings, String mode) {
        return mode.equals("watch1") ? settings.with("watch.input.read-ahead", "false") : settings;
    }

    /** Time the JIT's compiler threads have spent compiling so far (milliseconds). */
    private static long jitMillis() {
        var c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }

    /** Time spent in garbage collections so far (milliseconds). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static String join(long[] v, int from) {
        return java.util.Arrays.stream(v, from, v.length).mapToObj(Long::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    /** CPU time of the last round's reading thread (nanoseconds; 0 when it read on the engine's thread). */
    static long readerCpu;
    /** How often, and how long in all (nanoseconds), the last round's engine waited on the reading thread. */
    static long waits, waited;

    /** What {@code warden watch FILE} does, with learning on, the bundled OUI table and the example intel feed. */
    static String watch(Path file, Path intel, Path report) throws Exception {
        return watch(settings, file, intel, report);
    }

    /** {@link #watch(Path, Path, Path)} with these settings (the JMH benchmark's, {@link WatchJmh}). */
    static String watch(Settings settings, Path file, Path intel, Path report) throws Exception {
        var session = new WatchSession(config(settings, intel), new DatagramFiles(null, 65535));
        var stats = session.read(file, System.err);
        readerCpu = stats.readerCpuNanos();
        waits = stats.listenerWaits();
        waited = stats.listenerWaitNanos();
        var incidents = session.finish();
        session.print(Format.JSONL, new PrintStream(OutputStream.nullOutputStream()));
        if (report != null) {
            try (var out = new PrintStream(Files.newOutputStream(report), false, java.nio.charset.StandardCharsets.UTF_8)) {
                session.print(Format.JSONL, out); // to compare the findings before and after a change to the pipeline
            }
        }
        WatchEngine e = session.engine();
        return String.format(Locale.ROOT, "%,d IP packets into the engine, %,d flows, %,d devices, %,d incidents", e.packets(), e.flows(),
                e.devices().size(), incidents.size());
    }

    /** The file's packets, decoded once, prepared and packed as a reading thread would ({@code --mode engine}); null until then. */
    private static long[] loaded;
    private static int loadedPackets;
    private static java.lang.foreign.MemorySegment loadedPayloads; // the payloads the engine reads, one after another

    /**
     * The engine's thread alone, as in {@code watch} mode: the packets come decoded, prepared and packed from memory
     * (loaded once, before the first round), so that a change to the engine is measured without the reading thread's
     * share of the machine's noise. Each round builds a fresh session and unpacks the records into the engine's events
     * {@code ReadAhead.VIEW} at a time, as the engine's side of the read-ahead does.
     */
    static String engine(Path file, Path intel) throws Exception {
        var config = config(intel);
        if (loaded == null) {
            var events = new java.util.ArrayList<dev.warden.watch.packet.PacketEvent>();
            var shape = WatchEngine.build(config); // what it reads of payloads, and what it prepares
            var arena = java.lang.foreign.Arena.ofAuto();
            dev.warden.watch.packet.PacketListener keep = p -> {
                var c = p.copy();
                if (p.payload() > 0 && p.payloadSegment() != null && shape.readsPayload(p.protocol(), p.srcPort(), p.dstPort())) {
                    var bytes = arena.allocate(p.payload());
                    java.lang.foreign.MemorySegment.copy(p.payloadSegment(), p.payloadOffset(), bytes, 0, p.payload());
                    c.payloadBytes(bytes, 0);
                }
                events.add(c);
            };
            try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
                dev.warden.watch.input.PacketFiles.deliver(src, keep, new dev.warden.watch.input.ReadStats(file.toString(), "bench"));
            }
            var all = events.toArray(new dev.warden.watch.packet.PacketEvent[0]);
            for (int i = 0; i < all.length; i += 32) shape.prepare(all, i, Math.min(all.length, i + 32));
            long payloadBytes = events.stream().filter(c -> c.payloadSegment() != null).mapToLong(c -> c.payload()).sum();
            loadedPayloads = arena.allocate(Math.max(1, payloadBytes));
            loaded = new long[all.length * dev.warden.watch.packet.PacketEvent.MAX_PACKED];
            long used = 0;
            int at = 0;
            for (var c : all) {
                if (c.payloadSegment() != null) {
                    java.lang.foreign.MemorySegment.copy(c.payloadSegment(), 0, loadedPayloads, used, c.payload());
                    boolean vetted = c.payloadVetted();
                    c.payloadBytes(loadedPayloads, used).payloadVetted(vetted);
                    used += c.payload();
                }
                at = c.pack(loaded, at);
            }
            loaded = java.util.Arrays.copyOf(loaded, at);
            loadedPackets = all.length;
        }
        var session = new WatchSession(config, new DatagramFiles(null, 65535));
        WatchEngine e = session.engine();
        var view = new dev.warden.watch.packet.PacketEvent[32];
        for (int i = 0; i < view.length; i++) view[i] = new dev.warden.watch.packet.PacketEvent();
        dev.warden.watch.packet.PacketEvent.deliver(loaded, loadedPackets, loadedPayloads, view, e);
        var incidents = session.finish();
        session.print(Format.JSONL, new PrintStream(OutputStream.nullOutputStream()));
        return String.format(Locale.ROOT, "%,d IP packets into the engine, %,d flows, %,d devices, %,d incidents", e.packets(), e.flows(),
                e.devices().size(), incidents.size());
    }

    private static WatchEngine.Config config(Path intel) {
        return config(settings, intel);
    }

    private static WatchEngine.Config config(Settings settings, Path intel) {
        var config = WatchEngine.Config.defaults(settings).withOui(OuiRegistry.bundled());
        if (Files.isDirectory(intel)) config = config.withIntel(Indicators.load(intel));
        return config.withProfiles(new Profiles(settings.duration("watch.profile.learn").toNanos() / 1000));
    }

    /** Reader and decoder only: the floor under the pipeline. */
    static String decode(Path file) throws Exception {
        var p = new DecodedPacket();
        long n = 0, ip = 0, sum = 0;
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            while (src.advance()) {
                n++;
                Decoder.decode(src, p);
                if (p.has(DecodedPacket.IPV4) || p.has(DecodedPacket.IPV6)) ip++;
                sum += p.srcIp4() + p.dstPort() + p.tcpFlags();
            }
        }
        return String.format(Locale.ROOT, "%,d packets read, %,d IP [%x]", n, ip, sum);
    }

    /**
     * Reader, decoder and flow table with the reference timeouts, ended flows counted and dropped: the job softflowd does,
     * without devices, detectors or incidents.
     */
    static String flows(Path file) throws Exception {
        Settings s = settings;
        var table = new dev.warden.watch.packet.FlowTable(s.integer("watch.flow.max-flows"), micros(s, "watch.flow.tcp-idle-timeout"),
                micros(s, "watch.flow.udp-idle-timeout"), micros(s, "watch.flow.active-timeout"));
        long[] ended = new long[2];
        dev.warden.watch.flow.FlowListener count = f -> {
            ended[0]++;
            ended[1] += f.origPackets();
        };
        long[] lastSecond = {Long.MIN_VALUE};
        dev.warden.watch.packet.PacketListener packets = p -> {
            long second = p.tsMicros() / 1_000_000;
            if (second != lastSecond[0]) { // the engine's tick: expiry once per second of event time
                lastSecond[0] = second;
                table.expire(p.tsMicros(), count);
            }
            table.packet(p, count);
        };
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            dev.warden.watch.input.PacketFiles.deliver(src, packets, new dev.warden.watch.input.ReadStats(file.toString(), "bench"));
        }
        table.flush(count);
        return String.format(Locale.ROOT, "%,d flows ended [%d]", ended[0], ended[1]);
    }

    private static long micros(Settings s, String key) {
        return s.duration(key).toNanos() / 1000;
    }

    /** Every record in the file, IP or not: the denominator of every rate. */
    static long count(Path file) throws Exception {
        long n = 0;
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            while (src.advance()) n++;
        }
        return n;
    }

    private static double median(double[] v, int from) {
        double[] s = Arrays.copyOfRange(v, from, v.length);
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
