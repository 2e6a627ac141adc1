package dev.warden.capture;

import dev.warden.capture.Captures.Packet;
import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import dev.warden.decode.Frames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static dev.warden.capture.Captures.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcapngReaderTest {

    private static final long SECONDS = 1_700_000_000L;

    @Test
    void twoInterfacesWithDifferentLinkTypesAndResolutions(@TempDir Path dir) throws Exception {
        byte[] eth = Frames.synFrame(1);
        byte[] cooked = Frames.sll(0, Frames.MAC_A, 0x0800, Frames.ipv4(Frames.IP_A, Frames.IP_B, 17, Frames.udp(1, 2, new byte[3])));
        Path f = new PcapngBuilder()
            .section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.ETHERNET, 65535)                          // default: microseconds
            .iface(LinkType.LINUX_SLL, 0, 9, null)                     // nanoseconds
            .epb(0, SECONDS * 1_000_000 + 250, eth)
            .epb(1, SECONDS * 1_000_000_000 + 7, cooked)
            .write(dir.resolve("two.pcapng"));
        try (PacketSource src = PacketSource.open(f)) {
            assertEquals(CaptureFormat.PCAPNG, src.format());
            List<Packet> packets = readAll(src);
            assertEquals(2, packets.size());
            assertEquals(SECONDS * 1_000_000_000 + 250_000, packets.get(0).timestampNanos());
            assertEquals(LinkType.ETHERNET, packets.get(0).linkType());
            assertEquals(eth.length, packets.get(0).wireLength());
            assertArrayEquals(eth, packets.get(0).data());
            assertEquals(LinkType.LINUX_SLL, packets.get(1).linkType());
            assertEquals(1, packets.get(1).interfaceId());
            assertEquals(SECONDS * 1_000_000_000 + 7, packets.get(1).timestampNanos());
            assertArrayEquals(cooked, packets.get(1).data());

            DecodedPacket p = new DecodedPacket();
            assertTrue(Decoder.decode(MemorySegment.ofArray(cooked), 0, cooked.length, packets.get(1).linkType(), p));
            assertEquals(Frames.MAC_A, p.srcMac());
        }
    }

    @Test
    void powerOfTwoResolutionAndOffset() throws Exception {
        long units = (SECONDS << 10) | 512;  // 2^-10 s: 512/1024 = half a second
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.RAW, 0, 0x80 | 10, 3600L)
            .iface(LinkType.RAW, 0, 0x80 | 40, null)
            .iface(LinkType.RAW, 0, 12, null)  // picoseconds
            .epb(0, units, new byte[]{0x45})
            .epb(1, (1_000_000L << 40) | (3L << 38), new byte[]{0x45})
            .epb(2, 1_000_000L * 1_000_000_000_000L + 999_999, new byte[]{0x45})
            .bytes();
        List<Packet> packets = readAll(file, OnCorrupt.STOP);
        assertEquals((SECONDS + 3600) * 1_000_000_000 + 500_000_000, packets.get(0).timestampNanos());
        assertEquals(1_000_000L * 1_000_000_000 + 750_000_000, packets.get(1).timestampNanos());
        assertEquals(1_000_000L * 1_000_000_000 + 999, packets.get(2).timestampNanos());
    }

    @Test
    void sectionsInBothByteOrdersEachWithTheirOwnInterfaces() throws Exception {
        byte[] a = Frames.synFrame(10);
        byte[] b = Frames.ipv4(1, 2, 17, Frames.udp(3, 4, new byte[0]));
        byte[] file = new PcapngBuilder()
            .section(ByteOrder.BIG_ENDIAN).iface(LinkType.ETHERNET, 0).epb(0, 1_000_000, a)
            .section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.RAW, 0).epb(0, 2_000_000, b)
            .bytes();
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "s", OnCorrupt.STOP)) {
            List<Packet> packets = readAll(src);
            assertEquals(List.of(LinkType.ETHERNET, LinkType.RAW), packets.stream().map(Packet::linkType).toList());
            assertEquals(1_000_000_000, packets.get(0).timestampNanos());
            assertArrayEquals(a, packets.get(0).data());
            assertArrayEquals(b, packets.get(1).data());
            assertEquals(ByteOrder.LITTLE_ENDIAN, ((PcapngReader) src).byteOrder());
            assertEquals(1, ((PcapngReader) src).interfaceCount());
        }
    }

    @Test
    void simpleAndObsoletePacketBlocksAndUnknownBlocksSkipped() throws Exception {
        byte[] frame = Frames.udpFrame(new byte[200]);
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN)
            .iface(LinkType.ETHERNET, 100)
            .block(PcapngReader.NRB, new byte[]{1, 0, 8, 0, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0})
            .opb(0, 5_000_000, frame)
            .block(0x0BAD, new byte[]{0, 0, 0x7E, 0x57, 1, 2, 3})
            .block(0x1234_5678, new byte[40])
            .spb(Arrays.copyOf(frame, 100), frame.length)
            .block(PcapngReader.ISB, new byte[20])
            .bytes();
        List<Packet> packets = readAll(file, OnCorrupt.STOP);
        assertEquals(2, packets.size());
        assertEquals(5_000_000_000L, packets.get(0).timestampNanos());
        assertArrayEquals(frame, packets.get(0).data());
        assertEquals(100, packets.get(1).data().length, "a simple packet is cut to the interface's snapshot length");
        assertEquals(frame.length, packets.get(1).wireLength());
        assertEquals(5_000_000_000L, packets.get(1).timestampNanos(), "no timestamp: the previous packet's");
    }

    @Test
    void packetOnAnUndefinedInterface() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0)
            .epb(3, 1, Frames.synFrame(1)).epb(0, 2, Frames.synFrame(2)).bytes();
        int third = 28 + 32;
        CaptureException e = assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
        assertEquals("test: packet block at offset " + third + " names interface 3 but the section has 1", e.getMessage());
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            assertEquals(1, readAll(src).size());
            assertEquals(1, src.skippedRecords());
        }
    }

    @Test
    void packetLongerThanItsBlock() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0)
            .epb(0, 1, Frames.synFrame(1)).bytes();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 32 + 20, 10_000);
        assertTrue(assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP)).getMessage()
            .contains("packet length 10000 larger than its enhanced packet block (88 bytes of data) at offset 60"));
    }

    @Test
    void damagedFramingIsSkippedByScanningForTheNextBlock() throws Exception {
        PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0);
        for (int i = 0; i < 10; i++) b.epb(0, i, Frames.synFrame(i));
        byte[] file = b.bytes();
        int epbLength = 32 + 76 + 12;  // header and trailer, the padded frame, a comment option and its end
        int fourth = 28 + 32 + 3 * epbLength;
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(fourth + 4, 0x0123_4567);

        CaptureException e = assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP));
        assertEquals("test: block type 0x6 at offset " + fourth + " has length 19088743, not a multiple of 4", e.getMessage());
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            List<Packet> packets = readAll(src);
            assertEquals(9, packets.size());
            assertEquals(4, packets.get(3).timestampNanos() / 1000);
            assertEquals(1, src.skippedRecords());
        }
    }

    @Test
    void mismatchedTrailingLength() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0)
            .epb(0, 1, Frames.synFrame(1)).epb(0, 2, Frames.synFrame(2)).bytes();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 32 + 120 - 4, 124);
        assertEquals("test: block type 0x6 at offset 60 has length 120 but its trailing length is 124",
            assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP)).getMessage());
        assertEquals(1, readAll(file, OnCorrupt.SKIP).size());
    }

    @Test
    void truncatedLastBlock() throws Exception {
        byte[] good = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN).iface(LinkType.ETHERNET, 0)
            .epb(0, 1, Frames.synFrame(1)).epb(0, 2, Frames.synFrame(2)).bytes();
        byte[] file = Arrays.copyOf(good, good.length - 30);
        assertEquals("test: block type 0x6 at offset 180 has length 120, larger than the file (90 bytes left)",
            assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.STOP)).getMessage());
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(file), "test", OnCorrupt.SKIP)) {
            assertEquals(1, readAll(src).size());
            assertEquals(1, src.skippedRecords());
        }
        byte[] cutHeader = Arrays.copyOf(good, 180 + 7);
        assertEquals("test: truncated block header at offset 180 (7 of 12 bytes)",
            assertThrows(CaptureException.class, () -> readAll(cutHeader, OnCorrupt.STOP)).getMessage());
        // a file cut inside its first block says so, not that the block's (right) length is bad
        byte[] section = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).bytes();
        ByteBuffer.wrap(section).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 40); // a section header with options, cut after 28 bytes
        assertEquals("test: truncated: the section header block at offset 0 needs 40 bytes, the file has 28 from there",
            assertThrows(CaptureException.class, () -> readAll(section, OnCorrupt.SKIP)).getMessage());
    }

    @Test
    void damagedSectionHeaderCannotBeSkipped() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0)
            .section(ByteOrder.LITTLE_ENDIAN).bytes();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 32 + 8, 0x11111111);
        assertEquals("test: section header block at offset 60 has byte-order magic 11111111, expected 1a2b3c4d",
            assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.SKIP)).getMessage());
    }

    @Test
    void unsupportedResolutionIsAnError() throws Exception {
        byte[] file = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0, 30, null).bytes();
        assertEquals("test: interface 0 at offset 28 has if_tsresol 1e, finer than Warden can convert (at most 10^-18 or 2^-63 seconds)",
            assertThrows(CaptureException.class, () -> readAll(file, OnCorrupt.SKIP)).getMessage());
    }

    @Test
    void interfaceCountIsBounded() throws Exception {
        PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i <= PcapngReader.MAX_INTERFACES; i++) b.iface(LinkType.ETHERNET, 0);
        assertTrue(assertThrows(CaptureException.class, () -> readAll(b.bytes(), OnCorrupt.SKIP)).getMessage()
            .contains("more than 65536 interfaces in the section at offset 0"));
    }
}
