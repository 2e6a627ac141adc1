package dev.warden.capture;

import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A seeded mutation fuzzer for the readers and the decoder together. Each seed capture (the synthetic set, the
 * mergecap pcapng, every real capture's first {@value #REAL_PREFIX} bytes, and pcapng re-encodings of real packets) is
 * damaged by bit flips, byte overwrites, truncation, length fields set to edge values, block types swapped and chunks
 * copied over, then read to the end under both {@link OnCorrupt} modes with every packet decoded, as captured and as
 * every other link type. Only {@link CaptureException} may escape, every packet must lie inside the input, each
 * advance must consume input, and the decoder's offsets must stay inside the packet (it decodes an exact-size slice,
 * so a read past the packet would throw). A failing input is saved under target/fuzz-failures with its seed.
 */
class CaptureFuzzTest {

    static final long SEED = 0x5EED_CAFEL;
    static final int REAL_PREFIX = 64 * 1024;
    static final int SYNTHETIC_ITERATIONS = 300;
    static final int REAL_ITERATIONS = 12;
    private static final int[] LINK_TYPES = {LinkType.NULL, LinkType.ETHERNET, LinkType.RAW, LinkType.LOOP,
        LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, 147};
    private static final int[] EDGE_VALUES = {0, 1, 3, 11, 12, 16, 0x7F, 0x80, 0xFF, 0xFFFF, 0x10000, 262_144, 262_145,
        0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFF0};
    private static final int[] BLOCK_TYPES = {PcapngReader.SHB, PcapngReader.IDB, PcapngReader.OPB, PcapngReader.SPB,
        PcapngReader.NRB, PcapngReader.ISB, PcapngReader.EPB, PcapngReader.CUSTOM, 0, 0x7777};

    private final DecodedPacket packet = new DecodedPacket();
    private long iterations;
    private long packetsDecoded;
    private long captureExceptions;

    @Test
    void readersAndDecoderSurviveMutatedCaptures() throws Exception {
        Map<String, byte[]> seeds = seeds();
        long expected = seeds.keySet().stream().mapToLong(k -> k.startsWith("real/") ? REAL_ITERATIONS : SYNTHETIC_ITERATIONS).sum();
        long started = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            SplittableRandom master = new SplittableRandom(SEED);
            for (var e : seeds.entrySet()) {
                int n = e.getKey().startsWith("real/") ? REAL_ITERATIONS : SYNTHETIC_ITERATIONS;
                int[] records = structure(e.getValue());
                for (int i = 0; i < n; i++) {
                    long seed = master.nextLong();
                    byte[] input = mutate(e.getValue(), records, new SplittableRandom(seed));
                    run(e.getKey(), seed, input);
                }
            }
        }, "a mutated capture made the reader or decoder loop");
        System.out.printf("capture fuzz: %d seeds, %d inputs, %d packets decoded, %d CaptureExceptions, %.1f s%n",
            seeds.size(), iterations, packetsDecoded, captureExceptions, (System.nanoTime() - started) / 1e9);
        // Without ../shared/data only the synthetic seeds run; either way every planned input must have run.
        assertTrue(seeds.keySet().stream().filter(k -> !k.startsWith("real/")).count() >= 10, "synthetic seeds missing");
        assertTrue(iterations == expected, "ran " + iterations + " of " + expected + " inputs");
    }

    private void run(String name, long seed, byte[] input) {
        iterations++;
        for (OnCorrupt mode : OnCorrupt.values()) {
            try {
                readAndDecode(input, mode);
            } catch (CaptureException e) {
                captureExceptions++;
                if (!e.getMessage().startsWith("fuzz: ")) failWith(name, seed, input, new AssertionError("message does not name the input: " + e.getMessage()));
            } catch (Throwable t) {
                failWith(name, seed, input, t);
            }
        }
    }

    private void readAndDecode(byte[] input, OnCorrupt mode) throws CaptureException {
        MemorySegment seg = MemorySegment.ofArray(input);
        long size = input.length;
        try (PacketSource src = PacketSource.of(seg, "fuzz", mode)) {
            long advances = 0;
            long lastRecord = -1;
            while (src.advance()) {
                advances++;
                if (advances > size / 12 + 1) throw new AssertionError("more packets than the input can hold");
                if (src.recordOffset() <= lastRecord) throw new AssertionError("the reader went backwards");
                lastRecord = src.recordOffset();
                long off = src.offset();
                int len = src.capturedLength();
                if (len < 0 || off < 0 || off + len > size) throw new AssertionError("packet outside the input: " + off + "+" + len);
                MemorySegment exact = seg.asSlice(off, len);
                decode(exact, len, src.linkType());
                decode(exact, len, LINK_TYPES[(int) (advances % LINK_TYPES.length)]);
            }
            if (src.skippedRecords() > 0 && mode == OnCorrupt.STOP) throw new AssertionError("skipped under STOP");
        }
    }

    private void decode(MemorySegment exact, int len, int linkType) {
        Decoder.decode(exact, 0, len, linkType, packet);
        packetsDecoded++;
        checkBounds(packet, len);
        if (packet.has(DecodedPacket.INNER)) checkBounds(packet.inner(), len);
        // The holder is reused and resets only the fields the previous packet's decode wrote: it must read exactly as a
        // fresh holder given the same packet, whatever came before.
        var fresh = new DecodedPacket();
        Decoder.decode(exact, 0, len, linkType, fresh);
        assertSameFields(fresh, packet, "");
        if (fresh.has(DecodedPacket.INNER)) assertSameFields(fresh.inner(), packet.inner(), "inner ");
    }

    private static final List<java.lang.reflect.Field> DECODED_FIELDS = Arrays.stream(DecodedPacket.class.getDeclaredFields())
        .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType().isPrimitive() && !f.getName().equals("written"))
        .peek(f -> f.setAccessible(true)).toList();

    private static void assertSameFields(DecodedPacket fresh, DecodedPacket reused, String which) {
        try {
            for (var f : DECODED_FIELDS) {
                if (!f.get(fresh).equals(f.get(reused))) {
                    throw new AssertionError(which + f.getName() + " is " + f.get(reused) + " in the reused holder, " + f.get(fresh) + " in a fresh one");
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static void checkBounds(DecodedPacket p, int len) {
        if (p.payloadLength() < 0 || p.payloadOffset() < 0 || p.payloadOffset() + p.payloadLength() > len) {
            throw new AssertionError("payload outside the packet: " + p.payloadOffset() + "+" + p.payloadLength() + " of " + len + ": " + p);
        }
        if (p.networkOffset() > len || p.transportOffset() > len) throw new AssertionError("header offset outside the packet: " + p);
        if (p.problem() != DecodedPacket.NONE && p.problemLayer() == 0) throw new AssertionError("problem without a layer: " + p);
    }

    private static void failWith(String name, long seed, byte[] input, Throwable t) {
        Path dir = Path.of("target", "fuzz-failures");
        String file = name.replace('/', '_') + "-" + Long.toHexString(seed) + ".bin";
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(file), input);
        } catch (IOException ignored) {
            // the failure below is what matters
        }
        fail("seed capture " + name + ", mutation seed " + Long.toHexString(seed) + " (input saved as " + dir.resolve(file)
            + "): " + t, t);
    }

    // ---- seeds

    static Map<String, byte[]> seeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>(SyntheticCaptures.all());
        try (var in = CaptureFuzzTest.class.getResourceAsStream("/capture/golden/mergecap-three-interfaces.pcapng")) {
            seeds.put("mergecap-three-interfaces.pcapng", in.readAllBytes());
        }
        List<Path> real = new ArrayList<>(Captures.iotSentinel());
        real.addAll(Captures.ddos());
        int converted = 0;
        for (Path f : real) {
            byte[] all = Files.readAllBytes(f);
            String name = "real/" + Captures.DATA.relativize(f);
            seeds.put(name, Arrays.copyOf(all, Math.min(all.length, REAL_PREFIX)));
            if (converted < 16 && all.length > 20_000) {
                // pcapng re-encodings of real packets, so block-level damage meets real packet bytes
                seeds.put("synthetic-ng/" + f.getFileName() + (converted % 2 == 0 ? "-le" : "-be"),
                    toPcapng(all, converted % 2 == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, 200));
                converted++;
            }
        }
        return seeds;
    }

    private static byte[] toPcapng(byte[] pcap, ByteOrder order, int maxPackets) throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(order).iface(LinkType.ETHERNET, 65535, 6, null)
            .iface(LinkType.RAW, 65535, 0x80 | 20, 60L);
        try (PacketSource src = PacketSource.of(MemorySegment.ofArray(pcap), "seed", OnCorrupt.SKIP)) {
            for (int i = 0; i < maxPackets && src.advance(); i++) {
                byte[] data = src.segment().asSlice(src.offset(), src.capturedLength()).toArray(ValueLayout.JAVA_BYTE);
                switch (i % 4) {
                    case 0, 1 -> b.epb(0, src.timestampNanos() / 1000, data);
                    case 2 -> b.opb(0, src.timestampNanos() / 1000, data);
                    default -> b.spb(data, data.length);
                }
            }
        } catch (CaptureException e) {
            throw new IOException(e);
        }
        return b.bytes();
    }

    // ---- mutations

    /** Offsets of the seed's records (pcap) or blocks (pcapng), where length fields live. */
    static int[] structure(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture);
        List<Integer> offsets = new ArrayList<>();
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == CaptureFormat.PCAPNG_SHB) {
            int p = 0;
            while (p + 12 <= capture.length) {
                if (b.getInt(p) == CaptureFormat.PCAPNG_SHB) {
                    b.order(b.getInt(p + 8) == CaptureFormat.PCAPNG_BYTE_ORDER ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                }
                offsets.add(p);
                int len = b.getInt(p + 4);
                if (len < 12) break;
                p += len;
            }
        } else {
            if (magic != CaptureFormat.PCAP_MICROS && magic != CaptureFormat.PCAP_NANOS) b.order(ByteOrder.BIG_ENDIAN);
            int p = 24;
            while (p + 16 <= capture.length) {
                offsets.add(p);
                p += 16 + b.getInt(p + 8);
            }
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    static byte[] mutate(byte[] seed, int[] records, SplittableRandom r) {
        byte[] b = seed.clone();
        int mutations = 1 + r.nextInt(3);
        for (int m = 0; m < mutations && b.length > 0; m++) {
            switch (r.nextInt(7)) {
                case 0 -> {  // bit flips
                    int flips = 1 + r.nextInt(16);
                    for (int i = 0; i < flips; i++) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> {  // interesting bytes
                    int n = 1 + r.nextInt(8);
                    for (int i = 0; i < n; i++) b[r.nextInt(b.length)] = (byte) EDGE_VALUES[r.nextInt(EDGE_VALUES.length)];
                }
                case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));  // truncation
                case 3, 4 -> {  // a length field, or a word near a record start, set to an edge value
                    if (records.length == 0) break;
                    int at = records[r.nextInt(records.length)] + 4 * r.nextInt(8);
                    int v = r.nextInt(3) == 0 ? r.nextInt() : EDGE_VALUES[r.nextInt(EDGE_VALUES.length)];
                    putInt(b, at, v, r.nextBoolean());
                }
                case 5 -> {  // block type swap (for pcap: the timestamp word)
                    if (records.length == 0) break;
                    int at = records[r.nextInt(records.length)];
                    putInt(b, at, BLOCK_TYPES[r.nextInt(BLOCK_TYPES.length)], r.nextBoolean());
                }
                default -> {  // copy a chunk over another place: duplicated or misaligned records
                    int len = 1 + r.nextInt(Math.min(b.length, 256));
                    int from = r.nextInt(b.length - len + 1);
                    int to = r.nextInt(b.length - len + 1);
                    System.arraycopy(b, from, b, to, len);
                }
            }
        }
        return b;
    }

    private static void putInt(byte[] b, int at, int v, boolean littleEndian) {
        if (at < 0 || at + 4 > b.length) return;
        ByteBuffer.wrap(b).order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).putInt(at, v);
    }

    @Test
    void mutationsAreReproducible() throws Exception {
        byte[] seed = SyntheticCaptures.all().get("eth-micro-le.pcap");
        int[] records = structure(seed);
        assertEquals(22, records.length);
        assertTrue(Arrays.equals(mutate(seed, records, new SplittableRandom(7)), mutate(seed, records, new SplittableRandom(7))));
    }
}
