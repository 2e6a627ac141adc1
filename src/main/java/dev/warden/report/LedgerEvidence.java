package dev.warden.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.ledger.Entry;
import dev.warden.ledger.Ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What reports cite from the evidence ledger: entries about a subject, one entry's hash, and an entry's inclusion proof
 * against the current signed tree head in the export format (warden.ledger-proof/1) that {@code warden-verify} checks.
 * Without a ledger (a report over a bare store) every answer is empty.
 */
final class LedgerEvidence {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;
    private final Ledger ledger;
    private final PublicKey key;

    LedgerEvidence(Ledger ledger, PublicKey key) {
        this.ledger = ledger;
        this.key = key;
    }

    boolean present() {
        return ledger != null;
    }

    /** Every entry about {@code subject} (of {@code kind} when not null), oldest first. */
    List<Entry> entries(String kind, String subject) {
        var out = new ArrayList<Entry>();
        if (ledger == null) return out;
        long after = -1;
        while (true) {
            var page = ledger.list(kind, subject, after, PAGE);
            out.addAll(page);
            if (page.size() < PAGE) return out;
            after = page.getLast().seq();
        }
    }

    Optional<Entry> entry(Long seq) {
        return ledger == null || seq == null ? Optional.empty() : ledger.entry(seq);
    }

    /** seq, kind, recordedAt and leaf hash: what a reader needs to find the entry and check it. */
    static Map<String, Object> summary(Entry e) {
        return Reports.ordered("seq", e.seq(), "kind", e.kind(), "recordedAt", e.recordedAt().toString(), "leafHash", leafHash(e));
    }

    static String leafHash(Entry e) {
        return HexFormat.of().formatHex(e.leafHash());
    }

    /** The body the entry seals (the envelope's {@code body}). */
    static JsonNode body(Entry e) {
        try {
            return JSON.readTree(e.text()).path("body");
        } catch (IOException x) {
            throw new UncheckedIOException("ledger entry " + e.seq() + " is not valid JSON: " + x.getMessage(), x);
        }
    }

    /** The proof export of entry {@code seq} against the latest tree head, as a map; null without a ledger or key. */
    @SuppressWarnings("unchecked")
    Map<String, Object> proof(long seq) {
        if (ledger == null || key == null) return null;
        try {
            return JSON.readValue(ledger.exportProof(seq, Optional.empty(), key), Map.class);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read the proof of ledger entry " + seq + ": " + x.getMessage(), x);
        }
    }
}
