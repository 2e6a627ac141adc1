package dev.warden.web;

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
 * Work started from the API (audits, watches): one job of a kind runs at a time, in the background, the rest wait in
 * a short queue. The store holds each audit or watch run as soon as it begins; this keeps what the store cannot:
 * queued jobs, failures and who asked.
 *
 * @param <R> what a finished job gives (devices found, the watch run and its incidents)
 */
final class Jobs<R> implements AutoCloseable {
    enum Status { queued, running, finished, failed }

    /** What a job does, given its id; runs in the jobs' thread. */
    @FunctionalInterface
    interface Work<R> {
        R run(String jobId) throws Exception;
    }

    static final class Job<R> {
        final String id;
        /** What was asked, as the API shows it (scope and targets, an input file, ...). */
        final Map<String, Object> request;
        final String requestedBy;
        final String requestedAt;
        volatile Status status = Status.queued;
        volatile R result;
        volatile String error;

        Job(String id, Map<String, Object> request, String requestedBy, String requestedAt) {
            this.id = id;
            this.request = Map.copyOf(request);
            this.requestedBy = requestedBy;
            this.requestedAt = requestedAt;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private final String kind, idPrefix;
    private final Clock clock;
    private final int maxWaiting;
    private final ExecutorService executor;
    private final Map<String, Job<R>> jobs = new LinkedHashMap<>();

    /** {@code kind} names the jobs in messages ("audits"); ids are {@code idPrefix}, the UTC time and 6 hex digits. */
    Jobs(String kind, String idPrefix, Clock clock, int maxWaiting) {
        this.kind = kind;
        this.idPrefix = idPrefix;
        this.clock = clock;
        this.maxWaiting = maxWaiting;
        this.executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("warden-api-" + kind).daemon(true).factory());
    }

    synchronized Job<R> submit(Map<String, Object> request, String requestedBy, Work<R> work) {
        long waiting = jobs.values().stream().filter(j -> j.status == Status.queued).count();
        if (waiting >= maxWaiting) throw new ApiException(429, "too many " + kind + " waiting (" + waiting + "); try again when one has started");
        byte[] r = new byte[3];
        RANDOM.nextBytes(r);
        String id = idPrefix + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(r);
        var job = new Job<R>(id, request, requestedBy, clock.instant().toString());
        jobs.put(id, job);
        executor.execute(() -> {
            job.status = Status.running;
            try {
                job.result = work.run(id);
                job.status = Status.finished;
            } catch (Exception | Error e) {
                job.error = e.getMessage() == null ? e.toString() : e.getMessage();
                job.status = Status.failed;
            }
        });
        return job;
    }

    synchronized Optional<Job<R>> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    synchronized List<Job<R>> all() {
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
