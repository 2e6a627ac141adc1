package dev.warden.protocol.ftp;

import dev.warden.login.Attempt;
import dev.warden.login.Credential;
import dev.warden.login.CredentialTester;
import dev.warden.login.Dictionary;
import dev.warden.login.LoginResult;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FtpTest {
    static final int ADDR = 4;

    /** A scripted FTP server: just enough of RFC 959 for logins, AUTH TLS and PWD. */
    static final class Server implements TestNet.Handler {
        String greeting = "220 (vsFTPd 3.0.3)\r\n";
        boolean tls = true, anonymous = true, liar = false;
        int maxFails = 3;
        final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
        /** What came after a 234 on the same connection (must be nothing: Warden hangs up). */
        final ConcurrentLinkedQueue<String> afterTls = new ConcurrentLinkedQueue<>();

        @Override
        public void handle(Socket s, InputStream in, OutputStream out) throws IOException {
            TestNet.send(out, greeting);
            String user = null;
            boolean in2 = false;
            int fails = 0;
            String line;
            while ((line = TestNet.readLine(in)) != null) {
                commands.add(line);
                String verb = line.split(" ", 2)[0].toUpperCase();
                String arg = line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : "";
                switch (verb) {
                    case "AUTH" -> {
                        if (!tls) {
                            TestNet.send(out, "530 Please login with USER and PASS.\r\n");
                            continue;
                        }
                        TestNet.send(out, "234 Proceed with negotiation.\r\n");
                        String next = TestNet.readLine(in);
                        if (next != null) afterTls.add(next);
                        return;
                    }
                    case "USER" -> {
                        user = arg;
                        TestNet.send(out, liar ? "230 Login successful.\r\n" : "331 Please specify the password.\r\n");
                    }
                    case "PASS" -> {
                        boolean ok = user != null && (anonymous && user.equals("anonymous")
                                || user.equals("admin") && arg.equals("admin") || liar);
                        if (ok) {
                            in2 = true;
                            TestNet.send(out, "230 Login successful.\r\n");
                        } else {
                            TestNet.send(out, "530 Login incorrect.\r\n");
                            if (++fails >= maxFails) return;
                        }
                    }
                    case "PWD" -> TestNet.send(out, in2 && !liar ? "257 \"/\" is the current directory\r\n" : "550 Permission denied.\r\n");
                    case "QUIT" -> {
                        TestNet.send(out, "221 Goodbye.\r\n");
                        return;
                    }
                    default -> TestNet.send(out, "500 Unknown command.\r\n");
                }
            }
        }
    }

    static Optional<Service> probe(TestNet.Tcp t, String greeting, ProbeContext ctx) throws IOException {
        return new FtpProbe().probe(t.host(), t.port(), greeting.getBytes(StandardCharsets.ISO_8859_1), ctx);
    }

    static Service service(TestNet.Tcp t) {
        return new Service(t.host(), t.port(), Service.Transport.TCP, "ftp", false, "220", Map.of());
    }

    static Attempt once(LoginSession s, String user, String password) throws IOException {
        return s.attempt(new Credential(user, password, 1, "test"));
    }

    @Test
    void probeRecordsGreetingSoftwareTlsAndAnonymous() throws Exception {
        var script = new Server();
        try (var t = new TestNet.Tcp(ADDR, script)) {
            Service s = probe(t, script.greeting, TestNet.ctx()).orElseThrow();
            assertEquals("ftp", s.protocol());
            assertEquals("220 (vsFTPd 3.0.3)", s.fact("ftp.greeting"));
            assertEquals("vsFTPd 3.0.3", s.fact("ftp.software"));
            assertEquals("true", s.fact("ftp.auth-tls"));
            assertEquals("true", s.fact("ftp.anonymous"));
            assertTrue(s.fact("ftp.anonymous-evidence").contains("PASS warden@example.invalid answered 230"), s.fact("ftp.anonymous-evidence"));
            assertTrue(s.fact("ftp.anonymous-evidence").contains("PWD answered 257"), s.fact("ftp.anonymous-evidence"));
            Thread.sleep(100);
            assertTrue(script.afterTls.isEmpty(), "nothing may follow a 234 on that connection: " + script.afterTls);
            assertTrue(script.commands.contains("QUIT"), "the anonymous session says goodbye");
        }
    }

    @Test
    void probeRecordsRefusals() throws IOException {
        var script = new Server();
        script.tls = false;
        script.anonymous = false;
        script.greeting = "220-Welcome to the\r\n220-storage box\r\n220 ready at 192.168.1.10\r\n";
        try (var t = new TestNet.Tcp(ADDR, script)) {
            Service s = probe(t, script.greeting, TestNet.ctx()).orElseThrow();
            assertEquals("false", s.fact("ftp.auth-tls"));
            assertEquals("false", s.fact("ftp.anonymous"));
            assertNull(s.fact("ftp.anonymous-evidence"));
            assertNull(s.fact("ftp.software"), "an address is not a version");
            assertEquals("220-Welcome to the / 220-storage box / 220 ready at 192.168.1.10", s.fact("ftp.greeting"));
        }
    }

    @Test
    void probeIgnoresOtherGreetings() throws IOException {
        var probe = new FtpProbe();
        assertTrue(probe.probe("127.30.0.4", 21, "SSH-2.0-dropbear\r\n".getBytes(StandardCharsets.ISO_8859_1), TestNet.ctx()).isEmpty());
        assertTrue(probe.probe("127.30.0.4", 21, "2200 x\r\n".getBytes(StandardCharsets.ISO_8859_1), TestNet.ctx()).isEmpty());
        assertTrue(probe.probe("127.30.0.4", 21, "login: ".getBytes(StandardCharsets.ISO_8859_1), TestNet.ctx()).isEmpty());
    }

    @Test
    void softwareIsTakenFromCommonGreetings() {
        assertEquals("ProFTPD 1.3.5e", FtpProbe.software("220 ProFTPD 1.3.5e Server (Debian) [::ffff:10.0.0.5]").orElseThrow());
        assertEquals("FileZilla 0.9.60", FtpProbe.software("220 FileZilla Server 0.9.60 beta").orElseThrow());
        assertEquals("Inetutils 1.9.4", FtpProbe.software("220 GNU Inetutils FTP server (version 1.9.4) ready.").orElseThrow());
        assertEquals("bftpd 2.2.1", FtpProbe.software("220 bftpd 2.2.1 at 192.168.1.1 ready.").orElseThrow());
        assertTrue(FtpProbe.software("220 Microsoft FTP Service").isEmpty());
        assertTrue(FtpProbe.software("220 Welcome at 10.1.2.3").isEmpty());
    }

    @Test
    void rightPairIsAcceptedAndProvenWrongPairRejectedOnOneConnection() throws IOException {
        var script = new Server();
        try (var t = new TestNet.Tcp(ADDR, script)) {
            try (LoginSession s = new FtpAuthenticator().open(service(t), TestNet.ctx())) {
                Attempt wrong = once(s, "root", "xc3511");
                assertEquals(Attempt.Outcome.REJECTED, wrong.outcome(), wrong.evidence());
                assertTrue(wrong.evidence().contains("530"), wrong.evidence());
                assertTrue(s.reusable());
                Attempt ok = once(s, "admin", "admin");
                assertEquals(Attempt.Outcome.ACCEPTED, ok.outcome(), ok.evidence());
                assertTrue(ok.evidence().contains("PWD answered 257"), ok.evidence());
                assertFalse(s.reusable(), "a logged-in connection is not used again");
            }
            assertEquals(1, t.connections.get());
        }
    }

    @Test
    void testerReconnectsWhenTheServerHangsUpAfterFailures() throws IOException {
        var script = new Server();
        script.maxFails = 2;
        try (var t = new TestNet.Tcp(ADDR, script)) {
            var dict = Dictionary.of(List.of(new Credential("root", "root", 9, "t"), new Credential("root", "12345", 8, "t"),
                    new Credential("guest", "guest", 7, "t"), new Credential("admin", "admin", 1, "t")));
            LoginResult r = new CredentialTester(dict, 10, 1, 3, Duration.ofMillis(50))
                    .test(service(t), new FtpAuthenticator(), TestNet.ctx(), new AtomicInteger(20));
            assertEquals(LoginResult.Status.DEFAULT_CREDENTIAL, r.status(), r.reason() + " " + r.trail());
            assertEquals("admin", r.credential().user());
            assertTrue(t.connections.get() >= 3, "vsftpd-style hang-ups force new connections: " + t.connections.get());
        }
    }

    @Test
    void twoThirtyWithoutAWorkingSessionIsNotAccepted() throws IOException {
        var script = new Server();
        script.liar = true;
        try (var t = new TestNet.Tcp(ADDR, script); LoginSession s = new FtpAuthenticator().open(service(t), TestNet.ctx())) {
            Attempt a = once(s, "root", "anything");
            assertEquals(Attempt.Outcome.INCONCLUSIVE, a.outcome(), a.evidence());
            assertTrue(a.evidence().contains("PWD answered 550"), a.evidence());
        }
    }

    @Test
    void lineBreaksInCredentialsAreNeverSent() throws IOException {
        var script = new Server();
        try (var t = new TestNet.Tcp(ADDR, script); LoginSession s = new FtpAuthenticator().open(service(t), TestNet.ctx())) {
            Attempt a = once(s, "admin", "x\r\nDELE important.cfg");
            assertEquals(Attempt.Outcome.INCONCLUSIVE, a.outcome());
            assertTrue(script.commands.stream().noneMatch(c -> c.startsWith("DELE")), script.commands.toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new FtpControl(null).send("USER a\r\nDELE x"));
    }

    @Test
    void floodingServerIsCutOffInTime() throws IOException {
        TestNet.Handler flood = (s, in, out) -> {
            TestNet.send(out, "220 ok\r\n");
            TestNet.readLine(in);
            TestNet.flood(out);
        };
        try (var t = new TestNet.Tcp(ADDR, flood)) {
            ProbeContext ctx = TestNet.quickCtx();
            long t0 = System.nanoTime();
            Service s = probe(t, "220 ok\r\n", ctx).orElseThrow();
            assertNull(s.fact("ftp.auth-tls"));
            assertNull(s.fact("ftp.anonymous"));
            try (LoginSession session = new FtpAuthenticator().open(service(t), ctx)) {
                Attempt a = once(session, "admin", "admin");
                assertFalse(a.accepted(), a.evidence());
                assertFalse(session.reusable());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5000, "took " + ms + " ms");
        }
    }

    @Test
    void silentServerReturnsWithinTheTimeout() throws IOException {
        TestNet.Handler mute = (s, in, out) -> {
            TestNet.send(out, "220 ok\r\n");
            TestNet.silence(in);
        };
        try (var t = new TestNet.Tcp(ADDR, mute)) {
            ProbeContext ctx = TestNet.quickCtx();
            long t0 = System.nanoTime();
            try (LoginSession session = new FtpAuthenticator().open(service(t), ctx)) {
                Attempt a = once(session, "admin", "admin");
                assertEquals(Attempt.Outcome.INCONCLUSIVE, a.outcome(), a.evidence());
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 3000, "took " + ms + " ms");
        }
        try (var t = new TestNet.Tcp(ADDR, (s, in, out) -> TestNet.silence(in))) {
            assertThrows(IOException.class, () -> new FtpAuthenticator().open(service(t), TestNet.quickCtx()));
        }
    }
}
