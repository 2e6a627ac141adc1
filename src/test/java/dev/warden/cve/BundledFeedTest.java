package dev.warden.cve;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.warden.cve.FeedFiles.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped IoT feed: it loads cleanly and the rows documented in docs/cve-feed.md behave as written. */
class BundledFeedTest {

    private final CveFeed feed = CveFeed.bundled();

    private List<String> hits(String cpe) {
        return ids(feed.affecting(cpe));
    }

    @Test
    void loadsEveryEntry() {
        assertEquals(16, feed.size());
        assertEquals(0, feed.skipped());
        assertEquals(List.of(), feed.skipReasons());
        assertSame(feed, CveFeed.bundled(), "parsed once");
        for (Cve c : feed.all()) {
            assertTrue(c.scored(), c.id());
            assertFalse(c.description().isBlank(), c.id());
            assertFalse(c.references().isEmpty(), c.id());
        }
    }

    @Test
    void fieldsComeFromTheRightPlaces() {
        Cve hik = feed.get("CVE-2017-7921").orElseThrow();
        assertEquals(Instant.parse("2017-05-06T00:29:00.350Z"), hik.published());
        assertEquals(9.8, hik.cvss(), "CVSS 3.1 is preferred over NVD's 3.0 score of 10.0");
        assertEquals("CRITICAL", hik.severity());
        assertEquals(List.of("CWE-287"), hik.cwes(), "the same CWE from two sources is listed once");
        Cve zyxel = feed.get("CVE-2016-10401").orElseThrow();
        assertEquals(8.8, zyxel.cvss(), "CVSS 3.0 when there is no 3.1");
        assertEquals("HIGH", zyxel.severity());
        assertEquals(List.of(), feed.get("CVE-2014-8361").orElseThrow().cwes(), "NVD-CWE-noinfo is not a CWE id");
        assertEquals(List.of("CWE-912", "CWE-798"), feed.get("CVE-2018-17919").orElseThrow().cwes());
    }

    @Test
    void hikvisionCameraFromTheBrief() {
        List<CveMatch> m = feed.affecting("cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:5.4.0:*:*:*:*:*:*:*");
        assertEquals(List.of("CVE-2017-7921"), ids(m));
        assertEquals("cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:-:*:*:*:*:*:*:*", m.getFirst().criteria());
    }

    @Test
    void escapedProductNamesMatchWithOrWithoutEscapes() {
        assertEquals(List.of("CVE-2017-7921"), hits("cpe:2.3:o:hikvision:ds-2cd2412f-i\\(w\\)_firmware:5.3.0:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2017-7921"), hits("cpe:2.3:o:hikvision:ds-2cd2412f-i(w)_firmware:5.3.0:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2021-36260"), hits("cpe:2.3:o:hikvision:ds-2cd2026g2-iu/sl_firmware:5.5.0:*:*:*:*:*:*:*"));
    }

    @Test
    void hikvisionNvrInclusiveRange() {
        String nvr = "cpe:2.3:o:hikvision:ds-7104ni-q1_firmware:%s:*:*:*:*:*:*:*";
        assertEquals(List.of(), hits(nvr.formatted("4.30.299")));
        assertEquals(List.of("CVE-2021-36260"), hits(nvr.formatted("4.30.300")));
        assertEquals(List.of("CVE-2021-36260"), hits(nvr.formatted("4.31.100")));
        assertEquals(List.of(), hits(nvr.formatted("4.31.101")));
    }

    @Test
    void dlinkDir645ExclusiveBoundsAcrossTwoCves() {
        String dir645 = "cpe:2.3:o:dlink:dir-645_firmware:%s:*:*:*:*:*:*:*";
        assertEquals(List.of("CVE-2013-7471", "CVE-2015-2051"), hits(dir645.formatted("1.04b10")));
        assertEquals(List.of("CVE-2015-2051"), hits(dir645.formatted("1.04b11")));
        assertEquals(List.of("CVE-2015-2051"), hits(dir645.formatted("1.04b12")));
        assertEquals(List.of(), hits(dir645.formatted("1.05b01")));
        assertEquals(List.of(), hits(dir645.formatted("*")), "a range needs a known version");
    }

    @Test
    void netgearInclusiveUpperBoundWithUnderscoreVersion() {
        String r7000 = "cpe:2.3:o:netgear:r7000_firmware:%s:*:*:*:*:*:*:*";
        List<CveMatch> m = feed.affecting(r7000.formatted("1.0.7.2_1.1.93"));
        assertEquals(List.of("CVE-2016-6277"), ids(m));
        assertEquals("firmware 1.0.7.2_1.1.93 is at or before 1.0.7.2_1.1.93, the last version listed as affected",
            m.getFirst().why());
        assertEquals(List.of("CVE-2016-6277"), hits(r7000.formatted("1.0.7.2")));
        assertEquals(List.of(), hits(r7000.formatted("1.0.7.6")));
    }

    @Test
    void oneMatchPerCveEvenWhenSeveralCriteriaHit() {
        // dir-605l appears twice in CVE-2014-8361 (hardware rev. A1 and B1 ranges); 1.10 is inside both.
        assertEquals(List.of("CVE-2014-8361"), hits("cpe:2.3:o:dlink:dir-605l_firmware:1.10:*:*:*:*:*:*:*"));
    }

    @Test
    void xiongmaiWebServerAndFirmware() {
        assertEquals(List.of("CVE-2017-7577", "CVE-2018-10088"), hits("cpe:2.3:a:xiongmaitech:uc-httpd:1.0.0:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2017-7577"), hits("cpe:2.3:a:xiongmaitech:uc-httpd:1.0.1:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2017-16725"),
            hits("cpe:2.3:o:xiongmaitech:ahb7008t-mh-v2_firmware:4.02.R11.7601:*:*:*:*:*:*:*"));
        assertEquals(List.of(), hits("cpe:2.3:o:xiongmaitech:ahb7008t-mh-v2_firmware:4.02.r11.7602:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2018-17919"), hits("cpe:2.3:a:xiongmaitech:xmeye_p2p_cloud_server:*:*:*:*:*:*:*:*"));
    }

    @Test
    void routersAndDvrsWithoutVersionDetail() {
        assertEquals(List.of("CVE-2017-17215"), hits("cpe:2.3:o:huawei:hg532_firmware:V100R001C01B016:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2016-10401"), hits("cpe:2.3:o:zyxel:pk5001z_firmware:*:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2018-9995"), hits("cpe:2.3:o:tbkvision:tbk-dvr4104_firmware:-:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2018-10561"), hits("cpe:2.3:o:dasannetworks:gpon_router_firmware:1.0:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2014-8361"), hits("cpe:2.3:a:realtek:realtek_sdk:-:*:*:*:*:*:*:*"));
        assertEquals(List.of(), hits("cpe:2.3:h:huawei:hg532:-:*:*:*:*:*:*:*"), "hardware platform entries are not vulnerable");
    }

    @Test
    void exactFirmwareVersions() {
        assertEquals(List.of("CVE-2017-18368"), hits("cpe:2.3:o:zyxel:p660hn-t1a_v1_firmware:7.3.15.0:*:*:*:*:*:*:*"));
        assertEquals(List.of("CVE-2017-18368"), hits("cpe:2.3:o:zyxel:p660hn-t1a_v1_firmware:7.3.15:*:*:*:*:*:*:*"));
        assertEquals(List.of(), hits("cpe:2.3:o:zyxel:p660hn-t1a_v1_firmware:7.3.16.0:*:*:*:*:*:*:*"));
    }

    @Test
    void tpLinkBuildSuffixCountsAsFixed() {
        String ax21 = "cpe:2.3:o:tp-link:archer_ax21_firmware:%s:*:*:*:*:*:*:*";
        assertEquals(List.of("CVE-2023-1389"), hits(ax21.formatted("1.1.3")));
        assertEquals(List.of(), hits(ax21.formatted("1.1.4_Build_20230219")));
    }
}
