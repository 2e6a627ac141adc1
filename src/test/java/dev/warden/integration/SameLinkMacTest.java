package dev.warden.integration;

import dev.warden.audit.AuditListener;
import dev.warden.audit.Auditor;
import dev.warden.audit.AuditPlan;
import dev.warden.audit.TestAudits;
import dev.warden.identify.Fingerprints;
import dev.warden.identify.OuiRegistry;
import dev.warden.login.Dictionary;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device on the same link: a network namespace of the test's own (10.213.77.0/24, never the machine's subnet) behind
 * a veth pair, whose interface carries a Hikvision MAC prefix, running BusyBox httpd. The audit must read the MAC from
 * the neighbour table and name the IEEE registrant. Needs root and the testbed's busybox; skipped otherwise unless
 * WARDEN_REQUIRE_TESTBED=1.
 */
@Tag("daemons")
class SameLinkMacTest {
    static final String NS = "wdn-test";
    static final Path BUSYBOX = Path.of("testbed/.cache/busybox-static/bin/busybox");
    static Process httpd;

    static void sh(String... cmd) throws IOException, InterruptedException {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }

    @BeforeAll
    static void link() throws Exception {
        boolean can = "root".equals(System.getProperty("user.name")) && Files.isExecutable(BUSYBOX) && Files.isExecutable(Path.of("/usr/sbin/ip"))
                || "root".equals(System.getProperty("user.name")) && Files.isExecutable(BUSYBOX) && Files.isExecutable(Path.of("/sbin/ip"));
        if (!can) {
            assertTrue(!"1".equals(System.getenv("WARDEN_REQUIRE_TESTBED")), "WARDEN_REQUIRE_TESTBED=1 but root, ip or the testbed busybox is missing");
            Assumptions.abort("needs root, ip and testbed/install's busybox");
        }
        teardown();
        sh("ip", "netns", "add", NS);
        sh("ip", "link", "add", "wdn-h", "type", "veth", "peer", "name", "wdn-d");
        sh("ip", "link", "set", "wdn-d", "netns", NS);
        sh("ip", "addr", "add", "10.213.77.1/24", "dev", "wdn-h");
        sh("ip", "link", "set", "wdn-h", "up");
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "wdn-d", "address", "44:47:cc:12:34:56");
        sh("ip", "netns", "exec", NS, "ip", "addr", "add", "10.213.77.2/24", "dev", "wdn-d");
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "wdn-d", "up");
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up");
        Path www = Files.createTempDirectory("wdn-www");
        Files.writeString(www.resolve("index.html"), "<html><head><title>IP Camera</title></head></html>");
        httpd = new ProcessBuilder("ip", "netns", "exec", NS, BUSYBOX.toAbsolutePath().toString(), "httpd", "-f", "-p", "10.213.77.2:80",
                "-h", www.toString()).redirectErrorStream(true).start();
        Thread.sleep(500);
    }

    @AfterAll
    static void teardown() throws Exception {
        if (httpd != null) httpd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        new ProcessBuilder("ip", "netns", "del", NS).start().waitFor(10, TimeUnit.SECONDS);
        new ProcessBuilder("ip", "link", "del", "wdn-h").start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void macAndVendorOfADeviceOnTheSameLink() throws Exception {
        var s = TestAudits.fast().with("audit.ports.tcp", "80").with("audit.ports.udp", "");
        var scope = ScopeGuard.parse("10.213.77.2/32");
        var oui = OuiRegistry.load();
        var inputs = new Auditor.Inputs(s, scope, AuditPlan.from(s, false, true), Dictionary.bundled(), Fingerprints.bundled(),
                oui::organisation, cpe -> List.of(), TestAudits.CLOCK);
        var summary = Auditor.build(inputs, Auditor.dialer(s, scope)).run("L", List.of(new Target(InetAddress.ofLiteral("10.213.77.2"), null)),
                new AuditListener() {});
        assertEquals(1, summary.devices().size(), summary.failures().toString());
        var d = summary.devices().getFirst().device();
        assertEquals("44:47:cc:12:34:56", d.mac());
        assertTrue(d.macVendor() != null && d.macVendor().contains("Hikvision"), String.valueOf(d.macVendor()));
        assertEquals("http", d.services().getFirst().protocol());
        assertEquals("IP Camera", d.services().getFirst().fact("http.title"));
    }
}
