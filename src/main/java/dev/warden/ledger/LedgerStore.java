package dev.warden.ledger;

import dev.warden.ledger.verify.Hex;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's tables over plain JDBC (V2__ledger.sql). Not thread-safe: {@link Ledger} serialises every call. Statements
 * used on every append or proof are prepared once.
 */
final class LedgerStore implements NodeSource, AutoCloseable {
    private static final String ENTRY_COLUMNS = "seq, kind, subject, recorded_at, entry, leaf_hash";
    private static final String HEAD_COLUMNS = "head_seq, tree_size, signed_at, root_hash, key_id, signature";
    private final Connection db;
    private final PreparedStatement insertEntry;
    private final PreparedStatement insertNode;
    private final PreparedStatement leafHash;
    private final PreparedStatement nodeHash;
    /**
     * PostgreSQL only: takes this schema's ledger lock for the rest of the transaction. SQLite serialises appends with
     * IMMEDIATE transactions; PostgreSQL's default READ COMMITTED lets two writers (two processes, or the web server and
     * a watch run) read the same end of the log and both insert the next seq, and the second then fails on the key.
     */
    private final PreparedStatement appendLock;
    private int pendingEntries;
    private int pendingNodes;

    LedgerStore(Connection db) {
        this.db = db;
        try {
            insertEntry = db.prepareStatement("INSERT INTO ledger_entry(" + ENTRY_COLUMNS + ") VALUES (?,?,?,?,?,?)");
            insertNode = db.prepareStatement("INSERT INTO ledger_node(height, idx, hash) VALUES (?,?,?)");
            leafHash = db.prepareStatement("SELECT leaf_hash FROM ledger_entry WHERE seq = ?");
            nodeHash = db.prepareStatement("SELECT hash FROM ledger_node WHERE height = ? AND idx = ?");
            appendLock = "PostgreSQL".equals(db.getMetaData().getDatabaseProductName())
                    ? db.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('warden.ledger.' || current_schema()))") : null;
        } catch (SQLException e) {
            throw failed("prepare the ledger statements", e);
        }
    }

    // --- transactions -------------------------------------------------------------------------------------------

    /** Starts an append: a transaction in which no other writer can append until it ends (see {@link #appendLock}). */
    void begin() {
        try {
            db.setAutoCommit(false);
            if (appendLock != null) {
                try (ResultSet ignored = appendLock.executeQuery()) {
                    // held until commit or rollback
                }
            }
        } catch (SQLException e) {
            endTransaction();
            throw failed("start a ledger transaction", e);
        }
    }

    void commit() {
        try {
            flush();
            db.commit();
        } catch (SQLException e) {
            throw failed("commit to the ledger", e);
        } finally {
            endTransaction();
        }
    }

    void rollback() {
        try {
            insertEntry.clearBatch();
            insertNode.clearBatch();
            pendingEntries = 0;
            pendingNodes = 0;
            db.rollback();
        } catch (SQLException ignored) {
            // the failure that led here is the one to report
        } finally {
            endTransaction();
        }
    }

    private void endTransaction() {
        try {
            // back to autocommit so that no transaction (and with SQLite's IMMEDIATE mode, no write lock) stays open
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next call reports it
        }
    }

    // --- appends --------------------------------------------------------------------------------------------------

    void addEntry(Entry e) {
        try {
            insertEntry.setLong(1, e.seq());
            insertEntry.setString(2, e.kind());
            insertEntry.setString(3, e.subject());
            insertEntry.setString(4, e.recordedAt().toString());
            insertEntry.setString(5, e.text());
            insertEntry.setString(6, Hex.of(e.leafHash()));
            insertEntry.addBatch();
            if (++pendingEntries >= 500) flush();
        } catch (SQLException ex) {
            throw failed("append entry " + e.seq(), ex);
        }
    }

    void addNode(int level, long index, byte[] hash) {
        try {
            insertNode.setInt(1, level);
            insertNode.setLong(2, index);
            insertNode.setString(3, Hex.of(hash));
            insertNode.addBatch();
            if (++pendingNodes >= 500) flush();
        } catch (SQLException ex) {
            throw failed("store tree node (" + level + ", " + index + ")", ex);
        }
    }

    void addHead(TreeHead h) {
        flush();
        update("INSERT INTO ledger_tree_head(" + HEAD_COLUMNS + ") VALUES (?,?,?,?,?,?)", h.headSeq(), h.treeSize(), h.timestamp(),
                Hex.of(h.rootHash()), h.keyId(), Base64.getEncoder().encodeToString(h.signature()));
    }

    private void flush() {
        try {
            if (pendingEntries > 0) insertEntry.executeBatch();
            if (pendingNodes > 0) insertNode.executeBatch();
            pendingEntries = 0;
            pendingNodes = 0;
        } catch (SQLException e) {
            throw failed("write ledger entries", e);
        }
    }

    // --- reads ----------------------------------------------------------------------------------------------------

    /** One past the highest stored seq: the entry count when nothing is missing. */
    long nextSeq() {
        return queryLong("SELECT MAX(seq) FROM ledger_entry", -1) + 1;
    }

    Optional<TreeHead> latestHead() {
        var heads = heads("SELECT " + HEAD_COLUMNS + " FROM ledger_tree_head WHERE head_seq = (SELECT MAX(head_seq) FROM ledger_tree_head)");
        return heads.stream().findFirst();
    }

    Optional<TreeHead> headOfSize(long treeSize) {
        return heads("SELECT " + HEAD_COLUMNS + " FROM ledger_tree_head WHERE tree_size = ?", treeSize).stream().findFirst();
    }

    long headCount() {
        return queryLong("SELECT COUNT(*) FROM ledger_tree_head", 0);
    }

    Optional<Entry> entry(long seq) {
        return entries("SELECT " + ENTRY_COLUMNS + " FROM ledger_entry WHERE seq = ?", seq).stream().findFirst();
    }

    List<Entry> list(String kind, String subject, long afterSeq, int limit) {
        var sql = new StringBuilder("SELECT " + ENTRY_COLUMNS + " FROM ledger_entry WHERE seq > ?");
        var args = new ArrayList<Object>(List.of(afterSeq));
        if (kind != null) {
            sql.append(" AND kind = ?");
            args.add(kind);
        }
        if (subject != null) {
            sql.append(" AND subject = ?");
            args.add(subject);
        }
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(limit);
        return entries(sql.toString(), args.toArray());
    }

    @Override
    public byte[] hash(int level, long index) {
        PreparedStatement ps = level == 0 ? leafHash : nodeHash;
        try {
            if (level == 0) {
                ps.setLong(1, index);
            } else {
                ps.setInt(1, level);
                ps.setLong(2, index);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new LedgerException((level == 0 ? "entry " + index : "tree node (" + level + ", " + index + ")")
                            + " is missing from the ledger; run 'warden ledger verify'");
                }
                return Hex.hash(rs.getString(1), level == 0 ? "leaf hash of entry " + index : "tree node (" + level + ", " + index + ")");
            }
        } catch (SQLException e) {
            throw failed("read tree node (" + level + ", " + index + ")", e);
        } catch (IllegalArgumentException e) {
            throw new LedgerException("the ledger is damaged: " + e.getMessage() + "; run 'warden ledger verify'");
        }
    }

    // --- streams for verify ---------------------------------------------------------------------------------------

    /** Rows in key order, read one at a time so that verifying a million entries holds a handful in memory. */
    final class Rows<T> implements AutoCloseable {
        private final PreparedStatement ps;
        private final ResultSet rs;
        private final RowMapper<T> mapper;
        private T next;

        private Rows(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            this.ps = db.prepareStatement(sql);
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            this.rs = ps.executeQuery();
            this.mapper = mapper;
            advance();
        }

        private void advance() throws SQLException {
            next = rs.next() ? mapper.map(rs) : null;
        }

        /** The next row without consuming it, or null at the end. */
        T peek() {
            return next;
        }

        T take() {
            T t = next;
            try {
                advance();
            } catch (SQLException e) {
                throw failed("read the ledger", e);
            }
            return t;
        }

        @Override
        public void close() {
            try {
                rs.close();
                ps.close();
            } catch (SQLException ignored) {
                // read-only cursor: nothing to lose
            }
        }
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A stored row as read, before any check: text columns stay text so that verify can say what is wrong with them. */
    record RawEntry(long seq, String kind, String subject, String recordedAt, String entry, String leafHash) {}

    record RawHead(long headSeq, long treeSize, long timestamp, String rootHash, String keyId, String signature) {}

    record RawNode(long index, String hash) {}

    Rows<RawEntry> entriesBelow(long size) {
        return rows("SELECT " + ENTRY_COLUMNS + " FROM ledger_entry WHERE seq < ? ORDER BY seq", rs -> new RawEntry(rs.getLong(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)), size);
    }

    Rows<RawHead> headsUpTo(long headSeq) {
        return rows("SELECT " + HEAD_COLUMNS + " FROM ledger_tree_head WHERE head_seq <= ? ORDER BY head_seq", rs -> new RawHead(
                rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6)), headSeq);
    }

    Rows<RawNode> nodes(int level) {
        return rows("SELECT idx, hash FROM ledger_node WHERE height = ? ORDER BY idx", rs -> new RawNode(rs.getLong(1), rs.getString(2)), level);
    }

    /** [highest head number or -1, largest tree size or 0], read in one statement so that both come from the same snapshot. */
    long[] bounds() {
        try (PreparedStatement ps = db.prepareStatement("SELECT MAX(head_seq), MAX(tree_size) FROM ledger_tree_head");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long headSeq = rs.getLong(1);
            if (rs.wasNull()) headSeq = -1;
            return new long[]{headSeq, rs.getLong(2)};
        } catch (SQLException e) {
            throw failed("read the tree heads", e);
        }
    }

    /** The lowest stored seq at or above {@code seq}, or {@code seq} when there is none. */
    long firstSeqFrom(long seq) {
        return queryLong("SELECT MIN(seq) FROM ledger_entry WHERE seq >= " + seq, seq);
    }

    /** Highest seq and largest tree size, read in one statement so that both come from the same snapshot. */
    long[] tail() {
        try (PreparedStatement ps = db.prepareStatement("SELECT (SELECT MAX(seq) FROM ledger_entry), (SELECT MAX(tree_size) FROM ledger_tree_head)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long maxSeq = rs.getLong(1);
            if (rs.wasNull()) maxSeq = -1;
            long maxSize = rs.getLong(2);
            return new long[]{maxSeq, maxSize};
        } catch (SQLException e) {
            throw failed("read the end of the ledger", e);
        }
    }

    private <T> Rows<T> rows(String sql, RowMapper<T> mapper, Object... args) {
        try {
            return new Rows<>(sql, mapper, args);
        } catch (SQLException e) {
            throw failed("read the ledger", e);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private List<Entry> entries(String sql, Object... args) {
        var out = new ArrayList<Entry>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    try {
                        out.add(new Entry(seq, rs.getString(2), rs.getString(3), Instant.parse(rs.getString(4)),
                                rs.getString(5).getBytes(StandardCharsets.UTF_8), Hex.hash(rs.getString(6), "leaf hash")));
                    } catch (RuntimeException e) {
                        throw new LedgerException("entry " + seq + " is damaged (" + e.getMessage() + "); run 'warden ledger verify'");
                    }
                }
            }
        } catch (SQLException e) {
            throw failed("read ledger entries", e);
        }
        return out;
    }

    private List<TreeHead> heads(String sql, Object... args) {
        var out = new ArrayList<TreeHead>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long headSeq = rs.getLong(1);
                    try {
                        out.add(new TreeHead(headSeq, rs.getLong(2), rs.getLong(3), Hex.hash(rs.getString(4), "root hash"), rs.getString(5),
                                Base64.getDecoder().decode(rs.getString(6))));
                    } catch (RuntimeException e) {
                        throw new LedgerException("tree head " + headSeq + " is damaged (" + e.getMessage() + "); run 'warden ledger verify'");
                    }
                }
            }
        } catch (SQLException e) {
            throw failed("read tree heads", e);
        }
        return out;
    }

    private long queryLong(String sql, long ifNull) {
        try (PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long v = rs.getLong(1);
            return rs.wasNull() ? ifNull : v;
        } catch (SQLException e) {
            throw failed("read the ledger", e);
        }
    }

    private void update(String sql, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("write the ledger", e);
        }
    }

    private static LedgerException failed(String what, SQLException e) {
        return new LedgerException("cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing at exit: every append was committed before it returned
        }
    }
}
