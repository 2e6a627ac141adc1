package dev.warden.ledger;

import dev.warden.ledger.verify.Hex;
import dev.warden.ledger.verify.TreeHeadBytes;

import java.time.Instant;

/**
 * A signed tree head: head number (0, 1, 2... in signing order), tree size, signing time in milliseconds, root hash,
 * and the Ed25519 signature over {@link TreeHeadBytes} by the key {@code keyId}.
 */
public record TreeHead(long headSeq, long treeSize, long timestamp, byte[] rootHash, String keyId, byte[] signature) {
    public byte[] signedBytes() {
        return TreeHeadBytes.of(treeSize, timestamp, rootHash);
    }

    @Override
    public String toString() {
        return "tree head " + headSeq + ": size " + treeSize + ", root " + Hex.of(rootHash) + ", signed " + Instant.ofEpochMilli(timestamp)
                + " by key " + keyId;
    }
}
