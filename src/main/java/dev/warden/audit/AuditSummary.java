package dev.warden.audit;

import dev.warden.assess.Assessment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The result of one audit run: every assessed device with at least one open service, in address order. */
public record AuditSummary(String auditId, Instant started, Duration elapsed, int hostsScanned, List<Assessment> devices,
                           List<String> failures) {}
