package dev.warden.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the capture tests: in-memory pcaps, reading everything back, the real data sets. */
public final class Captures {

    /** The shared real captures, beside the project (see ../shared/data/README.md); may be absent. */
    public static final Path DATA = Path.of("..", "shared", "data");

    private Captures() {
    }

    /** One packet as read back. */
    public record Packet(long timestampNanos, int linkType, int interfaceId, long wireLength, byte[] data) {
    }

    /** A pcap in memory holding {@code frames}, one per millisecond from {@code startNanos}. */
    public static byte[] pcap(int linkType, PcapWriter.Precision precision, ByteOrder order, long startNanos, byte[]... frames)
        throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, linkType, PcapWriter.DEFAULT_SNAP_LENGTH, precision, order)) {
            long t = startNanos;
            for (byte[] f : frames) {
                w.write(t, f);
                t += 1_000_000;
            }
        }
        return out.toByteArray();
    }

    public static List<Packet> readAll(PacketSource src) throws CaptureException {
        List<Packet> packets = new ArrayList<>();
        while (src.advance()) {
            byte[] data = src.segment().asSlice(src.offset(), src.capturedLength()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            packets.add(new Packet(src.timestampNanos(), src.linkType(), src.interfaceId(), src.wireLength(), data));
        }
        return packets;
    }

    public static List<Packet> readAll(byte[] capture, OnCorrupt onCorrupt) throws CaptureException {
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(capture), "test", onCorrupt)) {
            return readAll(src);
        }
    }

    /** The IoT Sentinel pcaps, sorted by path; empty when the data set is absent. */
    public static List<Path> iotSentinel() throws IOException {
        return list(DATA.resolve("iot-sentinel"), 2);
    }

    /** The DDoS captures, sorted by path; empty when absent. */
    public static List<Path> ddos() throws IOException {
        return list(DATA.resolve("ddos-pcap"), 1);
    }

    private static List<Path> list(Path dir, int depth) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir, depth)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".pcap") || n.endsWith(".pcapng"));
            }).sorted().toList();
        }
    }
}
