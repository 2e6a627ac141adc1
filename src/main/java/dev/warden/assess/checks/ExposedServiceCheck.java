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

/** Services a consumer device rarely needs and bots abuse: telnet, FTP, UPnP, Android debug, TR-069, vendor debug ports. Doc: docs/checks/needless-services.md */
public final class ExposedServiceCheck implements Check {
    public static final String ID = "needless-services";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "Services that should be off are reachable (telnet, FTP, UPnP, ADB, TR-069, debug ports)";
    }

    @Override
    public List<Provision> provisions() {
        return List.of(Provision.EN_5_6_1, Provision.CRA_2B, Provision.CRA_2J);
    }

    @Override
    public String remediation() {
        return "Turn off the services you do not use in the device's settings; if they cannot be turned off, block them at the router.";
    }

    static String needless(Service s) {
        if (s.protocol().equals("telnet")) return "telnet is the service Mirai-class bots log in through";
        if (s.protocol().equals("ftp")) return "FTP is rarely needed on a consumer device and leaks logins";
        if (s.protocol().equals("ssdp")) return "UPnP/SSDP answers from the network and has been used for reflection floods";
        if (s.port() == 5555) return "Android debug bridge (ADB) gives a shell to anyone who connects";
        if (s.port() == 7547) return "TR-069 management port; the 2016 Mirai variant spread through it";
        if (s.port() == 37777) return "vendor debug/management port (Dahua-style private protocol)";
        return null;
    }

    @Override
    public Outcome assess(DeviceEvidence d) {
        var findings = new ArrayList<Finding>();
        for (Service s : d.services()) {
            String why = needless(s);
            if (why != null) {
                findings.add(new Finding(ID, d.ip(), s.port(), s.protocol(), Severity.MEDIUM,
                        s.protocol() + " is reachable on port " + s.port(), why, Checks.keys(provisions()),
                        "Turn " + s.protocol() + " off (port " + s.port() + ") unless you use it; block it at the router otherwise.", null, null));
            }
        }
        if (!findings.isEmpty()) return Outcome.fail(ID, findings);
        if (d.services().isEmpty()) return Outcome.notTested(ID, "no open service found");
        return Outcome.pass(ID, "only expected services among " + d.services().size());
    }
}
