package dev.warden.watch;

import dev.warden.capture.CaptureException;
import dev.warden.capture.LinkType;
import dev.warden.capture.LiveCapture;
import dev.warden.output.Format;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.input.InputFiles;
import dev.warden.watch.input.LabelListener;
import dev.warden.watch.input.PacketFiles;
import dev.warden.watch.input.ReadStats;
import dev.warden.watch.packet.PacketListener;
import dev.warden.watch.report.IncidentReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@code warden watch}: reads the inputs into the engine in order, finishes it, prints the report and
 * says whether anything was found. The command line only turns options into a {@link WatchEngine.Config}.
 */
public final class WatchSession {
    private final WatchEngine engine;
    private final InputFiles inputs;
    private final List<ReadStats> stats = new ArrayList<>();
    private long firstEvent = Long.MAX_VALUE;
    /** How far an input may begin before the previous ones ended without a warning (captures of one period overlap). */
    static final long OUT_OF_ORDER_MICROS = 60_000_000;
    private long inputFirst = Long.MAX_VALUE, lastEvent = Long.MIN_VALUE;
    private final PacketListener packets = new PacketListener() {
        @Override
        public void onPacket(dev.warden.watch.packet.PacketEvent p) {
            seen(p.tsMicros());
            engine.onPacket(p);
        }

        @Override
        public void onPackets(dev.warden.watch.packet.PacketEvent[] events, int from, int to) {
            for (int i = from; i < to; i++) seen(events[i].tsMicros());
            engine.onPackets(events, from, to);
        }

        @Override
        public boolean readsPayload(int protocol, int srcPort, int dstPort) {
            return engine.readsPayload(protocol, srcPort, dstPort);
        }

        @Override
        public void prepare(dev.warden.watch.packet.PacketEvent[] events, int from, int to) {
            engine.prepare(events, from, to);
        }
    };
    /** Where flow inputs deliver (files, and a live collector through {@link #flows()}): the time spans, then the engine. */
    private final dev.warden.watch.flow.FlowListener flows = this::onFlow;

    private void onFlow(dev.warden.watch.flow.FlowRecord f) {
        seen(f.startMicros());
        if (f.endMicros() > lastEvent) lastEvent = f.endMicros();
        engine.onFlow(f);
    }

    /** Widens the run's and the current input's time span to a packet at {@code ts}. */
    private void seen(long ts) {
        if (ts < firstEvent) firstEvent = ts;
        if (ts < inputFirst) inputFirst = ts;
        if (ts > lastEvent) lastEvent = ts;
    }

    /** Capture files are read and decoded on a thread of their own (watch.input.read-ahead, and a second processor)... */
    private final boolean readAhead;
    /** ...from this size on (watch.input.read-ahead-min-bytes): starting the reader costs more than it saves on a small file. */
    private final long readAheadFrom;

    public WatchSession(WatchEngine.Config config, InputFiles.DatagramReader datagrams) {
        this.engine = WatchEngine.build(config);
        this.inputs = new InputFiles(config.settings().integer("watch.input.max-line-bytes"), datagrams);
        this.readAhead = config.settings().flag("watch.input.read-ahead") && Runtime.getRuntime().availableProcessors() > 1;
        this.readAheadFrom = config.settings().integer("watch.input.read-ahead-min-bytes");
    }

    public WatchEngine engine() {
        return engine;
    }

    /** Reads one file; problems with single records are counted in its stats, a file that cannot be read throws. */
    public ReadStats read(Path file, PrintStream err) throws IOException {
        return read(file, file.toString(), err);
    }

    /**
     * As {@link #read(Path, PrintStream)}, reporting the input as {@code name} (standard input or a pipe read through
     * a temporary copy {@code file}): in its stats and in the errors that would name the copy. Warns on {@code err}
     * when the input begins before the inputs read so far ended: windows, learning periods and times to detect follow
     * event time, which only moves forward, so inputs must come oldest first.
     */
    public ReadStats read(Path file, String name, PrintStream err) throws IOException {
        String copy = file.toString();
        if (name.equals(copy)) return readInput(file, name, err);
        try {
            return readInput(file, name, err);
        } catch (dev.warden.watch.input.MalformedInputException e) {
            throw new dev.warden.watch.input.MalformedInputException(e.getMessage().replace(copy, name));
        } catch (IOException e) {
            if (e.getMessage() == null) throw e;
            throw new IOException(e.getMessage().replace(copy, name), e);
        }
    }

    private ReadStats readInput(Path file, String name, PrintStream err) throws IOException {
        long before = lastEvent;
        inputFirst = Long.MAX_VALUE;
        ReadStats s = dev.warden.watch.input.InputFiles.formatOf(file) == dev.warden.watch.input.InputFormat.PACKET_CAPTURE
                ? PacketFiles.read(file, packets, readAhead && java.nio.file.Files.size(file) >= readAheadFrom)
                : inputs.read(file, flows, LabelListener.NONE);
        s.renamed(name);
        stats.add(s);
        if (inputFirst < firstEvent) firstEvent = inputFirst;
        if ((s.skipped() > 0 || s.hasLoss()) && err != null) err.println("warden: " + s.summary());
        if (s.cutBeforeTransportPackets() > 0 && err != null) {
            err.println("warden: " + name + ": " + String.format(java.util.Locale.ROOT, "%,d of %,d", s.cutBeforeTransportPackets(), s.records())
                    + " IP packets are cut before their TCP or UDP header (a short snapshot length?): their ports and flags are unknown,"
                    + " so scans, logins and floods among them may go unseen");
        }
        if (s.records() == 0 && s.withoutIpPackets() > 0 && err != null) {
            err.println("warden: " + name + ": " + dev.warden.watch.detect.Text.plural(s.withoutIpPackets(), "packet", "packets")
                    + ", none of them IP: nothing to watch");
        }
        if (s.records() == 0 && s.skipped() == 0 && s.withoutIpPackets() == 0 && err != null) err.println("warden: " + name + ": no records (an empty log or capture)");
        if (s.records() == 0 && s.skipped() > 0 && s.withoutIpPackets() == 0) {
            throw new IOException(name + ": no record could be read (" + s.skipped() + " skipped: " + String.join("; ", s.problems()) + ")");
        }
        if (err != null && before != Long.MIN_VALUE && inputFirst != Long.MAX_VALUE && before - inputFirst > OUT_OF_ORDER_MICROS) {
            err.println("warden: " + name + " begins at " + dev.warden.watch.report.IncidentReport.iso(inputFirst) + ", "
                    + dev.warden.watch.detect.Text.duration(before - inputFirst) + " before the inputs read before it end ("
                    + dev.warden.watch.report.IncidentReport.iso(before) + "): windows and times to detect follow event time, "
                    + "so give inputs oldest first");
        }
        return s;
    }


    /**
     * Reads packets from {@code capture} until it stops (see {@link LiveCapture#stop()}), through the same path as a
     * capture file. Its stats carry libpcap's received and dropped counters, and are kept even when the capture fails
     * part way (the interface went away): the exception follows, the packets read so far stay in the engine.
     */
    public ReadStats read(LiveCapture capture) throws CaptureException {
        return read(capture, null);
    }

    /** As {@link #read(LiveCapture)}, also writing the packets to {@code spool} when it is not null (for pcap excerpts). */
    public ReadStats read(LiveCapture capture, dev.warden.capture.SpooledSource spool) throws CaptureException {
        return read(capture, spool, null);
    }

    /** How often, at least, event time moves on by the clock on a quiet link: the engine's tick, once a second. */
    static final java.time.Duration IDLE_AT_LEAST_EVERY = java.time.Duration.ofSeconds(1);

    /**
     * As {@link #read(LiveCapture, dev.warden.capture.SpooledSource)}; with {@code nanoClock} (a monotonic clock in
     * nanoseconds), event time also moves on while no packet comes: by the clock's time since the last packet, so that
     * flows that wait on their deadline (a scan refused by RST) end, and their incidents open, on a quiet link too.
     */
    public ReadStats read(LiveCapture capture, dev.warden.capture.SpooledSource spool, java.util.function.LongSupplier nanoClock) throws CaptureException {
        if (nanoClock != null) {
            long[] seen = {Long.MIN_VALUE, 0}; // the last packet's event time, and the clock when it was seen
            capture.onIdle(() -> {
                if (lastEvent == Long.MIN_VALUE) return;
                long clock = nanoClock.getAsLong();
                if (lastEvent != seen[0]) {
                    seen[0] = lastEvent;
                    seen[1] = clock;
                }
                engine.idleUntil(lastEvent + (clock - seen[1]) / 1000);
            }, IDLE_AT_LEAST_EVERY);
        }
        var s = new ReadStats(capture.name(), "live capture (" + LinkType.name(capture.linkType()) + ")");
        stats.add(s);
        CaptureException failed = null;
        try {
            PacketFiles.deliver(spool != null ? spool : capture, packets, s);
        } catch (CaptureException e) {
            failed = e;
        }
        try {
            s.capture(capture.stats());
        } catch (CaptureException e) {
            if (failed == null) failed = e;
            else failed.addSuppressed(e);
        }
        if (failed != null) throw failed;
        return s;
    }

    /** What each input read so far, in order. */
    public List<ReadStats> inputs() {
        return List.copyOf(stats);
    }

    public void add(ReadStats s) {
        stats.add(s);
    }

    /**
     * Where a live flow source (a NetFlow/IPFIX collector) delivers its flows: into the engine, and into the report's
     * time span, as the flows of a file are.
     */
    public dev.warden.watch.flow.FlowListener flows() {
        return flows;
    }

    public List<Incident> finish() {
        engine.finish();
        return engine.incidents();
    }

    /** What the run read, for the store: records, packets, flows, devices, skipped records, incidents. */
    public java.util.Map<String, Object> totals() {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("inputs", stats.stream().map(ReadStats::source).toList());
        m.put("records", stats.stream().mapToLong(ReadStats::records).sum());
        m.put("skipped", stats.stream().mapToLong(ReadStats::skipped).sum());
        m.put("packets", engine.packets());
        m.put("flows", engine.flows());
        m.put("devices", engine.devices().devices().size());
        var limits = engine.limits();
        if (limits.untrackedAddresses() > 0) m.put("untrackedAddresses", limits.untrackedAddresses());
        if (limits.evictedFlows() > 0) m.put("evictedFlows", limits.evictedFlows());
        if (limits.forgottenKeys() > 0) m.put("forgottenStateKeys", limits.forgottenKeys());
        if (limits.droppedIncidents() > 0) m.put("droppedIncidents", limits.droppedIncidents());
        m.put("incidents", engine.incidents().size() + limits.droppedIncidents()); // every incident the store got
        return m;
    }

    /** What the run's bounds left out so far. */
    public dev.warden.watch.RunLimits limits() {
        return engine.limits();
    }

    public void print(Format format, PrintStream out) {
        // in the order their traffic began, not the order the engine first needed them (ties: that order)
        var devices = new java.util.ArrayList<>(engine.devices().devices());
        devices.sort(java.util.Comparator.comparingLong(dev.warden.watch.device.Device::firstSeen));
        var summary = new IncidentReport.Summary(stats, engine.flows(), engine.packets(), devices, engine.limits(),
                firstEvent == Long.MAX_VALUE ? Long.MIN_VALUE : firstEvent, engine.now());
        IncidentReport.print(format, summary, engine.incidents(), out);
    }
}
