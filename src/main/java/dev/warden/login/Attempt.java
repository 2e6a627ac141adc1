package dev.warden.login;

import java.time.Duration;

/** What one login attempt showed, with the words or bytes that prove it. */
public record Attempt(Outcome outcome, String evidence, Duration elapsed) {
    public enum Outcome {
        /** Logged in, proven (a shell echoed a random token, a protocol said "authenticated"). */
        ACCEPTED,
        /** The device said no. */
        REJECTED,
        /** The device's answer proves neither (no prompt, no failure, no proof). */
        INCONCLUSIVE,
        /** The connection was refused, reset or timed out before an answer. */
        REFUSED
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
