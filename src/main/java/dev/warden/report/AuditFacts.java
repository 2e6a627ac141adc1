package dev.warden.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.store.Store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one audit of a device recorded, with the ids that cite it: the label id, each finding's id
 * ({@code LABEL-ID#INDEX}, its position in the label's findings as the ledger's {@code finding} entries number them),
 * and the ledger entry of the label and of each finding. For an incident it is the audit in force when the incident
 * began (the latest label issued by then), so that a later re-audit does not erase that the owner was warned before.
 */
record AuditFacts(Store.DeviceRow device, JsonNode label, String labelId, Long labelSeq, List<FindingFact> findings,
                  List<FailedProvision> failed, String grade) {
    record FindingFact(String id, Store.FindingRow row, Long ledgerSeq) {}

    /** One provision the label failed: "ETSI EN 303 645 5.1-1", its title and evidence, the findings behind it. */
    record FailedProvision(String provision, String title, String evidence, List<FindingFact> findings) {
        List<String> findingIds() {
            return findings.stream().map(FindingFact::id).toList();
        }

        List<Long> ledgerSeqs() {
            return findings.stream().map(FindingFact::ledgerSeq).filter(java.util.Objects::nonNull).toList();
        }
    }

    /**
     * The audited device an incident's traffic came from: same IP, and the same MAC when both sides know one (a MAC
     * that differs means another device has since held that address).
     */
    static Optional<Store.DeviceRow> deviceOf(List<Store.DeviceRow> devices, String ip, String mac) {
        return devices.stream().filter(d -> d.ip().equals(ip))
                .filter(d -> d.mac() == null || mac == null || d.mac().equalsIgnoreCase(mac)).findFirst();
    }

    static AuditFacts of(Store store, LedgerEvidence ledger, Store.DeviceRow device) {
        return of(store, ledger, device, null);
    }

    /**
     * The audit in force at {@code asOf} (an ISO-8601 instant; null for the latest): the last label issued at or before
     * it, or, when every label came later, the first one (the report then says it came after).
     */
    static AuditFacts of(Store store, LedgerEvidence ledger, Store.DeviceRow device, String asOf) {
        var history = store.labelHistory(device.deviceKey());
        Store.LabelRow chosen = history.isEmpty() ? null : history.getLast();
        if (asOf != null && !history.isEmpty()) {
            java.time.Instant at = java.time.Instant.parse(asOf);
            chosen = history.getFirst();
            for (var l : history) if (!java.time.Instant.parse(l.issuedAt()).isAfter(at)) chosen = l;
        }
        JsonNode label = chosen == null ? null : Reports.parse(chosen.document());
        String grade = chosen != null && chosen.grade() != null ? chosen.grade() : device.grade();
        String labelId = label == null ? null : label.path("labelId").asText(null);
        Long labelSeq = null;
        var findingSeqs = new HashMap<Integer, Long>();
        if (labelId != null) {
            for (var e : ledger.entries("label", device.ip())) {
                if (labelId.equals(LedgerEvidence.body(e).path("labelId").asText())) labelSeq = e.seq();
            }
            for (var e : ledger.entries("finding", device.ip())) {
                JsonNode body = LedgerEvidence.body(e);
                if (labelId.equals(body.path("labelId").asText())) findingSeqs.put(body.path("index").asInt(), e.seq());
            }
        }
        var findings = new ArrayList<FindingFact>();
        var rows = store.findings(device.deviceKey(), chosen == null ? null : chosen.auditId());
        for (int i = 0; i < rows.size(); i++) {
            findings.add(new FindingFact((labelId == null ? device.lastAudit() + "/" + device.ip() : labelId) + "#" + i, rows.get(i), findingSeqs.get(i)));
        }
        var failed = new ArrayList<FailedProvision>();
        if (label != null) {
            for (JsonNode v : label.path("verdicts")) {
                if (!"fail".equals(v.path("verdict").asText())) continue;
                String provision = v.path("baseline").asText() + " " + v.path("provision").asText();
                var behind = findings.stream().filter(f -> f.row().provisions().contains(provision)).toList();
                failed.add(new FailedProvision(provision, v.path("title").asText(), v.path("evidence").asText(), behind));
            }
        }
        return new AuditFacts(device, label, labelId, labelSeq, findings, failed, grade);
    }

    String issuedAt() {
        return label == null ? null : label.path("issuedAt").asText(null);
    }

    /** The failed provisions as report rows: provision, title, evidence, finding ids, ledger entries. */
    List<Map<String, Object>> failedRows() {
        var out = new ArrayList<Map<String, Object>>();
        for (var p : failed) {
            out.add(Reports.ordered("provision", p.provision(), "title", p.title(), "evidence", p.evidence(),
                    "findings", p.findingIds(), "ledgerEntries", p.ledgerSeqs()));
        }
        return out;
    }
}
