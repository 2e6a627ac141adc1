package dev.warden.watch.netflow;

import dev.warden.watch.flow.FlowRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded mutation fuzzing of the NetFlow v5/v9 and IPFIX decoder: valid datagrams from {@link Exports} (the reference
 * model) are mutated by bit flips, random bytes, length-field edits, truncation, extension and splicing, then decoded.
 * The decoder must never throw, must keep its bounded memory, and must still decode unmutated datagrams exactly
 * afterwards. Change SEED or ROUNDS to explore; a failure prints the seed and round that reproduce it.
 */
class FlowDecoderFuzzTest {
    static final long SEED = 0x5EED_F10DL;
    static final int ROUNDS = 30_000;

    static List<byte[]> corpus() {
        var out = new ArrayList<byte[]>();
        var v4 = FlowDecoderTest.sample(false);
        var v6 = FlowDecoderTest.sample(true);
        out.add(Exports.v5(v4, 1));
        out.add(Exports.v9Packet(1, 7, Exports.v9Template(256)));
        out.add(Exports.v9Packet(2, 7, Exports.v9Data(256, v4)));
        out.add(Exports.v9Packet(3, 7, Exports.v9Template(256), Exports.v9Data(256, v4)));
        out.add(Exports.ipfixMessage(1, 1, Exports.ipfixTemplate(300, false)));
        out.add(Exports.ipfixMessage(2, 1, Exports.ipfixData(300, v4)));
        out.add(Exports.ipfixMessage(3, 2, Exports.ipfixTemplate(300, true), Exports.ipfixData(300, v6)));
        return out;
    }

    static byte[] mutate(byte[] in, Random r, List<byte[]> corpus) {
        byte[] b = in.clone();
        int ops = 1 + r.nextInt(4);
        for (int k = 0; k < ops; k++) {
            if (b.length == 0) b = new byte[]{(byte) r.nextInt()};
            switch (r.nextInt(7)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt();
                case 2 -> { // a length or count field: the first 64 bytes hold headers, set and template lengths
                    int p = r.nextInt(Math.min(b.length, 64)) & ~1;
                    if (p + 1 < b.length) {
                        int v = switch (r.nextInt(4)) {
                            case 0 -> 0;
                            case 1 -> 0xFFFF;
                            case 2 -> r.nextInt(8);
                            default -> r.nextInt(0x10000);
                        };
                        b[p] = (byte) (v >>> 8);
                        b[p + 1] = (byte) v;
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> {
                    byte[] e = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
                    for (int i = b.length; i < e.length; i++) e[i] = (byte) r.nextInt();
                    b = e;
                }
                case 5 -> { // splice the tail of another datagram
                    byte[] o = corpus.get(r.nextInt(corpus.size()));
                    int cut = r.nextInt(b.length + 1), from = r.nextInt(o.length);
                    byte[] s = java.util.Arrays.copyOf(b, cut + o.length - from);
                    System.arraycopy(o, from, s, cut, o.length - from);
                    b = s;
                }
                default -> { // swap the version
                    if (b.length >= 2) {
                        int[] versions = {5, 9, 10};
                        b[0] = 0;
                        b[1] = (byte) versions[r.nextInt(3)];
                    }
                }
            }
        }
        return b;
    }

    @Test
    void mutatedDatagramsNeverCrashAndMemoryStaysBounded() {
        var limits = new FlowDecoder.Limits(64, 64 * 1024, 600_000_000L);
        var decoder = new FlowDecoder(limits);
        var corpus = corpus();
        var r = new Random(SEED);
        long flows = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] g = mutate(corpus.get(r.nextInt(corpus.size())), r, corpus);
            String exporter = "10.0.0." + r.nextInt(8);
            var count = new long[1];
            try {
                decoder.decode(g, 0, g.length, exporter, f -> {
                    count[0]++;
                    assertTrue(f.durationMicros() >= 0);
                });
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + " round " + round + ": decoder threw on " + java.util.HexFormat.of().formatHex(g), e);
            }
            flows += count[0];
            assertTrue(decoder.pendingBytes() <= limits.pendingBytes(), "round " + round + ": pending " + decoder.pendingBytes());
            assertTrue(decoder.templateCount() <= limits.maxTemplates(), "round " + round + ": templates " + decoder.templateCount());
        }
        decoder.finish();
        assertEquals(0, decoder.pendingBytes());
        assertTrue(decoder.stats().malformed() > ROUNDS / 10, decoder.stats().summary());
        assertTrue(flows > 0, "some mutations still decode");

        // After all that, the decoder still agrees with the reference model on clean input from a fresh exporter.
        var in = FlowDecoderTest.sample(false);
        var out = new ArrayList<FlowRecord>();
        for (byte[] g : List.of(Exports.ipfixMessage(9, 1, Exports.ipfixTemplate(300, false), Exports.ipfixData(300, in)),
                Exports.v9Packet(9, 7, Exports.v9Template(256), Exports.v9Data(256, in)), Exports.v5(in, 9))) {
            decoder.decode(g, 0, g.length, "192.0.2.1", out::add);
        }
        assertEquals(15, out.size());
        for (int i = 0; i < 15; i++) FlowDecoderTest.sameFlow(in.get(i % 5), out.get(i), i < 5);
    }
}
