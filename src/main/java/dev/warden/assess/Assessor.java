package dev.warden.assess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every check on a device's evidence and folds their outcomes into one verdict per provision: fail when any check
 * citing it failed, pass only when every check citing it passed, otherwise not tested. Passing is never assumed.
 */
public final class Assessor {
    private final List<Check> checks;

    public Assessor(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public List<Check> checks() {
        return checks;
    }

    public Assessment assess(DeviceEvidence d) {
        var outcomes = new LinkedHashMap<String, Outcome>();
        for (Check c : checks) outcomes.put(c.id(), c.assess(d));
        var verdicts = new ArrayList<Verdict>();
        for (Provision p : Provision.ALL) verdicts.add(verdict(p, outcomes));
        var findings = outcomes.values().stream().flatMap(o -> o.findings().stream())
                .sorted(Comparator.comparing(Finding::severity).reversed().thenComparingInt(Finding::port)).toList();
        return new Assessment(d, List.copyOf(outcomes.values()), verdicts, findings, grade(findings, verdicts));
    }

    private Verdict verdict(Provision p, Map<String, Outcome> outcomes) {
        var citing = checks.stream().filter(c -> c.provisions().contains(p)).toList();
        var failed = citing.stream().filter(c -> outcomes.get(c.id()).status() == Verdict.Status.FAIL).toList();
        List<String> ids = citing.stream().map(Check::id).toList();
        if (!failed.isEmpty()) {
            String evidence = failed.stream().map(c -> outcomes.get(c.id()).evidence()).reduce((a, b) -> a + "; " + b).orElse("");
            String remedy = failed.stream().flatMap(c -> outcomes.get(c.id()).findings().stream()).map(Finding::remediation)
                    .distinct().reduce((a, b) -> a + " " + b).orElse(failed.getFirst().remediation());
            return new Verdict(p, Verdict.Status.FAIL, evidence, remedy, ids);
        }
        if (!citing.isEmpty() && citing.stream().allMatch(c -> outcomes.get(c.id()).status() == Verdict.Status.PASS)) {
            String evidence = citing.stream().map(c -> outcomes.get(c.id()).evidence()).reduce((a, b) -> a + "; " + b).orElse("");
            return new Verdict(p, Verdict.Status.PASS, evidence, null, ids);
        }
        String why = citing.isEmpty() ? "no network check speaks to this provision"
                : citing.stream().map(c -> outcomes.get(c.id())).filter(o -> o.status() != Verdict.Status.PASS)
                .map(o -> o.checkId() + ": " + o.evidence()).reduce((a, b) -> a + "; " + b).orElse("");
        return new Verdict(p, Verdict.Status.NOT_TESTED, why, null, ids);
    }

    /** Every grade {@link #grade} gives, best first. */
    public static final List<String> GRADES = List.of("A", "B", "C", "D", "F");

    /**
     * F: a critical finding (default or no password, critical CVE). D: high (clear-text telnet, high CVE). C: medium.
     * B: low only, or the default-password provision could not be tested. A: nothing found and 5.1-1 passed.
     */
    static String grade(List<Finding> findings, List<Verdict> verdicts) {
        Severity worst = findings.stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.INFO);
        return switch (worst) {
            case CRITICAL -> "F";
            case HIGH -> "D";
            case MEDIUM -> "C";
            case LOW -> "B";
            case INFO -> verdicts.stream().anyMatch(v -> v.provision().equals(Provision.EN_5_1_1) && v.status() == Verdict.Status.PASS) ? "A" : "B";
        };
    }
}
