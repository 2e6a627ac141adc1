package dev.warden.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One ledger entry as stored. {@code bytes} are the exact leaf data (the canonical JSON envelope that repeats seq,
 * kind, subject and recordedAt around the body); the columns beside them are an index that verify checks against them.
 */
public record Entry(long seq, String kind, String subject, Instant recordedAt, byte[] bytes, byte[] leafHash) {
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
