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
}
