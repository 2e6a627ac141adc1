package dev.warden.watch.input;

import dev.warden.capture.CaptureException;
import dev.warden.capture.Captures;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.capture.PcapWriter;
import dev.warden.decode.Frames;
import dev.warden.watch.packet.PacketEvent;
import dev.warden.watch.packet.PacketListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading ahead on a second thread changes nothing the engine sees: the same packets, in the same order, with the same
 * fields and the same payload bytes where the listener reads them, and the same failures at the same place.
 */
class ReadAheadTest {
    private static final long T = 1_700_000_000_000_000_000L;

    /** Records every event as text; the payload's bytes for the packets whose payload it says it reads (DNS here). */
    private static class Recorder implements PacketListener {
        final List<String> seen = new ArrayList<>();
        final int failAt;

        Recorder(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void onPacket(PacketEvent p) {
            if (seen.size() == failAt) throw new IllegalStateException("listener failed at packet " + failAt);
            String payload = "";
            if (readsPayload(p.protocol(), p.srcPort(), p.dstPort()) && p.payload() > 0) {
                payload = HexFormat.of().formatHex(p.payloadSegment().asSlice(p.payloadOffset(), p.payload()).toArray(ValueLayout.JAVA_BYTE));
            }
            seen.add(p + " " + p.tsMicros() + " " + p.srcMac() + ">" + p.dstMac() + " seq " + p.seq() + " ack " + p.ack() + " payload "
                    + p.payload() + " " + payload);
        }

        @Override
        public boolean readsPayload(int protocol, int srcPort, int dstPort) {
            return protocol == 17 && (srcPort == 53 || dstPort == 53);
        }
    }

    /** Several batches of TCP, UDP with and without a read payload, ICMP and ARP (which is counted, not delivered). */
    private static byte[] mixed(int packets, int dnsPayloadBytes) throws IOException {
        var r = new Random(7);
        byte[][] frames = new byte[packets][];
        for (int i = 0; i < packets; i++) {
            int src = 0x0a000000 | r.nextInt(1 << 16), dst = 0x0a000000 | r.nextInt(1 << 16);
            byte[] data = new byte[1 + r.nextInt(i % 7 == 0 ? dnsPayloadBytes : 40)];
            r.nextBytes(data);
            frames[i] = switch (i % 7) {
                case 0 -> Frames.ethernet(Frames.MAC_B, Frames.MAC_A, 0x0800, Frames.ipv4(src, dst, 17, Frames.udp(40000 + i % 1000, 53, data)));
                case 1 -> Frames.ethernet(Frames.MAC_A, Frames.MAC_B, 0x0800, Frames.ipv4(src, dst, 17, Frames.udp(123, 9999, data)));
                case 2 -> Frames.ethernet(Frames.MAC_A, Frames.MAC_B, 0x0806, Frames.arp(1, Frames.MAC_A, src, 0, dst));
                case 3 -> Frames.ethernet(Frames.MAC_A, Frames.MAC_B, 0x0800, Frames.ipv4(src, dst, 1, Frames.icmp(8, 0, data)));
                default -> Frames.ethernet(Frames.MAC_A, Frames.MAC_B, 0x0800,
                        Frames.ipv4(src, dst, 6, Frames.tcp(1024 + i, 23, r.nextInt(), r.nextInt(), 0x02, 1024, new byte[0], data)));
            };
        }
        return Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T, frames);
    }

    /** {@code capture} with the record header of packet {@code index} claiming a length beyond any snapshot: corrupt. */
    private static byte[] corruptAt(byte[] capture, int index) {
        int at = 24;
        for (int i = 0; i < index; i++) at += 16 + ByteBuffer.wrap(capture, at + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteBuffer.wrap(capture, at + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fff_0000);
        return capture;
    }

    private static Recorder oneThread(Path file, OnCorrupt onCorrupt, ReadStats stats, int failAt) throws CaptureException {
        var r = new Recorder(failAt);
        try (PacketSource src = PacketSource.open(file, onCorrupt)) {
            PacketFiles.deliver(src, r, stats);
        }
        return r;
    }

    private static Recorder readAhead(Path file, OnCorrupt onCorrupt, ReadStats stats, int failAt) throws CaptureException {
        var r = new Recorder(failAt);
        try (PacketSource src = PacketSource.open(file, onCorrupt)) {
            ReadAhead.deliver(src, r, stats);
        }
        return r;
    }

    @Test
    void theListenerSeesWhatTheOneThreadReadGives(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("mixed.pcap"), mixed(5 * ReadAhead.BATCH + 17, 300));
        var stats1 = new ReadStats("one", "t");
        var stats2 = new ReadStats("two", "t");
        List<String> expected = oneThread(file, OnCorrupt.SKIP, stats1, -1).seen;
        List<String> got = readAhead(file, OnCorrupt.SKIP, stats2, -1).seen;
        assertEquals(expected.size(), got.size());
        assertEquals(expected, got);
        assertEquals(stats1.records(), stats2.records());
        assertEquals(stats1.withoutIpPackets(), stats2.withoutIpPackets());
        assertTrue(stats1.withoutIpPackets() > 0, "the ARP frames are counted");
        assertTrue(expected.stream().anyMatch(s -> s.contains(" 53 ") || s.contains(":53 ")), "DNS packets with their payloads are in the capture");
    }

    /** Large DNS payloads fill a batch's payload area before its events: batches are handed over early, nothing lost. */
    @Test
    void largePayloadsAreKeptAcrossEarlyHandOvers(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("big-dns.pcap"), mixed(3 * ReadAhead.BATCH, 60_000));
        List<String> expected = oneThread(file, OnCorrupt.SKIP, new ReadStats("one", "t"), -1).seen;
        assertEquals(expected, readAhead(file, OnCorrupt.SKIP, new ReadStats("two", "t"), -1).seen);
    }

    /** A capture that cannot be read further: the packets before the damage, then the same error as on one thread. */
    @Test
    void aReadFailureArrivesAfterThePacketsBeforeIt(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("corrupt.pcap"), corruptAt(mixed(3 * ReadAhead.BATCH, 100), 2500));
        var one = new Recorder(-1);
        var ahead = new Recorder(-1);
        CaptureException e1, e2;
        try (PacketSource src = PacketSource.open(file, OnCorrupt.STOP)) {
            e1 = assertThrows(CaptureException.class, () -> PacketFiles.deliver(src, one, new ReadStats("one", "t")));
        }
        try (PacketSource src = PacketSource.open(file, OnCorrupt.STOP)) {
            e2 = assertThrows(CaptureException.class, () -> ReadAhead.deliver(src, ahead, new ReadStats("two", "t")));
        }
        assertEquals(e1.getMessage(), e2.getMessage());
        assertFalse(one.seen.isEmpty());
        assertEquals(one.seen, ahead.seen);
        assertFalse(readerAlive());
    }

    /** The listener's failure stops the reader (no thread left behind, no hang) and reaches the caller unchanged. */
    @Test
    void aListenerFailureStopsTheReader(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("mixed.pcap"), mixed(40 * ReadAhead.BATCH, 100));
        var r = new Recorder(3 * ReadAhead.BATCH + 5);
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            var e = assertThrows(IllegalStateException.class, () -> ReadAhead.deliver(src, r, new ReadStats("x", "t")));
            assertEquals("listener failed at packet " + (3 * ReadAhead.BATCH + 5), e.getMessage());
        }
        assertEquals(3 * ReadAhead.BATCH + 5, r.seen.size());
        assertFalse(readerAlive(), "the reader thread ended");
    }

    /**
     * Notes each event it prepares, in order, and checks, for each packet it gets, that it was prepared on the reading
     * thread, once, with that packet's own values (the events it gets are not the ones it prepared: the reader packs
     * them into the batch, the listener's side unpacks them).
     */
    private static final class Preparer extends Recorder {
        final List<String> problems = new ArrayList<>();
        final java.util.ArrayDeque<String> prepared = new java.util.ArrayDeque<>(); // added by the reader, taken by the listener
        final int failAtCall;
        int calls;

        Preparer(int failAtCall) {
            super(-1);
            this.failAtCall = failAtCall;
        }

        @Override
        public void prepare(PacketEvent[] events, int from, int to) {
            if (++calls == failAtCall) throw new IllegalArgumentException("prepare failed in call " + failAtCall);
            if (!Thread.currentThread().getName().equals("warden-reader")) problems.add("prepared on " + Thread.currentThread().getName());
            synchronized (prepared) {
                for (int i = from; i < to; i++) prepared.add(events[i].toString());
            }
        }

        @Override
        public void onPacket(PacketEvent p) {
            synchronized (prepared) {
                String as = prepared.poll();
                if (!p.toString().equals(as)) problems.add("not prepared as itself, or not once: " + p + " (" + as + ")");
            }
            super.onPacket(p);
        }
    }

    @Test
    void everyPacketIsPreparedOnceOnTheReadingThreadBeforeTheListenerGetsIt(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("big-dns.pcap"), mixed(4 * ReadAhead.BATCH + 3, 60_000)); // early hand-overs too
        var p = new Preparer(-1);
        var stats = new ReadStats("x", "t");
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            ReadAhead.deliver(src, p, stats);
        }
        assertEquals(List.of(), p.problems);
        assertEquals(oneThread(file, OnCorrupt.SKIP, new ReadStats("one", "t"), -1).seen, p.seen);
        assertTrue(stats.readerCpuNanos() > 0, "the reading thread's CPU time is reported");

        // before a read failure: the packets before it are prepared and delivered, then the failure
        Path corrupt = Files.write(dir.resolve("corrupt.pcap"), corruptAt(mixed(3 * ReadAhead.BATCH, 100), 2500));
        var q = new Preparer(-1);
        try (PacketSource src = PacketSource.open(corrupt, OnCorrupt.STOP)) {
            assertThrows(CaptureException.class, () -> ReadAhead.deliver(src, q, new ReadStats("y", "t")));
        }
        assertEquals(List.of(), q.problems);
        assertFalse(q.seen.isEmpty());
    }

    /**
     * A failure while preparing reaches the caller as itself, after the packets prepared before it (two batches and two
     * groups of the third); the group that failed is left out, and nothing is left running.
     */
    @Test
    void aPrepareFailureStopsTheRead(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("mixed.pcap"), mixed(10 * ReadAhead.BATCH, 100));
        int failing = 2 * (ReadAhead.BATCH / ReadAhead.GROUP) + 3;
        var p = new Preparer(failing);
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            var e = assertThrows(IllegalArgumentException.class, () -> ReadAhead.deliver(src, p, new ReadStats("x", "t")));
            assertEquals("prepare failed in call " + failing, e.getMessage());
        }
        assertEquals(List.of(), p.problems);
        assertEquals(failing, p.calls, "prepared no more after the failure");
        assertEquals(2 * ReadAhead.BATCH + 2 * ReadAhead.GROUP, p.seen.size(), "the packets prepared before the failure were delivered");
        assertFalse(readerAlive());
    }

    /** Reading a whole file by name: the skip counts and notes of a damaged file are the same on either path. */
    @Test
    void skippedRecordsAreCountedTheSameWay(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("damaged.pcap"), corruptAt(mixed(2 * ReadAhead.BATCH, 100), 1000));
        var one = new Recorder(-1);
        var ahead = new Recorder(-1);
        ReadStats s1 = PacketFiles.read(file, one, false), s2 = PacketFiles.read(file, ahead, true);
        assertTrue(s1.skipped() > 0, s1.summary());
        assertEquals(s1.summary(), s2.summary());
        assertEquals(s1.records(), s2.records());
        assertEquals(one.seen, ahead.seen);
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("warden-reader") && t.isAlive());
    }
}
