package dev.warden.protocol.mqtt;

import dev.warden.login.Attempt;
import dev.warden.login.Credential;
import dev.warden.login.LoginSession;
import dev.warden.net.Dialer;
import dev.warden.net.RateLimiter;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.TestNet;
import dev.warden.target.ScopeGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttTest {
    static final int ADDR = 6;
    static final byte[] NOTHING = new byte[0];

    /** A broker that parses CONNECT strictly (a wrong remaining length fails the test) and logs every packet type. */
    static final class Broker implements TestNet.Handler {
        final boolean anonymousAllowed;
        final ConcurrentLinkedQueue<String> packets = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        Broker(boolean anonymousAllowed) {
            this.anonymousAllowed = anonymousAllowed;
        }

        @Override
        public void handle(Socket s, InputStream raw, OutputStream out) throws IOException {
            var in = new DataInputStream(raw);
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (EOFException e) {
                    return;
                }
                int length = 0, shift = 0, digit;
                do {
                    digit = in.readUnsignedByte();
                    length += (digit & 0x7f) << shift;
                    shift += 7;
                } while ((digit & 0x80) != 0);
                byte[] body = in.readNBytes(length);
                if (type == 0xE0) {
                    packets.add("DISCONNECT");
                    if (length != 0) errors.add("DISCONNECT with a body");
                    return;
                }
                if (type != 0x10) {
                    packets.add("type " + (type >> 4));
                    return;
                }
                packets.add("CONNECT");
                var b = new DataInputStream(new java.io.ByteArrayInputStream(body));
                String name = str(b);
                int level = b.readUnsignedByte(), flags = b.readUnsignedByte(), keepAlive = b.readUnsignedShort();
                String clientId = str(b);
                String user = (flags & 0x80) != 0 ? str(b) : null;
                String pass = (flags & 0x40) != 0 ? str(b) : null;
                if (b.available() != 0) errors.add("remaining length does not match the fields: " + b.available() + " extra bytes");
                if (!name.equals("MQTT") || level != 4 || (flags & 0x02) == 0 || (flags & 0x01) != 0 || keepAlive != 10
                        || !clientId.startsWith("warden-")) {
                    errors.add("bad CONNECT: " + name + " " + level + " " + flags + " " + keepAlive + " " + clientId);
                }
                int code = user == null ? (anonymousAllowed ? 0 : 5) : user.equals("admin") && "password".equals(pass) ? 0 : 4;
                out.write(new byte[]{0x20, 0x02, 0x00, (byte) code});
                out.flush();
            }
        }

        private static String str(DataInputStream b) throws IOException {
            int n = b.readUnsignedShort();
            return new String(b.readNBytes(n), StandardCharsets.UTF_8);
        }
    }

    static Service service(TestNet.Tcp t) {
        return new Service(t.host(), t.port(), Service.Transport.TCP, "mqtt", false, "",
                Map.of("mqtt.auth", "required", "mqtt.connack", "5"));
    }

    static Attempt attempt(Service s, String user, String password, ProbeContext ctx) throws IOException {
        try (LoginSession session = new MqttAuthenticator().open(s, ctx)) {
            return session.attempt(new Credential(user, password, 1, "test"));
        }
    }

    @Test
    void remainingLengthIsEncodedAsTheSpecSays() {
        int[] lengths = {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455};
        String[] hex = {"00", "7f", "8001", "ff7f", "808001", "ffff7f", "80808001", "ffffff7f"};
        for (int i = 0; i < lengths.length; i++) {
            var out = new ByteArrayOutputStream();
            MqttPackets.remainingLength(out, lengths[i]);
            assertEquals(hex[i], HexFormat.of().formatHex(out.toByteArray()), "length " + lengths[i]);
        }
    }

    @Test
    void connectPacketLayout() {
        byte[] p = MqttPackets.connect("warden-01", null, null);
        assertEquals("101500044d5154540402000a000977617264656e2d3031", HexFormat.of().formatHex(p));
        byte[] withLogin = MqttPackets.connect("w", "u", "p");
        assertEquals(0xC2, withLogin[9] & 0xff, "user name, password and clean session flags");
    }

    @Test
    void connackParsing() {
        assertEquals(MqttPackets.State.INCOMPLETE, MqttPackets.connack(new byte[]{0x20}).state());
        assertEquals(MqttPackets.State.INCOMPLETE, MqttPackets.connack(new byte[]{0x20, 0x02, 0x00}).state());
        assertEquals(5, MqttPackets.connack(new byte[]{0x20, 0x02, 0x00, 0x05}).code());
        assertEquals(MqttPackets.State.INVALID, MqttPackets.connack(new byte[]{0x20, 0x03, 0x00, 0x00, 0x00}).state());
        assertEquals(MqttPackets.State.INVALID, MqttPackets.connack(new byte[]{0x20, 0x02, 0x04, 0x00}).state());
        assertEquals(MqttPackets.State.INVALID, MqttPackets.connack(new byte[]{0x20, 0x02, 0x00, 0x06}).state());
        assertEquals(MqttPackets.State.INVALID, MqttPackets.connack(new byte[]{0x30, 0x02, 0x00, 0x00}).state());
        byte[] endless = {0x20, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertEquals(MqttPackets.State.INVALID, MqttPackets.connack(endless).state());
    }

    @Test
    void anonymousBroker() throws IOException {
        var broker = new Broker(true);
        try (var t = new TestNet.Tcp(ADDR, broker)) {
            Service s = new MqttProbe().probe(t.host(), t.port(), NOTHING, TestNet.ctx()).orElseThrow();
            assertEquals("mqtt", s.protocol());
            assertEquals("3.1.1", s.fact("mqtt.version"));
            assertEquals("0", s.fact("mqtt.connack"));
            assertEquals("true", s.fact("mqtt.anonymous"));
            assertEquals("none", s.fact("mqtt.auth"));
            assertFalse(new MqttAuthenticator().applies(s));
            waitFor(() -> broker.packets.size() >= 2);
            assertEquals(List.of("CONNECT", "DISCONNECT"), List.copyOf(broker.packets), "no subscribe, no publish");
            assertTrue(broker.errors.isEmpty(), broker.errors.toString());
        }
    }

    @Test
    void brokerWithLogin() throws IOException {
        var broker = new Broker(false);
        try (var t = new TestNet.Tcp(ADDR, broker)) {
            Service s = new MqttProbe().probe(t.host(), t.port(), NOTHING, TestNet.ctx()).orElseThrow();
            assertEquals("5", s.fact("mqtt.connack"));
            assertEquals("required", s.fact("mqtt.auth"));
            assertEquals("false", s.fact("mqtt.anonymous"));
            assertTrue(new MqttAuthenticator().applies(s));

            Attempt ok = attempt(s, "admin", "password", TestNet.ctx());
            assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome(), ok.evidence());
            assertTrue(ok.evidence().contains("CONNACK 0") && ok.evidence().contains("without credentials it answered CONNACK 5"), ok.evidence());
            Attempt wrong = attempt(s, "admin", "admin", TestNet.ctx());
            assertEquals(Attempt.Outcome.REJECTED, wrong.outcome(), wrong.evidence());
            // a password longer than 127 bytes makes the remaining length two bytes long; the broker checks it
            assertEquals(Attempt.Outcome.REJECTED, attempt(s, "admin", "x".repeat(300), TestNet.ctx()).outcome());
            waitFor(() -> broker.packets.contains("DISCONNECT"));
            assertTrue(broker.errors.isEmpty(), broker.errors.toString());
            assertTrue(broker.packets.stream().allMatch(p -> p.equals("CONNECT") || p.equals("DISCONNECT")), broker.packets.toString());
        }
    }

    @Test
    void malformedConnackIsNotMqtt() throws IOException {
        TestNet.Handler wrongLength = (s, in, out) -> {
            in.read(new byte[256]);
            out.write(new byte[]{0x20, 0x03, 0x00, 0x00, 0x00});
            out.flush();
            TestNet.silence(in);
        };
        try (var t = new TestNet.Tcp(ADDR, wrongLength)) {
            assertTrue(new MqttProbe().probe(t.host(), t.port(), NOTHING, TestNet.ctx()).isEmpty());
            Attempt a = attempt(service(t), "admin", "password", TestNet.ctx());
            assertEquals(Attempt.Outcome.INCONCLUSIVE, a.outcome(), a.evidence());
        }
    }

    @Test
    void hostileServersReturnInTime() throws IOException {
        TestNet.Handler flood = (s, in, out) -> TestNet.flood(out);
        TestNet.Handler mute = (s, in, out) -> TestNet.silence(in);
        // A CONNACK header whose length never ends: rejected after four length bytes, not read on.
        TestNet.Handler endless = (s, in, out) -> {
            out.write(0x20);
            for (int i = 0; i < 100_000; i++) out.write(0xff);
            out.flush();
        };
        ProbeContext ctx = TestNet.quickCtx();
        for (TestNet.Handler h : List.of(flood, mute, endless)) {
            try (var t = new TestNet.Tcp(ADDR, h)) {
                long t0 = System.nanoTime();
                assertTrue(new MqttProbe().probe(t.host(), t.port(), NOTHING, ctx).isEmpty());
                assertFalse(attempt(service(t), "admin", "password", ctx).accepted());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 3000, "took " + ms + " ms");
            }
        }
    }

    @Test
    void mqttOverTlsOnPort8883(@TempDir Path dir) throws Exception {
        // A throwaway self-signed certificate from the JDK's keytool; Warden must accept it without trusting it.
        Path store = dir.resolve("broker.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=broker", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        var ks = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        var broker = new Broker(false);
        try (var server = (SSLServerSocket) ssl.getServerSocketFactory().createServerSocket()) {
            // 8883 is fixed by the probe; bound on a 127.30.0.x address of its own so it clashes with nothing.
            server.bind(new InetSocketAddress(TestNet.addr(7), MqttProbe.TLS_PORT));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        broker.handle(s, s.getInputStream(), s.getOutputStream());
                    } catch (IOException ignored) {
                        // handshake or client gone: next
                    }
                }
            });
            Service s = new MqttProbe().probe("127.30.0.7", MqttProbe.TLS_PORT, NOTHING, TestNet.ctx()).orElseThrow();
            assertTrue(s.tls());
            assertEquals("required", s.fact("mqtt.auth"));
            assertTrue(s.fact("tls.protocol").startsWith("TLS"), s.fact("tls.protocol"));
            assertEquals(Attempt.Outcome.ACCEPTED, attempt(s, "admin", "password", TestNet.ctx()).outcome());
            assertEquals(Attempt.Outcome.REJECTED, attempt(s, "admin", "1234", TestNet.ctx()).outcome());
        }
    }

    @Test
    void onlyTheDialerOpensConnections() throws IOException {
        try (var t = new TestNet.Tcp(ADDR, new Broker(true))) {
            var dialer = new Dialer(ScopeGuard.parse("127.0.0.0/8"), RateLimiter.unlimited(), Duration.ofSeconds(1));
            var ctx = new ProbeContext(dialer, Duration.ofSeconds(2), Duration.ofSeconds(2), 16384, new Random(1), Duration.ofMillis(300));
            new MqttProbe().probe(t.host(), t.port(), NOTHING, ctx).orElseThrow();
            attempt(service(t), "admin", "password", ctx);
            assertEquals(2, dialer.connectsAttempted());
            assertEquals(2, t.connections.get());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
