package dev.warden.login;

import dev.warden.emulator.Fleet;
import dev.warden.emulator.Persona;
import dev.warden.emulator.TelnetDevice;
import dev.warden.probe.Service;
import dev.warden.protocol.telnet.TelnetAuthenticator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** EN 303 645 5.1-5 measured against emulated logins with and without protection. */
class BruteForceProbeTest {
    static BruteForceResult probe(TelnetDevice device, String ip) throws Exception {
        var p = new Persona("t", "t", Map.of(2323, () -> device), List.of());
        try (Fleet f = Fleet.start(ip, List.of(p))) {
            var s = new Service(ip, 2323, Service.Transport.TCP, "telnet", false, "", Map.of());
            return new BruteForceProbe(10, 3.0, Duration.ofSeconds(1)).probe(s, new TelnetAuthenticator(), CredentialTesterTest.CTX, "root");
        }
    }

    @Test
    void lockOutIsSeenAndCounted() throws Exception {
        var r = probe(new TelnetDevice("", (u, p) -> false, 0, 3, 5), "127.78.6.10");
        assertEquals(BruteForceResult.Protection.LOCKED_OUT, r.protection(), r.evidence());
        assertEquals(5, r.stoppedAfter());
    }

    @Test
    void unlimitedFastFailuresAreNoProtection() throws Exception {
        var r = probe(new TelnetDevice("", (u, p) -> false, 0, 3, 0), "127.78.6.11");
        assertEquals(BruteForceResult.Protection.NONE, r.protection(), r.evidence());
        assertEquals(10, r.attempts());
    }

    @Test
    void slowingFailuresAreThrottling() {
        var probe = new BruteForceProbe(8, 3.0, Duration.ofSeconds(1));
        var s = new Service("127.0.0.1", 23, Service.Transport.TCP, "telnet", false, "", Map.of());
        var times = List.of(10L, 12L, 20L, 40L, 80L, 160L, 320L, 640L).stream().map(Duration::ofMillis).toList();
        assertEquals(BruteForceResult.Protection.THROTTLED, probe.judge(s, times).protection());
        var flat = List.of(10L, 12L, 11L, 10L, 12L, 11L, 10L, 11L).stream().map(Duration::ofMillis).toList();
        assertEquals(BruteForceResult.Protection.NONE, probe.judge(s, flat).protection());
        var busybox = List.of(2400L, 2410L, 2405L, 2400L).stream().map(Duration::ofMillis).toList();
        assertEquals(BruteForceResult.Protection.THROTTLED, probe.judge(s, busybox).protection());
    }
}
