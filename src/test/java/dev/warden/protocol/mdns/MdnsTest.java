package dev.warden.protocol.mdns;

import dev.warden.probe.Service;
import dev.warden.protocol.TestNet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MdnsTest {
    static final int ADDR = 10;

    /** A DNS packet writer for the fixtures, with compression pointers placed by hand. */
    static final class Wire {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Wire u16(int v) {
            out.write(v >> 8 & 0xff);
            out.write(v & 0xff);
            return this;
        }

        Wire u32(long v) {
            return u16((int) (v >> 16)).u16((int) v);
        }

        Wire labels(String name) {
            for (String l : name.split("\\.")) {
                out.write(l.length());
                out.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
            }
            return this;
        }

        Wire name(String name) {
            labels(name);
            out.write(0);
            return this;
        }

        Wire pointer(int offset) {
            return u16(0xc000 | offset);
        }

        Wire raw(int... bytes) {
            for (int b : bytes) out.write(b);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static int id(byte[] query) {
        return (query[0] & 0xff) << 8 | query[1] & 0xff;
    }

    static String questionName(byte[] query) {
        var sb = new StringBuilder();
        int p = 12;
        while (query[p] != 0) {
            if (!sb.isEmpty()) sb.append('.');
            sb.append(new String(query, p + 1, query[p], StandardCharsets.US_ASCII));
            p += 1 + query[p];
        }
        return sb.toString();
    }

    /** The services answer: the question echoed, two PTR answers compressed against it, an A record for the host. */
    static byte[] servicesAnswer(int id, boolean withAddress) {
        var w = new Wire().u16(id).u16(0x8400).u16(1).u16(2).u16(0).u16(withAddress ? 1 : 0);
        int question = w.size();
        w.name(MdnsProbe.SERVICES).u16(12).u16(1);
        int local = question + 1 + "_services".length() + 1 + "_dns-sd".length() + 1 + "_udp".length();
        w.pointer(question).u16(12).u16(1).u32(4500);
        w.u16(1 + 5 + 1 + 4 + 2).labels("_http._tcp").pointer(local);
        w.pointer(question).u16(12).u16(1).u32(4500);
        w.u16(1 + 4 + 1 + 4 + 2).labels("_ipp._tcp").pointer(local);
        if (withAddress) w.labels("printer").pointer(local).u16(1).u16(1).u32(120).u16(4).raw(127, 30, 0, ADDR);
        return w.bytes();
    }

    static TestNet.Udp responder(Function<byte[], List<byte[]>> reply) throws IOException {
        return new TestNet.Udp(ADDR, reply);
    }

    static Optional<Service> probe(TestNet.Udp u) throws IOException {
        return new MdnsProbe(Duration.ofMillis(400), u.port()).probe(u.host(), TestNet.quickCtx());
    }

    @Test
    void recordsServicesAndHostname() throws IOException {
        try (var u = responder(q -> List.of(servicesAnswer(id(q), true)))) {
            Service s = probe(u).orElseThrow();
            assertEquals("mdns", s.protocol());
            assertEquals(Service.Transport.UDP, s.transport());
            assertEquals("_http._tcp.local,_ipp._tcp.local", s.fact("mdns.services"));
            assertEquals("printer.local", s.fact("mdns.hostname"));
            assertEquals(1, u.received.size(), "no reverse query needed");
            byte[] q = u.received.peek();
            assertEquals(MdnsProbe.SERVICES, questionName(q));
            assertEquals(0, q[2] | q[3], "a plain query: no flags");
        }
    }

    @Test
    void asksTheReverseNameWhenNoHostIsNamed() throws IOException {
        String reverse = "10.0.30.127.in-addr.arpa";
        try (var u = responder(q -> {
            if (questionName(q).equals(reverse)) {
                var w = new Wire().u16(id(q)).u16(0x8400).u16(0).u16(1).u16(0).u16(0);
                w.name(reverse).u16(12).u16(1).u32(120).u16(1 + 3 + 1 + 5 + 1).labels("cam.local").raw(0);
                return List.of(w.bytes());
            }
            return List.of(servicesAnswer(id(q), false));
        })) {
            Service s = probe(u).orElseThrow();
            assertEquals("cam.local", s.fact("mdns.hostname"));
            assertEquals("_http._tcp.local,_ipp._tcp.local", s.fact("mdns.services"));
            assertEquals(2, u.received.size());
        }
        assertEquals("1.0." + "0.".repeat(30) + "ip6.arpa", MdnsProbe.reverseName(InetAddress.ofLiteral("::1")));
    }

    @Test
    void answerToAnotherQueryIsIgnored() throws IOException {
        try (var u = responder(q -> List.of(servicesAnswer(id(q) ^ 0x5a5a, true)))) {
            assertTrue(probe(u).isEmpty());
        }
    }

    @Test
    void truncatedAnswersAreRejectedAtEveryLength() throws Exception {
        byte[] full = servicesAnswer(7, true);
        DnsMessage.parse(full); // the whole packet is fine
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(cut), "cut at " + n);
        }
        try (var u = responder(q -> List.of(Arrays.copyOf(servicesAnswer(id(q), true), 40)))) {
            assertTrue(probe(u).isEmpty());
        }
    }

    @Test
    void compressionLoopsAndLiesAreRejected() {
        // a pointer to itself
        byte[] self = new Wire().u16(1).u16(0x8400).u16(0).u16(1).u16(0).u16(0).pointer(12).u16(12).u16(1).u32(1).u16(0).bytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(self));
        // a forward pointer
        byte[] forward = new Wire().u16(1).u16(0x8400).u16(0).u16(1).u16(0).u16(0).pointer(40).u16(12).u16(1).u32(1).u16(0)
                .raw(new int[40]).bytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(forward));
        // two labels pointing at each other through a backward pointer: label, then pointer back to the label
        byte[] loop = new Wire().u16(1).u16(0x8400).u16(0).u16(2).u16(0).u16(0)
                .raw(1, 'a').pointer(12).u16(12).u16(1).u32(1).u16(0)
                .pointer(12).u16(12).u16(1).u32(1).u16(0).bytes();
        long t0 = System.nanoTime();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(loop));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 500);
        // more records announced than the packet can hold
        byte[] lie = new Wire().u16(1).u16(0x8400).u16(0).u16(65535).u16(65535).u16(65535).raw(0, 0, 12, 0, 1).bytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(lie));
        // record data longer than the packet
        byte[] longData = new Wire().u16(1).u16(0x8400).u16(0).u16(1).u16(0).u16(0).name("x.local").u16(1).u16(1).u32(1).u16(500)
                .raw(127, 0, 0, 1).bytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(longData));
        // a name longer than 255 bytes, built from many short labels
        var w = new Wire().u16(1).u16(0x8400).u16(0).u16(1).u16(0).u16(0);
        for (int i = 0; i < 100; i++) w.raw(3, 'a', 'b', 'c');
        byte[] longName = w.raw(0).u16(1).u16(1).u32(1).u16(4).raw(1, 2, 3, 4).bytes();
        assertThrows(DnsMessage.MalformedException.class, () -> DnsMessage.parse(longName));
    }

    @Test
    void silenceAndJunkAreNotMdns() throws IOException {
        try (var mute = responder(q -> List.of())) {
            long t0 = System.nanoTime();
            assertTrue(probe(mute).isEmpty());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 1500);
        }
        byte[] junk = new byte[512];
        new java.util.Random(11).nextBytes(junk);
        try (var noise = responder(q -> List.of(junk))) {
            assertTrue(probe(noise).isEmpty());
        }
    }

    @Test
    void responderWithNothingToSayIsStillMdns() throws IOException {
        try (var u = responder(q -> List.of(new Wire().u16(id(q)).u16(0x8400).u16(0).u16(0).u16(0).u16(0).bytes()))) {
            Service s = probe(u).orElseThrow();
            assertNull(s.fact("mdns.services"));
            assertNull(s.fact("mdns.hostname"));
            assertEquals(5353, new MdnsProbe(Duration.ofSeconds(1)).port());
        }
    }
}
