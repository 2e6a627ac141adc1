package dev.warden.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The liability worksheet of one incident (docs/reports.md): for each party (manufacturer, owner, network operator,
 * attack target) the recorded facts that bear on duty, breach, foreseeability and harm, each citing its evidence (label
 * id, finding id, incident event, watch run) and the ledger entries that seal it. Facts only: it draws no conclusion,
 * and where the device was never audited it says which facts are missing instead of guessing them.
 */
final class LiabilityWorksheet {
    static final String NOTICE = "Recorded facts arranged by party for a lawyer, insurer or regulator. This is not legal advice and "
            + "draws no legal conclusion: whether a party owed a duty, breached it, could foresee the harm or is liable is for a "
            + "court or regulator to decide. Each fact cites its evidence and the evidence-ledger entries that seal it "
            + "(check them with: warden ledger prove SEQ).";
    private static final String[] HEADINGS = {"duty", "breach", "foreseeability", "harm"};

    private final Store store;
    private final LedgerEvidence ledger;
    private final Foreseeability foreseeability;
    private final Clock clock;

    LiabilityWorksheet(Store store, LedgerEvidence ledger, Foreseeability foreseeability, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.foreseeability = foreseeability;
        this.clock = clock;
    }

    /** One fact with what backs it; {@code seqs} are ledger entries, never null. */
    static Map<String, Object> fact(String text, List<String> evidence, List<Long> seqs) {
        return Reports.columns("fact", text, "evidence", evidence, "ledgerEntries", seqs);
    }

    private static List<Long> seqs(Long... seqs) {
        var out = new ArrayList<Long>();
        for (Long s : seqs) if (s != null && !out.contains(s)) out.add(s);
        return out;
    }

    /** What the incident's stored timeline offers as citations. */
    private record Timeline(Store.IncidentEvent opened, Store.IncidentEvent lastDetector, Store.IncidentEvent excerpt, List<Store.IncidentEvent> actions) {
        String cite(Store.IncidentEvent e, String incidentId) {
            return "incident " + incidentId + " event " + e.event() + " (" + e.at() + ")";
        }
    }

    Map<String, Object> build(String id) {
        var in = IncidentReports.load(store, id);
        var row = in.row();
        var events = store.incidentEvents(id);
        Store.IncidentEvent opened = events.stream().filter(e -> e.event().equals("opened")).findFirst().orElse(events.getFirst());
        Store.IncidentEvent last = events.stream().filter(e -> e.revision() != null).reduce((a, b) -> b).orElse(opened);
        var actions = events.stream().filter(e -> e.byName() != null || e.byToken() != null).toList();
        var excerpt = events.stream().filter(e -> e.event().equals("excerpt")).reduce((a, b) -> b).orElse(null);
        var t = new Timeline(opened, last, excerpt, actions);
        Optional<AuditFacts> audit = AuditFacts.deviceOf(store.devices(), row.deviceIp(), row.deviceMac()).map(d -> AuditFacts.of(store, ledger, d, row.firstSeen()));

        var doc = new LinkedHashMap<String, Object>();
        doc.put("type", "liability-worksheet");
        doc.put("generatedAt", clock.instant().toString());
        doc.put("notice", NOTICE);
        doc.put("incident", Reports.ordered("id", row.id(), "detector", row.detector(), "severity", row.severity(), "device", row.deviceIp(),
                "firstSeen", row.firstSeen(), "lastSeen", row.lastSeen(), "explanation", in.doc().path("explanation").asText(null),
                "latestLedgerEntry", row.ledgerSeq()));
        var missing = new ArrayList<String>();
        if (audit.isEmpty()) {
            missing.add("manufacturer, model and firmware: the device at " + row.deviceIp() + " was never audited (warden audit " + row.deviceIp() + ")");
            missing.add("breach: no audit label, so no provisions failed and no findings are on record");
            missing.add("foreseeability of the device's flaws: no findings, so no public dates to compare with the incident");
        } else if (audit.get().label() == null) {
            missing.add("the device's audit left no label: no provisions failed and no findings are on record");
        }
        doc.put("missingFacts", missing);
        var harm = harm(in, t);
        var parties = new ArrayList<Map<String, Object>>();
        parties.add(party("manufacturer", audit.map(a -> name(a.device())).orElse("unknown: the device was never audited"),
                manufacturer(in, t, audit, harm)));
        parties.add(party("owner", "whoever owns the device at " + row.deviceIp() + (row.deviceMac() == null ? "" : " (MAC " + row.deviceMac() + ")")
                + "; Warden does not record owners", owner(in, t, audit, harm)));
        parties.add(party("network operator", "the operator of the network watched in run " + row.runId(), operator(in, t, audit, harm)));
        parties.add(party("attack target", target(in), Map.of("harm", targetHarm(in, t, harm))));
        doc.put("parties", parties);
        return doc;
    }

    private static String name(Store.DeviceRow d) {
        return d.manufacturer() == null ? "unidentified manufacturer (audited, not recognised)" : d.manufacturer() + (d.model() == null ? "" : " " + d.model());
    }

    private static Map<String, Object> party(String party, String who, Map<String, List<Map<String, Object>>> facts) {
        var m = Reports.ordered("party", party, "who", who);
        for (String h : HEADINGS) m.put(h, facts.getOrDefault(h, List.of()));
        return m;
    }

    /** The harm figures as one fact, cited to the detector's latest event. */
    private static Map<String, Object> harm(IncidentReports.Loaded in, Timeline t) {
        var row = in.row();
        var h = in.harm();
        String text;
        if (h.isEmpty()) {
            var figures = new ArrayList<String>();
            in.doc().path("figures").fields().forEachRemaining(e -> figures.add(e.getKey() + " " + e.getValue().asText()));
            text = "The detector measured no packets or bytes; its figures: " + String.join(", ", figures) + ".";
        } else {
            text = "Traffic of the incident: " + describe(h) + ", from " + row.firstSeen() + " to " + row.lastSeen() + ".";
        }
        return fact(text, List.of(t.cite(t.lastDetector(), row.id())), seqs(t.lastDetector().ledgerSeq()));
    }

    static String describe(Map<String, Object> h) {
        var parts = new ArrayList<String>();
        if (h.containsKey("packets")) parts.add(String.format(Locale.ROOT, "%,d packets", ((Number) h.get("packets")).longValue()));
        if (h.containsKey("bytes")) parts.add(String.format(Locale.ROOT, "%,d bytes", ((Number) h.get("bytes")).longValue()));
        if (h.containsKey("duration_s")) parts.add("over " + h.get("duration_s") + " s");
        if (h.containsKey("peak_rate")) parts.add("peak " + h.get("peak_rate") + " per second");
        return String.join(", ", parts);
    }

    private Map<String, List<Map<String, Object>>> manufacturer(IncidentReports.Loaded in, Timeline t, Optional<AuditFacts> audit, Map<String, Object> harm) {
        var out = new LinkedHashMap<String, List<Map<String, Object>>>();
        if (audit.isEmpty() || audit.get().label() == null) {
            out.put("harm", List.of(harm));
            return out;
        }
        var a = audit.get();
        var d = a.device();
        var labelCite = List.of("label " + a.labelId());
        var duty = new ArrayList<Map<String, Object>>();
        duty.add(fact("The audit identified the device at " + d.ip() + " as " + name(d) + (d.firmware() == null ? "" : ", firmware " + d.firmware()) + ".",
                labelCite, seqs(a.labelSeq())));
        var baselines = new LinkedHashSet<String>();
        for (JsonNode v : a.label().path("verdicts")) baselines.add(v.path("baseline").asText());
        duty.add(fact("The audit assessed the device against: " + String.join(", ", baselines) + ".", labelCite, seqs(a.labelSeq())));
        out.put("duty", duty);

        var breach = new ArrayList<Map<String, Object>>();
        breach.add(fact("The label graded the device " + a.grade() + " on " + a.issuedAt() + " (" + relative(a.issuedAt(), in.row().firstSeen()) + ").",
                labelCite, seqs(a.labelSeq())));
        for (var p : a.failed()) {
            breach.add(fact("Failed " + p.provision() + " (" + p.title() + "): " + p.evidence() + ".",
                    p.findingIds().isEmpty() ? labelCite : p.findingIds().stream().map(f -> "finding " + f).toList(),
                    p.ledgerSeqs().isEmpty() ? seqs(a.labelSeq()) : p.ledgerSeqs()));
        }
        out.put("breach", breach);

        var foresee = new ArrayList<Map<String, Object>>();
        var flaws = new LinkedHashSet<String>();
        for (var f : a.findings()) {
            foreseeability.atIncident(f.row(), in.row().firstSeen()).ifPresent(x -> {
                if (!flaws.add((String) x.get("flaw"))) return;
                foresee.add(fact("Flaw \"" + x.get("flaw") + "\" public since " + x.get("publicSince") + " (" + x.get("source") + "); the incident began "
                        + x.get("incidentFirstSeen") + ", " + x.get("daysPublicBeforeIncident") + " days later.",
                        List.of("finding " + f.id(), t.cite(t.opened(), in.row().id())), seqs(f.ledgerSeq(), t.opened().ledgerSeq())));
            });
        }
        out.put("foreseeability", foresee);
        out.put("harm", List.of(harm));
        return out;
    }

    private Map<String, List<Map<String, Object>>> owner(IncidentReports.Loaded in, Timeline t, Optional<AuditFacts> audit, Map<String, Object> harm) {
        var row = in.row();
        var out = new LinkedHashMap<String, List<Map<String, Object>>>();
        out.put("duty", List.of(fact("The device was on the watched network at " + row.deviceIp() + (row.deviceMac() == null ? "" : " (MAC " + row.deviceMac() + ")")
                + " while the incident's traffic was seen, " + row.firstSeen() + " to " + row.lastSeen() + ".", List.of(t.cite(t.opened(), row.id())), seqs(t.opened().ledgerSeq()))));
        if (audit.isPresent() && audit.get().label() != null) {
            var a = audit.get();
            var breach = new ArrayList<Map<String, Object>>();
            var remediations = new LinkedHashSet<String>();
            for (var f : a.findings()) {
                if (f.row().remediation() == null || !remediations.add(f.row().remediation())) continue;
                breach.add(fact("The label of " + a.issuedAt() + " (" + relative(a.issuedAt(), row.firstSeen()) + ") recommended: " + f.row().remediation(),
                        List.of("finding " + f.id()), seqs(f.ledgerSeq())));
            }
            out.put("breach", breach);
            out.put("foreseeability", List.of(fact("A label grading the device " + a.grade() + " was issued " + a.issuedAt() + ", "
                    + relative(a.issuedAt(), row.firstSeen()) + ".", List.of("label " + a.labelId()), seqs(a.labelSeq()))));
        }
        out.put("harm", List.of(harm));
        return out;
    }

    private Map<String, List<Map<String, Object>>> operator(IncidentReports.Loaded in, Timeline t, Optional<AuditFacts> audit, Map<String, Object> harm) {
        var row = in.row();
        var out = new LinkedHashMap<String, List<Map<String, Object>>>();
        var run = store.watchRuns().stream().filter(r -> r.id().equals(row.runId())).findFirst();
        out.put("duty", List.of(fact("Warden watch run " + row.runId() + " read: " + run.map(Store.WatchRunRow::inputs).orElse("(run not found)")
                + "; it started " + run.map(Store.WatchRunRow::startedAt).orElse("?") + ".", List.of("watch run " + row.runId()), seqs())));
        var breach = new ArrayList<Map<String, Object>>();
        long afterFirst = Duration.between(Instant.parse(row.firstSeen()), Instant.parse(row.detectedAt())).toMillis();
        long afterDetection = Duration.between(Instant.parse(row.detectedAt()), Instant.parse(row.lastSeen())).toMillis();
        breach.add(fact("Detector " + row.detector() + " raised the incident at " + row.detectedAt() + ", " + seconds(afterFirst) + " s after its first traffic; "
                + "the traffic was last seen " + row.lastSeen() + (afterDetection > 0 ? ", " + seconds(afterDetection) + " s after detection." : "."),
                List.of(t.cite(t.opened(), row.id()), t.cite(t.lastDetector(), row.id())), seqs(t.opened().ledgerSeq(), t.lastDetector().ledgerSeq())));
        if (t.actions().isEmpty()) {
            breach.add(fact("No acknowledgement or closure is recorded; status: " + row.status() + ".", List.of("incident " + row.id()), seqs()));
        }
        for (var e : t.actions()) {
            breach.add(fact("Incident " + e.event() + " at " + e.at() + " by " + (e.byName() == null ? "token " + e.byToken() : e.byName())
                    + (e.note() == null ? "." : ": " + e.note()), List.of(t.cite(e, row.id())), seqs(e.ledgerSeq())));
        }
        out.put("breach", breach);
        audit.filter(a -> a.issuedAt() != null && a.issuedAt().compareTo(row.firstSeen()) < 0).ifPresent(a ->
                out.put("foreseeability", List.of(fact("A Warden audit graded the device " + a.grade() + " on " + a.issuedAt()
                        + ", " + relative(a.issuedAt(), row.firstSeen()) + ".", List.of("label " + a.labelId()), seqs(a.labelSeq())))));
        out.put("harm", List.of(harm));
        return out;
    }

    private static String target(IncidentReports.Loaded in) {
        var row = in.row();
        if (row.detector().startsWith("victim-")) return "the device itself (" + row.deviceIp() + "), target of the flood";
        if (!IncidentReports.counterpartsAreTargets(row.detector())) {
            return "none recorded: the counterparts of " + row.detector() + " are " + IncidentReports.counterpartRole(row.detector());
        }
        var c = in.counterparts();
        return String.join(", ", c) + (in.doc().path("moreCounterparts").asBoolean(false) ? " and more" : "");
    }

    private static List<Map<String, Object>> targetHarm(IncidentReports.Loaded in, Timeline t, Map<String, Object> harm) {
        var row = in.row();
        if (!row.detector().startsWith("victim-") && !IncidentReports.counterpartsAreTargets(row.detector())) return List.of();
        var out = new ArrayList<Map<String, Object>>();
        out.add(harm);
        if (row.excerptSha256() != null) {
            out.add(fact("The packets are kept as a pcap excerpt of " + row.excerptPackets() + " packets, SHA-256 " + row.excerptSha256() + ".",
                    List.of("pcap excerpt " + java.nio.file.Path.of(row.excerptPath()).getFileName()),
                    seqs(t.excerpt() == null ? null : t.excerpt().ledgerSeq())));
        }
        return out;
    }

    /** "12 days before the incident began", "3 h after the incident began", "64 s before the incident began". */
    static String relative(String at, String incidentFirstSeen) {
        var d = Duration.between(Instant.parse(at), Instant.parse(incidentFirstSeen));
        var abs = d.abs();
        String amount = abs.toDays() >= 1 ? abs.toDays() + (abs.toDays() == 1 ? " day" : " days")
                : abs.toHours() >= 1 ? abs.toHours() + " h" : abs.toMinutes() >= 1 ? abs.toMinutes() + " min" : abs.toSeconds() + " s";
        return amount + (d.isNegative() ? " after" : " before") + " the incident began";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
