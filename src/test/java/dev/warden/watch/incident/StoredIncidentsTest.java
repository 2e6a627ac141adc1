package dev.warden.watch.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.cli.Main;
import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import dev.warden.label.SigningKey;
import dev.warden.ledger.Ledger;
import dev.warden.store.Store;
import dev.warden.store.TestStores;
import dev.warden.watch.WatchCommandTest;
import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code warden watch} keeps: the run, every incident with its timeline, each event sealed in the ledger, and a
 * pcap excerpt per incident whose hash the ledger holds; on every store backend. The traffic is the project's own
 * generated Mirai-like bots (written to a file, never sent).
 */
class StoredIncidentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path shared;
    static Path bots;

    @BeforeAll
    static void generate() {
        bots = shared.resolve("bots.pcap");
        assertEquals(0, Main.run("generate", "--out", bots.toString(), "--seed", "7", "--vectors", "syn,udp", "--first-bot", "10.10.10.201"));
    }

    @ParameterizedTest
    @MethodSource("dev.warden.store.TestStores#backends")
    void watchRecordsIncidentsTimelinesLedgerAndExcerpts(TestStores.Backend backend, @TempDir Path home) throws Exception {
        try (var db = backend.fresh()) {
            var r = WatchCommandTest.run("watch", "--home", home.toString(), "--db", db.url(), "--format", "jsonl", bots.toString());
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("recorded run W1 ("), r.err());
            long printed = r.out().lines().filter(l -> l.startsWith("{\"type\":\"incident\"")).count();
            assertTrue(r.out().contains("\"id\":\"W1-I1\""), "ids printed are the stored ids: " + r.out());

            try (Store store = db.open(); Ledger ledger = Ledger.readOnly(db.url())) {
                assertEquals(1, store.watchRuns().size());
                assertNotNull(store.watchRuns().getFirst().finishedAt());
                var incidents = store.incidents(Store.IncidentQuery.all());
                assertEquals(printed, incidents.size());
                Set<String> flagged = new HashSet<>();
                for (var i : incidents) {
                    flagged.add(i.deviceIp());
                    assertEquals("open", i.status(), "nobody has acted on it yet");
                    assertFalse(i.active(), "the input ended, so the detector no longer sees it");
                    var events = store.incidentEvents(i.id());
                    assertEquals("opened", events.getFirst().event());
                    assertTrue(events.stream().anyMatch(e -> e.event().equals("ended")), events.toString());
                    // every event of the detector is sealed: the ledger entry holds the document the store shows
                    for (var e : events) {
                        assertNotNull(e.ledgerSeq(), "event " + e.event() + " of " + i.id() + " has no ledger entry");
                        var entry = ledger.entry(e.ledgerSeq()).orElseThrow();
                        assertEquals(i.deviceIp(), entry.subject());
                        assertTrue(entry.text().contains("\"incident\":\"" + i.id() + "\""), entry.text());
                    }
                    assertExcerpt(ledger, i, events);
                }
                assertEquals(Set.of("10.10.10.201", "10.10.10.202"), flagged, "both bots, nothing else");
                assertTrue(ledger.verify(SigningKey.loadOrCreate(home.resolve("keys")).publicKey()).intact());
            }

            var second = WatchCommandTest.run("watch", "--home", home.toString(), "--db", db.url(), bots.toString());
            assertTrue(second.err().contains("recorded run W2 ("), second.err());
            try (Store store = db.open()) {
                assertEquals(2 * printed, store.incidents(Store.IncidentQuery.all()).size(), "a second run adds, never overwrites");
                assertEquals(printed, store.incidents(new Store.IncidentQuery(null, null, null, "W2", null, null)).size());
            }
        }
    }

    /** The excerpt exists, hashes to what the ledger sealed, and holds only the device's packets within the incident. */
    private static void assertExcerpt(Ledger ledger, Store.IncidentRow i, List<Store.IncidentEvent> events) throws Exception {
        assertNotNull(i.excerptPath(), "no excerpt for " + i.id());
        Path file = Path.of(i.excerptPath());
        assertEquals(PcapExcerpts.sha256(file), i.excerptSha256());
        var sealed = events.stream().filter(e -> e.event().equals("excerpt")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> body = JSON.readValue(ledger.entry(sealed.ledgerSeq()).orElseThrow().text(), Map.class);
        assertTrue(JSON.writeValueAsString(body).contains(i.excerptSha256()), "the ledger seals the excerpt's hash");
        IpAddress device = IpAddress.parse(i.deviceIp());
        long first = Instant.parse(i.firstSeen()).toEpochMilli() * 1000 - 1000, last = Instant.parse(i.lastSeen()).toEpochMilli() * 1000 + 1000;
        long packets = 0;
        var p = new DecodedPacket();
        try (var src = PacketSource.open(file, OnCorrupt.STOP)) {
            while (src.advance()) {
                Decoder.decode(src, p);
                packets++;
                boolean mine = IpAddress.v4(p.srcIp4()).equals(device) || IpAddress.v4(p.dstIp4()).equals(device);
                assertTrue(mine, "packet " + packets + " of " + file + " is not the device's");
                long t = src.timestampNanos() / 1000;
                assertTrue(t >= first && t <= last, "packet " + packets + " at " + t + " is outside " + i.firstSeen() + " .. " + i.lastSeen());
            }
        }
        assertEquals(i.excerptPackets().longValue(), packets);
        assertTrue(packets > 0);
    }

    @ParameterizedTest
    @MethodSource("dev.warden.store.TestStores#backends")
    void closingIsFinal(TestStores.Backend backend, @TempDir Path home) {
        try (var db = backend.fresh()) {
            assertEquals(1, WatchCommandTest.run("watch", "--home", home.toString(), "--db", db.url(), bots.toString()).code());
            try (Store store = db.open()) {
                String id = store.incidents(Store.IncidentQuery.all()).getFirst().id();
                var ack = new Store.IncidentEvent(0, "2026-11-25T10:00:00Z", "acknowledged", "t1", "alice", "looking", null, null, "2026-11-25T10:00:00Z");
                assertEquals("acknowledged", store.changeIncidentStatus(id, "acknowledged", ack).orElseThrow().status());
                var close = new Store.IncidentEvent(0, "2026-11-25T11:00:00Z", "closed", "t1", "alice", "unplugged", null, null, "2026-11-25T11:00:00Z");
                assertEquals("closed", store.changeIncidentStatus(id, "closed", close).orElseThrow().status());
                assertThrows(IllegalStateException.class, () -> store.changeIncidentStatus(id, "acknowledged", ack));
                assertTrue(store.changeIncidentStatus("W9-I9", "closed", close).isEmpty());
                var timeline = store.incidentEvents(id).stream().map(Store.IncidentEvent::event).toList();
                assertEquals(List.of("acknowledged", "closed"), timeline.subList(timeline.size() - 2, timeline.size()));
            }
        }
    }
}
