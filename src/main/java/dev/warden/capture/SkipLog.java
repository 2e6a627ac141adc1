package dev.warden.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts skipped records and keeps the first reasons: a damaged multi-gigabyte capture could otherwise produce
 * millions of messages.
 */
final class SkipLog {

    static final int MAX_REASONS = 50;

    private final List<String> reasons = new ArrayList<>();
    private long count;

    void skip(String reason) {
        count++;
        if (reasons.size() < MAX_REASONS) reasons.add(reason);
    }

    /** Adds to the reason of the last skip (when it was kept): what became of the rest of the file. */
    void amendLast(String more) {
        if (!reasons.isEmpty() && reasons.size() == count) reasons.set(reasons.size() - 1, reasons.getLast() + more);
    }

    long count() {
        return count;
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }
}
