package dev.warden.watch.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Detector state per key with a hard bound: access order, and the least recently used entry goes when the bound is
 * reached. Every detector's memory is therefore bounded whatever the input ({@code watch.state.max-keys}).
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
    private final int max;
    /** Where forgotten keys are counted, beside this map's own count; null: only here. */
    private final StateBound bound;
    private long evicted;
    /**
     * Makes a new key's state: one object for every {@link #getOrMake}, where a lambda that reads a detector's fields,
     * written at each call, would be a new object per flow or packet.
     */
    private final Function<K, V> make;

    /** @param make a new key's state, as {@link DeviceStates}'s */
    BoundedMap(int max, Supplier<V> make) {
        this(max, null, make);
    }

    /** Bounded by {@code bound}, which also counts the keys this map forgets. */
    BoundedMap(StateBound bound, Supplier<V> make) {
        this(bound.max(), bound, make);
    }

    private BoundedMap(int max, StateBound bound, Supplier<V> make) {
        super(256, 0.75f, true);
        this.max = max;
        this.bound = bound;
        this.make = k -> make.get();
    }

    /** The key's state, made if it has none; counts as a use. */
    V getOrMake(K key) {
        return computeIfAbsent(key, make);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > max) {
            evicted++;
            if (bound != null) bound.evict();
            return true;
        }
        return false;
    }

    long evicted() {
        return evicted;
    }
}
