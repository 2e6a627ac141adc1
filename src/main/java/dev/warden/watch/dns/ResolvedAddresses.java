package dev.warden.watch.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which addresses each device was given by a DNS answer, and when: a device that connects to an address it looked up
 * is following a name, which a scanner picking targets does not do. Devices are the registry's
 * ({@link dev.warden.watch.device.Device#index()}), so a device that changes its IP address (as IoT devices do while
 * they move from their set-up network to the owner's) keeps its answers. Only a response to one of the device's own
 * recent queries (the same transaction id, within the reply window; each query answered once) is read: a flood of
 * responses at a victim of DNS amplification, which never asked, teaches nothing and costs a header read per packet.
 * Bounded: past {@code max} pairs the least
 * recently answered is forgotten. Time is event time (microseconds), given by the caller.
 */
public final class ResolvedAddresses {
    private final LinkedHashMap<Long, Long> learned;
    private final long memory, replyWindow;
    /** Outstanding queries, {@value #PENDING} per device index: transaction id + 1 (0: none) and when it was sent. */
    private int[] pendingIds = new int[0];
    private long[] pendingAt = new long[0];
    private int[] pendingNext = new int[0];
    private static final int PENDING = 8;

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

    /** How long after a query its answer is taken (watch.dns.reply-window), in microseconds. */
    public long replyWindowMicros() {
        return replyWindow;
    }

    /** 64 bits of the pair: two different pairs share a key with probability 2^-64. */
    private static long key(int device, long hi, long lo) {
        long h = (device + 1L) * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L ^ hi;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL ^ lo;
        return h ^ (h >>> 32) * 0xD6E8FEB86659FD93L;
    }

    /** The device sent a DNS query with transaction id {@code id} at {@code at}. */
    public void asked(int device, int id, long at) {
        if (device >= pendingNext.length) {
            int n = Math.max(device + 1, 2 * pendingNext.length + 16);
            pendingNext = java.util.Arrays.copyOf(pendingNext, n);
            pendingIds = java.util.Arrays.copyOf(pendingIds, n * PENDING);
            pendingAt = java.util.Arrays.copyOf(pendingAt, n * PENDING);
        }
        int k = device * PENDING + pendingNext[device];
        pendingIds[k] = id + 1;
        pendingAt[k] = at;
        pendingNext[device] = (pendingNext[device] + 1) % PENDING;
    }

    /**
     * Whether a response with transaction id {@code id} reaching the device at {@code at} answers one of its outstanding
     * queries (sent within the reply window before); that query then counts as answered.
     */
    public boolean answers(int device, int id, long at) {
        if (device >= pendingNext.length) return false;
        for (int k = device * PENDING, end = k + PENDING; k < end; k++) {
            if (pendingIds[k] == id + 1 && at >= pendingAt[k] && at - pendingAt[k] <= replyWindow) {
                pendingIds[k] = 0;
                return true;
            }
        }
        return false;
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
