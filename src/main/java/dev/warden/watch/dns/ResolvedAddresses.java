package dev.warden.watch.dns;

import dev.warden.watch.flow.RowIndex;

import java.util.Arrays;

/**
 * Which addresses each device was given by a DNS answer, and when: a device that connects to an address it looked up
 * is following a name, which a scanner picking targets does not do. Devices are the registry's
 * ({@link dev.warden.watch.device.Device#index()}), so a device that changes its IP address (as IoT devices do while
 * they move from their set-up network to the owner's) keeps its answers. Only a response to one of the device's own
 * recent queries (the same transaction id, within the reply window; each query answered once) is read: a flood of
 * responses at a victim of DNS amplification, which never asked, teaches nothing and costs a header read per packet.
 * The name each answer was for (the device's question) is kept with it, so that a flow of a packet input can say which
 * server it went to, as a conn.log's {@code server_name} does. Bounded: past {@code max} pairs the least
 * recently answered is forgotten. Time is event time (microseconds), given by the caller.
 *
 * <p>Asked about every flow a device starts to an outside address, so kept as the flow table is: each pair a row that
 * never moves (its key and time side by side in one array, then its name and its place in the answer order), found
 * through a {@link RowIndex} (the key's low half and the row: linear probing, backward-shift deletion), kept at
 * most half full; no object per pair, and a question costs one look at the index and one at the row.
 */
public final class ResolvedAddresses {
    private static final int NONE = -1, MIN_ROWS = 64;
    private final int max;
    private final long memory, replyWindow;
    /** Per row: the pair's key, then when it was last answered. */
    private long[] keyAt;
    /** Per row: the name the device asked for (null when the question could not be read). */
    private String[] names;
    /** Per row: the rows answered before and after it (oldest first), or, for a free row, the next free one. */
    private int[] older, newer;
    private int oldest = NONE, newest = NONE, rowsUsed, size, free = NONE;
    /** The rows by their key's low 32 bits ({@link RowIndex}). */
    private long[] index;
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
        if (max < 1 || max > 1 << 26) throw new IllegalArgumentException("watch.dns.max-answers " + max + " out of range (1 to " + (1 << 26) + ")");
        this.max = max;
        this.memory = memoryMicros;
        this.replyWindow = replyWindowMicros;
        int rows = Math.min(max, MIN_ROWS);
        keyAt = new long[2 * rows];
        names = new String[rows];
        older = new int[rows];
        newer = new int[rows];
        index = new long[4 * Integer.highestOneBit(rows)];
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

    /** The row of {@code key}, or NONE. */
    private int find(long key) {
        final long[] ix = index;
        int mask = ix.length - 1, tag = (int) key;
        for (int slot = tag & mask; ; slot = (slot + 1) & mask) {
            long e = ix[slot];
            if (e == 0) return NONE;
            if ((int) (e >>> 32) == tag && keyAt[2 * ((int) e - 1)] == key) return (int) e - 1;
        }
    }

    /** The device was told the address (hi, lo) at {@code at}, in answer to its question for {@code name} (or null). */
    public void learn(int device, long hi, long lo, long at, String name) {
        long key = key(device, hi, lo);
        int row = find(key);
        if (row != NONE) {
            if (at < keyAt[2 * row + 1]) return; // an earlier answer, read late
            keyAt[2 * row + 1] = at;
            if (name != null) names[row] = name; // the latest name that gave the address (CDNs share addresses)
            unlink(row);
            append(row);
            return;
        }
        if (size == max) forget(oldest);
        if (free != NONE) {
            row = free;
            free = newer[row];
        } else {
            if (rowsUsed == names.length) growRows();
            row = rowsUsed++;
        }
        keyAt[2 * row] = key;
        keyAt[2 * row + 1] = at;
        names[row] = name;
        append(row);
        size++;
        if (2 * size > index.length) index = RowIndex.grown(index);
        RowIndex.insert(index, RowIndex.entry((int) key, row));
    }

    private void growRows() {
        int n = Math.min(max, 2 * names.length);
        keyAt = Arrays.copyOf(keyAt, 2 * n);
        names = Arrays.copyOf(names, n);
        older = Arrays.copyOf(older, n);
        newer = Arrays.copyOf(newer, n);
    }

    /** The least recently answered pair goes: off the order, out of the index (backward shift), its row freed. */
    private void forget(int row) {
        unlink(row);
        RowIndex.remove(index, RowIndex.entry((int) keyAt[2 * row], row));
        names[row] = null;
        newer[row] = free;
        free = row;
        size--;
    }

    private void append(int row) {
        older[row] = newest;
        newer[row] = NONE;
        if (newest == NONE) oldest = row;
        else newer[newest] = row;
        newest = row;
    }

    private void unlink(int row) {
        int o = older[row], n = newer[row];
        if (o == NONE) oldest = n;
        else newer[o] = n;
        if (n == NONE) newest = o;
        else older[n] = o;
    }

    /** Whether the device was told the address by a DNS answer within the memory of time {@code t} (before or after). */
    public boolean resolved(int device, long hi, long lo, long t) {
        return answered(device, hi, lo, t) != NONE;
    }

    /**
     * The name the device asked for when it was told the address, within the memory of time {@code t}; null when it
     * was not told it then, or the question could not be read.
     */
    public String name(int device, long hi, long lo, long t) {
        int row = answered(device, hi, lo, t);
        return row == NONE ? null : names[row];
    }

    private int answered(int device, long hi, long lo, long t) {
        if (size == 0) return NONE;
        int row = find(key(device, hi, lo));
        return row != NONE && Math.abs(t - keyAt[2 * row + 1]) <= memory ? row : NONE;
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

    public int size() {
        return size;
    }
}
