package dev.warden.assess;

import java.util.List;

/** What one check concluded for one device. */
public record Outcome(String checkId, Verdict.Status status, String evidence, List<Finding> findings) {
    public static Outcome pass(String id, String evidence) {
        return new Outcome(id, Verdict.Status.PASS, evidence, List.of());
    }

    public static Outcome notTested(String id, String why) {
        return new Outcome(id, Verdict.Status.NOT_TESTED, why, List.of());
    }

    public static Outcome fail(String id, List<Finding> findings) {
        return new Outcome(id, Verdict.Status.FAIL, findings.stream().map(Finding::summary).distinct()
                .reduce((a, b) -> a + "; " + b).orElse(""), findings);
    }
}
