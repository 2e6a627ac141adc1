package dev.warden.watch.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detector state per key with a hard bound: access order, and the least recently used entry goes when the bound is
 * reached. Every detector's memory is therefore bounded whatever the input ({@code watch.state.max-keys}).
 */
final class BoundedMap<K, V> extends LinkedHashMap<K, V> {
    private final int max;
    private long evicted;

    BoundedMap(int max) {
        super(256, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() > max) {
            evicted++;
            return true;
        }
        return false;
    }

    long evicted() {
        return evicted;
    }
}
