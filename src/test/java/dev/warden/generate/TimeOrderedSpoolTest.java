package dev.warden.generate;

import dev.warden.capture.LinkType;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mix's spool: what goes in comes out whole, in time order, equal times in arrival order, and leaves no file. */
class TimeOrderedSpoolTest {

    @Test
    void writesEveryFrameInStableTimeOrder(@TempDir Path dir) throws Exception {
        var random = new SplittableRandom(7);
        var frames = new ArrayList<MiraiTraffic.Packet>();
        // few distinct times (many ties), frames of 0 to 3,000 bytes: more than the spool's 1 MiB write buffer in all
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = new byte[random.nextInt(i % 100 == 0 ? 3_000 : 200)];
            random.nextBytes(frame);
            frames.add(new MiraiTraffic.Packet(1_700_000_000_000_000_000L + random.nextInt(500) * 1_000_000L, frame));
        }
        Path out = dir.resolve("out.pcap");
        try (var spool = new TimeOrderedSpool(dir, Long.MAX_VALUE); var w = PcapWriter.create(out, LinkType.ETHERNET, PcapWriter.Precision.NANOS)) {
            for (var p : frames) spool.add(p.tsNanos(), p.frame());
            assertEquals(frames.size(), spool.size());
            assertEquals(frames.size(), spool.writeTo(w));
        }
        var expected = new ArrayList<>(frames);
        expected.sort(Comparator.comparingLong(MiraiTraffic.Packet::tsNanos)); // List.sort is stable
        var read = new ArrayList<MiraiTraffic.Packet>();
        try (var src = PacketSource.open(out, OnCorrupt.STOP)) {
            while (src.advance()) {
                read.add(new MiraiTraffic.Packet(src.timestampNanos(), src.segment().asSlice(src.offset(), src.capturedLength()).toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        assertEquals(expected.size(), read.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).tsNanos(), read.get(i).tsNanos(), "time of packet " + i);
            assertArrayEquals(expected.get(i).frame(), read.get(i).frame(), "bytes of packet " + i);
        }
        assertEquals(List.of(out), listing(dir), "the spool file is gone");
    }

    @Test
    void moreThanTheHeapBudgetIsANamedError(@TempDir Path dir) throws IOException {
        try (var spool = new TimeOrderedSpool(dir, 5_000L * TimeOrderedSpool.HEAP_BYTES_PER_FRAME)) {
            for (int i = 0; i < 4096; i++) spool.add(i, new byte[60]);
            var e = assertThrows(IOException.class, () -> spool.add(4096, new byte[60]));
            assertTrue(e.getMessage().startsWith("cannot put more than 4,096 packets in time order with this heap"), e.getMessage());
            assertTrue(e.getMessage().contains("WARDEN_JAVA_OPTS"), e.getMessage());
        }
        assertEquals(List.of(), listing(dir), "the spool file is gone after a failure too");
    }

    @Test
    void anEmptySpoolWritesAnEmptyCapture(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("empty.pcap");
        try (var spool = new TimeOrderedSpool(dir, Long.MAX_VALUE); var w = PcapWriter.create(out, LinkType.ETHERNET, PcapWriter.Precision.NANOS)) {
            assertEquals(0, spool.writeTo(w));
        }
        try (var src = PacketSource.open(out, OnCorrupt.STOP)) {
            assertEquals(false, src.advance());
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
