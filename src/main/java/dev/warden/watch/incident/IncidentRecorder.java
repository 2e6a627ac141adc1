package dev.warden.watch.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.label.Canonical;
import dev.warden.ledger.Ledger;
import dev.warden.ledger.Receipt;
import dev.warden.store.Store;
import dev.warden.watch.report.IncidentReport;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps what {@code warden watch} reports: each incident as it opens, grows and ends goes into the evidence ledger
 * first (one entry per event: {@code incident} when it opens, {@code incident-update} after) and then into the store,
 * whose timeline row names that ledger entry. Ledger before store: after a crash the ledger may hold an event the store
 * lacks, never the reverse, so nothing the store shows is unsealed.
 */
public final class IncidentRecorder implements IncidentListener {
    /** Ledger entry kinds written here and by the people acting on incidents (docs/ledger.md). */
    public static final String OPENED = "incident", UPDATED = "incident-update", ACTION = "incident-action";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final Ledger ledger;
    private final String runId;
    private final Clock clock;
    private long recorded;

    /** {@code ledger} may be null (no ledger attached): the store then keeps incidents without ledger entries. */
    public IncidentRecorder(Store store, Ledger ledger, String runId, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.runId = runId;
        this.clock = clock;
    }

    @Override
    public void opened(Incident i) {
        record(i, "opened", i.detectedAt(), OPENED);
    }

    @Override
    public void updated(Incident i) {
        record(i, "updated", i.updatedAt(), UPDATED);
    }

    @Override
    public void closed(Incident i) {
        record(i, "ended", i.updatedAt(), UPDATED);
    }

    private void record(Incident i, String event, long atMicros, String kind) {
        Map<String, Object> document = IncidentReport.toMap(i);
        Long seq = null;
        if (ledger != null) {
            var body = new LinkedHashMap<String, Object>();
            body.put("incident", i.id());
            body.put("run", runId);
            body.put("event", event);
            body.put("revision", i.revision());
            body.put("document", document);
            Receipt r = ledger.append(kind, i.device().ip(), Canonical.bytes(body));
            seq = r.seq();
        }
        String now = clock.instant().toString();
        var row = new Store.IncidentRow(i.id(), runId, i.device().ip(), i.device().mac(), i.detector(), i.severity().label(),
                IncidentReport.iso(i.firstSeen()), IncidentReport.iso(i.lastSeen()), IncidentReport.iso(i.detectedAt()), i.open(), "open",
                i.revision(), json(document), null, null, null, seq, now);
        store.recordIncident(row, new Store.IncidentEvent(0, IncidentReport.iso(atMicros), event, null, null, null, i.revision(), seq, now));
        recorded++;
    }

    /** Seals a written pcap excerpt (its file name, SHA-256 and size) and attaches it to the stored incident. */
    public void excerpt(PcapExcerpts.Excerpt e) {
        Long seq = null;
        if (ledger != null) {
            var body = new LinkedHashMap<String, Object>();
            body.put("incident", e.incidentId());
            body.put("run", runId);
            body.put("event", "excerpt");
            body.put("file", e.file().getFileName().toString());
            body.put("sha256", e.sha256());
            body.put("packets", e.packets());
            body.put("bytes", e.bytes());
            body.put("truncated", e.truncated());
            seq = ledger.append(UPDATED, e.deviceIp(), Canonical.bytes(body)).seq();
        }
        String now = clock.instant().toString();
        store.recordExcerpt(e.incidentId(), e.file().toAbsolutePath().toString(), e.sha256(), e.packets(),
                new Store.IncidentEvent(0, now, "excerpt", null, null, e.packets() + " packets, SHA-256 " + e.sha256()
                        + (e.truncated() ? " (cut at the excerpt limits)" : ""), null, seq, now));
    }

    /** Events recorded (opened, updated, ended). */
    public long recorded() {
        return recorded;
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
