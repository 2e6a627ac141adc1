package dev.warden.cve;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One CVE as Warden reports it.
 *
 * @param cvss     base score from the newest CVSS version NVD gives (3.1, then 3.0, then 2.0);
 *                 {@link Double#NaN} when NVD has not scored the CVE yet
 * @param severity NVD's severity word for that score (CRITICAL, HIGH, ...), or {@link #UNSCORED}
 * @param cwes     CWE ids such as "CWE-287"; NVD's placeholders (NVD-CWE-noinfo) are left out
 */
public record Cve(String id, Instant published, double cvss, String severity, String description,
                  List<String> cwes, List<String> references) {

    public static final String UNSCORED = "UNSCORED";

    public Cve {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(description, "description");
        cwes = List.copyOf(cwes);
        references = List.copyOf(references);
    }

    /** False while NVD has not published a score (then {@link #cvss()} is NaN). */
    public boolean scored() {
        return !Double.isNaN(cvss);
    }
}
