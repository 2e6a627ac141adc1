package dev.warden.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.ledger.verify.Hex;
import dev.warden.ledger.verify.LedgerProof;

import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the proof export (format warden.ledger-proof/1, docs/ledger.md) that {@code warden-verify} reads. */
final class ProofExport {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProofExport() {}

    static String json(Entry entry, List<byte[]> path, TreeHead head, PublicKey key) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", LedgerProof.FORMAT);
        doc.put("entry", entry.text());
        doc.put("leafIndex", entry.seq());
        doc.put("leafHash", Hex.of(entry.leafHash()));
        doc.put("auditPath", path.stream().map(Hex::of).toList());
        var h = new LinkedHashMap<String, Object>();
        h.put("treeSize", head.treeSize());
        h.put("timestamp", head.timestamp());
        h.put("rootHash", Hex.of(head.rootHash()));
        h.put("keyId", head.keyId());
        h.put("signature", Base64.getEncoder().encodeToString(head.signature()));
        doc.put("treeHead", h);
        doc.put("publicKey", Base64.getEncoder().encodeToString(key.getEncoded()));
        try {
            return PRETTY.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the proof of entry " + entry.seq(), e);
        }
    }
}
