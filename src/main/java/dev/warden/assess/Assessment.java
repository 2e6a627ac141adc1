package dev.warden.assess;

import java.util.List;

/** A device's evidence, each check's outcome, the verdict per provision, all findings (worst first) and the grade. */
public record Assessment(DeviceEvidence device, List<Outcome> outcomes, List<Verdict> verdicts, List<Finding> findings, String grade) {}
