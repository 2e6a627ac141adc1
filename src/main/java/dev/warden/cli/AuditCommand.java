package dev.warden.cli;

import dev.warden.target.ScopeGuard;
import dev.warden.target.TargetParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", usageHelpWidth = 120, mixinStandardHelpOptions = true,
        description = {"Find the devices on a network you own, test them for the flaws Mirai used, and issue a signed "
                       + "label per device.",
                "Targets: addresses (192.168.1.20), ranges (192.168.1.1-50 or 10.0.0.1-10.0.0.9), CIDR blocks (192.168.1.0/24),",
                "host names, and @FILE with one target per line. Only loopback, private and link-local addresses are in scope",
                "unless --scope lists others."},
        footer = {"", "Examples:",
                "  warden audit 192.168.1.0/24",
                "  warden audit --format jsonl --labels labels/ 192.168.1.1-50",
                "  warden audit --scope 203.0.113.0/28 203.0.113.5        (a range you own outside the private ranges)",
                "  warden audit --brute-force-probe --ports 23,22 192.168.1.20"})
public final class AuditCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TARGET", arity = "1..*", description = "What to audit (see above)")
    List<String> targets;

    @Option(names = "--scope", paramLabel = "CIDR,...", description = "Replace the default scope with these blocks")
    String scope;

    @Mixin
    AuditOptions audit = new AuditOptions();

    @Mixin
    HomeOptions home = new HomeOptions();

    @Override
    public Integer call() throws Exception {
        ScopeGuard guard = scope == null ? ScopeGuard.defaults() : ScopeGuard.parse(scope);
        var parsed = TargetParser.standard().parse(targets);
        return AuditJob.run(home, audit, parsed, guard, Clock.systemUTC(), System.out, System.err).exitCode();
    }
}
