package dev.warden.label;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Warden's Ed25519 signing key. Created on first use under the Warden home (keys/warden-ed25519.key, owner-only), with
 * the public half beside it for anyone who verifies labels. The key id is the first 16 hex digits of SHA-256 over the
 * public key's X.509 encoding.
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static SigningKey loadOrCreate(Path dir) {
        Path priv = dir.resolve("warden-ed25519.key");
        Path pub = dir.resolve("warden-ed25519.pub");
        try {
            if (Files.exists(priv)) {
                var kf = KeyFactory.getInstance("Ed25519");
                PrivateKey pk = kf.generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(strip(Files.readString(priv)))));
                PublicKey pubKey = kf.generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(strip(Files.readString(pub)))));
                return new SigningKey(pk, pubKey);
            }
            Files.createDirectories(dir);
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path tmp = dir.resolve("warden-ed25519.key.tmp");
            Files.writeString(tmp, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions must protect the key
            }
            Files.writeString(pub, pem("PUBLIC KEY", kp.getPublic().getEncoded()));
            Files.move(tmp, priv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new SigningKey(kp.getPrivate(), kp.getPublic());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load or create the signing key in " + dir + ": " + e.getMessage(), e);
        }
    }

    public static SigningKey generate() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return new SigningKey(kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    public static PublicKey readPublic(Path file) {
        try {
            return decodePublic(strip(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read public key " + file + ": " + e.getMessage());
        }
    }

    static PublicKey decodePublic(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage());
        }
    }

    private static String strip(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    public String keyId() {
        return keyId(publicKey);
    }

    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
