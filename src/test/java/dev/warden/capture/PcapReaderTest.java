package dev.warden.capture;

import dev.warden.capture.Captures.Packet;
import dev.warden.decode.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.warden.capture.Captures.pcap;
import static dev.warden.capture.Captures.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapReaderTest {

    private static final long T0 = 1_622_865_525_123_456_789L;  // 2021-06-05, with nanoseconds

    /** {@code n} SYN frames, the i-th with sequence number i. */
    private static byte[][] synFrames(int n) {
        byte[][] frames = new byte[n][];
        for (int i = 0; i < n; i++) frames[i] = Frames.synFrame(i);
        return frames;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"MICROS, LITTLE_ENDIAN", "MICROS, BIG_ENDIAN", "NANOS, LITTLE_ENDIAN", "NANOS, BIG_ENDIAN"})
    void readsWhatTheWriterWrote(PcapWriter.Precision precision, String order) throws Exception {
        ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] a = Frames.synFrame(1);
        byte[] b = Frames.udpFrame(new byte[100]);
        byte[] file = pcap(1, precision, bo, T0, a, b, new byte[0]);
        try (PcapReader r = PcapReader.of(MemorySegment.ofArray(file), "t.pcap", OnCorrupt.STOP)) {
            assertEquals(bo, r.byteOrder());
            assertEquals(precision == PcapWriter.Precision.NANOS, r.nanosecondTimestamps());
            assertEquals(PcapWriter.DEFAULT_SNAP_LENGTH, r.snapLength());
            List<Packet> packets = readAll(r);
            assertEquals(3, packets.size());
            long t = precision == PcapWriter.Precision.NANOS ? T0 : T0 / 1000 * 1000;
            assertEquals(t, packets.get(0).timestampNanos());
            assertEquals(t + 1_000_000, packets.get(1).timestampNanos());
            assertArrayEquals(a, packets.get(0).data());
            assertArrayEquals(b, packets.get(1).data());
            assertEquals(0, packets.get(2).data().length);
            assertEquals(1, packets.get(1).linkType());
            assertEquals(b.length, packets.get(1).wireLength());
            assertEquals(3, r.packetCount());
            assertEquals(24 + 16 + a.length, r.recordOffset() - 16 - b.length);
            assertFalse(r.advance(), "the end stays the end");
        }
    }

    @Test
    void snapLengthCutsButKeepsTheWireLength() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] frame = Frames.udpFrame(new byte[500]);
        try (PcapWriter w = new PcapWriter(out, 1, 96, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN)) {
            w.write(T0, MemorySegment.ofArray(frame), 0, frame.length, frame.length);
            assertEquals(1, w.packetsWritten());
        }
        Packet p = readAll(out.toByteArray(), OnCorrupt.STOP).getFirst();
        assertEquals(96, p.data().length);
        assertEquals(frame.length, p.wireLength());
        assertArrayEquals(Arrays.copyOf(frame, 96), p.data());
    }

    /** A small record buffer (as each incident excerpt has) writes the same bytes, packets larger than it included. */
    @Test
    void aSmallBufferWritesTheSameFile() throws Exception {
        var big = new ByteArrayOutputStream();
        var small = new ByteArrayOutputStream();
        var random = new java.util.SplittableRandom(3);
        try (PcapWriter a = new PcapWriter(big, 1, PcapWriter.DEFAULT_SNAP_LENGTH, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN);
             PcapWriter b = new PcapWriter(small, 1, PcapWriter.DEFAULT_SNAP_LENGTH, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN,
                     PcapWriter.MIN_BUFFER_BYTES)) {
            for (int i = 0; i < 200; i++) {
                byte[] frame = new byte[random.nextInt(1_600)];
                random.nextBytes(frame);
                a.write(T0 + i * 1000L, frame);
                b.write(T0 + i * 1000L, frame);
            }
        }
        assertArrayEquals(big.toByteArray(), small.toByteArray());
        assertEquals(200, readAll(small.toByteArray(), OnCorrupt.STOP).size());
        assertThrows(IllegalArgumentException.class, () -> new PcapWriter(new ByteArrayOutputStream(), 1, 96, PcapWriter.Precision.MICROS,
                ByteOrder.LITTLE_ENDIAN, PcapWriter.MIN_BUFFER_BYTES - 1));
    }

    @Test
    void writerCopiesFromASource(@TempDir Path dir) throws Exception {
        byte[] original = pcap(1, PcapWriter.Precision.NANOS, ByteOrder.BIG_ENDIAN, T0, Frames.synFrame(3), Frames.synFrame(4));
        Path copy = dir.resolve("excerpt.pcap");
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(original), "o", OnCorrupt.STOP);
             PcapWriter w = PcapWriter.create(copy, 1, PcapWriter.Precision.NANOS)) {
            while (src.advance()) w.write(src);
        }
        try (PacketSource a = PacketSource.of(MemorySegment.ofArray(original), "o", OnCorrupt.STOP);
             PacketSource b = PacketSource.open(copy)) {
            List<Packet> pa = readAll(a);
            List<Packet> pb = readAll(b);
            assertEquals(pa.size(), pb.size());
            for (int i = 0; i < pa.size(); i++) {
                assertEquals(pa.get(i).timestampNanos(), pb.get(i).timestampNanos());
                assertArrayEquals(pa.get(i).data(), pb.get(i).data());
            }
        }
    }

    @Test
    void writerRejectsTimesPcapCannotHold() throws Exception {
        try (PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), 1, 100, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(-1, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> w.write(5_000_000_000L * 1_000_000_000L, new byte[1]));
        }
    }

    @Test
    void largePacketsPassThroughTheWriterBuffer() throws Exception {
        byte[][] frames = new byte[12][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new byte[PcapWriter.DEFAULT_SNAP_LENGTH - i];
            Arrays.fill(frames[i], (byte) i);
        }
        List<Packet> back = readAll(pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, frames), OnCorrupt.STOP);
        assertEquals(frames.length, back.size());
        for (int i = 0; i < frames.length; i++) assertArrayEquals(frames[i], back.get(i).data());
    }

    @Test
    void linkTypeFieldUpperBitsCarryTheFcsLength() throws Exception {
        byte[] file = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, Frames.synFrame(1));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0x2400_0001);  // FCS present, 2 x 16 bits
        try (PcapReader r = PcapReader.of(MemorySegment.ofArray(file), "fcs", OnCorrupt.STOP)) {
            assertTrue(r.advance());
            assertEquals(1, r.linkType());
            assertEquals(4, r.fcsLength());
        }
    }

    @Test
    void truncatedRecordHeader() throws Exception {
        byte[] good = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, Frames.synFrame(1));
        byte[] file = Arrays.copyOf(good, good.length + 10);
        CaptureException e = assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
        assertEquals("test: truncated record header at offset " + good.length + " (10 of 16 bytes)", e.getMessage());
        assertEquals(good.length, e.offset());

        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            assertEquals(1, readAll(src).size());
            assertEquals(1, src.skippedRecords());
            assertEquals(List.of(e.getMessage().substring(6)), src.skipReasons());
        }
    }

    @Test
    void truncatedLastPacket() throws Exception {
        byte[] good = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, Frames.synFrame(1), Frames.synFrame(2));
        byte[] file = Arrays.copyOf(good, good.length - 5);
        int second = 24 + 16 + Frames.synFrame(1).length;
        CaptureException e = assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
        assertEquals("test: truncated packet at offset " + second + ": the record holds 74 bytes, the file has 69 left", e.getMessage());
        assertEquals(1, readAll(file, OnCorrupt.SKIP).size());
    }

    @Test
    void absurdLengthNamesTheFileAndOffset() throws Exception {
        byte[] file = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, Frames.synFrame(1), Frames.synFrame(2));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, -1);
        CaptureException e = assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
        assertEquals("test: packet length 4294967295 larger than the file (164 bytes left) in the record at offset 24",
            e.getMessage());
        assertEquals(24, e.offset());
    }

    @Test
    void skipResynchronisesAfterACorruptHeader() throws Exception {
        byte[][] frames = synFrames(20);
        byte[] file = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, frames);
        int record = 16 + frames[0].length;
        int third = 24 + 2 * record;
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(third + 8, 0x00FF_FFFF);

        assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            List<Packet> packets = readAll(src);
            assertEquals(19, packets.size(), "only the damaged record is lost");
            assertArrayEquals(frames[3], packets.get(2).data());
            assertEquals(1, src.skippedRecords());
            assertTrue(src.skipReasons().getFirst().contains("packet length 16777215 larger than the file (1604 bytes left) in the record at offset 204"),
                src.skipReasons().toString());
        }
    }

    /** A block of zeros (a damaged disk sector) costs the records it covers, not the rest of the file. */
    @Test
    void skipResynchronisesAfterABlockOfZeros() throws Exception {
        byte[][] frames = synFrames(40);
        byte[] file = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, frames);
        int record = 16 + frames[0].length;
        // zeros from inside record 5 to inside record 11's header: the headers of records 6-11 are gone
        Arrays.fill(file, 24 + 5 * record + 26, 24 + 11 * record + 10, (byte) 0);
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            List<Packet> packets = readAll(src);
            assertEquals(34, packets.size(), src.skipReasons().toString());
            assertArrayEquals(frames[12], packets.get(6).data(), "reading goes on at record 12");
            assertArrayEquals(frames[39], packets.getLast().data());
            assertTrue(src.skipReasons().getFirst().startsWith("a record header of zeros at offset " + (24 + 6 * record)), src.skipReasons().toString());
        }
    }

    /** Zeros (or garbage) from some record to the end of the file: the records before them are read, the tail skipped. */
    @Test
    void aDamagedTailEndsTheFileAfterTheGoodRecords() throws Exception {
        byte[][] frames = synFrames(20);
        byte[] good = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, frames);
        for (int tail : new int[]{64, 4096}) {
            byte[] file = Frames.cat(good, new byte[tail]);
            try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
                assertEquals(20, readAll(src).size(), "tail of " + tail);
                assertEquals(1, src.skippedRecords());
            }
        }
    }

    @Test
    void skipGivesUpWhenNothingPlausibleFollows() throws Exception {
        byte[] head = pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, Frames.synFrame(1));
        byte[] junk = new byte[PcapReader.RESYNC_WINDOW + 1000];
        Arrays.fill(junk, (byte) 0xFF);
        byte[] file = Frames.cat(head, junk);
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            assertEquals(1, readAll(src).size(), "the packet before the damage stands");
            assertEquals(1, src.skippedRecords());
            assertTrue(src.unreadTail().endsWith("cannot resynchronise: the last " + junk.length + " bytes of the file are not read"),
                src.unreadTail());
        }
        assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
    }

    @Test
    void badFileHeaders() {
        assertEquals("test: truncated pcap file header (10 of 24 bytes)", assertThrows(CaptureException.class,
            () -> PcapReader.of(MemorySegment.ofArray(Arrays.copyOf(pcapHeader(), 10)), "test", OnCorrupt.STOP)).getMessage());
        byte[] v1 = pcapHeader();
        v1[4] = 1;
        assertEquals("test: unsupported pcap version 1.4 (expected 2.x)", assertThrows(CaptureException.class,
            () -> PcapReader.of(MemorySegment.ofArray(v1), "test", OnCorrupt.STOP)).getMessage());
    }

    @Test
    void emptyCaptureHasNoPackets() throws Exception {
        assertEquals(0, readAll(pcapHeader(), OnCorrupt.STOP).size());
    }

    @Test
    void closedSourceRefusesToAdvance(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.pcap");
        Files.write(f, pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T0, Frames.synFrame(1)));
        PacketSource src = PacketSource.open(f);
        src.close();
        src.close();
        assertThrows(IllegalStateException.class, src::advance);
    }

    /**
     * A sparse file past 4 GiB: records of the maximal length whose data are holes, then a real packet after the
     * 4 GiB mark. Only the record headers are ever touched, so this takes little time and disk.
     */
    @Test
    void readsFilesBeyondFourGibibytes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.pcap");
        byte[] syn = Frames.synFrame(0x4747);
        long fillerRecords = (4L << 30) / (16 + PcapReader.MAX_PACKET) + 1;
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.wrap(pcapHeader()), 0);
            long pos = 24;
            ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < fillerRecords; i++) {
                h.clear();
                h.putInt(1_600_000_000).putInt(0).putInt(PcapReader.MAX_PACKET).putInt(PcapReader.MAX_PACKET).flip();
                ch.write(h, pos);
                pos += 16 + PcapReader.MAX_PACKET;
            }
            h.clear();
            h.putInt(1_600_000_001).putInt(5).putInt(syn.length).putInt(syn.length).flip();
            ch.write(h, pos);
            ch.write(ByteBuffer.wrap(syn), pos + 16);
        }
        assertTrue(Files.size(f) > 4L << 30);
        // Mapped: only the record headers are touched. Buffered reads would copy the 4 GiB of holes (12 s here);
        // BufferedWindowTest covers buffered reading across many windows.
        try (PacketSource src = PacketSource.open(f, OnCorrupt.STOP, FileAccess.MAPPED)) {
            long n = 0;
            while (src.advance()) n++;
            assertEquals(fillerRecords + 1, n);
            assertEquals(Files.size(f) - syn.length - 16, src.recordOffset());
            assertEquals(1_600_000_001_000_005_000L, src.timestampNanos());
            assertArrayEquals(syn, src.segment().asSlice(src.offset(), src.capturedLength())
                .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }

    private static byte[] pcapHeader() {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4).putShort((short) 2)
            .putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1).array();
    }
}
