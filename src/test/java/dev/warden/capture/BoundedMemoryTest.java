package dev.warden.capture;

import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reading and decoding allocate nothing per packet, and nothing a damaged file controls grows without bound. */
class BoundedMemoryTest {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void readingAndDecodingAllocateNothingPerPacket(@TempDir Path dir) throws Exception {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        List<byte[]> frames = new ArrayList<>(SyntheticCaptures.ethernetFrames());
        List<byte[]> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) many.addAll(frames);
        Path pcap = dir.resolve("many.pcap");
        Files.write(pcap, Captures.pcap(LinkType.ETHERNET, PcapWriter.Precision.NANOS, ByteOrder.BIG_ENDIAN, 0,
            many.toArray(new byte[0][])));
        Path pcapng = dir.resolve("many.pcapng");
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0, 9, null);
        for (int i = 0; i < many.size(); i++) ng.epb(0, i, many.get(i));
        ng.write(pcapng);

        DecodedPacket packet = new DecodedPacket();
        for (Path f : List.of(pcap, pcapng)) {
            readAll(f, packet);  // warm up: class loading and the first compilations allocate
            long before = THREADS.getCurrentThreadAllocatedBytes();
            long packets = readAll(f, packet);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(many.size(), packets);
            System.out.printf("bounded memory: %s, %d packets read and decoded, %d bytes allocated%n", f.getFileName(), packets, allocated);
            // opening a source costs a few objects (reader, arena, mapping); 110,000 packets must add nothing
            assertTrue(allocated < 16 * 1024, f.getFileName() + ": " + allocated + " bytes allocated for " + packets + " packets");
        }
    }

    private static long readAll(Path f, DecodedPacket packet) throws CaptureException {
        long n = 0;
        try (PacketSource src = PacketSource.open(f)) {
            while (src.advance()) {
                Decoder.decode(src, packet);
                n++;
            }
        }
        return n;
    }

    @Test
    void skipReasonsAreCappedWhileSkipsAreCounted() throws Exception {
        PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0);
        for (int i = 0; i < 5000; i++) b.epb(9, i, new byte[8]);
        try (PacketSource src = PacketSource.of(b.segment(), "t", OnCorrupt.SKIP)) {
            while (src.advance()) {
                throw new AssertionError("no packet is on a described interface");
            }
            assertEquals(5000, src.skippedRecords());
            assertEquals(SkipLog.MAX_REASONS, src.skipReasons().size());
        }
    }
}
