package dev.warden.cve;

/**
 * A CVE that affects a device.
 *
 * @param criteria the NVD CPE match criteria that matched, as written in the feed
 * @param why      the reason in plain words, e.g. "firmware 5.4.0 is before 5.4.5, the first fixed version"
 */
public record CveMatch(Cve cve, String criteria, String why) {
}
