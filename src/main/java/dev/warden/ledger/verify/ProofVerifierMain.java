package dev.warden.ledger.verify;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code warden-verify FILE [--key PUB]}: checks a proof exported by {@code warden ledger prove} with nothing but the
 * JDK. Exit 0: valid; 1: invalid (forged, altered or truncated), with the reason; 2: wrong command line; 3: a file could
 * not be read.
 */
public final class ProofVerifierMain {
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;
    static final int UNREADABLE = 3;
    private static final String USAGE_TEXT = """
            Usage: warden-verify FILE [--key PUBLIC-KEY]
            Checks a Warden ledger proof (format warden.ledger-proof/1, see docs/ledger.md) without Warden's database:
            the entry's hash, its audit path to the signed tree head's root, and the head's Ed25519 signature.
              --key PUBLIC-KEY   the Warden public key you trust (PEM, e.g. HOME/keys/warden-ed25519.pub);
                                 without it the key inside the file is used, which proves integrity but not origin
            Exit codes: 0 valid, 1 invalid (forged, altered or truncated), 2 wrong command line, 3 unreadable file.""";

    private ProofVerifierMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        Path file = null;
        Path keyFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.println(USAGE_TEXT);
                    return VALID;
                }
                case "--key" -> {
                    if (i + 1 >= args.length) return usage("--key needs a file");
                    keyFile = Path.of(args[++i]);
                }
                default -> {
                    if (args[i].startsWith("-")) return usage("unknown option " + args[i]);
                    if (file != null) return usage("one proof file at a time");
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) return usage("a proof file is needed");
        Optional<PublicKey> pinned = Optional.empty();
        if (keyFile != null) {
            try {
                pinned = Optional.of(readPem(keyFile));
            } catch (IOException e) {
                System.err.println("warden-verify: cannot read key " + keyFile + ": " + e.getMessage());
                return UNREADABLE;
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                System.err.println("warden-verify: " + keyFile + " is not an Ed25519 public key in PEM: " + e.getMessage());
                return UNREADABLE;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            System.out.println(file + ": INVALID: not UTF-8 text");
            return INVALID;
        } catch (IOException e) {
            System.err.println("warden-verify: cannot read " + file + ": " + e.getMessage());
            return UNREADABLE;
        }
        ProofVerifier.Result r;
        try {
            r = ProofVerifier.verify(LedgerProof.parse(text), pinned);
        } catch (LedgerProof.MalformedProofException e) {
            r = new ProofVerifier.Result(false, "not a well-formed proof: " + e.getMessage());
        }
        System.out.println(file + ": " + (r.valid() ? "VALID: " : "INVALID: ") + r.message()
                + (r.valid() && pinned.isEmpty() ? " (key not pinned: pass --key to require Warden's own key)" : ""));
        return r.valid() ? VALID : INVALID;
    }

    static PublicKey readPem(Path file) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static int usage(String why) {
        System.err.println("warden-verify: " + why);
        System.err.println(USAGE_TEXT);
        return USAGE;
    }
}
