package dev.warden.ledger;

/**
 * Hashes of complete subtrees: level 0 is the leaf hash of entry {@code index}, level L index i covers leaves
 * [i * 2^L, (i + 1) * 2^L).
 */
@FunctionalInterface
interface NodeSource {
    byte[] hash(int level, long index);
}
