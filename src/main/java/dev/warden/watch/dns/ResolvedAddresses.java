package dev.warden.watch.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which addresses each device was given by a DNS answer, and when: a device that connects to an address it looked up
 * is following a name, which a scanner picking targets does not do. Devices are the registry's
 * ({@link dev.warden.watch.device.Device#index()}), so a device that changes its IP address (as IoT devices do while
 * they move from their set-up network to the owner's) keeps its answers. Bounded: past {@code max} pairs the least
 * recently answered is forgotten. Time is event time (microseconds), given by the caller.
 */
public final class ResolvedAddresses {
    private final LinkedHashMap<Long, Long> learned;
    private final long memory;

    /**
     * @param max pairs (device, address) kept at most
     * @param memoryMicros an answer counts for this long after it was seen
     */
    public ResolvedAddresses(int max, long memoryMicros) {
        this.memory = memoryMicros;
        this.learned = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
                return size() > max;
            }
        };
    }

    /** 64 bits of the pair: two different pairs share a key with probability 2^-64. */
    private static long key(int device, long hi, long lo) {
        long h = (device + 1L) * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L ^ hi;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL ^ lo;
        return h ^ (h >>> 32) * 0xD6E8FEB86659FD93L;
    }

    /** The device was told the address (hi, lo) at {@code at}. */
    public void learn(int device, long hi, long lo, long at) {
        learned.merge(key(device, hi, lo), at, Math::max);
    }

    /** Whether the device was told the address by a DNS answer within the memory of time {@code t} (before or after). */
    public boolean resolved(int device, long hi, long lo, long t) {
        if (learned.isEmpty()) return false;
        Long at = learned.get(key(device, hi, lo));
        return at != null && Math.abs(t - at) <= memory;
    }

    public int size() {
        return learned.size();
    }
}
