package dev.warden.cve;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.warden.cve.FeedFiles.feed;
import static dev.warden.cve.FeedFiles.ids;
import static dev.warden.cve.FeedFiles.item;
import static dev.warden.cve.FeedFiles.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Matching rules, on a synthetic feed where every bound kind appears once. */
class CveFeedMatchingTest {

    @TempDir
    static Path dir;

    static CveFeed feed;

    @BeforeAll
    static void load() throws Exception {
        feed = CveFeed.load(FeedFiles.write(dir, "ranges.json", feed(
            item("CVE-2000-0001", 9.8, match("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*", "versionEndExcluding", "5.4.5")),
            item("CVE-2000-0002", 7.5, match("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*", "versionEndIncluding", "5.4.5")),
            item("CVE-2000-0003", 6.5, match("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*",
                "versionStartIncluding", "5.2.0", "versionEndExcluding", "5.3.0")),
            item("CVE-2000-0004", 5.0, match("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*",
                "versionStartExcluding", "6.0", "versionEndIncluding", "6.2")),
            item("CVE-2000-0005", 8.1, match("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*", "versionStartIncluding", "7.0")),
            item("CVE-2000-0006", 4.3, match("cpe:2.3:o:acme:cam_firmware:5.4.0:*:*:*:*:*:*:*")),
            item("CVE-2000-0007", 9.1, match("cpe:2.3:o:acme:cam_firmware:8.0:*:*:*:*:*:arm:*")),
            item("CVE-2000-0008", 3.1, match("cpe:2.3:a:acme:webd:*:*:*:*:*:*:*:*")),
            item("CVE-2000-0009", 6.1, match("cpe:2.3:a:acme:webd:-:*:*:*:*:*:*:*")),
            item("CVE-2000-0010", 7.2, match("cpe:2.3:a:acme:webd:2.0:sp1:*:*:*:*:*:*")),
            item("CVE-2000-0011", 5.5, match("cpe:2.3:o:acme:router_firmware:1.0:-:*:*:*:*:*:*"))
        )));
    }

    private static List<String> affecting(String version) {
        return ids(feed.affecting("cpe:2.3:o:acme:cam_firmware:" + version + ":*:*:*:*:*:*:*"));
    }

    @Test
    void exclusiveUpperBound() {
        assertTrue(affecting("5.4.4").contains("CVE-2000-0001"));
        assertTrue(!affecting("5.4.5").contains("CVE-2000-0001"), "the first fixed version itself is not affected");
        assertTrue(!affecting("5.4.6").contains("CVE-2000-0001"));
    }

    @Test
    void inclusiveUpperBound() {
        assertTrue(affecting("5.4.5").contains("CVE-2000-0002"));
        assertTrue(affecting("5.4.5.0").contains("CVE-2000-0002"), "5.4.5.0 is the same version as 5.4.5");
        assertTrue(!affecting("5.4.6").contains("CVE-2000-0002"));
    }

    @Test
    void inclusiveLowerBound() {
        assertTrue(!affecting("5.1.9").contains("CVE-2000-0003"));
        assertTrue(affecting("5.2.0").contains("CVE-2000-0003"));
        assertTrue(affecting("5.2.9").contains("CVE-2000-0003"));
        assertTrue(!affecting("5.3.0").contains("CVE-2000-0003"));
    }

    @Test
    void exclusiveLowerBound() {
        assertTrue(!affecting("6.0").contains("CVE-2000-0004"));
        assertTrue(affecting("6.0.1").contains("CVE-2000-0004"));
        assertTrue(affecting("6.2").contains("CVE-2000-0004"));
        assertTrue(!affecting("6.2.1").contains("CVE-2000-0004"));
    }

    @Test
    void openEndedRange() {
        assertTrue(!affecting("6.9").contains("CVE-2000-0005"));
        assertTrue(affecting("7.0").contains("CVE-2000-0005"));
        assertTrue(affecting("99").contains("CVE-2000-0005"));
    }

    @Test
    void exactVersionCriteria() {
        assertTrue(affecting("5.4.0").contains("CVE-2000-0006"));
        assertTrue(affecting("V5.4").contains("CVE-2000-0006"), "V5.4 is 5.4.0 written differently");
        assertTrue(!affecting("5.4.1").contains("CVE-2000-0006"));
    }

    @Test
    void aConcreteCriterionAttributeMustBeEqual() {
        // CVE-2000-0007 names target_hw "arm": a device that does not say arm is not matched.
        assertTrue(!affecting("8.0").contains("CVE-2000-0007"));
        assertEquals(List.of("CVE-2000-0007", "CVE-2000-0005"),
            ids(feed.affecting("cpe:2.3:o:acme:cam_firmware:8.0:*:*:*:*:*:ARM:*")));
    }

    @Test
    void wildcardAndNaCriterionAttributesAcceptAnything() {
        assertEquals(List.of("CVE-2000-0011"), ids(feed.affecting("cpe:2.3:o:acme:router_firmware:1.0:sp3:*:*:*:*:*:*")));
        assertEquals(List.of("CVE-2000-0011"), ids(feed.affecting("cpe:2.3:o:acme:router_firmware:1.0:*:*:*:*:*:*:*")));
    }

    @Test
    void unboundedWildcardAndNaVersionsMatchAnyVersion() {
        List<CveMatch> m = feed.affecting("cpe:2.3:a:acme:webd:3.7:*:*:*:*:*:*:*");
        assertEquals(List.of("CVE-2000-0009", "CVE-2000-0008"), ids(m));
        assertEquals("NVD lists webd without version detail, so every version is treated as affected", m.get(0).why());
        assertEquals("all versions of webd are listed as affected", m.get(1).why());
    }

    @Test
    void criterionUpdateMustMatchDeviceUpdate() {
        assertTrue(ids(feed.affecting("cpe:2.3:a:acme:webd:2.0:sp1:*:*:*:*:*:*")).contains("CVE-2000-0010"));
        assertTrue(!ids(feed.affecting("cpe:2.3:a:acme:webd:2.0:sp2:*:*:*:*:*:*")).contains("CVE-2000-0010"));
    }

    @Test
    void unknownDeviceVersionOnlyMatchesVersionIndependentCriteria() {
        assertEquals(List.of(), affecting("*"));
        assertEquals(List.of(), affecting("-"));
        assertEquals(List.of("CVE-2000-0009", "CVE-2000-0008"), ids(feed.affecting("cpe:2.3:a:acme:webd:*:*:*:*:*:*:*:*")));
    }

    @Test
    void vendorAndProductCompareCaseInsensitively() {
        assertTrue(ids(feed.affecting("cpe:2.3:o:ACME:Cam_Firmware:5.4.4:*:*:*:*:*:*:*")).contains("CVE-2000-0001"));
    }

    @Test
    void partMustMatch() {
        assertEquals(List.of(), ids(feed.affecting("cpe:2.3:h:acme:cam_firmware:5.4.0:*:*:*:*:*:*:*")));
    }

    @Test
    void otherProductsAreNotMatched() {
        assertEquals(List.of(), ids(feed.affecting("cpe:2.3:o:acme:cam2_firmware:5.4.0:*:*:*:*:*:*:*")));
        assertEquals(List.of(), ids(feed.affecting("cpe:2.3:o:other:cam_firmware:5.4.0:*:*:*:*:*:*:*")));
    }

    @Test
    void mostSevereFirst() {
        // 5.4.0: CVE-1 (9.8), CVE-2 (7.5), CVE-6 (4.3)
        assertEquals(List.of("CVE-2000-0001", "CVE-2000-0002", "CVE-2000-0006"), affecting("5.4.0"));
    }

    @Test
    void reasonsAreInPlainWords() {
        List<CveMatch> m = feed.affecting("cpe:2.3:o:acme:cam_firmware:5.4.0:*:*:*:*:*:*:*");
        assertEquals("firmware 5.4.0 is before 5.4.5, the first fixed version", m.get(0).why());
        assertEquals("firmware 5.4.0 is at or before 5.4.5, the last version listed as affected", m.get(1).why());
        assertEquals("firmware 5.4.0 is exactly the affected version NVD lists", m.get(2).why());
        assertEquals("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*", m.get(0).criteria());
        assertEquals("firmware 5.2.1 is in the affected range: at or after 5.2.0 and before 5.3.0, the first fixed version",
            why("5.2.1", "CVE-2000-0003"));
        assertEquals("firmware 6.1 is in the affected range: after 6.0 and at or before 6.2, the last version listed as affected",
            why("6.1", "CVE-2000-0004"));
        assertEquals("firmware 7.1 is at or after 7.0, where the flaw appeared, and no fixed version is listed",
            why("7.1", "CVE-2000-0005"));
        assertEquals("webd 2.0 is exactly the affected version NVD lists",
            feed.affecting("cpe:2.3:a:acme:webd:2.0:sp1:*:*:*:*:*:*").stream()
                .filter(x -> x.cve().id().equals("CVE-2000-0010")).findFirst().orElseThrow().why());
    }

    private static String why(String version, String id) {
        return feed.affecting("cpe:2.3:o:acme:cam_firmware:" + version + ":*:*:*:*:*:*:*").stream()
            .filter(x -> x.cve().id().equals(id)).findFirst().orElseThrow().why();
    }

    @Test
    void malformedDeviceCpeIsRejected() {
        MalformedCpeException e = assertThrows(MalformedCpeException.class, () -> feed.affecting("acme cam 5.4"));
        assertTrue(e.getMessage().contains("acme cam 5.4"));
        MalformedCpeException any = assertThrows(MalformedCpeException.class,
            () -> feed.affecting("cpe:2.3:o:*:cam_firmware:1:*:*:*:*:*:*:*"));
        assertTrue(any.getMessage().contains("vendor and a product"), any.getMessage());
    }
}
