package dev.warden.ledger.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One exported proof, format {@value #FORMAT} (docs/ledger.md): an entry's exact bytes, its leaf index and hash, the
 * audit path to a signed tree head, and the public key that signed it. Read strictly: every member is required and no
 * other member is allowed, so nothing in a file can be left unchecked.
 */
public record LedgerProof(byte[] entry, long leafIndex, byte[] leafHash, List<byte[]> auditPath, long treeSize,
                          long timestamp, byte[] rootHash, String keyId, byte[] signature, byte[] publicKey) {
    public static final String FORMAT = "warden.ledger-proof/1";
    private static final Set<String> TOP = Set.of("format", "entry", "leafIndex", "leafHash", "auditPath", "treeHead", "publicKey");
    private static final Set<String> HEAD = Set.of("treeSize", "timestamp", "rootHash", "keyId", "signature");

    /** A file that is not a well-formed proof export; the message names the member and what is wrong with it. */
    public static final class MalformedProofException extends Exception {
        public MalformedProofException(String message) {
            super(message);
        }
    }

    public static LedgerProof parse(String json) throws MalformedProofException {
        Object root;
        try {
            root = StrictJson.parse(json);
        } catch (StrictJson.JsonException e) {
            throw new MalformedProofException("not valid JSON: " + e.getMessage());
        }
        var top = object(root, "the document", TOP);
        String format = string(top, "format");
        if (!FORMAT.equals(format)) throw new MalformedProofException("format is '" + format + "', expected " + FORMAT);
        var head = object(top.get("treeHead"), "treeHead", HEAD);
        try {
            var path = new ArrayList<byte[]>();
            if (!(top.get("auditPath") instanceof List<?> list)) throw new MalformedProofException("auditPath is not an array");
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) throw new MalformedProofException("auditPath[" + i + "] is not a string");
                path.add(Hex.hash(s, "auditPath[" + i + "]"));
            }
            return new LedgerProof(string(top, "entry").getBytes(StandardCharsets.UTF_8), number(top, "leafIndex"),
                    Hex.hash(string(top, "leafHash"), "leafHash"), List.copyOf(path), number(head, "treeSize"),
                    number(head, "timestamp"), Hex.hash(string(head, "rootHash"), "treeHead.rootHash"), keyId(head),
                    base64(head, "signature", "treeHead.signature"), base64(top, "publicKey", "publicKey"));
        } catch (IllegalArgumentException e) {
            throw new MalformedProofException(e.getMessage());
        }
    }

    private static Map<String, Object> object(Object value, String what, Set<String> members) throws MalformedProofException {
        if (!(value instanceof Map<?, ?> raw)) throw new MalformedProofException(what + " is not a JSON object");
        @SuppressWarnings("unchecked")
        var m = (Map<String, Object>) raw;
        for (String k : m.keySet()) {
            if (!members.contains(k)) throw new MalformedProofException(what + " has an unexpected member \"" + k + "\"");
        }
        for (String k : members) {
            if (!m.containsKey(k)) throw new MalformedProofException(what + " lacks the member \"" + k + "\"");
        }
        return m;
    }

    private static String string(Map<String, Object> m, String name) throws MalformedProofException {
        if (!(m.get(name) instanceof String s)) throw new MalformedProofException(name + " is not a string");
        return s;
    }

    private static long number(Map<String, Object> m, String name) throws MalformedProofException {
        if (!(m.get(name) instanceof Long n) || n < 0) throw new MalformedProofException(name + " is not a non-negative integer");
        return n;
    }

    private static String keyId(Map<String, Object> head) throws MalformedProofException {
        String id = string(head, "keyId");
        if (!id.matches("[0-9a-f]{16}")) throw new MalformedProofException("treeHead.keyId is not 16 lower-case hex digits");
        return id;
    }

    private static byte[] base64(Map<String, Object> m, String name, String what) throws MalformedProofException {
        try {
            return Base64.getDecoder().decode(string(m, name));
        } catch (IllegalArgumentException e) {
            throw new MalformedProofException(what + " is not base64: " + e.getMessage());
        }
    }
}
