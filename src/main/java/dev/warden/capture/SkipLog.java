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
    private String tail;

    void skip(String reason) {
        count++;
        if (reasons.size() < MAX_REASONS) reasons.add(reason);
    }

    /** The damage could not be read past: the rest of the file is left unread (kept however many skips came before). */
    void tail(String what) {
        tail = what;
    }

    String tail() {
        return tail;
    }

    long count() {
        return count;
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }
}
