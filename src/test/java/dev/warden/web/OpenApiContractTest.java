package dev.warden.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.emulator.Personas;
import dev.warden.store.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds openapi.json against the running server: every route the server has is documented with its role and every
 * documented operation exists; every operation is called (success and refusals), and each answer's status, content
 * type and JSON shape must be what the document says for that operation and status.
 */
class OpenApiContractTest {
    static JsonNode document() throws Exception {
        try (InputStream in = WardenServer.class.getResourceAsStream("openapi.json")) {
            return WebFixture.JSON.readTree(in);
        }
    }

    @Test
    void everyRouteIsDocumentedWithItsRoleAndNothingElseIs() throws Exception {
        JsonNode doc = document();
        assertEquals("3.1.0", doc.path("openapi").asText());
        var documented = new TreeSet<String>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(m)) documented.add(m.toUpperCase() + " " + p.getKey());
        }));
        var served = new TreeSet<String>();
        try (var db = TestStores.Backend.SQLITE.fresh(); var store = db.open();
             var server = new WardenServer(store, IncidentBoard.none(), (a, t, s) -> 0, java.time.Clock.systemUTC(), WardenServer.Options.loopback(0))) {
            for (var r : server.routes()) {
                String key = r.method() + " " + r.path();
                served.add(key);
                JsonNode op = doc.path("paths").path(r.path()).path(r.method().toLowerCase());
                assertTrue(op.isObject(), key + " is served but not documented");
                if (r.role() == null) {
                    assertTrue(op.has("security") && op.get("security").isEmpty(), key + " is public: the document must say security: []");
                } else {
                    assertEquals(r.role().id(), op.path("x-warden-role").asText(), key + ": documented role");
                    assertTrue(op.path("responses").has("401"), key + " documents 401");
                }
            }
        }
        assertEquals(documented, served, "documented operations and served routes");
    }

    record Call(String operationId, String method, Supplier<String> path, Role role, String body, int expected) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void everyOperationAnswersAsDocumented(TestStores.Backend backend) throws Exception {
        JsonNode doc = document();
        var validator = new SchemaValidator(doc);
        String net = "127.83.1" + backend.ordinal() + ".";
        try (var f = WebFixture.start(backend, net + "1", net + "0/24", List.of(Personas.xiongmaiDvr(0), Personas.basicAuthCamera()))) {
            var made = new String[1];
            var calls = List.of(
                    new Call("openapi", "GET", () -> "/api/openapi.json", null, null, 200),
                    new Call("me", "GET", () -> "/api/me", Role.VIEWER, null, 200),
                    new Call("listDevices", "GET", () -> "/api/devices", Role.VIEWER, null, 200),
                    new Call("listDevices", "GET", () -> "/api/devices?grade=F&status=failing", Role.VIEWER, null, 200),
                    new Call("listDevices", "GET", () -> "/api/devices?grade=Q", Role.VIEWER, null, 400),
                    new Call("getDevice", "GET", () -> "/api/devices/" + net + "1", Role.VIEWER, null, 200),
                    new Call("getDevice", "GET", () -> "/api/devices/" + net + "2", Role.VIEWER, null, 200),
                    new Call("getDevice", "GET", () -> "/api/devices/" + net + "99", Role.VIEWER, null, 404),
                    new Call("getDeviceLabel", "GET", () -> "/api/devices/" + net + "1/label", Role.VIEWER, null, 200),
                    new Call("getDeviceLabel", "GET", () -> "/api/devices/" + net + "99/label", Role.VIEWER, null, 404),
                    new Call("listManufacturers", "GET", () -> "/api/manufacturers", Role.VIEWER, null, 200),
                    new Call("deviceReport", "GET", () -> "/api/reports/device/" + net + "1", Role.VIEWER, null, 200),
                    new Call("deviceReport", "GET", () -> "/api/reports/device/" + net + "1?format=html", Role.VIEWER, null, 200),
                    new Call("deviceReport", "GET", () -> "/api/reports/device/" + net + "1?format=pdf", Role.VIEWER, null, 200),
                    new Call("deviceReport", "GET", () -> "/api/reports/device/" + net + "1?format=odt", Role.VIEWER, null, 400),
                    new Call("deviceReport", "GET", () -> "/api/reports/device/" + net + "99", Role.VIEWER, null, 404),
                    new Call("listAudits", "GET", () -> "/api/audits", Role.VIEWER, null, 200),
                    new Call("startAudit", "POST", () -> "/api/audits", Role.OPERATOR, "{\"targets\":[\"" + net + "2\"],\"scope\":\"" + net + "0/24\"}", 202),
                    new Call("startAudit", "POST", () -> "/api/audits", Role.OPERATOR, "{\"targets\":[]}", 400),
                    new Call("startAudit", "POST", () -> "/api/audits", Role.VIEWER, "{\"targets\":[\"" + net + "2\"]}", 403),
                    new Call("startAudit", "POST", () -> "/api/audits", Role.OPERATOR, "{\"targets\":[\"" + "9".repeat(70_000) + "\"]}", 413),
                    new Call("getAudit", "GET", () -> "/api/audits/" + f.firstAuditId, Role.VIEWER, null, 200),
                    new Call("getAudit", "GET", () -> "/api/audits/A-MISSING", Role.VIEWER, null, 404),
                    new Call("listCaptures", "GET", () -> "/api/captures", Role.VIEWER, null, 200),
                    new Call("startWatch", "POST", () -> "/api/watches", Role.OPERATOR, "{\"capture\":\"bots.pcap\"}", 202),
                    new Call("startWatch", "POST", () -> "/api/watches", Role.OPERATOR, "{\"capture\":\"../warden.db\"}", 400),
                    new Call("startWatch", "POST", () -> "/api/watches", Role.OPERATOR, "{\"capture\":\"none.pcap\"}", 404),
                    new Call("startWatch", "POST", () -> "/api/watches", Role.VIEWER, "{\"capture\":\"bots.pcap\"}", 403),
                    new Call("listWatches", "GET", () -> "/api/watches", Role.VIEWER, null, 200),
                    new Call("getWatch", "GET", () -> "/api/watches/W1", Role.VIEWER, null, 200),
                    new Call("getWatch", "GET", () -> "/api/watches/W404", Role.VIEWER, null, 404),
                    new Call("incidentReport", "GET", () -> "/api/reports/incident/W1-I1", Role.VIEWER, null, 200),
                    new Call("incidentReport", "GET", () -> "/api/reports/incident/W1-I1?format=pdf", Role.VIEWER, null, 200),
                    new Call("incidentReport", "GET", () -> "/api/reports/incident/W1-I404", Role.VIEWER, null, 404),
                    new Call("liabilityWorksheet", "GET", () -> "/api/reports/liability/W1-I1", Role.VIEWER, null, 200),
                    new Call("liabilityWorksheet", "GET", () -> "/api/reports/liability/W1-I1?format=html", Role.VIEWER, null, 200),
                    new Call("liabilityWorksheet", "GET", () -> "/api/reports/liability/W1-I1?format=doc", Role.VIEWER, null, 400),
                    new Call("listIncidents", "GET", () -> "/api/incidents", Role.VIEWER, null, 200),
                    new Call("listIncidents", "GET", () -> "/api/incidents?status=maybe", Role.VIEWER, null, 400),
                    new Call("getIncident", "GET", () -> "/api/incidents/W1-I1", Role.VIEWER, null, 200),
                    new Call("getIncident", "GET", () -> "/api/incidents/I404", Role.VIEWER, null, 404),
                    new Call("acknowledgeIncident", "POST", () -> "/api/incidents/W1-I1/ack", Role.OPERATOR, "{\"note\":\"on it\"}", 200),
                    new Call("acknowledgeIncident", "POST", () -> "/api/incidents/W1-I1/ack", Role.OPERATOR, "{\"comment\":\"x\"}", 400),
                    new Call("acknowledgeIncident", "POST", () -> "/api/incidents/W1-I1/ack", Role.VIEWER, null, 403),
                    new Call("acknowledgeIncident", "POST", () -> "/api/incidents/I404/ack", Role.OPERATOR, null, 404),
                    new Call("closeIncident", "POST", () -> "/api/incidents/W1-I1/close", Role.OPERATOR, null, 200),
                    new Call("closeIncident", "POST", () -> "/api/incidents/W1-I1/close", Role.OPERATOR, null, 409),
                    new Call("acknowledgeIncident", "POST", () -> "/api/incidents/W1-I1/ack", Role.OPERATOR, null, 409),
                    new Call("closeIncident", "POST", () -> "/api/incidents/I404/close", Role.OPERATOR, null, 404),
                    new Call("listTokens", "GET", () -> "/api/tokens", Role.ADMIN, null, 200),
                    new Call("listTokens", "GET", () -> "/api/tokens", Role.OPERATOR, null, 403),
                    new Call("createToken", "POST", () -> "/api/tokens", Role.ADMIN, "{\"role\":\"operator\",\"name\":\"contract\"}", 201),
                    new Call("createToken", "POST", () -> "/api/tokens", Role.ADMIN, "{\"role\":\"operator\"}", 400),
                    new Call("revokeToken", "DELETE", () -> "/api/tokens/" + made[0], Role.ADMIN, null, 200),
                    new Call("revokeToken", "DELETE", () -> "/api/tokens/" + made[0], Role.ADMIN, null, 404));
            var covered = new LinkedHashSet<String>();
            var problems = new ArrayList<String>();
            for (Call c : calls) {
                var path = c.path().get();
                var b = HttpRequest.newBuilder(f.url(path)).method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body())).header("Content-Type", "application/json");
                var r = f.http.send(withToken(b, f, c.role()).build(), HttpResponse.BodyHandlers.ofByteArray());
                String label = c.method() + " " + (path.length() > 80 ? path.substring(0, 80) + "..." : path);
                if (r.statusCode() != c.expected()) problems.add(label + ": status " + r.statusCode() + ", expected " + c.expected() + ": " + new String(r.body()));
                problems.addAll(conforms(doc, validator, c.operationId(), r, label));
                if (c.operationId().equals("createToken") && r.statusCode() == 201) made[0] = WebFixture.JSON.readTree(r.body()).path("id").asText();
                covered.add(c.operationId());
                // every protected operation refuses a missing token as documented
                if (c.role() != null) {
                    var anon = f.http.send(HttpRequest.newBuilder(f.url(path)).method(c.method(), HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (anon.statusCode() != 401) problems.add(label + " without a token: status " + anon.statusCode());
                    problems.addAll(conforms(doc, validator, c.operationId(), anon, label + " without a token"));
                }
            }
            var all = new TreeSet<String>();
            doc.path("paths").forEach(p -> p.forEach(op -> all.add(op.path("operationId").asText())));
            all.removeAll(covered);
            assertTrue(all.isEmpty(), "operations never called: " + all);
            assertTrue(problems.isEmpty(), String.join("\n", problems));
        }
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder b, WebFixture f, Role role) {
        return role == null ? b : b.header("Authorization", "Bearer " + f.tokens.get(role));
    }

    /** The answer's status must be documented for the operation, its content type listed, and JSON must match the schema. */
    static List<String> conforms(JsonNode doc, SchemaValidator v, String operationId, HttpResponse<byte[]> r, String label) throws Exception {
        JsonNode op = null;
        for (JsonNode p : doc.path("paths")) for (JsonNode o : p) if (o.path("operationId").asText().equals(operationId)) op = o;
        if (op == null) return List.of(label + ": no operation " + operationId + " in the document");
        JsonNode response = op.path("responses").path(Integer.toString(r.statusCode()));
        if (response.isMissingNode()) return List.of(label + ": status " + r.statusCode() + " is not documented for " + operationId);
        String type = r.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").trim();
        JsonNode content = response.path("content");
        if (!content.has(type)) return List.of(label + ": content type '" + type + "' is not documented for " + operationId + " " + r.statusCode());
        if (!type.equals("application/json")) return List.of();
        var errors = v.validate(content.path(type).path("schema"), WebFixture.JSON.readTree(r.body()));
        return errors.stream().map(e -> label + " (" + operationId + " " + r.statusCode() + "): " + e).toList();
    }
}
