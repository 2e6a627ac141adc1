package dev.warden.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Buffered reading slides a {@value CaptureInput#BUFFER_SIZE}-byte window over the file; mapped and in-memory
 * reading see everything at once. On captures several windows long, with records straddling window boundaries,
 * maximal packets, a block longer than the window, and damage from the fuzzer's mutator, all three must deliver the
 * same packets, the same skips and the same error.
 */
class BufferedWindowTest {

    @Test
    void bufferedMappedAndInMemoryReadingAgree(@TempDir Path dir) throws Exception {
        byte[] pcap = bigPcap();
        byte[] pcapng = bigPcapng();
        assertTrue(pcap.length > 3 * CaptureInput.BUFFER_SIZE && pcapng.length > 3 * CaptureInput.BUFFER_SIZE);
        SplittableRandom random = new SplittableRandom(42);
        int compared = 0;
        for (byte[] seed : List.of(pcap, pcapng)) {
            int[] records = CaptureFuzzTest.structure(seed);
            for (int i = 0; i < 6; i++) {
                byte[] input = i == 0 ? seed : CaptureFuzzTest.mutate(seed, records, random.split());
                Path f = dir.resolve("in-" + compared + ".cap");
                Files.write(f, input);
                for (OnCorrupt mode : OnCorrupt.values()) {
                    String memory = trace(() -> PacketSource.of(MemorySegment.ofArray(input), f.toString(), mode));
                    String buffered = trace(() -> PacketSource.open(f, mode, FileAccess.BUFFERED));
                    assertEquals(memory, buffered, "buffered, input " + compared + ", " + mode);
                    if (i == 0) {
                        // a mapping is read by the same code as memory; once per seed shows the mapping itself is right
                        assertEquals(memory, trace(() -> PacketSource.open(f, mode, FileAccess.MAPPED)), "mapped, " + mode);
                        assertTrue(memory.endsWith("skipped 0"), memory.substring(Math.max(0, memory.length() - 300)));
                    }
                }
                compared++;
            }
        }
    }

    private interface Opener {
        PacketSource open() throws CaptureException;
    }

    /** Everything a consumer can observe, as text: each packet (with a hash of its bytes), the skips, the error. */
    private static String trace(Opener opener) {
        StringBuilder sb = new StringBuilder();
        try (PacketSource src = opener.open()) {
            try {
                while (src.advance()) {
                    long h = 1469598103934665603L;
                    MemorySegment s = src.segment();
                    long o = src.offset();
                    long end = o + src.capturedLength();
                    for (; o + 8 <= end; o += 8) h = (h ^ s.get(ValueLayout.JAVA_LONG_UNALIGNED, o)) * 1099511628211L;
                    for (; o < end; o++) h = (h ^ s.get(ValueLayout.JAVA_BYTE, o)) * 1099511628211L;
                    sb.append(src.recordOffset()).append(' ').append(src.timestampNanos()).append(' ').append(src.linkType())
                        .append(' ').append(src.interfaceId()).append(' ').append(src.capturedLength()).append(' ')
                        .append(src.wireLength()).append(' ').append(Long.toHexString(h)).append('\n');
                }
            } catch (CaptureException e) {
                sb.append("error ").append(e.getMessage()).append('\n');
            }
            sb.append("skipped ").append(src.skippedRecords());
        } catch (CaptureException e) {
            sb.append("cannot open: ").append(e.getMessage());
        }
        return sb.toString();
    }

    /** About 6.5 MiB: small frames, frames of every size up to 9 KB, and maximal 256 KiB packets among them. */
    static byte[] bigPcap() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, PcapWriter.DEFAULT_SNAP_LENGTH, PcapWriter.Precision.NANOS,
            ByteOrder.BIG_ENDIAN)) {
            List<byte[]> frames = frames();
            for (int i = 0; out.size() < 6 << 20; i++) w.write(SyntheticCaptures.T0 + i * 1000L, frames.get(i % frames.size()));
        }
        return out.toByteArray();
    }

    /** About 8 MiB of pcapng with the same frames, plus a 3 MiB custom block, longer than the read window. */
    static byte[] bigPcapng() {
        PcapngBuilder b = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, 0, 9, null);
        List<byte[]> frames = frames();
        for (int i = 0; i < 600; i++) {
            byte[] f = frames.get(i % frames.size());
            if (i % 3 == 0) b.spb(f, f.length); else b.epb(0, SyntheticCaptures.T0 + i, f);
            if (i == 300) b.block(PcapngReader.CUSTOM, new byte[3 << 20]);
        }
        return b.bytes();
    }

    private static List<byte[]> frames() {
        List<byte[]> frames = new ArrayList<>(SyntheticCaptures.ethernetFrames());
        for (int size = 61; size < 9000; size += 997) frames.add(dev.warden.decode.Frames.udpFrame(new byte[size]));
        byte[] max = new byte[PcapReader.MAX_PACKET];
        max[0] = 1;
        frames.add(max);
        return frames;
    }
}
