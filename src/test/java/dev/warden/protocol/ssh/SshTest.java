package dev.warden.protocol.ssh;

import dev.warden.login.Attempt;
import dev.warden.login.Credential;
import dev.warden.login.CredentialTester;
import dev.warden.login.Dictionary;
import dev.warden.login.LoginResult;
import dev.warden.login.LoginSession;
import dev.warden.net.Dialer;
import dev.warden.net.RateLimiter;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.TestNet;
import dev.warden.target.OutOfScopeException;
import dev.warden.target.ScopeGuard;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SshTest {
    static final String HOST = "127.30.0.2";
    static KeyPair hostKey;
    static SshServer passwordServer, interactiveServer, publicKeyServer;
    static final AtomicInteger publicKeySessions = new AtomicInteger();
    static final SshAuthenticator auth = new SshAuthenticator();

    @BeforeAll
    static void start() throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        hostKey = g.generateKeyPair();
        passwordServer = server(List.of(new UserAuthPasswordFactory()));
        interactiveServer = server(List.of(new UserAuthKeyboardInteractiveFactory()));
        publicKeyServer = server(List.of(new UserAuthPublicKeyFactory()));
        publicKeyServer.setPublickeyAuthenticator((user, key, session) -> false);
        publicKeyServer.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                publicKeySessions.incrementAndGet();
            }
        });
        for (SshServer s : List.of(passwordServer, interactiveServer, publicKeyServer)) s.start();
    }

    private static SshServer server(List<org.apache.sshd.server.auth.UserAuthFactory> methods) {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(HOST);
        s.setPort(0);
        s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        s.setUserAuthFactories(methods);
        s.setPasswordAuthenticator((user, password, session) -> user.equals("root") && password.equals("xc3511"));
        return s;
    }

    @AfterAll
    static void stop() throws IOException {
        auth.close();
        for (SshServer s : List.of(passwordServer, interactiveServer, publicKeyServer)) s.stop(true);
    }

    static Service service(int port) {
        return new Service(HOST, port, Service.Transport.TCP, "ssh", false, "SSH-2.0-x", Map.of("ssh.protocol", "2.0"));
    }

    static Attempt attempt(SshServer server, String user, String password) throws IOException {
        try (LoginSession s = auth.open(service(server.getPort()), TestNet.ctx())) {
            Attempt a = s.attempt(new Credential(user, password, 1, "test"));
            assertFalse(s.reusable(), "one password per connection");
            return a;
        }
    }

    @Test
    void probeRecordsVersionAndSoftware() {
        byte[] g = "SSH-2.0-dropbear_2019.78\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Service s = new SshProbe().probe("127.30.0.2", 22, g, TestNet.ctx()).orElseThrow();
        assertEquals("ssh", s.protocol());
        assertEquals("SSH-2.0-dropbear_2019.78", s.fact("ssh.version"));
        assertEquals("dropbear_2019.78", s.fact("ssh.software"));
        assertEquals("2.0", s.fact("ssh.protocol"));
        assertEquals(null, s.fact("ssh.comments"));

        g = "Welcome, authorised users only\r\nSSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".getBytes(StandardCharsets.ISO_8859_1);
        s = new SshProbe().probe("127.30.0.2", 22, g, TestNet.ctx()).orElseThrow();
        assertEquals("OpenSSH_9.2p1", s.fact("ssh.software"));
        assertEquals("Debian-2+deb12u3", s.fact("ssh.comments"));
        assertEquals("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3", s.fact("ssh.version"));

        assertEquals("Cisco-1.25", SshProbe.identification("SSH-1.99-Cisco-1.25\r\n".getBytes(StandardCharsets.ISO_8859_1))
                .orElseThrow().software());
    }

    @Test
    void probeIgnoresJunkAndOverlongLines() {
        var probe = new SshProbe();
        assertTrue(probe.probe(HOST, 22, "220 (vsFTPd 3.0.3)\r\n".getBytes(StandardCharsets.ISO_8859_1), TestNet.ctx()).isEmpty());
        byte[] junk = new byte[16384];
        new Random(3).nextBytes(junk);
        assertTrue(probe.probe(HOST, 22, junk, TestNet.ctx()).isEmpty());
        byte[] longLine = ("SSH-2.0-" + "A".repeat(400) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(probe.probe(HOST, 22, longLine, TestNet.ctx()).isEmpty());
    }

    @Test
    void passwordLoginIsAcceptedOnlyWithTheRightPair() throws IOException {
        Attempt ok = attempt(passwordServer, "root", "xc3511");
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome(), ok.evidence());
        assertEquals("server accepted password authentication for root", ok.evidence());
        Attempt wrong = attempt(passwordServer, "root", "admin");
        assertEquals(Attempt.Outcome.REJECTED, wrong.outcome(), wrong.evidence());
        assertTrue(wrong.evidence().contains("refused the password"), wrong.evidence());
    }

    @Test
    void keyboardInteractiveLoginAnswersThePasswordPrompt() throws IOException {
        Attempt ok = attempt(interactiveServer, "root", "xc3511");
        assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome(), ok.evidence());
        Attempt wrong = attempt(interactiveServer, "root", "vizxv");
        assertEquals(Attempt.Outcome.REJECTED, wrong.outcome(), wrong.evidence());
        assertTrue(wrong.evidence().contains("refused the password"), wrong.evidence());
    }

    @Test
    void publicKeyOnlyServerIsRejectedWithoutSendingPasswordsAgain() throws IOException {
        var own = new SshAuthenticator();
        try {
            var svc = service(publicKeyServer.getPort());
            int before = publicKeySessions.get();
            // one early end could be a busy server (MaxStartups); a few in a row make "no password login" final
            Attempt first = null;
            for (int i = 0; i < SshAuthenticator.NO_PASSWORD_CONFIRMATIONS; i++) {
                try (LoginSession s = own.open(svc, TestNet.ctx())) {
                    first = s.attempt(new Credential("root", "xc3511", 1, "test"));
                }
                var expected = i + 1 < SshAuthenticator.NO_PASSWORD_CONFIRMATIONS ? Attempt.Outcome.INCONCLUSIVE : Attempt.Outcome.REJECTED;
                assertEquals(expected, first.outcome(), first.evidence());
            }
            assertTrue(first.evidence().contains("no password"), first.evidence());
            Attempt second;
            try (LoginSession s = own.open(svc, TestNet.ctx())) {
                second = s.attempt(new Credential("admin", "admin", 1, "test"));
            }
            assertEquals(Attempt.Outcome.REJECTED, second.outcome());
            assertEquals(before + SshAuthenticator.NO_PASSWORD_CONFIRMATIONS, publicKeySessions.get(), "once final, attempts no longer connect");
        } finally {
            own.close();
        }
    }

    @Test
    void credentialTesterFindsTheDefaultPair() {
        var tester = new CredentialTester(Dictionary.of(List.of(new Credential("admin", "admin", 9, "t"),
                new Credential("root", "xc3511", 5, "t"), new Credential("root", "vizxv", 1, "t"))), 10, 1, 3, Duration.ofMillis(100));
        LoginResult r = tester.test(service(passwordServer.getPort()), auth, TestNet.ctx(), new AtomicInteger(10));
        assertEquals(LoginResult.Status.DEFAULT_CREDENTIAL, r.status(), r.reason());
        assertEquals("root", r.credential().user());
        assertEquals(3, r.attempts(), "random pair, admin:admin, root:xc3511");
    }

    @Test
    void floodingServerReturnsWithinTheTimeout() throws IOException {
        try (var junk = new TestNet.Tcp(3, (s, in, out) -> TestNet.flood(out))) {
            ProbeContext ctx = TestNet.quickCtx();
            long t0 = System.nanoTime();
            Attempt a;
            try (LoginSession s = auth.open(new Service(junk.host(), junk.port(), Service.Transport.TCP, "ssh", false, "", Map.of()), ctx)) {
                a = s.attempt(new Credential("root", "xc3511", 1, "test"));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "took " + ms + " ms");
            assertFalse(a.accepted(), a.evidence());
        }
    }

    @Test
    void silentServerReturnsWithinTheTimeout() throws IOException {
        try (var silent = new TestNet.Tcp(3, (s, in, out) -> TestNet.silence(in))) {
            ProbeContext ctx = TestNet.quickCtx();
            long t0 = System.nanoTime();
            Attempt a;
            try (LoginSession s = auth.open(new Service(silent.host(), silent.port(), Service.Transport.TCP, "ssh", false, "", Map.of()), ctx)) {
                a = s.attempt(new Credential("root", "xc3511", 1, "test"));
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "took " + ms + " ms");
            assertEquals(Attempt.Outcome.INCONCLUSIVE, a.outcome(), a.evidence());
        }
    }

    @Test
    void closedPortIsRefused() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, TestNet.addr(3))) {
            port = s.getLocalPort();
        }
        try (LoginSession s = auth.open(new Service("127.30.0.3", port, Service.Transport.TCP, "ssh", false, "", Map.of()), TestNet.quickCtx())) {
            assertEquals(Attempt.Outcome.REFUSED, s.attempt(new Credential("root", "x", 1, "test")).outcome());
        }
    }

    @Test
    void outOfScopeAddressIsNeverContacted() {
        var narrow = new ProbeContext(new Dialer(ScopeGuard.parse("127.31.0.0/16"), RateLimiter.unlimited(), Duration.ofSeconds(1)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 16384, new Random(1), Duration.ofMillis(300));
        int before = passwordServer.getActiveSessions().size();
        assertThrows(OutOfScopeException.class, () -> auth.open(service(passwordServer.getPort()), narrow));
        assertEquals(before, passwordServer.getActiveSessions().size());
    }

    @Test
    void closeStopsTheClientThreads() throws Exception {
        var before = clientThreads();
        var own = new SshAuthenticator();
        try (LoginSession s = own.open(service(passwordServer.getPort()), TestNet.ctx())) {
            assertTrue(s.attempt(new Credential("root", "xc3511", 1, "test")).accepted());
        }
        var started = clientThreads();
        started.removeAll(before);
        assertFalse(started.isEmpty(), "the attempt ran on MINA client threads");
        own.close();
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline && started.stream().anyMatch(Thread::isAlive)) Thread.sleep(20);
        assertTrue(started.stream().noneMatch(Thread::isAlive), "left running: " + started.stream().filter(Thread::isAlive).toList());
    }

    private static java.util.Set<Thread> clientThreads() {
        var out = new java.util.HashSet<Thread>();
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.isAlive() && t.getName().contains("SshClient")) out.add(t);
        return out;
    }
}
