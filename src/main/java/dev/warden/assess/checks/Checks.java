package dev.warden.assess.checks;

import dev.warden.assess.Check;
import dev.warden.assess.Provision;

import java.util.List;

/** The registry of every audit check, in the order labels list them. */
public final class Checks {
    private Checks() {}

    public static List<Check> all() {
        return List.of(new DefaultCredentialCheck(), new UnauthenticatedAccessCheck(), new CleartextLoginCheck(),
                new ExposedServiceCheck(), new VersionDisclosureCheck(), new BruteForceProtectionCheck(),
                new KnownVulnerabilityCheck());
    }

    static List<String> keys(List<Provision> provisions) {
        return provisions.stream().map(Provision::key).toList();
    }
}
