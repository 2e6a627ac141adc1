package dev.warden.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The key material of the TLS listener, as an in-memory key store: either a PKCS#12 file, or a PEM certificate chain
 * with an unencrypted PKCS#8 PEM key ("BEGIN PRIVATE KEY"; RSA, EC or Ed25519), as openssl and most ACME clients write.
 */
public record Tls(KeyStore keyStore, char[] password) {
    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    public static Tls pkcs12(Path file, String password) {
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            if (!ks.aliases().hasMoreElements()) throw new IllegalArgumentException("the key store " + file + " holds no key");
            return new Tls(ks, pw);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the PKCS#12 key store " + file + ": " + e.getMessage(), e);
        }
    }

    public static Tls pem(Path certificate, Path key) {
        List<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certificate)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate " + certificate + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) throw new IllegalArgumentException("no certificate in " + certificate);
        PrivateKey privateKey;
        try {
            var m = PEM_KEY.matcher(Files.readString(key));
            if (!m.find()) {
                throw new IllegalArgumentException("no unencrypted PKCS#8 key (BEGIN PRIVATE KEY) in " + key
                        + "; convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
            }
            var spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1)));
            privateKey = null;
            for (String alg : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
                try {
                    privateKey = KeyFactory.getInstance(alg).generatePrivate(spec);
                    break;
                } catch (GeneralSecurityException notThisKind) {
                    // try the next algorithm; the PKCS#8 header names it, but KeyFactory needs to be asked by name
                }
            }
            if (privateKey == null) throw new IllegalArgumentException("the key in " + key + " is not an RSA, EC or Ed25519 key");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key " + key + ": " + e.getMessage(), e);
        }
        try {
            char[] pw = Long.toHexString(Double.doubleToLongBits(Math.random())).toCharArray();
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(null, pw);
            ks.setKeyEntry("warden", privateKey, pw, chain.toArray(Certificate[]::new));
            return new Tls(ks, pw);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the key " + key + " does not fit the certificate " + certificate + ": " + e.getMessage(), e);
        }
    }
}
