package dev.warden.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.label.Canonical;
import dev.warden.label.SigningKey;
import dev.warden.ledger.verify.MerkleHash;
import dev.warden.ledger.verify.ProofVerifier;
import dev.warden.ledger.verify.TreeHeadBytes;
import dev.warden.store.SqlStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Warden's evidence ledger: an append-only log of labels, findings and incidents kept as an RFC 6962/9162 Merkle tree
 * in the same database as everything else (docs/ledger.md).
 *
 * <p>Each call to {@link #appendAll} is one database transaction holding its entries, the tree nodes they complete, and
 * one new signed tree head (STH) over the whole log, so an append is durable, covered by a signature, and provable as
 * soon as it returns; a crash loses only batches whose call had not returned. One STH per batch costs one Ed25519
 * signature per call, which is why bulk writers should batch. Signing uses Warden's own key (HOME/keys/warden-ed25519.key,
 * the one that signs labels), so one public key checks both.
 *
 * <p>Appends run in an IMMEDIATE transaction on SQLite (the write lock is taken before the log's end is read) and under
 * a transaction-scoped advisory lock per schema on PostgreSQL (taken the same way, before the end is read), so writers
 * on other connections or in other processes take turns; the cached right edge of the tree is reloaded whenever
 * another writer has appended in between.
 */
public final class Ledger implements AutoCloseable {
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final int MAX_SUBJECT = 512;
    private final LedgerStore store;
    private final SigningKey signer;
    private final Clock clock;
    private Frontier frontier;

    /** One entry to append: its kind (label, finding, incident, incident-update, ack...), subject and JSON body. */
    public record NewEntry(String kind, String subject, byte[] json) {}

    private Ledger(LedgerStore store, SigningKey signer, Clock clock) {
        this.store = store;
        this.signer = signer;
        this.clock = clock;
    }

    /** Opens the ledger for appending; the tables are created or migrated first. */
    public static Ledger open(String jdbcUrl, SigningKey signer, Clock clock) {
        return new Ledger(new LedgerStore(connect(jdbcUrl)), signer, clock);
    }

    public static Ledger sqlite(Path file, SigningKey signer, Clock clock) {
        return open(sqliteUrl(file), signer, clock);
    }

    /** Opens the ledger to read, prove and verify; appends are refused. */
    public static Ledger readOnly(String jdbcUrl) {
        return new Ledger(new LedgerStore(connect(jdbcUrl)), null, Clock.systemUTC());
    }

    public static String sqliteUrl(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new LedgerException("cannot create the directory for " + file + ": " + e.getMessage(), e);
        }
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    private static java.sql.Connection connect(String jdbcUrl) {
        var props = new Properties();
        if (jdbcUrl.startsWith("jdbc:sqlite:")) props.setProperty("transaction_mode", "IMMEDIATE");
        return SqlStore.connect(jdbcUrl, props);
    }

    public Receipt append(String kind, String subject, byte[] json) {
        return appendAll(List.of(new NewEntry(kind, subject, json))).getFirst();
    }

    /** Appends the entries in order, in one transaction, under one new signed tree head; durable when it returns. */
    public synchronized List<Receipt> appendAll(List<NewEntry> batch) {
        if (signer == null) throw new LedgerException("this ledger was opened read-only");
        if (batch.isEmpty()) return List.of();
        var bodies = new ArrayList<JsonNode>(batch.size());
        for (NewEntry e : batch) bodies.add(validate(e));
        store.begin();
        try {
            Optional<TreeHead> last = store.latestHead();
            Frontier work = current(last).copy();
            // never sign a head older than the one before it, even if the clock steps back
            long now = Math.max(clock.millis(), last.map(TreeHead::timestamp).orElse(Long.MIN_VALUE));
            Instant at = Instant.ofEpochMilli(now);
            long size = work.size() + batch.size();
            var receipts = new ArrayList<Receipt>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                NewEntry e = batch.get(i);
                long seq = work.size();
                ObjectNode env = JsonNodeFactory.instance.objectNode();
                env.put("schema", ProofVerifier.ENTRY_SCHEMA);
                env.put("seq", seq);
                env.put("kind", e.kind());
                env.put("subject", e.subject());
                env.put("recordedAt", at.toString());
                env.set("body", bodies.get(i));
                byte[] bytes = Canonical.bytes(env);
                byte[] leaf = MerkleHash.leaf(bytes);
                store.addEntry(new Entry(seq, e.kind(), e.subject(), at, bytes, leaf));
                work.append(leaf, store::addNode);
                receipts.add(new Receipt(seq, leaf, size));
            }
            byte[] root = work.root();
            byte[] signature = signer.sign(TreeHeadBytes.of(size, now, root));
            store.addHead(new TreeHead(last.map(h -> h.headSeq() + 1).orElse(0L), size, now, root, signer.keyId(), signature));
            store.commit();
            frontier = work;
            return receipts;
        } catch (RuntimeException e) {
            store.rollback();
            throw e;
        }
    }

    private static JsonNode validate(NewEntry e) {
        if (e.kind() == null || !KIND.matcher(e.kind()).matches()) {
            throw new IllegalArgumentException("ledger entry kind '" + e.kind() + "' is not a lower-case word (a-z, 0-9, '-', at most 32)");
        }
        if (e.subject() == null || e.subject().isEmpty() || e.subject().length() > MAX_SUBJECT
                || e.subject().chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("ledger entry subject '" + e.subject() + "' must be 1.." + MAX_SUBJECT
                    + " characters without control characters");
        }
        JsonNode body;
        try {
            body = e.json() == null ? null : LedgerVerifier.STRICT_JSON.readTree(e.json());
        } catch (java.io.IOException x) {
            throw new IllegalArgumentException("ledger entry " + e.kind() + " for " + e.subject() + " is not JSON: " + x.getMessage());
        }
        if (body == null || body.isMissingNode()) throw new IllegalArgumentException("ledger entry " + e.kind() + " for " + e.subject() + " has no body");
        return body;
    }

    /** The right edge of the tree as the database has it now; reloaded when another process appended meanwhile. */
    private Frontier current(Optional<TreeHead> last) {
        long signed = last.map(TreeHead::treeSize).orElse(0L);
        long stored = store.nextSeq();
        if (stored != signed) {
            throw new LedgerException("the ledger holds entries up to seq " + (stored - 1) + " but its latest signed tree head covers "
                    + signed + "; refusing to append until 'warden ledger verify' is clean");
        }
        if (frontier == null || frontier.size() != signed) {
            Frontier loaded = Frontier.load(store, signed);
            if (last.isPresent() && !MessageDigest.isEqual(loaded.root(), last.get().rootHash())) {
                throw new LedgerException("the stored tree does not match " + last.get() + "; refusing to append until 'warden ledger verify' is clean");
            }
            frontier = loaded;
        }
        return frontier;
    }

    public synchronized Optional<TreeHead> treeHead() {
        return store.latestHead();
    }

    public synchronized Optional<TreeHead> treeHead(long treeSize) {
        return store.headOfSize(treeSize);
    }

    /** Entries covered by the latest signed tree head. */
    public synchronized long size() {
        return store.latestHead().map(TreeHead::treeSize).orElse(0L);
    }

    public synchronized long headCount() {
        return store.headCount();
    }

    public synchronized Optional<Entry> entry(long seq) {
        return store.entry(seq);
    }

    /** Entries after {@code afterSeq}, oldest first; kind and subject filter when not null. */
    public synchronized List<Entry> list(String kind, String subject, long afterSeq, int limit) {
        return store.list(kind, subject, afterSeq, limit);
    }

    /** MTH of the first {@code treeSize} entries. */
    public synchronized byte[] rootAt(long treeSize) {
        requireSize(treeSize);
        return TreeMath.root(store, treeSize);
    }

    /** RFC 9162 inclusion proof (audit path, leaf first) of entry {@code seq} in the tree of its first {@code treeSize} entries. */
    public synchronized List<byte[]> inclusionProof(long seq, long treeSize) {
        requireSize(treeSize);
        if (seq < 0 || seq >= treeSize) throw new IllegalArgumentException("entry " + seq + " is not in a tree of size " + treeSize);
        return TreeMath.inclusion(store, seq, treeSize);
    }

    /** RFC 9162 consistency proof that the tree of size {@code oldSize} is a prefix of the tree of size {@code newSize}. */
    public synchronized List<byte[]> consistencyProof(long oldSize, long newSize) {
        requireSize(newSize);
        if (oldSize <= 0 || oldSize > newSize) {
            throw new IllegalArgumentException("no consistency proof from size " + oldSize + " to size " + newSize + " (need 0 < old <= new)");
        }
        return TreeMath.consistency(store, oldSize, newSize);
    }

    private void requireSize(long treeSize) {
        long signed = size();
        if (treeSize < 0 || treeSize > signed) {
            throw new IllegalArgumentException("tree size " + treeSize + " is beyond the ledger's signed size " + signed);
        }
    }

    /**
     * The proof export of entry {@code seq} (format warden.ledger-proof/1) against the signed tree head of size
     * {@code treeSize}, or the latest head when empty.
     */
    public synchronized String exportProof(long seq, Optional<Long> treeSize, PublicKey publicKey) {
        TreeHead head = (treeSize.isPresent() ? store.headOfSize(treeSize.get()) : store.latestHead()).orElseThrow(() -> new IllegalArgumentException(
                treeSize.isPresent() ? "no signed tree head has size " + treeSize.get() : "the ledger is empty: nothing to prove"));
        Entry entry = store.entry(seq).orElseThrow(() -> new IllegalArgumentException("the ledger has no entry " + seq));
        if (seq >= head.treeSize()) {
            throw new IllegalArgumentException("entry " + seq + " is not covered by the tree head of size " + head.treeSize());
        }
        return ProofExport.json(entry, TreeMath.inclusion(store, seq, head.treeSize()), head, publicKey);
    }

    /** Rechecks every entry, stored node and signed tree head against {@code key}; see {@link LedgerVerifier}. */
    public synchronized VerifyReport verify(PublicKey key) {
        return LedgerVerifier.verify(store, key);
    }

    public PublicKey publicKey() {
        if (signer == null) throw new LedgerException("this ledger was opened read-only and has no key of its own");
        return signer.publicKey();
    }

    @Override
    public synchronized void close() {
        store.close();
    }
}
