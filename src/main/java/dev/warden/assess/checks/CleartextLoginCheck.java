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

/** Logins that cross the network in clear text: telnet, FTP, HTTP auth without TLS, MQTT and RTSP on plain ports. Doc: docs/checks/cleartext-login.md */
public final class CleartextLoginCheck implements Check {
    public static final String ID = "cleartext-login";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A management login is sent in clear text (telnet, FTP, HTTP without TLS, MQTT, RTSP)";
    }

    @Override
    public List<Provision> provisions() {
        return List.of(Provision.EN_5_1_3, Provision.EN_5_5_1, Provision.CRA_2E);
    }

    @Override
    public String remediation() {
        return "Use the encrypted form of the service (SSH, HTTPS, FTPS, MQTT over TLS) and turn the clear-text one off.";
    }

    static String cleartext(Service s) {
        return switch (s.protocol()) {
            case "telnet" -> "telnet sends the password and the whole session in clear text; use SSH and turn telnet off";
            case "ftp" -> "true".equals(s.fact("ftp.auth-tls")) ? null : "FTP without AUTH TLS sends the password in clear text; use SFTP or FTPS";
            case "http" -> "basic".equals(s.fact("http.auth")) || "digest".equals(s.fact("http.auth"))
                    ? "the web login on plain HTTP can be read or replayed on the network; use HTTPS" : null;
            case "mqtt" -> s.tls() ? null : "MQTT without TLS sends its credentials in clear text; use MQTT over TLS (port 8883)";
            case "rtsp" -> s.fact("rtsp.auth") != null && !"none".equals(s.fact("rtsp.auth"))
                    ? "the RTSP login and the video stream cross the network unencrypted" : null;
            default -> null;
        };
    }

    @Override
    public Outcome assess(DeviceEvidence d) {
        var findings = new ArrayList<Finding>();
        for (Service s : d.services()) {
            String why = cleartext(s);
            if (why == null) continue;
            Severity sev = s.protocol().equals("telnet") ? Severity.HIGH : Severity.MEDIUM;
            findings.add(new Finding(ID, d.ip(), s.port(), s.protocol(), sev, s.protocol() + " login on port " + s.port() + " is not encrypted",
                    why, Checks.keys(provisions()), remediation(), null, null));
        }
        if (!findings.isEmpty()) return Outcome.fail(ID, findings);
        if (d.services().isEmpty()) return Outcome.notTested(ID, "no open service found");
        return Outcome.pass(ID, "no clear-text login among " + d.services().size() + " service(s)");
    }
}
