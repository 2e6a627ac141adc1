package dev.warden.watch.detect;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Detector state per monitored device, found by the device's index: what {@link BoundedMap} does for keys that are
 * device indices, without boxing the index or hashing it, on every packet of a flood. The same hard bound
 * ({@code watch.state.max-keys}) and the same choice when it is reached: the least recently used state goes. Finding
 * it scans the states, which happens only when a new device arrives at a full table; at the reference bound (200,000
 * keys for at most 65,536 devices) it never does.
 */
final class DeviceStates<S> {
    private final int max;
    private final Supplier<S> make;
    /** Where forgotten states are counted; null: nowhere. */
    private final StateBound bound;
    private Object[] states = new Object[64];
    private long[] used = new long[64];
    private long clock;
    private int size;

    DeviceStates(int max, Supplier<S> make) {
        this(max, null, make);
    }

    /** Bounded by {@code bound}, which also counts the states this forgets. */
    DeviceStates(StateBound bound, Supplier<S> make) {
        this(bound.max(), bound, make);
    }

    private DeviceStates(int max, StateBound bound, Supplier<S> make) {
        if (max < 1) throw new IllegalArgumentException("watch.state.max-keys must be at least 1, not " + max);
        this.max = max;
        this.bound = bound;
        this.make = make;
    }

    /** The device's state, or null; counts as a use. */
    @SuppressWarnings("unchecked")
    S get(int device) {
        if (device >= states.length || states[device] == null) return null;
        used[device] = ++clock;
        return (S) states[device];
    }

    /** The device's state, made if it has none; counts as a use. */
    @SuppressWarnings("unchecked")
    S getOrMake(int device) {
        if (device >= states.length) grow(device);
        Object s = states[device];
        if (s == null) {
            states[device] = s = make.get();
            size++;
            if (size > max) evictLeastRecentlyUsed(device);
        }
        used[device] = ++clock;
        return (S) s;
    }

    private void grow(int device) {
        int n = Math.max(device + 1, states.length * 2);
        states = Arrays.copyOf(states, n);
        used = Arrays.copyOf(used, n);
    }

    private void evictLeastRecentlyUsed(int keep) {
        int victim = -1;
        for (int i = 0; i < states.length; i++) {
            if (i != keep && states[i] != null && (victim < 0 || used[i] < used[victim])) victim = i;
        }
        states[victim] = null;
        size--;
        if (bound != null) bound.evict();
    }

    /** Drops the states the test says to drop. */
    @SuppressWarnings("unchecked")
    void removeIf(Predicate<S> drop) {
        for (int i = 0; i < states.length; i++) {
            if (states[i] != null && drop.test((S) states[i])) {
                states[i] = null;
                size--;
            }
        }
    }

    int size() {
        return size;
    }
}
