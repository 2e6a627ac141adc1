package dev.warden.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.emulator.Personas;
import dev.warden.label.LabelVerifier;
import dev.warden.store.Store;
import dev.warden.store.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REST API over a store filled by a real audit of emulated devices, on every configured backend. */
class ApiTest {
    private static final Map<TestStores.Backend, WebFixture> FIXTURES = new EnumMap<>(TestStores.Backend.class);

    static synchronized WebFixture fixture(TestStores.Backend backend) throws Exception {
        var f = FIXTURES.get(backend);
        if (f == null) {
            String net = "127.83." + backend.ordinal() + ".";
            f = WebFixture.start(backend, net + "1", net + "0/24", List.of(Personas.xiongmaiDvr(0), Personas.basicAuthCamera(),
                    Personas.hardened("Vq3!x9-Lk2#pT7wz"), Personas.promptDecoy()));
            FIXTURES.put(backend, f);
        }
        return f;
    }

    @AfterAll
    static synchronized void stop() {
        FIXTURES.values().forEach(WebFixture::close);
        FIXTURES.clear();
    }

    static void assertError(HttpResponse<String> r, int status, String... words) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "JSON error: " + r.headers().map());
        JsonNode j = WebFixture.json(r);
        assertEquals(1, j.size(), "only an error member: " + j);
        String msg = j.path("error").asText();
        for (String w : words) assertTrue(msg.contains(w), "'" + msg + "' should name '" + w + "'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void noTokenGives401OnEveryProtectedOperation(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        for (var route : f.server.routes()) {
            if (route.role() == null) continue;
            String path = route.path().replaceAll("\\{[^}]+}", "x");
            var b = HttpRequest.newBuilder(f.url(path)).method(route.method(), HttpRequest.BodyPublishers.ofString("{}"));
            var r = f.send(b, null);
            assertError(r, 401, "Authorization: Bearer");
            assertEquals("Bearer realm=\"warden\"", r.headers().firstValue("WWW-Authenticate").orElse(null), route.path());
            assertError(f.send(HttpRequest.newBuilder(f.url(path)).method(route.method(), HttpRequest.BodyPublishers.ofString("{}")),
                    "wdn_not-a-token"), 401, "not valid");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void aViewerCannotAct(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        assertError(f.post("/api/audits", Role.VIEWER, "{\"targets\":[\"" + f.net + "1\"]}"), 403, "operator role", "viewer");
        assertError(f.post("/api/incidents/W1-I1/ack", Role.VIEWER, null), 403, "operator role");
        assertError(f.post("/api/incidents/W1-I1/close", Role.VIEWER, null), 403, "operator role");
        assertError(f.get("/api/tokens", Role.VIEWER), 403, "admin role");
        assertError(f.get("/api/tokens", Role.OPERATOR), 403, "admin role", "operator");
        assertError(f.post("/api/tokens", Role.OPERATOR, "{\"role\":\"admin\",\"name\":\"x\"}"), 403, "admin role");
        assertEquals("open", WebFixture.json(f.get("/api/incidents/W1-I1", Role.VIEWER)).path("status").asText(), "nothing changed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void badInputGives400WithAMessageNamingIt(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        record Case(String body, String... words) {}
        var cases = List.of(
                new Case("not json", "not valid JSON"),
                new Case("[1,2]", "JSON object"),
                new Case("{}", "targets must be a non-empty array"),
                new Case("{\"targets\":\"" + f.net + "1\"}", "targets must be a non-empty array"),
                new Case("{\"targets\":[7]}", "each entry of targets", "7"),
                new Case("{\"targets\":[\"@/etc/passwd\"]}", "@files", "/etc/passwd"),
                new Case("{\"targets\":[\"printer.example\"]}", "printer.example", "not host names"),
                new Case("{\"targets\":[\"" + f.net + "1\"],\"scope\":\"nonsense/99\"}", "scope", "nonsense/99"),
                new Case("{\"targets\":[\"127.84.0.1\"],\"scope\":\"" + f.net + "0/24\"}", "127.84.0.1", "outside"),
                new Case("{\"targets\":[\"8.8.8.8\"]}", "8.8.8.8", "outside"),
                new Case("{\"targets\":[\"" + f.net + "1\"],\"ports\":\"23\"}", "unknown field 'ports'"));
        for (var c : cases) assertError(f.post("/api/audits", Role.OPERATOR, c.body()), 400, c.words());
        assertError(f.get("/api/devices?grade=Z", Role.VIEWER), 400, "grade", "'Z'");
        assertError(f.get("/api/devices?status=broken", Role.VIEWER), 400, "status", "'broken'");
        assertError(f.get("/api/incidents?status=gone", Role.VIEWER), 400, "status", "'gone'");
        assertError(f.get("/api/reports/device/" + f.net + "1?format=docx", Role.VIEWER), 400, "format", "docx");
        assertError(f.post("/api/incidents/W1-I1/ack", Role.OPERATOR, "{\"note\":5}"), 400, "note must be a string");
        assertError(f.post("/api/tokens", Role.ADMIN, "{\"role\":\"root\",\"name\":\"x\"}"), 400, "role", "root");
        assertError(f.post("/api/tokens", Role.ADMIN, "{\"role\":\"viewer\",\"name\":\"\"}"), 400, "name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void unknownThingsGive404(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        assertError(f.get("/api/devices/" + f.net + "99", Role.VIEWER), 404, f.net + "99");
        assertError(f.get("/api/devices/" + f.net + "99/label", Role.VIEWER), 404, f.net + "99");
        assertError(f.get("/api/reports/device/" + f.net + "99", Role.VIEWER), 404, f.net + "99");
        assertError(f.get("/api/audits/A-NONE", Role.VIEWER), 404, "A-NONE");
        assertError(f.get("/api/incidents/I99", Role.VIEWER), 404, "I99");
        assertError(f.post("/api/incidents/I99/ack", Role.OPERATOR, null), 404, "I99");
        assertError(f.post("/api/incidents/I99/close", Role.OPERATOR, null), 404, "I99");
        assertError(f.get("/api/nothing-here", Role.VIEWER), 404, "GET /api/nothing-here");
        assertError(f.send(HttpRequest.newBuilder(f.url("/api/tokens/tnope")).DELETE(), f.tokens.get(Role.ADMIN)), 404, "tnope");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void oversizedBodyGives413(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        String big = "{\"targets\":[\"" + "1".repeat(70_000) + "\"]}";
        assertError(f.post("/api/audits", Role.OPERATOR, big), 413, "65536");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void devicesMatchTheStore(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        JsonNode list = WebFixture.json(f.get("/api/devices", Role.VIEWER));
        var stored = f.store.devices();
        assertEquals(stored.size(), list.path("count").asInt());
        assertEquals(stored.size(), list.path("devices").size());
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(stored.get(i).ip(), list.path("devices").get(i).path("ip").asText());
            assertEquals(stored.get(i).grade(), list.path("devices").get(i).path("grade").asText());
        }
        JsonNode dvr = list.path("devices").get(0);
        assertEquals(f.net + "1", dvr.path("ip").asText());
        assertEquals("F", dvr.path("grade").asText());
        assertEquals("failing", dvr.path("status").asText());
        long dvrIncidents = f.store.incidents(new Store.IncidentQuery(f.net + "1", null, "open", null, null, null)).size();
        assertEquals(3, dvrIncidents, "the SYN bot's scan, login scan and flood, none acted on (the action tests use device 2's)");
        assertEquals(dvrIncidents, dvr.path("openIncidents").asInt());
        JsonNode onlyF = WebFixture.json(f.get("/api/devices?grade=F", Role.VIEWER));
        assertEquals(stored.stream().filter(d -> "F".equals(d.grade())).count(), onlyF.path("count").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void deviceDetailHasLabelServicesFindingsButNoPassword(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        var r = f.get("/api/devices/" + f.net + "1", Role.VIEWER);
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(r.body().contains("xc3511"), "the working password never leaves through the API");
        JsonNode d = WebFixture.json(r);
        assertEquals("F", d.path("label").path("grade").asText());
        assertTrue(d.path("services").size() >= 2, d.path("services").toString());
        boolean defaultCreds = false;
        for (JsonNode x : d.path("findings")) {
            if (x.path("check").asText().equals("default-credentials")) {
                defaultCreds = true;
                assertEquals("2016-09-30", x.path("foreseeability").path("publicSince").asText());
            }
        }
        assertTrue(defaultCreds, "the DVR's default-credentials finding");
        assertEquals(f.firstAuditId, d.path("labelHistory").get(0).path("auditId").asText());
        // the device key works as well as the address
        String key = d.path("device").path("deviceKey").asText();
        assertEquals(200, f.get("/api/devices/" + key, Role.VIEWER).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void labelIsTheSignedBytes(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        var r = f.get("/api/devices/" + f.net + "1/label", Role.VIEWER);
        assertEquals(200, r.statusCode());
        assertEquals(f.store.latestLabel(f.net + "1").orElseThrow(), r.body());
        assertTrue(LabelVerifier.verify(r.body(), Optional.of(f.key.publicKey())).valid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void manufacturersAreRankedByExposure(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        JsonNode m = WebFixture.json(f.get("/api/manufacturers", Role.VIEWER)).path("manufacturers");
        assertTrue(m.size() >= 2, m.toString());
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < m.size(); i++) {
            assertEquals(i + 1, m.get(i).path("rank").asInt());
            double e = m.get(i).path("exposure").asDouble();
            assertTrue(e <= previous, "ranked by exposure: " + m);
            previous = e;
        }
        JsonNode xm = null;
        for (JsonNode x : m) if (x.path("manufacturer").asText().contains("Xiongmai")) xm = x;
        assertNotNull(xm, m.toString());
        assertEquals(1, xm.path("devicesFailing").asInt());
        assertEquals(1.0, xm.path("exposure").asDouble());
        assertEquals("F", xm.path("worstGrade").asText());
        assertTrue(xm.path("worstProvisions").toString().contains("5.1-1"), xm.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void reportsInThreeFormats(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        var json = f.get("/api/reports/device/" + f.net + "1", Role.VIEWER);
        assertEquals("device-report", WebFixture.json(json).path("type").asText());
        var html = f.get("/api/reports/device/" + f.net + "1?format=html", Role.VIEWER);
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(html.body().contains("Warden device report: " + f.net + "1"));
        var pdf = f.http.send(HttpRequest.newBuilder(f.url("/api/reports/device/" + f.net + "1?format=pdf"))
                .header("Authorization", "Bearer " + f.tokens.get(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("application/pdf", pdf.headers().firstValue("Content-Type").orElse(""));
        assertEquals("%PDF-", new String(pdf.body(), 0, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void anOperatorStartsAnAuditThatRunsInTheBackground(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        var r = f.post("/api/audits", Role.OPERATOR, "{\"targets\":[\"" + f.net + "1-2\"],\"scope\":\"" + f.net + "0/24\"}");
        assertEquals(202, r.statusCode(), r.body());
        JsonNode a = WebFixture.json(r);
        String id = a.path("id").asText();
        assertEquals("/api/audits/" + id, r.headers().firstValue("Location").orElse(null));
        assertEquals(2, a.path("targets").asInt());
        assertTrue(a.path("requestedBy").asText().contains("operator of the tests"));
        JsonNode status = null;
        for (int i = 0; i < 240; i++) {
            status = WebFixture.json(f.get("/api/audits/" + id, Role.VIEWER));
            if (status.path("status").asText().matches("finished|failed")) break;
            Thread.sleep(250);
        }
        assertEquals("finished", status.path("status").asText(), status.toString());
        assertEquals(2, status.path("devices").asInt());
        assertTrue(f.store.labelHistory(f.net + "1").stream().anyMatch(l -> l.auditId().equals(id)), "recorded in the store");
        var all = WebFixture.json(f.get("/api/audits", Role.VIEWER)).path("audits");
        var ids = new ArrayList<String>();
        all.forEach(x -> ids.add(x.path("id").asText()));
        assertTrue(ids.contains(id) && ids.contains(f.firstAuditId), ids.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void anOperatorWatchesACaptureThatRunsInTheBackground(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        JsonNode files = WebFixture.json(f.get("/api/captures", Role.VIEWER));
        assertEquals("bots.pcap", files.path("captures").get(0).path("name").asText(), files.toString());
        int before = f.store.incidents(Store.IncidentQuery.all()).size();
        var r = f.post("/api/watches", Role.OPERATOR, "{\"capture\":\"bots.pcap\"}");
        assertEquals(202, r.statusCode(), r.body());
        String id = WebFixture.json(r).path("id").asText();
        assertEquals("/api/watches/" + id, r.headers().firstValue("Location").orElse(null));
        JsonNode status = null;
        for (int i = 0; i < 240; i++) {
            status = WebFixture.json(f.get("/api/watches/" + id, Role.VIEWER));
            if (status.path("status").asText().matches("finished|failed")) break;
            Thread.sleep(250);
        }
        assertEquals("finished", status.path("status").asText(), status.toString());
        String run = status.path("run").asText();
        assertTrue(run.matches("W[0-9]+") && !run.equals("W1"), status.toString());
        int added = f.store.incidents(new Store.IncidentQuery(null, null, null, run, null, null)).size();
        assertEquals(status.path("incidents").asInt(), added, "the job's count is what the store holds for its run");
        assertEquals(before + added, f.store.incidents(Store.IncidentQuery.all()).size());
        assertEquals(6, added, "the same capture gives the same six incidents again, under the new run");
        assertTrue(status.path("requestedBy").asText().contains("operator of the tests"));
        // the list puts this job (the newest) before the fixture's stored run W1, and every entry in time order
        var watches = WebFixture.json(f.get("/api/watches", Role.VIEWER)).path("watches");
        assertEquals(id, watches.get(0).path("id").asText(), watches.toString());
        for (int i = 1; i < watches.size(); i++) {
            String a = watches.get(i - 1).path("startedAt").asText(), b = watches.get(i).path("startedAt").asText();
            assertTrue(java.time.Instant.parse(a).compareTo(java.time.Instant.parse(b)) >= 0, "newest first: " + watches);
        }
        // the API takes a file name of the capture directory, never a path
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"capture\":\"../warden.db\"}"), 400, "plain file name");
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"capture\":\"/etc/passwd\"}"), 400, "plain file name");
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"capture\":\"missing.pcap\"}"), 404, "missing.pcap");
        assertError(f.post("/api/watches", Role.OPERATOR, "{}"), 400, "capture");
        // live capture: only an allowed interface, for a bounded time
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"interface\":\"eth0\",\"duration\":\"1s\"}"), 400, "must be one of lo");
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"interface\":\"lo\"}"), 400, "duration is required");
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"interface\":\"lo\",\"duration\":\"2h\"}"), 400, "at most 30 s");
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"interface\":\"lo\",\"duration\":\"soon\"}"), 400, "duration");
        assertError(f.post("/api/watches", Role.OPERATOR, "{\"interface\":\"lo\",\"capture\":\"bots.pcap\",\"duration\":\"1s\"}"), 400, "not both");
        assertError(f.post("/api/watches", Role.VIEWER, "{\"capture\":\"bots.pcap\"}"), 403, "operator role");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void anOperatorCapturesOnAnAllowedInterfaceForABoundedTime(TestStores.Backend backend) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!"1".equals(System.getenv("WARDEN_REQUIRE_TESTBED"))) org.junit.jupiter.api.Assumptions.assumeTrue(root, "live capture needs root or CAP_NET_RAW");
        var f = fixture(backend);
        assertEquals(List.of("lo"), WebFixture.JSON.convertValue(WebFixture.json(f.get("/api/captures", Role.VIEWER)).path("interfaces"), List.class));
        var r = f.post("/api/watches", Role.OPERATOR, "{\"interface\":\"lo\",\"duration\":\"2s\"}");
        assertEquals(202, r.statusCode(), r.body());
        String id = WebFixture.json(r).path("id").asText();
        JsonNode status = null;
        for (int i = 0; i < 120; i++) {
            status = WebFixture.json(f.get("/api/watches/" + id, Role.VIEWER));
            if (status.path("status").asText().matches("finished|failed")) break;
            Thread.sleep(250);
        }
        assertEquals("finished", status.path("status").asText(), status.toString());
        String run = status.path("run").asText();
        var stored = f.store.watchRuns().stream().filter(w -> w.id().equals(run)).findFirst().orElseThrow();
        assertTrue(stored.inputs().contains("interface lo"), stored.toString());
        assertNotNull(stored.finishedAt(), "the capture stopped by itself after its duration");
        assertTrue(status.path("summary").path("inputs").toString().contains("lo"), status.toString());
    }

    /**
     * The incident list comes a page at a time, newest first: pages put together are the whole list, and the figures
     * (by status, by day) count every incident of the device filter whatever the page or the status filter.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void incidentsComeAPageAtATimeWithCountsOverAll(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        JsonNode all = WebFixture.json(f.get("/api/incidents?limit=1000", Role.VIEWER));
        int n = all.path("count").asInt();
        assertTrue(n >= 4, "the fixture's watch run has incidents: " + n);
        assertEquals(n, all.path("incidents").size());
        var expected = new java.util.ArrayList<String>();
        all.path("incidents").forEach(i -> expected.add(i.path("id").asText()));
        var paged = new java.util.ArrayList<String>();
        for (int offset = 0; offset < n + 3; offset += 3) {
            JsonNode page = WebFixture.json(f.get("/api/incidents?limit=3&offset=" + offset, Role.VIEWER));
            assertEquals(n, page.path("count").asInt());
            assertEquals(offset, page.path("offset").asInt());
            assertEquals(3, page.path("limit").asInt());
            assertEquals(Math.max(0, Math.min(3, n - offset)), page.path("incidents").size(), "page at " + offset);
            page.path("incidents").forEach(i -> paged.add(i.path("id").asText()));
        }
        assertEquals(expected, paged, "the pages are the list, in its order");
        assertEquals(Math.min(n, 100), WebFixture.json(f.get("/api/incidents", Role.VIEWER)).path("incidents").size(), "100 by default");

        var byStatus = new java.util.HashMap<String, Integer>();
        all.path("incidents").forEach(i -> byStatus.merge(i.path("status").asText(), 1, Integer::sum));
        var byDay = new java.util.TreeMap<String, Integer>();
        all.path("incidents").forEach(i -> byDay.merge(i.path("firstSeen").asText().substring(0, 10), 1, Integer::sum));
        for (String status : List.of("open", "acknowledged", "closed")) {
            assertEquals(byStatus.getOrDefault(status, 0).intValue(), all.path("byStatus").path(status).asInt(), status);
            JsonNode only = WebFixture.json(f.get("/api/incidents?status=" + status + "&limit=1000", Role.VIEWER));
            assertEquals(byStatus.getOrDefault(status, 0).intValue(), only.path("count").asInt(), status);
            only.path("incidents").forEach(i -> assertEquals(status, i.path("status").asText()));
            assertEquals(all.path("byStatus"), only.path("byStatus"), "the figures do not follow the status filter");
        }
        var days = new java.util.TreeMap<String, Integer>();
        all.path("byDay").forEach(d -> days.put(d.path("day").asText(), d.path("open").asInt() + d.path("acknowledged").asInt() + d.path("closed").asInt()));
        assertEquals(byDay, days, "each day counts the incidents first seen on it");

        String ip = all.path("incidents").get(0).path("device").path("ip").asText();
        JsonNode mine = WebFixture.json(f.get("/api/incidents?limit=1000&ip=" + ip, Role.VIEWER));
        long ofIp = java.util.stream.StreamSupport.stream(all.path("incidents").spliterator(), false)
                .filter(i -> ip.equals(i.path("device").path("ip").asText())).count();
        assertEquals(ofIp, mine.path("count").asInt());
        assertEquals(ofIp, mine.path("byStatus").path("open").asInt() + mine.path("byStatus").path("acknowledged").asInt()
                + mine.path("byStatus").path("closed").asInt(), "the figures follow the device filter");
        mine.path("incidents").forEach(i -> assertEquals(ip, i.path("device").path("ip").asText()));

        assertError(f.get("/api/incidents?limit=0", Role.VIEWER), 400, "limit", "1 to 1000", "'0'");
        assertError(f.get("/api/incidents?limit=5000", Role.VIEWER), 400, "limit", "'5000'");
        assertError(f.get("/api/incidents?offset=-1", Role.VIEWER), 400, "offset", "'-1'");
        assertError(f.get("/api/incidents?offset=ten", Role.VIEWER), 400, "offset", "'ten'");
        assertError(f.get("/api/incidents?ip=camera", Role.VIEWER), 400, "ip", "'camera'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void incidentsAreAcknowledgedAndClosedOnce(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        int openBefore = WebFixture.json(f.get("/api/incidents?status=open", Role.VIEWER)).path("count").asInt();
        String id = "W1-I2"; // device 2's SYN probing
        var ack = f.post("/api/incidents/" + id + "/ack", Role.OPERATOR, "{\"note\":\"looking\"}");
        assertEquals(200, ack.statusCode(), ack.body());
        JsonNode i = WebFixture.json(ack);
        assertEquals("acknowledged", i.path("status").asText());
        JsonNode last = i.path("timeline").get(i.path("timeline").size() - 1);
        assertTrue(last.path("by").asText().contains("operator of the tests"), last.toString());
        assertEquals("looking", last.path("note").asText());
        JsonNode closed = WebFixture.json(f.post("/api/incidents/" + id + "/close", Role.ADMIN, null));
        assertEquals("closed", closed.path("status").asText());
        assertError(f.post("/api/incidents/" + id + "/close", Role.OPERATOR, null), 409, "closed");
        assertEquals(openBefore - 1, WebFixture.json(f.get("/api/incidents?status=open", Role.VIEWER)).path("count").asInt());
        // both actions are sealed in the evidence ledger, naming who acted, and the proof shown checks out
        var actions = f.ledger.list(dev.warden.watch.incident.IncidentRecorder.ACTION, null, -1, 100).stream()
                .filter(e -> e.text().contains("\"incident\":\"" + id + "\"")).toList();
        assertEquals(2, actions.size(), actions.toString());
        assertTrue(actions.getFirst().text().contains("\"action\":\"acknowledged\"") && actions.getFirst().text().contains("operator of the tests"));
        assertTrue(actions.getLast().text().contains("\"action\":\"closed\"") && actions.getLast().text().contains("admin of the tests"));
        JsonNode proof = closed.path("ledger").path("proof");
        assertEquals(actions.getLast().seq(), proof.path("leafIndex").asLong(-1), closed.path("ledger").toString());
        var checked = dev.warden.ledger.verify.ProofVerifier.verify(dev.warden.ledger.verify.LedgerProof.parse(proof.toString()), Optional.of(f.key.publicKey()));
        assertTrue(checked.valid(), checked.message());
        assertTrue(f.ledger.verify(f.key.publicKey()).intact());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void adminMakesAndRevokesTokens(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        var made = f.post("/api/tokens", Role.ADMIN, "{\"role\":\"viewer\",\"name\":\"wall screen\"}");
        assertEquals(201, made.statusCode(), made.body());
        JsonNode t = WebFixture.json(made);
        String token = t.path("token").asText();
        assertTrue(token.startsWith("wdn_"));
        assertEquals("viewer", WebFixture.json(f.send(HttpRequest.newBuilder(f.url("/api/me")), token)).path("role").asText());
        var stored = f.store.tokens().stream().filter(x -> x.id().equals(t.path("id").asText())).findFirst().orElseThrow();
        assertFalse(stored.hash().contains(token) || token.contains(stored.hash()), "only the hash is stored");
        assertEquals(ApiTokens.sha256(token), stored.hash());
        assertFalse(f.get("/api/tokens", Role.ADMIN).body().contains(token), "listings never show tokens");
        var revoked = f.send(HttpRequest.newBuilder(f.url("/api/tokens/" + t.path("id").asText())).DELETE(), f.tokens.get(Role.ADMIN));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertError(f.send(HttpRequest.newBuilder(f.url("/api/me")), token), 401, "not valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void dashboardIsServedWithSecurityHeadersAndNoToken(TestStores.Backend backend) throws Exception {
        var f = fixture(backend);
        var r = f.get("/", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals(200, f.get("/api/openapi.json", null).statusCode(), "the API description is public");
    }
}
