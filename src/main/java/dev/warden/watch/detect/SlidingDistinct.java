package dev.warden.watch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Distinct values seen within a sliding window of event time that ends at the latest time seen, each with the time it
 * was last seen. Times may arrive out of order (flows end in the order of their deadlines, not of their last packets,
 * and captures read one after another may go back in time): a value counts while its latest time is within the window
 * of the latest time, exactly, and a time already outside the window is not added. Bounded: past {@code max} values
 * the oldest is forgotten, so a count past the bound reads "at least".
 */
final class SlidingDistinct<T> {
    private record Seen<T>(long time, long order, T value) {}

    private static final Comparator<Seen<?>> OLDEST_FIRST = Comparator.<Seen<?>>comparingLong(Seen::time).thenComparingLong(Seen::order);

    private final Map<T, Long> latestOf = new LinkedHashMap<>();
    /** One entry per add, oldest first; an entry whose value was seen again later is stale and skipped. */
    private final PriorityQueue<Seen<T>> byTime = new PriorityQueue<>(OLDEST_FIRST);
    private final long window;
    private final int max;
    private long latest = Long.MIN_VALUE, order;

    SlidingDistinct(long windowMicros, int max) {
        this.window = windowMicros;
        this.max = max;
    }

    /** Records {@code value} at time {@code t}; true when it was not in the window before. */
    boolean add(T value, long t) {
        expire(t);
        if (t < latest - window) return false; // older than the window already
        Long old = latestOf.get(value);
        if (old != null && old >= t) return false;
        latestOf.put(value, t);
        byTime.add(new Seen<>(t, order++, value));
        if (byTime.size() > 2 * latestOf.size() + 64) compact();
        if (latestOf.size() > max) {
            while (!byTime.isEmpty() && !dropIfCurrent(byTime.poll())) {
                // stale entries on the way to the oldest current one
            }
        }
        return old == null;
    }

    /** Moves the window's end to {@code now} if later, and forgets values last seen before the window. */
    void expire(long now) {
        if (now > latest) latest = now;
        long cut = latest - window;
        while (!byTime.isEmpty() && byTime.peek().time() < cut) dropIfCurrent(byTime.poll());
    }

    private boolean dropIfCurrent(Seen<T> s) {
        Long t = latestOf.get(s.value());
        if (t == null || t != s.time()) return false;
        latestOf.remove(s.value());
        return true;
    }

    /** Drops the stale entries of a value seen many times. */
    private void compact() {
        var live = new ArrayList<Seen<T>>(latestOf.size());
        for (Seen<T> s : byTime) {
            Long t = latestOf.get(s.value());
            if (t != null && t == s.time()) live.add(s);
        }
        byTime.clear();
        byTime.addAll(live);
    }

    int size() {
        return latestOf.size();
    }

    boolean isEmpty() {
        return latestOf.isEmpty();
    }

    /** The values in the window, least recently seen first. */
    List<T> values() {
        var sorted = new ArrayList<>(latestOf.entrySet());
        sorted.sort(Map.Entry.comparingByValue()); // stable: first seen first among equal times
        return sorted.stream().map(Map.Entry::getKey).toList();
    }
}
