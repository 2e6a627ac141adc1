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
import dev.warden.ledger.Ledger;
import dev.warden.store.Store;
import dev.warden.store.TestStores;
import dev.warden.target.Target;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A running {@code warden serve} for tests: a fresh store on one backend, an emulated fleet on loopback audited by the
 * real pipeline (the same launcher answers POST /api/audits), incidents from a real {@code warden watch} run over a
 * capture of Mirai-like bots written by the project's generator (never sent) whose addresses are the first two devices'
 * (a SYN flood from device 1, a UDP flood from device 2, each with its scanning), a token per role, and a small HTTP client.
 */
final class WebFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final TestStores.Database db;
    final Store store;
    final Fleet fleet;
    final Path home;
    final SigningKey key;
    final Ledger ledger;
    final StoredIncidents incidents;
    /** The stored incidents' ids, newest first as the API lists them; the first device's SYN-probe incident is W1-I1. */
    final List<String> incidentIds;
    /** The directory the API may watch files of (warden serve --captures); holds bots.pcap, the capture of run W1. */
    final Path captures;
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
        home = Files.createTempDirectory("warden-web");
        key = SigningKey.loadOrCreate(home.resolve("keys"));
        ledger = Ledger.open(db.url(), key, Clock.systemUTC());
        fleet = Fleet.start(first, personas);
        AuditLauncher launcher = launcher(store, key, scope);
        var targets = fleet.devices().stream().map(d -> new Target(d.address(), null)).toList();
        firstAuditId = "A-FIRST";
        launcher.run(firstAuditId, targets, dev.warden.target.ScopeGuard.parse(scope));
        watchBots(db.url(), home, fleet.devices().getFirst().ip());
        incidents = new StoredIncidents(store, ledger, Clock.systemUTC());
        incidentIds = store.incidents(Store.IncidentQuery.all()).stream().map(Store.IncidentRow::id).toList();
        captures = Files.createDirectories(home.resolve("captures"));
        var watcher = dev.warden.cli.ServeCommand.watchLauncher(List.of("--home", home.toString(), "--db", db.url(), "--set", "watch.local=127.0.0.0/8"),
                captures, List.of("lo"), Duration.ofSeconds(30));
        server = new WardenServer(store, incidents, launcher, watcher, Clock.systemUTC(), options).start();
        for (Role r : Role.values()) tokens.put(r, server.tokens().create(r, r.id() + " of the tests").token());
    }

    static WebFixture start(TestStores.Backend backend, String first, String scope, List<Persona> personas) throws Exception {
        return new WebFixture(backend, first, scope, personas, WardenServer.Options.loopback(0).withRate(0, 1));
    }

    static WebFixture start(TestStores.Backend backend, String first, String scope, List<Persona> personas, WardenServer.Options options) throws Exception {
        return new WebFixture(backend, first, scope, personas, options);
    }

    /** Writes a capture of two bots starting at {@code firstBot} and watches it into the database, as the CLI does. */
    static void watchBots(String dbUrl, Path home, String firstBot) throws IOException {
        Path pcap = Files.createDirectories(home.resolve("captures")).resolve("bots.pcap");
        int g = dev.warden.cli.Main.run("generate", "--out", pcap.toString(), "--seed", "3", "--vectors", "syn,udp", "--first-bot", firstBot);
        if (g != 0) throw new IllegalStateException("warden generate exited " + g);
        var out = System.out;
        try {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            int w = dev.warden.cli.Main.run("watch", "--home", home.toString(), "--db", dbUrl, "--local", "127.0.0.0/8", pcap.toString());
            if (w != 1) throw new IllegalStateException("warden watch exited " + w + " (1 = incidents expected)");
        } finally {
            System.setOut(out);
        }
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
        ledger.close();
        store.close();
        db.close();
        try (var files = Files.walk(home)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary directory: the OS cleans up what is left
        }
    }
}
