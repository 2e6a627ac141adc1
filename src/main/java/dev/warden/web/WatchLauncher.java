package dev.warden.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs {@code warden watch} for the API, in the caller's thread, storing the run and its incidents in the same database
 * the server reads: over a file of {@link #directory()} (the API never takes a path, only a file name there), or live
 * on one of {@link #interfaces()} for a bounded time. {@code warden serve} supplies the CLI's watch; {@link #none()}
 * refuses both.
 */
public interface WatchLauncher {
    /** The stored run and how many incidents it raised. */
    record Result(String runId, int incidents) {}

    /** Where the captures the API may watch are (warden serve --captures), or null when watching files is not set up. */
    Path directory();

    /** Interfaces the API may capture on (warden serve --interfaces); empty when live capture from the API is off. */
    List<String> interfaces();

    /** The longest live capture the API may start. */
    Duration maxCapture();

    Result watchFile(Path capture) throws Exception;

    Result watchInterface(String iface, Duration duration) throws Exception;

    static WatchLauncher none() {
        return new WatchLauncher() {
            @Override
            public Path directory() {
                return null;
            }

            @Override
            public List<String> interfaces() {
                return List.of();
            }

            @Override
            public Duration maxCapture() {
                return Duration.ZERO;
            }

            @Override
            public Result watchFile(Path capture) {
                throw new IllegalStateException("watching from the API is not set up on this server");
            }

            @Override
            public Result watchInterface(String iface, Duration duration) {
                throw new IllegalStateException("live capture from the API is not set up on this server");
            }
        };
    }
}
