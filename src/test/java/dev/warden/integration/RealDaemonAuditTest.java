package dev.warden.integration;

import dev.warden.assess.Assessment;
import dev.warden.audit.AuditListener;
import dev.warden.audit.AuditSummary;
import dev.warden.audit.TestAudits;
import dev.warden.login.LoginResult;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Warden against real daemons started by testbed/start on 127.20.0.x: BusyBox telnetd with its login, OpenSSH, vsftpd,
 * lighttpd with Basic and Digest, mosquitto. Each weak instance must give up its pair, each strong one must not, and
 * every service must be identified. testbed/expected.tsv is the truth. Skipped when the testbed is not running, unless
 * WARDEN_REQUIRE_TESTBED=1 (set by scripts/test as root and so in CI), when it fails instead.
 */
@Tag("daemons")
class RealDaemonAuditTest {
    record Row(String address, int port, String protocol, String daemon, String user, String password) {
        boolean weak() {
            return !user.equals("-");
        }
    }

    static List<Row> rows;
    static Map<String, Assessment> byIp;

    @BeforeAll
    static void auditTheTestbed() throws Exception {
        rows = Files.readAllLines(Path.of("testbed/expected.tsv")).stream().skip(1).filter(l -> !l.isBlank()).map(l -> l.split("\t"))
                .map(f -> new Row(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5])).toList();
        boolean up = reachable(rows.getFirst().address(), rows.getFirst().port());
        if (!up) {
            assertTrue(!"1".equals(System.getenv("WARDEN_REQUIRE_TESTBED")), "WARDEN_REQUIRE_TESTBED=1 but the testbed does not answer; run testbed/start");
            Assumptions.abort("real-daemon testbed not running (as root: testbed/install && testbed/start)");
        }
        var ips = new LinkedHashSet<String>();
        var ports = new LinkedHashSet<Integer>();
        rows.forEach(r -> {
            ips.add(r.address());
            ports.add(r.port());
        });
        var settings = TestAudits.fast().with("audit.ports.tcp", ports.stream().map(String::valueOf).collect(Collectors.joining(",")))
                .with("audit.ports.udp", "").with("audit.login.failure-wait", "6s").with("audit.probe-timeout", "10s");
        var targets = ips.stream().map(ip -> new Target(InetAddress.ofLiteral(ip), null)).toList();
        AuditSummary s = TestAudits.audit(settings, ScopeGuard.parse("127.20.0.0/24"), false).run("REAL", targets, new AuditListener() {});
        byIp = s.devices().stream().collect(Collectors.toMap(a -> a.device().ip(), Function.identity()));
    }

    static boolean reachable(String ip, int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 1000);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @TestFactory
    List<DynamicTest> eachDaemon() {
        var tests = new ArrayList<DynamicTest>();
        for (Row r : rows) {
            tests.add(DynamicTest.dynamicTest(r.daemon() + " " + (r.weak() ? "weak" : "strong") + " on " + r.address() + ":" + r.port(), () -> {
                Assessment a = byIp.get(r.address());
                assertNotNull(a, r.address() + " was not found");
                var service = a.device().services().stream().filter(s -> s.port() == r.port()).findFirst();
                assertTrue(service.isPresent(), "port " + r.port() + " not found open");
                assertEquals(r.protocol(), service.get().protocol(), "protocol identified on " + r.address() + ":" + r.port());
                var hits = a.findings().stream().filter(f -> f.checkId().equals("default-credentials") && f.port() == r.port()).toList();
                var login = a.device().logins().stream().filter(l -> l.service().port() == r.port()).findFirst();
                assertTrue(login.isPresent(), "no login test on " + r.protocol());
                if (r.weak()) {
                    assertEquals(1, hits.size(), "weak pair not found: " + login.get());
                    assertEquals(r.user(), hits.getFirst().user());
                    assertEquals(r.password(), hits.getFirst().secret());
                } else {
                    assertEquals(List.of(), hits, "a strong instance gave up a pair");
                    assertEquals(LoginResult.Status.NONE_WORKED, login.get().status(), login.get().reason());
                }
            }));
        }
        return tests;
    }
}
