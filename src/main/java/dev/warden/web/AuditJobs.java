package dev.warden.web;

import dev.warden.target.ScopeGuard;
import dev.warden.target.Target;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Audits started from the API: one runs at a time, in the background, the rest wait in a short queue. The store holds
 * each audit as soon as it begins; this keeps what the store cannot: queued audits, failures and who asked.
 */
final class AuditJobs implements AutoCloseable {
    enum Status { queued, running, finished, failed }

    static final class Job {
        final String id;
        final String scope;
        final int targets;
        final String requestedBy;
        final String requestedAt;
        volatile Status status = Status.queued;
        volatile Integer devices;
        volatile String error;

        Job(String id, String scope, int targets, String requestedBy, String requestedAt) {
            this.id = id;
            this.scope = scope;
            this.targets = targets;
            this.requestedBy = requestedBy;
            this.requestedAt = requestedAt;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private final AuditLauncher launcher;
    private final Clock clock;
    private final int maxWaiting;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("warden-api-audit").daemon(true).factory());
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    AuditJobs(AuditLauncher launcher, Clock clock, int maxWaiting) {
        this.launcher = launcher;
        this.clock = clock;
        this.maxWaiting = maxWaiting;
    }

    synchronized Job submit(List<Target> targets, ScopeGuard scope, String requestedBy) {
        long waiting = jobs.values().stream().filter(j -> j.status == Status.queued).count();
        if (waiting >= maxWaiting) throw new ApiException(429, "too many audits waiting (" + waiting + "); try again when one has started");
        byte[] r = new byte[3];
        RANDOM.nextBytes(r);
        String id = "A" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
        var job = new Job(id, scope.description(), targets.size(), requestedBy, clock.instant().toString());
        jobs.put(id, job);
        executor.execute(() -> {
            job.status = Status.running;
            try {
                job.devices = launcher.run(id, targets, scope);
                job.status = Status.finished;
            } catch (Exception | Error e) {
                job.error = e.getMessage() == null ? e.toString() : e.getMessage();
                job.status = Status.failed;
            }
        });
        return job;
    }

    synchronized Optional<Job> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    synchronized List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
