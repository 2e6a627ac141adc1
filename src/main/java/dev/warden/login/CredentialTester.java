package dev.warden.login;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.target.OutOfScopeException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the dictionary against one service without doing harm: a random pair first (a device that accepts it accepts
 * anything, and a dictionary hit would prove nothing), then the pairs most likely first on a few parallel sessions
 * (each failure on a small device can take seconds), stopping at the first pair that works, at the per-service and
 * per-device caps, or when the device keeps refusing connections after one back-off.
 */
public final class CredentialTester {
    private final Dictionary dictionary;
    private final int maxPerService;
    private final int parallel;
    private final int refusalsBeforeBackoff;
    private final long backoffNanos;
    private final java.util.concurrent.Semaphore sessions;

    public CredentialTester(Dictionary dictionary, int maxPerService, int parallel, int refusalsBeforeBackoff, Duration backoff) {
        this(dictionary, maxPerService, parallel, refusalsBeforeBackoff, backoff, Integer.MAX_VALUE);
    }

    /**
     * @param maxSessions login sessions open at once across the whole audit (audit.concurrency.login-sessions): a
     *                    machine that runs out of CPU answers late, and late answers would read as "no prompt"
     */
    public CredentialTester(Dictionary dictionary, int maxPerService, int parallel, int refusalsBeforeBackoff, Duration backoff, int maxSessions) {
        this.dictionary = dictionary;
        this.maxPerService = maxPerService;
        this.parallel = Math.max(1, parallel);
        this.refusalsBeforeBackoff = refusalsBeforeBackoff;
        this.backoffNanos = backoff.toNanos();
        this.sessions = new java.util.concurrent.Semaphore(Math.max(1, maxSessions), true);
    }

    /** {@code deviceBudget} is shared by all services of one device and counts down with every attempt. */
    public LoginResult test(Service service, Authenticator auth, ProbeContext ctx, AtomicInteger deviceBudget) {
        var trail = Collections.synchronizedList(new ArrayList<Attempt>());
        Attempt first;
        var probe = new Worker(service, auth, ctx, trail);
        try {
            var random = new Credential("w" + ctx.token(4), ctx.token(8), 0, "random");
            if (deviceBudget.getAndDecrement() <= 0) return result(service, trail, LoginResult.Status.INCOMPLETE, null, "device attempt cap reached");
            first = probe.attempt(random);
            if (first != null && first.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                probe.close(); // one more try on a fresh connection: a busy device can miss one deadline
                first = probe.attempt(random);
            }
            if (first == null) return result(service, trail, LoginResult.Status.INCOMPLETE, null, probe.stopReason);
            if (first.accepted()) return result(service, trail, LoginResult.Status.ACCEPTS_ANY, random, first.evidence());
            if (first.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                return result(service, trail, LoginResult.Status.INCOMPLETE, null, "login could not be tested: " + first.evidence());
            }
        } finally {
            probe.close();
        }

        List<Credential> pairs = dictionary.credentials().subList(0, Math.min(maxPerService, dictionary.size()));
        var next = new AtomicInteger();
        var retries = new java.util.concurrent.ConcurrentLinkedQueue<Credential>();
        var retried = java.util.concurrent.ConcurrentHashMap.<Credential>newKeySet();
        var rejected = new AtomicInteger();
        var hit = new AtomicReference<Object[]>();
        var stop = new AtomicReference<String>();
        Runnable work = () -> {
            var w = new Worker(service, auth, ctx, trail);
            try {
                int unclear = 0;
                while (hit.get() == null && stop.get() == null) {
                    int i = next.getAndIncrement();
                    Credential c = i < pairs.size() ? pairs.get(i) : retries.poll();
                    if (c == null) return;
                    if (deviceBudget.getAndDecrement() <= 0) {
                        stop.compareAndSet(null, "device attempt cap reached");
                        return;
                    }
                    Attempt a = w.attempt(c);
                    if (a == null) {
                        stop.compareAndSet(null, w.stopReason);
                        return;
                    }
                    if (a.accepted()) {
                        hit.compareAndSet(null, new Object[]{c, a});
                        return;
                    }
                    if (a.outcome() == Attempt.Outcome.REJECTED) rejected.incrementAndGet();
                    // An unclear answer gets one more try later, on another connection.
                    if (a.outcome() == Attempt.Outcome.INCONCLUSIVE && retried.add(c)) {
                        retries.add(c);
                        w.close();
                    }
                    // Three unclear answers in a row: the device is not answering like a login (tarpit, junk); stop.
                    unclear = a.outcome() == Attempt.Outcome.INCONCLUSIVE ? unclear + 1 : 0;
                    if (unclear >= 3) {
                        stop.compareAndSet(null, "login stopped answering clearly: " + a.evidence());
                        return;
                    }
                }
            } finally {
                w.close();
            }
        };
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < Math.min(parallel, pairs.size()); t++) threads.add(Thread.ofVirtual().start(work));
        try {
            for (Thread t : threads) t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.compareAndSet(null, "interrupted");
        }
        if (hit.get() != null) {
            return result(service, trail, LoginResult.Status.DEFAULT_CREDENTIAL, (Credential) hit.get()[0], ((Attempt) hit.get()[1]).evidence());
        }
        if (stop.get() != null) return result(service, trail, LoginResult.Status.INCOMPLETE, null, stop.get());
        if (rejected.get() < pairs.size()) {
            return result(service, trail, LoginResult.Status.INCOMPLETE, null, "only " + rejected.get() + " of " + pairs.size() + " pairs got a clear answer");
        }
        String reason = pairs.size() == dictionary.size() ? "all " + pairs.size() + " pairs of the dictionary refused"
                : "none of the " + pairs.size() + " most likely pairs worked (" + coverage(pairs.size()) + "; cap audit.login.max-attempts-per-service)";
        return result(service, trail, LoginResult.Status.NONE_WORKED, null, reason);
    }

    private static LoginResult result(Service s, List<Attempt> trail, LoginResult.Status status, Credential c, String evidence) {
        List<Attempt> copy;
        synchronized (trail) {
            copy = List.copyOf(trail);
        }
        return new LoginResult(s, status, c, evidence, copy.size(), evidence, copy);
    }

    /** How much of Mirai's own choice the first {@code n} pairs cover, by the weights in its source. */
    String coverage(int n) {
        int total = 0, covered = 0, i = 0;
        for (Credential c : dictionary.credentials()) {
            if (c.source().equals("mirai")) {
                total += c.weight();
                if (i < n) covered += c.weight();
            }
            i++;
        }
        return total == 0 ? "no Mirai weights in the dictionary" : Math.round(100.0 * covered / total) + "% of Mirai's login attempts by weight";
    }

    /** One session's worth of attempts: reconnects when the device hangs up, backs off once when it keeps refusing. */
    private final class Worker {
        final Service service;
        final Authenticator auth;
        final ProbeContext ctx;
        final List<Attempt> trail;
        LoginSession session;
        int refusals;
        boolean backedOff;
        String stopReason;

        Worker(Service service, Authenticator auth, ProbeContext ctx, List<Attempt> trail) {
            this.service = service;
            this.auth = auth;
            this.ctx = ctx;
            this.trail = trail;
        }

        /** One attempt, reconnecting and backing off as needed; null when the service should not be tried again. */
        Attempt attempt(Credential c) {
            while (true) {
                try {
                    if (session == null || !session.reusable()) {
                        close();
                        sessions.acquireUninterruptibly();
                        try {
                            session = auth.open(service, ctx);
                        } catch (IOException | RuntimeException e) {
                            sessions.release();
                            throw e;
                        }
                    }
                    Attempt a = session.attempt(c);
                    trail.add(a);
                    if (a.outcome() != Attempt.Outcome.REFUSED) {
                        refusals = 0;
                        return a;
                    }
                } catch (IOException e) {
                    trail.add(new Attempt(Attempt.Outcome.REFUSED, e.getClass().getSimpleName() + ": " + e.getMessage(), Duration.ZERO));
                } catch (OutOfScopeException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A protocol library choking on a device's answer (or on a pair) must not end the audit.
                    Attempt a = new Attempt(Attempt.Outcome.INCONCLUSIVE, "client error: " + e, Duration.ZERO);
                    trail.add(a);
                    close();
                    return a;
                }
                close();
                if (++refusals < refusalsBeforeBackoff) continue;
                if (backedOff) {
                    stopReason = "device refused " + refusals + " connections in a row after a back-off; stopped";
                    return null;
                }
                backedOff = true;
                refusals = 0;
                LockSupport.parkNanos(backoffNanos);
            }
        }

        void close() {
            if (session != null) {
                session.close();
                sessions.release();
            }
            session = null;
        }
    }
}
