package dev.warden.login;

import dev.warden.emulator.Fleet;
import dev.warden.emulator.Persona;
import dev.warden.emulator.TelnetDevice;
import dev.warden.net.Dialer;
import dev.warden.net.RateLimiter;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.telnet.TelnetAuthenticator;
import dev.warden.target.ScopeGuard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialTesterTest {
    static final ProbeContext CTX = new ProbeContext(new Dialer(ScopeGuard.parse("127.78.6.0/24"), RateLimiter.unlimited(), Duration.ofSeconds(1)),
            Duration.ofSeconds(4), Duration.ofSeconds(2), 16384, new java.util.Random(7), Duration.ofMillis(300));

    static Dictionary dict(String... pairs) {
        var b = new Dictionary.Builder();
        for (int i = 0; i < pairs.length; i += 2) b.add(new Credential(pairs[i], pairs[i + 1], pairs.length - i, "mirai"));
        return b.build();
    }

    static LoginResult run(TelnetDevice device, String ip, Dictionary d, int cap, AtomicInteger budget) throws Exception {
        var p = new Persona("t", "t", Map.of(2323, () -> device), List.of());
        try (Fleet f = Fleet.start(ip, List.of(p))) {
            var s = new Service(ip, 2323, Service.Transport.TCP, "telnet", false, "", Map.of());
            return new CredentialTester(d, cap, 1, 3, Duration.ofMillis(200)).test(s, new TelnetAuthenticator(), CTX, budget);
        }
    }

    @Test
    void stopsAtTheFirstPairThatWorksAndReusesTheConnection() throws Exception {
        var device = TelnetDevice.withLogin("admin", "1234", 0);
        var r = run(device, "127.78.6.1", dict("root", "a", "root", "b", "admin", "1234", "root", "never"), 24, new AtomicInteger(64));
        assertEquals(LoginResult.Status.DEFAULT_CREDENTIAL, r.status());
        assertEquals("admin", r.credential().user());
        assertEquals(4, r.attempts(), "random pair + three dictionary pairs, nothing after the hit");
    }

    @Test
    void perServiceCapEndsWithNoneWorkedAndSaysWhy() throws Exception {
        var r = run(TelnetDevice.withLogin("x", "unique-Password-1", 0), "127.78.6.2", dict("a", "1", "b", "2", "c", "3", "d", "4"), 2, new AtomicInteger(64));
        assertEquals(LoginResult.Status.NONE_WORKED, r.status());
        assertEquals(3, r.attempts());
        assertTrue(r.reason().contains("none of the 2 most likely pairs"), r.reason());
    }

    @Test
    void parallelSessionsStillStopAtTheHitAndCoverEveryPairOtherwise() throws Exception {
        var d = dict("a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6", "g", "7", "admin", "1234");
        var p = new Persona("t", "t", Map.of(2323, () -> TelnetDevice.withLogin("admin", "1234", 50)), List.of());
        try (Fleet f = Fleet.start("127.78.6.5", List.of(p))) {
            var s = new Service("127.78.6.5", 2323, Service.Transport.TCP, "telnet", false, "", Map.of());
            var r = new CredentialTester(d, 100, 4, 3, Duration.ofMillis(200)).test(s, new TelnetAuthenticator(), CTX, new AtomicInteger(100));
            assertEquals(LoginResult.Status.DEFAULT_CREDENTIAL, r.status(), r.reason());
            assertEquals("admin", r.credential().user());
            var none = new CredentialTester(dict("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"), 100, 4, 3, Duration.ofMillis(200))
                    .test(s, new TelnetAuthenticator(), CTX, new AtomicInteger(100));
            assertEquals(LoginResult.Status.NONE_WORKED, none.status(), none.reason());
            assertEquals(6, none.trail().stream().filter(a -> a.outcome() == Attempt.Outcome.REJECTED).count(), "random pair + all five");
        }
    }

    @Test
    void deviceBudgetIsShared() throws Exception {
        var budget = new AtomicInteger(2);
        var r = run(TelnetDevice.withLogin("x", "y", 0), "127.78.6.3", dict("a", "1", "b", "2", "c", "3"), 24, budget);
        assertEquals(LoginResult.Status.INCOMPLETE, r.status());
        assertTrue(r.reason().contains("device attempt cap"), r.reason());
    }

    @Test
    void lockOutStopsTestingAfterOneBackOff() throws Exception {
        var device = new TelnetDevice("", (u, p) -> false, 0, 3, 3);
        var r = run(device, "127.78.6.4", dict("a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6"), 24, new AtomicInteger(64));
        assertEquals(LoginResult.Status.INCOMPLETE, r.status(), r.toString());
        assertEquals(3, device.failures());
    }

    /** Counts the connections a device has open at once; beyond {@code limit} it resets them, like a full listen queue. */
    static final class Crowded implements dev.warden.emulator.Handler {
        final dev.warden.emulator.Handler inner;
        final int limit;
        final AtomicInteger open = new AtomicInteger(), peak = new AtomicInteger(), resets = new AtomicInteger();

        Crowded(dev.warden.emulator.Handler inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public void serve(java.net.Socket socket) throws java.io.IOException {
            int n = open.incrementAndGet();
            try {
                peak.accumulateAndGet(n, Math::max);
                if (n > limit) {
                    resets.incrementAndGet();
                    socket.setSoLinger(true, 0);
                    return;
                }
                inner.serve(socket);
            } finally {
                open.decrementAndGet();
            }
        }
    }

    static Dictionary many(int n) {
        var pairs = new String[2 * n];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = "u" + i;
            pairs[2 * i + 1] = "p" + i;
        }
        return dict(pairs);
    }

    static LoginResult adaptive(Crowded device, String ip, int parallel, int maxParallel, int pairs) throws Exception {
        var p = new Persona("t", "t", Map.of(2323, () -> device), List.of());
        try (Fleet f = Fleet.start(ip, List.of(p))) {
            var s = new Service(ip, 2323, Service.Transport.TCP, "telnet", false, "", Map.of());
            return new CredentialTester(many(pairs), 100, parallel, maxParallel, 2.0, Duration.ofSeconds(1), 3, Duration.ofMillis(200), 256)
                    .test(s, new TelnetAuthenticator(), CTX, new AtomicInteger(200));
        }
    }

    @Test
    void sessionsGrowWhileTheDeviceAnswersNormallyUpToTheCeiling() throws Exception {
        var device = new Crowded(new TelnetDevice("", (u, p) -> false, 150, 3, 0), 100);
        var r = adaptive(device, "127.78.6.6", 2, 6, 40);
        assertEquals(LoginResult.Status.NONE_WORKED, r.status(), r.reason());
        assertEquals(41, r.trail().stream().filter(a -> a.outcome() == Attempt.Outcome.REJECTED).count(), "random pair + all 40");
        assertTrue(device.peak.get() > 2, "grew beyond the 2 it started with: peak " + device.peak.get());
        assertTrue(device.peak.get() <= 6, "never beyond the ceiling: peak " + device.peak.get());
    }

    @Test
    void aDeviceThatStartsRefusingGetsFewerSessionsAndStillAClearAnswer() throws Exception {
        var device = new Crowded(new TelnetDevice("", (u, p) -> false, 150, 3, 0), 3);
        var r = adaptive(device, "127.78.6.7", 2, 12, 40);
        assertEquals(LoginResult.Status.NONE_WORKED, r.status(), r.reason());
        assertTrue(device.peak.get() <= 5, "no growth after the first reset: peak " + device.peak.get());
        assertTrue(device.resets.get() <= 4, "backed off instead of hammering: " + device.resets.get() + " resets");
    }

    @Test
    void theRandomPairRunsAlongsideTheDictionaryAndStillWins() throws Exception {
        // accepts anything, after a delay: dictionary pairs may log in too, but the device must be reported as accept-any
        var device = new Crowded(new TelnetDevice("", (u, p) -> true, 100, 3, 0), 100);
        var r = adaptive(device, "127.78.6.8", 4, 4, 10);
        assertEquals(LoginResult.Status.ACCEPTS_ANY, r.status(), r.reason());
    }

    @Test
    void aDeviceThatHangsUpAfterAnsweringIsNotPushingBack() throws Exception {
        // like vsftpd after its failure limit: asks for the next user name, then closes once it arrives
        dev.warden.emulator.Handler hangsUp = socket -> {
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            for (int i = 0; ; i++) {
                out.write("\r\nlogin: ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                if (dev.warden.protocol.TestNet.readLine(in) == null || i == 1) return;
                out.write("Password: ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                if (dev.warden.protocol.TestNet.readLine(in) == null) return;
                pause(150);
                out.write("\r\nLogin incorrect\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        };
        var device = new Crowded(hangsUp, 100);
        var r = adaptive(device, "127.78.6.9", 2, 8, 60);
        assertEquals(LoginResult.Status.NONE_WORKED, r.status(), r.reason());
        assertTrue(device.peak.get() > 4, "a hang-up after an answer is the end of a session, not a refusal: peak " + device.peak.get());
    }

    @Test
    void everyTryOnASharedConnectionGetsTheWholeProbeBudget() throws Exception {
        // 3 tries per connection, 1.5 s per failure: the third ends after 4.5 s, past the 4 s probe budget of CTX
        var r = run(new TelnetDevice("", (u, p) -> false, 1500, 3, 0), "127.78.6.10", dict("a", "1", "b", "2", "c", "3"), 24, new AtomicInteger(64));
        assertEquals(LoginResult.Status.NONE_WORKED, r.status(), r.reason());
        assertEquals(4, r.trail().stream().filter(a -> a.outcome() == Attempt.Outcome.REJECTED).count(), r.trail().toString());
        assertEquals(4, r.attempts(), "no try was cut short and repeated: " + r.trail());
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
