package dev.warden.ledger.verify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a signed tree head's Ed25519 signature covers (docs/ledger.md):
 * <pre>
 *   "warden.ledger.sth/1" (19 ASCII bytes) || 0x00 || tree_size (uint64 BE) || timestamp_ms (uint64 BE) || root_hash (32 bytes)
 * </pre>
 * Fixed width, no text formatting to disagree about; the label makes a tree-head signature useless as any other
 * Warden signature (labels are signed over JSON, which never starts with 'w').
 */
public final class TreeHeadBytes {
    public static final String LABEL = "warden.ledger.sth/1";
    private static final byte[] PREFIX = LABEL.getBytes(StandardCharsets.US_ASCII);

    private TreeHeadBytes() {}

    public static byte[] of(long treeSize, long timestampMillis, byte[] rootHash) {
        if (rootHash.length != MerkleHash.LENGTH) throw new IllegalArgumentException("root hash must be 32 bytes, not " + rootHash.length);
        return ByteBuffer.allocate(PREFIX.length + 1 + 8 + 8 + MerkleHash.LENGTH)
                .put(PREFIX).put((byte) 0).putLong(treeSize).putLong(timestampMillis).put(rootHash).array();
    }
}
