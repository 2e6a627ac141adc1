package dev.warden.login;

import dev.warden.probe.Service;

/** What repeated wrong passwords did to one login (EN 303 645 provision 5.1-5). */
public record BruteForceResult(Service service, Protection protection, int attempts, Integer stoppedAfter, String evidence) {
    public enum Protection {
        /** The device refused further attempts or connections. */
        LOCKED_OUT,
        /** Failures were answered markedly slower as they went on. */
        THROTTLED,
        /** Every attempt was answered as quickly as the first. */
        NONE
    }
}
