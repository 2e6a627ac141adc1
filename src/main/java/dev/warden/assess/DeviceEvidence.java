package dev.warden.assess;

import dev.warden.identify.Identity;
import dev.warden.login.BruteForceResult;
import dev.warden.login.LoginResult;
import dev.warden.probe.Service;

import java.util.List;

/** Everything gathered about one device before checks run; checks only read it. */
public record DeviceEvidence(String ip, String name, String mac, String macVendor, Identity identity, List<Service> services,
                             List<LoginResult> logins, List<BruteForceResult> bruteForce, boolean bruteForceProbed,
                             List<KnownVulnerability> vulnerabilities, boolean cveFeedLoaded, List<String> notes) {
    public DeviceEvidence {
        services = List.copyOf(services);
        logins = List.copyOf(logins);
        bruteForce = List.copyOf(bruteForce);
        vulnerabilities = List.copyOf(vulnerabilities);
        notes = List.copyOf(notes);
    }
}
