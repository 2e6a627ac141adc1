package dev.warden.ledger.verify;

import java.security.MessageDigest;
import java.util.List;

/**
 * The proof checks of RFC 9162: inclusion (section 2.1.3.2) and consistency (section 2.1.4.2). Both walk the path with
 * two indices, fn for the node being climbed and sn for the last node of the tree, so that nodes on the tree's ragged
 * right edge (which have no sibling at some levels) are skipped the same way MTH skips them.
 */
public final class MerkleProofs {
    private MerkleProofs() {}

    /** A proof that does not check out, with the reason in terms of the proof itself. */
    public static final class ProofException extends Exception {
        public ProofException(String message) {
            super(message);
        }
    }

    /** The root that leaf {@code leafHash} at {@code leafIndex} and its audit path lead to in a tree of {@code treeSize}. */
    public static byte[] rootFromInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path) throws ProofException {
        if (treeSize <= 0) throw new ProofException("tree size " + treeSize + " holds no leaves");
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new ProofException("leaf index " + leafIndex + " is outside a tree of size " + treeSize);
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) throw new ProofException("audit path is too long for leaf " + leafIndex + " in a tree of size " + treeSize);
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) throw new ProofException("audit path is too short for leaf " + leafIndex + " in a tree of size " + treeSize);
        return r;
    }

    /** Checks that the inclusion proof leads to {@code root}. */
    public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) throws ProofException {
        byte[] computed = rootFromInclusion(leafIndex, treeSize, leafHash, path);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new ProofException("audit path leads to root " + Hex.of(computed) + ", not to " + Hex.of(root));
        }
    }

    /** Checks that the tree of size {@code first} with root {@code firstRoot} is a prefix of the tree {@code second}. */
    public static void verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path)
            throws ProofException {
        if (first < 0 || second < first) throw new ProofException("sizes " + first + " and " + second + " are not in order");
        if (first == second) {
            if (!path.isEmpty()) throw new ProofException("a proof between equal sizes must be empty");
            if (!MessageDigest.isEqual(firstRoot, secondRoot)) throw new ProofException("equal sizes with different roots");
            return;
        }
        if (first == 0) {
            // the empty tree is a prefix of every tree; RFC 9162 defines no proof for it
            if (!path.isEmpty()) throw new ProofException("a proof from the empty tree must be empty");
            return;
        }
        if (path.isEmpty()) throw new ProofException("consistency path is empty");
        var nodes = new java.util.ArrayList<byte[]>(path.size() + 1);
        if (Long.bitCount(first) == 1) nodes.add(firstRoot); // first is a complete subtree the path leaves out
        nodes.addAll(path);
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = nodes.getFirst();
        byte[] sr = nodes.getFirst();
        for (byte[] c : nodes.subList(1, nodes.size())) {
            if (sn == 0) throw new ProofException("consistency path is too long for sizes " + first + " and " + second);
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.node(c, fr);
                sr = MerkleHash.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) throw new ProofException("consistency path is too short for sizes " + first + " and " + second);
        if (!MessageDigest.isEqual(fr, firstRoot)) throw new ProofException("consistency path does not lead to the first root");
        if (!MessageDigest.isEqual(sr, secondRoot)) throw new ProofException("consistency path does not lead to the second root");
    }
}
