package dev.warden.watch.flow;

/**
 * An index of rows by hash, for tables that keep their entries in rows that never move (the flow table, the DNS
 * answers): open addressing with linear probing over longs that hold a 32-bit hash in the high half and the row + 1 in
 * the low half (0 is an empty slot), an entry's home slot being its hash masked by the length (a power of two). A
 * probe compares hashes without touching rows; deletion shifts the entries after it back (Knuth's algorithm R), so
 * the index never fills with tombstones, and neither deletion nor doubling reads a row. Callers probe it themselves
 * (their hot paths compare their own keys) and keep it at most half full; they may also leave an ended row's entry
 * behind, as the flow table does while its index is mostly empty, where a probe passes it by comparing the key.
 */
public final class RowIndex {
    private RowIndex() {}

    /** The entry of {@code row} under {@code hash}. */
    public static long entry(int hash, int row) {
        return (long) hash << 32 | (row + 1L);
    }

    /** Puts the entry in the first empty slot from its home. */
    public static void insert(long[] index, long entry) {
        int mask = index.length - 1, slot = (int) (entry >>> 32) & mask;
        while (index[slot] != 0) slot = (slot + 1) & mask;
        index[slot] = entry;
    }

    /** An index twice as long with every entry of {@code index} in it. */
    public static long[] grown(long[] index) {
        return grown(index, 2 * index.length);
    }

    /** An index of {@code length} entries (a larger power of two) with every entry of {@code index} in it. */
    public static long[] grown(long[] index, int length) {
        long[] grown = new long[length];
        for (long e : index) if (e != 0) insert(grown, e);
        return grown;
    }

    /** Deletes the entry, which must be in the index, and moves back the entries after it that would not be found. */
    public static void remove(long[] index, long entry) {
        int mask = index.length - 1, hole = (int) (entry >>> 32) & mask;
        while (index[hole] != entry) hole = (hole + 1) & mask;
        for (int j = hole; ; ) {
            j = (j + 1) & mask;
            long e = index[j];
            if (e == 0) break;
            int home = (int) (e >>> 32) & mask;
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (stays) continue;
            index[hole] = e;
            hole = j;
        }
        index[hole] = 0;
    }
}
