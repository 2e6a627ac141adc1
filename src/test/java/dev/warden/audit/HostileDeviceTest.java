package dev.warden.audit;

import dev.warden.assess.Assessment;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Persona;
import dev.warden.emulator.Personas;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each hostile persona alone: the audit of it ends within a bound, reports no credential finding, and does not fail. */
class HostileDeviceTest {
    static final long BOUND_MILLIS = 30_000;

    Optional<Assessment> auditAlone(Persona p, String ip) throws Exception {
        try (Fleet f = Fleet.start(ip, List.of(p))) {
            var t = new Target(f.devices().getFirst().address(), null);
            long t0 = System.nanoTime();
            AuditSummary s = TestAudits.audit(TestAudits.fast(), ScopeGuard.parse(ip + "/32"), false).run("H", List.of(t), new AuditListener() {});
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < BOUND_MILLIS, p.name() + " held the audit for " + ms + " ms");
            assertEquals(List.of(), s.failures(), p.name());
            return s.devices().stream().findFirst();
        }
    }

    static void noLoginFinding(Optional<Assessment> a) {
        a.ifPresent(x -> assertTrue(x.findings().stream().noneMatch(f -> f.checkId().equals("default-credentials")
                || f.checkId().equals("no-authentication")), x.findings().toString()));
    }

    @Test
    void tarpitDrippingOneByteASecond() throws Exception {
        noLoginFinding(auditAlone(Personas.tarpit(), "127.78.2.1"));
    }

    @Test
    void binaryJunkFlood() throws Exception {
        var a = auditAlone(Personas.junk(), "127.78.2.2");
        noLoginFinding(a);
        assertTrue(a.isPresent());
        var banner = a.get().device().services().getFirst().banner();
        assertTrue(banner.length() <= 256, "banner kept bounded: " + banner.length());
    }

    @Test
    void resetOnEveryConnection() throws Exception {
        noLoginFinding(auditAlone(Personas.resetter(), "127.78.2.3"));
    }

    @Test
    void bannerFullOfPromptCharactersWithoutALogin() throws Exception {
        var a = auditAlone(Personas.promptDecoy(), "127.78.2.4");
        noLoginFinding(a);
        assertEquals("telnet", a.orElseThrow().device().services().getFirst().protocol());
    }
}
