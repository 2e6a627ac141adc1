package dev.warden.assess.checks;

import dev.warden.assess.Check;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.assess.Outcome;
import dev.warden.assess.Provision;
import dev.warden.assess.Severity;
import dev.warden.probe.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Banners that tell anyone which software and version runs, before any login. Doc: docs/checks/version-disclosure.md */
public final class VersionDisclosureCheck implements Check {
    public static final String ID = "version-disclosure";
    private static final Pattern VERSIONED = Pattern.compile("[A-Za-z][\\w.-]*[/_ ]v?\\d+(\\.\\d+)+\\w*");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A service names its software version to anyone who connects";
    }

    @Override
    public List<Provision> provisions() {
        return List.of(Provision.EN_5_6_2);
    }

    @Override
    public String remediation() {
        return "Hide version numbers in banners where the device allows it; keep the firmware current either way.";
    }

    static String disclosed(Service s) {
        for (String key : new String[]{"ssh.software", "http.server", "ftp.software", "rtsp.server"}) {
            String v = s.fact(key);
            if (v != null && VERSIONED.matcher(v).find()) return v;
        }
        return null;
    }

    @Override
    public Outcome assess(DeviceEvidence d) {
        var findings = new ArrayList<Finding>();
        for (Service s : d.services()) {
            String v = disclosed(s);
            if (v != null) {
                findings.add(new Finding(ID, d.ip(), s.port(), s.protocol(), Severity.LOW,
                        s.protocol() + " on port " + s.port() + " discloses its version", "banner says \"" + v + "\"",
                        Checks.keys(provisions()), remediation(), null, null));
            }
        }
        if (!findings.isEmpty()) return Outcome.fail(ID, findings);
        if (d.services().isEmpty()) return Outcome.notTested(ID, "no open service found");
        return Outcome.pass(ID, "no banner names a software version");
    }
}
