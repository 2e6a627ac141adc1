package dev.warden.assess.checks;

import dev.warden.assess.Check;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.assess.Outcome;
import dev.warden.assess.Provision;
import dev.warden.assess.Severity;
import dev.warden.login.LoginResult;

import java.util.ArrayList;
import java.util.List;

/** A login accepted a universal default pair from the Mirai list or a vendor's manual. Doc: docs/checks/default-credentials.md */
public final class DefaultCredentialCheck implements Check {
    public static final String ID = "default-credentials";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A login accepts a universal default password (the way Mirai took over devices)";
    }

    @Override
    public List<Provision> provisions() {
        return List.of(Provision.EN_5_1_1, Provision.PSTI_1, Provision.SB327_B, Provision.CRA_2D);
    }

    @Override
    public String remediation() {
        return "Set a unique, strong password on the device now. If it cannot be changed, turn the service off; if that "
                + "is not possible either, no fix exists: replace the device or isolate it from the network.";
    }

    @Override
    public Outcome assess(DeviceEvidence d) {
        var findings = new ArrayList<Finding>();
        var untested = new ArrayList<String>();
        int tested = 0;
        for (LoginResult r : d.logins()) {
            switch (r.status()) {
                case DEFAULT_CREDENTIAL -> findings.add(new Finding(ID, d.ip(), r.service().port(), r.service().protocol(),
                        Severity.CRITICAL, r.service().protocol() + " on port " + r.service().port()
                        + " accepts the default login for user '" + r.credential().user() + "'",
                        r.evidence(), Checks.keys(provisions()), "Change the " + r.service().protocol() + " password for '"
                        + r.credential().user() + "' to a unique one, or turn " + r.service().protocol()
                        + " off. If the device does not let you, replace it or isolate it.", r.credential().user(), r.credential().password()));
                case NONE_WORKED -> tested++;
                case ACCEPTS_ANY -> tested++; // reported by no-authentication; a dictionary hit would prove nothing
                case INCOMPLETE -> untested.add(r.service().protocol() + "/" + r.service().port() + ": " + r.reason());
            }
        }
        if (!findings.isEmpty()) return Outcome.fail(ID, findings);
        if (tested == 0 && untested.isEmpty()) return Outcome.notTested(ID, "no service asked for a login");
        if (!untested.isEmpty()) return Outcome.notTested(ID, "not fully tested: " + String.join("; ", untested));
        return Outcome.pass(ID, "no default pair accepted on " + tested + " login service(s)");
    }
}
