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
 * Runs the dictionary against one service without doing harm: a random pair (a device that accepts it accepts anything,
 * and a dictionary hit would prove nothing) alongside the pairs most likely first, on a few parallel sessions (each
 * failure on a small device can take seconds), stopping at the first pair that works, at the per-service and per-device
 * caps, or when the device keeps refusing connections after one back-off.
 *
 * <p>The number of sessions adapts like a careful TCP sender. One session starts (with the random pair); once it got a
 * login prompt the others up to {@code parallel} follow; every clear answer that came in normal time adds one, up to
 * {@code maxParallel}; an answer much slower than usual removes one; a refused or reset connection or an unclear answer halves the number
 * (once per setback) and stops all growth. New connections to one service are opened one at a time, so a device with
 * a short listen queue never sees a burst, and a session above the current number ends after its attempt.
 */
public final class CredentialTester {
    private final Dictionary dictionary;
    private final int maxPerService;
    private final int parallel;
    private final int maxParallel;
    private final double slowRatio;
    private final long slowMinNanos;
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
        this(dictionary, maxPerService, parallel, parallel, 2.0, Duration.ofSeconds(1), refusalsBeforeBackoff, backoff, maxSessions);
    }

    /**
     * @param parallel    sessions on one service at the start (audit.login.parallel-per-service)
     * @param maxParallel most sessions on one service while the device keeps answering normally
     *                    (audit.login.max-parallel-per-service)
     * @param slowRatio   an answer this many times slower than the usual clear one on the service ...
     * @param slowMin     ... and at least this much slower counts as the device slowing down (audit.login.slow-answer-*)
     */
    public CredentialTester(Dictionary dictionary, int maxPerService, int parallel, int maxParallel, double slowRatio, Duration slowMin,
                            int refusalsBeforeBackoff, Duration backoff, int maxSessions) {
        this.dictionary = dictionary;
        this.maxPerService = maxPerService;
        this.parallel = Math.max(1, parallel);
        this.maxParallel = Math.max(this.parallel, maxParallel);
        this.slowRatio = slowRatio;
        this.slowMinNanos = slowMin.toNanos();
        this.refusalsBeforeBackoff = refusalsBeforeBackoff;
        this.backoffNanos = backoff.toNanos();
        this.sessions = new java.util.concurrent.Semaphore(Math.max(1, maxSessions), true);
    }

    /** {@code deviceBudget} is shared by all services of one device and counts down with every attempt. */
    public LoginResult test(Service service, Authenticator auth, ProbeContext ctx, AtomicInteger deviceBudget) {
        return new Run(service, auth, ctx, deviceBudget).go();
    }

    /** One service's test: the shared queue of pairs, the sessions working on it, and what they found. */
    private final class Run {
        final Service service;
        final Authenticator auth;
        final ProbeContext ctx;
        final AtomicInteger deviceBudget;
        final List<Attempt> trail = Collections.synchronizedList(new ArrayList<>());
        final Credential random;
        final List<Credential> pairs;
        final AtomicInteger next = new AtomicInteger();
        final java.util.concurrent.ConcurrentLinkedQueue<Credential> retries = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.Set<Credential> retried = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicInteger rejected = new AtomicInteger();
        final AtomicReference<Object[]> hit = new AtomicReference<>();
        final AtomicReference<String> stop = new AtomicReference<>();
        /** The random pair's verdict: null while pending, then ACCEPTED, REJECTED or INCONCLUSIVE (with evidence). */
        final AtomicReference<Attempt> randomAnswer = new AtomicReference<>();
        final java.util.concurrent.ConcurrentLinkedQueue<Thread> threads = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.concurrent.locks.ReentrantLock opening = new java.util.concurrent.locks.ReentrantLock();
        final AtomicInteger alive = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        final AtomicInteger target = new AtomicInteger(parallel);
        final java.util.concurrent.atomic.AtomicBoolean congested = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicBoolean clearSinceCut = new java.util.concurrent.atomic.AtomicBoolean(true);
        /** Push-backs since the last cut with no clear answer between: more than the sessions allowed means the cut was not enough. */
        final AtomicInteger pushBacksSinceCut = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong typical = new java.util.concurrent.atomic.AtomicLong(-1);

        Run(Service service, Authenticator auth, ProbeContext ctx, AtomicInteger deviceBudget) {
            this.service = service;
            this.auth = auth;
            this.ctx = ctx;
            this.deviceBudget = deviceBudget;
            this.random = new Credential("w" + ctx.token(4), ctx.token(8), 0, "random");
            this.pairs = dictionary.credentials().subList(0, Math.min(maxPerService, dictionary.size()));
        }

        LoginResult go() {
            spawn(); // the others once the device has answered one connection with a login prompt: see opened()
            try {
                for (Thread t; (t = threads.poll()) != null; ) t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop.compareAndSet(null, "interrupted");
                threads.forEach(Thread::interrupt);
            }
            Attempt r = randomAnswer.get();
            if (r != null && r.accepted()) return result(LoginResult.Status.ACCEPTS_ANY, random, r.evidence());
            if (r != null && r.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                return result(LoginResult.Status.INCOMPLETE, null, "login could not be tested: " + r.evidence());
            }
            if (r == null) {
                return result(LoginResult.Status.INCOMPLETE, null, stop.get() != null ? stop.get() : "the random pair got no answer");
            }
            if (hit.get() != null) {
                return result(LoginResult.Status.DEFAULT_CREDENTIAL, (Credential) hit.get()[0], ((Attempt) hit.get()[1]).evidence());
            }
            if (stop.get() != null) return result(LoginResult.Status.INCOMPLETE, null, stop.get());
            if (rejected.get() < pairs.size()) {
                return result(LoginResult.Status.INCOMPLETE, null, "only " + rejected.get() + " of " + pairs.size() + " pairs got a clear answer");
            }
            String reason = pairs.size() == dictionary.size() ? "all " + pairs.size() + " pairs of the dictionary refused"
                    : "none of the " + pairs.size() + " most likely pairs worked (" + coverage(pairs.size()) + "; cap audit.login.max-attempts-per-service)";
            return result(LoginResult.Status.NONE_WORKED, null, reason);
        }

        LoginResult result(LoginResult.Status status, Credential c, String evidence) {
            return CredentialTester.result(service, trail, status, c, evidence);
        }

        boolean done() {
            return hit.get() != null || stop.get() != null;
        }

        boolean moreWork() {
            return !done() && (next.get() <= pairs.size() || !retries.isEmpty());
        }

        /** Starts one more session; the caller has checked that one is wanted. */
        void spawn() {
            alive.incrementAndGet();
            threads.add(Thread.ofVirtual().start(this::work));
        }

        /** The first session is ready for a login (a telnet login prompt came): start the other initial sessions. */
        void opened() {
            if (!started.compareAndSet(false, true)) return;
            for (int i = 1; i < Math.min(parallel, pairs.size() + 1) && !done(); i++) spawn();
        }

        /** After a clear answer: one more session while the device keeps up, one fewer when it slows down. */
        void answered(Attempt a) {
            clearSinceCut.set(true);
            pushBacksSinceCut.set(0);
            long took = a.elapsed().toNanos();
            // the usual answer time: a moving average (weight 1/4), so that a device with two kinds of quick "no"
            // (vsftpd: 1 s for a refused user, 3 s for a wrong password) is not read as slowing down
            long base = typical.getAndUpdate(t -> t < 0 ? took : t + (took - t) / 4);
            if (base >= 0 && took > base * slowRatio && took - base > slowMinNanos) {
                target.updateAndGet(t -> Math.max(1, t - 1));
                return;
            }
            if (congested.get()) return;
            int t = target.updateAndGet(x -> Math.min(maxParallel, x + 1));
            while (moreWork()) {
                int n = alive.get();
                if (n >= t || remaining() <= 1) return; // the answering session takes the next pair itself
                if (alive.compareAndSet(n, n + 1)) {
                    threads.add(Thread.ofVirtual().start(this::work));
                    return;
                }
            }
        }

        int remaining() {
            return Math.max(0, pairs.size() + 1 - next.get()) + retries.size();
        }

        /** The device refused, reset or stopped answering clearly: fewer sessions, and no growth from now on. */
        void pushedBack() {
            congested.set(true);
            // once per setback: refusals that hit several sessions at once (one burst) halve only once; but when more
            // refusals follow than there are sessions allowed, without a clear answer between, the device is still
            // crowded (it may hold connections longer than we do) and the number is halved again
            boolean cut = clearSinceCut.getAndSet(false);
            if (cut || pushBacksSinceCut.incrementAndGet() > target.get()) {
                pushBacksSinceCut.set(0);
                target.updateAndGet(t -> Math.max(1, t / 2));
            }
        }

        /** Whether this session should end because there are more than the device is allowed now. */
        boolean surplus() {
            int n = alive.get();
            return n > target.get() && alive.compareAndSet(n, n - 1);
        }

        void work() {
            var w = new Worker(this);
            boolean counted = true;
            try {
                int unclear = 0;
                while (!done()) {
                    if (surplus()) {
                        counted = false;
                        return;
                    }
                    int i = next.getAndIncrement();
                    Credential c = i == 0 ? random : i <= pairs.size() ? pairs.get(i - 1) : retries.poll();
                    if (c == null) return;
                    if (deviceBudget.getAndDecrement() <= 0) {
                        stop.compareAndSet(null, "device attempt cap reached");
                        return;
                    }
                    Attempt a = w.attempt(c);
                    if (a != null && c == random && a.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                        w.close(); // one more try on a fresh connection: a busy device can miss one deadline
                        a = w.attempt(c);
                    }
                    if (a == null) {
                        stop.compareAndSet(null, w.stopReason);
                        return;
                    }
                    if (c == random) {
                        randomAnswer.set(a);
                        if (a.accepted()) stop.compareAndSet(null, "the random pair logged in");
                        if (a.outcome() == Attempt.Outcome.INCONCLUSIVE) stop.compareAndSet(null, "login could not be tested: " + a.evidence());
                        if (a.outcome() != Attempt.Outcome.INCONCLUSIVE) answered(a);
                        continue;
                    }
                    if (a.accepted()) {
                        hit.compareAndSet(null, new Object[]{c, a});
                        return;
                    }
                    if (a.outcome() == Attempt.Outcome.REJECTED) {
                        rejected.incrementAndGet();
                        answered(a);
                    }
                    // An unclear answer gets one more try later, on another connection.
                    if (a.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                        pushedBack();
                        if (retried.add(c)) {
                            retries.add(c);
                            w.close();
                        }
                    }
                    // Three unclear answers in a row: the device is not answering like a login (tarpit, junk); stop.
                    unclear = a.outcome() == Attempt.Outcome.INCONCLUSIVE ? unclear + 1 : 0;
                    if (unclear >= 3) {
                        stop.compareAndSet(null, "login stopped answering clearly: " + a.evidence());
                        return;
                    }
                }
            } finally {
                if (counted) alive.decrementAndGet();
                w.close();
            }
        }
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
        final Run run;
        LoginSession session;
        int refusals;
        boolean backedOff;
        String stopReason;

        Worker(Run run) {
            this.run = run;
        }

        /** One attempt, reconnecting and backing off as needed; null when the service should not be tried again. */
        Attempt attempt(Credential c) {
            while (true) {
                boolean fresh = false;
                try {
                    if (session == null || !session.reusable()) {
                        fresh = true;
                        close();
                        sessions.acquireUninterruptibly();
                        run.opening.lock(); // one handshake at a time per service: no bursts at a short listen queue
                        try {
                            if (run.done()) {
                                sessions.release();
                                return null; // another session found the answer while this one waited
                            }
                            session = run.auth.open(run.service, run.ctx);
                        } catch (IOException | RuntimeException e) {
                            sessions.release();
                            throw e;
                        } finally {
                            run.opening.unlock();
                        }
                        if (session.reusable()) run.opened(); // e.g. telnet saw a login prompt
                    }
                    Attempt a = session.attempt(c);
                    run.trail.add(a);
                    if (a.outcome() != Attempt.Outcome.REFUSED) {
                        refusals = 0;
                        return a;
                    }
                } catch (IOException e) {
                    run.trail.add(new Attempt(Attempt.Outcome.REFUSED, e.getClass().getSimpleName() + ": " + e.getMessage(), Duration.ZERO));
                } catch (OutOfScopeException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // A protocol library choking on a device's answer (or on a pair) must not end the audit.
                    Attempt a = new Attempt(Attempt.Outcome.INCONCLUSIVE, "client error: " + e, Duration.ZERO);
                    run.trail.add(a);
                    close();
                    return a;
                }
                close();
                // A device that hangs up on a connection it has answered on (vsftpd after 3 failures) ends a session
                // normally; only a new connection refused, reset or closed before an answer is a push-back.
                if (fresh) run.pushedBack();
                if (++refusals < refusalsBeforeBackoff) {
                    // Before reconnecting after a refusal, one usual answer time (at most the back-off): a device still
                    // finishing the sessions it was answering gets the time to let them go, instead of a burst of
                    // reconnects that it refuses again.
                    long settle = Math.min(backoffNanos, run.typical.get());
                    if (fresh && settle > 0) LockSupport.parkNanos(settle);
                    continue;
                }
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
