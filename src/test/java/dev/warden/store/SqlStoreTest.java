package dev.warden.store;

import dev.warden.audit.AuditListener;
import dev.warden.audit.TestAudits;
import dev.warden.emulator.Fleet;
import dev.warden.emulator.Personas;
import dev.warden.label.LabelVerifier;
import dev.warden.label.Labeler;
import dev.warden.label.SigningKey;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlStoreTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void auditsAreRecordedAndLabelsKeepTheirHistory(TestStores.Backend backend) throws Exception {
        try (var db = backend.fresh()) {
            recordTwoAuditsAndReadBack(db);
        }
    }

    /** The list the fast open checks against is the migrations that ship. */
    @Test
    void theKnownMigrationsAreTheFilesThatShip() throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
            var versions = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().toList();
            assertEquals(versions, SqlStore.MIGRATIONS);
        }
    }

    /**
     * A database an older Warden made (migrations up to 4) is migrated when opened, and opened again without Flyway
     * (every migration applied): the data written in between is there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void anOlderDatabaseIsMigratedOnOpenAndReopened(TestStores.Backend backend) throws Exception {
        try (var db = backend.fresh()) {
            org.flywaydb.core.Flyway.configure().dataSource(db.url(), null, null).locations("classpath:db/migration")
                    .target("4").load().migrate();
            try (Store store = db.open()) {
                store.beginAudit("A1", Instant.parse("2026-11-25T12:00:00Z"), "scope", 0);
                store.finishAudit("A1", Instant.parse("2026-11-25T12:00:01Z"), java.time.Duration.ofSeconds(1), 0);
            }
            try (var c = java.sql.DriverManager.getConnection(db.url()); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE version = '5' AND success")) {
                assertTrue(rs.next() && rs.getInt(1) == 1, "migration 5 applied on open");
            }
            try (Store store = db.open()) {
                assertEquals(1, store.audits().size());
            }
        }
    }

    private static void recordTwoAuditsAndReadBack(TestStores.Database db) throws Exception {
        var key = SigningKey.generate();
        var labeler = new Labeler(key, "test");
        try (Fleet f = Fleet.start("127.78.7.1", List.of(Personas.xiongmaiDvr(0), Personas.promptDecoy()))) {
            var targets = f.devices().stream().map(d -> new Target(d.address(), null)).toList();
            for (String id : List.of("A1", "A2")) {
                var s = TestAudits.audit(TestAudits.fast(), ScopeGuard.parse("127.78.7.0/24"), false).run(id, targets, new AuditListener() {});
                try (Store store = db.open()) {
                    store.beginAudit(id, Instant.parse("2026-11-25T12:00:00Z"), "scope", targets.size());
                    Instant at = id.equals("A1") ? Instant.parse("2026-11-25T12:00:00Z") : Instant.parse("2026-11-26T12:00:00Z");
                    for (var a : s.devices()) {
                        var label = labeler.label(id, at, a, false);
                        store.recordDevice(id, at, a, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(label));
                    }
                    store.finishAudit(id, at, s.elapsed(), s.devices().size());
                }
            }
        }
        try (Store store = db.open()) {
            var devices = store.devices();
            assertEquals(2, devices.size());
            assertEquals("127.78.7.1", devices.getFirst().ip());
            assertEquals("F", devices.getFirst().grade());
            assertEquals("A2", devices.getFirst().lastAudit());
            assertTrue(devices.getFirst().findings() >= 3);
            var history = store.labelHistory("127.78.7.1");
            assertEquals(List.of("A1", "A2"), history.stream().map(Store.LabelRow::auditId).toList());
            String latest = store.latestLabel("127.78.7.1").orElseThrow();
            assertTrue(LabelVerifier.verify(latest, Optional.of(key.publicKey())).valid(), "stored label verifies byte for byte");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void openIncidentsAreCountedPerDeviceIpWithoutClosedOnes(TestStores.Backend backend) {
        try (var db = backend.fresh(); Store store = db.open()) {
            assertEquals(Map.of(), store.openIncidentCounts().byIp(), "no incidents yet");
            String run = store.beginWatch(Instant.parse("2026-11-25T12:00:00Z"), "test");
            record("I1", run, "10.213.1.1", store);
            record("I2", run, "10.213.1.1", store);
            record("I3", run, "10.213.1.1", store);
            record("I4", run, "10.213.1.2", store);
            record("I5", run, "10.213.1.3", store);
            record("I6", run, "2001:db8::7", store);
            act(store, "I2", "acknowledged");
            act(store, "I3", "closed");
            act(store, "I4", "acknowledged");
            act(store, "I4", "closed");
            act(store, "I5", "acknowledged");
            // 10.213.1.1: one open, one acknowledged, one closed; 10.213.1.2: only a closed one, so absent
            assertEquals(Map.of("10.213.1.1", 2, "10.213.1.3", 1, "2001:db8::7", 1), store.openIncidentCounts().byIp());
            assertEquals(2, store.openIncidentCounts().of("10.213.1.1", null));
            // the same counts as the incidents themselves give
            var byStatus = new java.util.HashMap<String, Integer>();
            for (var i : store.incidents(Store.IncidentQuery.all())) if (!"closed".equals(i.status())) byStatus.merge(i.deviceIp(), 1, Integer::sum);
            assertEquals(byStatus, store.openIncidentCounts().byIp());
        }
    }

    private static void record(String id, String run, String ip, Store store) {
        record(id, run, ip, null, store);
    }

    private static void record(String id, String run, String ip, String mac, Store store) {
        String at = "2026-11-25T12:00:00Z";
        store.recordIncident(new Store.IncidentRow(run + "-" + id, run, ip, mac, "test-detector", "high", at, at, at, true, "open", 1, "{}",
                null, null, null, null, at), new Store.IncidentEvent(0, at, "opened", null, null, null, 1, null, at));
    }

    /**
     * A camera that DHCP moved from .20 to .21 keeps its incidents from both addresses (by its MAC), with those at its
     * address that carry no MAC (a flow input); the incident of another device that later had .20 is not its; and a
     * device known without a MAC owns what happened at its IP, as before.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void aDevicesIncidentsFollowItsMacAcrossAddresses(TestStores.Backend backend) {
        try (var db = backend.fresh(); Store store = db.open()) {
            String run = store.beginWatch(Instant.parse("2026-11-25T12:00:00Z"), "test");
            String cam = "02:00:5E:00:00:14";
            record("I1", run, "10.213.2.20", cam, store);
            record("I2", run, "10.213.2.21", cam.toLowerCase(java.util.Locale.ROOT), store);
            record("I3", run, "10.213.2.21", null, store);
            record("I4", run, "10.213.2.20", "02:00:5e:00:00:99", store);
            var ofCam = store.incidents(Store.IncidentQuery.ofDevice("10.213.2.21", cam, null, null)).stream().map(Store.IncidentRow::id).sorted().toList();
            assertEquals(List.of(run + "-I1", run + "-I2", run + "-I3"), ofCam);
            assertEquals(3, store.openIncidentCounts().of("10.213.2.21", cam));
            assertEquals(1, store.openIncidentCounts().of("10.213.2.20", "02:00:5e:00:00:99"));
            var atTwenty = store.incidents(Store.IncidentQuery.ofDevice("10.213.2.20", null, null, null)).stream().map(Store.IncidentRow::id).sorted().toList();
            assertEquals(List.of(run + "-I1", run + "-I4"), atTwenty, "without a MAC: everything at the IP");
            assertEquals(2, store.openIncidentCounts().of("10.213.2.20", null));
            for (var row : store.incidents(Store.IncidentQuery.all())) {
                assertEquals(ofCam.contains(row.id()), Store.isOfDevice(row.deviceIp(), row.deviceMac(), "10.213.2.21", cam), row.id());
            }
        }
    }

    /**
     * The timelines a list reads at once are, incident by incident, what each one's own timeline says, and only the
     * asked incidents' (selected by device, by status, by run), past the ids one statement takes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.warden.store.TestStores#backends")
    void timelinesInOneQueryAreEachIncidentsOwn(TestStores.Backend backend) {
        try (var db = backend.fresh(); Store store = db.open()) {
            String run = store.beginWatch(Instant.parse("2026-11-25T12:00:00Z"), "test");
            String cam = "02:00:5e:00:00:14";
            record("I1", run, "10.213.3.20", cam, store);
            record("I2", run, "10.213.3.21", null, store);
            record("I3", run, "10.213.3.21", cam, store);
            record("I4", run, "10.213.3.22", null, store);
            act(store, "I1", "acknowledged");
            act(store, "I3", "acknowledged");
            act(store, "I3", "closed");
            String other = store.beginWatch(Instant.parse("2026-11-26T12:00:00Z"), "test");
            record("I1", other, "10.213.3.20", cam, store);
            var queries = List.of(Store.IncidentQuery.all(), Store.IncidentQuery.ofDevice("10.213.3.21", cam, null, null),
                    new Store.IncidentQuery(null, null, "closed", null, null, null), new Store.IncidentQuery(null, null, null, other, null, null),
                    new Store.IncidentQuery("10.213.3.99", null, null, null, null, null));
            for (var query : queries) {
                var ids = store.incidents(query).stream().map(Store.IncidentRow::id).toList();
                var timelines = store.incidentTimelines(ids);
                assertEquals(new java.util.TreeSet<>(ids), new java.util.TreeSet<>(timelines.keySet()), "the selected incidents, no other: " + query);
                for (String id : ids) assertEquals(store.incidentEvents(id), timelines.get(id), id);
            }
            var all = store.incidentTimelines(store.incidents(Store.IncidentQuery.all()).stream().map(Store.IncidentRow::id).toList());
            assertEquals(List.of("opened", "acknowledged", "closed"), all.get(run + "-I3").stream().map(Store.IncidentEvent::event).toList(), "oldest first");
            assertEquals(5, all.size());
            assertEquals(Map.of(), store.incidentTimelines(List.of("W9-I9")), "an id without an incident");
            // more ids than one statement takes: 1,203 incidents, each its own timeline
            for (int i = 10; i < 1_210; i++) record("I" + i, other, "10.213.4." + (i % 250), null, store);
            var many = store.incidents(new Store.IncidentQuery(null, null, null, other, null, null)).stream().map(Store.IncidentRow::id).toList();
            assertEquals(1_201, many.size());
            var manyTimelines = store.incidentTimelines(many);
            assertEquals(1_201, manyTimelines.size());
            for (String id : many) assertEquals(List.of("opened"), manyTimelines.get(id).stream().map(Store.IncidentEvent::event).toList(), id);

            // pages in the list's order, and the database's counts by day and status agree with the rows
            for (var query : queries) {
                var rows = store.incidents(query).stream().map(Store.IncidentRow::id).toList();
                var paged = new java.util.ArrayList<String>();
                for (int offset = 0; offset <= rows.size(); offset += 7) {
                    store.incidents(query, offset, 7).forEach(r -> paged.add(r.id()));
                }
                assertEquals(rows, paged, "pages of " + query);
                var counted = new java.util.TreeMap<String, Long>();
                for (var r : store.incidents(query)) counted.merge(r.firstSeen().substring(0, 10) + " " + r.status(), 1L, Long::sum);
                var days = new java.util.TreeMap<String, Long>();
                for (var d : store.incidentDays(query)) days.put(d.day() + " " + d.status(), d.count());
                assertEquals(counted, days, "by day and status: " + query);
            }
        }
    }

    private static void act(Store store, String id, String status) {
        String at = "2026-11-25T13:00:00Z";
        String run = store.watchRuns().getFirst().id();
        assertTrue(store.changeIncidentStatus(run + "-" + id, status, new Store.IncidentEvent(0, at, status, "t1", "tester", null, null, null, at))
                .isPresent());
    }

    @Test
    void unwritableLocationIsANamedError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(SqlStore.StoreException.class, () -> SqlStore.sqlite(Path.of("/proc/warden/x.db")));
        assertTrue(e.getMessage().contains("/proc/warden"), e.getMessage());
    }

    @Test
    void unreachablePostgresIsANamedError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(SqlStore.StoreException.class,
                () -> SqlStore.open("jdbc:postgresql://127.0.0.1:1/warden?user=nobody&connectTimeout=2"));
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }
}
