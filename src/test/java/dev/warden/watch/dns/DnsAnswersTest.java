package dev.warden.watch.dns;

import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsAnswersTest {
    /** A response for api.mixpanel.com: a CNAME, two A records (one behind a compression pointer) and an AAAA. */
    static byte[] response() {
        var b = new ByteArrayOutputStream();
        int[] header = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 4, 0, 0, 0, 0};
        for (int x : header) b.write(x);
        byte[] name = {3, 'a', 'p', 'i', 8, 'm', 'i', 'x', 'p', 'a', 'n', 'e', 'l', 3, 'c', 'o', 'm', 0};
        b.writeBytes(name);
        b.writeBytes(new byte[]{0, 1, 0, 1});
        b.writeBytes(new byte[]{(byte) 0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6, 3, 'c', 'd', 'n', (byte) 0xC0, 16}); // CNAME
        b.writeBytes(new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 159, 122, 19, (byte) 205});
        b.writeBytes(new byte[]{3, 'c', 'd', 'n', (byte) 0xC0, 16, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 52, 22, 115, 100});
        b.writeBytes(new byte[]{(byte) 0xC0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16, 0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        return b.toByteArray();
    }

    static List<String> read(byte[] message) {
        var out = new ArrayList<String>();
        int n = DnsAnswers.read(MemorySegment.ofArray(message), 0, message.length, (hi, lo) -> out.add(new IpAddress(hi, lo).toString()));
        if (n < 0) out.add("not a response");
        else assertEquals(n, out.size(), "the count returned is the addresses given");
        return out;
    }

    @Test
    void readsTheAAndAaaaAnswersOfAResponse() {
        assertEquals(List.of("159.122.19.205", "52.22.115.100", "2001:db8::1"), read(response()));
    }

    /** The name a query asks for, in lower case; responses, compressed, cut or unprintable names give none. */
    @Test
    void theNameAQueryAsksFor() {
        byte[] query = response();
        query[2] = 0x01;
        query[7] = 0; // no answers
        byte[] q = java.util.Arrays.copyOf(query, 12 + 18 + 4);
        q[13] = 'A';
        assertEquals("api.mixpanel.com", name(q));
        assertEquals(null, name(response()), "a response");
        assertEquals(null, name(java.util.Arrays.copyOf(q, 20)), "cut inside the name");
        byte[] pointer = q.clone();
        pointer[12] = (byte) 0xC0;
        assertEquals(null, name(pointer), "a query's name is not compressed");
        byte[] control = q.clone();
        control[14] = 0x07;
        assertEquals(null, name(control), "not a host name");
        byte[] none = q.clone();
        none[5] = 0;
        assertEquals(null, name(none), "no question");
        assertEquals(253, name(query(nameOf(253))).length(), "the longest host name");
        assertEquals(null, name(query(nameOf(254))), "longer than a host name can be");
    }

    /** A name of {@code length} characters: labels of 63 letters and a last shorter one. */
    private static String nameOf(int length) {
        var sb = new StringBuilder();
        while (sb.length() < length) {
            if (!sb.isEmpty()) sb.append('.');
            sb.append("a".repeat(Math.min(63, length - sb.length())));
        }
        return sb.toString();
    }

    private static byte[] query(String name) {
        return message(0x1234, name, false);
    }

    /** A query for {@code name} (type A, class IN), or a response to it without answers. */
    static byte[] message(int id, String name, boolean response) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{(byte) (id >>> 8), (byte) id, (byte) (response ? 0x81 : 0x01), (byte) (response ? 0x80 : 0), 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        b.writeBytes(new byte[]{0, 0, 1, 0, 1});
        return b.toByteArray();
    }

    private static String name(byte[] m) {
        return DnsAnswers.queryName(MemorySegment.ofArray(m), 0, m.length);
    }

    /** The name a response answers: its question's, read as a query's is; a query or a damaged question gives none. */
    @Test
    void theNameAResponseAnswers() {
        assertEquals("api.mixpanel.com", answered(response()));
        byte[] query = response();
        query[2] = 0x01;
        assertEquals(null, answered(query), "a query answers nothing");
        byte[] loop = response();
        loop[12] = (byte) 0xC0;
        loop[13] = 12;
        assertEquals(null, answered(loop), "a compressed question name");
        assertEquals(null, answered(java.util.Arrays.copyOf(response(), 20)), "cut inside the name");
    }

    private static String answered(byte[] m) {
        return DnsAnswers.answeredName(MemorySegment.ofArray(m), 0, m.length);
    }

    @Test
    void queriesAndDamagedMessagesGiveNothing() {
        byte[] query = response();
        query[2] = 0x01; // QR bit clear: a query
        assertEquals(List.of("not a response"), read(query));
        byte[] loop = response();
        loop[12] = (byte) 0xC0; // the question's name points at itself, over and over
        loop[13] = 12;
        assertEquals(List.of("not a response"), read(loop));
        byte[] cut = java.util.Arrays.copyOf(response(), response().length - 3);
        assertEquals(List.of("159.122.19.205", "52.22.115.100"), read(cut), "answers before the cut are kept");
        assertEquals(List.of("not a response"), read(new byte[5]));
    }

    /** Seeded mutations of a real response: every outcome is a count or -1, never an exception, and stays bounded. */
    @Test
    void survivesMutatedMessages() {
        var rnd = new SplittableRandom(0xD45L);
        byte[] seed = response();
        int responses = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] m = java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 8));
            for (int k = rnd.nextInt(1, 6); k > 0; k--) {
                if (m.length > 0) m[rnd.nextInt(m.length)] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : new int[]{0, 0xC0, 0xFF, 0x3F, 12}[rnd.nextInt(5)]);
            }
            int[] count = {0};
            int n = DnsAnswers.read(MemorySegment.ofArray(m), 0, m.length, (hi, lo) -> count[0]++);
            String asked = DnsAnswers.answeredName(MemorySegment.ofArray(m), 0, m.length);
            assertTrue(asked == null || !asked.isEmpty() && asked.length() <= 253, "mutation " + i);
            assertTrue(n == -1 || n == count[0], "mutation " + i);
            assertTrue(count[0] <= DnsAnswers.MAX_RECORDS);
            if (n > 0) responses++;
        }
        assertTrue(responses > 1000, "the mutations left enough readable responses to mean something: " + responses);
    }

    /** The real WeMo set-up capture: its DNS responses name the cloud addresses it then tries on 443. */
    @Test
    void readsTheResponsesOfARealCapture() throws Exception {
        Path file = Path.of("..", "shared", "data", "iot-sentinel", "WeMoLink", "Setup-A-9-STA.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no " + file + ": shared captures absent");
        var answers = new ArrayList<String>();
        var p = new DecodedPacket();
        int responses = 0;
        try (PacketSource src = PacketSource.open(file, OnCorrupt.STOP)) {
            while (src.advance()) {
                Decoder.decode(src, p);
                if (!p.has(DecodedPacket.UDP) || p.srcPort() != 53) continue;
                if (DnsAnswers.read(src.segment(), p.payloadOffset(), p.payloadLength(), (hi, lo) -> answers.add(new IpAddress(hi, lo).toString())) >= 0) {
                    responses++;
                }
            }
        }
        assertEquals(25, responses);
        assertTrue(answers.contains("159.122.19.205") && answers.contains("52.22.218.140"), answers.toString());
    }
}
