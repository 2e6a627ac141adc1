package dev.warden.watch.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which addresses each device was given by a DNS answer, and when: a device that connects to an address it looked up
 * is following a name, which a scanner picking targets does not do. Devices are the registry's
 * ({@link dev.warden.watch.device.Device#index()}), so a device that changes its IP address (as IoT devices do while
 * they move from their set-up network to the owner's) keeps its answers. Only answers to a device that asked (sent a
 * DNS query within the reply window before) are learned: a flood of spoofed responses at a victim teaches nothing,
 * and costs no more than the test. Bounded: past {@code max} pairs the least
 * recently answered is forgotten. Time is event time (microseconds), given by the caller.
 */
public final class ResolvedAddresses {
    private final LinkedHashMap<Long, Long> learned;
    private final long memory, replyWindow;
    /** Per device index: when it last sent a DNS query (event time), or Long.MIN_VALUE. */
    private long[] asked = new long[0];

    /**
     * @param max pairs (device, address) kept at most
     * @param memoryMicros an answer counts for this long after it was seen
     * @param replyWindowMicros answers are learned only this long after the device's last query
     */
    public ResolvedAddresses(int max, long memoryMicros, long replyWindowMicros) {
        this.memory = memoryMicros;
        this.replyWindow = replyWindowMicros;
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

    /** The device sent a DNS query at {@code at}. */
    public void asked(int device, long at) {
        if (device >= asked.length) {
            int n = asked.length;
            asked = java.util.Arrays.copyOf(asked, Math.max(device + 1, 2 * n + 16));
            java.util.Arrays.fill(asked, n, asked.length, Long.MIN_VALUE);
        }
        asked[device] = at; // the latest in reading order: captures read out of time order keep their own query and answer together
    }

    /** Whether a response reaching the device at {@code at} answers a query of its own (sent within the reply window before). */
    public boolean expects(int device, long at) {
        return device < asked.length && asked[device] != Long.MIN_VALUE && at - asked[device] <= replyWindow && at >= asked[device];
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
