package dev.warden.ledger;

import dev.warden.ledger.verify.MerkleHash;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of the tree: one complete subtree hash per set bit of the size, largest first. Appending a leaf merges
 * equal-sized subtrees like a binary counter carries, so an append hashes O(log n) nodes (one on average) and the root
 * of the whole log is always at hand without reading the database.
 */
final class Frontier {
    /** Receives each complete subtree an append creates (level >= 1), to be stored for proofs. */
    @FunctionalInterface
    interface NodeSink {
        void node(int level, long index, byte[] hash);
    }

    private long size;
    private final List<byte[]> subtrees;

    private Frontier(long size, List<byte[]> subtrees) {
        this.size = size;
        this.subtrees = subtrees;
    }

    static Frontier empty() {
        return new Frontier(0, new ArrayList<>());
    }

    static Frontier load(NodeSource nodes, long size) {
        var subtrees = new ArrayList<byte[]>();
        long at = 0;
        for (int level = 63 - Long.numberOfLeadingZeros(Math.max(size, 1)); level >= 0; level--) {
            if ((size & (1L << level)) == 0) continue;
            subtrees.add(nodes.hash(level, at >> level));
            at += 1L << level;
        }
        return new Frontier(size, subtrees);
    }

    Frontier copy() {
        return new Frontier(size, new ArrayList<>(subtrees));
    }

    long size() {
        return size;
    }

    void append(byte[] leafHash, NodeSink sink) {
        long index = size;
        byte[] h = leafHash;
        int level = 0;
        while (((index >> level) & 1) == 1) {
            h = MerkleHash.node(subtrees.removeLast(), h);
            level++;
            sink.node(level, index >> level, h);
        }
        subtrees.add(h);
        size++;
    }

    byte[] root() {
        if (subtrees.isEmpty()) return MerkleHash.empty();
        byte[] h = subtrees.getLast();
        for (int i = subtrees.size() - 2; i >= 0; i--) h = MerkleHash.node(subtrees.get(i), h);
        return h;
    }
}
