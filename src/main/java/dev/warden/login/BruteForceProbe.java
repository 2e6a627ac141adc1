package dev.warden.login;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * EN 303 645 provision 5.1-5, measured: send a fixed number of wrong passwords for a likely user name and watch whether
 * the device refuses (lock-out), answers ever slower (throttling), or delays every failure by a second or more. Opt-in,
 * because a real lock-out can keep the owner out too.
 */
public final class BruteForceProbe {
    private final int attempts;
    private final double slowdownRatio;
    private final Duration minFailureDelay;

    public BruteForceProbe(int attempts, double slowdownRatio, Duration minFailureDelay) {
        this.attempts = attempts;
        this.slowdownRatio = slowdownRatio;
        this.minFailureDelay = minFailureDelay;
    }

    public BruteForceResult probe(Service service, Authenticator auth, ProbeContext ctx, String user) {
        var times = new ArrayList<Duration>();
        LoginSession session = null;
        int refused = 0;
        try {
            for (int i = 1; i <= attempts; i++) {
                Attempt a;
                try {
                    if (session == null || !session.reusable()) {
                        if (session != null) session.close();
                        session = auth.open(service, ctx);
                    }
                    a = session.attempt(new Credential(user, "wrong-" + ctx.token(6), 0, "brute-force probe"));
                } catch (IOException e) {
                    a = new Attempt(Attempt.Outcome.REFUSED, e.getMessage(), Duration.ZERO);
                    session = null;
                }
                if (a.outcome() == Attempt.Outcome.REFUSED || a.outcome() == Attempt.Outcome.INCONCLUSIVE) {
                    if (++refused >= 2) {
                        return new BruteForceResult(service, BruteForceResult.Protection.LOCKED_OUT, i, i - refused,
                                "refused further attempts after " + (i - refused) + " wrong passwords (" + a.evidence() + ")");
                    }
                    continue;
                }
                refused = 0;
                if (a.accepted()) {
                    return new BruteForceResult(service, BruteForceResult.Protection.NONE, i, null, "a random password was accepted");
                }
                times.add(a.elapsed());
            }
        } finally {
            if (session != null) session.close();
        }
        return judge(service, times);
    }

    BruteForceResult judge(Service service, List<Duration> times) {
        if (times.size() < 4) {
            return new BruteForceResult(service, BruteForceResult.Protection.LOCKED_OUT, times.size(), times.size(),
                    "answered only " + times.size() + " of " + attempts + " attempts");
        }
        long first = Math.max(1, (times.get(0).toMillis() + times.get(1).toMillis()) / 2);
        long last = (times.get(times.size() - 1).toMillis() + times.get(times.size() - 2).toMillis()) / 2;
        long fastest = times.stream().mapToLong(Duration::toMillis).min().orElse(0);
        if (last >= first * slowdownRatio) {
            return new BruteForceResult(service, BruteForceResult.Protection.THROTTLED, times.size(), null,
                    "failures slowed from " + first + " ms to " + last + " ms over " + times.size() + " attempts");
        }
        if (fastest >= minFailureDelay.toMillis()) {
            return new BruteForceResult(service, BruteForceResult.Protection.THROTTLED, times.size(), null,
                    "every failure answered after at least " + fastest + " ms (" + times.size() + " attempts)");
        }
        return new BruteForceResult(service, BruteForceResult.Protection.NONE, times.size(), null,
                times.size() + " wrong passwords answered in " + fastest + "-" + times.stream().mapToLong(Duration::toMillis).max().orElse(0)
                        + " ms, no slow-down, no lock-out");
    }
}
