package dev.warden.label;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSignatureTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static String signed(SigningKey key) throws Exception {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("schema", Labeler.SCHEMA);
        doc.put("issuer", Map.of("tool", "test", "keyId", key.keyId(), "publicKey", key.publicKeyBase64()));
        doc.put("device", Map.of("ip", "127.10.0.1"));
        doc.put("grade", "F");
        doc.put("verdicts", List.of(Map.of("provision", "5.1-1", "verdict", "fail")));
        doc.put("signature", Map.of("algorithm", "Ed25519", "value", java.util.Base64.getEncoder().encodeToString(key.sign(Canonical.bytes(doc)))));
        return JSON.writeValueAsString(doc);
    }

    @Test
    void genuineLabelVerifiesWhateverTheWhitespaceAndMemberOrder() throws Exception {
        var key = SigningKey.generate();
        String json = signed(key);
        assertTrue(LabelVerifier.verify(json, Optional.empty()).valid());
        String pretty = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(JSON.readTree(json));
        assertTrue(LabelVerifier.verify(pretty, Optional.of(key.publicKey())).valid());
    }

    @Test
    void anyChangedVerdictBreaksTheSignature() throws Exception {
        var key = SigningKey.generate();
        var node = (ObjectNode) JSON.readTree(signed(key));
        node.put("grade", "A");
        var r = LabelVerifier.verify(node.toString(), Optional.empty());
        assertFalse(r.valid());
        assertTrue(r.message().contains("altered"), r.message());
    }

    @Test
    void labelReSignedWithAnotherKeyFailsAgainstThePinnedKey() throws Exception {
        var mine = SigningKey.generate();
        var forger = SigningKey.generate();
        String forged = signed(forger);
        assertTrue(LabelVerifier.verify(forged, Optional.empty()).valid(), "self-consistent, so valid without a pinned key");
        var r = LabelVerifier.verify(forged, Optional.of(mine.publicKey()));
        assertFalse(r.valid());
        assertTrue(r.message().contains("not by the trusted key"), r.message());
    }

    @Test
    void garbageAndMissingSignaturesAreNamed() throws Exception {
        assertTrue(LabelVerifier.verify("{not json", Optional.empty()).message().startsWith("not JSON"));
        assertTrue(LabelVerifier.verify("{\"schema\":\"other\"}", Optional.empty()).message().contains("not a label"));
        var node = (ObjectNode) JSON.readTree(signed(SigningKey.generate()));
        node.remove("signature");
        assertTrue(LabelVerifier.verify(node.toString(), Optional.empty()).message().contains("no Ed25519 signature"));
    }

    @Test
    void keyIsCreatedOnceAndReloaded(@TempDir Path dir) {
        var a = SigningKey.loadOrCreate(dir);
        var b = SigningKey.loadOrCreate(dir);
        assertEquals(a.keyId(), b.keyId());
        assertTrue(Files.exists(dir.resolve("warden-ed25519.pub")));
    }

    @Test
    void verifyCommandExitCodes(@TempDir Path dir) throws Exception {
        var key = SigningKey.loadOrCreate(dir.resolve("keys"));
        Path good = dir.resolve("good.label.json");
        Files.writeString(good, signed(key));
        Path bad = dir.resolve("bad.label.json");
        Files.writeString(bad, Files.readString(good).replace("\"F\"", "\"A\""));
        assertEquals(0, Main.run("label", "verify", "--key", dir.resolve("keys/warden-ed25519.pub").toString(), good.toString()));
        assertEquals(1, Main.run("label", "verify", good.toString(), bad.toString()));
    }
}
