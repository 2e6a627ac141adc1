package dev.warden.ledger.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 section 2.1 hashing (kept in RFC 9162 section 2.1.1): a leaf is SHA-256(0x00 || data), an interior node is
 * SHA-256(0x01 || left || right), and the empty tree is SHA-256 of nothing. The distinct prefixes are what stop a leaf
 * from being passed off as an interior node (second-preimage attacks on the tree).
 */
public final class MerkleHash {
    public static final int LENGTH = 32;

    private MerkleHash() {}

    public static byte[] empty() {
        return sha256().digest();
    }

    public static byte[] leaf(byte[] data) {
        MessageDigest md = sha256();
        md.update((byte) 0x00);
        md.update(data);
        return md.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update((byte) 0x01);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
