package dev.warden.audit;

import dev.warden.assess.Assessor;
import dev.warden.assess.KnownVulnerability;
import dev.warden.assess.checks.Checks;
import dev.warden.config.Settings;
import dev.warden.identify.ArpTable;
import dev.warden.identify.Fingerprints;
import dev.warden.login.Authenticator;
import dev.warden.login.BruteForceProbe;
import dev.warden.login.CredentialTester;
import dev.warden.login.Dictionary;
import dev.warden.net.Dialer;
import dev.warden.net.RateLimiter;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.ServiceProber;
import dev.warden.protocol.Protocols;
import dev.warden.protocol.http.HttpFormAuthenticator;
import dev.warden.target.ScopeGuard;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Builds an {@link Audit} from settings and the user's choices; the one place where the pipeline's parts are chosen. */
public final class Auditor {
    private Auditor() {}

    public record Inputs(Settings settings, ScopeGuard scope, AuditPlan plan, Dictionary dictionary, Fingerprints fingerprints,
                         Function<String, Optional<String>> macVendors, Function<String, List<KnownVulnerability>> vulnerabilities,
                         Clock clock) {}

    public static Audit build(Inputs in, Dialer dialer) {
        Settings s = in.settings();
        ProbeContext ctx = ProbeContext.from(dialer, s);
        var prober = new ServiceProber(Protocols.tcpProbes(), Duration.ofMillis(Math.min(2000, s.duration("audit.probe-timeout").toMillis())));
        var tester = new CredentialTester(in.dictionary(), s.integer("audit.login.max-attempts-per-service"),
                s.integer("audit.login.parallel-per-service"), s.integer("audit.login.max-parallel-per-service"),
                s.decimal("audit.login.slow-answer-ratio"), s.duration("audit.login.slow-answer-min"),
                s.integer("audit.login.refusals-before-backoff"), s.duration("audit.login.backoff"),
                s.integer("audit.concurrency.login-sessions"));
        var bf = new BruteForceProbe(s.integer("audit.bruteforce.attempts"), s.decimal("audit.bruteforce.slowdown-ratio"),
                s.duration("audit.bruteforce.min-failure-delay"));
        return new Audit(in.plan(), ctx, prober, Protocols.udpProbes(s.duration("audit.udp-timeout")), authenticators(), tester, bf, in.fingerprints(), in.macVendors(),
                in.vulnerabilities(), ArpTable.system(), new Assessor(Checks.all()), in.clock());
    }

    public static Dialer dialer(Settings s, ScopeGuard scope) {
        return new Dialer(scope, new RateLimiter(s.integer("audit.rate.connections-per-second")), s.duration("audit.connect-timeout"));
    }

    static List<Authenticator> authenticators() {
        var list = new java.util.ArrayList<>(Protocols.authenticators());
        list.add(new HttpFormAuthenticator());
        return list;
    }
}
