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
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Builds the report documents (docs/reports.md) from the store: plain ordered maps, so that the JSON, HTML and PDF forms
 * are three renderings of one content and the JSON can be held against a golden file.
 */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;
    private final Foreseeability foreseeability;
    private final Clock clock;
    private final LedgerEvidence evidence;

    public Reports(Store store, Foreseeability foreseeability, Clock clock) {
        this(store, foreseeability, clock, null, null);
    }

    /** With a ledger: each report names the ledger entries behind it and carries the proof of the latest label. */
    public Reports(Store store, Foreseeability foreseeability, Clock clock, dev.warden.ledger.Ledger ledger, java.security.PublicKey ledgerKey) {
        this.store = store;
        this.foreseeability = foreseeability;
        this.clock = clock;
        this.evidence = new LedgerEvidence(ledger, ledgerKey);
    }

    /** The ledger entries about one subject and the inclusion proof of the newest entry of {@code proveKind}. */
    private Map<String, Object> ledgerEvidence(String subject, String proveKind) {
        if (!evidence.present()) return null;
        var rows = new ArrayList<Map<String, Object>>();
        Long prove = null;
        for (var e : evidence.entries(null, subject)) {
            rows.add(LedgerEvidence.summary(e));
            if (e.kind().equals(proveKind)) prove = e.seq();
        }
        var out = ordered("entries", rows);
        if (prove != null) {
            var proof = evidence.proof(prove);
            if (proof != null) out.put("proof", proof);
        }
        return out;
    }

    /** One incident: timeline with ledger entries, device and audit facts, victims, harm, evidence, ledger proof. */
    public Map<String, Object> incident(String incidentId) {
        return new IncidentReports(store, evidence, clock).incident(incidentId);
    }

    /** Stored incidents selected by {@code query} and by the audited device behind each (empty when never audited). */
    public Map<String, Object> incidents(Store.IncidentQuery query, Predicate<java.util.Optional<Store.DeviceRow>> device) {
        return new IncidentReports(store, evidence, clock).list(query, device);
    }

    /** The liability worksheet of one incident: facts per party on duty, breach, foreseeability and harm. */
    public Map<String, Object> liability(String incidentId) {
        return new LiabilityWorksheet(store, evidence, foreseeability, clock).build(incidentId);
    }

    /** One device: identity, its latest label and the history of its labels, its findings with foreseeability. */
    public Map<String, Object> device(String deviceKeyOrIp) {
        var row = store.devices().stream().filter(d -> d.deviceKey().equals(deviceKeyOrIp) || d.ip().equals(deviceKeyOrIp)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device '" + deviceKeyOrIp + "' in the store (see: warden devices)"));
        var doc = new LinkedHashMap<String, Object>();
        doc.put("type", "device-report");
        doc.put("generatedAt", clock.instant().toString());
        doc.put("device", deviceMap(row));
        var history = new ArrayList<Map<String, Object>>();
        for (var l : store.labelHistory(row.deviceKey())) history.add(ordered("auditId", l.auditId(), "grade", l.grade(), "issuedAt", l.issuedAt()));
        doc.put("labelHistory", history);
        var latest = store.latestLabel(row.deviceKey()).map(Reports::parse).orElse(null);
        if (latest != null) {
            var verdicts = new ArrayList<Map<String, Object>>();
            for (JsonNode v : latest.path("verdicts")) {
                verdicts.add(ordered("baseline", v.path("baseline").asText(), "provision", v.path("provision").asText(),
                        "verdict", v.path("verdict").asText(), "evidence", v.path("evidence").asText()));
            }
            doc.put("verdicts", verdicts);
        }
        var findings = new ArrayList<Map<String, Object>>();
        for (var f : store.findings(row.deviceKey(), null)) {
            var m = ordered("check", f.checkId(), "severity", f.severity(), "where", f.port() == 0 ? f.protocol() : f.protocol() + "/" + f.port(),
                    "summary", f.summary(), "evidence", f.evidence(), "provisions", String.join(", ", f.provisions()), "remediation", f.remediation());
            foreseeability.of(f).ifPresent(x -> m.put("foreseeability", x));
            findings.add(m);
        }
        doc.put("findings", findings);
        var incidents = new ArrayList<Map<String, Object>>();
        for (var in : IncidentReports.ofDevice(store, row, null, null)) {
            var i = in.row();
            incidents.add(columns("id", i.id(), "detector", i.detector(), "severity", i.severity(), "status", i.status(), "firstSeen", i.firstSeen(),
                    "lastSeen", i.lastSeen(), "packets", in.harm().get("packets"), "bytes", in.harm().get("bytes"), "explanation", in.doc().path("explanation").asText(null)));
        }
        doc.put("incidents", incidents);
        doc.put("signedLabel", latest == null ? null : JSON.convertValue(latest, Map.class));
        var sealed = ledgerEvidence(row.ip(), "label");
        if (sealed != null) doc.put("ledger", sealed);
        return doc;
    }

    /**
     * Per manufacturer and model: devices seen, provisions failed and by how many devices, and the foreseeability facts.
     * {@code filter} selects devices (time range, grade, manufacturer).
     */
    public Map<String, Object> manufacturers(Predicate<Store.DeviceRow> filter) {
        return manufacturers(filter, null, null);
    }

    /**
     * As above, with the incidents attributed to each group's devices whose traffic falls between {@code since} and
     * {@code until} (ISO-8601 instants, either may be null): count, packets, bytes, and for each incident how many days
     * each of the device's flaws had been public when it began.
     */
    public Map<String, Object> manufacturers(Predicate<Store.DeviceRow> filter, String since, String until) {
        var groups = new TreeMap<String, List<Store.DeviceRow>>();
        for (var d : store.devices()) {
            if (!filter.test(d)) continue;
            String key = (d.manufacturer() == null ? "unidentified" : d.manufacturer()) + "\u0000" + (d.model() == null ? "" : d.model());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
        }
        var doc = new LinkedHashMap<String, Object>();
        doc.put("type", "manufacturer-report");
        doc.put("generatedAt", clock.instant().toString());
        var list = new ArrayList<Map<String, Object>>();
        for (var e : groups.entrySet()) {
            String[] mm = e.getKey().split("\u0000", -1);
            var failedBy = new TreeMap<String, Integer>();
            var facts = new LinkedHashMap<String, Map<String, Object>>();
            var devices = new ArrayList<Map<String, Object>>();
            var incidents = new ArrayList<Map<String, Object>>();
            long packets = 0, bytes = 0;
            for (var d : e.getValue()) {
                devices.add(ordered("ip", d.ip(), "mac", d.mac(), "firmware", d.firmware(), "grade", d.grade(), "lastSeen", d.lastSeen()));
                var findingsOfDevice = store.findings(d.deviceKey(), null);
                for (var in : IncidentReports.ofDevice(store, d, since, until)) {
                    var i = in.row();
                    packets += in.figure("packets");
                    bytes += in.figure("bytes");
                    var flaws = new LinkedHashMap<String, Map<String, Object>>();
                    for (var f : findingsOfDevice) {
                        foreseeability.atIncident(f, i.firstSeen()).ifPresent(x -> flaws.putIfAbsent((String) x.get("flaw"),
                                ordered("flaw", x.get("flaw"), "publicSince", x.get("publicSince"), "daysPublicBeforeIncident", x.get("daysPublicBeforeIncident"))));
                    }
                    incidents.add(columns("id", i.id(), "device", d.ip(), "detector", i.detector(), "firstSeen", i.firstSeen(),
                            "packets", in.harm().get("packets"), "bytes", in.harm().get("bytes"), "foreseeability", new ArrayList<>(flaws.values())));
                }
                var provisionsOfDevice = new java.util.TreeSet<String>();
                for (var f : findingsOfDevice) {
                    provisionsOfDevice.addAll(f.provisions());
                    foreseeability.of(f).ifPresent(x -> facts.merge((String) x.get("flaw"), x, (a, b) ->
                            ((String) a.get("seenOnDevice")).compareTo((String) b.get("seenOnDevice")) <= 0 ? a : b));
                }
                for (String p : provisionsOfDevice) failedBy.merge(p, 1, Integer::sum);
            }
            var provisions = new ArrayList<Map<String, Object>>();
            failedBy.forEach((p, n) -> provisions.add(ordered("provision", p, "devicesFailing", n, "devicesSeen", e.getValue().size())));
            list.add(ordered("manufacturer", mm[0], "model", mm[1].isEmpty() ? null : mm[1], "devicesSeen", e.getValue().size(),
                    "provisionsFailed", provisions, "foreseeability", new ArrayList<>(facts.values()),
                    "incidents", ordered("count", incidents.size(), "packets", packets, "bytes", bytes), "incidentsAttributed", incidents,
                    "devices", devices));
        }
        doc.put("manufacturers", list);
        return doc;
    }

    static Map<String, Object> deviceMap(Store.DeviceRow d) {
        return ordered("deviceKey", d.deviceKey(), "ip", d.ip(), "mac", d.mac(), "macVendor", d.macVendor(), "manufacturer", d.manufacturer(),
                "model", d.model(), "firmware", d.firmware(), "grade", d.grade(), "lastSeen", d.lastSeen(), "lastAudit", d.lastAudit());
    }

    static LinkedHashMap<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Like {@link #ordered} but keeps null values: rows of a table, whose columns must not depend on the first row. */
    static LinkedHashMap<String, Object> columns(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored label is not valid JSON: " + e.getMessage(), e);
        }
    }
}
