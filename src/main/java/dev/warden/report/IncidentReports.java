package dev.warden.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The incident report (docs/reports.md): what a stored incident was, the device and what its audit recorded, whom it hit,
 * the harm figures, its timeline with the ledger entry of each event, the pcap excerpt and its hash, and the inclusion
 * proof of its latest ledger entry. Also the incident listing behind {@code warden report incidents}.
 */
final class IncidentReports {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The incident figures that measure harm, in the incident document's own names (docs/watch.md). */
    static final List<String> HARM = List.of("packets", "bytes", "duration_s", "peak_rate");

    private final Store store;
    private final LedgerEvidence ledger;
    private final Clock clock;

    IncidentReports(Store store, LedgerEvidence ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A stored incident with its parsed document; the error names the id and where to find real ones. */
    static Loaded load(Store store, String id) {
        return Loaded.of(store.incident(id).orElseThrow(() -> new IllegalArgumentException(
                "no incident '" + id + "' in the store (see: warden report incidents)")));
    }

    /**
     * Incidents whose traffic came from this audited device: by its MAC when it has one, at whatever address DHCP gave
     * it then, and those at its IP that carry no MAC; by its IP when it has none ({@link Store#isOfDevice}).
     */
    static List<Loaded> ofDevice(Store store, Store.DeviceRow d, String since, String until) {
        var out = new ArrayList<Loaded>();
        for (var row : store.incidents(Store.IncidentQuery.ofDevice(d.ip(), d.mac(), since, until))) out.add(Loaded.of(row));
        return out;
    }

    record Loaded(Store.IncidentRow row, JsonNode doc) {
        static Loaded of(Store.IncidentRow row) {
            try {
                return new Loaded(row, JSON.readTree(row.document()));
            } catch (IOException e) {
                throw new UncheckedIOException("the stored document of incident " + row.id() + " is not valid JSON: " + e.getMessage(), e);
            }
        }

        long figure(String name) {
            return doc.path("figures").path(name).asLong(0);
        }

        Map<String, Object> harm() {
            var out = new LinkedHashMap<String, Object>();
            for (String k : HARM) if (doc.path("figures").has(k)) out.put(k, doc.path("figures").get(k).numberValue());
            return out;
        }

        List<String> counterparts() {
            var out = new ArrayList<String>();
            for (JsonNode c : doc.path("counterparts")) out.add(c.asText());
            return out;
        }
    }

    /** What the incident's counterparts are to it, by detector family (docs/detectors/). */
    static String counterpartRole(String detector) {
        if (detector.startsWith("ddos-")) return "attack targets: the device sent the flood to them";
        if (detector.startsWith("victim-")) return "sources of the flood the device received (spoofed or reflecting); the device is the target";
        return switch (detector) {
            case "mirai-syn-probe", "login-scan", "login-guessing", "address-scan", "port-scan" -> "hosts the device scanned or tried to log in to";
            case "cnc-beacon", "intel-cnc" -> "command-and-control servers the device contacted";
            case "intel-download", "intel-loader", "infection-chain" -> "servers involved in infecting the device";
            default -> "other ends of the traffic";
        };
    }

    /** True when the counterparts were on the receiving end of what the device did (floods, scans, guessing). */
    static boolean counterpartsAreTargets(String detector) {
        return detector.startsWith("ddos-") || counterpartRole(detector).startsWith("hosts the device");
    }

    Map<String, Object> incident(String id) {
        var in = load(store, id);
        var row = in.row();
        var doc = new LinkedHashMap<String, Object>();
        doc.put("type", "incident-report");
        doc.put("generatedAt", clock.instant().toString());
        doc.put("incident", Reports.ordered("id", row.id(), "run", row.runId(), "detector", row.detector(), "doc", in.doc().path("doc").asText(null),
                "severity", row.severity(), "status", row.status(), "stillActive", row.active(), "firstSeen", row.firstSeen(),
                "lastSeen", row.lastSeen(), "detectedAt", row.detectedAt(), "revision", row.revision(), "explanation", in.doc().path("explanation").asText(null)));
        var audited = AuditFacts.deviceOf(store.devices(), row.deviceIp(), row.deviceMac()).map(d -> AuditFacts.of(store, ledger, d, row.firstSeen()));
        doc.put("device", device(row, in.doc(), audited));
        doc.put("failedProvisions", audited.map(AuditFacts::failedRows).orElse(List.of()));
        doc.put("counterparts", Reports.ordered("role", counterpartRole(row.detector()), "addresses", in.counterparts(),
                "more", in.doc().path("moreCounterparts").asBoolean(false)));
        var harm = in.harm();
        doc.put("harm", harm.isEmpty() ? Reports.ordered("note", "detector " + row.detector() + " measures no packets or bytes (see figures)") : harm);
        doc.put("figures", JSON.convertValue(in.doc().path("figures"), Map.class));
        doc.put("timeline", timeline(row.id()));
        doc.put("evidence", evidence(in));
        if (ledger.present() && row.ledgerSeq() != null) {
            doc.put("ledger", Reports.ordered("provenEntry", row.ledgerSeq(), "proof", ledger.proof(row.ledgerSeq())));
        }
        return doc;
    }

    private static Map<String, Object> device(Store.IncidentRow row, JsonNode incidentDoc, Optional<AuditFacts> audited) {
        var names = new ArrayList<String>();
        for (JsonNode n : incidentDoc.path("device").path("names")) names.add(n.asText());
        var m = Reports.ordered("ip", row.deviceIp(), "mac", row.deviceMac(), "macVendor", incidentDoc.path("device").path("vendor").asText(null),
                "namedInTraffic", names.isEmpty() ? null : names, "audited", audited.isPresent());
        if (audited.isEmpty()) {
            m.put("note", "never audited: no manufacturer, model, grade, label or failed provisions on record (audit it: warden audit " + row.deviceIp() + ")");
            return m;
        }
        var a = audited.get();
        var d = a.device();
        m.putAll(Reports.ordered("deviceKey", d.deviceKey(), "manufacturer", d.manufacturer(), "model", d.model(), "firmware", d.firmware(),
                "grade", a.grade(), "lastAudit", d.lastAudit(), "labelId", a.labelId(), "labelIssuedAt", a.issuedAt(), "labelLedgerEntry", a.labelSeq()));
        return m;
    }

    /** Each stored event with the ledger entry that seals it. */
    private List<Map<String, Object>> timeline(String id) {
        var out = new ArrayList<Map<String, Object>>();
        for (var e : store.incidentEvents(id)) {
            var m = Reports.ordered("at", e.at(), "event", e.event(), "by", e.byName(), "note", e.note(), "revision", e.revision(), "ledgerSeq", e.ledgerSeq());
            ledger.entry(e.ledgerSeq()).ifPresent(entry -> {
                m.put("ledgerKind", entry.kind());
                m.put("leafHash", LedgerEvidence.leafHash(entry));
            });
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> evidence(Loaded in) {
        var row = in.row();
        var ranges = new ArrayList<Map<String, Object>>();
        for (JsonNode r : in.doc().path("evidence").path("ranges")) ranges.add(Reports.ordered("start", r.path("start").asText(), "end", r.path("end").asText()));
        var flowIds = new ArrayList<String>();
        for (JsonNode f : in.doc().path("evidence").path("flowIds")) flowIds.add(f.asText());
        var out = Reports.ordered("flows", in.doc().path("evidence").path("flows").asLong(), "flowIds", flowIds, "timeRanges", ranges);
        if (row.excerptPath() == null) {
            out.put("excerpt", Reports.ordered("note", "no pcap excerpt (the input was not a packet capture, or the run kept none)"));
            return out;
        }
        var excerpt = Reports.ordered("file", java.nio.file.Path.of(row.excerptPath()).getFileName().toString(), "path", row.excerptPath(),
                "sha256", row.excerptSha256(), "packets", row.excerptPackets());
        // bytes and whether the caps cut the excerpt are sealed in the excerpt's ledger entry, not kept in the row
        store.incidentEvents(row.id()).stream().filter(e -> e.event().equals("excerpt")).reduce((a, b) -> b)
                .flatMap(e -> ledger.entry(e.ledgerSeq())).ifPresent(entry -> {
                    JsonNode body = LedgerEvidence.body(entry);
                    excerpt.put("bytes", body.path("bytes").asLong());
                    excerpt.put("truncated", body.path("truncated").asBoolean());
                    excerpt.put("ledgerSeq", entry.seq());
                    excerpt.put("sealedSha256Matches", row.excerptSha256().equals(body.path("sha256").asText()));
                });
        // the file itself, hashed now: a reader of the report takes the hash for the file's, so say whether it still is
        java.nio.file.Path file = java.nio.file.Path.of(row.excerptPath());
        if (!java.nio.file.Files.isRegularFile(file)) {
            excerpt.put("fileCheck", "missing: no file at " + row.excerptPath());
        } else {
            try {
                String now = dev.warden.watch.incident.PcapExcerpts.sha256(file); // hashed as it was when sealed
                excerpt.put("fileCheck", now.equals(row.excerptSha256()) ? "intact: the file's SHA-256 is the sealed one"
                        : "CHANGED: the file's SHA-256 is now " + now + ", not the sealed one");
            } catch (java.io.IOException e) {
                excerpt.put("fileCheck", "unreadable: " + e.getMessage());
            }
        }
        out.put("excerpt", excerpt);
        return out;
    }

    /** Stored incidents newest first, selected by {@code query} and by the audited device ({@code device} sees null when never audited). */
    Map<String, Object> list(Store.IncidentQuery query, Predicate<Optional<Store.DeviceRow>> device) {
        var rows = new ArrayList<Map<String, Object>>();
        long packets = 0, bytes = 0;
        var devices = store.devices();
        for (var row : store.incidents(query)) {
            Optional<Store.DeviceRow> d = AuditFacts.deviceOf(devices, row.deviceIp(), row.deviceMac());
            if (!device.test(d)) continue;
            var in = Loaded.of(row);
            var harm = in.harm();
            packets += in.figure("packets");
            bytes += in.figure("bytes");
            // the MAC beside the address: devices that share an address (a capture's rewritten victim) are told apart
            rows.add(Reports.columns("id", row.id(), "device", row.deviceIp(), "mac", row.deviceMac(), "manufacturer", d.map(Store.DeviceRow::manufacturer).orElse(null),
                    "model", d.map(Store.DeviceRow::model).orElse(null), "grade", d.map(Store.DeviceRow::grade).orElse(null),
                    "detector", row.detector(), "severity", row.severity(), "status", row.status(), "firstSeen", row.firstSeen(),
                    "lastSeen", row.lastSeen(), "packets", harm.get("packets"), "bytes", harm.get("bytes")));
        }
        var doc = new LinkedHashMap<String, Object>();
        doc.put("type", "incident-list");
        doc.put("generatedAt", clock.instant().toString());
        doc.put("totals", Reports.ordered("incidents", rows.size(), "packets", packets, "bytes", bytes));
        doc.put("incidents", rows);
        return doc;
    }
}
