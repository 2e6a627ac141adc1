package dev.warden.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory incident board standing in for the incident store of {@code warden watch} until it is attached: a few
 * incidents of the shape the API documents, and acknowledge/close with the same rules (closed is final).
 */
final class TestIncidents implements IncidentBoard {
    private final Map<String, Incident> byId = new LinkedHashMap<>();

    static TestIncidents seeded(String deviceIp) {
        var t = new TestIncidents();
        t.put(new Incident("I1", new Device(deviceIp, null), "mirai-scan", "high", "2026-11-20T10:00:00Z", "2026-11-20T10:42:00Z", "open",
                "The device opened telnet connections to 1,204 addresses in 42 minutes: Mirai-style scanning.",
                figures("packets", 24080, "bytes", 1445000, "destinations", 1204, "duration_s", 2520), List.of("198.51.100.7", "203.0.113.9"),
                new Evidence(1204, List.of("F17", "F18", "F19")), List.of(new Event("2026-11-20T10:05:00Z", "opened", null, null)), null));
        t.put(new Incident("I2", new Device(deviceIp, null), "syn-flood", "critical", "2026-11-22T08:00:00Z", "2026-11-22T08:10:00Z", "open",
                "The device sent 900,000 SYN packets to one address in ten minutes: a flood.",
                figures("packets", 900000, "bytes", 54000000, "duration_s", 600, "peak_pps", 2100), List.of("192.0.2.44"),
                new Evidence(3, List.of("F90", "F91", "F92")), List.of(new Event("2026-11-22T08:00:30Z", "opened", null, null)), null));
        t.put(new Incident("I3", new Device(deviceIp, null), "telnet-brute-force", "medium", "2026-11-24T21:00:00Z", "2026-11-24T21:03:00Z", "closed",
                "The device tried 300 telnet logins on one host.", figures("attempts", 300, "duration_s", 180), List.of("192.0.2.80"),
                new Evidence(300, List.of("F200")), List.of(new Event("2026-11-24T21:00:10Z", "opened", null, null),
                new Event("2026-11-24T22:00:00Z", "closed", "earlier operator", "false alarm")), null));
        return t;
    }

    private static Map<String, Number> figures(Object... kv) {
        var m = new LinkedHashMap<String, Number>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Number) kv[i + 1]);
        return m;
    }

    private void put(Incident i) {
        byId.put(i.id(), i);
    }

    @Override
    public String source() {
        return "test";
    }

    @Override
    public synchronized List<Incident> incidents() {
        return List.copyOf(byId.values());
    }

    @Override
    public synchronized Optional<Incident> incident(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Incident> acknowledge(String id, Actor by, String note) {
        return change(id, "acknowledged", by, note);
    }

    @Override
    public synchronized Optional<Incident> close(String id, Actor by, String note) {
        return change(id, "closed", by, note);
    }

    private Optional<Incident> change(String id, String status, Actor by, String note) {
        var i = byId.get(id);
        if (i == null) return Optional.empty();
        if (i.status().equals("closed")) throw new IllegalStateException("incident " + id + " is closed");
        var timeline = new ArrayList<>(i.timeline());
        timeline.add(new Event(java.time.Instant.now().toString(), status, by.name() + " (" + by.tokenId() + ")", note));
        var changed = new Incident(i.id(), i.device(), i.detector(), i.severity(), i.firstSeen(), i.lastSeen(), status, i.explanation(), i.figures(),
                i.counterparts(), i.evidence(), List.copyOf(timeline), i.ledger());
        byId.put(id, changed);
        return Optional.of(changed);
    }
}
