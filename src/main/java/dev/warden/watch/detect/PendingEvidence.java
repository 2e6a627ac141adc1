package dev.warden.watch.detect;

import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.incident.IncidentBook;

/**
 * The flows a detector saw before its threshold was reached, so that an incident starts at the first flow of the
 * behaviour, not at the one that crossed the line. Keeps the first few ids and the count and span of the rest;
 * forgets everything after a quiet spell longer than the detector's window. Its arrays start at two and grow to
 * {@code keep}: the flood detectors keep one per (device, destination) of ordinary traffic, most of which never has
 * more than a couple of flows.
 */
final class PendingEvidence {
    private final int keep;
    private String[] ids;
    private long[] starts, ends;
    private int kept;
    private long count, minStart = Long.MAX_VALUE, maxEnd = Long.MIN_VALUE;

    PendingEvidence(int keep) {
        this.keep = keep;
        int n = Math.min(keep, 2);
        ids = new String[n];
        starts = new long[n];
        ends = new long[n];
    }

    void add(FlowRecord f, long quietMicros) {
        if (count > 0 && f.startMicros() - maxEnd > quietMicros) clear();
        if (kept < keep) {
            if (kept == ids.length) {
                int n = Math.min(keep, 2 * kept);
                ids = java.util.Arrays.copyOf(ids, n);
                starts = java.util.Arrays.copyOf(starts, n);
                ends = java.util.Arrays.copyOf(ends, n);
            }
            ids[kept] = f.uid();
            starts[kept] = f.startMicros();
            ends[kept] = f.endMicros();
            kept++;
        }
        count++;
        minStart = Math.min(minStart, f.startMicros());
        maxEnd = Math.max(maxEnd, f.endMicros());
    }

    /** Moves what was gathered into the incident and starts over. */
    void drainInto(IncidentBook.Draft d) {
        for (int i = 0; i < kept; i++) d.evidence(ids[i], starts[i], ends[i]);
        for (long i = kept; i < count; i++) d.evidence(null, minStart, maxEnd);
        clear();
    }

    void clear() {
        for (int i = 0; i < kept; i++) ids[i] = null;
        kept = 0;
        count = 0;
        minStart = Long.MAX_VALUE;
        maxEnd = Long.MIN_VALUE;
    }

    long count() {
        return count;
    }
}
