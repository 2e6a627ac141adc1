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

    /**
     * A page of the incidents {@code filter} selects, newest first, from {@code offset} on, at most {@code limit}; with
     * the counts a list shows over all of them. Over {@link #incidents()} here; a store reads only the page's details.
     */
    default Page page(Filter filter, int offset, int limit) {
        var mine = incidents().stream().filter(i -> filter.deviceIp() == null || i.device() != null && filter.deviceIp().equals(i.device().ip())).toList();
        var counts = new java.util.ArrayList<dev.warden.store.Store.IncidentDayCount>(mine.size());
        for (Incident i : mine) {
            String seen = i.firstSeen();
            counts.add(new dev.warden.store.Store.IncidentDayCount(seen == null || seen.length() < 10 ? "" : seen.substring(0, 10), i.status(), 1));
        }
        var selected = mine.stream().filter(i -> filter.status() == null || filter.status().equals(i.status())).toList();
        int from = Math.min(offset, selected.size()), to = (int) Math.min(selected.size(), (long) from + limit);
        return Page.of(filter, offset, limit, selected.subList(from, to), counts);
    }

    /** Which incidents a list shows; null means any. {@code deviceIp}: the address an incident was recorded under. */
    record Filter(String status, String deviceIp) {}

    /**
     * A page of a list. {@code total}: incidents the filter selects; {@code byStatus} and {@code byDay}: those of the
     * device filter, whatever their status (a list's figures and chart); {@code incidents}: the page, newest first.
     */
    record Page(int total, int offset, int limit, List<Incident> incidents, Map<String, Integer> byStatus, List<Day> byDay) {
        /**
         * The page {@code incidents} with the figures folded from {@code counts}: the incidents of the device filter by
         * day and status, whatever the status filter (a day of "" is counted by status only). The total is the counts
         * of {@code filter}'s status, or all of them.
         */
        static Page of(Filter filter, int offset, int limit, List<Incident> incidents, List<dev.warden.store.Store.IncidentDayCount> counts) {
            var byStatus = new java.util.LinkedHashMap<String, Integer>();
            for (String s : STATUSES) byStatus.put(s, 0);
            var days = new java.util.TreeMap<String, int[]>();
            long total = 0;
            for (var c : counts) {
                if (filter.status() == null || filter.status().equals(c.status())) total += c.count();
                int k = STATUSES.indexOf(c.status());
                if (k < 0) continue;
                byStatus.merge(c.status(), (int) c.count(), Integer::sum);
                if (!c.day().isEmpty()) days.computeIfAbsent(c.day(), d -> new int[3])[k] += (int) c.count();
            }
            var byDay = new java.util.ArrayList<Day>();
            for (var d : days.entrySet()) byDay.add(new Day(d.getKey(), d.getValue()[0], d.getValue()[1], d.getValue()[2]));
            return new Page((int) total, offset, limit, incidents, byStatus, byDay);
        }
    }

    /** The states of an incident, in the order lists show them. */
    List<String> STATUSES = List.of("open", "acknowledged", "closed");

    /** The incidents first seen on one day (UTC, yyyy-mm-dd), by status. */
    record Day(String day, int open, int acknowledged, int closed) {}

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
