package dev.warden.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.warden.ledger.verify.Hex;
import dev.warden.ledger.verify.MerkleHash;
import dev.warden.ledger.verify.ProofVerifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Rechecks the whole ledger in one pass in seq order, holding O(log n) hashes: every entry against its stored leaf hash
 * and its own bytes (seq, kind, subject, time), the rebuilt tree against every stored node, and every signed tree head
 * (numbering, growth, time, key, signature) against the root rebuilt at its size. Stops at the first problem, because
 * after a gap or a rewrite everything further down disagrees for the same reason.
 *
 * <p>An entry whose bytes and stored leaf hash were rewritten together can only be caught by the signed roots, so it is
 * pinned to the entries between two tree heads (one batch), not to one entry: nothing signed says more.
 */
final class LedgerVerifier {
    static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final LedgerStore store;
    private final PublicKey key;
    private final String keyId;
    private final LedgerStore.Rows<?>[] nodeCursors = new LedgerStore.Rows<?>[64];
    private Frontier tree = Frontier.empty();
    private long checkedHeads;
    private TreeHead lastGood;
    private String nodeTrouble; // first stored node that disagrees, held until a signed root says who is wrong

    private LedgerVerifier(LedgerStore store, PublicKey key) {
        this.store = store;
        this.key = key;
        this.keyId = ProofVerifier.keyId(key);
    }

    /** A problem found; unwinds the walk. */
    private static final class Broken extends Exception {
        final VerifyReport.Problem problem;

        Broken(long entry, long head, String message) {
            super(message, null, false, false);
            this.problem = new VerifyReport.Problem(entry, head, message);
        }
    }

    static VerifyReport verify(LedgerStore store, PublicKey key) {
        return new LedgerVerifier(store, key).run();
    }

    private VerifyReport run() {
        long[] bounds = store.bounds(); // [max head_seq, max tree_size], one snapshot: appends after it are not judged
        long seq = 0;
        try (var heads = store.headsUpTo(bounds[0]); var entries = store.entriesBelow(bounds[1])) {
            long prevSize = 0;
            long prevTime = Long.MIN_VALUE;
            LedgerStore.RawHead head = heads.take();
            TreeHead signed = head == null ? null : checkHead(head, 0, prevSize, prevTime);
            while (entries.peek() != null) {
                LedgerStore.RawEntry e = entries.take();
                if (e.seq() != seq) {
                    throw new Broken(seq, -1, "entry " + seq + " is missing: the stored entries " + (seq == 0 ? "start at " + e.seq()
                            : "jump from " + (seq - 1) + " to " + e.seq()) + " (deleted, or renumbered)");
                }
                byte[] leaf = checkEntry(e);
                long completed = seq;
                tree.append(leaf, (level, index, hash) -> checkNode(level, index, hash, completed));
                seq++;
                if (signed != null && signed.treeSize() == seq) {
                    checkRoot(signed, prevSize);
                    lastGood = signed;
                    prevSize = signed.treeSize();
                    prevTime = signed.timestamp();
                    head = heads.take();
                    signed = head == null ? null : checkHead(head, lastGood.headSeq() + 1, prevSize, prevTime);
                }
            }
            if (signed != null) {
                throw new Broken(seq, signed.headSeq(), "tree head " + signed.headSeq() + " covers " + signed.treeSize()
                        + " entries but the ledger ends " + (seq == 0 ? "before entry 0" : "at entry " + (seq - 1)) + ": entries " + seq
                        + ".." + (signed.treeSize() - 1) + " are missing (deleted)");
            }
            long[] tail = store.tail();
            long covered = Math.max(tail[1], 0);
            if (tail[0] + 1 > covered) {
                long first = store.firstSeqFrom(covered);
                throw new Broken(first, -1, "entry " + first + " is not covered by any signed tree head (inserted after the last head, "
                        + "or the last head was deleted)");
            }
            if (nodeTrouble != null) throw new Broken(-1, -1, nodeTrouble);
            return new VerifyReport(seq, checkedHeads, Optional.ofNullable(lastGood), Optional.empty());
        } catch (Broken b) {
            return new VerifyReport(seq, checkedHeads, Optional.ofNullable(lastGood), Optional.of(b.problem));
        } finally {
            for (var c : nodeCursors) if (c != null) c.close();
        }
    }

    private byte[] checkEntry(LedgerStore.RawEntry e) throws Broken {
        long seq = e.seq();
        byte[] bytes = e.entry().getBytes(StandardCharsets.UTF_8);
        byte[] leaf = MerkleHash.leaf(bytes);
        byte[] stored;
        try {
            stored = Hex.hash(e.leafHash(), "stored leaf hash");
        } catch (IllegalArgumentException x) {
            throw new Broken(seq, -1, "entry " + seq + ": " + x.getMessage());
        }
        if (!MessageDigest.isEqual(leaf, stored)) {
            throw new Broken(seq, -1, "entry " + seq + ": leaf hash mismatch: its bytes hash to " + Hex.of(leaf) + " but the stored leaf hash is "
                    + Hex.of(stored) + " (the entry was altered after it was appended)");
        }
        JsonNode env;
        try {
            env = STRICT_JSON.readTree(bytes);
        } catch (java.io.IOException x) {
            throw new Broken(seq, -1, "entry " + seq + ": the stored bytes are not JSON ("
                    + (x instanceof JsonProcessingException j ? j.getOriginalMessage() : x.getMessage()) + ")");
        }
        if (!ProofVerifier.ENTRY_SCHEMA.equals(env.path("schema").asText())) {
            throw new Broken(seq, -1, "entry " + seq + ": not a ledger entry (schema '" + env.path("schema").asText() + "')");
        }
        if (!env.path("seq").canConvertToLong()) throw new Broken(seq, -1, "entry " + seq + ": its bytes carry no seq");
        long claimed = env.path("seq").asLong();
        if (claimed == seq - 1) {
            // the entry before passed every check and claims seq - 1 too: the extra one is the first bad entry
            throw new Broken(seq - 1, -1, "entry " + (seq - 1) + " was inserted: the bytes of entry " + (seq - 1) + " now sit at seq " + seq
                    + " and everything after is shifted by one");
        }
        if (claimed != seq) {
            throw new Broken(seq, -1, "entry " + seq + ": out of order: the bytes stored at seq " + seq + " are those of entry " + claimed
                    + (claimed == seq + 1 ? " (entries swapped, or entry " + seq + " deleted and the rest renumbered)" : " (entries reordered or swapped)"));
        }
        same(seq, "kind", e.kind(), env.path("kind").asText());
        same(seq, "subject", e.subject(), env.path("subject").asText());
        same(seq, "recorded_at", e.recordedAt(), env.path("recordedAt").asText());
        return leaf;
    }

    private static void same(long seq, String column, String stored, String signed) throws Broken {
        if (!signed.equals(stored)) {
            throw new Broken(seq, -1, "entry " + seq + ": column " + column + " is '" + stored + "' but the entry's hashed bytes say '" + signed + "'");
        }
    }

    private void checkNode(int level, long index, byte[] rebuilt, long lastLeaf) {
        if (nodeTrouble != null) return;
        @SuppressWarnings("unchecked")
        var cursor = (LedgerStore.Rows<LedgerStore.RawNode>) nodeCursors[level];
        if (cursor == null) {
            cursor = store.nodes(level);
            nodeCursors[level] = cursor;
        }
        long first = index << level;
        String range = "entries " + first + ".." + lastLeaf;
        LedgerStore.RawNode row = cursor.peek();
        if (row == null || row.index() != index) {
            nodeTrouble = "tree node (" + level + ", " + index + ") over " + range + " is missing; proofs through it cannot be served";
        } else {
            cursor.take();
            if (!row.hash().equals(Hex.of(rebuilt))) {
                nodeTrouble = "stored tree node (" + level + ", " + index + ") over " + range + " does not match them";
            }
        }
    }

    private TreeHead checkHead(LedgerStore.RawHead h, long expected, long prevSize, long prevTime) throws Broken {
        long k = h.headSeq();
        String name = "tree head " + k + " (size " + h.treeSize() + ")";
        if (k != expected) {
            throw new Broken(-1, expected, "tree head " + expected + " is missing: the stored heads jump from " + (expected - 1) + " to " + k);
        }
        if (h.treeSize() <= prevSize) {
            throw new Broken(-1, k, name + " does not grow the log: tree head " + (k - 1) + " already had size " + prevSize
                    + " (heads swapped, replayed or rewritten)");
        }
        if (h.timestamp() < prevTime) {
            throw new Broken(-1, k, name + " is signed at " + Instant.ofEpochMilli(h.timestamp()) + ", before tree head " + (k - 1)
                    + " (" + Instant.ofEpochMilli(prevTime) + ")");
        }
        if (!keyId.equals(h.keyId())) {
            throw new Broken(-1, k, name + " names key " + h.keyId() + ", not the verifying key " + keyId);
        }
        byte[] root;
        byte[] sig;
        try {
            root = Hex.hash(h.rootHash(), "its root hash");
            sig = Base64.getDecoder().decode(h.signature());
        } catch (IllegalArgumentException x) {
            throw new Broken(-1, k, name + ": " + x.getMessage());
        }
        var head = new TreeHead(k, h.treeSize(), h.timestamp(), root, h.keyId(), sig);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(head.signedBytes());
            if (!s.verify(sig)) throw new Broken(-1, k, name + ": bad signature: it does not verify under key " + keyId + " (the head was altered)");
        } catch (GeneralSecurityException | IllegalArgumentException x) {
            throw new Broken(-1, k, name + ": bad signature: " + x.getMessage());
        }
        checkedHeads++;
        return head;
    }

    private void checkRoot(TreeHead head, long prevSize) throws Broken {
        byte[] rebuilt = tree.root();
        if (MessageDigest.isEqual(rebuilt, head.rootHash())) {
            if (nodeTrouble != null) {
                throw new Broken(-1, -1, nodeTrouble + ": the entries match signed tree head " + head.headSeq() + ", so the node itself was "
                        + "altered, and proofs through it would fail");
            }
            return;
        }
        String hint = nodeTrouble == null ? "" : " (" + nodeTrouble + ")";
        throw new Broken(prevSize, head.headSeq(), "tree head " + head.headSeq() + " (size " + head.treeSize() + "): root mismatch: the entries give "
                + Hex.of(rebuilt) + " but the head signed " + Hex.of(head.rootHash()) + ": an entry in seq " + prevSize + ".."
                + (head.treeSize() - 1) + " was rewritten together with its leaf hash, or the head was replaced" + hint);
    }
}
