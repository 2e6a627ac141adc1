package dev.warden.web;

import java.nio.file.Path;

/**
 * Runs {@code warden watch} for the API over a capture file, in the caller's thread, storing the run and its incidents
 * in the same database the server reads. Only files in {@link #directory()} can be watched: the API never takes a path,
 * only a file name there. {@code warden serve} supplies the CLI's watch; {@link #none()} refuses.
 */
public interface WatchLauncher {
    /** The stored run and how many incidents it raised. */
    record Result(String runId, int incidents) {}

    /** Where the captures the API may watch are (warden serve --captures), or null when watching is not set up. */
    Path directory();

    Result watch(Path capture) throws Exception;

    static WatchLauncher none() {
        return new WatchLauncher() {
            @Override
            public Path directory() {
                return null;
            }

            @Override
            public Result watch(Path capture) {
                throw new IllegalStateException("watching from the API is not set up on this server");
            }
        };
    }
}
