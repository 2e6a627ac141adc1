package dev.warden.ledger.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.warden.label.SigningKey;
import dev.warden.ledger.Ledger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The separate verifier accepts genuine exports and rejects each kind of forgery, saying which. */
class ProofVerifierTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SigningKey KEY = SigningKey.generate();
    static final SigningKey INTRUDER = SigningKey.generate();
    @TempDir
    static Path dir;
    static String genuine;        // entry 7 of a 40-entry ledger
    static String genuineOld;     // entry 2 against the head of size 10
    static String foreign;        // entry 7 of another ledger signed by the same key
    static String otherKeyExport; // entry 7 of a ledger signed by another key

    @BeforeAll
    static void exportProofs() {
        var clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        try (var ledger = Ledger.sqlite(dir.resolve("a.db"), KEY, clock)) {
            fill(ledger, "device");
            genuine = ledger.exportProof(7, Optional.empty(), KEY.publicKey());
            genuineOld = ledger.exportProof(2, Optional.of(10L), KEY.publicKey());
        }
        try (var ledger = Ledger.sqlite(dir.resolve("b.db"), KEY, clock)) {
            fill(ledger, "elsewhere");
            foreign = ledger.exportProof(7, Optional.empty(), KEY.publicKey());
        }
        try (var ledger = Ledger.sqlite(dir.resolve("c.db"), INTRUDER, clock)) {
            fill(ledger, "device");
            otherKeyExport = ledger.exportProof(7, Optional.empty(), INTRUDER.publicKey());
        }
    }

    private static void fill(Ledger ledger, String subject) {
        for (int b = 0; b < 8; b++) {
            var batch = new ArrayList<Ledger.NewEntry>();
            for (int i = 0; i < 5; i++) {
                int n = b * 5 + i;
                batch.add(new Ledger.NewEntry("finding", subject + "-" + n, ("{\"n\":" + n + ",\"note\":\"caf\u00e9 \\\"quoted\\\" \u2603\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            ledger.appendAll(batch);
        }
    }

    static ProofVerifier.Result check(String json, PublicKey pinned) {
        try {
            return ProofVerifier.verify(LedgerProof.parse(json), Optional.ofNullable(pinned));
        } catch (LedgerProof.MalformedProofException e) {
            return new ProofVerifier.Result(false, "not a well-formed proof: " + e.getMessage());
        }
    }

    static void assertValid(String json, PublicKey pinned) {
        var r = check(json, pinned);
        assertTrue(r.valid(), r.message());
    }

    static void assertForged(String json, String why) {
        for (PublicKey pinned : new PublicKey[]{null, KEY.publicKey()}) {
            var r = check(json, pinned);
            assertFalse(r.valid(), "accepted a forgery (" + why + ")" + (pinned == null ? "" : " with the key pinned"));
            assertTrue(r.message().contains(why), "expected '" + why + "' in: " + r.message());
        }
    }

    static ObjectNode doc(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String write(ObjectNode n) {
        return n.toPrettyString();
    }

    @Test
    void genuineExportsAreAccepted() {
        assertValid(genuine, KEY.publicKey());
        assertValid(genuine, null);
        assertValid(genuineOld, KEY.publicKey());
        assertValid(foreign, KEY.publicKey());
        var r = check(genuine, KEY.publicKey());
        assertTrue(r.message().startsWith("entry 7 (finding, device-7, recorded 2026-11-25T12:00:00Z) is in the ledger of 40 entries"), r.message());
    }

    @Test
    void aModifiedEntryIsRejected() {
        var d = doc(genuine);
        d.put("entry", d.get("entry").asText().replace("device-7", "device-8"));
        assertForged(write(d), "entry was modified: its bytes hash to leaf");

        // the forger recomputes the leaf hash too: the audit path then leads elsewhere
        String forgedEntry = d.get("entry").asText();
        d.put("leafHash", Hex.of(MerkleHash.leaf(forgedEntry.getBytes(StandardCharsets.UTF_8))));
        assertForged(write(d), "entry 7 is not in the signed tree: audit path leads to root");

        // whitespace is a change too: the bytes are what is hashed, not their meaning
        d = doc(genuine);
        d.put("entry", d.get("entry").asText().replace(",\"kind\"", ", \"kind\""));
        assertForged(write(d), "entry was modified");
    }

    @Test
    void aWrongAuditPathIsRejected() {
        var d = doc(genuine);
        var path = (ArrayNode) d.get("auditPath");
        byte[] h = Hex.hash(path.get(1).asText(), "p");
        h[0] ^= 1;
        path.set(1, new TextNode(Hex.of(h)));
        assertForged(write(d), "entry 7 is not in the signed tree: audit path leads to root");

        d = doc(genuine);
        ((ArrayNode) d.get("auditPath")).remove(0);
        assertForged(write(d), "audit path is too short");

        d = doc(genuine);
        ((ArrayNode) d.get("auditPath")).add(Hex.of(MerkleHash.empty()));
        assertForged(write(d), "audit path is too long");

        d = doc(genuine);
        var p = (ArrayNode) d.get("auditPath");
        var first = p.get(0);
        p.set(0, p.get(1));
        p.set(1, first);
        assertForged(write(d), "is not in the signed tree");
    }

    @Test
    void aWrongLeafIndexIsRejected() {
        var d = doc(genuine);
        d.put("leafIndex", 6);
        assertForged(write(d), "entry says it is seq 7 but the proof places it at leaf index 6");

        // the forger renumbers the entry as well and recomputes its hash: the path no longer fits the position
        d.put("entry", d.get("entry").asText().replace("\"seq\":7", "\"seq\":6"));
        d.put("leafHash", Hex.of(MerkleHash.leaf(d.get("entry").asText().getBytes(StandardCharsets.UTF_8))));
        assertForged(write(d), "is not in the signed tree");

        d = doc(genuine);
        d.put("leafIndex", 40);
        d.put("entry", d.get("entry").asText().replace("\"seq\":7", "\"seq\":40"));
        d.put("leafHash", Hex.of(MerkleHash.leaf(d.get("entry").asText().getBytes(StandardCharsets.UTF_8))));
        assertForged(write(d), "leaf index 40 is outside a tree of size 40");
    }

    @Test
    void aTreeHeadFromAnotherTreeIsRejected() {
        var d = doc(genuine);
        d.set("treeHead", doc(foreign).get("treeHead"));
        assertForged(write(d), "entry 7 is not in the signed tree: audit path leads to root");

        // a genuine older head of the same ledger does not fit the newer path either
        d = doc(genuine);
        d.set("treeHead", doc(genuineOld).get("treeHead"));
        assertForged(write(d), "is not in the signed tree");
    }

    @Test
    void aTreeHeadSignedByAnotherKeyIsRejected() {
        // re-signed by an intruder, Warden's key left in place
        var d = doc(genuine);
        var head = (ObjectNode) d.get("treeHead");
        byte[] signed = TreeHeadBytes.of(head.get("treeSize").asLong(), head.get("timestamp").asLong(), Hex.hash(head.get("rootHash").asText(), "r"));
        head.put("signature", Base64.getEncoder().encodeToString(INTRUDER.sign(signed)));
        assertForged(write(d), "tree head signature does not verify under key " + KEY.keyId());

        // the intruder's key and key id put in as well: consistent, so only pinning Warden's key can tell
        head.put("keyId", INTRUDER.keyId());
        d.put("publicKey", INTRUDER.publicKeyBase64());
        assertValid(write(d), null);
        var r = check(write(d), KEY.publicKey());
        assertFalse(r.valid());
        assertTrue(r.message().contains("the tree head names key " + INTRUDER.keyId() + ", not the pinned key " + KEY.keyId()), r.message());
        r = check(otherKeyExport, KEY.publicKey());
        assertFalse(r.valid(), "a whole ledger kept under another key");
        assertTrue(r.message().contains("not the pinned key"), r.message());

        // a key id that does not belong to the key
        d = doc(genuine);
        ((ObjectNode) d.get("treeHead")).put("keyId", INTRUDER.keyId());
        assertForged(write(d), "treeHead.keyId " + INTRUDER.keyId() + " does not belong to publicKey");
    }

    @Test
    void alteredTreeHeadFieldsBreakTheSignature() {
        var d = doc(genuine);
        ((ObjectNode) d.get("treeHead")).put("timestamp", d.get("treeHead").get("timestamp").asLong() + 1);
        assertForged(write(d), "tree head signature does not verify");

        // every byte of the signature: some flips leave a wrong signature, others one that cannot even be decoded
        for (int at = 0; at < 64; at++) {
            d = doc(genuine);
            byte[] sig = Base64.getDecoder().decode(d.get("treeHead").get("signature").asText());
            sig[at] ^= 1;
            ((ObjectNode) d.get("treeHead")).put("signature", Base64.getEncoder().encodeToString(sig));
            assertForged(write(d), "tree head signature does not verify");
        }

        d = doc(genuine);
        // 41 leaves give entry 7 the same path as 40 do: the signature is what catches it
        ((ObjectNode) d.get("treeHead")).put("treeSize", 41);
        assertForged(write(d), "tree head signature does not verify");
        ((ObjectNode) d.get("treeHead")).put("treeSize", 80);
        assertForged(write(d), "audit path is too short for leaf 7 in a tree of size 80");
    }

    @Test
    void aTruncatedFileIsRejectedWhereverItIsCut() {
        for (int cut = 0; cut < genuine.length() - 2; cut += 7) {
            var r = check(genuine.substring(0, cut), KEY.publicKey());
            assertFalse(r.valid(), "accepted the first " + cut + " characters");
            assertTrue(r.message().contains("truncated") || r.message().contains("not valid JSON"), cut + ": " + r.message());
        }
        var r = check(genuine.substring(0, genuine.lastIndexOf('}')), KEY.publicKey());
        assertTrue(r.message().contains("truncated"), r.message());
    }

    @Test
    void malformedDocumentsAreNamed() {
        var d = doc(genuine);
        d.put("comment", "trust me");
        assertForged(write(d), "the document has an unexpected member \"comment\"");

        d = doc(genuine);
        d.remove("publicKey");
        assertForged(write(d), "the document lacks the member \"publicKey\"");

        d = doc(genuine);
        d.put("format", "warden.ledger-proof/2");
        assertForged(write(d), "format is 'warden.ledger-proof/2', expected warden.ledger-proof/1");

        d = doc(genuine);
        d.put("leafHash", d.get("leafHash").asText().toUpperCase());
        assertForged(write(d), "leafHash is not 64 lower-case hex digits");

        String duplicated = genuine.replaceFirst("\"leafIndex\" : 7,", "\"leafIndex\" : 7, \"leafIndex\" : 7,");
        assertTrue(duplicated.length() > genuine.length(), "the export layout changed: " + genuine);
        assertForged(duplicated, "duplicate member \"leafIndex\"");

        d = doc(genuine);
        d.put("leafIndex", -1);
        assertForged(write(d), "leafIndex is not a non-negative integer");

        d = doc(genuine);
        d.put("entry", "[1,2]");
        assertForged(write(d), "entry is not a JSON object");
    }
}
