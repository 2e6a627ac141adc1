package dev.warden.watch.detect;

import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.incident.IncidentBook;

/**
 * The flows a detector saw before its threshold was reached, so that an incident starts at the first flow of the
 * behaviour, not at the one that crossed the line. Keeps the first few ids and the count and span of the rest;
 * forgets everything after a quiet spell longer than the detector's window. Its arrays start at two and grow to
 * {@code keep}: the flood detectors keep one per (device, destination) of ordinary traffic, most of which never has
 * more than a couple of flows. A packet input's flow ids are made up ("P17") and kept as their prefix and number,
 * made into text only for the incident that takes them: most pending evidence never becomes one.
 */
final class PendingEvidence {
    private final int keep;
    /** Each flow's uid, or the prefix of its made-up uid when {@link #numbers} holds the number (-1: the uid itself). */
    private String[] ids;
    private long[] numbers, starts, ends;
    private int kept;
    private long count, minStart = Long.MAX_VALUE, maxEnd = Long.MIN_VALUE;

    PendingEvidence(int keep) {
        this.keep = keep;
        int n = Math.min(keep, 2);
        ids = new String[n];
        numbers = new long[n];
        starts = new long[n];
        ends = new long[n];
    }

    void add(FlowRecord f, long quietMicros) {
        if (count > 0 && f.startMicros() - maxEnd > quietMicros) clear();
        if (kept < keep) {
            if (kept == ids.length) {
                int n = Math.min(keep, 2 * kept);
                ids = java.util.Arrays.copyOf(ids, n);
                numbers = java.util.Arrays.copyOf(numbers, n);
                starts = java.util.Arrays.copyOf(starts, n);
                ends = java.util.Arrays.copyOf(ends, n);
            }
            String uid = f.uidIfMade();
            ids[kept] = uid != null ? uid : f.uidPrefix();
            numbers[kept] = uid != null ? -1 : f.uidNumber();
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
        for (int i = 0; i < kept; i++) d.evidence(numbers[i] < 0 ? ids[i] : FlowRecord.madeUid(ids[i], numbers[i]), starts[i], ends[i]);
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
