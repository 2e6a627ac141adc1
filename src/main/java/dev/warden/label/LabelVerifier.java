package dev.warden.label;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a label: its schema, that the signature matches the canonical bytes of everything but the signature, and, when
 * the verifier supplies a trusted key, that the label was signed by that key rather than by whatever key it carries.
 */
public final class LabelVerifier {
    public record Result(boolean valid, String keyId, boolean trustedKey, String message) {}

    private LabelVerifier() {}

    public static Result verify(String json, Optional<PublicKey> trusted) {
        JsonNode root;
        try {
            root = Canonical.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new Result(false, null, false, "not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        }
        if (!(root instanceof ObjectNode doc)) return new Result(false, null, false, "not a label: the document is not a JSON object");
        if (!Labeler.SCHEMA.equals(doc.path("schema").asText())) {
            return new Result(false, null, false, "not a label: schema is '" + doc.path("schema").asText() + "', expected " + Labeler.SCHEMA);
        }
        JsonNode sig = doc.remove("signature");
        if (sig == null || !"Ed25519".equals(sig.path("algorithm").asText()) || !sig.path("value").isTextual()) {
            return new Result(false, null, false, "the label carries no Ed25519 signature");
        }
        PublicKey embedded;
        try {
            embedded = SigningKey.decodePublic(doc.path("issuer").path("publicKey").asText());
        } catch (IllegalArgumentException e) {
            return new Result(false, null, false, "issuer.publicKey is " + e.getMessage());
        }
        PublicKey key = trusted.orElse(embedded);
        String keyId = SigningKey.keyId(key);
        if (!keyId.equals(doc.path("issuer").path("keyId").asText())) {
            return new Result(false, keyId, false, trusted.isPresent()
                    ? "signed by key " + doc.path("issuer").path("keyId").asText() + ", not by the trusted key " + keyId
                    : "issuer.keyId does not belong to issuer.publicKey");
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(Canonical.bytes(doc));
            if (!s.verify(Base64.getDecoder().decode(sig.path("value").asText()))) {
                return new Result(false, keyId, trusted.isPresent(), "signature does not match the content: the label was altered after signing");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Result(false, keyId, trusted.isPresent(), "signature is malformed: " + e.getMessage());
        }
        return new Result(true, keyId, trusted.isPresent(), "valid label for " + doc.path("device").path("ip").asText()
                + ", grade " + doc.path("grade").asText() + ", issued " + doc.path("issuedAt").asText() + ", signed by key " + keyId);
    }
}
