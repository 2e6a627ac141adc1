package dev.warden.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an exported proof without Warden's database, in the order a forger would have to defeat them: the entry is a
 * ledger entry for this leaf index, it hashes to the stated leaf hash, the audit path leads from that leaf to the root
 * the tree head names, and the tree head is signed by the key (the pinned one when the caller pins it).
 */
public final class ProofVerifier {
    public static final String ENTRY_SCHEMA = "warden.ledger-entry/1";

    public record Result(boolean valid, String message) {}

    private ProofVerifier() {}

    public static Result verify(LedgerProof p, Optional<PublicKey> pinned) {
        Map<String, Object> entry;
        try {
            if (!(StrictJson.parse(new String(p.entry(), StandardCharsets.UTF_8)) instanceof Map<?, ?> m)) {
                return invalid("entry is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            var e = (Map<String, Object>) m;
            entry = e;
        } catch (StrictJson.JsonException e) {
            return invalid("entry is not valid JSON: " + e.getMessage());
        }
        if (!ENTRY_SCHEMA.equals(entry.get("schema"))) return invalid("entry schema is '" + entry.get("schema") + "', expected " + ENTRY_SCHEMA);
        if (!(entry.get("seq") instanceof Long seq)) return invalid("entry has no integer seq");
        if (seq != p.leafIndex()) {
            return invalid("entry says it is seq " + seq + " but the proof places it at leaf index " + p.leafIndex());
        }
        byte[] leaf = MerkleHash.leaf(p.entry());
        if (!MessageDigest.isEqual(leaf, p.leafHash())) {
            return invalid("entry was modified: its bytes hash to leaf " + Hex.of(leaf) + ", the proof says " + Hex.of(p.leafHash()));
        }
        try {
            MerkleProofs.verifyInclusion(p.leafIndex(), p.treeSize(), leaf, p.auditPath(), p.rootHash());
        } catch (MerkleProofs.ProofException e) {
            return invalid("entry " + seq + " is not in the signed tree: " + e.getMessage());
        }
        PublicKey carried;
        try {
            carried = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(p.publicKey()));
        } catch (GeneralSecurityException e) {
            return invalid("publicKey is not an Ed25519 public key: " + e.getMessage());
        }
        if (!keyId(carried).equals(p.keyId())) return invalid("treeHead.keyId " + p.keyId() + " does not belong to publicKey " + keyId(carried));
        PublicKey key = pinned.orElse(carried);
        if (pinned.isPresent() && !MessageDigest.isEqual(pinned.get().getEncoded(), p.publicKey())) {
            return invalid("the tree head names key " + p.keyId() + ", not the pinned key " + keyId(pinned.get()));
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(TreeHeadBytes.of(p.treeSize(), p.timestamp(), p.rootHash()));
            if (!s.verify(p.signature())) {
                return invalid("tree head signature does not verify under key " + keyId(key) + " (forged or altered tree head)");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // a flipped bit can make the signature undecodable rather than wrong: the same forgery either way
            return invalid("tree head signature does not verify under key " + keyId(key) + " (" + e.getMessage() + ")");
        }
        return new Result(true, "entry " + seq + " (" + entry.get("kind") + ", " + entry.get("subject") + ", recorded "
                + entry.get("recordedAt") + ") is in the ledger of " + p.treeSize() + " entries whose head was signed "
                + Instant.ofEpochMilli(p.timestamp()) + " by key " + keyId(key));
    }

    private static Result invalid(String why) {
        return new Result(false, why);
    }

    /** First 16 hex digits of SHA-256 over the key's X.509 encoding: the same key id Warden prints. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
