package dev.warden.web;

import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;

import java.util.List;

/**
 * Runs one audit for the API, in the caller's thread, under the given audit id, recording into the same store the
 * server reads. {@code warden serve} supplies the CLI's audit job; tests supply a fast one.
 */
@FunctionalInterface
public interface AuditLauncher {
    /** Returns the number of devices found. */
    int run(String auditId, List<Target> targets, ScopeGuard scope) throws Exception;
}
