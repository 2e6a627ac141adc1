package dev.warden.cve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the NVD CVE JSON 2.0 format, both the API response and the yearly feed files.
 *
 * <p>The top level is walked with a streaming parser and only one {@code vulnerabilities[]} element is
 * turned into a tree at a time, so a full-year feed of several hundred MB needs memory for the result
 * only, not for the document.
 */
final class NvdFeedReader {

    /** Skip reasons kept for the user; a broken feed could otherwise produce millions of lines. */
    static final int MAX_REASONS = 50;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final List<FeedEntry> entries = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private int skipped;

    record Result(List<FeedEntry> entries, int skipped, List<String> skipReasons) {
    }

    private NvdFeedReader(String source) {
        this.source = source;
    }

    /**
     * Reads a whole feed from {@code in}; {@code source} names it in error messages.
     * The stream is not closed.
     */
    static Result read(InputStream in, String source) throws CveFeedException {
        NvdFeedReader reader = new NvdFeedReader(source);
        reader.readAll(in);
        return new Result(List.copyOf(reader.entries), reader.skipped, List.copyOf(reader.reasons));
    }

    private void readAll(InputStream in) throws CveFeedException {
        JsonParser p = null;
        try {
            p = MAPPER.getFactory().createParser(in);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw fail(p, "expected a JSON object at the top level");
            }
            boolean sawVulnerabilities = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("vulnerabilities".equals(field)) {
                    if (value != JsonToken.START_ARRAY) throw fail(p, "\"vulnerabilities\" is not an array");
                    readVulnerabilities(p);
                    sawVulnerabilities = true;
                } else if ("CVE_Items".equals(field)) {
                    throw fail(p, "this is an NVD 1.1 feed (CVE_Items); only the CVE JSON 2.0 format is supported"
                        + " (files named nvdcve-2.0-*.json or API 2.0 responses)");
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw fail(p, "unexpected " + t + " in the top-level object");
            if (!sawVulnerabilities) {
                throw fail(p, "has no \"vulnerabilities\" array; is this an NVD CVE JSON 2.0 feed?");
            }
        } catch (JsonProcessingException e) {
            throw new CveFeedException(source + ": malformed JSON at " + where(e.getLocation()) + ": "
                + e.getOriginalMessage(), e);
        } catch (IOException e) {
            // Typically a truncated .gz ("Unexpected end of ZLIB input stream"): say how far we got.
            throw new CveFeedException(source + ": read failed at " + where(p == null ? null : p.currentLocation())
                + ": " + e.getMessage(), e);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // Closing a parser over a stream we do not own cannot lose data; the caller closes the stream.
                }
            }
        }
    }

    private void readVulnerabilities(JsonParser p) throws IOException, CveFeedException {
        JsonToken t;
        int index = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) throw fail(p, "the \"vulnerabilities\" array is not closed");
            if (t != JsonToken.START_OBJECT) throw fail(p, "vulnerabilities[" + index + "] is not an object");
            JsonNode item = p.readValueAsTree();
            accept(item.path("cve"), index);
            index++;
        }
    }

    private void accept(JsonNode cve, int index) {
        String id = text(cve, "id");
        String label = id != null ? id : "vulnerabilities[" + index + "]";
        if (cve.isMissingNode() || !cve.isObject()) {
            skip(label, "has no \"cve\" object");
            return;
        }
        if (id == null) {
            skip(label, "has no \"id\"");
            return;
        }
        if ("Rejected".equalsIgnoreCase(text(cve, "vulnStatus"))) {
            // A rejected id was withdrawn by its CNA; it names no product, so it is dropped without comment.
            return;
        }
        Instant published = time(text(cve, "published"));
        if (published == null) {
            skip(label, "has no valid \"published\" date (got " + cve.path("published") + ")");
            return;
        }
        Instant lastModified = time(text(cve, "lastModified"));
        String description = englishDescription(cve);
        if (description == null) {
            skip(label, "has no English description");
            return;
        }
        double score = Double.NaN;
        String severity = Cve.UNSCORED;
        JsonNode metric = preferredMetric(cve.path("metrics"));
        if (metric != null) {
            JsonNode data = metric.path("cvssData");
            if (data.path("baseScore").isNumber()) {
                score = data.path("baseScore").asDouble();
                // CVSS 3.x keeps the severity inside cvssData, CVSS 2.0 next to it.
                String sev = text(data, "baseSeverity");
                if (sev == null) sev = text(metric, "baseSeverity");
                severity = sev != null ? sev : Cve.UNSCORED;
            }
        }
        List<CpeCriterion> criteria = criteria(label, cve.path("configurations"));
        Cve parsed = new Cve(id, published, score, severity, description, cwes(cve), references(cve));
        entries.add(new FeedEntry(parsed, lastModified, criteria));
    }

    private static String englishDescription(JsonNode cve) {
        for (JsonNode d : cve.path("descriptions")) {
            String lang = text(d, "lang");
            String value = text(d, "value");
            if (lang != null && lang.toLowerCase(java.util.Locale.ROOT).startsWith("en") && value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    /** CVSS 3.1, then 3.0, then 2.0 (4.0 only as a last resort); within one version NVD's Primary entry first. */
    private static JsonNode preferredMetric(JsonNode metrics) {
        for (String key : List.of("cvssMetricV31", "cvssMetricV30", "cvssMetricV2", "cvssMetricV40")) {
            JsonNode list = metrics.path(key);
            if (!list.isArray() || list.isEmpty()) continue;
            for (JsonNode m : list) {
                if ("Primary".equalsIgnoreCase(text(m, "type"))) return m;
            }
            return list.get(0);
        }
        return null;
    }

    private static List<String> cwes(JsonNode cve) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode w : cve.path("weaknesses")) {
            for (JsonNode d : w.path("description")) {
                String v = text(d, "value");
                if (v != null && v.startsWith("CWE-")) out.add(v);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> references(JsonNode cve) {
        // NVD repeats each URL once per source that submitted it; one copy is enough.
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode r : cve.path("references")) {
            String url = text(r, "url");
            if (url != null && !url.isBlank()) out.add(url.strip());
        }
        return List.copyOf(out);
    }

    private List<CpeCriterion> criteria(String label, JsonNode configurations) {
        List<CpeCriterion> out = new ArrayList<>();
        for (JsonNode config : configurations) {
            for (JsonNode node : config.path("nodes")) {
                // A negated node lists what is NOT affected; its entries must never produce a match.
                if (node.path("negate").asBoolean(false)) continue;
                for (JsonNode m : node.path("cpeMatch")) {
                    // Non-vulnerable entries describe the platform a vulnerable part runs on, not a flaw.
                    if (!m.path("vulnerable").asBoolean(false)) continue;
                    String criteria = text(m, "criteria");
                    if (criteria == null) {
                        note(label + ": a cpeMatch entry has no \"criteria\"; entry ignored");
                        continue;
                    }
                    try {
                        out.add(new CpeCriterion(criteria, CpeName.parse(criteria),
                            text(m, "versionStartIncluding"), text(m, "versionStartExcluding"),
                            text(m, "versionEndIncluding"), text(m, "versionEndExcluding")));
                    } catch (MalformedCpeException e) {
                        note(label + ": " + e.getMessage() + "; criterion ignored");
                    }
                }
            }
        }
        return out;
    }

    private void skip(String label, String why) {
        skipped++;
        note(label + " " + why + "; entry skipped");
    }

    private void note(String reason) {
        if (reasons.size() < MAX_REASONS) reasons.add(source + ": " + reason);
    }

    /** NVD writes "2017-05-06T00:29:00.350" (UTC, no zone); an explicit offset is accepted too. */
    static Instant time(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private CveFeedException fail(JsonParser p, String what) {
        return new CveFeedException(source + ": " + what + " (at " + where(p.currentLocation()) + ")");
    }

    private static String where(JsonLocation loc) {
        if (loc == null) return "an unknown position";
        long offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
        return "line " + loc.getLineNr() + ", column " + loc.getColumnNr()
            + (offset >= 0 ? " (JSON offset " + offset + ")" : "");
    }
}
