package dev.warden.ledger;

import dev.warden.ledger.verify.MerkleHash;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RFC 9162 MTH, PATH (section 2.1.3.1) and PROOF/SUBPROOF (section 2.1.4.1), unrolled into loops over stored complete
 * subtrees. Every range the recursion asks for starts at a multiple of the next power of two at or above its size, so
 * it splits into at most log2(n) stored subtrees; a proof in a tree of a million entries costs a few dozen lookups.
 */
final class TreeMath {
    private TreeMath() {}

    static byte[] root(NodeSource nodes, long size) {
        return size == 0 ? MerkleHash.empty() : range(nodes, 0, size);
    }

    /** MTH of leaves [start, start + size), where start is aligned as the recursion guarantees. */
    static byte[] range(NodeSource nodes, long start, long size) {
        var parts = new ArrayList<byte[]>(Long.bitCount(size));
        long at = start;
        for (int level = 63 - Long.numberOfLeadingZeros(size); level >= 0; level--) {
            if ((size & (1L << level)) == 0) continue;
            parts.add(nodes.hash(level, at >> level));
            at += 1L << level;
        }
        byte[] h = parts.getLast();
        for (int i = parts.size() - 2; i >= 0; i--) h = MerkleHash.node(parts.get(i), h);
        return h;
    }

    /** PATH(index, D[size]): siblings from the leaf up. */
    static List<byte[]> inclusion(NodeSource nodes, long index, long size) {
        if (index < 0 || index >= size) throw new IllegalArgumentException("entry " + index + " is not in a tree of size " + size);
        var topDown = new ArrayList<byte[]>();
        long offset = 0;
        long n = size;
        long m = index;
        while (n > 1) {
            long k = Long.highestOneBit(n - 1);
            if (m < k) {
                topDown.add(range(nodes, offset + k, n - k));
                n = k;
            } else {
                topDown.add(range(nodes, offset, k));
                offset += k;
                m -= k;
                n -= k;
            }
        }
        Collections.reverse(topDown);
        return topDown;
    }

    /** PROOF(first, D[size]) for 0 < first <= size; empty when first == size. */
    static List<byte[]> consistency(NodeSource nodes, long first, long size) {
        if (first <= 0 || first > size) throw new IllegalArgumentException("no consistency proof from size " + first + " to size " + size);
        var topDown = new ArrayList<byte[]>();
        long offset = 0;
        long n = size;
        long m = first;
        boolean whole = true; // SUBPROOF's b: the old tree is still the whole of what we are looking at
        while (m != n) {
            long k = Long.highestOneBit(n - 1);
            if (m <= k) {
                topDown.add(range(nodes, offset + k, n - k));
                n = k;
            } else {
                topDown.add(range(nodes, offset, k));
                offset += k;
                m -= k;
                n -= k;
                whole = false;
            }
        }
        if (!whole) topDown.add(range(nodes, offset, n));
        Collections.reverse(topDown);
        return topDown;
    }
}
