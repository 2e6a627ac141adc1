package dev.warden.watch.netflow;

import dev.warden.watch.input.ReadStats;

import java.util.ArrayList;
import java.util.List;

/**
 * Counters of a flow collector or datagram file: what was decoded, and everything that was not, by reason. Malformed
 * datagrams and data sets whose template never arrived are counted here, never thrown.
 */
public final class DecodeStats {
    private static final int KEPT = 5;
    long datagrams, records, templates, malformed, skippedSets, skippedSetBytes, pendingSets, replayedSets, unsupported;
    long lostRecords, lostDatagrams, sequenceResets, droppedDatagrams, exportTimed;
    private final List<String> problems = new ArrayList<>();

    void problem(String p) {
        if (problems.size() < KEPT && !problems.contains(p)) problems.add(p);
    }

    public long datagrams() {
        return datagrams;
    }

    public long records() {
        return records;
    }

    public long templates() {
        return templates;
    }

    /** Datagrams or sets that broke the format (bad version, lengths that run past the end, ...). */
    public long malformed() {
        return malformed;
    }

    /**
     * Data sets dropped because their template never arrived (timeout) or the pending buffer was full. Their records
     * cannot be counted: without the template their length is unknown.
     */
    public long skippedSets() {
        return skippedSets;
    }

    public long skippedSetBytes() {
        return skippedSetBytes;
    }

    /** Data sets that waited for their template and were decoded once it came. */
    public long replayedSets() {
        return replayedSets;
    }

    /**
     * Flow records that the exporters' sequence numbers say were sent and never arrived (NetFlow v5, IPFIX): a lower
     * bound (see {@code FlowDecoder}).
     */
    public long lostRecords() {
        return lostRecords;
    }

    /** Export packets that NetFlow v9 sequence numbers say never arrived (v9 numbers packets, not records). */
    public long lostDatagrams() {
        return lostDatagrams;
    }

    /** Times a stream's sequence number went far back: an exporter that started again (late datagrams are not counted). */
    public long sequenceResets() {
        return sequenceResets;
    }

    /** Datagrams received but dropped because decoding fell behind and the collector's queue was full. */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** Counts datagrams the collector dropped before decoding (its queue was full). */
    public void dropped(long n) {
        droppedDatagrams += n;
    }

    /**
     * Adds what the decoder read to an input's stats: its records, the malformed datagrams or sets and the data sets
     * whose template never arrived as skips, and the loss the sequence numbers and the collector's queue show. The one
     * mapping for a file of datagrams and for a live collector.
     */
    public void addTo(ReadStats stats) {
        stats.delivered(records());
        if (malformed() > 0) stats.skip(malformed(), malformed() + " malformed datagrams or sets (first: " + problems().getFirst() + ")");
        if (skippedSets() > 0) stats.skip(skippedSets(), skippedSets() + " data sets whose template never arrived (" + skippedSetBytes() + " bytes)");
        stats.lost(lostRecords(), lostDatagrams(), droppedDatagrams(), lossSummary());
    }

    /** Anything lost between the exporters and the engine. */
    public boolean lostAny() {
        return lostRecords + lostDatagrams + droppedDatagrams > 0;
    }

    /**
     * What was lost, as a sentence part. The sequence numbers count what was not decoded, whether it was lost on the
     * way or dropped here; the datagrams dropped here are said apart, as a cause, never added to those figures.
     */
    public String lossSummary() {
        var parts = new ArrayList<String>();
        if (lostRecords > 0) parts.add("at least " + lostRecords + " flow record" + (lostRecords == 1 ? "" : "s"));
        if (lostDatagrams > 0) parts.add(lostDatagrams + " NetFlow v9 export packet" + (lostDatagrams == 1 ? "" : "s"));
        var sb = new StringBuilder();
        if (!parts.isEmpty()) sb.append(String.join(" and ", parts)).append(" were not decoded (the exporters' sequence numbers skip them)");
        if (droppedDatagrams > 0) {
            if (!sb.isEmpty()) sb.append("; ");
            sb.append(droppedDatagrams).append(droppedDatagrams == 1 ? " datagram was" : " datagrams were")
                    .append(" dropped here because decoding fell behind (watch.netflow.queue-bytes)")
                    .append(parts.isEmpty() ? "" : ", which the sequence numbers count among the missing where they can");
        }
        return sb.toString();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public String summary() {
        return datagrams + " datagrams, " + records + " flow records, " + templates + " templates, " + malformed + " malformed, "
                + skippedSets + " data sets skipped (template never arrived: " + skippedSetBytes + " bytes), " + replayedSets + " decoded late"
                + (sequenceResets > 0 ? ", " + sequenceResets + " sequence restarts" : "")
                + (exportTimed > 0 ? ", " + exportTimed + " flows timed by their export (time fields unreadable)" : "") + (lostAny() ? "; " + lossSummary() : "");
    }
}
