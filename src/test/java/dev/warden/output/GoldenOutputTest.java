package dev.warden.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.audit.AuditListener;
import dev.warden.audit.AuditSummary;
import dev.warden.audit.TestAudits;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Personas;
import dev.warden.label.LabelText;
import dev.warden.label.Labeler;
import dev.warden.label.SigningKey;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every output format against a golden file. Volatile parts (signatures, keys, random proof tokens, durations) are
 * masked before comparing. To regenerate after an intended change: mvn test -Dtest=GoldenOutputTest -Dgolden.update=true
 */
class GoldenOutputTest {
    static final String HEADER = "# Golden file of GoldenOutputTest: do not edit; regenerate with -Dgolden.update=true\n";
    static Fleet fleet;
    static AuditSummary summary;
    static Map<String, Map<String, Object>> labels = new LinkedHashMap<>();

    @BeforeAll
    static void audit() throws Exception {
        fleet = Fleet.start("127.78.1.1", List.of(Personas.xiongmaiDvr(0), Personas.basicAuthCamera(), Personas.digestCamera(),
                Personas.promptDecoy(), Personas.acceptAny(), Personas.hardened("Vq3!x9-Lk2#pT7wz")));
        var targets = fleet.devices().stream().map(d -> new Target(d.address(), null)).toList();
        summary = TestAudits.audit(TestAudits.fast(), ScopeGuard.parse("127.78.1.0/24"), false).run("A-GOLDEN", targets, new AuditListener() {});
        var labeler = new Labeler(SigningKey.generate(), "Warden 0.1.0");
        for (var a : summary.devices()) labels.put(a.device().ip(), labeler.label("A-GOLDEN", TestAudits.CLOCK.instant(), a, false));
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    static String render(Format f) {
        var buf = new ByteArrayOutputStream();
        new AuditReport(false).print(f, summary, "scope 127.78.1.0/24", labels, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    static String mask(String s) {
        return s.replaceAll("echo [0-9a-f]{8}''[0-9a-f]{8}", "echo TOKEN''TOKEN")
                .replaceAll("printed [0-9a-f]{16}", "printed TOKENTOKEN")
                .replaceAll("\\bw[0-9a-f]{8}\\b", "wRANDOM")
                .replaceAll("\\(\\d+\\.\\d s\\)", "(N.N s)")
                .replaceAll("\"elapsedMs\":\\d+", "\"elapsedMs\":0")
                .replaceAll("\"(keyId|publicKey|value)\"\\s*:\\s*\"[^\"]+\"", "\"$1\":\"MASKED\"")
                .replaceAll("by key [0-9a-f]{16}", "by key MASKED")
                .replaceAll("\\d+-\\d+ ms", "N-N ms");
    }

    static void golden(String name, String actual) throws Exception {
        Path file = Path.of("src/test/resources/golden", name);
        String masked = mask(actual);
        Path out = Path.of("target/golden-actual", name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, HEADER + masked);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, HEADER + masked);
        }
        String expected = Files.readString(file);
        assertEquals(expected.substring(expected.indexOf('\n') + 1), masked, "golden file " + file + " differs");
    }

    @Test
    void table() throws Exception {
        golden("audit.table.txt", render(Format.TABLE));
    }

    @Test
    void jsonLines() throws Exception {
        golden("audit.jsonl", render(Format.JSONL));
    }

    @Test
    void csv() throws Exception {
        golden("audit.csv", render(Format.CSV));
    }

    @Test
    void labelJsonAndOnePageText() throws Exception {
        var mapper = new ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        var dvr = labels.get(fleet.devices().getFirst().ip());
        golden("label.xiongmai.json", mapper.writeValueAsString(dvr) + "\n");
        golden("label.xiongmai.txt", LabelText.render(mapper.valueToTree(dvr)));
    }
}
