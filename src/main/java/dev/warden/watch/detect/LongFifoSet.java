package dev.warden.watch.detect;

import java.util.Arrays;

/**
 * A set of at most {@code capacity} longs that forgets the oldest added when full, as a {@code LinkedHashSet<Long>}
 * in insertion order would, without a node and a boxed key per member: an open-addressing table (linear probing,
 * backward-shift deletion) beside a ring of the members in the order they came. Grows to its capacity as members
 * come, so a device that calls three endpoints holds three. Not thread-safe.
 */
final class LongFifoSet {
    private static final long EMPTY = 0; // 0 is kept aside in its own flag: the table marks free slots with it
    private final int capacity;
    private long[] table = new long[16];
    private long[] ring = new long[8];
    private int size, oldest;
    private boolean hasZero;

    LongFifoSet(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    boolean contains(long key) {
        if (key == EMPTY) return hasZero;
        long[] t = table;
        int mask = t.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            long e = t[i];
            if (e == key) return true;
            if (e == EMPTY) return false;
        }
    }

    /** Adds the key unless present (a present key keeps its age); the oldest member goes when the set is full. */
    boolean add(long key) {
        if (contains(key)) return false;
        if (size == capacity) removeOldest();
        else if (size == ring.length) growRing();
        if (size + 1 > table.length >>> 1) growTable();
        ring[(oldest + size) % ring.length] = key;
        insert(key);
        size++;
        return true;
    }

    private void insert(long key) {
        if (key == EMPTY) {
            hasZero = true;
            return;
        }
        long[] t = table;
        int mask = t.length - 1, i = slot(key, mask);
        while (t[i] != EMPTY) i = (i + 1) & mask;
        t[i] = key;
    }

    private void removeOldest() {
        long key = ring[oldest];
        oldest = (oldest + 1) % ring.length;
        size--;
        if (key == EMPTY) {
            hasZero = false;
            return;
        }
        long[] t = table;
        int mask = t.length - 1, hole = slot(key, mask);
        while (t[hole] != key) hole = (hole + 1) & mask;
        for (int j = hole; ; ) {
            j = (j + 1) & mask;
            long e = t[j];
            if (e == EMPTY) break;
            int home = slot(e, mask);
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (stays) continue;
            t[hole] = e;
            hole = j;
        }
        t[hole] = EMPTY;
    }

    private void growRing() {
        long[] r = new long[Math.min(capacity, ring.length * 2)];
        for (int i = 0; i < size; i++) r[i] = ring[(oldest + i) % ring.length];
        ring = r;
        oldest = 0;
    }

    private void growTable() {
        long[] old = table;
        table = new long[old.length * 2];
        for (long e : old) if (e != EMPTY) insert(e);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32) & mask;
    }

    /** The members, oldest first (for tests). */
    long[] members() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) out[i] = ring[(oldest + i) % ring.length];
        return out;
    }

    @Override
    public String toString() {
        return Arrays.toString(members());
    }
}
