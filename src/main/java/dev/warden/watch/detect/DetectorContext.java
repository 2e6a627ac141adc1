package dev.warden.watch.detect;

import dev.warden.config.Settings;
import dev.warden.watch.dns.ResolvedAddresses;
import dev.warden.watch.incident.IncidentBook;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.profile.Profiles;

/**
 * What every detector is built from: the settings (its thresholds), where it reports, intel, learned profiles, the
 * addresses devices were given by DNS answers (packet inputs only; empty for flow inputs), and the bound on the keys
 * each detector tracks (shared, so that what all of them forgot is counted in one place).
 */
public record DetectorContext(Settings settings, IncidentBook incidents, Indicators intel, Profiles profiles, ResolvedAddresses resolved,
                              StateBound stateBound) {
    /** With a state bound of its own, from {@code watch.state.max-keys}. */
    public DetectorContext(Settings settings, IncidentBook incidents, Indicators intel, Profiles profiles, ResolvedAddresses resolved) {
        this(settings, incidents, intel, profiles, resolved, new StateBound(settings.integer("watch.state.max-keys")));
    }

    public long micros(String key) {
        return settings.duration(key).toNanos() / 1000;
    }

    public int integer(String key) {
        return settings.integer(key);
    }

    public double decimal(String key) {
        return settings.decimal(key);
    }

    /** A comma-separated list of ports, as a 65536-entry membership table. */
    public boolean[] ports(String key) {
        var set = new boolean[65536];
        for (String s : settings.string(key).split(",")) {
            if (s.isBlank()) continue;
            try {
                int p = Integer.parseInt(s.strip());
                if (p < 0 || p > 65535) throw new NumberFormatException();
                set[p] = true;
            } catch (NumberFormatException e) {
                throw new Settings.SettingsException("setting '" + key + "': '" + s.strip() + "' is not a port");
            }
        }
        return set;
    }
}
