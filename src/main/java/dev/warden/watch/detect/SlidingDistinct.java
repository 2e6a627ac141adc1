package dev.warden.watch.detect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Distinct values seen within a sliding window of event time, each with the time it was last seen, oldest first.
 * Bounded: past {@code max} values the oldest is forgotten, so a count past the bound reads "at least".
 */
final class SlidingDistinct<T> {
    private final LinkedHashMap<T, Long> seen = new LinkedHashMap<>();
    private final long window;
    private final int max;

    SlidingDistinct(long windowMicros, int max) {
        this.window = windowMicros;
        this.max = max;
    }

    /** Records {@code value} at time {@code t}; true when it was not in the window before. */
    boolean add(T value, long t) {
        expire(t);
        Long old = seen.remove(value);
        seen.put(value, old == null ? t : Math.max(old, t));
        if (seen.size() > max) {
            Iterator<T> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
        return old == null;
    }

    void expire(long now) {
        Iterator<Map.Entry<T, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() >= now - window) break;
            it.remove();
        }
    }

    int size() {
        return seen.size();
    }

    boolean isEmpty() {
        return seen.isEmpty();
    }

    Iterable<T> values() {
        return seen.keySet();
    }
}
