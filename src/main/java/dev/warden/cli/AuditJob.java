package dev.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.warden.assess.Assessment;
import dev.warden.assess.KnownVulnerability;
import dev.warden.assess.Verdict;
import dev.warden.audit.AuditListener;
import dev.warden.audit.AuditPlan;
import dev.warden.audit.AuditSummary;
import dev.warden.audit.Auditor;
import dev.warden.config.Settings;
import dev.warden.cve.CveFeed;
import dev.warden.cve.CveMatch;
import dev.warden.identify.Fingerprints;
import dev.warden.label.LabelText;
import dev.warden.label.Labeler;
import dev.warden.label.SigningKey;
import dev.warden.ledger.AuditEntries;
import dev.warden.ledger.Ledger;
import dev.warden.login.Dictionary;
import dev.warden.output.AuditReport;
import dev.warden.output.Format;
import dev.warden.store.Store;
import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Runs one audit for the CLI: builds the pipeline, signs a label per device, stores, prints. */
final class AuditJob {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Result(AuditSummary summary, Map<String, Map<String, Object>> labels, int exitCode) {}

    static Result run(HomeOptions home, AuditOptions opts, List<Target> targets, ScopeGuard scope, Clock clock,
                      PrintStream out, PrintStream err) throws InterruptedException, dev.warden.cve.CveFeedException {
        Format format = UsageException.of(() -> Format.parse(opts.format));
        Settings s = home.settings();
        if (opts.rate != null) s = s.with("audit.rate.connections-per-second", opts.rate.toString());
        if (opts.concurrency != null) s = s.with("audit.concurrency.hosts", opts.concurrency.toString());
        if (opts.timeout != null) s = s.with("audit.probe-timeout", opts.timeout);
        if (opts.hostTimeout != null) s = s.with("audit.host-timeout", opts.hostTimeout);
        if (opts.ports != null) s = s.with("audit.ports.tcp", opts.ports);
        if (opts.udpPorts != null) s = s.with("audit.ports.udp", opts.udpPorts);
        s.duration("audit.probe-timeout");
        s.duration("audit.host-timeout");

        Dictionary dictionary = Dictionary.bundled();
        for (Path p : opts.dictionaries) dictionary = dictionary.plus(p);
        Fingerprints fingerprints = Fingerprints.bundled();
        if (opts.fingerprints != null) fingerprints = fingerprints.plus(opts.fingerprints);
        CveFeed feed = opts.noBundledCves ? null : CveFeed.bundled();
        for (Path p : opts.cveFeeds) {
            CveFeed loaded = CveFeed.load(p);
            feed = feed == null ? loaded : feed.merge(loaded);
        }
        CveFeed cves = feed;
        AuditPlan plan = AuditPlan.from(s, opts.bruteForce, cves != null);
        for (Target t : targets) scope.require(t.address()); // refuse before the first packet

        // Read the OUI registry (about 0.6 s to parse) only when a device is on the same link and has a MAC to look up.
        var oui = new Object() {
            dev.warden.identify.OuiRegistry registry;

            synchronized dev.warden.identify.OuiRegistry get() {
                if (registry == null) registry = dev.warden.identify.OuiRegistry.load();
                return registry;
            }
        };
        java.util.function.Function<String, Optional<String>> vendor = mac -> oui.get().organisation(mac);
        var inputs = new Auditor.Inputs(s, scope, plan, dictionary, fingerprints, vendor,
                cpe -> cves == null ? List.of() : cves.affecting(cpe).stream().map(AuditJob::vulnerability).toList(), clock);
        var audit = Auditor.build(inputs, Auditor.dialer(s, scope));

        SigningKey key = SigningKey.loadOrCreate(home.home().resolve("keys"));
        var labeler = new Labeler(key, "Warden 0.1.0");
        String auditId = opts.auditId != null ? opts.auditId : "A" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(clock.instant())
                + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
        Map<String, Map<String, Object>> labels = new ConcurrentHashMap<>();
        Store store = opts.noStore ? null : home.openStore();
        Ledger ledger = store == null ? null : home.openLedger(key, clock); // evidence ledger, same database (docs/ledger.md)
        try {
            if (store != null) store.beginAudit(auditId, clock.instant(), scope.description(), targets.size());
            if (opts.labels != null) Files.createDirectories(opts.labels);
            var listeners = new ArrayList<AuditListener>();
            listeners.add(new AuditListener() {
                @Override
                public void hostFinished(Target t, Assessment a) {
                    Instant now = clock.instant();
                    var label = labeler.label(auditId, now, a, opts.showPasswords);
                    labels.put(a.device().ip(), label);
                    String json = write(label);
                    if (store != null) store.recordDevice(auditId, now, a, json);
                    if (ledger != null) {
                        var masked = opts.showPasswords ? labeler.label(auditId, now, a, false) : label; // never a password in the ledger
                        ledger.appendAll(AuditEntries.of(auditId, a, masked));
                    }
                    if (opts.labels != null) {
                        try {
                            Files.writeString(opts.labels.resolve(a.device().ip() + ".label.json"), json);
                            Files.writeString(opts.labels.resolve(a.device().ip() + ".label.txt"), LabelText.render(PRETTY.valueToTree(label)));
                        } catch (IOException e) {
                            throw new UncheckedIOException("cannot write label for " + a.device().ip() + ": " + e.getMessage(), e);
                        }
                    }
                }
            });
            if (!opts.quiet && System.console() != null) listeners.add(new ProgressBar(err));
            AuditSummary summary = audit.run(auditId, targets, AuditListener.all(listeners));
            if (store != null) store.finishAudit(auditId, clock.instant(), summary.elapsed(), summary.devices().size());
            new AuditReport(opts.showPasswords).print(format, summary, scope.description(), labels, out);
            boolean failing = summary.devices().stream().anyMatch(a -> a.verdicts().stream().anyMatch(v -> v.status() == Verdict.Status.FAIL));
            return new Result(summary, labels, failing ? ExitCodes.FINDINGS : ExitCodes.OK);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create label directory " + opts.labels + ": " + e.getMessage(), e);
        } finally {
            if (store != null) store.close();
            if (ledger != null) ledger.close();
        }
    }

    static String write(Map<String, Object> label) {
        try {
            return PRETTY.writeValueAsString(label) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KnownVulnerability vulnerability(CveMatch m) {
        return new KnownVulnerability(m.cve().id(), m.cve().published(), Double.isNaN(m.cve().cvss()) ? 0 : m.cve().cvss(),
                m.cve().severity(), m.cve().description(), m.why());
    }
}
