package dev.warden.assess;

/** How much a finding matters to the owner; the label's grade follows the worst one. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public String label() {
        return name().toLowerCase();
    }
}
