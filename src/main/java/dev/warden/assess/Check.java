package dev.warden.assess;

import java.util.List;

/**
 * One audit check: an id, the provisions it cites, a one-line summary and a doc page (docs/checks/ID.md). It reads the
 * evidence gathered about a device and never touches the network itself.
 */
public interface Check {
    String id();

    String summary();

    List<Provision> provisions();

    /** What the owner can do when this check fails, in plain words. */
    String remediation();

    Outcome assess(DeviceEvidence device);
}
