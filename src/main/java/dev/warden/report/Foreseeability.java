package dev.warden.report;

import dev.warden.cve.CveFeed;
import dev.warden.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each flaw became public knowledge, set against when Warden saw it on a device: the date a claimant or regulator
 * needs to argue that a flaw was foreseeable. Universal default passwords date from the public release of the Mirai
 * source code (2016-09-30); a published vulnerability from its CVE publication date in the feed.
 */
public final class Foreseeability {
    public static final LocalDate MIRAI_SOURCE_RELEASE = LocalDate.of(2016, 9, 30);
    private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    private final CveFeed feed;

    public Foreseeability(CveFeed feed) {
        this.feed = feed;
    }

    /** The fact for one finding, or empty when the flaw has no public date (e.g. an exposed service). */
    public Optional<Map<String, Object>> of(Store.FindingRow f) {
        LocalDate publicSince;
        String flaw;
        String source;
        switch (f.checkId()) {
            case "default-credentials", "no-authentication" -> {
                publicSince = MIRAI_SOURCE_RELEASE;
                flaw = f.checkId().equals("default-credentials") ? "universal default password (" + f.protocol() + ")" : "login without a working password check";
                source = "public release of the Mirai source code, with its list of 62 factory logins";
            }
            case "known-vulnerable-firmware" -> {
                Matcher m = CVE.matcher(f.summary());
                if (!m.find()) return Optional.empty();
                var cve = feed.get(m.group());
                if (cve.isEmpty()) return Optional.empty();
                publicSince = cve.get().published().atZone(ZoneOffset.UTC).toLocalDate();
                flaw = m.group();
                source = "NVD publication of " + m.group();
            }
            default -> {
                return Optional.empty();
            }
        }
        LocalDate seen = Instant.parse(f.recordedAt()).atZone(ZoneOffset.UTC).toLocalDate();
        var out = new LinkedHashMap<String, Object>();
        out.put("flaw", flaw);
        out.put("publicSince", publicSince.toString());
        out.put("source", source);
        out.put("seenOnDevice", seen.toString());
        out.put("daysPublicBeforeSeen", Duration.between(publicSince.atStartOfDay(), seen.atStartOfDay()).toDays());
        return Optional.of(out);
    }

    /** The finding's fact set against an incident that began at {@code incidentFirstSeen} (an ISO-8601 instant). */
    public Optional<Map<String, Object>> atIncident(Store.FindingRow f, String incidentFirstSeen) {
        return of(f).map(fact -> {
            LocalDate incident = Instant.parse(incidentFirstSeen).atZone(ZoneOffset.UTC).toLocalDate();
            LocalDate publicSince = LocalDate.parse((String) fact.get("publicSince"));
            var out = new LinkedHashMap<String, Object>(fact);
            out.put("incidentFirstSeen", incident.toString());
            out.put("daysPublicBeforeIncident", Duration.between(publicSince.atStartOfDay(), incident.atStartOfDay()).toDays());
            return out;
        });
    }
}
