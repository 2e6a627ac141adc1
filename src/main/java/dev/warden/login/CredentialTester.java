package dev.warden.login;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the dictionary against one service without doing harm: a random pair first (a device that accepts it accepts
 * anything, and a dictionary hit would prove nothing), then the pairs most likely first, stopping at the first that
 * works, at the per-service and per-device caps, or when the device keeps refusing connections (after one back-off).
 */
public final class CredentialTester {
    private final Dictionary dictionary;
    private final int maxPerService;
    private final int refusalsBeforeBackoff;
    private final long backoffNanos;

    public CredentialTester(Dictionary dictionary, int maxPerService, int refusalsBeforeBackoff, java.time.Duration backoff) {
        this.dictionary = dictionary;
        this.maxPerService = maxPerService;
        this.refusalsBeforeBackoff = refusalsBeforeBackoff;
        this.backoffNanos = backoff.toNanos();
    }

    /** {@code deviceBudget} is shared by all services of one device and counts down with every attempt. */
    public LoginResult test(Service service, Authenticator auth, ProbeContext ctx, AtomicInteger deviceBudget) {
        var trail = new ArrayList<Attempt>();
        var run = new Run(service, auth, ctx, trail);
        try {
            var random = new Credential("w" + ctx.token(4), ctx.token(8), 0, "random");
            if (deviceBudget.getAndDecrement() <= 0) return run.result(LoginResult.Status.INCOMPLETE, null, "device attempt cap reached");
            Attempt first = run.attempt(random);
            if (first == null) return run.result(LoginResult.Status.INCOMPLETE, null, run.stopReason);
            if (first.accepted()) return run.result(LoginResult.Status.ACCEPTS_ANY, random, first.evidence());
            if (first.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                return run.result(LoginResult.Status.INCOMPLETE, null, "login could not be tested: " + first.evidence());
            }
            int tried = 0, unclear = 0;
            for (Credential c : dictionary.credentials()) {
                if (tried++ >= maxPerService) return run.result(LoginResult.Status.NONE_WORKED, null, "none of the " + maxPerService
                        + " most likely pairs worked (" + coverage(maxPerService) + "; cap audit.login.max-attempts-per-service)");
                if (deviceBudget.getAndDecrement() <= 0) return run.result(LoginResult.Status.INCOMPLETE, null, "device attempt cap reached");
                Attempt a = run.attempt(c);
                if (a == null) return run.result(LoginResult.Status.INCOMPLETE, null, run.stopReason);
                if (a.accepted()) return run.result(LoginResult.Status.DEFAULT_CREDENTIAL, c, a.evidence());
                // Two unclear answers in a row: the device is not answering like a login (tarpit, junk); stop.
                unclear = a.outcome() == Attempt.Outcome.INCONCLUSIVE ? unclear + 1 : 0;
                if (unclear >= 2) return run.result(LoginResult.Status.INCOMPLETE, null, "login stopped answering clearly: " + a.evidence());
            }
            return run.result(LoginResult.Status.NONE_WORKED, null, "all " + dictionary.size() + " pairs refused");
        } finally {
            run.close();
        }
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

    private final class Run {
        final Service service;
        final Authenticator auth;
        final ProbeContext ctx;
        final List<Attempt> trail;
        LoginSession session;
        int refusals;
        boolean backedOff;
        String stopReason;

        Run(Service service, Authenticator auth, ProbeContext ctx, List<Attempt> trail) {
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
                        session = auth.open(service, ctx);
                    }
                    Attempt a = session.attempt(c);
                    trail.add(a);
                    if (a.outcome() != Attempt.Outcome.REFUSED) {
                        refusals = 0;
                        return a;
                    }
                } catch (IOException e) {
                    trail.add(new Attempt(Attempt.Outcome.REFUSED, e.getClass().getSimpleName() + ": " + e.getMessage(), java.time.Duration.ZERO));
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

        LoginResult result(LoginResult.Status status, Credential c, String evidence) {
            return new LoginResult(service, status, c, evidence, trail.size(), evidence, List.copyOf(trail));
        }

        void close() {
            if (session != null) session.close();
            session = null;
        }
    }
}
