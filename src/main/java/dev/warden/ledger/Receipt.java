package dev.warden.ledger;

/** What an append returns once the entry is committed: where it is, its leaf hash, and the size of the signed tree. */
public record Receipt(long seq, byte[] leafHash, long treeSize) {}
