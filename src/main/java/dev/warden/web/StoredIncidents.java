package dev.warden.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.label.Canonical;
import dev.warden.ledger.Ledger;
import dev.warden.store.Store;
import dev.warden.watch.incident.IncidentRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The incident board over what {@code warden watch} stored (docs/watch.md): incidents with their timelines, and each
 * acknowledgement or closing sealed in the evidence ledger ({@code incident-action}) before the store records it, so
 * that who did what, when and why can be proven later. Closing is final.
 */
public final class StoredIncidents implements IncidentBoard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final Store store;
    private final Ledger ledger;
    private final Clock clock;

    /** {@code ledger} is opened for appending under Warden's key (its public key also signs the proofs shown). */
    public StoredIncidents(Store store, Ledger ledger, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The ledger incidents are sealed in, for reports that carry its proofs. */
    public Ledger ledger() {
        return ledger;
    }

    @Override
    public String source() {
        return "watch";
    }

    @Override
    public List<Incident> incidents() {
        return list(Store.IncidentQuery.all());
    }

    @Override
    public List<Incident> incidentsOf(String deviceIp, String deviceMac) {
        return list(Store.IncidentQuery.ofDevice(deviceIp, deviceMac, null, null));
    }

    /**
     * Only the page's incidents are read (rows, documents and timelines); the figures are counted by the database, so a
     * page costs the same however many incidents are stored.
     */
    @Override
    public Page page(Filter filter, int offset, int limit) {
        var counts = store.incidentDays(new Store.IncidentQuery(filter.deviceIp(), null, null, null, null, null));
        var query = new Store.IncidentQuery(filter.deviceIp(), null, filter.status(), null, null, null);
        return Page.of(filter, offset, limit, views(store.incidents(query, offset, limit)), counts);
    }

    /** The incidents {@code query} selects with their timelines. */
    private List<Incident> list(Store.IncidentQuery query) {
        return views(store.incidents(query));
    }

    /** The rows' incidents, their timelines read together (a query per 500, not one per incident). */
    private List<Incident> views(List<Store.IncidentRow> rows) {
        var timelines = store.incidentTimelines(rows.stream().map(Store.IncidentRow::id).toList());
        var out = new ArrayList<Incident>(rows.size());
        for (var row : rows) out.add(view(row, timelines.getOrDefault(row.id(), List.of()), false));
        return out;
    }

    /** Counted by the store in one query: no timeline or document is read. */
    @Override
    public Store.DeviceCounts openIncidentCounts() {
        return store.openIncidentCounts();
    }

    @Override
    public Optional<Incident> incident(String id) {
        return store.incident(id).map(r -> view(r, store.incidentEvents(r.id()), true));
    }

    @Override
    public Optional<Incident> acknowledge(String id, Actor by, String note) {
        return act(id, "acknowledged", by, note);
    }

    @Override
    public Optional<Incident> close(String id, Actor by, String note) {
        return act(id, "closed", by, note);
    }

    private synchronized Optional<Incident> act(String id, String status, Actor by, String note) {
        var current = store.incident(id);
        if (current.isEmpty()) return Optional.empty();
        if ("closed".equals(current.get().status())) throw new IllegalStateException("incident " + id + " is closed: closing is final");
        String now = clock.instant().toString();
        var body = new LinkedHashMap<String, Object>();
        body.put("incident", id);
        body.put("action", status);
        body.put("by", ordered("token", by.tokenId(), "name", by.name()));
        body.put("note", note);
        body.put("at", now);
        long seq = ledger.append(IncidentRecorder.ACTION, current.get().deviceIp(), Canonical.bytes(body)).seq();
        var event = new Store.IncidentEvent(0, now, status, by.tokenId(), by.name(), note, null, seq, now);
        return store.changeIncidentStatus(id, status, event).map(r -> view(r, store.incidentEvents(r.id()), true));
    }

    /** The API's view with {@code events}, its timeline; {@code withProof} adds the inclusion proof of the latest ledger entry (one incident only). */
    private Incident view(Store.IncidentRow row, List<Store.IncidentEvent> events, boolean withProof) {
        Map<String, Object> doc = document(row);
        var timeline = new ArrayList<Event>();
        var entries = new ArrayList<Map<String, Object>>();
        for (var e : events) {
            String who = e.byName() == null ? null : e.byName() + " (" + e.byToken() + ")";
            timeline.add(new Event(e.at(), e.event(), who, e.note()));
            if (e.ledgerSeq() != null) entries.add(ordered("seq", e.ledgerSeq(), "event", e.event()));
        }
        Map<String, Object> ledgerView = null;
        if (!entries.isEmpty()) {
            ledgerView = new LinkedHashMap<>();
            ledgerView.put("entries", entries);
            if (withProof && row.ledgerSeq() != null) ledgerView.put("proof", proof(row.ledgerSeq()));
        }
        if (row.excerptSha256() != null && ledgerView != null) {
            ledgerView.put("excerpt", ordered("sha256", row.excerptSha256(), "packets", row.excerptPackets()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Number> figures = (Map<String, Number>) doc.getOrDefault("figures", Map.of());
        @SuppressWarnings("unchecked")
        List<String> counterparts = (List<String>) doc.getOrDefault("counterparts", List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) doc.getOrDefault("evidence", Map.of());
        @SuppressWarnings("unchecked")
        List<String> flowIds = (List<String>) evidence.getOrDefault("flowIds", List.of());
        long flows = evidence.get("flows") instanceof Number n ? n.longValue() : flowIds.size();
        return new Incident(row.id(), new Device(row.deviceIp(), row.deviceMac()), row.detector(), row.severity(), row.firstSeen(), row.lastSeen(),
                row.status(), String.valueOf(doc.getOrDefault("explanation", "")), figures, counterparts, new Evidence(flows, flowIds),
                List.copyOf(timeline), ledgerView);
    }

    private Map<String, Object> proof(long seq) {
        try {
            return JSON.readValue(ledger.exportProof(seq, Optional.empty(), ledger.publicKey()), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            return ordered("error", e.getMessage());
        }
    }

    private static Map<String, Object> document(Store.IncidentRow row) {
        try {
            return JSON.readValue(row.document(), MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("incident " + row.id() + " has an unreadable document", e);
        }
    }

    private static Map<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
