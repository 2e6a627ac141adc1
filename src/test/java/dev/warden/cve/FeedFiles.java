package dev.warden.cve;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds small NVD CVE JSON 2.0 documents for tests, so each test shows exactly the data it relies on. */
final class FeedFiles {

    private FeedFiles() {
    }

    /** A whole API-response document around the given {@code {"cve": ...}} items. */
    static String feed(String... items) {
        return """
            {"resultsPerPage": %d, "startIndex": 0, "totalResults": %d, "format": "NVD_CVE", "version": "2.0",
             "timestamp": "2026-01-01T00:00:00.000",
             "vulnerabilities": [%s]}
            """.formatted(items.length, items.length, String.join(",\n", items));
    }

    /** One vulnerability item with a CVSS 3.1 score and the given cpeMatch entries (JSON objects). */
    static String dated(String id, double score, String severity, String lastModified, String... matches) {
        return """
            {"cve": {"id": "%s", "sourceIdentifier": "test", "published": "2020-01-02T03:04:05.678",
              "lastModified": "%s", "vulnStatus": "Analyzed",
              "descriptions": [{"lang": "es", "value": "Descripción"}, {"lang": "en", "value": "Test flaw %s."}],
              "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary",
                "cvssData": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                             "baseScore": %s, "baseSeverity": "%s"}}]},
              "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary",
                              "description": [{"lang": "en", "value": "CWE-798"}]}],
              "configurations": [{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [%s]}]}],
              "references": [{"url": "https://example.org/%s", "source": "a"}, {"url": "https://example.org/%s", "source": "b"}]
            }}
            """.formatted(id, lastModified, id, score, severity, String.join(",", matches), id, id);
    }

    static String item(String id, double score, String... matches) {
        return dated(id, score, score >= 9 ? "CRITICAL" : score >= 7 ? "HIGH" : "MEDIUM", "2021-01-01T00:00:00.000", matches);
    }

    /** A vulnerable cpeMatch entry; bounds are given as alternating key, value. */
    static String match(String criteria, String... bounds) {
        StringBuilder sb = new StringBuilder("{\"vulnerable\": true, \"criteria\": \"")
            .append(criteria.replace("\\", "\\\\")).append('"');
        for (int i = 0; i < bounds.length; i += 2) {
            sb.append(", \"").append(bounds[i]).append("\": \"").append(bounds[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }

    static Path write(Path dir, String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, json, StandardCharsets.UTF_8);
        return p;
    }

    static Path writeGzip(Path dir, String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content);
        }
        return p;
    }

    static List<String> ids(List<CveMatch> matches) {
        return matches.stream().map(m -> m.cve().id()).toList();
    }
}
