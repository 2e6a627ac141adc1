package dev.warden.net;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces new connections evenly: at most {@code perSecond} permits a second across all threads. Zero means unlimited.
 * Each caller reserves the next free slot under a lock and then sleeps outside it, so waiting threads do not serialise.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long nextSlot;

    public RateLimiter(int perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : 1_000_000_000L / perSecond;
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0);
    }

    public void acquire() {
        if (intervalNanos == 0) return;
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) LockSupport.parkNanos(wait);
    }
}
