package dev.warden.assess.checks;

import dev.warden.assess.Check;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.assess.Outcome;
import dev.warden.assess.Provision;
import dev.warden.assess.Severity;
import dev.warden.login.LoginResult;
import dev.warden.probe.Service;

import java.util.ArrayList;
import java.util.List;

/**
 * Management reachable without a real login: a login that accepts a random name and password, a telnet shell with no
 * login at all, an MQTT broker or FTP server that lets anyone in. Doc: docs/checks/no-authentication.md
 */
public final class UnauthenticatedAccessCheck implements Check {
    public static final String ID = "no-authentication";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A management service lets anyone in: any password works, or none is asked";
    }

    @Override
    public List<Provision> provisions() {
        return List.of(Provision.EN_5_5_5, Provision.CRA_2D);
    }

    @Override
    public String remediation() {
        return "Turn the service off or set a password on it. If the device cannot do either, replace it or isolate it.";
    }

    @Override
    public Outcome assess(DeviceEvidence d) {
        var findings = new ArrayList<Finding>();
        int tested = 0;
        for (LoginResult r : d.logins()) {
            if (r.status() == LoginResult.Status.ACCEPTS_ANY) {
                findings.add(finding(d, r.service(), r.service().protocol() + " on port " + r.service().port()
                        + " accepts any user name and password", r.evidence()));
            } else if (r.status() == LoginResult.Status.NONE_WORKED || r.status() == LoginResult.Status.DEFAULT_CREDENTIAL) {
                tested++;
            }
        }
        for (Service s : d.services()) {
            if ("true".equals(s.fact("telnet.shell-without-login"))) {
                findings.add(finding(d, s, "telnet on port " + s.port() + " gives a shell without any login", s.fact("telnet.shell-proof")));
            }
            if ("true".equals(s.fact("mqtt.anonymous"))) {
                findings.add(finding(d, s, "MQTT broker on port " + s.port() + " accepts clients without credentials", "CONNACK 0 to a CONNECT without user name"));
            }
            if ("true".equals(s.fact("ftp.anonymous"))) {
                findings.add(finding(d, s, "FTP on port " + s.port() + " allows anonymous login", s.fact("ftp.anonymous-evidence")));
            }
        }
        if (!findings.isEmpty()) return Outcome.fail(ID, findings);
        if (tested == 0) return Outcome.notTested(ID, "no login could be tested");
        return Outcome.pass(ID, tested + " login service(s) refused a random user name and password");
    }

    private Finding finding(DeviceEvidence d, Service s, String summary, String evidence) {
        return new Finding(ID, d.ip(), s.port(), s.protocol(), Severity.CRITICAL, summary, evidence == null ? "" : evidence,
                Checks.keys(provisions()), "Set a password on " + s.protocol() + " or turn it off; if the device cannot, replace or isolate it.", null, null);
    }
}
