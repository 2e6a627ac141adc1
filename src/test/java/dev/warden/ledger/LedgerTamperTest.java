package dev.warden.ledger;

import dev.warden.label.SigningKey;
import dev.warden.ledger.verify.MerkleHash;
import dev.warden.ledger.verify.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tampering with a real SQLite ledger behind Warden's back: every kind of change must make verify fail and name the
 * first bad entry (or tree head). The ledger: 43 entries in 12 batches of 1, 2, ... 7, 1, ... 5 entries, so tree heads
 * 0..11 have sizes 1, 3, 6, 10, 15, 21, 28, 29, 31, 34, 38, 43.
 */
class LedgerTamperTest {
    @TempDir
    static Path shared;
    static Path template;
    static Path otherLedger;
    static final SigningKey KEY = LedgerTest.KEY;

    @BeforeAll
    static void buildLedgers() {
        template = shared.resolve("template.db");
        var clock = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(template, KEY, clock)) {
            assertEquals(43, LedgerTest.fill(ledger, clock, 12));
        }
        // the same key, the same batch sizes, different entries: a second log whose heads are genuine but foreign
        otherLedger = shared.resolve("other.db");
        var clock2 = new TestClock("2026-11-25T12:00:00Z");
        try (var ledger = Ledger.sqlite(otherLedger, KEY, clock2)) {
            ledger.append("ack", "elsewhere", LedgerTest.json("{\"x\":1}"));
            for (int b = 1; b < 12; b++) {
                var batch = new java.util.ArrayList<Ledger.NewEntry>();
                for (int i = 0; i <= b % 7; i++) batch.add(new Ledger.NewEntry("ack", "elsewhere", LedgerTest.json("{\"b\":" + b + ",\"i\":" + i + "}")));
                clock2.advance(java.time.Duration.ofSeconds(1));
                ledger.appendAll(batch);
            }
        }
    }

    static Path copy(Path dir) throws Exception {
        Path db = Files.createDirectories(dir).resolve("w.db");
        Files.copy(template, db);
        return db;
    }

    static Connection connect(Path db) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        try (var st = c.createStatement()) {
            st.execute("PRAGMA synchronous=OFF"); // the tamperer needs no durability, and hundreds of edits go faster
        }
        return c;
    }

    static void sql(Path db, String sql, Object... args) throws SQLException {
        try (var c = connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            assertTrue(ps.executeUpdate() > 0, "the tampering changed nothing: " + sql);
        }
    }

    static String text(Path db, String sql, Object... args) throws SQLException {
        try (var c = connect(db); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no row for " + sql);
                return rs.getString(1);
            }
        }
    }

    static VerifyReport verify(Path db) {
        try (var ledger = Ledger.readOnly(Ledger.sqliteUrl(db))) {
            return ledger.verify(KEY.publicKey());
        }
    }

    static VerifyReport.Problem broken(Path db) {
        var r = verify(db);
        assertFalse(r.intact(), "verify should have failed");
        assertFalse(r.summary().contains("\tat "), r.summary());
        return r.problem().orElseThrow();
    }

    static void assertNames(VerifyReport.Problem p, long entry, String... phrases) {
        assertEquals(entry, p.entry(), p.message());
        for (String s : phrases) assertTrue(p.message().contains(s), "expected '" + s + "' in: " + p.message());
    }

    @Test
    void untouchedLedgerIsIntact(@TempDir Path dir) throws Exception {
        var r = verify(copy(dir));
        assertTrue(r.intact(), r.summary());
        assertEquals(43, r.entries());
        assertEquals(12, r.heads());
        assertTrue(r.summary().startsWith("intact: 43 entries under 12 signed tree heads"), r.summary());
    }

    @Test
    void changingAnyByteOfAStoredEntryNamesIt(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        try (var ledger = Ledger.readOnly(Ledger.sqliteUrl(db)); var c = connect(db)) {
            var random = new Random(17);
            int trials = 0;
            for (long seq : new long[]{0, 17, 42, random.nextInt(43)}) {
                String original = text(db, "SELECT entry FROM ledger_entry WHERE seq = ?", seq);
                byte[] bytes = original.getBytes(StandardCharsets.UTF_8);
                // every byte of entry 17, a sample of the others
                for (int at = 0; at < bytes.length; at += seq == 17 ? 1 : 1 + random.nextInt(9)) {
                    byte[] changed = bytes.clone();
                    changed[at] ^= 0x01; // ASCII stays ASCII: exactly one byte differs
                    set(c, "UPDATE ledger_entry SET entry = ? WHERE seq = ?", new String(changed, StandardCharsets.UTF_8), seq);
                    var r = ledger.verify(KEY.publicKey());
                    assertFalse(r.intact(), "byte " + at + " of entry " + seq);
                    assertNames(r.problem().orElseThrow(), seq, "entry " + seq + ": leaf hash mismatch");
                    set(c, "UPDATE ledger_entry SET entry = ? WHERE seq = ?", original, seq);
                    trials++;
                }
            }
            assertTrue(trials > 150, "tried " + trials);
            assertTrue(ledger.verify(KEY.publicKey()).intact(), "restored");
        }
    }

    private static void set(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void changingTheIndexColumnsNamesTheEntry(@TempDir Path dir) throws Exception {
        for (String column : new String[]{"kind", "subject", "recorded_at"}) {
            Path db = copy(dir.resolve(column));
            sql(db, "UPDATE ledger_entry SET " + column + " = 'incident' WHERE seq = 23");
            assertNames(broken(db), 23, "entry 23: column " + column + " is 'incident' but the entry's hashed bytes say");
        }
    }

    @Test
    void changingAStoredLeafHashNamesTheEntry(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        sql(db, "UPDATE ledger_entry SET leaf_hash = ? WHERE seq = 30", Hex.of(MerkleHash.leaf(new byte[]{1})));
        assertNames(broken(db), 30, "entry 30: leaf hash mismatch");
    }

    @Test
    void rewritingAnEntryWithItsLeafHashIsCaughtByTheSignedRootOfItsBatch(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        String forged = text(db, "SELECT entry FROM ledger_entry WHERE seq = 17").replace("\"entry 17\"", "\"nothing to see\"");
        sql(db, "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE seq = 17", forged, Hex.of(MerkleHash.leaf(forged.getBytes(StandardCharsets.UTF_8))));
        // entry 17 lies in the batch 15..20 signed by tree head 5: nothing signed narrows it further
        var p = broken(db);
        assertNames(p, 15, "tree head 5 (size 21): root mismatch", "an entry in seq 15..20 was rewritten");
        assertEquals(5, p.head());
    }

    @Test
    void deletingAnEntryNamesIt(@TempDir Path dir) throws Exception {
        Path db = copy(dir.resolve("middle"));
        sql(db, "DELETE FROM ledger_entry WHERE seq = 17");
        assertNames(broken(db), 17, "entry 17 is missing: the stored entries jump from 16 to 18");

        db = copy(dir.resolve("first"));
        sql(db, "DELETE FROM ledger_entry WHERE seq = 0");
        assertNames(broken(db), 0, "entry 0 is missing: the stored entries start at 1");

        db = copy(dir.resolve("last"));
        sql(db, "DELETE FROM ledger_entry WHERE seq = 42");
        assertNames(broken(db), 42, "tree head 11 covers 43 entries but the ledger ends at entry 41: entries 42..42 are missing");

        db = copy(dir.resolve("renumbered"));
        sql(db, "DELETE FROM ledger_entry WHERE seq = 17");
        sql(db, "UPDATE ledger_entry SET seq = seq + 1000 WHERE seq > 17");
        sql(db, "UPDATE ledger_entry SET seq = seq - 1001 WHERE seq > 1000");
        assertNames(broken(db), 17, "entry 17: out of order", "entry 17 deleted and the rest renumbered");
    }

    @Test
    void insertingAnEntryNamesIt(@TempDir Path dir) throws Exception {
        // at the end, hashed correctly, but no signed head covers it
        Path db = copy(dir.resolve("end"));
        String forged = text(db, "SELECT entry FROM ledger_entry WHERE seq = 42").replace("\"seq\":42", "\"seq\":43");
        sql(db, "INSERT INTO ledger_entry(seq, kind, subject, recorded_at, entry, leaf_hash) SELECT 43, kind, subject, recorded_at, ?, ? "
                + "FROM ledger_entry WHERE seq = 42", forged, Hex.of(MerkleHash.leaf(forged.getBytes(StandardCharsets.UTF_8))));
        assertNames(broken(db), 43, "entry 43 is not covered by any signed tree head");

        // in the middle, with everything after it renumbered to make room
        db = copy(dir.resolve("middle"));
        String original = text(db, "SELECT entry FROM ledger_entry WHERE seq = 17");
        String intruder = original.replace("\"entry 17\"", "\"planted\"");
        sql(db, "UPDATE ledger_entry SET seq = seq + 1000 WHERE seq >= 17");
        sql(db, "UPDATE ledger_entry SET seq = seq - 999 WHERE seq >= 1000");
        sql(db, "INSERT INTO ledger_entry(seq, kind, subject, recorded_at, entry, leaf_hash) SELECT 17, kind, subject, recorded_at, ?, ? "
                + "FROM ledger_entry WHERE seq = 18", intruder, Hex.of(MerkleHash.leaf(intruder.getBytes(StandardCharsets.UTF_8))));
        assertNames(broken(db), 17, "entry 17 was inserted");
    }

    @Test
    void reorderingEntriesNamesTheFirstOneOutOfPlace(@TempDir Path dir) throws Exception {
        Path db = copy(dir.resolve("swap"));
        swapEntries(db, 5, 9);
        assertNames(broken(db), 5, "entry 5: out of order: the bytes stored at seq 5 are those of entry 9");

        db = copy(dir.resolve("adjacent"));
        swapEntries(db, 30, 31);
        assertNames(broken(db), 30, "entry 30: out of order", "those of entry 31");
    }

    private static void swapEntries(Path db, long a, long b) throws SQLException {
        sql(db, "UPDATE ledger_entry SET seq = -1 WHERE seq = ?", a);
        sql(db, "UPDATE ledger_entry SET seq = ? WHERE seq = ?", a, b);
        sql(db, "UPDATE ledger_entry SET seq = ? WHERE seq = -1", b);
    }

    @Test
    void alteringATreeHeadNamesIt(@TempDir Path dir) throws Exception {
        Path db = copy(dir.resolve("signature"));
        byte[] sig = Base64.getDecoder().decode(text(db, "SELECT signature FROM ledger_tree_head WHERE head_seq = 4"));
        sig[10] ^= 0x40;
        sql(db, "UPDATE ledger_tree_head SET signature = ? WHERE head_seq = 4", Base64.getEncoder().encodeToString(sig));
        var p = broken(db);
        assertNames(p, -1, "tree head 4 (size 15): bad signature");
        assertEquals(4, p.head());

        db = copy(dir.resolve("root"));
        sql(db, "UPDATE ledger_tree_head SET root_hash = ? WHERE head_seq = 7", Hex.of(MerkleHash.empty()));
        assertNames(broken(db), -1, "tree head 7 (size 29): bad signature");

        db = copy(dir.resolve("time"));
        sql(db, "UPDATE ledger_tree_head SET signed_at = signed_at + 1 WHERE head_seq = 7");
        assertNames(broken(db), -1, "tree head 7 (size 29): bad signature");
    }

    @Test
    void swappingTreeHeadsIsCaught(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        sql(db, "UPDATE ledger_tree_head SET head_seq = -1 WHERE head_seq = 4");
        sql(db, "UPDATE ledger_tree_head SET head_seq = 4 WHERE head_seq = 5");
        sql(db, "UPDATE ledger_tree_head SET head_seq = 5 WHERE head_seq = -1");
        var p = broken(db);
        assertNames(p, -1, "tree head 5 (size 15) does not grow the log: tree head 4 already had size 21");
        assertEquals(5, p.head());
    }

    @Test
    void aGenuineHeadFromAnotherLogIsARootMismatch(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        String[] foreign = new String[3];
        foreign[0] = text(otherLedger, "SELECT root_hash FROM ledger_tree_head WHERE head_seq = 5");
        foreign[1] = text(otherLedger, "SELECT signature FROM ledger_tree_head WHERE head_seq = 5");
        foreign[2] = text(otherLedger, "SELECT signed_at FROM ledger_tree_head WHERE head_seq = 5");
        sql(db, "UPDATE ledger_tree_head SET root_hash = ?, signature = ?, signed_at = ? WHERE head_seq = 5", foreign[0], foreign[1], Long.parseLong(foreign[2]));
        var p = broken(db);
        assertNames(p, 15, "tree head 5 (size 21): root mismatch");
        assertEquals(5, p.head());
    }

    @Test
    void aHeadSignedByAnotherKeyIsNamed(@TempDir Path dir) throws Exception {
        var intruder = SigningKey.generate();
        Path db = copy(dir.resolve("own-id"));
        long size = 21;
        long at = Long.parseLong(text(db, "SELECT signed_at FROM ledger_tree_head WHERE head_seq = 5"));
        byte[] root = Hex.hash(text(db, "SELECT root_hash FROM ledger_tree_head WHERE head_seq = 5"), "root");
        String forgedSig = Base64.getEncoder().encodeToString(intruder.sign(dev.warden.ledger.verify.TreeHeadBytes.of(size, at, root)));
        sql(db, "UPDATE ledger_tree_head SET key_id = ?, signature = ? WHERE head_seq = 5", intruder.keyId(), forgedSig);
        assertNames(broken(db), -1, "tree head 5 (size 21) names key " + intruder.keyId() + ", not the verifying key " + KEY.keyId());

        db = copy(dir.resolve("our-id"));
        sql(db, "UPDATE ledger_tree_head SET signature = ? WHERE head_seq = 5", forgedSig);
        assertNames(broken(db), -1, "tree head 5 (size 21): bad signature");
    }

    @Test
    void deletingATreeHeadIsCaught(@TempDir Path dir) throws Exception {
        Path db = copy(dir.resolve("middle"));
        sql(db, "DELETE FROM ledger_tree_head WHERE head_seq = 5");
        assertNames(broken(db), -1, "tree head 5 is missing: the stored heads jump from 4 to 6");

        db = copy(dir.resolve("last"));
        sql(db, "DELETE FROM ledger_tree_head WHERE head_seq = 11");
        assertNames(broken(db), 38, "entry 38 is not covered by any signed tree head");
    }

    @Test
    void aStoredTreeNodeThatDisagreesIsNamed(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        sql(db, "UPDATE ledger_node SET hash = ? WHERE height = 2 AND idx = 3", Hex.of(MerkleHash.empty()));
        assertNames(broken(db), -1, "stored tree node (2, 3) over entries 12..15 does not match them", "the node itself was altered");

        Path gone = copy(dir.resolve("gone"));
        sql(gone, "DELETE FROM ledger_node WHERE height = 1 AND idx = 20");
        assertNames(broken(gone), -1, "tree node (1, 20) over entries 40..41 is missing");
    }

    @Test
    void appendsAreRefusedOnALedgerThatNoLongerMatchesItsHeads(@TempDir Path dir) throws Exception {
        Path db = copy(dir);
        sql(db, "DELETE FROM ledger_tree_head WHERE head_seq = 11");
        try (var ledger = Ledger.sqlite(db, KEY, new TestClock("2026-11-26T00:00:00Z"))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> ledger.append("ack", "x", LedgerTest.json("{}")));
            assertTrue(e.getMessage().contains("refusing to append until 'warden ledger verify' is clean"), e.getMessage());
        }
        Path nodes = copy(dir.resolve("nodes"));
        sql(nodes, "UPDATE ledger_node SET hash = ? WHERE height = 5 AND idx = 0", Hex.of(MerkleHash.empty()));
        try (var ledger = Ledger.sqlite(nodes, KEY, new TestClock("2026-11-26T00:00:00Z"))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(LedgerException.class, () -> ledger.append("ack", "x", LedgerTest.json("{}")));
            assertTrue(e.getMessage().contains("the stored tree does not match tree head 11"), e.getMessage());
        }
    }
}
