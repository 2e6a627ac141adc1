package dev.warden.assess;

import java.util.List;

/** A provision's verdict on one device: pass, fail or not tested, with the evidence and the owner's next step. */
public record Verdict(Provision provision, Status status, String evidence, String remediation, List<String> checks) {
    public enum Status {
        PASS, FAIL, NOT_TESTED;

        public String label() {
            return name().toLowerCase().replace('_', ' ');
        }
    }
}
