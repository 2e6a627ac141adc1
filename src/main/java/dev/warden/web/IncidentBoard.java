package dev.warden.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the API finds incidents and records what people do with them. Incidents come from {@code warden watch}; until
 * a watch store is attached, {@link #none()} serves an empty list. Acknowledging and closing are recorded by the
 * implementation (in the evidence ledger once it is attached), with the acting token's id and name.
 */
public interface IncidentBoard {
    /** A short word for the source shown by the API ("none" when nothing is attached, "watch" for the incident store). */
    String source();

    List<Incident> incidents();

    Optional<Incident> incident(String id);

    /**
     * The incidents of one device, in the order of {@link #incidents()}: by its MAC when it has one, wherever DHCP moved
     * it (see {@link dev.warden.store.Store#isOfDevice}), else by its IP.
     */
    default List<Incident> incidentsOf(String deviceIp, String deviceMac) {
        return incidents().stream()
                .filter(i -> i.device() != null && dev.warden.store.Store.isOfDevice(i.device().ip(), i.device().mac(), deviceIp, deviceMac)).toList();
    }

    /** How many incidents are not closed (open or acknowledged), by the IP and MAC they were recorded under. */
    default dev.warden.store.Store.DeviceCounts openIncidentCounts() {
        var counts = new dev.warden.store.Store.DeviceCounts();
        for (var i : incidents()) if (i.device() != null && !"closed".equals(i.status())) counts.add(i.device().ip(), i.device().mac(), 1);
        return counts;
    }

    /** Acknowledges an open incident; empty when there is no such incident. Throws IllegalStateException when closed. */
    Optional<Incident> acknowledge(String id, Actor by, String note);

    /** Closes an incident; empty when there is no such incident. Throws IllegalStateException when already closed. */
    Optional<Incident> close(String id, Actor by, String note);

    /** Who acted, as the API knows them: the token's id and name. */
    record Actor(String tokenId, String name) {}

    /**
     * One incident as the API shows it. Times are ISO-8601 instants; {@code figures} are the detector's measured amounts
     * (packets, bytes, duration_s, ...); {@code timeline} is what happened to it, oldest first; {@code ledger} is the
     * incident's ledger entries and inclusion proof, or null until the ledger records it.
     */
    record Incident(String id, Device device, String detector, String severity, String firstSeen, String lastSeen, String status,
                    String explanation, Map<String, Number> figures, List<String> counterparts, Evidence evidence,
                    List<Event> timeline, Map<String, Object> ledger) {}

    record Device(String ip, String mac) {}

    record Evidence(long flows, List<String> flowIds) {}

    record Event(String at, String event, String by, String note) {}

    static IncidentBoard none() {
        return new IncidentBoard() {
            @Override
            public String source() {
                return "none";
            }

            @Override
            public List<Incident> incidents() {
                return List.of();
            }

            @Override
            public Optional<Incident> incident(String id) {
                return Optional.empty();
            }

            @Override
            public Optional<Incident> acknowledge(String id, Actor by, String note) {
                return Optional.empty();
            }

            @Override
            public Optional<Incident> close(String id, Actor by, String note) {
                return Optional.empty();
            }
        };
    }
}
