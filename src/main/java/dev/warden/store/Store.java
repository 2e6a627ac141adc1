package dev.warden.store;

import dev.warden.assess.Assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where audits, devices, findings and labels are kept. SQLite by default (one file under the Warden home); the schema is
 * versioned with Flyway so that other JDBC databases can follow behind the same interface.
 */
public interface Store extends AutoCloseable {
    void beginAudit(String auditId, Instant started, String scope, int targets);

    /** Records one device's assessment and label in one transaction, as soon as the device is done. */
    void recordDevice(String auditId, Instant seen, Assessment assessment, String signedLabelJson);

    void finishAudit(String auditId, Instant finished, Duration elapsed, int devices);

    List<DeviceRow> devices();

    Optional<String> latestLabel(String deviceKeyOrIp);

    List<LabelRow> labelHistory(String deviceKeyOrIp);

    /** Findings of a device in one audit (its latest when {@code auditId} is null), in the order they were recorded. */
    List<FindingRow> findings(String deviceKeyOrIp, String auditId);

    @Override
    void close();

    // ---- read models and API tokens for 'warden serve' (dev.warden.web) ----

    /** Every audit, newest first. */
    List<AuditRow> audits();

    /** Services of a device in one audit (its latest when {@code auditId} is null), by port. */
    List<ServiceRow> services(String deviceKeyOrIp, String auditId);

    /** For each device, the provisions its latest audit's findings cite (the provisions it fails); one query for all. */
    Map<String, Set<String>> failedProvisions();

    void addToken(TokenRow token);

    /** The token with this SHA-256 (lower-case hex), revoked or not. */
    Optional<TokenRow> tokenByHash(String sha256Hex);

    List<TokenRow> tokens();

    /** Revokes a token by its id; false when there is no such token or it was already revoked. */
    boolean revokeToken(String id, Instant at);

    // ---- watch runs and incidents (warden watch, docs/watch.md) ----

    /** Starts a watch run and returns its id: W1, W2, ... in the order runs began in this database. */
    String beginWatch(Instant started, String inputs);

    /** {@code summaryJson}: what the run read (records, packets, flows, devices, skipped). */
    void finishWatch(String runId, Instant finished, String summaryJson);

    /**
     * Inserts the incident or replaces what the detector reported about it (severity, times, document, revision),
     * keeping what people did (status), and appends {@code event} to its timeline, in one transaction.
     */
    void recordIncident(IncidentRow incident, IncidentEvent event);

    /** Attaches the pcap excerpt of an incident's packets and appends {@code event}; false when there is no such incident. */
    boolean recordExcerpt(String incidentId, String path, String sha256, long packets, IncidentEvent event);

    /**
     * Sets what people did (acknowledged, closed) and appends {@code event}: empty when there is no such incident.
     * Throws IllegalStateException when the incident is already closed (closing is final).
     */
    Optional<IncidentRow> changeIncidentStatus(String incidentId, String status, IncidentEvent event);

    /** Incidents newest first (by first traffic), filtered by whatever is not null in {@code query}. */
    List<IncidentRow> incidents(IncidentQuery query);

    /** A page of {@link #incidents(IncidentQuery)}: {@code limit} rows from {@code offset} on, in the same order. */
    List<IncidentRow> incidents(IncidentQuery query, int offset, int limit);

    /**
     * How many incidents {@code query} selects, by the UTC day of their first traffic and by status, oldest day first:
     * counted by the database, no row read.
     */
    List<IncidentDayCount> incidentDays(IncidentQuery query);

    /** {@code count} incidents first seen on {@code day} (yyyy-mm-dd, UTC) with {@code status}. */
    record IncidentDayCount(String day, String status, long count) {}

    Optional<IncidentRow> incident(String incidentId);

    /**
     * The incidents that are not closed (open or acknowledged), counted by the IP and MAC they were recorded under; in
     * one query, for lists that show the count next to every device ({@link DeviceCounts#of}).
     */
    DeviceCounts openIncidentCounts();

    /**
     * Whether an incident recorded under {@code ip} and {@code mac} is the device's with {@code deviceIp} and
     * {@code deviceMac}: a device with a MAC owns the incidents of its MAC, at whatever address DHCP gave it then, and
     * those at its IP that carry no MAC (flow inputs); a device without a MAC owns every incident at its IP.
     */
    static boolean isOfDevice(String ip, String mac, String deviceIp, String deviceMac) {
        if (deviceMac == null) return deviceIp.equals(ip);
        return mac != null ? deviceMac.equalsIgnoreCase(mac) : deviceIp.equals(ip);
    }

    /** Incident counts by MAC (lower case), by IP where no MAC was recorded, and by IP whatever the MAC. */
    final class DeviceCounts {
        private final Map<String, Integer> byMac = new java.util.HashMap<>(), byIpWithoutMac = new java.util.HashMap<>(),
                byIp = new java.util.HashMap<>();

        /** Counts {@code n} incidents recorded under {@code ip} and {@code mac} (null: none seen). */
        public DeviceCounts add(String ip, String mac, int n) {
            byIp.merge(ip, n, Integer::sum);
            if (mac == null) byIpWithoutMac.merge(ip, n, Integer::sum);
            else byMac.merge(mac.toLowerCase(java.util.Locale.ROOT), n, Integer::sum);
            return this;
        }

        /** One device's count, by the rule of {@link Store#isOfDevice}. */
        public int of(String deviceIp, String deviceMac) {
            if (deviceMac == null) return byIp.getOrDefault(deviceIp, 0);
            return byMac.getOrDefault(deviceMac.toLowerCase(java.util.Locale.ROOT), 0) + byIpWithoutMac.getOrDefault(deviceIp, 0);
        }

        /** The counts by IP, whatever the MAC. */
        public Map<String, Integer> byIp() {
            return Map.copyOf(byIp);
        }
    }

    /** What happened to an incident, oldest first. */
    List<IncidentEvent> incidentEvents(String incidentId);

    /**
     * The timelines of the incidents {@code ids}, by incident id, each oldest first: in one query per 500 ids, for lists
     * that show every incident with its timeline. Ids without an incident are left out.
     */
    Map<String, List<IncidentEvent>> incidentTimelines(java.util.Collection<String> ids);

    List<WatchRunRow> watchRuns();

    /**
     * Filters for {@link #incidents}; null means any. Times are ISO-8601 instants compared with first/last seen. With a
     * {@code deviceMac}, the device's incidents by the rule of {@link #isOfDevice} (its IP is then {@code deviceIp}).
     */
    record IncidentQuery(String deviceIp, String detector, String status, String runId, String since, String until, String deviceMac) {
        public IncidentQuery(String deviceIp, String detector, String status, String runId, String since, String until) {
            this(deviceIp, detector, status, runId, since, until, null);
        }

        public static IncidentQuery all() {
            return new IncidentQuery(null, null, null, null, null, null);
        }

        /** A device's incidents (see {@link #isOfDevice}), between {@code since} and {@code until} when given. */
        public static IncidentQuery ofDevice(String deviceIp, String deviceMac, String since, String until) {
            return new IncidentQuery(deviceIp, null, null, null, since, until, deviceMac);
        }
    }

    /**
     * One incident as stored. {@code active}: the detector still saw it when the run last reported; {@code status}:
     * open, acknowledged or closed (people's actions); {@code document}: the latest revision as JSON Lines prints it.
     */
    record IncidentRow(String id, String runId, String deviceIp, String deviceMac, String detector, String severity, String firstSeen,
                       String lastSeen, String detectedAt, boolean active, String status, int revision, String document,
                       String excerptPath, String excerptSha256, Long excerptPackets, Long ledgerSeq, String recordedAt) {}

    /**
     * One line of an incident's timeline. {@code at} is traffic time for what the detector saw and clock time for what
     * people did; {@code seq} is assigned by the store (0 when passed in); {@code ledgerSeq} is the ledger entry recording it.
     */
    record IncidentEvent(int seq, String at, String event, String byToken, String byName, String note, Integer revision,
                         Long ledgerSeq, String recordedAt) {}

    record WatchRunRow(String id, String startedAt, String finishedAt, String inputs, String summary) {}

    record AuditRow(String id, String startedAt, String finishedAt, Long elapsedMs, String scope, int targets, Integer devices) {}

    record ServiceRow(String auditId, String deviceKey, int port, String transport, String protocol, boolean tls, String banner,
                      Map<String, String> facts) {}

    record TokenRow(String id, String name, String role, String hash, String createdAt, String revokedAt) {}

    record FindingRow(String auditId, String deviceKey, String checkId, String severity, int port, String protocol, String summary,
                      String evidence, List<String> provisions, String remediation, String user, String secret, String recordedAt) {}

    record DeviceRow(String deviceKey, String ip, String mac, String macVendor, String manufacturer, String model,
                     String firmware, String grade, String lastSeen, String lastAudit, int findings) {}

    record LabelRow(String auditId, String grade, String issuedAt, String document) {}

    static String deviceKey(String ip, String mac) {
        return mac != null ? "mac:" + mac : "ip:" + ip;
    }
}
