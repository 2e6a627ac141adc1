package dev.warden.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.audit.AuditListener;
import dev.warden.audit.TestAudits;
import dev.warden.cve.CveFeed;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Personas;
import dev.warden.label.Labeler;
import dev.warden.label.SigningKey;
import dev.warden.store.Store;
import dev.warden.store.TestStores;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device and manufacturer reports over a store filled by a real audit of emulated devices: golden JSON, HTML, a PDF that opens. */
class ReportsTest {
    /** One store per backend, filled once by a real audit of the same three emulated devices. */
    private static final Map<TestStores.Backend, Filled> FILLED = new EnumMap<>(TestStores.Backend.class);

    record Filled(TestStores.Database db, Store store, Reports reports) {}

    static synchronized Reports reports(TestStores.Backend backend) throws Exception {
        var f = FILLED.get(backend);
        if (f == null) {
            var db = backend.fresh();
            Store store = db.open();
            fill(store);
            f = new Filled(db, store, new Reports(store, new Foreseeability(CveFeed.bundled()), TestAudits.CLOCK));
            FILLED.put(backend, f);
        }
        return f.reports();
    }

    private static void fill(Store store) throws Exception {
        try (Fleet f = Fleet.start("127.78.8.1", List.of(Personas.xiongmaiDvr(0), Personas.basicAuthCamera(), Personas.promptDecoy()))) {
            var targets = f.devices().stream().map(d -> new Target(d.address(), null)).toList();
            var s = TestAudits.audit(TestAudits.fast(), ScopeGuard.parse("127.78.8.0/24"), false).run("A-REPORT", targets, new AuditListener() {});
            Instant at = Instant.parse("2026-11-25T12:00:00Z");
            store.beginAudit("A-REPORT", at, "scope", targets.size());
            var labeler = new Labeler(SigningKey.generate(), "Warden 0.1.0");
            for (var a : s.devices()) store.recordDevice("A-REPORT", at, a, new ObjectMapper().writeValueAsString(labeler.label("A-REPORT", at, a, false)));
            store.finishAudit("A-REPORT", at, s.elapsed(), s.devices().size());
        }
    }

    @AfterAll
    static synchronized void close() {
        for (var f : FILLED.values()) {
            f.store().close();
            f.db().close();
        }
        FILLED.clear();
    }

    static String json(Object doc) throws Exception {
        String s = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
        return s.replaceAll("\"(keyId|publicKey|value)\" : \"[^\"]+\"", "\"$1\" : \"MASKED\"")
                .replaceAll("echo [0-9a-f]{8}''[0-9a-f]{8}", "echo TOKEN''TOKEN").replaceAll("printed [0-9a-f]{16}", "printed TOKENTOKEN");
    }

    static void golden(String name, String actual) throws Exception {
        Path file = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) Files.writeString(file, actual);
        assertEquals(Files.readString(file), actual, "golden file " + file + " (regenerate with -Dgolden.update=true)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void deviceReportJson(TestStores.Backend backend) throws Exception {
        golden("report.device.json", json(reports(backend).device("127.78.8.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void manufacturerReportJsonWithForeseeability(TestStores.Backend backend) throws Exception {
        var doc = reports(backend).manufacturers(d -> true);
        String text = json(doc);
        golden("report.manufacturer.json", text);
        assertTrue(text.contains("\"publicSince\" : \"2016-09-30\""), "Mirai source release date");
        assertTrue(text.contains("\"flaw\" : \"CVE-2018-10088\""), "CVE publication as a fact");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void unknownDeviceIsNamed(TestStores.Backend backend) throws Exception {
        var reports = reports(backend);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> reports.device("127.78.8.99"));
        assertTrue(e.getMessage().contains("127.78.8.99"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void htmlIsEscapedAndPdfOpens(TestStores.Backend backend) throws Exception {
        String html = HtmlRenderer.render("Device <report>", reports(backend).device("127.78.8.1"));
        assertTrue(html.contains("Device &lt;report&gt;"));
        assertPdfRenders(PdfRenderer.render(html), "report-device-" + backend);
    }

    /** The PDF starts like one and poppler's pdftoppm renders its first page to a PNG with content (target/NAME-1.png). */
    static void assertPdfRenders(byte[] pdf, String name) throws Exception {
        assertTrue(new String(pdf, 0, 5).startsWith("%PDF-"));
        Path file = Path.of("target/" + name + ".pdf");
        Files.write(file, pdf);
        Path pdftoppm = Path.of("/usr/bin/pdftoppm");
        if (!Files.isExecutable(pdftoppm)) {
            assertTrue(!"1".equals(System.getenv("WARDEN_REQUIRE_TESTBED")), "pdftoppm (poppler-utils) missing");
            return;
        }
        Files.deleteIfExists(Path.of("target/" + name + ".png")); // a page rendered by an earlier run proves nothing
        // -singlefile: the first page as NAME.png (without it pdftoppm pads the page number to the page count's digits)
        var p = new ProcessBuilder(pdftoppm.toString(), "-png", "-singlefile", "-r", "50", "-f", "1", "-l", "1", file.toString(), "target/" + name)
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        Path png = Path.of("target/" + name + ".png");
        Files.deleteIfExists(Path.of("target/" + name + "-1.png")); // left by earlier versions of this test
        assertTrue(Files.size(png) > 5_000, "a page with content was rendered");
    }
}
