package dev.warden.audit;

import dev.warden.assess.Assessment;
import dev.warden.assess.Finding;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Persona;
import dev.warden.emulator.Personas;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulated fleet, audited: every vulnerable persona found with its service and pair, nothing on decoys. */
class FleetAuditTest {
    static Fleet fleet;
    static AuditSummary summary;
    static long elapsedMillis;

    @BeforeAll
    static void auditTheFleet() throws Exception {
        fleet = Fleet.start("127.78.0.1", Personas.standard());
        var targets = fleet.devices().stream().map(d -> new Target(d.address(), null)).toList();
        long t0 = System.nanoTime();
        summary = TestAudits.audit(TestAudits.fast(), ScopeGuard.parse("127.78.0.0/16"), false).run("T1", targets, new AuditListener() {});
        elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    Map<String, Assessment> byIp() {
        return summary.devices().stream().collect(Collectors.toMap(a -> a.device().ip(), Function.identity()));
    }

    @Test
    void everyVulnerablePersonaIsFoundWithTheRightServiceAndPair() {
        var found = byIp();
        for (var d : fleet.devices()) {
            for (Persona.Expectation e : d.persona().truth()) {
                Assessment a = found.get(d.ip());
                assertTrue(a != null, d.persona().name() + " was not reported at all");
                boolean hit = a.findings().stream().anyMatch(f -> f.checkId().equals(e.check()) && f.port() == e.port()
                        && f.protocol().equals(e.protocol()) && (e.user() == null || (e.user().equals(f.user()) && e.password().equals(f.secret()))));
                assertTrue(hit, d.persona().name() + ": expected " + e + " in " + a.findings());
            }
        }
    }

    @Test
    void noCredentialFindingOnAnyPersonaThatHasNone() {
        var found = byIp();
        for (var d : fleet.devices()) {
            Set<String> expected = new HashSet<>();
            d.persona().truth().forEach(e -> expected.add(e.check() + "/" + e.port()));
            Assessment a = found.get(d.ip());
            if (a == null) continue;
            for (Finding f : a.findings()) {
                if (f.checkId().equals("default-credentials") || f.checkId().equals("no-authentication")) {
                    assertTrue(expected.contains(f.checkId() + "/" + f.port()), d.persona().name() + ": false positive " + f);
                }
            }
        }
    }

    @Test
    void acceptAnyDeviceIsNotReportedAsADefaultPasswordHit() {
        var d = fleet.devices().stream().filter(x -> x.persona().name().equals("accept-any")).findFirst().orElseThrow();
        var a = byIp().get(d.ip());
        assertTrue(a.findings().stream().noneMatch(f -> f.checkId().equals("default-credentials")), a.findings().toString());
        assertTrue(a.findings().stream().anyMatch(f -> f.checkId().equals("no-authentication")));
    }

    @Test
    void hostileDevicesCannotStallTheAudit() {
        // tarpit, junk and reset personas are in the fleet; the whole audit must end well within the per-host limits
        assertTrue(elapsedMillis < 60_000, "audit took " + elapsedMillis + " ms");
        assertEquals(List.of(), summary.failures());
    }

    @Test
    void xiongmaiDvrIsIdentifiedAndItsFirmwareMatchedToPublishedCves() {
        var d = fleet.devices().stream().filter(x -> x.persona().name().equals("xiongmai-dvr")).findFirst().orElseThrow();
        var a = byIp().get(d.ip());
        assertEquals("Hangzhou Xiongmai", a.device().identity().manufacturer());
        assertEquals("1.0.0", a.device().identity().firmware());
        var cves = a.device().vulnerabilities().stream().map(v -> v.cve()).toList();
        assertTrue(cves.contains("CVE-2018-10088"), cves.toString());
        assertEquals("F", a.grade());
    }
}
