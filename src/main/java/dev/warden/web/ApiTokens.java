package dev.warden.web;

import dev.warden.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API tokens: 32 random bytes, shown once as {@code wdn_<base64url>}; the store keeps only their SHA-256. A token's id
 * (its hash's first 12 hex digits) names it in listings and logs without revealing it.
 */
public final class ApiTokens {
    public static final String PREFIX = "wdn_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Store store;
    private final Clock clock;

    public record Created(String token, Store.TokenRow row) {}

    /** Who is calling: the token's id, name and role. */
    public record Principal(String tokenId, String name, Role role) {}

    public ApiTokens(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Created create(Role role, String name) {
        if (name == null || name.isBlank() || name.length() > 100) throw new IllegalArgumentException("a token name must have 1 to 100 characters");
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256(token);
        var row = new Store.TokenRow("t" + hash.substring(0, 12), name.strip(), role.id(), hash, clock.instant().toString(), null);
        store.addToken(row);
        return new Created(token, row);
    }

    /** The principal of a live (not revoked) token, or empty. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) return Optional.empty();
        return store.tokenByHash(sha256(token)).filter(t -> t.revokedAt() == null)
                .map(t -> new Principal(t.id(), t.name(), Role.parse(t.role())));
    }

    public boolean hasLiveAdmin() {
        return store.tokens().stream().anyMatch(t -> t.revokedAt() == null && Role.parse(t.role()) == Role.ADMIN);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
