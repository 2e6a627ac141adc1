package dev.warden.watch.detect;

import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.incident.IncidentBook;

/**
 * The flows a detector saw before its threshold was reached, so that an incident starts at the first flow of the
 * behaviour, not at the one that crossed the line. Keeps the first few ids and the count and span of the rest;
 * forgets everything after a quiet spell longer than the detector's window.
 */
final class PendingEvidence {
    private final int keep;
    private final String[] ids;
    private final long[] starts, ends;
    private int kept;
    private long count, minStart = Long.MAX_VALUE, maxEnd = Long.MIN_VALUE;

    PendingEvidence(int keep) {
        this.keep = keep;
        ids = new String[keep];
        starts = new long[keep];
        ends = new long[keep];
    }

    void add(FlowRecord f, long quietMicros) {
        if (count > 0 && f.startMicros() - maxEnd > quietMicros) clear();
        if (kept < keep) {
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
