package dev.warden.ledger;

import dev.warden.ledger.verify.Hex;
import dev.warden.ledger.verify.MerkleHash;
import dev.warden.ledger.verify.MerkleProofs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The incremental tree, the stored-subtree proofs and the RFC 9162 proof checks against the RFC's recursive definitions
 * written out naively, and against the Certificate Transparency reference tree (the eight leaves every RFC 6962
 * implementation tests with, and its published roots).
 */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> CT_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f").stream().map(HEX::parseHex).toList();
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    // --- the RFC's definitions, recursively and without any cleverness --------------------------------------------

    static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) return MerkleHash.empty();
        if (d.size() == 1) return MerkleHash.leaf(d.getFirst());
        int k = largestPowerOfTwoBelow(d.size());
        return MerkleHash.node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static List<byte[]> path(int m, List<byte[]> d) {
        var out = new ArrayList<byte[]>();
        if (d.size() == 1) return out;
        int k = largestPowerOfTwoBelow(d.size());
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(path(m - k, d.subList(k, d.size())));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    static List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        var out = new ArrayList<byte[]>();
        if (m == d.size()) {
            if (!b) out.add(mth(d));
            return out;
        }
        int k = largestPowerOfTwoBelow(d.size());
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(subproof(m - k, d.subList(k, d.size()), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }

    /** An in-memory tree built by the same incremental code the ledger uses, its nodes kept in a map. */
    record MemoryTree(Frontier frontier, Map<String, byte[]> nodes) implements NodeSource {
        static MemoryTree of(List<byte[]> data) {
            var t = new MemoryTree(Frontier.empty(), new HashMap<>());
            for (byte[] d : data) {
                byte[] leaf = MerkleHash.leaf(d);
                t.nodes.put("0/" + t.frontier.size(), leaf);
                t.frontier.append(leaf, (level, index, hash) -> t.nodes.put(level + "/" + index, hash));
            }
            return t;
        }

        @Override
        public byte[] hash(int level, long index) {
            byte[] h = nodes.get(level + "/" + index);
            if (h == null) throw new AssertionError("asked for node (" + level + ", " + index + ") that no append created");
            return h;
        }
    }

    static List<byte[]> data(int n) {
        var out = new ArrayList<byte[]>();
        for (int i = 0; i < n; i++) out.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
        return out;
    }

    // --- tests ----------------------------------------------------------------------------------------------------

    @Test
    void hashesFollowRfc6962() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hex.of(MerkleHash.empty()), "SHA-256 of nothing");
        assertEquals(CT_ROOTS.get(1), Hex.of(MerkleHash.leaf(new byte[0])), "SHA-256(0x00)");
        byte[] a = MerkleHash.leaf(new byte[]{1});
        byte[] b = MerkleHash.leaf(new byte[]{2});
        byte[] concat = new byte[65];
        concat[0] = 1;
        System.arraycopy(a, 0, concat, 1, 32);
        System.arraycopy(b, 0, concat, 33, 32);
        assertArrayEquals(sha256(concat), MerkleHash.node(a, b), "node = SHA-256(0x01 || left || right)");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void incrementalRootsMatchTheCertificateTransparencyReferenceTree() {
        for (int n = 0; n <= 8; n++) {
            var tree = MemoryTree.of(CT_LEAVES.subList(0, n));
            assertEquals(CT_ROOTS.get(n), Hex.of(tree.frontier().root()), "size " + n);
            assertEquals(CT_ROOTS.get(n), Hex.of(TreeMath.root(tree, n)), "size " + n + " from stored subtrees");
            assertEquals(CT_ROOTS.get(n), Hex.of(mth(CT_LEAVES.subList(0, n))), "naive MTH, size " + n);
        }
    }

    @Test
    void referenceTreeInclusionVectors() throws Exception {
        var tree = MemoryTree.of(CT_LEAVES);
        var p0 = TreeMath.inclusion(tree, 0, 8);
        assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), p0.stream().map(Hex::of).toList());
        var p5 = TreeMath.inclusion(tree, 5, 8);
        assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), p5.stream().map(Hex::of).toList());
        MerkleProofs.verifyInclusion(5, 8, MerkleHash.leaf(CT_LEAVES.get(5)), p5, HEX.parseHex(CT_ROOTS.get(8)));
    }

    @Test
    void incrementalTreeMatchesNaiveMthForSizesOneToSeventy() {
        var d = data(70);
        var tree = MemoryTree.of(d);
        for (int n = 1; n <= 70; n++) {
            assertArrayEquals(mth(d.subList(0, n)), TreeMath.root(tree, n), "root of size " + n);
            assertArrayEquals(mth(d.subList(0, n)), MemoryTree.of(d.subList(0, n)).frontier().root(), "frontier root of size " + n);
        }
    }

    @Test
    void everyInclusionProofMatchesTheNaivePathAndVerifies() throws Exception {
        var d = data(70);
        var tree = MemoryTree.of(d);
        for (int n = 1; n <= 70; n++) {
            byte[] root = mth(d.subList(0, n));
            for (int m = 0; m < n; m++) {
                var proof = TreeMath.inclusion(tree, m, n);
                assertEquals(hex(path(m, d.subList(0, n))), hex(proof), "PATH(" + m + ", D[" + n + "])");
                MerkleProofs.verifyInclusion(m, n, MerkleHash.leaf(d.get(m)), proof, root);
            }
        }
    }

    @Test
    void everyConsistencyProofMatchesTheNaiveProofAndVerifies() throws Exception {
        var d = data(70);
        var tree = MemoryTree.of(d);
        for (int n = 1; n <= 70; n++) {
            byte[] newRoot = mth(d.subList(0, n));
            for (int m = 1; m <= n; m++) {
                var proof = TreeMath.consistency(tree, m, n);
                assertEquals(hex(proof(m, d.subList(0, n))), hex(proof), "PROOF(" + m + ", D[" + n + "])");
                MerkleProofs.verifyConsistency(m, n, mth(d.subList(0, m)), newRoot, proof);
            }
        }
    }

    @Test
    void randomProofsInALargerTreeVerifyAgainstTheNaiveRoot() throws Exception {
        var d = data(1000);
        var tree = MemoryTree.of(d);
        var random = new Random(6962);
        for (int i = 0; i < 300; i++) {
            int n = 1 + random.nextInt(1000);
            int m = random.nextInt(n);
            byte[] root = mth(d.subList(0, n));
            MerkleProofs.verifyInclusion(m, n, MerkleHash.leaf(d.get(m)), TreeMath.inclusion(tree, m, n), root);
            int old = 1 + random.nextInt(n);
            MerkleProofs.verifyConsistency(old, n, mth(d.subList(0, old)), root, TreeMath.consistency(tree, old, n));
        }
    }

    @Test
    void alteredProofsAreRejected() {
        var d = data(70);
        var tree = MemoryTree.of(d);
        var random = new Random(9162);
        int rejected = 0;
        for (int size = 2; size <= 70; size++) {
            int n = size;
            byte[] root = mth(d.subList(0, n));
            int m = random.nextInt(n);
            byte[] leaf = MerkleHash.leaf(d.get(m));
            var proof = new ArrayList<>(TreeMath.inclusion(tree, m, n));
            // wrong leaf, wrong index, one path element flipped, path cut short, path padded
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyInclusion(m, n, MerkleHash.leaf(new byte[]{9}), proof, root));
            int other = (m + 1) % n;
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyInclusion(other, n, leaf, proof, root),
                    "index " + other + " instead of " + m + " in size " + n);
            var flipped = new ArrayList<>(proof);
            int at = random.nextInt(flipped.size());
            byte[] bad = flipped.get(at).clone();
            bad[random.nextInt(32)] ^= 1;
            flipped.set(at, bad);
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyInclusion(m, n, leaf, flipped, root));
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyInclusion(m, n, leaf, proof.subList(0, proof.size() - 1), root));
            var padded = new ArrayList<>(proof);
            padded.add(root);
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyInclusion(m, n, leaf, padded, root));
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyInclusion(n, n, leaf, proof, root));

            int old = 1 + random.nextInt(n - 1);
            var cproof = TreeMath.consistency(tree, old, n);
            byte[] oldRoot = mth(d.subList(0, old));
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyConsistency(old, n, MerkleHash.leaf(new byte[]{7}), root, cproof));
            assertThrows(MerkleProofs.ProofException.class, () -> MerkleProofs.verifyConsistency(old, n, oldRoot, oldRoot, cproof));
            if (!cproof.isEmpty()) {
                assertThrows(MerkleProofs.ProofException.class,
                        () -> MerkleProofs.verifyConsistency(old, n, oldRoot, root, cproof.subList(0, cproof.size() - 1)));
            }
            rejected++;
        }
        assertEquals(69, rejected);
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(Hex::of).toList();
    }
}
