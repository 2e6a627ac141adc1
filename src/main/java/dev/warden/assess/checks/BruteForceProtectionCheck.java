package dev.warden.assess.checks;

import dev.warden.assess.Check;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.assess.Outcome;
import dev.warden.assess.Provision;
import dev.warden.assess.Severity;
import dev.warden.login.BruteForceResult;

import java.util.ArrayList;
import java.util.List;

/** Repeated wrong passwords are neither slowed down nor refused (opt-in probe). Doc: docs/checks/brute-force-protection.md */
public final class BruteForceProtectionCheck implements Check {
    public static final String ID = "brute-force-protection";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A login takes unlimited wrong passwords at full speed";
    }

    @Override
    public List<Provision> provisions() {
        return List.of(Provision.EN_5_1_5);
    }

    @Override
    public String remediation() {
        return "Update to firmware that delays or locks out repeated failed logins; until then keep the login off the network.";
    }

    @Override
    public Outcome assess(DeviceEvidence d) {
        if (!d.bruteForceProbed()) return Outcome.notTested(ID, "opt-in probe not run (use --brute-force-probe)");
        if (d.bruteForce().isEmpty()) return Outcome.notTested(ID, "no login service to probe");
        var findings = new ArrayList<Finding>();
        for (BruteForceResult r : d.bruteForce()) {
            if (r.protection() == BruteForceResult.Protection.NONE) {
                findings.add(new Finding(ID, d.ip(), r.service().port(), r.service().protocol(), Severity.MEDIUM,
                        r.service().protocol() + " on port " + r.service().port() + " took " + r.attempts()
                                + " wrong passwords without slowing down or locking out", r.evidence(), Checks.keys(provisions()),
                        remediation(), null, null));
            }
        }
        if (!findings.isEmpty()) return Outcome.fail(ID, findings);
        return Outcome.pass(ID, d.bruteForce().stream().map(BruteForceResult::evidence).reduce((a, b) -> a + "; " + b).orElse(""));
    }
}
