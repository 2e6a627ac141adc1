package dev.warden.watch.netflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Counters of a flow collector or datagram file: what was decoded, and everything that was not, by reason. Malformed
 * datagrams and data sets whose template never arrived are counted here, never thrown.
 */
public final class DecodeStats {
    private static final int KEPT = 5;
    long datagrams, records, templates, malformed, skippedSets, skippedSetBytes, pendingSets, replayedSets, unsupported;
    private final List<String> problems = new ArrayList<>();

    void problem(String p) {
        if (problems.size() < KEPT) problems.add(p);
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

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public String summary() {
        return datagrams + " datagrams, " + records + " flow records, " + templates + " templates, " + malformed + " malformed, "
                + skippedSets + " data sets skipped (template never arrived: " + skippedSetBytes + " bytes), " + replayedSets + " decoded late";
    }
}
