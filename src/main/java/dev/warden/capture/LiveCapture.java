package dev.warden.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;

/**
 * Packets from a network interface, as they arrive, through libpcap ({@link Libpcap}): just another
 * {@link PacketSource}, so the decoder, the flow table and the detectors cannot tell it from a file.
 *
 * <p>Each {@link #advance()} is one pcap_next_ex call, which hands back pointers into libpcap's memory-mapped ring
 * (TPACKET_V3 on Linux). Nothing is copied or allocated per packet: {@link #segment()} is one segment spanning the
 * whole address space and {@link #offset()} is the packet's address in it, valid until the next call, as for files.
 * pcap_dispatch with an upcall per packet was not chosen: a Java upcall costs more than the downcall it would save.
 *
 * <p>Time is the packet's capture timestamp (nanosecond precision where the platform offers it), never the clock
 * of the reader. The capture ends when {@link #stop()} is called from any thread (pcap_breakloop wakes the blocked
 * read at once), after {@link Options#maxPackets()} packets, or when the interface goes away (an exception). After
 * {@link #stop()} the packets already captured are still delivered (the read turns non-blocking and ends when the
 * ring is empty, or after as many packets as the ring could hold, should traffic keep coming faster than that).
 */
@SuppressWarnings("restricted") // native access is enabled for Warden (launcher, jar manifest, surefire)
public final class LiveCapture implements PacketSource {

    /**
     * How to open the capture.
     *
     * @param snapLength bytes kept of each packet (the rest is counted in {@link #wireLength()} only)
     * @param promiscuous receive frames addressed to other hosts too (a mirror port, a hub, a bridge)
     * @param bufferBytes size of the kernel ring the packets wait in; a larger ring absorbs longer bursts
     * @param timeoutMillis longest wait before libpcap hands over a partly filled block of packets
     * @param immediate hand over each packet as it arrives instead of in blocks (lower latency, more wake-ups)
     * @param filter a BPF filter expression as tcpdump takes it, or null for every packet
     * @param maxPackets stop after this many packets; 0 for no limit
     */
    public record Options(int snapLength, boolean promiscuous, int bufferBytes, int timeoutMillis, boolean immediate, String filter,
                          long maxPackets) {
        public Options withFilter(String f) {
            return new Options(snapLength, promiscuous, bufferBytes, timeoutMillis, immediate, f, maxPackets);
        }

        public Options withMaxPackets(long n) {
            return new Options(snapLength, promiscuous, bufferBytes, timeoutMillis, immediate, filter, n);
        }
    }

    /** The whole address space: packets are read in place at their native address. */
    private static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final Libpcap pcap;
    private final String device;
    private final MemorySegment handle;
    private final Arena arena;
    private final MemorySegment out;  // pcap_next_ex's two out-pointers: header @0, data @8
    private final MemorySegment outData;
    private final MemorySegment stat;
    private final int linkType;
    private final boolean nanos;
    private final long maxPackets;
    private final long drainLimit;
    private final String warning;
    private final Object lock = new Object(); // orders stop() (any thread) against close()

    private volatile boolean stopRequested, wakeRequested;
    /** Run on the reading thread each time the read timeout passes without a packet (see {@link #onIdle}). */
    private Runnable idle = () -> {};
    private Thread waker; // wakes the reading thread for idle (onIdle), until stopped or closed
    private long draining = -1; // packets left to deliver after stop(); -1 until then
    private boolean closed;
    private long packets;
    private long timestampNanos;
    private int capturedLength;
    private long wireLength;
    private long dataAddress;

    private LiveCapture(Libpcap pcap, String device, MemorySegment handle, Arena arena, int linkType, boolean nanos, long maxPackets,
                        long drainLimit, String warning) {
        this.pcap = pcap;
        this.device = device;
        this.handle = handle;
        this.arena = arena;
        this.out = arena.allocate(16, 8);
        this.outData = out.asSlice(8);
        this.stat = arena.allocate(Libpcap.STAT_SIZE, 8);
        this.linkType = linkType;
        this.nanos = nanos;
        this.maxPackets = maxPackets;
        this.drainLimit = drainLimit;
        this.warning = warning;
    }

    /**
     * Opens {@code device} ({@code any} for every interface) and starts capturing.
     *
     * @throws CaptureException naming the problem: libpcap missing, no such interface, no permission (root or
     *                          CAP_NET_RAW needed), interface down, a filter that does not compile
     */
    public static LiveCapture open(String device, Options o) throws CaptureException {
        if (device == null || device.isBlank()) throw new CaptureException("interface", -1, "no interface name given");
        Libpcap pcap = Libpcap.get();
        if (!"any".equals(device) && !interfaceExists(device)) {
            throw new CaptureException(device, -1, "no such network interface (`ip link` lists them)");
        }
        Arena arena = Arena.ofShared();
        MemorySegment h = MemorySegment.NULL;
        try {
            MemorySegment errbuf = arena.allocate(Libpcap.ERRBUF_SIZE);
            h = (MemorySegment) pcap.create.invokeExact(arena.allocateFrom(device), errbuf);
            if (h.equals(MemorySegment.NULL)) throw new CaptureException(device, -1, "cannot capture: " + errbuf.getString(0));
            set(pcap, h, pcap.setSnaplen, o.snapLength(), "snapshot length", device);
            set(pcap, h, pcap.setPromisc, o.promiscuous() ? 1 : 0, "promiscuous mode", device);
            set(pcap, h, pcap.setTimeout, o.timeoutMillis(), "read timeout", device);
            set(pcap, h, pcap.setBufferSize, o.bufferBytes(), "buffer size", device);
            set(pcap, h, pcap.setImmediateMode, o.immediate() ? 1 : 0, "immediate mode", device);
            int precision = (int) pcap.setTstampPrecision.invokeExact(h, Libpcap.TSTAMP_PRECISION_NANO); // microseconds if refused
            int rc = (int) pcap.activate.invokeExact(h);
            if (rc < 0) throw activationFailure(pcap, h, device, rc);
            String warning = rc > 0 ? statusText(pcap, rc) + detail(pcap, h) : null;
            boolean nanos = precision == 0 && (int) pcap.getTstampPrecision.invokeExact(h) == Libpcap.TSTAMP_PRECISION_NANO;
            int linkType = (int) pcap.datalink.invokeExact(h);
            if (o.filter() != null && !o.filter().isBlank()) applyFilter(pcap, h, arena, device, o.filter());
            long drainLimit = Math.max(1, o.bufferBytes() / 64); // 64 bytes: the smallest Ethernet frame
            return new LiveCapture(pcap, device, h, arena, linkType, nanos, o.maxPackets(), drainLimit, warning);
        } catch (CaptureException | RuntimeException | Error e) {
            closeHandle(pcap, h);
            arena.close();
            throw e;
        } catch (Throwable t) {
            closeHandle(pcap, h);
            arena.close();
            throw Libpcap.rethrow(t);
        }
    }

    /**
     * Compiles {@code filter} for {@code linkType} without opening an interface (no privilege needed), so that a typo
     * is reported before anything else. {@code linkType} is libpcap's DLT_ number, which is the LINKTYPE_ number for
     * the common ones except raw IP ({@link LinkType#RAW_12} on Linux).
     *
     * @throws CaptureException with libpcap's reason when the expression does not compile
     */
    public static void checkFilter(String filter, int linkType) throws CaptureException {
        Libpcap pcap = Libpcap.get();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dead = (MemorySegment) pcap.openDead.invokeExact(linkType, 262_144);
            if (dead.equals(MemorySegment.NULL)) throw new CaptureException("filter", -1, "libpcap could not check the filter");
            try {
                applyFilter(pcap, dead, arena, null, filter, false);
            } finally {
                closeHandle(pcap, dead);
            }
        } catch (CaptureException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    private static boolean interfaceExists(String device) {
        try {
            return NetworkInterface.getByName(device) != null;
        } catch (SocketException e) {
            return true; // cannot tell from Java: let libpcap decide and say why
        }
    }

    private static void set(Libpcap pcap, MemorySegment h, java.lang.invoke.MethodHandle setter, int value, String what, String device)
            throws Throwable {
        int rc = (int) setter.invokeExact(h, value);
        if (rc != 0) throw new CaptureException(device, -1, "cannot set the " + what + " to " + value + ": " + statusText(pcap, rc));
    }

    private static void applyFilter(Libpcap pcap, MemorySegment h, Arena arena, String device, String filter) throws Throwable {
        applyFilter(pcap, h, arena, device, filter, true);
    }

    private static void applyFilter(Libpcap pcap, MemorySegment h, Arena arena, String device, String filter, boolean install) throws Throwable {
        MemorySegment program = arena.allocate(Libpcap.BPF_PROGRAM_SIZE, 8);
        int rc = (int) pcap.compile.invokeExact(h, program, arena.allocateFrom(filter), 1, Libpcap.NETMASK_UNKNOWN);
        if (rc < 0) {
            String why = "'" + filter + "' does not compile: " + geterr(pcap, h);
            throw device == null ? new CaptureException("filter", -1, why) : new CaptureException(device, -1, "filter " + why);
        }
        try {
            if (install && (int) pcap.setfilter.invokeExact(h, program) < 0) {
                throw new CaptureException(device, -1, "cannot install the filter '" + filter + "': " + geterr(pcap, h));
            }
        } finally {
            pcap.freecode.invokeExact(program);
        }
    }

    private static CaptureException activationFailure(Libpcap pcap, MemorySegment h, String device, int rc) {
        String why = switch (rc) {
            case Libpcap.ERROR_NO_SUCH_DEVICE -> "no such network interface (`ip link` lists them)";
            case Libpcap.ERROR_PERM_DENIED, Libpcap.ERROR_PROMISC_PERM_DENIED ->
                    "no permission to capture: run as root, or give java CAP_NET_RAW and CAP_NET_ADMIN (docs/live-capture.md)";
            case Libpcap.ERROR_IFACE_NOT_UP -> "the interface is down (ip link set " + device + " up)";
            default -> "cannot capture: " + statusText(pcap, rc);
        };
        return new CaptureException(device, -1, why + detail(pcap, h));
    }

    /** libpcap's own words after a failed call, as " (...)", or nothing. */
    private static String detail(Libpcap pcap, MemorySegment h) {
        String e = geterr(pcap, h);
        return e.isBlank() ? "" : " (libpcap: " + e + ")";
    }

    private static String geterr(Libpcap pcap, MemorySegment h) {
        try {
            return Libpcap.string((MemorySegment) pcap.geterr.invokeExact(h));
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    private static String statusText(Libpcap pcap, int rc) {
        try {
            return Libpcap.string((MemorySegment) pcap.statustostr.invokeExact(rc));
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    private static void closeHandle(Libpcap pcap, MemorySegment h) {
        if (h.equals(MemorySegment.NULL)) return;
        try {
            pcap.close.invokeExact(h);
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /**
     * What to do while no packet comes, on the thread that calls {@link #advance()}: a reader whose time comes from the
     * packets can move it on by the clock. It runs when the read timeout passes without a packet, and at least every
     * {@code atLeastEvery} however quiet the link: libpcap may not return at its timeout on a link with no packet at all,
     * so a thread of the capture's own wakes the reader ({@link #wake()}) that often until the capture is stopped or
     * closed. Set once, before the first {@link #advance()}.
     */
    public void onIdle(Runnable r, java.time.Duration atLeastEvery) {
        if (waker != null) throw new IllegalStateException(device + ": onIdle is set already");
        idle = r;
        long millis = Math.max(1, atLeastEvery.toMillis());
        waker = Thread.ofPlatform().daemon().name("warden-capture-waker").start(() -> {
            try {
                while (!closed && !stopRequested) {
                    Thread.sleep(millis);
                    wake();
                }
            } catch (InterruptedException e) {
                // closed
            }
        });
    }

    @Override
    public boolean advance() throws CaptureException {
        if (closed) throw new IllegalStateException(device + " is closed");
        if (maxPackets > 0 && packets >= maxPackets) return false;
        while (true) {
            if (stopRequested && draining < 0) beginDrain();
            if (draining == 0) return false;
            int rc;
            try {
                rc = (int) pcap.nextEx.invokeExact(handle, out, outData);
            } catch (Throwable t) {
                throw Libpcap.rethrow(t);
            }
            if (rc == 1) {
                long header = out.get(LONG, 0);
                long fraction = EVERYTHING.get(LONG, header + Libpcap.PKTHDR_TV_FRAC);
                timestampNanos = EVERYTHING.get(LONG, header + Libpcap.PKTHDR_TV_SEC) * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
                capturedLength = EVERYTHING.get(INT, header + Libpcap.PKTHDR_CAPLEN);
                wireLength = EVERYTHING.get(INT, header + Libpcap.PKTHDR_LEN) & 0xFFFF_FFFFL;
                dataAddress = out.get(LONG, 8);
                packets++;
                if (draining > 0) draining--;
                return true;
            }
            if (rc == 0) { // the read timeout passed without a packet, or a non-blocking read found the ring empty
                if (draining >= 0) return false;
                idle.run();
                continue;
            }
            if (rc == Libpcap.ERROR_BREAK) { // stop() broke the wait: drain what is captured already; or wake() did
                if (wakeRequested && !stopRequested) {
                    wakeRequested = false;
                    idle.run();
                }
                continue;
            }
            throw new CaptureException(device, -1, "capture failed: " + geterr(pcap, handle));
        }
    }

    /** After stop(): read on without waiting, so that what the ring holds is still delivered, and then end. */
    private void beginDrain() {
        draining = drainLimit;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment errbuf = a.allocate(Libpcap.ERRBUF_SIZE);
            if ((int) pcap.setnonblock.invokeExact(handle, 1, errbuf) < 0) {
                draining = 0; // cannot read without blocking: end now rather than wait for a packet that may not come
            }
        } catch (Throwable t) {
            throw Libpcap.rethrow(t);
        }
    }

    /** Ends the capture: the blocked {@link #advance()} returns false. Safe from any thread (a signal handler). */
    public void stop() {
        stopRequested = true;
        synchronized (lock) {
            if (closed) return;
            try {
                pcap.breakloop.invokeExact(handle);
            } catch (Throwable t) {
                throw Libpcap.rethrow(t);
            }
        }
    }

    /**
     * Wakes the reading thread from its wait (pcap_breakloop, which libpcap allows from another thread) so that it runs
     * {@link #onIdle}: libpcap does not return at its read timeout on a link with no packet at all (with TPACKET_V3 the
     * timer waits for a first packet; immediate mode ignores it), so a quiet link needs a nudge to move time on.
     */
    public void wake() {
        synchronized (lock) {
            if (closed || stopRequested) return;
            wakeRequested = true;
            try {
                pcap.breakloop.invokeExact(handle);
            } catch (Throwable t) {
                throw Libpcap.rethrow(t);
            }
        }
    }

    /** libpcap's counters so far (pcap_stats). */
    public CaptureStats stats() throws CaptureException {
        synchronized (lock) {
            if (closed) throw new IllegalStateException(device + " is closed");
            int rc;
            try {
                rc = (int) pcap.stats.invokeExact(handle, stat);
            } catch (Throwable t) {
                throw Libpcap.rethrow(t);
            }
            if (rc < 0) throw new CaptureException(device, -1, "cannot read capture statistics: " + geterr(pcap, handle));
            return new CaptureStats(stat.get(INT, 0) & 0xFFFF_FFFFL, stat.get(INT, 4) & 0xFFFF_FFFFL, stat.get(INT, 8) & 0xFFFF_FFFFL);
        }
    }

    /** What pcap_activate warned about (promiscuous mode not supported, ...), or null. */
    public String warning() {
        return warning;
    }

    /** libpcap's version text, for messages. */
    public String libraryVersion() {
        return pcap.version();
    }

    /** Whether timestamps carry nanoseconds (else microseconds, scaled). */
    public boolean nanosecondTimestamps() {
        return nanos;
    }

    /** libpcap delivers packets in the pcap record form (header, then bytes); there is no file behind them. */
    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
    }

    /** The interface name. */
    @Override
    public String name() {
        return device;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * libpcap's DLT_ number for the interface (pcap_datalink). It equals the LINKTYPE_ number files carry for what Linux
     * interfaces deliver (Ethernet 1, cooked 113 and 276) except raw IP, DLT_RAW 12, which the decoder reads as
     * {@link LinkType#RAW_12}.
     */
    @Override
    public int linkType() {
        return linkType;
    }

    @Override
    public int interfaceId() {
        return 0;
    }

    @Override
    public int capturedLength() {
        return capturedLength;
    }

    @Override
    public long wireLength() {
        return wireLength;
    }

    @Override
    public MemorySegment segment() {
        return EVERYTHING;
    }

    @Override
    public long offset() {
        return dataAddress;
    }

    /** There is no file: the packet's index (0-based) stands in for its place. */
    @Override
    public long recordOffset() {
        return packets - 1;
    }

    @Override
    public long packetCount() {
        return packets;
    }

    @Override
    public long skippedRecords() {
        return 0;
    }

    @Override
    public List<String> skipReasons() {
        return List.of();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            if (waker != null) waker.interrupt();
            closeHandle(pcap, handle);
            arena.close();
        }
    }
}
