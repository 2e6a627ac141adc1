package dev.warden.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.audit.AuditListener;
import dev.warden.audit.TestAudits;
import dev.warden.cli.Main;
import dev.warden.cve.CveFeed;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Personas;
import dev.warden.label.Labeler;
import dev.warden.label.SigningKey;
import dev.warden.ledger.AuditEntries;
import dev.warden.ledger.Ledger;
import dev.warden.ledger.verify.LedgerProof;
import dev.warden.ledger.verify.ProofVerifier;
import dev.warden.store.Store;
import dev.warden.store.TestStores;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import dev.warden.watch.WatchCommandTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incident reports and liability worksheets over a store filled the way people fill it: an audit of two emulated devices
 * (a XiongMai DVR and a camera with a factory login) sealed in the ledger on 2023-11-01, then {@code warden watch} on the
 * project's generated Mirai-like capture of 2023-11-14 in which both devices and a third, never audited address are bots.
 */
class IncidentReportsTest {
    private static final String FLEET = "127.78.9.1", NEVER_AUDITED = "127.78.9.3";
    private static final Instant AUDITED = Instant.parse("2023-11-01T12:00:00Z");
    private static final Map<TestStores.Backend, Filled> FILLED = new EnumMap<>(TestStores.Backend.class);

    record Filled(TestStores.Database db, Path home, Store store, Ledger ledger, Reports reports) {
        /** The one incident of {@code detector} on {@code ip}. */
        Store.IncidentRow incident(String ip, String detector) {
            return store.incidents(new Store.IncidentQuery(ip, detector, null, null, null, null)).getFirst();
        }
    }

    static synchronized Filled filled(TestStores.Backend backend) throws Exception {
        var f = FILLED.get(backend);
        if (f != null) return f;
        var db = backend.fresh();
        Path home = Files.createTempDirectory("warden-increport");
        var key = SigningKey.loadOrCreate(home.resolve("keys"));
        Store store = db.open();
        try (Ledger ledger = Ledger.open(db.url(), key, Clock.fixed(AUDITED, ZoneOffset.UTC))) {
            audit(store, ledger, key);
        }
        Path pcap = home.resolve("bots.pcap");
        assertEquals(0, Main.run("generate", "--out", pcap.toString(), "--seed", "7", "--vectors", "syn,vse,http", "--first-bot", FLEET));
        var r = WatchCommandTest.run("watch", "--home", home.toString(), "--db", db.url(), "--local", "127.78.9.0/24", pcap.toString());
        assertEquals(1, r.code(), r.err());
        var ledger = Ledger.readOnly(db.url());
        f = new Filled(db, home, store, ledger, new Reports(store, new Foreseeability(CveFeed.bundled()),
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC), ledger, key.publicKey()));
        FILLED.put(backend, f);
        return f;
    }

    /** What 'warden audit' keeps for each device: the store rows, then the label and findings in the ledger. */
    private static void audit(Store store, Ledger ledger, SigningKey key) throws Exception {
        audit(store, ledger, key, "A-INC", AUDITED);
    }

    private static void audit(Store store, Ledger ledger, SigningKey key, String auditId, Instant at) throws Exception {
        try (Fleet fleet = Fleet.start(FLEET, List.of(Personas.xiongmaiDvr(0), Personas.basicAuthCamera()))) {
            var targets = fleet.devices().stream().map(d -> new Target(d.address(), null)).toList();
            var s = TestAudits.audit(TestAudits.fast(), ScopeGuard.parse("127.78.9.0/24"), false).run(auditId, targets, new AuditListener() {});
            store.beginAudit(auditId, at, "127.78.9.0/24", targets.size());
            var labeler = new Labeler(key, "Warden 0.1.0");
            for (var a : s.devices()) {
                var label = labeler.label(auditId, at, a, false);
                store.recordDevice(auditId, at, a, new ObjectMapper().writeValueAsString(label));
                ledger.appendAll(AuditEntries.of(auditId, a, label));
            }
            store.finishAudit(auditId, at, s.elapsed(), s.devices().size());
        }
    }

    @AfterAll
    static synchronized void close() throws Exception {
        for (var f : FILLED.values()) {
            f.ledger().close();
            f.store().close();
            f.db().close();
        }
        FILLED.clear();
    }

    /**
     * The JSON with what the wall clock decides masked: when the watch run recorded things (and so the hashes and proofs
     * over them), and the temporary home. Traffic times, figures, ids, ledger seqs and the excerpt hashes stay.
     */
    static String stable(Filled f, Map<String, Object> doc) throws Exception {
        var copy = new LinkedHashMap<>(doc);
        if (copy.get("ledger") instanceof Map<?, ?> l) copy.put("ledger", Reports.ordered("provenEntry", l.get("provenEntry"), "proof", "checked by incidentReportProofVerifiesAndExcerptHashIsTheFiles"));
        String s = ReportsTest.json(copy).replace(f.home().toString(), "HOME");
        return s.replaceAll("\"(recordedAt|leafHash)\" : \"[^\"]+\"", "\"$1\" : \"MASKED\"")
                .replaceAll("\"at\" : \"(?!2023-)[^\"]+\"", "\"at\" : \"MASKED\"")
                .replaceAll("it started [^ ]+Z\\.", "it started MASKED.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void incidentReportJson(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        var doc = f.reports().incident(f.incident(FLEET, "ddos-syn").id());
        String text = stable(f, doc);
        ReportsTest.golden("report.incident.json", text);
        assertTrue(text.contains("\"manufacturer\" : \"Hangzhou Xiongmai\""), "identity from the audit");
        assertTrue(text.contains("\"provision\" : \"ETSI EN 303 645 5.1-1\""), "failed provisions with their findings");
        assertTrue(text.contains("\"addresses\" : [ \"203.0.113.10\" ]"), "the victim");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void incidentReportProofVerifiesAndExcerptHashIsTheFiles(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        var row = f.incident(FLEET, "ddos-syn");
        var doc = f.reports().incident(row.id());
        var ledger = (Map<?, ?>) doc.get("ledger");
        assertEquals(row.ledgerSeq(), ledger.get("provenEntry"));
        String proofJson = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(ledger.get("proof"));
        var key = SigningKey.loadOrCreate(f.home().resolve("keys")).publicKey();
        var result = ProofVerifier.verify(LedgerProof.parse(proofJson), Optional.of(key));
        assertTrue(result.valid(), result.message());
        var forged = proofJson.replace("\"packets\\\":6000", "\"packets\\\":6001");
        assertFalse(forged.equals(proofJson), "the proven entry is the excerpt's, which names its packet count");
        assertFalse(ProofVerifier.verify(LedgerProof.parse(forged), Optional.of(key)).valid(), "a changed entry no longer verifies");

        var excerpt = (Map<?, ?>) ((Map<?, ?>) doc.get("evidence")).get("excerpt");
        byte[] bytes = Files.readAllBytes(Path.of((String) excerpt.get("path")));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), excerpt.get("sha256"));
        assertEquals(true, excerpt.get("sealedSha256Matches"));
        assertEquals("intact: the file's SHA-256 is the sealed one", excerpt.get("fileCheck"));
        for (var e : (List<?>) doc.get("timeline")) {
            var m = (Map<?, ?>) e;
            var entry = f.ledger().entry(((Number) m.get("ledgerSeq")).longValue()).orElseThrow();
            assertEquals(HexFormat.of().formatHex(entry.leafHash()), m.get("leafHash"), "each event names the leaf hash of its entry");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void liabilityWorksheetJson(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        String text = stable(f, f.reports().liability(f.incident(FLEET, "ddos-syn").id()));
        ReportsTest.golden("report.liability.json", text);
        assertTrue(text.contains("not legal advice and draws no legal conclusion"));
        assertTrue(text.contains("public since 2016-09-30"), "Mirai source release against the incident");
        assertTrue(text.contains("the incident began 2023-11-14, 2601 days later"), text);
        assertTrue(text.contains("13 days before the incident began"), "the audit came first");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void neverAuditedDeviceNamesTheMissingFacts(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        var id = f.incident(NEVER_AUDITED, "ddos-http").id();
        String text = stable(f, f.reports().liability(id));
        ReportsTest.golden("report.liability-unaudited.json", text);
        assertTrue(text.contains("was never audited (warden audit " + NEVER_AUDITED + ")"), text);
        assertFalse(text.contains("Failed "), "no breach invented");
        var device = (Map<?, ?>) f.reports().incident(id).get("device");
        assertEquals(false, device.get("audited"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void manufacturerAndDeviceReportsCountIncidentsAndHarm(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        var makers = (List<?>) f.reports().manufacturers(d -> true).get("manufacturers");
        var xiongmai = (Map<?, ?>) makers.stream().filter(m -> "Hangzhou Xiongmai".equals(((Map<?, ?>) m).get("manufacturer"))).findFirst().orElseThrow();
        var totals = (Map<?, ?>) xiongmai.get("incidents");
        assertEquals(3, totals.get("count"), "scanner, login scan and SYN flood of the DVR");
        assertEquals(6_000L, ((Number) totals.get("packets")).longValue());
        var syn = (Map<?, ?>) ((List<?>) xiongmai.get("incidentsAttributed")).stream().filter(i -> "ddos-syn".equals(((Map<?, ?>) i).get("detector"))).findFirst().orElseThrow();
        assertTrue(syn.get("foreseeability").toString().contains("daysPublicBeforeIncident=2601"), syn.toString());
        assertTrue(((List<?>) f.reports().manufacturers(d -> true, "2024-01-01T00:00:00Z", null).get("manufacturers")).stream()
                .allMatch(m -> ((Map<?, ?>) ((Map<?, ?>) m).get("incidents")).get("count").equals(0)), "--since after the traffic leaves none");
        var incidents = (List<?>) f.reports().device(FLEET).get("incidents");
        assertEquals(3, incidents.size());

        var list = f.reports().incidents(Store.IncidentQuery.all(), d -> d.isPresent() && "F".equals(d.get().grade()));
        assertTrue(((List<?>) list.get("incidents")).stream().noneMatch(i -> NEVER_AUDITED.equals(((Map<?, ?>) i).get("device"))));
        assertEquals(6, ((Map<?, ?>) list.get("totals")).get("incidents"), "three incidents of each audited bot");
        for (var i : (List<?>) list.get("incidents")) {
            var m = (Map<?, ?>) i;
            assertTrue(m.get("mac") instanceof String s && s.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), "each row names the device's MAC too: " + m);
        }
    }

    /**
     * The owner re-audits the device after the incident: the worksheet and the incident report still cite the label in
     * force when the incident began (2023-11-01), which says the owner was warned 13 days before, not the later one.
     */
    @org.junit.jupiter.api.Test
    void aReauditAfterTheIncidentDoesNotReplaceTheLabelInForce() throws Exception {
        var f = filled(TestStores.Backend.SQLITE);
        var db = TestStores.Backend.SQLITE.fresh();
        var key = SigningKey.loadOrCreate(f.home().resolve("keys"));
        try (Store store = db.open()) {
            try (Ledger ledger = Ledger.open(db.url(), key, Clock.fixed(AUDITED, ZoneOffset.UTC))) {
                audit(store, ledger, key);
            }
            Path home = Files.createTempDirectory("warden-reaudit");
            Files.createDirectories(home.resolve("keys"));
            for (String k : new String[]{"warden-ed25519.key", "warden-ed25519.pub"}) {
                if (Files.exists(f.home().resolve("keys").resolve(k))) Files.copy(f.home().resolve("keys").resolve(k), home.resolve("keys").resolve(k));
            }
            var r = WatchCommandTest.run("watch", "--home", home.toString(), "--db", db.url(), "--local", "127.78.9.0/24",
                    f.home().resolve("bots.pcap").toString());
            assertEquals(1, r.code(), r.err());
            Instant later = Instant.parse("2023-12-01T09:00:00Z");
            try (Ledger ledger = Ledger.open(db.url(), key, Clock.fixed(later, ZoneOffset.UTC))) {
                audit(store, ledger, key, "A-LATER", later);
            }
            var reports = new Reports(store, new Foreseeability(CveFeed.bundled()), Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC),
                    Ledger.readOnly(db.url()), key.publicKey());
            String id = store.incidents(new Store.IncidentQuery(FLEET, "ddos-syn", null, null, null, null)).getFirst().id();
            String worksheet = new ObjectMapper().writeValueAsString(reports.liability(id));
            assertTrue(worksheet.contains("The label graded the device F on 2023-11-01T12:00:00Z (13 days before the incident began)."), worksheet);
            assertTrue(worksheet.contains("\"label A-INC/" + FLEET + "\""), worksheet);
            assertFalse(worksheet.contains("A-LATER"), "the later label is not the one in force: " + worksheet);
            var device = (Map<?, ?>) reports.incident(id).get("device");
            assertEquals("A-INC/" + FLEET, device.get("labelId"));

            // the excerpt file is hashed when the report is made: a changed or removed file is said to be so
            var excerpt = (Map<?, ?>) ((Map<?, ?>) reports.incident(id).get("evidence")).get("excerpt");
            Path file = Path.of((String) excerpt.get("path"));
            Files.write(file, new byte[]{1}, java.nio.file.StandardOpenOption.APPEND);
            excerpt = (Map<?, ?>) ((Map<?, ?>) reports.incident(id).get("evidence")).get("excerpt");
            assertTrue(((String) excerpt.get("fileCheck")).startsWith("CHANGED: the file's SHA-256 is now "), excerpt.toString());
            Files.delete(file);
            excerpt = (Map<?, ?>) ((Map<?, ?>) reports.incident(id).get("evidence")).get("excerpt");
            assertEquals("missing: no file at " + file, excerpt.get("fileCheck"));
        }
    }

    /** Opened, updated, ended: in that order in time too, for every incident (a flood's flows end after their last packet). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void timelinesNeverRunBackwards(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        int checked = 0;
        for (var row : f.store().incidents(Store.IncidentQuery.all())) {
            Instant before = Instant.MIN;
            for (var e : (List<?>) f.reports().incident(row.id()).get("timeline")) {
                var m = (Map<?, ?>) e;
                if (!List.of("opened", "updated", "ended").contains(m.get("event"))) continue;
                Instant at = Instant.parse((String) m.get("at"));
                assertFalse(at.isBefore(before), row.id() + ": " + m.get("event") + " at " + at + " before " + before);
                before = at;
                checked++;
            }
        }
        assertTrue(checked > 10, "events checked: " + checked);
    }

    /** Every ledger leaf hash of the timeline is whole in the PDF's text (a 64-digit hash once ran off the page). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void pdfTimelineKeepsWholeLeafHashes(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        String id = f.incident(FLEET, "ddos-syn").id();
        var doc = new LinkedHashMap<String, Object>(f.reports().incident(id));
        var events = new java.util.ArrayList<Object>();
        for (var e : (List<?>) doc.get("timeline")) events.add(new LinkedHashMap<Object, Object>((Map<?, ?>) e));
        @SuppressWarnings("unchecked") var last = (Map<Object, Object>) events.getLast();
        last.put("by", "operator-on-call");
        last.put("note", "acknowledged after the owner unplugged the device"); // as an acknowledged incident's timeline
        doc.put("timeline", events);
        byte[] pdf = PdfRenderer.render(HtmlRenderer.render("Incident " + id, doc));
        // poppler's pdftotext keeps to the page, as a reader sees it (PDFBox would also extract text drawn past its edge)
        Path pdftotext = Path.of("/usr/bin/pdftotext");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(pdftotext) || "1".equals(System.getenv("WARDEN_REQUIRE_TESTBED")),
                "pdftotext (poppler-utils) missing");
        Path file = Files.write(f.home().resolve("timeline-" + backend + ".pdf"), pdf);
        var p = new ProcessBuilder(pdftotext.toString(), file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", "");
        assertEquals(0, p.waitFor());
        var timeline = (List<?>) doc.get("timeline");
        assertFalse(timeline.isEmpty());
        for (var e : timeline) {
            String hash = (String) ((Map<?, ?>) e).get("leafHash");
            assertTrue(text.contains(hash), "leaf hash " + hash + " whole in the PDF text");
        }
    }

    /** A table of records shows every record's fields: a timeline's later events carry "by" and "note". */
    @org.junit.jupiter.api.Test
    void htmlTablesHaveTheColumnsOfEveryRow() {
        var opened = new LinkedHashMap<String, Object>();
        opened.put("event", "opened");
        var acked = new LinkedHashMap<String, Object>();
        acked.put("event", "acknowledged");
        acked.put("by", "op1");
        acked.put("note", "seen it");
        String html = HtmlRenderer.render("Incident W1-I8", Map.of("timeline", List.of(opened, acked)));
        assertTrue(html.contains("<th>By</th>") && html.contains("<td>op1</td>") && html.contains("<td>seen it</td>"), html);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void pdfsRenderAndUnknownIdIsNamed(TestStores.Backend backend) throws Exception {
        var f = filled(backend);
        String id = f.incident(FLEET, "ddos-syn").id();
        ReportsTest.assertPdfRenders(PdfRenderer.render(HtmlRenderer.render("Incident " + id, f.reports().incident(id))), "report-incident-" + backend);
        ReportsTest.assertPdfRenders(PdfRenderer.render(HtmlRenderer.render("Liability " + id, f.reports().liability(id))), "report-liability-" + backend);
        var e = assertThrows(IllegalArgumentException.class, () -> f.reports().incident("W9-I99"));
        assertTrue(e.getMessage().contains("W9-I99"), e.getMessage());
    }
}
