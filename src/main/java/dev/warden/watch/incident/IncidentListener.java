package dev.warden.watch.incident;

/**
 * Hooks for whatever keeps or forwards incidents: a store, syslog, a webhook, the live output. All no-ops by default.
 * {@code updated} comes at most once per {@code watch.incident.update-interval} per incident (event time) while it
 * grows; {@code closed} when it has been quiet for {@code watch.incident.idle-timeout} or the input ended.
 */
public interface IncidentListener extends AutoCloseable {
    default void opened(Incident incident) {}

    default void updated(Incident incident) {}

    default void closed(Incident incident) {}

    /** Flushes and releases what the listener holds (sockets, queues). */
    @Override
    default void close() {}
}
