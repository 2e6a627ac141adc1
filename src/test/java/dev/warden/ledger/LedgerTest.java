package dev.warden.ledger;

import dev.warden.label.SigningKey;
import dev.warden.ledger.verify.MerkleHash;
import dev.warden.ledger.verify.MerkleProofs;
import dev.warden.ledger.verify.ProofVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Appends, signed tree heads and proofs on a real SQLite ledger. */
class LedgerTest {
    static final SigningKey KEY = SigningKey.generate();

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Appends {@code batches} batches of 1, 2, 3... entries (wrapping at 7) of mixed kinds; returns the entry count. */
    static long fill(Ledger ledger, TestClock clock, int batches) {
        String[] kinds = {"label", "finding", "incident", "incident-update", "ack"};
        long n = 0;
        for (int b = 0; b < batches; b++) {
            var batch = new ArrayList<Ledger.NewEntry>();
            for (int i = 0; i <= b % 7; i++) {
                String kind = kinds[(int) (n % kinds.length)];
                batch.add(new Ledger.NewEntry(kind, "10.0.0." + (n % 13), json("{\"n\":" + n + ",\"note\":\"entry " + n + "\",\"tags\":[\"b\",\"a\"]}")));
                n++;
            }
            ledger.appendAll(batch);
            clock.advance(Duration.ofSeconds(1));
        }
        return n;
    }

    @Test
    void appendsAreNumberedSignedAndSurviveReopening(@TempDir Path dir) throws Exception {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        Path db = dir.resolve("w.db");
        Receipt first;
        try (var ledger = Ledger.sqlite(db, KEY, clock)) {
            first = ledger.append("label", "10.0.0.5", json("{\"grade\":\"F\",\"device\":{\"ip\":\"10.0.0.5\"}}"));
            assertEquals(0, first.seq());
            assertEquals(1, first.treeSize());
            var batch = ledger.appendAll(List.of(new Ledger.NewEntry("finding", "10.0.0.5", json("{\"check\":\"default-credentials\"}")),
                    new Ledger.NewEntry("finding", "10.0.0.5", json("{\"check\":\"cleartext-login\"}"))));
            assertEquals(List.of(1L, 2L), batch.stream().map(Receipt::seq).toList());
            assertEquals(3, batch.getLast().treeSize());
            assertEquals(2, ledger.headCount(), "one signed tree head per batch");
        }
        try (var ledger = Ledger.readOnly(Ledger.sqliteUrl(db))) {
            var head = ledger.treeHead().orElseThrow();
            assertEquals(3, head.treeSize());
            assertEquals(1, head.headSeq());
            assertEquals(clock.millis(), head.timestamp());
            var s = Signature.getInstance("Ed25519");
            s.initVerify(KEY.publicKey());
            s.update(head.signedBytes());
            assertTrue(s.verify(head.signature()), "tree head signed by the Warden key");
            Entry e = ledger.entry(0).orElseThrow();
            assertEquals("{\"body\":{\"device\":{\"ip\":\"10.0.0.5\"},\"grade\":\"F\"},\"kind\":\"label\",\"recordedAt\":\"2026-11-25T12:00:00Z\","
                    + "\"schema\":\"warden.ledger-entry/1\",\"seq\":0,\"subject\":\"10.0.0.5\"}", e.text(), "canonical envelope, members sorted");
            assertArrayEquals(first.leafHash(), MerkleHash.leaf(e.bytes()));
            assertTrue(ledger.verify(KEY.publicKey()).intact());
            assertThrows(LedgerException.class, () -> ledger.append("ack", "x", json("{}")), "read-only");
        }
    }

    @Test
    void proofsFromTheDatabaseVerifyAgainstSignedHeads(@TempDir Path dir) throws Exception {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), KEY, clock)) {
            long n = fill(ledger, clock, 40);
            assertEquals(n, ledger.size());
            var naive = new ArrayList<byte[]>();
            for (long i = 0; i < n; i++) naive.add(ledger.entry(i).orElseThrow().bytes());
            var random = new Random(1);
            for (int t = 0; t < 200; t++) {
                long size = 1 + random.nextInt((int) n);
                long seq = random.nextInt((int) size);
                byte[] root = ledger.rootAt(size);
                assertArrayEquals(MerkleTreeTest.mth(naive.subList(0, (int) size)), root, "root at " + size);
                MerkleProofs.verifyInclusion(seq, size, MerkleHash.leaf(naive.get((int) seq)), ledger.inclusionProof(seq, size), root);
                long old = 1 + random.nextInt((int) size);
                MerkleProofs.verifyConsistency(old, size, ledger.rootAt(old), root, ledger.consistencyProof(old, size));
            }
            // every signed head is consistent with the latest
            var latest = ledger.treeHead().orElseThrow();
            for (var head : List.of(ledger.treeHead(1).orElseThrow(), ledger.treeHead(3).orElseThrow(), latest)) {
                MerkleProofs.verifyConsistency(head.treeSize(), latest.treeSize(), head.rootHash(), latest.rootHash(),
                        ledger.consistencyProof(head.treeSize(), latest.treeSize()));
            }
            var e = assertThrows(IllegalArgumentException.class, () -> ledger.inclusionProof(n, n + 1));
            assertTrue(e.getMessage().contains("beyond the ledger's signed size " + n), e.getMessage());
        }
    }

    @Test
    void exportedProofVerifiesWithoutTheDatabase(@TempDir Path dir) {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), KEY, clock)) {
            long n = fill(ledger, clock, 12);
            for (long seq : List.of(0L, 7L, n - 1)) {
                String export = ledger.exportProof(seq, java.util.Optional.empty(), KEY.publicKey());
                var result = ProofVerifier.verify(parse(export), java.util.Optional.of(KEY.publicKey()));
                assertTrue(result.valid(), result.message());
                assertTrue(result.message().startsWith("entry " + seq + " ("), result.message());
            }
            String old = ledger.exportProof(2, java.util.Optional.of(3L), KEY.publicKey());
            assertTrue(ProofVerifier.verify(parse(old), java.util.Optional.of(KEY.publicKey())).valid(), "against an older head");
            var e = assertThrows(IllegalArgumentException.class, () -> ledger.exportProof(5, java.util.Optional.of(3L), KEY.publicKey()));
            assertTrue(e.getMessage().contains("not covered by the tree head of size 3"), e.getMessage());
        }
    }

    static dev.warden.ledger.verify.LedgerProof parse(String json) {
        try {
            return dev.warden.ledger.verify.LedgerProof.parse(json);
        } catch (dev.warden.ledger.verify.LedgerProof.MalformedProofException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void badInputIsNamedAndNothingIsWritten(@TempDir Path dir) {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), KEY, clock)) {
            ledger.append("label", "10.0.0.1", json("{}"));
            var e = assertThrows(IllegalArgumentException.class, () -> ledger.appendAll(List.of(
                    new Ledger.NewEntry("finding", "10.0.0.1", json("{}")), new Ledger.NewEntry("finding", "10.0.0.2", json("{\"a\":1,}")))));
            assertTrue(e.getMessage().contains("finding for 10.0.0.2 is not JSON"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ledger.append("Label!", "10.0.0.1", json("{}")));
            assertTrue(e.getMessage().contains("kind 'Label!'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ledger.append("label", "a\nb", json("{}")));
            assertTrue(e.getMessage().contains("subject"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ledger.append("label", "x", json("{\"a\":1,\"a\":2}")));
            assertTrue(e.getMessage().contains("Duplicate field 'a'"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ledger.append("label", "x", new byte[0]));
            assertTrue(e.getMessage().contains("label for x has no body"), e.getMessage());
            assertEquals(1, ledger.size(), "a refused batch leaves no trace");
            assertEquals(1, ledger.headCount());
            assertTrue(ledger.verify(KEY.publicKey()).intact());
        }
    }

    @Test
    void twoWritersOnOneDatabaseInterleave(@TempDir Path dir) {
        // two Warden processes appending to the same home: each notices the other's appends
        var clock = new TestClock("2026-11-25T12:00:00Z");
        Path db = dir.resolve("w.db");
        try (var a = Ledger.sqlite(db, KEY, clock); var b = Ledger.sqlite(db, KEY, clock)) {
            for (int i = 0; i < 20; i++) {
                var r = (i % 3 == 0 ? a : b).append("ack", "writer-" + (i % 3 == 0 ? "a" : "b"), json("{\"i\":" + i + "}"));
                assertEquals(i, r.seq());
            }
            var report = a.verify(KEY.publicKey());
            assertTrue(report.intact(), report.summary());
            assertEquals(20, report.entries());
        }
    }

    @Test
    void concurrentAppendsFromManyThreadsKeepTheLogWhole(@TempDir Path dir) throws Exception {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), KEY, clock)) {
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 10; i++) ledger.append("finding", "10.0.1." + id, json("{\"i\":" + i + "}"));
                }));
            }
            for (var t : threads) t.join();
            var report = ledger.verify(KEY.publicKey());
            assertTrue(report.intact(), report.summary());
            assertEquals(80, report.entries());
            assertEquals(80, report.heads());
        }
    }

    /**
     * Several writers on one database, each with its own connection, as a web server and a watch run recording into
     * the same PostgreSQL are: every append must find the end of the log the others left, not the one it read before
     * they committed (on PostgreSQL two writers once both took seq 27 and the second failed on the key).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("dev.warden.store.TestStores#backends")
    void writersOnSeparateConnectionsTakeTurns(dev.warden.store.TestStores.Backend backend) throws Exception {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var db = backend.fresh()) {
            db.open().close(); // creates the tables
            var ledgers = new ArrayList<Ledger>();
            var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
            try {
                for (int w = 0; w < 4; w++) ledgers.add(Ledger.open(db.url(), KEY, clock));
                var start = new java.util.concurrent.CountDownLatch(1);
                var threads = new ArrayList<Thread>();
                for (int w = 0; w < ledgers.size(); w++) {
                    Ledger ledger = ledgers.get(w);
                    int id = w;
                    threads.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                            for (int i = 0; i < 15; i++) ledger.append("finding", "10.0.2." + id, json("{\"i\":" + i + "}"));
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }));
                }
                start.countDown();
                for (var t : threads) t.join();
            } finally {
                for (var l : ledgers) l.close();
            }
            assertTrue(failures.isEmpty(), () -> "an append failed: " + failures.peek());
            try (var ledger = Ledger.open(db.url(), KEY, clock)) {
                var report = ledger.verify(KEY.publicKey());
                assertTrue(report.intact(), report.summary());
                assertEquals(60, report.entries());
                assertEquals(60, report.heads());
            }
        }
    }

    @Test
    void aClockSteppingBackDoesNotMakeHeadsGoBackInTime(@TempDir Path dir) {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), KEY, clock)) {
            ledger.append("ack", "x", json("{}"));
            long t0 = ledger.treeHead().orElseThrow().timestamp();
            clock.set("2026-11-25T11:00:00Z");
            ledger.append("ack", "x", json("{}"));
            assertEquals(t0, ledger.treeHead().orElseThrow().timestamp());
            assertTrue(ledger.verify(KEY.publicKey()).intact());
        }
    }

    @Test
    void listFiltersByKindAndSubject(@TempDir Path dir) {
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(dir.resolve("w.db"), KEY, clock)) {
            fill(ledger, clock, 10);
            var labels = ledger.list("label", null, -1, 1000);
            assertFalse(labels.isEmpty());
            assertTrue(labels.stream().allMatch(e -> e.kind().equals("label")));
            var one = ledger.list(null, "10.0.0.3", -1, 1000);
            assertTrue(one.stream().allMatch(e -> e.subject().equals("10.0.0.3")));
            assertEquals(List.of(3L, 16L, 29L), one.stream().map(Entry::seq).toList());
            assertEquals(List.of(16L, 29L), ledger.list(null, "10.0.0.3", 3, 1000).stream().map(Entry::seq).toList());
        }
    }

    @Test
    void anEmptyLedgerVerifiesAndSaysSo(@TempDir Path dir) {
        try (var ledger = Ledger.readOnly(Ledger.sqliteUrl(dir.resolve("w.db")))) {
            var r = ledger.verify(KEY.publicKey());
            assertTrue(r.intact());
            assertEquals("intact: the ledger is empty", r.summary());
        }
    }
}
