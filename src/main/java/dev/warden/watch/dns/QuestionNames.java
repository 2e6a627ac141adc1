package dev.warden.watch.dns;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The names DNS messages ask about ({@link DnsAnswers#queryName}, {@link DnsAnswers#answeredName}), one String per
 * distinct name: devices ask for the same few names all day, so a name is made into text once and found again by its
 * bytes. A direct-mapped cache of {@value #SLOTS} names keyed by a hash of the question's wire bytes (a query and its
 * response share the entry); a hit compares the bytes themselves, so a crafted collision gives a miss, never another
 * name. Not thread-safe (one per engine).
 */
public final class QuestionNames {
    static final int SLOTS = 1024;
    /** Longest question name in wire form: 253 characters of text are at most 255 bytes with the length bytes. */
    private static final int MAX_WIRE = 255;
    private final long[] hashes = new long[SLOTS];
    private final byte[][] wire = new byte[SLOTS][];
    private final String[] names = new String[SLOTS];
    private long hits, misses;

    /** {@link DnsAnswers#queryName} of the message, the same String as for every earlier query of the same bytes. */
    public String query(MemorySegment seg, long offset, int length) {
        return name(seg, offset, length, false);
    }

    /** {@link DnsAnswers#answeredName} of the message, the same String as for every earlier response of the same bytes. */
    public String answered(MemorySegment seg, long offset, int length) {
        return name(seg, offset, length, true);
    }

    private String name(MemorySegment seg, long offset, int length, boolean response) {
        if (offset < 0 || length < DnsAnswers.HEADER + 5 || offset > seg.byteSize() - length) return null;
        long start = offset + DnsAnswers.HEADER, end = Math.min(offset + length, start + MAX_WIRE);
        long h = 0xCBF29CE484222325L, p = start;
        while (true) { // the extent of the wire name, and its hash; what it holds is checked by DnsAnswers on a miss
            if (p >= end) return slow(seg, offset, length, response);
            int len = seg.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            h = (h ^ len) * 0x100000001B3L;
            if (len == 0) break;
            if ((len & 0xC0) != 0 || p + 1 + len > end) return slow(seg, offset, length, response);
            for (long i = p + 1; i <= p + len; i++) h = (h ^ (seg.get(ValueLayout.JAVA_BYTE, i) & 0xFF)) * 0x100000001B3L;
            p += 1 + len;
        }
        int n = (int) (p + 1 - start);
        h ^= h >>> 29;
        int slot = (int) h & (SLOTS - 1);
        byte[] w = wire[slot];
        // the name's text depends on its bytes only; the header says whether this message is of the kind asked for
        if (hashes[slot] == h && w != null && w.length == n
                && MemorySegment.mismatch(seg, start, start + n, MemorySegment.ofArray(w), 0, n) < 0
                && DnsAnswers.isQuestion(seg, offset, response)) {
            hits++;
            return names[slot];
        }
        String name = slow(seg, offset, length, response);
        if (name != null) {
            byte[] copy = new byte[n];
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, start, copy, 0, n);
            hashes[slot] = h;
            wire[slot] = copy;
            names[slot] = name;
        }
        return name;
    }

    private String slow(MemorySegment seg, long offset, int length, boolean response) {
        misses++;
        return response ? DnsAnswers.answeredName(seg, offset, length) : DnsAnswers.queryName(seg, offset, length);
    }

    /** Names found in the cache, and made into text (for tests and the benchmark). */
    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }
}
