package dev.warden.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.assess.Assessment;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.probe.Service;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JDBC store. One connection, serialised: an audit writes one small transaction per device, which SQLite in WAL mode
 * absorbs easily, and nothing acknowledged is lost if the process dies (each device commits before the next is shown).
 */
public final class SqlStore implements Store {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Connection db;

    private SqlStore(Connection db) {
        this.db = db;
    }

    public static SqlStore open(String jdbcUrl) {
        return new SqlStore(connect(jdbcUrl, new Properties()));
    }

    /**
     * A migrated, configured connection of its own, for components that keep their tables in the same database (the
     * ledger). Properties go to the driver (e.g. sqlite-jdbc's transaction_mode).
     */
    public static Connection connect(String jdbcUrl, Properties properties) {
        if (!migrated(jdbcUrl, properties)) {
            try {
                Flyway.configure().dataSource(jdbcUrl, null, null).locations("classpath:db/migration")
                        .loggers("slf4j").load().migrate();
            } catch (FlywayException e) {
                throw new StoreException("cannot migrate the database at " + jdbcUrl + ": " + e.getMessage(), e);
            }
        }
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, properties);
            if (jdbcUrl.startsWith("jdbc:sqlite:")) {
                try (var st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=FULL");
                    st.execute("PRAGMA foreign_keys=ON");
                    st.execute("PRAGMA busy_timeout=10000");
                }
            }
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot open the database at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The migrations in {@code db/migration}, by version: SqlStoreTest keeps this list equal to the files there. */
    static final List<Integer> MIGRATIONS = List.of(1, 2, 4, 5, 6);

    /**
     * Whether the database already holds every migration, each applied successfully: then Flyway, whose start costs
     * about 0.3 s of every command that opens the store, is not started. Anything else (a new database, a migration
     * missing, failed or unknown to this version) goes through Flyway, which migrates or says what is wrong.
     */
    private static boolean migrated(String jdbcUrl, Properties properties) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, properties);
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            var applied = new java.util.TreeSet<Integer>();
            while (rs.next()) {
                if (!rs.getBoolean(2)) return false;
                applied.add(Integer.parseInt(rs.getString(1).strip()));
            }
            return applied.equals(new java.util.TreeSet<>(MIGRATIONS));
        } catch (SQLException | RuntimeException e) {
            return false; // no history table yet, or one this check cannot read: Flyway decides
        }
    }

    public static SqlStore sqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create the directory for " + file + ": " + e.getMessage(), e);
        }
        return open("jdbc:sqlite:" + file.toAbsolutePath());
    }

    @Override
    public synchronized void beginAudit(String auditId, Instant started, String scope, int targets) {
        update("INSERT INTO audit(id, started_at, scope, targets) VALUES (?,?,?,?)", auditId, started.toString(), scope, targets);
    }

    @Override
    public synchronized void recordDevice(String auditId, Instant seen, Assessment a, String label) {
        DeviceEvidence d = a.device();
        String key = Store.deviceKey(d.ip(), d.mac());
        transaction("cannot record device " + d.ip(), () -> {
            int updated = update("UPDATE device SET ip=?, mac=?, mac_vendor=?, manufacturer=?, model=?, firmware=?, cpe=?, device_type=?, "
                            + "grade=?, last_seen=?, last_audit=? WHERE device_key=?", d.ip(), d.mac(), d.macVendor(), d.identity().manufacturer(),
                    d.identity().model(), d.identity().firmware(), d.identity().cpe(), d.identity().type(), a.grade(), seen.toString(), auditId, key);
            if (updated == 0) {
                update("INSERT INTO device(device_key, ip, mac, mac_vendor, manufacturer, model, firmware, cpe, device_type, grade, "
                                + "first_seen, last_seen, last_audit) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", key, d.ip(), d.mac(), d.macVendor(),
                        d.identity().manufacturer(), d.identity().model(), d.identity().firmware(), d.identity().cpe(), d.identity().type(),
                        a.grade(), seen.toString(), seen.toString(), auditId);
            }
            for (Service s : d.services()) {
                update("INSERT INTO service(audit_id, device_key, port, transport, protocol, tls, banner, facts) VALUES (?,?,?,?,?,?,?,?)",
                        auditId, key, s.port(), s.transport().name().toLowerCase(), s.protocol(), s.tls(), s.banner(), json(s.facts()));
            }
            int seq = 0;
            for (Finding f : a.findings()) {
                update("INSERT INTO finding(audit_id, device_key, seq, check_id, severity, port, protocol, summary, evidence, provisions, "
                                + "remediation, username, secret) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", auditId, key, seq++, f.checkId(),
                        f.severity().label(), f.port(), f.protocol(), f.summary(), f.evidence(), json(f.provisions()), f.remediation(), f.user(), f.secret());
            }
            update("INSERT INTO label(audit_id, device_key, grade, issued_at, document) VALUES (?,?,?,?,?)", auditId, key, a.grade(), seen.toString(), label);
        });
    }

    @Override
    public synchronized void finishAudit(String auditId, Instant finished, Duration elapsed, int devices) {
        update("UPDATE audit SET finished_at=?, elapsed_ms=?, devices=? WHERE id=?", finished.toString(), elapsed.toMillis(), devices, auditId);
    }

    @Override
    public synchronized List<DeviceRow> devices() {
        var out = new ArrayList<DeviceRow>();
        try (PreparedStatement ps = db.prepareStatement("SELECT d.device_key, d.ip, d.mac, d.mac_vendor, d.manufacturer, d.model, d.firmware, "
                + "d.grade, d.last_seen, d.last_audit, (SELECT COUNT(*) FROM finding f WHERE f.device_key = d.device_key AND f.audit_id = d.last_audit) "
                + "FROM device d ORDER BY d.ip");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DeviceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list devices: " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(r -> new java.math.BigInteger(1, java.net.InetAddress.ofLiteral(r.ip()).getAddress())));
        return out;
    }

    @Override
    public synchronized Optional<String> latestLabel(String device) {
        var h = labelHistory(device);
        return h.isEmpty() ? Optional.empty() : Optional.of(h.getLast().document());
    }

    @Override
    public synchronized List<LabelRow> labelHistory(String device) {
        var out = new ArrayList<LabelRow>();
        try (PreparedStatement ps = db.prepareStatement("SELECT l.audit_id, l.grade, l.issued_at, l.document FROM label l JOIN device d "
                + "ON d.device_key = l.device_key WHERE d.device_key = ? OR d.ip = ? ORDER BY l.issued_at, l.audit_id")) {
            ps.setString(1, device);
            ps.setString(2, device);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new LabelRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read labels of " + device + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<FindingRow> findings(String device, String auditId) {
        var out = new ArrayList<FindingRow>();
        String sql = "SELECT f.audit_id, f.device_key, f.check_id, f.severity, f.port, f.protocol, f.summary, f.evidence, f.provisions, "
                + "f.remediation, f.username, f.secret, a.started_at FROM finding f JOIN device d ON d.device_key = f.device_key "
                + "JOIN audit a ON a.id = f.audit_id WHERE (d.device_key = ? OR d.ip = ?) AND f.audit_id = "
                + (auditId == null ? "d.last_audit" : "?") + " ORDER BY f.seq";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, device);
            ps.setString(2, device);
            if (auditId != null) ps.setString(3, auditId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> provisions = List.of(JSON.readValue(rs.getString(9), String[].class));
                    out.add(new FindingRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), provisions, rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read findings of " + device + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<AuditRow> audits() {
        var out = new ArrayList<AuditRow>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, started_at, finished_at, elapsed_ms, scope, targets, devices FROM audit "
                + "ORDER BY started_at DESC, id DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long elapsed = rs.getLong(4);
                Long elapsedMs = rs.wasNull() ? null : elapsed;
                int devices = rs.getInt(7);
                Integer deviceCount = rs.wasNull() ? null : devices;
                out.add(new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3), elapsedMs, rs.getString(5), rs.getInt(6), deviceCount));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list audits: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized List<ServiceRow> services(String device, String auditId) {
        var out = new ArrayList<ServiceRow>();
        String sql = "SELECT s.audit_id, s.device_key, s.port, s.transport, s.protocol, s.tls, s.banner, s.facts FROM service s "
                + "JOIN device d ON d.device_key = s.device_key WHERE (d.device_key = ? OR d.ip = ?) AND s.audit_id = "
                + (auditId == null ? "d.last_audit" : "?") + " ORDER BY s.port, s.transport";
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setString(1, device);
            ps.setString(2, device);
            if (auditId != null) ps.setString(3, auditId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> facts = JSON.readValue(rs.getString(8), java.util.TreeMap.class);
                    out.add(new ServiceRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getBoolean(6),
                            rs.getString(7), facts));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read services of " + device + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized Map<String, Set<String>> failedProvisions() {
        var out = new HashMap<String, Set<String>>();
        try (PreparedStatement ps = db.prepareStatement("SELECT f.device_key, f.provisions FROM finding f JOIN device d "
                + "ON d.device_key = f.device_key AND f.audit_id = d.last_audit");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                var set = out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>());
                set.addAll(List.of(JSON.readValue(rs.getString(2), String[].class)));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StoreException("cannot read failed provisions: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void addToken(TokenRow t) {
        update("INSERT INTO api_token(id, name, role, token_hash, created_at, revoked_at) VALUES (?,?,?,?,?,?)",
                t.id(), t.name(), t.role(), t.hash(), t.createdAt(), t.revokedAt());
    }

    @Override
    public synchronized Optional<TokenRow> tokenByHash(String sha256Hex) {
        var rows = tokens("WHERE token_hash = ?", sha256Hex);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    @Override
    public synchronized List<TokenRow> tokens() {
        return tokens("ORDER BY created_at, id");
    }

    @Override
    public synchronized boolean revokeToken(String id, Instant at) {
        return update("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at.toString(), id) == 1;
    }

    // ---- watch runs and incidents ----

    private static final String INCIDENT_COLUMNS = "id, run_id, device_ip, device_mac, detector, severity, first_seen, last_seen, detected_at, "
            + "active, status, revision, document, excerpt_path, excerpt_sha256, excerpt_packets, ledger_seq, recorded_at";

    @Override
    public synchronized String beginWatch(Instant started, String inputs) {
        for (int attempt = 0; ; attempt++) {
            long next = queryLong("SELECT COALESCE(MAX(seq), 0) + 1 FROM watch_run");
            try (PreparedStatement ps = db.prepareStatement("INSERT INTO watch_run(id, seq, started_at, inputs) VALUES (?,?,?,?)")) {
                ps.setString(1, "W" + next);
                ps.setLong(2, next);
                ps.setString(3, started.toString());
                ps.setString(4, inputs);
                ps.executeUpdate();
                return "W" + next;
            } catch (SQLException e) {
                // another process took this number between our read and our insert: take the next one
                if (attempt >= 20) throw new StoreException("cannot start a watch run: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void finishWatch(String runId, Instant finished, String summaryJson) {
        update("UPDATE watch_run SET finished_at = ?, summary = ? WHERE id = ?", finished.toString(), summaryJson, runId);
    }

    @Override
    public synchronized void recordIncident(IncidentRow i, IncidentEvent event) {
        transaction("cannot record incident " + i.id(), () -> {
            int updated = update("UPDATE incident SET severity=?, first_seen=?, last_seen=?, active=?, revision=?, document=?, "
                            + "ledger_seq=COALESCE(?, ledger_seq), recorded_at=? WHERE id=?", i.severity(), i.firstSeen(), i.lastSeen(),
                    i.active(), i.revision(), i.document(), i.ledgerSeq(), i.recordedAt(), i.id());
            if (updated == 0) {
                update("INSERT INTO incident(" + INCIDENT_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", i.id(), i.runId(),
                        i.deviceIp(), i.deviceMac(), i.detector(), i.severity(), i.firstSeen(), i.lastSeen(), i.detectedAt(), i.active(),
                        i.status(), i.revision(), i.document(), i.excerptPath(), i.excerptSha256(), i.excerptPackets(), i.ledgerSeq(),
                        i.recordedAt());
            }
            appendEvent(i.id(), event);
        });
    }

    @Override
    public synchronized boolean recordExcerpt(String incidentId, String path, String sha256, long packets, IncidentEvent event) {
        boolean[] found = new boolean[1];
        transaction("cannot record the excerpt of incident " + incidentId, () -> {
            found[0] = update("UPDATE incident SET excerpt_path=?, excerpt_sha256=?, excerpt_packets=?, ledger_seq=COALESCE(?, ledger_seq) "
                    + "WHERE id=?", path, sha256, packets, event.ledgerSeq(), incidentId) == 1;
            if (found[0]) appendEvent(incidentId, event);
        });
        return found[0];
    }

    @Override
    public synchronized Optional<IncidentRow> changeIncidentStatus(String incidentId, String status, IncidentEvent event) {
        var current = incident(incidentId);
        if (current.isEmpty()) return current;
        if ("closed".equals(current.get().status())) throw new IllegalStateException("incident " + incidentId + " is closed");
        transaction("cannot change incident " + incidentId, () -> {
            update("UPDATE incident SET status=?, ledger_seq=COALESCE(?, ledger_seq) WHERE id=?", status, event.ledgerSeq(), incidentId);
            appendEvent(incidentId, event);
        });
        return incident(incidentId);
    }

    private void appendEvent(String incidentId, IncidentEvent e) throws SQLException {
        long seq;
        try (PreparedStatement ps = db.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_event WHERE incident_id = ?")) {
            ps.setString(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        update("INSERT INTO incident_event(incident_id, seq, happened_at, event_kind, by_token, by_name, note, revision, ledger_seq, recorded_at) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?)", incidentId, seq, e.at(), e.event(), e.byToken(), e.byName(), e.note(), e.revision(),
                e.ledgerSeq(), e.recordedAt());
    }

    @Override
    public synchronized List<IncidentRow> incidents(IncidentQuery q) {
        var where = IncidentWhere.of(q);
        return incidentRows(where.sql() + " ORDER BY first_seen DESC, id", where.args());
    }

    @Override
    public synchronized List<IncidentRow> incidents(IncidentQuery q, int offset, int limit) {
        var where = IncidentWhere.of(q);
        var args = new ArrayList<>(List.of(where.args()));
        args.add(limit);
        args.add(offset);
        return incidentRows(where.sql() + " ORDER BY first_seen DESC, id LIMIT ? OFFSET ?", args.toArray());
    }

    @Override
    public synchronized List<IncidentDayCount> incidentDays(IncidentQuery q) {
        var where = IncidentWhere.of(q);
        var out = new ArrayList<IncidentDayCount>();
        try (PreparedStatement ps = db.prepareStatement("SELECT substr(first_seen, 1, 10), status, COUNT(*) FROM incident" + where.sql()
                + " GROUP BY substr(first_seen, 1, 10), status ORDER BY 1, 2")) {
            bind(ps, where.args());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new IncidentDayCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count incidents by day: " + e.getMessage(), e);
        }
        return out;
    }

    /** The WHERE clause over table incident that selects what {@code q} asks for, and its arguments. */
    private record IncidentWhere(String sql, Object[] args) {
        static IncidentWhere of(IncidentQuery q) {
            var where = new StringBuilder(" WHERE 1=1");
            var args = new ArrayList<Object>();
            if (q.deviceMac() != null) { // the device's: by its MAC, and at its IP where no MAC was recorded (Store.isOfDevice)
                where.append(q.deviceIp() != null ? " AND (lower(device_mac) = ? OR (device_mac IS NULL AND device_ip = ?))" : " AND lower(device_mac) = ?");
                args.add(q.deviceMac().toLowerCase(java.util.Locale.ROOT));
                if (q.deviceIp() != null) args.add(q.deviceIp());
            } else if (q.deviceIp() != null) {
                where.append(" AND device_ip = ?");
                args.add(q.deviceIp());
            }
            if (q.detector() != null) {
                where.append(" AND detector = ?");
                args.add(q.detector());
            }
            if (q.status() != null) {
                where.append(" AND status = ?");
                args.add(q.status());
            }
            if (q.runId() != null) {
                where.append(" AND run_id = ?");
                args.add(q.runId());
            }
            if (q.since() != null) {
                where.append(" AND last_seen >= ?");
                args.add(q.since());
            }
            if (q.until() != null) {
                where.append(" AND first_seen <= ?");
                args.add(q.until());
            }
            return new IncidentWhere(where.toString(), args.toArray());
        }
    }

    @Override
    public synchronized Optional<IncidentRow> incident(String incidentId) {
        var rows = incidentRows(" WHERE id = ?", incidentId);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    @Override
    public synchronized DeviceCounts openIncidentCounts() {
        var counts = new DeviceCounts();
        try (PreparedStatement ps = db.prepareStatement("SELECT device_ip, lower(device_mac), COUNT(*) FROM incident WHERE status <> 'closed' "
                + "GROUP BY device_ip, lower(device_mac)");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) counts.add(rs.getString(1), rs.getString(2), rs.getInt(3));
        } catch (SQLException e) {
            throw new StoreException("cannot count open incidents: " + e.getMessage(), e);
        }
        return counts;
    }

    private List<IncidentRow> incidentRows(String where, Object... args) {
        var out = new ArrayList<IncidentRow>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM incident" + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IncidentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getString(8), rs.getString(9), rs.getBoolean(10), rs.getString(11), rs.getInt(12), rs.getString(13),
                            rs.getString(14), rs.getString(15), nullableLong(rs, 16), nullableLong(rs, 17), rs.getString(18)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read incidents: " + e.getMessage(), e);
        }
        return out;
    }

    private static final String EVENT_COLUMNS = "seq, happened_at, event_kind, by_token, by_name, note, revision, ledger_seq, recorded_at";

    @Override
    public synchronized List<IncidentEvent> incidentEvents(String incidentId) {
        var out = new ArrayList<IncidentEvent>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM incident_event WHERE incident_id = ? ORDER BY seq")) {
            ps.setString(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(event(rs, 1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the timeline of incident " + incidentId + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Ids per timeline query: well under SQLite's bound on parameters in one statement. */
    private static final int TIMELINE_IDS_PER_QUERY = 500;

    @Override
    public synchronized Map<String, List<IncidentEvent>> incidentTimelines(java.util.Collection<String> ids) {
        var out = new HashMap<String, List<IncidentEvent>>();
        var all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += TIMELINE_IDS_PER_QUERY) {
            var chunk = all.subList(from, Math.min(all.size(), from + TIMELINE_IDS_PER_QUERY));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = db.prepareStatement("SELECT incident_id, " + EVENT_COLUMNS + " FROM incident_event WHERE incident_id IN ("
                    + marks + ") ORDER BY incident_id, seq")) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(event(rs, 2));
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read incident timelines: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The event whose {@link #EVENT_COLUMNS} begin at column {@code first}. */
    private static IncidentEvent event(ResultSet rs, int first) throws SQLException {
        int rev = rs.getInt(first + 6);
        Integer revision = rs.wasNull() ? null : rev;
        return new IncidentEvent(rs.getInt(first), rs.getString(first + 1), rs.getString(first + 2), rs.getString(first + 3), rs.getString(first + 4),
                rs.getString(first + 5), revision, nullableLong(rs, first + 7), rs.getString(first + 8));
    }

    @Override
    public synchronized List<WatchRunRow> watchRuns() {
        var out = new ArrayList<WatchRunRow>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, started_at, finished_at, inputs, summary FROM watch_run ORDER BY seq DESC");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new WatchRunRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        } catch (SQLException e) {
            throw new StoreException("cannot read watch runs: " + e.getMessage(), e);
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private long queryLong(String sql) {
        try (PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    /** Runs {@code work} in one transaction; rolls back and throws a StoreException naming {@code what} on failure. */
    private void transaction(String what, Work work) {
        try {
            db.setAutoCommit(false);
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
            throw e instanceof StoreException se ? se : new StoreException(what + ": " + e.getMessage(), e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the next statement will report a broken connection
            }
        }
    }

    private List<TokenRow> tokens(String where, String... args) {
        var out = new ArrayList<TokenRow>();
        try (PreparedStatement ps = db.prepareStatement("SELECT id, name, role, token_hash, created_at, revoked_at FROM api_token " + where)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read API tokens: " + e.getMessage(), e);
        }
        return out;
    }

    /** Sets the statement's parameters to {@code args}, in order. */
    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing at exit: nothing more to save
        }
    }

    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
