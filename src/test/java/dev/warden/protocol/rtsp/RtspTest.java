package dev.warden.protocol.rtsp;

import dev.warden.login.Attempt;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.TestNet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtspTest {
    static final int ADDR = 5;
    static final byte[] NOTHING = new byte[0];

    /** A camera's RTSP server: OPTIONS always, DESCRIBE behind no login, Basic or Digest (MD5, qop=auth). */
    static final class Camera implements TestNet.Handler {
        final String auth;
        final ConcurrentLinkedQueue<String> methods = new ConcurrentLinkedQueue<>();

        Camera(String auth) {
            this.auth = auth;
        }

        @Override
        public void handle(Socket s, InputStream in, OutputStream out) throws IOException {
            String nonce = "n" + Integer.toHexString(System.identityHashCode(s));
            while (true) {
                String requestLine = TestNet.readLine(in);
                if (requestLine == null) return;
                if (requestLine.isEmpty()) continue;
                var headers = new HashMap<String, String>();
                String line;
                while ((line = TestNet.readLine(in)) != null && !line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
                }
                String[] parts = requestLine.split(" ");
                methods.add(parts[0]);
                String cseq = headers.getOrDefault("cseq", "0");
                String common = "CSeq: " + cseq + "\r\nServer: Hipcam RealServer/V1.0\r\n";
                if (parts[0].equals("OPTIONS")) {
                    TestNet.send(out, "RTSP/1.0 200 OK\r\n" + common + "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n");
                } else if (parts[0].equals("DESCRIBE")) {
                    if (authorised(parts[1], headers.get("authorization"), nonce)) {
                        String sdp = "v=0\r\no=- 1 1 IN IP4 127.30.0.5\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\n";
                        TestNet.send(out, "RTSP/1.0 200 OK\r\n" + common + "Content-Type: application/sdp\r\nContent-Length: "
                                + sdp.length() + "\r\n\r\n" + sdp);
                    } else {
                        String challenge = auth.equals("digest")
                                ? "WWW-Authenticate: Digest realm=\"IP Camera(C6496)\", nonce=\"" + nonce + "\", qop=\"auth\"\r\n"
                                + "WWW-Authenticate: Basic realm=\"IP Camera(C6496)\"\r\n"
                                : "WWW-Authenticate: Basic realm=\"IP Camera(C6496)\"\r\n";
                        TestNet.send(out, "RTSP/1.0 401 Unauthorized\r\n" + common + challenge + "\r\n");
                    }
                } else {
                    TestNet.send(out, "RTSP/1.0 405 Method Not Allowed\r\n" + common + "\r\n");
                }
            }
        }

        private boolean authorised(String uri, String header, String nonce) {
            if (auth.equals("none")) return true;
            if (header == null) return false;
            if (auth.equals("basic")) {
                return header.equals("Basic " + Base64.getEncoder().encodeToString("admin:12345".getBytes(StandardCharsets.UTF_8)));
            }
            if (!header.startsWith("Digest ")) return false;
            // Checked from the RFC 2617 formulas here, independently of the code under test.
            String ha1 = md5("admin:" + p(header, "realm") + ":12345");
            String ha2 = md5("DESCRIBE:" + p(header, "uri"));
            String expected = md5(ha1 + ":" + nonce + ":" + p(header, "nc") + ":" + p(header, "cnonce") + ":auth:" + ha2);
            return uri.equals(p(header, "uri")) && nonce.equals(p(header, "nonce")) && expected.equals(p(header, "response"));
        }

        private static String p(String header, String name) {
            Matcher m = Pattern.compile(name + "=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(header);
            return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : "";
        }

        private static String md5(String s) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Service service(TestNet.Tcp t, String auth) {
        return new Service(t.host(), t.port(), Service.Transport.TCP, "rtsp", false, "RTSP/1.0 200 OK", Map.of("rtsp.auth", auth));
    }

    static Attempt attempt(Service s, String user, String password, ProbeContext ctx) throws IOException {
        try (LoginSession session = new RtspAuthenticator().open(s, ctx)) {
            return session.attempt(new Credential(user, password, 1, "test"));
        }
    }

    @Test
    void probeRecordsServerAndDigestLogin() throws IOException {
        var cam = new Camera("digest");
        try (var t = new TestNet.Tcp(ADDR, cam)) {
            Service s = new RtspProbe().probe(t.host(), t.port(), NOTHING, TestNet.ctx()).orElseThrow();
            assertEquals("rtsp", s.protocol());
            assertEquals("Hipcam RealServer/V1.0", s.fact("rtsp.server"));
            assertEquals("digest", s.fact("rtsp.auth"));
            assertEquals("IP Camera(C6496)", s.fact("rtsp.realm"));
            assertEquals("401", s.fact("rtsp.describe-status"));
            assertEquals("OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN", s.fact("rtsp.public"));
            assertEquals("RTSP/1.0 200 OK / Hipcam RealServer/V1.0", s.banner());
            assertEquals(1, t.connections.get(), "OPTIONS and DESCRIBE share one connection");
            assertTrue(cam.methods.stream().allMatch(m -> m.equals("OPTIONS") || m.equals("DESCRIBE")), cam.methods.toString());
        }
    }

    @Test
    void probeRecordsBasicAndOpenStreams() throws IOException {
        try (var basic = new TestNet.Tcp(ADDR, new Camera("basic")); var open = new TestNet.Tcp(ADDR, new Camera("none"))) {
            assertEquals("basic", new RtspProbe().probe(basic.host(), basic.port(), NOTHING, TestNet.ctx()).orElseThrow().fact("rtsp.auth"));
            Service o = new RtspProbe().probe(open.host(), open.port(), NOTHING, TestNet.ctx()).orElseThrow();
            assertEquals("none", o.fact("rtsp.auth"));
            assertNull(o.fact("rtsp.realm"));
        }
    }

    @Test
    void digestLogin() throws IOException {
        try (var t = new TestNet.Tcp(ADDR, new Camera("digest"))) {
            Attempt ok = attempt(service(t, "digest"), "admin", "12345", TestNet.ctx());
            assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome(), ok.evidence());
            assertTrue(ok.evidence().contains("200 with digest credentials for admin"), ok.evidence());
            Attempt wrong = attempt(service(t, "digest"), "admin", "admin", TestNet.ctx());
            assertEquals(Attempt.Outcome.REJECTED, wrong.outcome(), wrong.evidence());
        }
    }

    @Test
    void basicLogin() throws IOException {
        try (var t = new TestNet.Tcp(ADDR, new Camera("basic"))) {
            assertEquals(Attempt.Outcome.ACCEPTED, attempt(service(t, "basic"), "admin", "12345", TestNet.ctx()).outcome());
            assertEquals(Attempt.Outcome.REJECTED, attempt(service(t, "basic"), "admin", "123456", TestNet.ctx()).outcome());
        }
    }

    @Test
    void appliesOnlyToLogins() {
        var a = new RtspAuthenticator();
        assertTrue(a.applies(new Service("127.30.0.5", 554, Service.Transport.TCP, "rtsp", false, "", Map.of("rtsp.auth", "digest"))));
        assertFalse(a.applies(new Service("127.30.0.5", 554, Service.Transport.TCP, "rtsp", false, "", Map.of("rtsp.auth", "none"))));
        assertFalse(a.applies(new Service("127.30.0.5", 554, Service.Transport.TCP, "rtsp", false, "", Map.of())));
    }

    @Test
    void quotesAndLineBreaksAreNeverSent() throws IOException {
        var cam = new Camera("digest");
        try (var t = new TestNet.Tcp(ADDR, cam)) {
            Attempt a = attempt(service(t, "digest"), "admin\"\r\nX-Evil: 1", "x", TestNet.ctx());
            assertEquals(Attempt.Outcome.INCONCLUSIVE, a.outcome());
            assertEquals(0, t.connections.get());
        }
    }

    @Test
    void httpServerIsNotRtsp() throws IOException {
        TestNet.Handler http = (s, in, out) -> {
            TestNet.readLine(in);
            TestNet.send(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        };
        try (var t = new TestNet.Tcp(ADDR, http)) {
            assertTrue(new RtspProbe().probe(t.host(), t.port(), NOTHING, TestNet.ctx()).isEmpty());
        }
    }

    @Test
    void hostileServersReturnInTime() throws IOException {
        TestNet.Handler flood = (s, in, out) -> TestNet.flood(out);
        TestNet.Handler mute = (s, in, out) -> TestNet.silence(in);
        // Announces a body it never finishes: must be cut off by the byte cap, not awaited forever.
        TestNet.Handler huge = (s, in, out) -> {
            TestNet.readLine(in);
            TestNet.send(out, "RTSP/1.0 200 OK\r\nCSeq: 1\r\nContent-Length: 999999999\r\n\r\n");
            TestNet.flood(out);
        };
        ProbeContext ctx = TestNet.quickCtx();
        for (TestNet.Handler h : new TestNet.Handler[]{flood, mute, huge}) {
            try (var t = new TestNet.Tcp(ADDR, h)) {
                long t0 = System.nanoTime();
                Optional<Service> s = new RtspProbe().probe(t.host(), t.port(), NOTHING, ctx);
                Attempt a = attempt(service(t, "basic"), "admin", "12345", ctx);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 4000, "took " + ms + " ms");
                assertFalse(a.accepted() && h != huge, a.evidence());
                if (h != huge) assertTrue(s.isEmpty());
            }
        }
    }
}
