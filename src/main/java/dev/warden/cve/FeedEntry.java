package dev.warden.cve;

import java.time.Instant;
import java.util.List;

/**
 * A CVE together with what the feed says about where it applies.
 *
 * @param lastModified when NVD last changed the record; merge keeps the newer of two copies
 */
record FeedEntry(Cve cve, Instant lastModified, List<CpeCriterion> criteria) {
    FeedEntry {
        criteria = List.copyOf(criteria);
    }
}
