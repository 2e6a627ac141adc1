package dev.warden.audit;

import dev.warden.config.Settings;
import dev.warden.cve.CveFeed;
import dev.warden.identify.Fingerprints;
import dev.warden.login.Dictionary;
import dev.warden.net.Dialer;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Builds audits for tests: loopback scope, short timeouts, the bundled dictionary and feed, a fixed clock. */
public final class TestAudits {
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    private TestAudits() {}

    public static Settings fast() {
        return Settings.reference().with("audit.probe-timeout", "4s").with("audit.login.failure-wait", "3s")
                .with("audit.connect-timeout", "1s").with("audit.login.backoff", "500ms");
    }

    public static Audit audit(Settings s, ScopeGuard scope, boolean bruteForce) {
        return audit(s, scope, bruteForce, new Dialer(scope, new dev.warden.net.RateLimiter(0), s.duration("audit.connect-timeout")));
    }

    public static Audit audit(Settings s, ScopeGuard scope, boolean bruteForce, Dialer dialer) {
        CveFeed feed = CveFeed.bundled();
        var inputs = new Auditor.Inputs(s, scope, AuditPlan.from(s, bruteForce, true), Dictionary.bundled(), Fingerprints.bundled(),
                mac -> Optional.empty(), cpe -> feed.affecting(cpe).stream().map(m -> new dev.warden.assess.KnownVulnerability(
                m.cve().id(), m.cve().published(), m.cve().cvss(), m.cve().severity(), m.cve().description(), m.why())).toList(), CLOCK);
        return Auditor.build(inputs, dialer);
    }

    public static List<Target> targets(List<String> ips) {
        return ips.stream().map(ip -> new Target(InetAddress.ofLiteral(ip), null)).toList();
    }
}
