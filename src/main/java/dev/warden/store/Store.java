package dev.warden.store;

import dev.warden.assess.Assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    record FindingRow(String auditId, String deviceKey, String checkId, String severity, int port, String protocol, String summary,
                      String evidence, List<String> provisions, String remediation, String user, String secret, String recordedAt) {}

    record DeviceRow(String deviceKey, String ip, String mac, String macVendor, String manufacturer, String model,
                     String firmware, String grade, String lastSeen, String lastAudit, int findings) {}

    record LabelRow(String auditId, String grade, String issuedAt, String document) {}

    static String deviceKey(String ip, String mac) {
        return mac != null ? "mac:" + mac : "ip:" + ip;
    }
}
