package dev.warden.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.assess.Assessment;
import dev.warden.assess.DeviceEvidence;
import dev.warden.assess.Finding;
import dev.warden.assess.Verdict;
import dev.warden.audit.AuditSummary;
import dev.warden.label.Labeler;
import dev.warden.login.Credential;
import dev.warden.probe.Service;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints an audit as a table for people, JSON Lines for programs (one object per line with a {@code type}: audit,
 * device, service, finding, label, error; docs/output-formats.md) or CSV (one row per finding). Passwords are masked
 * unless asked for.
 */
public final class AuditReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean showPasswords;

    public AuditReport(boolean showPasswords) {
        this.showPasswords = showPasswords;
    }

    public void print(Format format, AuditSummary summary, String scope, Map<String, Map<String, Object>> labels, PrintStream out) {
        switch (format) {
            case TABLE -> table(summary, out);
            case JSONL -> jsonl(summary, scope, labels, out);
            case CSV -> csv(summary, out);
        }
    }

    // ---- table ---------------------------------------------------------------------------------------------------

    void table(AuditSummary s, PrintStream out) {
        long failing = s.devices().stream().filter(AuditReport::failsAny).count();
        out.printf("Audit %s: %d host(s) scanned, %d device(s) found, %d fail at least one provision (%.1f s)%n%n",
                s.auditId(), s.hostsScanned(), s.devices().size(), failing, s.elapsed().toMillis() / 1000.0);
        if (!s.devices().isEmpty()) {
            var rows = new ArrayList<String[]>();
            rows.add(new String[]{"IP", "DEVICE", "GRADE", "FAILED", "SERVICES"});
            for (Assessment a : s.devices()) {
                DeviceEvidence d = a.device();
                long failed = a.verdicts().stream().filter(v -> v.status() == Verdict.Status.FAIL).count();
                rows.add(new String[]{d.ip(), d.identity().describe(), a.grade(), failed + "/" + a.verdicts().size(), services(d.services())});
            }
            Table.print(rows, out);
        }
        var findings = new ArrayList<String[]>();
        findings.add(new String[]{"IP", "SEVERITY", "CHECK", "WHERE", "FINDING"});
        for (Assessment a : s.devices()) {
            for (Finding f : a.findings()) {
                String where = f.port() == 0 ? f.protocol() : f.protocol() + "/" + f.port();
                String detail = f.summary() + (f.secret() != null ? " (" + new Credential(f.user(), f.secret(), 0, "").display(showPasswords) + ")" : "");
                findings.add(new String[]{a.device().ip(), f.severity().label(), f.checkId(), where, detail});
            }
        }
        if (findings.size() > 1) {
            out.println();
            out.println("FINDINGS");
            Table.print(findings, out);
        }
        var steps = new LinkedHashMap<String, List<String>>();
        for (Assessment a : s.devices()) {
            for (Finding f : a.findings()) {
                if (f.severity().compareTo(dev.warden.assess.Severity.HIGH) >= 0) {
                    steps.computeIfAbsent(a.device().ip(), k -> new ArrayList<>());
                    if (!steps.get(a.device().ip()).contains(f.remediation())) steps.get(a.device().ip()).add(f.remediation());
                }
            }
        }
        if (!steps.isEmpty()) {
            out.println();
            out.println("WHAT TO DO FIRST");
            steps.forEach((ip, list) -> list.forEach(step -> out.println("  " + ip + ": " + step)));
        }
        for (String f : s.failures()) out.println("error: " + f);
    }

    static boolean failsAny(Assessment a) {
        return a.verdicts().stream().anyMatch(v -> v.status() == Verdict.Status.FAIL);
    }

    static String services(List<Service> services) {
        var sb = new StringBuilder();
        for (Service s : services) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(s.protocol()).append('/').append(s.port());
            if (s.transport() == Service.Transport.UDP) sb.append("u");
        }
        return sb.toString();
    }

    // ---- JSON Lines ----------------------------------------------------------------------------------------------

    void jsonl(AuditSummary s, String scope, Map<String, Map<String, Object>> labels, PrintStream out) {
        line(out, ordered("type", "audit", "auditId", s.auditId(), "startedAt", s.started().toString(), "elapsedMs", s.elapsed().toMillis(),
                "scope", scope, "hostsScanned", s.hostsScanned(), "devices", s.devices().size()));
        for (Assessment a : s.devices()) {
            DeviceEvidence d = a.device();
            var device = ordered("type", "device", "ip", d.ip(), "mac", d.mac(), "macVendor", d.macVendor(),
                    "manufacturer", d.identity().manufacturer(), "model", d.identity().model(), "firmware", d.identity().firmware(),
                    "cpe", d.identity().cpe(), "grade", a.grade(), "services", d.services().size(), "findings", a.findings().size());
            line(out, device);
            for (Service sv : d.services()) {
                line(out, ordered("type", "service", "ip", d.ip(), "port", sv.port(), "transport", sv.transport().name().toLowerCase(),
                        "protocol", sv.protocol(), "tls", sv.tls(), "banner", sv.banner(), "facts", sv.facts()));
            }
            for (Map<String, Object> f : Labeler.findings(a.findings(), showPasswords)) {
                var m = ordered("type", "finding", "ip", d.ip());
                m.putAll(f);
                line(out, m);
            }
            Map<String, Object> label = labels.get(d.ip());
            if (label != null) {
                var m = ordered("type", "label", "ip", d.ip());
                m.putAll(label);
                line(out, m);
            }
        }
        for (String f : s.failures()) line(out, ordered("type", "error", "message", f));
    }

    private static void line(PrintStream out, Map<String, Object> m) {
        m.values().removeIf(v -> v == null);
        try {
            out.println(JSON.writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static LinkedHashMap<String, Object> ordered(Object... kv) {
        var m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    // ---- CSV -----------------------------------------------------------------------------------------------------

    void csv(AuditSummary s, PrintStream out) {
        out.println("ip,manufacturer,model,firmware,grade,check,severity,port,protocol,summary,user,password");
        for (Assessment a : s.devices()) {
            DeviceEvidence d = a.device();
            String prefix = String.join(",", Csv.field(d.ip()), Csv.field(d.identity().manufacturer()), Csv.field(d.identity().model()),
                    Csv.field(d.identity().firmware()), Csv.field(a.grade()));
            if (a.findings().isEmpty()) out.println(prefix + ",,,,,,,");
            for (Finding f : a.findings()) {
                String pw = f.secret() == null ? null : showPasswords ? f.secret() : Credential.mask(f.secret());
                out.println(prefix + "," + String.join(",", Csv.field(f.checkId()), Csv.field(f.severity().label()), Integer.toString(f.port()),
                        Csv.field(f.protocol()), Csv.field(f.summary()), Csv.field(f.user()), Csv.field(pw)));
            }
        }
    }
}
