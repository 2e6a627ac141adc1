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
        return Page.of(mine, Incident::status, Incident::firstSeen, filter, offset, limit, page -> page);
    }

    /** Which incidents a list shows; null means any. {@code deviceIp}: the address an incident was recorded under. */
    record Filter(String status, String deviceIp) {}

    /**
     * A page of a list. {@code total}: incidents the filter selects; {@code byStatus} and {@code byDay}: those of the
     * device filter, whatever their status (a list's figures and chart); {@code incidents}: the page, newest first.
     */
    record Page(int total, int offset, int limit, List<Incident> incidents, Map<String, Integer> byStatus, List<Day> byDay) {
        /**
         * The page of {@code mine} (the incidents of the device filter, newest first) that {@code filter}'s status and
         * {@code offset}/{@code limit} select; {@code view} turns only that page into incidents.
         */
        static <T> Page of(List<T> mine, java.util.function.Function<T, String> status, java.util.function.Function<T, String> firstSeen, Filter filter,
                           int offset, int limit, java.util.function.Function<List<T>, List<Incident>> view) {
            var byStatus = new java.util.LinkedHashMap<String, Integer>();
            for (String s : STATUSES) byStatus.put(s, 0);
            var days = new java.util.TreeMap<String, int[]>();
            var selected = new java.util.ArrayList<T>();
            for (T i : mine) {
                int k = STATUSES.indexOf(status.apply(i));
                if (k >= 0) {
                    byStatus.merge(STATUSES.get(k), 1, Integer::sum);
                    String seen = firstSeen.apply(i);
                    days.computeIfAbsent(seen == null || seen.length() < 10 ? "" : seen.substring(0, 10), d -> new int[3])[k]++;
                }
                if (filter.status() == null || filter.status().equals(status.apply(i))) selected.add(i);
            }
            var byDay = new java.util.ArrayList<Day>();
            for (var d : days.entrySet()) if (!d.getKey().isEmpty()) byDay.add(new Day(d.getKey(), d.getValue()[0], d.getValue()[1], d.getValue()[2]));
            int from = Math.min(offset, selected.size()), to = (int) Math.min(selected.size(), (long) from + limit);
            return new Page(selected.size(), offset, limit, view.apply(selected.subList(from, to)), byStatus, byDay);
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
