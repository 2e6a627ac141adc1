package dev.warden.cve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static dev.warden.cve.FeedFiles.feed;
import static dev.warden.cve.FeedFiles.ids;
import static dev.warden.cve.FeedFiles.item;
import static dev.warden.cve.FeedFiles.match;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CveFeedLoadingTest {

    @TempDir
    Path dir;

    static byte[] bundledBytes() throws Exception {
        try (InputStream in = CveFeed.class.getResourceAsStream(CveFeed.BUNDLED_RESOURCE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void plainFileLoads() throws Exception {
        Path p = FeedFiles.write(dir, "f.json", feed(
            item("CVE-2001-0001", 9.8, match("cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*", "versionEndExcluding", "2"))));
        CveFeed f = CveFeed.load(p);
        assertEquals(1, f.size());
        assertEquals(0, f.skipped());
        Cve c = f.get("CVE-2001-0001").orElseThrow();
        assertEquals(Instant.parse("2020-01-02T03:04:05.678Z"), c.published());
        assertEquals("Test flaw CVE-2001-0001.", c.description(), "the English description, not the first one");
        assertEquals(List.of("CWE-798"), c.cwes());
        assertEquals(List.of("https://example.org/CVE-2001-0001"), c.references(), "duplicate URLs collapse");
    }

    @Test
    void gzipIsDetectedByContent() throws Exception {
        byte[] json = bundledBytes();
        CveFeed gz = CveFeed.load(FeedFiles.writeGzip(dir, "nvdcve-2.0-iot.json.gz", json));
        CveFeed renamed = CveFeed.load(FeedFiles.writeGzip(dir, "download.bin", json));
        assertEquals(CveFeed.bundled().size(), gz.size());
        assertEquals(CveFeed.bundled().size(), renamed.size());
        assertEquals(ids(CveFeed.bundled().affecting("cpe:2.3:o:huawei:hg532_firmware:-:*:*:*:*:*:*:*")),
            ids(gz.affecting("cpe:2.3:o:huawei:hg532_firmware:-:*:*:*:*:*:*:*")));
    }

    @Test
    void truncatedJsonNamesFileAndPosition() throws Exception {
        byte[] json = bundledBytes();
        Path p = dir.resolve("cut.json");
        Files.write(p, Arrays.copyOf(json, json.length / 2));
        CveFeedException e = assertThrows(CveFeedException.class, () -> CveFeed.load(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": malformed JSON at line "), e.getMessage());
        assertTrue(e.getMessage().contains("column"), e.getMessage());
    }

    @Test
    void truncatedGzipNamesFileAndPosition() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(bundledBytes());
        }
        byte[] whole = buf.toByteArray();
        Path p = dir.resolve("cut.json.gz");
        Files.write(p, Arrays.copyOf(whole, whole.length * 2 / 3));
        CveFeedException e = assertThrows(CveFeedException.class, () -> CveFeed.load(p));
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("line "), e.getMessage());
    }

    @Test
    void syntaxErrorGivesLineAndColumn() throws Exception {
        Path p = FeedFiles.write(dir, "bad.json", "{\"vulnerabilities\": [\n  {\"cve\": {\"id\": \"CVE-1\" \"x\": 1}}\n]}");
        CveFeedException e = assertThrows(CveFeedException.class, () -> CveFeed.load(p));
        assertTrue(e.getMessage().contains("bad.json: malformed JSON at line 2, column"), e.getMessage());
    }

    @Test
    void wrongShapesAreExplained() throws Exception {
        assertTrue(loadFails("[]").contains("expected a JSON object at the top level"));
        assertTrue(loadFails("{\"resultsPerPage\": 0}").contains("no \"vulnerabilities\" array"));
        assertTrue(loadFails("{\"vulnerabilities\": {}}").contains("\"vulnerabilities\" is not an array"));
        assertTrue(loadFails("{\"vulnerabilities\": [1]}").contains("vulnerabilities[0] is not an object"));
        assertTrue(loadFails("{\"CVE_data_type\": \"CVE\", \"CVE_Items\": []}").contains("NVD 1.1 feed"));
        assertTrue(loadFails("").contains("expected a JSON object"));
    }

    private String loadFails(String content) throws Exception {
        Path p = FeedFiles.write(dir, "shape.json", content);
        String m = assertThrows(CveFeedException.class, () -> CveFeed.load(p)).getMessage();
        assertTrue(m.startsWith(p.toString()), m);
        return m;
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nope.json");
        CveFeedException e = assertThrows(CveFeedException.class, () -> CveFeed.load(p));
        assertEquals(p + ": no such file", e.getMessage());
    }

    @Test
    void entriesMissingRequiredFieldsAreSkippedAndCounted() throws Exception {
        String good = item("CVE-2002-0001", 5.0, match("cpe:2.3:o:acme:cam_firmware:1:*:*:*:*:*:*:*"));
        String noPublished = """
            {"cve": {"id": "CVE-2002-0002", "descriptions": [{"lang": "en", "value": "x"}]}}""";
        String badPublished = """
            {"cve": {"id": "CVE-2002-0003", "published": "yesterday", "descriptions": [{"lang": "en", "value": "x"}]}}""";
        String noId = """
            {"cve": {"published": "2020-01-01T00:00:00.000", "descriptions": [{"lang": "en", "value": "x"}]}}""";
        String noEnglish = """
            {"cve": {"id": "CVE-2002-0004", "published": "2020-01-01T00:00:00.000",
                     "descriptions": [{"lang": "es", "value": "x"}]}}""";
        String noCve = "{\"other\": 1}";
        String rejected = """
            {"cve": {"id": "CVE-2002-0005", "published": "2020-01-01T00:00:00.000", "vulnStatus": "Rejected",
                     "descriptions": [{"lang": "en", "value": "Rejected reason: duplicate"}]}}""";
        Path p = FeedFiles.write(dir, "gaps.json", feed(good, noPublished, badPublished, noId, noEnglish, noCve, rejected));
        CveFeed f = CveFeed.load(p);
        assertEquals(1, f.size());
        assertEquals(5, f.skipped(), "rejected ids are dropped without counting as damage");
        String reasons = String.join("\n", f.skipReasons());
        assertTrue(reasons.contains("CVE-2002-0002 has no valid \"published\" date"), reasons);
        assertTrue(reasons.contains("CVE-2002-0003 has no valid \"published\" date (got \"yesterday\")"), reasons);
        assertTrue(reasons.contains("vulnerabilities[3] has no \"id\""), reasons);
        assertTrue(reasons.contains("CVE-2002-0004 has no English description"), reasons);
        assertTrue(reasons.contains("vulnerabilities[5] has no \"cve\" object"), reasons);
        assertTrue(f.skipReasons().get(0).startsWith(p.toString()), "reasons name the file");
        assertFalse(f.get("CVE-2002-0005").isPresent());
    }

    @Test
    void unscoredEntriesAreKeptAndMarked() throws Exception {
        String awaiting = """
            {"cve": {"id": "CVE-2026-9999", "published": "2026-11-01T00:00:00.000", "vulnStatus": "Awaiting Analysis",
                     "descriptions": [{"lang": "en", "value": "Not analysed yet."}], "metrics": {}}}""";
        CveFeed f = CveFeed.load(FeedFiles.write(dir, "new.json", feed(awaiting)));
        Cve c = f.get("CVE-2026-9999").orElseThrow();
        assertFalse(c.scored());
        assertTrue(Double.isNaN(c.cvss()));
        assertEquals(Cve.UNSCORED, c.severity());
    }

    @Test
    void cvss2SeverityIsReadFromBesideTheData() throws Exception {
        String v2only = """
            {"cve": {"id": "CVE-2005-0001", "published": "2005-01-01T00:00:00.000",
                     "descriptions": [{"lang": "en", "value": "Old."}],
                     "metrics": {"cvssMetricV2": [{"source": "nvd@nist.gov", "type": "Primary",
                        "cvssData": {"version": "2.0", "baseScore": 7.5}, "baseSeverity": "HIGH"}]}}}""";
        Cve c = CveFeed.load(FeedFiles.write(dir, "v2.json", feed(v2only))).get("CVE-2005-0001").orElseThrow();
        assertEquals(7.5, c.cvss());
        assertEquals("HIGH", c.severity());
    }

    @Test
    void malformedCriteriaAndNonVulnerableEntriesAreIgnored() throws Exception {
        String entry = """
            {"cve": {"id": "CVE-2003-0001", "published": "2020-01-01T00:00:00.000",
                     "descriptions": [{"lang": "en", "value": "x"}],
                     "configurations": [{"operator": "AND", "nodes": [
                        {"operator": "OR", "negate": false, "cpeMatch": [
                            {"vulnerable": true, "criteria": "cpe:2.3:o:acme:cam_firmware"},
                            {"vulnerable": true, "criteria": "cpe:2.3:o:acme:cam_firmware:-:*:*:*:*:*:*:*"}]},
                        {"operator": "OR", "negate": false, "cpeMatch": [
                            {"vulnerable": false, "criteria": "cpe:2.3:h:acme:cam:-:*:*:*:*:*:*:*"}]},
                        {"operator": "OR", "negate": true, "cpeMatch": [
                            {"vulnerable": true, "criteria": "cpe:2.3:o:acme:other_firmware:-:*:*:*:*:*:*:*"}]}]}]}}""";
        CveFeed f = CveFeed.load(FeedFiles.write(dir, "crit.json", feed(entry)));
        assertEquals(1, f.size());
        assertEquals(0, f.skipped());
        assertTrue(f.skipReasons().getFirst().contains("CVE-2003-0001: CPE \"cpe:2.3:o:acme:cam_firmware\" has 3 components"),
            f.skipReasons().toString());
        assertEquals(List.of("CVE-2003-0001"), ids(f.affecting("cpe:2.3:o:acme:cam_firmware:1.0:*:*:*:*:*:*:*")));
        assertEquals(List.of(), ids(f.affecting("cpe:2.3:h:acme:cam:-:*:*:*:*:*:*:*")), "platform entries are not flaws");
        assertEquals(List.of(), ids(f.affecting("cpe:2.3:o:acme:other_firmware:1:*:*:*:*:*:*:*")), "negated nodes never match");
    }

    @Test
    void mergeKeepsTheNewestCopyOfEachCve() throws Exception {
        String cam = "cpe:2.3:o:acme:cam_firmware:*:*:*:*:*:*:*:*";
        CveFeed old = CveFeed.load(FeedFiles.write(dir, "old.json", feed(
            FeedFiles.dated("CVE-2004-0001", 5.0, "MEDIUM", "2020-01-01T00:00:00.000", match(cam, "versionEndExcluding", "2")),
            FeedFiles.dated("CVE-2004-0002", 6.0, "MEDIUM", "2020-01-01T00:00:00.000", match(cam)))));
        CveFeed fresh = CveFeed.load(FeedFiles.write(dir, "fresh.json", feed(
            FeedFiles.dated("CVE-2004-0001", 7.0, "HIGH", "2022-01-01T00:00:00.000", match(cam, "versionEndExcluding", "3")),
            FeedFiles.dated("CVE-2004-0003", 8.0, "HIGH", "2022-01-01T00:00:00.000", match(cam)))));
        for (CveFeed merged : List.of(old.merge(fresh), fresh.merge(old))) {
            assertEquals(3, merged.size());
            assertEquals(7.0, merged.get("CVE-2004-0001").orElseThrow().cvss());
            // The newer copy's criteria replace the older ones: 2.5 is affected only under the fresh range.
            assertEquals(List.of("CVE-2004-0003", "CVE-2004-0001", "CVE-2004-0002"),
                ids(merged.affecting("cpe:2.3:o:acme:cam_firmware:2.5:*:*:*:*:*:*:*")));
        }
        assertEquals(2, old.size(), "merge leaves its inputs alone");
    }

    @Test
    void mergeAddsSkipCounts() throws Exception {
        String broken = "{\"cve\": {\"id\": \"CVE-2004-0009\"}}";
        CveFeed a = CveFeed.load(FeedFiles.write(dir, "a.json", feed(broken)));
        CveFeed b = CveFeed.load(FeedFiles.write(dir, "b.json", feed(broken, broken)));
        assertEquals(3, a.merge(b).skipped());
    }

    @Test
    void aLargeFeedStreams() throws Exception {
        // 30 000 entries (about 25 MB): enough to show the reader does not choke on size.
        Path p = dir.resolve("big.json");
        try (var w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            w.write("{\"format\": \"NVD_CVE\", \"version\": \"2.0\", \"vulnerabilities\": [");
            for (int i = 0; i < 30_000; i++) {
                if (i > 0) w.write(",");
                w.write(item("CVE-2024-%05d".formatted(i), 5.0 + (i % 50) / 10.0,
                    match("cpe:2.3:o:vendor%d:product%d_firmware:*:*:*:*:*:*:*:*".formatted(i % 300, i % 7),
                        "versionEndExcluding", "%d.0".formatted(i % 10 + 1))));
            }
            w.write("]}");
        }
        CveFeed f = CveFeed.load(p);
        assertEquals(30_000, f.size());
        List<String> hits = ids(f.affecting("cpe:2.3:o:vendor7:product0_firmware:0.5:*:*:*:*:*:*:*"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) if (i % 300 == 7 && i % 7 == 0) expected.add("CVE-2024-%05d".formatted(i));
        assertEquals(expected.size(), hits.size());
        assertTrue(hits.containsAll(expected));
    }
}
