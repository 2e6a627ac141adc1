package dev.warden.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.assess.Assessment;
import dev.warden.audit.AuditListener;
import dev.warden.audit.TestAudits;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Persona;
import dev.warden.label.Labeler;
import dev.warden.label.SigningKey;
import dev.warden.store.Store;
import dev.warden.store.TestStores;
import dev.warden.target.Target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A running {@code warden serve} for tests: a fresh store on one backend, an emulated fleet on loopback audited by the
 * real pipeline (the same launcher answers POST /api/audits), a token per role, and a small HTTP client.
 */
final class WebFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final TestStores.Database db;
    final Store store;
    final Fleet fleet;
    final SigningKey key = SigningKey.generate();
    final TestIncidents incidents;
    final WardenServer server;
    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final String firstAuditId;
    /** The fleet's address prefix, e.g. "127.83.0." (devices at .1, .2, ...). */
    final String net;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private WebFixture(TestStores.Backend backend, String first, String scope, List<Persona> personas, WardenServer.Options options) throws Exception {
        net = first.substring(0, first.lastIndexOf('.') + 1);
        db = backend.fresh();
        store = db.open();
        fleet = Fleet.start(first, personas);
        AuditLauncher launcher = launcher(store, key, scope);
        var targets = fleet.devices().stream().map(d -> new Target(d.address(), null)).toList();
        firstAuditId = "A-FIRST";
        launcher.run(firstAuditId, targets, dev.warden.target.ScopeGuard.parse(scope));
        incidents = TestIncidents.seeded(fleet.devices().getFirst().ip());
        server = new WardenServer(store, incidents, launcher, Clock.systemUTC(), options).start();
        for (Role r : Role.values()) tokens.put(r, server.tokens().create(r, r.id() + " of the tests").token());
    }

    static WebFixture start(TestStores.Backend backend, String first, String scope, List<Persona> personas) throws Exception {
        return new WebFixture(backend, first, scope, personas, WardenServer.Options.loopback(0).withRate(0, 1));
    }

    static WebFixture start(TestStores.Backend backend, String first, String scope, List<Persona> personas, WardenServer.Options options) throws Exception {
        return new WebFixture(backend, first, scope, personas, options);
    }

    /** Audits with the real pipeline (fast test settings) and records every device with a signed label, as AuditJob does. */
    static AuditLauncher launcher(Store store, SigningKey key, String allowed) {
        var labeler = new Labeler(key, "Warden 0.1.0");
        return (auditId, targets, scope) -> {
            var clock = Clock.systemUTC();
            store.beginAudit(auditId, clock.instant(), scope.description(), targets.size());
            var summary = TestAudits.audit(TestAudits.fast(), dev.warden.target.ScopeGuard.parse(allowed), false).run(auditId, targets, new AuditListener() {
                @Override
                public void hostFinished(Target t, Assessment a) {
                    var now = clock.instant();
                    try {
                        store.recordDevice(auditId, now, a, JSON.writeValueAsString(labeler.label(auditId, now, a, false)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            store.finishAudit(auditId, clock.instant(), summary.elapsed(), summary.devices().size());
            return summary.devices().size();
        };
    }

    URI url(String path) {
        return server.url().resolve(path);
    }

    HttpResponse<String> get(String path, Role role) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).GET(), role == null ? null : tokens.get(role));
    }

    HttpResponse<String> post(String path, Role role, String body) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)), role == null ? null : tokens.get(role));
    }

    HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
        fleet.close();
        store.close();
        db.close();
    }
}
