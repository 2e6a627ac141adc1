package dev.warden.protocol.coap;

import dev.warden.probe.Service;
import dev.warden.protocol.TestNet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoapTest {
    static final int ADDR = 11;
    static final String CORE = "</sensors/temp>;rt=\"temperature-c\";if=\"sensor\",</sensors/light>;rt=\"light-lux\";"
            + "title=\"a, b <c>\",</.well-known/core>";

    /** A piggybacked answer: ACK, the request's message id and token, the given code, options and payload. */
    static byte[] answer(byte[] request, int code, byte[] optionsAndPayload) {
        int tkl = request[0] & 0x0f;
        var out = new ByteArrayOutputStream();
        out.write(0x60 | tkl); // version 1, ACK
        out.write(code);
        out.write(request[2]);
        out.write(request[3]);
        out.write(request, 4, tkl);
        out.writeBytes(optionsAndPayload);
        return out.toByteArray();
    }

    static byte[] content(byte[] request, String payload) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{(byte) 0xc1, 40}); // Content-Format (12) = 40, application/link-format
        body.write(0xff);
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return answer(request, 0x45, body.toByteArray());
    }

    static Optional<Service> probe(Function<byte[], List<byte[]>> reply) throws IOException {
        try (var u = new TestNet.Udp(ADDR, reply)) {
            return new CoapProbe(Duration.ofMillis(400), u.port()).probe(u.host(), TestNet.quickCtx());
        }
    }

    @Test
    void requestIsAConfirmableGetOfWellKnownCore() {
        byte[] get = CoapMessage.get(0x1234, new byte[]{1, 2, 3, 4}, ".well-known", "core");
        // ver 1, CON, TKL 4 | GET | mid | token | Uri-Path(11) ".well-known" | Uri-Path (delta 0) "core"
        assertEquals("44011234" + "01020304" + "bb2e77656c6c2d6b6e6f776e" + "04636f7265", HexFormat.of().formatHex(get));
    }

    @Test
    void recordsCodeAndResources() throws IOException {
        Service s = probe(req -> List.of(content(req, CORE))).orElseThrow();
        assertEquals("coap", s.protocol());
        assertEquals(Service.Transport.UDP, s.transport());
        assertEquals("2.05", s.fact("coap.code"));
        assertEquals("/sensors/temp,/sensors/light,/.well-known/core", s.fact("coap.resources"));
        assertEquals("40", s.fact("coap.content-format"));
        assertNull(s.fact("coap.resources-truncated"));
    }

    @Test
    void otherAnswersAreRecordedToo() throws IOException {
        Service notFound = probe(req -> List.of(answer(req, 0x84, new byte[0]))).orElseThrow();
        assertEquals("4.04", notFound.fact("coap.code"));
        assertNull(notFound.fact("coap.resources"));
        Service separate = probe(req -> List.of(new byte[]{0x60, 0x00, req[2], req[3]})).orElseThrow();
        assertEquals("true", separate.fact("coap.separate-response"));
        Service reset = probe(req -> List.of(new byte[]{0x70, 0x00, req[2], req[3]})).orElseThrow();
        assertEquals("true", reset.fact("coap.reset"));
        // Block2 (23) with num 0, more, size 64: 0x08 | 2
        Service truncated = probe(req -> {
            var body = new ByteArrayOutputStream();
            body.writeBytes(new byte[]{(byte) 0xc1, 40, (byte) 0xb1, 0x0a, (byte) 0xff});
            body.writeBytes("</a>".getBytes(StandardCharsets.UTF_8));
            return List.of(answer(req, 0x45, body.toByteArray()));
        }).orElseThrow();
        assertEquals("/a", truncated.fact("coap.resources"));
        assertEquals("true", truncated.fact("coap.resources-truncated"));
    }

    @Test
    void answersToOtherRequestsAreIgnored() throws IOException {
        assertTrue(probe(req -> {
            byte[] a = content(req, CORE);
            a[3] ^= 1; // another message id
            return List.of(a);
        }).isEmpty());
        assertTrue(probe(req -> {
            byte[] a = content(req, CORE);
            a[4] ^= 1; // another token
            return List.of(a);
        }).isEmpty());
    }

    @Test
    void malformedDatagramsAreRejected() {
        byte[] good = new byte[]{0x44, 0x45, 0, 1, 9, 9, 9, 9, (byte) 0xff, '<', 'a', '>'};
        for (int n = 0; n < 4; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(cut));
        }
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(Arrays.copyOf(good, 6)), "truncated token");
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(Arrays.copyOf(good, 9)), "marker without payload");
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(new byte[]{(byte) 0x84, 0x45, 0, 1}), "version 2");
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(new byte[]{0x49, 0x45, 0, 1}), "token length 9");
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(new byte[]{0x40, 0x45, 0, 1, (byte) 0xf1, 0}), "delta 15");
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(new byte[]{0x40, 0x45, 0, 1, 0x1e, 0x7f}), "length ext truncated");
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(new byte[]{0x40, 0x45, 0, 1, 0x1d, 0x7f, 1}), "value past end");
        byte[] many = new byte[4 + 200];
        many[0] = 0x40;
        many[1] = 0x45;
        assertThrows(CoapMessage.MalformedException.class, () -> CoapMessage.parse(many), "200 empty options");
    }

    @Test
    void silenceAndJunkAreNotCoap() throws IOException {
        long t0 = System.nanoTime();
        assertTrue(probe(req -> List.of()).isEmpty());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1500);
        byte[] junk = new byte[700];
        new java.util.Random(13).nextBytes(junk);
        junk[0] = (byte) 0x80; // version 2
        assertTrue(probe(req -> List.of(junk)).isEmpty());
        assertTrue(probe(req -> List.of(new byte[]{0x44, 0x45})).isEmpty());
    }

    @Test
    void linkFormatTargets() {
        assertEquals(List.of("/a", "/b%2Cc"), CoapProbe.links("</a>;title=\"<x>,<y>\",</b,c>;ct=40"));
        assertEquals(List.of(), CoapProbe.links("no links here"));
        assertEquals(List.of("/a"), CoapProbe.links("</a>,<unterminated"));
        assertEquals(64, CoapProbe.links("</x>,".repeat(1000)).size());
    }
}
