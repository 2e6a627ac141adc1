package dev.warden.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CaptureFormatTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a1b2c3d4, PCAP",     // microseconds, big-endian writer
        "d4c3b2a1, PCAP",     // microseconds, little-endian writer
        "a1b23c4d, PCAP",     // nanoseconds, big-endian
        "4d3cb2a1, PCAP",     // nanoseconds, little-endian
    })
    void pcapMagics(String magic, CaptureFormat expected) throws CaptureException {
        assertEquals(expected, CaptureFormat.detect(head(magic + "00020004"), "x"));
    }

    @Test
    void pcapngInBothByteOrders() throws CaptureException {
        assertEquals(CaptureFormat.PCAPNG, CaptureFormat.detect(head("0a0d0d0a1c0000004d3c2b1a"), "x"));
        assertEquals(CaptureFormat.PCAPNG, CaptureFormat.detect(head("0a0d0d0a0000001c1a2b3c4d"), "x"));
        assertEquals(CaptureFormat.PCAPNG, CaptureFormat.detect(new PcapngBuilder().section(ByteOrder.BIG_ENDIAN).segment(), "x"));
    }

    @Test
    void pcapngWithABadByteOrderMagic() {
        CaptureException e = assertThrows(CaptureException.class, () -> CaptureFormat.detect(head("0a0d0d0a1c00000011223344"), "f.pcapng"));
        assertEquals("f.pcapng: pcapng section header at offset 0 has byte-order magic 44332211, expected 1a2b3c4d", e.getMessage());
    }

    @Test
    void unknownFormatsAreNamed() {
        assertTrue(assertThrows(CaptureException.class, () -> CaptureFormat.detect(head("1f8b0800"), "a.pcap.gz"))
            .getMessage().contains("gzip-compressed"));
        assertEquals("e: empty file, not a capture",
            assertThrows(CaptureException.class, () -> CaptureFormat.detect(MemorySegment.ofArray(new byte[0]), "e")).getMessage());
        assertEquals("t: unknown capture format (magic 3c68746d); Warden reads pcap (a1b2c3d4, a1b23c4d) and pcapng (0a0d0d0a)",
            assertThrows(CaptureException.class, () -> CaptureFormat.detect(head("3c68746d6c3e"), "t")).getMessage());
    }

    @Test
    void detectsFilesByContentNotByName(@TempDir Path dir) throws Exception {
        Path misnamed = dir.resolve("really-a-pcap.pcapng");
        Files.write(misnamed, Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, 0, new byte[60]));
        assertEquals(CaptureFormat.PCAP, CaptureFormat.detect(misnamed));
        try (PacketSource src = PacketSource.open(misnamed)) {
            assertEquals(CaptureFormat.PCAP, src.format());
        }
    }

    @Test
    void theRealBacnetPcapngIsAPcap() throws Exception {
        Path f = Captures.DATA.resolve("ddos-pcap/amp.UDP.bacnet.IOT.37810.pcapng");
        assumeTrue(Files.exists(f), "shared data set not present");
        assertEquals(CaptureFormat.PCAP, CaptureFormat.detect(f));
    }

    @Test
    void missingFile(@TempDir Path dir) {
        CaptureException e = assertThrows(CaptureException.class, () -> PacketSource.open(dir.resolve("nope.pcap")));
        assertTrue(e.getMessage().startsWith(dir.resolve("nope.pcap") + ": cannot read"), e.getMessage());
        assertEquals(-1, e.offset());
    }

    private static MemorySegment head(String hex) {
        return MemorySegment.ofArray(HexFormat.of().parseHex(hex));
    }

    static void write(Path p, byte[] b) throws IOException {
        Files.write(p, b);
    }
}
