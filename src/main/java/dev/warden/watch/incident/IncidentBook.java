package dev.warden.watch.incident;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

/**
 * Keeps incidents deduplicated and growing: a detector asks for the draft of (device, detector, key), adds the flows,
 * counterparts and figures it has, and commits. The first commit opens the incident; later ones update it, and
 * listeners hear of updates at most once per update interval. An incident quiet for the idle timeout is closed; the
 * same behaviour later opens a new one. Evidence is bounded (a few flow ids, a few time ranges, a few counterparts) so
 * that an incident of a million flows costs the same memory as one of twenty.
 */
public final class IncidentBook {
    /** Bounds and intervals, all in microseconds or counts. */
    public record Limits(long idleTimeoutMicros, long updateIntervalMicros, int evidenceFlows, int counterparts,
                         int timeRanges, long rangeGapMicros, int maxKept) {}

    private final Limits limits;
    private final List<IncidentListener> listeners;
    /**
     * Open drafts by (detector, device index, key), in the order they were drafted: updates and closings are published
     * in that order, and stored runs number their ledger entries by it.
     */
    private final Map<DraftKey, Draft> open = new LinkedHashMap<>();
    private final DraftKey probe = new DraftKey();
    /** Every incident by id in opening order: an {@link Incident} once closed, its {@link Draft} while open. */
    private final LinkedHashMap<String, Object> all = new LinkedHashMap<>();
    private IntToDoubleFunction anomaly = d -> -1;
    private int sequence;
    private int openIncidents; // committed drafts not yet closed
    private long dropped;
    private String idPrefix = "I";

    public IncidentBook(Limits limits, List<IncidentListener> listeners) {
        this.limits = limits;
        this.listeners = List.copyOf(listeners);
    }

    /** Where anomaly scores come from (device index to 0-100); attached to incidents for ranking only. */
    public void anomalyScores(IntToDoubleFunction scores) {
        this.anomaly = scores;
    }

    /**
     * How incident ids begin (default "I": I1, I2, ...). A stored run names them after itself (W3-I1, W3-I2, ...) so
     * that ids stay unique across runs in one database. Set before the first incident opens.
     */
    public void idPrefix(String prefix) {
        if (sequence > 0) throw new IllegalStateException("incidents are already numbered");
        this.idPrefix = prefix;
    }

    /**
     * Where a draft is filed: (detector, device index, key) without joining them into one string per call. Mutable
     * only for {@link #probe}, the one lookup key that {@link #existing} reuses (a map keeps its own keys, never a
     * lookup's), so that asking for a draft on every packet of a flood allocates nothing.
     */
    private static final class DraftKey {
        String detector, key;
        int device, hash;

        DraftKey set(String detector, int device, String key) {
            this.detector = detector;
            this.device = device;
            this.key = key;
            this.hash = (detector.hashCode() * 31 + device) * 31 + key.hashCode(); // String caches its hash
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DraftKey k && device == k.device && hash == k.hash && key.equals(k.key) && detector.equals(k.detector);
        }
    }

    /** The open draft for this device, detector and key, or a new one that is not an incident until committed. */
    public Draft draft(String detector, Device device, String key) {
        Draft d = open.get(probe.set(detector, device.index(), key));
        if (d == null) {
            var k = new DraftKey().set(detector, device.index(), key);
            d = new Draft(k, detector, device, key);
            open.put(k, d);
        }
        return d;
    }

    /** The open draft if there is one, else null (for detectors that only extend what is already reported). */
    public Draft existing(String detector, Device device, String key) {
        return open.get(probe.set(detector, device.index(), key));
    }

    /** Opens the incident (first commit) or records that it grew; {@code now} is the current event time. */
    public void commit(Draft d, long now) {
        d.changedSinceSnapshot = true;
        d.anomaly = Math.max(d.anomaly, anomaly.applyAsDouble(d.device.index()));
        d.touched = now;
        if (d.id == null) {
            d.id = idPrefix + (++sequence);
            openIncidents++;
            d.detectedAt = now;
            d.lastPublished = now;
            keep(d.id, d);
            if (!listeners.isEmpty()) {
                Incident snap = d.snapshot(true);
                for (IncidentListener l : listeners) l.opened(snap);
            }
        } else {
            d.dirty = true; // a snapshot is made when someone asks: committing stays cheap on every flow of a flood
        }
    }

    private void keep(String id, Object incidentOrDraft) {
        all.put(id, incidentOrDraft);
        if (all.size() > limits.maxKept()) {
            var it = all.entrySet().iterator();
            while (it.hasNext() && all.size() > limits.maxKept()) {
                if (it.next().getValue() instanceof Incident) {
                    it.remove();
                    dropped++;
                }
            }
        }
    }

    /** Moves event time on: publishes grown incidents once per interval, closes quiet ones. */
    public void advance(long now) {
        var closing = new ArrayList<Draft>();
        for (Draft d : open.values()) {
            if (d.id == null) {
                closing.add(d); // drafted but never committed: nothing to report, nothing to keep
                continue;
            }
            if (d.dirty && now - d.lastPublished >= limits.updateIntervalMicros()) {
                d.dirty = false;
                d.lastPublished = now;
                if (!listeners.isEmpty()) {
                    Incident snap = d.snapshot(true);
                    for (IncidentListener l : listeners) l.updated(snap);
                }
            }
            long idle = d.idleMicros > 0 ? d.idleMicros : limits.idleTimeoutMicros();
            if (now - Math.max(d.touched, d.lastSeen) > idle) closing.add(d);
        }
        for (Draft d : closing) close(d);
    }

    private void close(Draft d) {
        open.remove(d.mapKey);
        d.closed = true;
        if (d.id == null) return;
        openIncidents--;
        // the device's peak as it stands at the close: an incident opened at a device's first packets (a scan probe)
        // would otherwise keep the score of a device not yet seen doing anything
        d.anomaly = Math.max(d.anomaly, anomaly.applyAsDouble(d.device.index()));
        Incident snap = d.snapshot(false);
        keep(snap.id(), snap);
        for (IncidentListener l : listeners) l.closed(snap);
    }

    /** The input ended: every open incident is published as it stands and closed. */
    public void finish() {
        for (Draft d : new ArrayList<>(open.values())) {
            if (d.id != null && d.dirty) {
                d.dirty = false;
                Incident snap = d.snapshot(true);
                for (IncidentListener l : listeners) l.updated(snap);
            }
            close(d);
        }
    }

    /** Every incident kept, latest revision, in the order they were opened. */
    public List<Incident> incidents() {
        var out = new ArrayList<Incident>(all.size());
        for (Object o : all.values()) out.add(o instanceof Draft d ? d.snapshot(true) : (Incident) o);
        return out;
    }

    /** Incidents opened and not yet closed (the detector still sees them). */
    public int openCount() {
        return openIncidents;
    }

    /** Incidents opened so far, closed or not (kept or dropped). */
    public int openedCount() {
        return sequence;
    }

    /** Closed incidents dropped to respect {@code watch.incident.max-kept}. */
    public long dropped() {
        return dropped;
    }

    /** An incident being built. Detectors fill it, then {@link #commit}. */
    public final class Draft {
        private final DraftKey mapKey;
        private final String detector, key;
        private final Device device;
        private String id;
        private Severity severity = Severity.MEDIUM;
        private long firstSeen = Long.MAX_VALUE, lastSeen = Long.MIN_VALUE, detectedAt, touched, lastPublished;
        private final LinkedHashSet<String> counterparts = new LinkedHashSet<>();
        private boolean moreCounterparts;
        private final LinkedHashMap<String, Number> figures = new LinkedHashMap<>();
        private final List<String> flowIds = new ArrayList<>();
        private long flows;
        private final List<long[]> ranges = new ArrayList<>();
        private Supplier<String> explanation = () -> "";
        private Facts facts;
        private double anomaly = -1;
        private long idleMicros;
        private boolean dirty, changedSinceSnapshot = true, closed;
        private Incident cached;
        private int revision;

        private Draft(DraftKey mapKey, String detector, Device device, String key) {
            this.mapKey = mapKey;
            this.detector = detector;
            this.device = device;
            this.key = key;
        }

        public boolean isOpen() {
            return id != null;
        }

        /**
         * Whether the book has let this draft go (closed as an incident, or dropped uncommitted): a detector that keeps
         * a draft to skip {@link #existing} on every packet asks this before using it again.
         */
        public boolean isClosed() {
            return closed;
        }

        public Device device() {
            return device;
        }

        /** What the detector filed it under besides the device (a victim, an endpoint, a port). */
        public String key() {
            return key;
        }

        /** Raises the severity (never lowers it: an incident that was critical stays so). */
        public Draft severity(Severity s) {
            if (id == null || s.compareTo(severity) > 0) severity = s;
            return this;
        }

        /** Says that there are more counterparts than are named (a detector that keeps the first few itself). */
        public Draft moreCounterparts() {
            moreCounterparts = true;
            return this;
        }

        /** Names another end; the first few are kept, and whether there were more. */
        public Draft counterpart(String c) {
            if (counterparts.contains(c)) return this;
            if (counterparts.size() < limits.counterparts()) counterparts.add(c);
            else moreCounterparts = true;
            return this;
        }

        /** A flow that shows the incident: extends its time span, keeps the first few ids and merges time ranges. */
        public Draft flow(FlowRecord f) {
            // the uid only when it is kept: a made-up one costs a string (FlowRecord.numbered)
            return evidence(flowIds.size() < limits.evidenceFlows() ? f.uid() : null, f.startMicros(), f.endMicros());
        }

        public Draft evidence(String flowId, long start, long end) {
            flows++;
            if (flowIds.size() < limits.evidenceFlows() && flowId != null && !flowId.isEmpty() && !flowIds.contains(flowId)) flowIds.add(flowId);
            firstSeen = Math.min(firstSeen, start);
            lastSeen = Math.max(lastSeen, end);
            long[] last = ranges.isEmpty() ? null : ranges.getLast();
            long gap = limits.rangeGapMicros();
            if (last != null && start <= last[1] + gap && end >= last[0] - gap) { // the common case: on from the latest range
                last[0] = Math.min(last[0], start);
                last[1] = Math.max(last[1], end);
                if (ranges.size() > 1 && last[0] <= ranges.get(ranges.size() - 2)[1] + gap) coalesce();
                return this;
            }
            // Flows arrive in the order they end (a conn.log, a flow table), so a long one can reach back over earlier
            // ranges: ranges stay sorted by start and never overlap. At the bound, the nearest range absorbs the flow.
            int at = 0;
            while (at < ranges.size() && ranges.get(at)[0] < start) at++;
            if (ranges.size() < limits.timeRanges()) {
                ranges.add(at, new long[]{start, end});
            } else {
                long[] before = at > 0 ? ranges.get(at - 1) : null, after = at < ranges.size() ? ranges.get(at) : null;
                long[] near = before == null ? after : after == null ? before : start - before[1] <= after[0] - end ? before : after;
                near[0] = Math.min(near[0], start);
                near[1] = Math.max(near[1], end);
            }
            coalesce();
            return this;
        }

        /** Merges ranges (sorted by start) that overlap or lie within the gap of each other. */
        private void coalesce() {
            ranges.sort(java.util.Comparator.comparingLong(r -> r[0]));
            for (int i = 1; i < ranges.size(); ) {
                long[] a = ranges.get(i - 1), b = ranges.get(i);
                if (b[0] <= a[1] + limits.rangeGapMicros()) {
                    a[1] = Math.max(a[1], b[1]);
                    ranges.remove(i);
                } else {
                    i++;
                }
            }
        }

        /** A longer quiet time than {@code watch.incident.idle-timeout} before this incident closes (0: the default). */
        public Draft idleTimeout(long micros) {
            idleMicros = micros;
            return this;
        }

        public Draft figure(String name, Number value) {
            figures.put(name, value);
            return this;
        }

        /** A figure set earlier, or null. */
        public Number figureValue(String name) {
            return figures.get(name);
        }

        /**
         * The plain-language sentence, built only when a snapshot is taken (formatting numbers on every flow of a
         * flood would cost more than detecting it: lazy sentences and snapshots took the engine from 238,000 to
         * 453,000 IoT-23 records/s, bench/watch). The supplier should capture values, not state that moves on.
         */
        public Draft explain(Supplier<String> text) {
            explanation = text;
            return this;
        }

        /**
         * Figures and sentence that the detector keeps as plain fields and that are read only when a snapshot is taken:
         * for detectors that commit on every packet of a flood, where boxing figures into the map and a new sentence
         * lambda per packet cost more than the detection (bench/watch/README.md). Set once per draft; the detector
         * updates the object before each commit, and must not change it otherwise (snapshots are cached until the
         * next commit). Its figures follow any set with {@link #figure}.
         */
        public Draft facts(Facts f) {
            facts = f;
            return this;
        }

        /** What {@link #facts(Facts)} set, or null. */
        public Facts facts() {
            return facts;
        }

        public long flows() {
            return flows;
        }

        public long firstSeen() {
            return firstSeen;
        }

        public long lastSeen() {
            return lastSeen;
        }

        private Incident snapshot(boolean isOpen) {
            if (isOpen && cached != null && !changedSinceSnapshot) return cached;
            revision++;
            var rs = new ArrayList<Incident.TimeRange>(ranges.size());
            for (long[] r : ranges) rs.add(new Incident.TimeRange(r[0], r[1]));
            Map<String, Number> figs = figures;
            String text;
            if (facts != null) {
                figs = new LinkedHashMap<>(figures);
                facts.figures(figs);
                text = facts.explanation();
            } else {
                text = explanation.get();
            }
            Incident snap = new Incident(id, device.ref(), detector, key, severity, firstSeen, lastSeen, detectedAt,
                    new ArrayList<>(counterparts), moreCounterparts, figs, new Incident.Evidence(flowIds, flows, rs),
                    text, anomaly, isOpen, revision);
            cached = snap;
            changedSinceSnapshot = false;
            return snap;
        }
    }

    /** See {@link Draft#facts(Facts)}. */
    public interface Facts {
        /** Puts the figures, in the order the incident shows them. */
        void figures(Map<String, Number> into);

        /** The plain-language sentence. */
        String explanation();
    }
}
