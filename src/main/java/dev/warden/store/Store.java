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
