package dev.warden.watch.input;

import dev.warden.capture.CaptureException;
import dev.warden.capture.PacketSource;
import dev.warden.decode.DecodedPacket;
import dev.warden.watch.packet.PacketEvent;
import dev.warden.watch.packet.PacketListener;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and decodes a capture on a thread of its own while the calling thread runs the listener: the reader fills
 * batches of {@value #BATCH} packets and hands them over through a queue of {@value #BATCHES}, so that the listener
 * (the engine) never waits on the file or the decoder while a batch is ready. The reader decodes into events of its
 * own and packs them into the batch ({@link PacketEvent#pack}: 64 bytes an IPv4 packet, half an event), the listener
 * unpacks them into events of its own, {@value #VIEW} at a time: what crosses from one core to the other is the
 * records, written once and read once. The listener sees the same events in
 * the same order as from {@link PacketFiles#deliver}, so the findings are the same; what changes is that the payload
 * bytes of a packet are kept, copied into the batch, only when the listener reads them
 * ({@link PacketListener#readsPayload}): the read window they point into has moved on by the time the listener runs.
 *
 * <p>A failure on either side stops both: the reader's (a capture that cannot be read further) reaches the caller
 * after the packets before it were delivered, as from {@link PacketFiles#deliver}; the listener's stops the reader
 * before it propagates. Counters in the {@link ReadStats} are written by the reader and complete when this returns.
 */
final class ReadAhead {
    /** Packets per batch: enough that handing a batch over (a lock, sometimes a wake-up) costs nothing per packet. */
    static final int BATCH = 2048;
    /**
     * Batches in flight: the reader may be 128 Ki packets ahead (about 8 MB of IPv4 records). Stretches of a capture that are
     * slow to decode (large packets: more bytes to read) and slow to analyse (a flood: a flow per packet) alternate over
     * tens of thousands of packets; with 4 batches the engine waited on the reader for a third of them, with 32 seldom.
     * 64 rather than 32 for the minutes when the reading thread runs at half speed (a busy shared machine): then the
     * engine waits far less, at a cost of 2-4% in quiet minutes, as its packets come from further away (13 alternated
     * fork pairs: mean 7.13 against 6.49 M packets/s, worst 6.08 against 4.72; bench/watch/README.md, sixth round).
     */
    static final int BATCHES = 64;
    /**
     * Payload bytes a batch keeps before it is handed over early: any UDP datagram fits (DNS answers and device
     * announcements are a few hundred bytes); allocated when a batch first keeps one.
     */
    static final int PAYLOAD_BYTES = 64 << 10;
    /**
     * Events the listener gets per call, unpacked from a batch's records into events of its own thread: few enough to
     * stay in its first-level cache (4 KB), as many as the engine reads ahead in the flow table (its touch group).
     */
    static final int VIEW = 32;
    /** Events the reading thread decodes, prepares and packs together, in its first-level cache (a divisor of BATCH). */
    static final int GROUP = 32;

    private ReadAhead() {}

    /** Delivers every IP packet of {@code src}, as {@link PacketFiles#deliver}, read and decoded on another thread. */
    static void deliver(PacketSource src, PacketListener packets, ReadStats stats) throws CaptureException {
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES), full = new ArrayBlockingQueue<>(BATCHES);
        Arena arena = Arena.ofAuto(); // the kept payloads: freed with the batches, no close to wait for per file
        for (int i = 0; i < BATCHES; i++) free.add(new Batch(arena));
        Thread reader = Thread.ofPlatform().name("warden-reader").daemon().unstarted(() -> read(src, packets, stats, free, full));
        reader.start();
        PacketEvent[] view = new PacketEvent[VIEW]; // the listener's events, filled from each batch's records in turn
        for (int i = 0; i < VIEW; i++) view[i] = new PacketEvent();
        long waits = 0, waited = 0; // how often and how long the listener found no batch ready (for the benchmark)
        try {
            while (true) {
                Batch b = full.poll();
                if (b == null) {
                    long t0 = System.nanoTime();
                    b = full.take();
                    waits++;
                    waited += System.nanoTime() - t0;
                }
                PacketEvent.deliver(b.records, b.size, b.payloads, view, packets);
                if (b.failure instanceof CaptureException e) throw e;
                if (b.failure instanceof RuntimeException e) throw e;
                if (b.failure instanceof Error e) throw e;
                if (b.last) return;
                b.clear();
                free.add(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException(src.name(), -1, "reading was interrupted", e);
        } finally {
            reader.interrupt(); // ended already, unless the listener failed: then it stops at its next hand-over
            joinUninterruptibly(reader); // the caller closes the source next
            stats.listenerWaits(waits, waited);
        }
    }

    /**
     * The reader thread: fills batches until the source ends or fails, and says which in the last one. It decodes
     * {@value #GROUP} packets into events of its own, has the listener prepare them and packs them into the batch, so
     * that the events stay in its first-level cache and only the records go to the listener's core.
     */
    private static void read(PacketSource src, PacketListener packets, ReadStats stats, BlockingQueue<Batch> free,
                             BlockingQueue<Batch> full) {
        PacketEvent[] staged = new PacketEvent[GROUP];
        for (int i = 0; i < GROUP; i++) staged[i] = new PacketEvent();
        int n = 0; // events staged, not yet in b
        Batch b;
        try {
            b = free.take();
        } catch (InterruptedException e) {
            return;
        }
        try {
            var p = new DecodedPacket().withoutTcpOptions(); // nothing downstream reads them
            while (src.advance()) {
                PacketEvent e = staged[n];
                if (!PacketFiles.next(src, p, e, stats)) continue;
                if (e.payload() > 0 && packets.readsPayload(e.protocol(), e.srcPort(), e.dstPort())) {
                    if (!b.keep(e, b.size + n == 0)) { // this batch's payload area is full: the packet opens the next batch
                        int before = n;
                        n = 0; // staged no more, packed or (when preparing them fails) left out
                        stage(b, staged, before, packets);
                        full.put(b);
                        staged[before] = staged[0]; // the events before it are packed: it moves to the front
                        staged[0] = e;
                        b = free.take();
                        b.keep(e, true);
                    }
                } else {
                    e.payloadBytes(null, 0);
                }
                if (++n == GROUP || b.size + n == BATCH) {
                    int group = n;
                    n = 0;
                    stage(b, staged, group, packets);
                    if (b.size == BATCH) {
                        full.put(b);
                        b = free.take();
                    }
                }
            }
            b.last = true;
        } catch (InterruptedException e) {
            return; // the listener failed: nobody reads what follows
        } catch (CaptureException | RuntimeException | Error e) {
            b.failure = e;
            b.last = true;
        }
        try {
            stage(b, staged, n, packets); // the packets before a failure are delivered as well
        } catch (RuntimeException | Error e) {
            if (b.failure == null) b.failure = e;
            else b.failure.addSuppressed(e);
        }
        stats.readerCpuNanos(cpuNanos()); // before the hand-over, which publishes it
        full.add(b); // never full: this is one of the BATCHES batches, and the others are queued or with the listener
    }

    /**
     * {@link PacketListener#prepare} of the first {@code n} staged events, then packs them into the batch (whose room
     * for them the caller has seen to); events that fail to be prepared are left out (not all were), and the failure
     * goes on to be the last batch's.
     */
    private static void stage(Batch b, PacketEvent[] staged, int n, PacketListener packets) {
        if (n == 0) return;
        packets.prepare(staged, 0, n);
        b.pack(staged, n);
    }

    /** This thread's CPU time so far, or 0 where the JVM cannot tell (the benchmark's figure, never worth a failure). */
    private static long cpuNanos() {
        try {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            return threads.isCurrentThreadCpuTimeSupported() ? Math.max(0, threads.getCurrentThreadCpuTime()) : 0;
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Packets handed over together, packed ({@link PacketEvent#pack}), with the payload bytes the listener reads. */
    private static final class Batch {
        long[] records; // made when the batch is first filled: a small file fills few
        int end; // where the records end
        final Arena arena;
        MemorySegment payloads; // null until the batch keeps a payload
        long used;
        int size;
        boolean last;
        Throwable failure; // CaptureException, RuntimeException or Error

        Batch(Arena arena) {
            this.arena = arena;
        }

        /**
         * Copies {@code e}'s payload into this batch and points {@code e} at the copy: false when it does not fit after
         * the payloads already kept (a batch {@code empty} of packets, packed or staged, grows to fit it).
         */
        boolean keep(PacketEvent e, boolean empty) {
            int n = e.payload();
            if (payloads == null) payloads = arena.allocate(Math.max(n, PAYLOAD_BYTES));
            if (used + n > payloads.byteSize()) {
                if (!empty) return false;
                // alone in the batch and still larger than the area (a jumbogram): the area grows, once per doubling
                if (n > payloads.byteSize()) payloads = arena.allocate(Math.max(n, 2 * payloads.byteSize()));
            }
            MemorySegment.copy(e.payloadSegment(), e.payloadOffset(), payloads, used, n);
            e.payloadBytes(payloads, used);
            used += n;
            return true;
        }

        /** Packs the first {@code n} of the reading thread's events after the batch's packets. */
        void pack(PacketEvent[] staged, int n) {
            if (records == null) records = new long[BATCH * PacketEvent.MAX_PACKED];
            int at = end;
            for (int i = 0; i < n; i++) at = staged[i].pack(records, at);
            end = at;
            size += n;
        }

        void clear() {
            size = 0;
            end = 0;
            used = 0;
        }
    }
}
