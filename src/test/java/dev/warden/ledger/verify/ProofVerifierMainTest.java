package dev.warden.ledger.verify;

import dev.warden.label.SigningKey;
import dev.warden.ledger.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code warden-verify}: exit codes, messages, and that it stands alone. */
public class ProofVerifierMainTest {
    record Run(int code, String out, String err) {}

    static synchronized Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        PrintStream o = System.out, e = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(ProofVerifierMain.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    /** Runs warden-verify with its output swallowed; for other packages' tests. */
    public static int runVerifier(String... args) {
        return run(args).code();
    }

    /** Exports entry 3 of a small ledger to proof.json, with Warden's public key beside it in keys/. */
    static Path export(Path dir) throws Exception {
        var key = SigningKey.loadOrCreate(dir.resolve("keys"));
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), key, Clock.systemUTC())) {
            for (int i = 0; i < 6; i++) ledger.append("label", "192.168.1." + i, ("{\"grade\":\"F\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            return Files.writeString(dir.resolve("proof.json"), ledger.exportProof(3, Optional.empty(), key.publicKey()));
        }
    }

    @Test
    void exitCodesSayValidInvalidUsageAndUnreadable(@TempDir Path dir) throws Exception {
        Path proof = export(dir);
        String pub = dir.resolve("keys/warden-ed25519.pub").toString();
        var r = run(proof.toString(), "--key", pub);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith(proof + ": VALID: entry 3 (label, 192.168.1.3, recorded "), r.out());
        r = run(proof.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("key not pinned"), r.out());

        Path forged = Files.writeString(dir.resolve("forged.json"), Files.readString(proof).replace("192.168.1.3", "192.168.1.4"));
        r = run(forged.toString(), "--key", pub);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("INVALID: entry was modified"), r.out());

        String text = Files.readString(proof);
        Path truncated = Files.writeString(dir.resolve("truncated.json"), text.substring(0, text.length() / 2));
        r = run(truncated.toString(), "--key", pub);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("INVALID: not a well-formed proof: not valid JSON: unexpected end of input (the file is truncated)"), r.out());

        Path binary = Files.write(dir.resolve("binary.json"), new byte[]{'{', (byte) 0xC3, '}'});
        r = run(binary.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("INVALID: not UTF-8 text"), r.out());

        assertEquals(2, run().code());
        assertEquals(2, run(proof.toString(), "--frobnicate").code());
        r = run(proof.toString(), "--key");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--key needs a file"), r.err());

        r = run(dir.resolve("missing.json").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("cannot read " + dir.resolve("missing.json")), r.err());
        r = run(proof.toString(), "--key", proof.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("is not an Ed25519 public key in PEM"), r.err());
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
    }

    @Test
    void theScriptRunsTheVerifier(@TempDir Path dir) throws Exception {
        Path proof = export(dir);
        var pb = new ProcessBuilder("bin/warden-verify", proof.toString(), "--key", dir.resolve("keys/warden-ed25519.pub").toString())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("VALID: entry 3"), out);
    }

    @Test
    void dependsOnNothingButTheJdk() throws Exception {
        // a third party should be able to read and build this package alone: no Warden class outside it, no library
        Pattern imports = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
        Path pkg = Path.of("src/main/java/dev/warden/ledger/verify");
        int files = 0;
        try (var list = Files.list(pkg)) {
            for (Path f : list.toList()) {
                String src = Files.readString(f);
                var m = imports.matcher(src);
                while (m.find()) assertTrue(m.group(2).startsWith("java."), f.getFileName() + " imports " + m.group(2));
                String body = src.replace("package dev.warden.ledger.verify;", "");
                assertFalse(Pattern.compile("dev\\.warden\\.(?!ledger\\.verify)").matcher(body).find(), f.getFileName() + " names a Warden class");
                files++;
            }
        }
        assertTrue(files >= 8, "found " + files + " files in " + pkg);
    }
}
