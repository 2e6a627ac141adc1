package dev.warden.web;

import dev.warden.store.Store;
import dev.warden.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Rate limits (a token bucket per token, 429 with Retry-After) and the TLS listener (PKCS#12 and PEM key material). */
class LimitsAndTlsTest {
    private static final AuditLauncher NO_AUDITS = (id, targets, scope) -> {
        throw new IllegalStateException("no audits in this test");
    };

    @Test
    void tokenBucketAllowsABurstThenTheRate() {
        var now = new AtomicLong();
        var limiter = new RateLimiter(2, 3, now::get, 100);
        for (int i = 0; i < 3; i++) assertEquals(0, limiter.acquire("a"), "burst");
        assertEquals(1, limiter.acquire("a"), "empty bucket: wait");
        assertEquals(0, limiter.acquire("b"), "callers have their own buckets");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertEquals(0, limiter.acquire("a"), "half a second at 2/s refills one");
        assertEquals(1, limiter.acquire("a"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        for (int i = 0; i < 3; i++) assertEquals(0, limiter.acquire("a"), "refills up to the burst, not beyond");
        assertEquals(1, limiter.acquire("a"));
        assertEquals(0, new RateLimiter(0, 1, now::get, 100).acquire("a"), "rate 0 turns limiting off");
    }

    @Test
    void tooManyRequestsGive429WithRetryAfter() throws Exception {
        try (var db = TestStores.Backend.SQLITE.fresh(); Store store = db.open();
             var server = new WardenServer(store, IncidentBoard.none(), NO_AUDITS, Clock.systemUTC(), WardenServer.Options.loopback(0).withRate(0.5, 3)).start()) {
            String token = server.tokens().create(Role.VIEWER, "eager").token();
            var http = HttpClient.newHttpClient();
            var req = HttpRequest.newBuilder(server.url().resolve("/api/devices")).header("Authorization", "Bearer " + token).build();
            for (int i = 0; i < 3; i++) assertEquals(200, http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode());
            var limited = http.send(req, HttpResponse.BodyHandlers.ofString());
            ApiTest.assertError(limited, 429, "rate limit", "retry in");
            assertEquals("2", limited.headers().firstValue("Retry-After").orElse(null));
            String other = server.tokens().create(Role.VIEWER, "patient").token();
            assertEquals(200, http.send(HttpRequest.newBuilder(server.url().resolve("/api/devices")).header("Authorization", "Bearer " + other).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "another token is not limited by the first");
        }
    }

    /** A request Jetty refuses before any handler (a NUL in the path) is answered with the API's JSON error, not HTML. */
    @Test
    void requestsRefusedBeforeRoutingGetAJsonError() throws Exception {
        try (var db = TestStores.Backend.SQLITE.fresh(); Store store = db.open();
             var server = new WardenServer(store, IncidentBoard.none(), NO_AUDITS, Clock.systemUTC(), WardenServer.Options.loopback(0)).start();
             var socket = new java.net.Socket(server.url().getHost(), server.url().getPort())) {
            socket.getOutputStream().write(("GET /api/incidents/x%00y HTTP/1.1\r\nHost: " + server.url().getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), answer);
            assertTrue(answer.contains("{\"error\":\"bad request: "), answer);
        }
    }

    @Test
    void tlsListenerServesTheApiWithAPkcs12KeyStore(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("server.p12");
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "warden", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit");
        checkTls(Tls.pkcs12(p12, "changeit"));
    }

    @Test
    void tlsListenerAcceptsPemCertificateAndKey(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || "1".equals(System.getenv("WARDEN_REQUIRE_TESTBED")), "openssl is not installed");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run("/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1");
        checkTls(Tls.pem(cert, key));
    }

    @Test
    void keyFilesThatAreNotKeysAreNamed(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Tls.pkcs12(junk, ""));
        assertTrue(e.getMessage().contains("junk.pem"), e.getMessage());
    }

    private static void checkTls(Tls tls) throws Exception {
        try (var db = TestStores.Backend.SQLITE.fresh(); Store store = db.open();
             var server = new WardenServer(store, IncidentBoard.none(), NO_AUDITS, Clock.systemUTC(),
                     WardenServer.Options.loopback(0).withTls(tls, "127.0.0.1", 0)).start()) {
            String token = server.tokens().create(Role.VIEWER, "tls client").token();
            var url = server.tlsUrl().orElseThrow();
            assertTrue(url.toString().startsWith("https://127.0.0.1:"), url.toString());
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            var alias = tls.keyStore().aliases().nextElement();
            ks.setCertificateEntry("server", tls.keyStore().getCertificate(alias));
            trust.init(ks);
            var ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            var http = HttpClient.newBuilder().sslContext(ssl).build();
            var r = http.send(HttpRequest.newBuilder(url.resolve("/api/me")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"role\":\"viewer\""), r.body());
        }
    }

    private static void run(String... command) throws Exception {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }
}
