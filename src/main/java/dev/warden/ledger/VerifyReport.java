package dev.warden.ledger;

import dev.warden.ledger.verify.Hex;

import java.util.Optional;

/**
 * What {@code warden ledger verify} found: how much it checked and, when the ledger is not intact, the first problem in
 * log order. {@code Problem.entry} is the first bad entry's seq (-1 when the problem is a tree head or a stored node
 * alone), {@code Problem.head} the tree head involved (-1 when none).
 */
public record VerifyReport(long entries, long heads, Optional<TreeHead> latest, Optional<Problem> problem) {
    public record Problem(long entry, long head, String message) {}

    public boolean intact() {
        return problem.isEmpty();
    }

    public String summary() {
        if (problem.isPresent()) return "BROKEN: " + problem.get().message();
        if (entries == 0) return "intact: the ledger is empty";
        TreeHead h = latest.orElseThrow();
        return "intact: " + entries + " entries under " + heads + " signed tree heads; latest head: size " + h.treeSize() + ", root "
                + Hex.of(h.rootHash()) + ", signed " + java.time.Instant.ofEpochMilli(h.timestamp()) + " by key " + h.keyId();
    }
}
