package dev.warden.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per caller (API token id): {@code burst} requests at once, refilled at {@code perSecond}. Time comes
 * from an injected nanosecond source so that tests advance it instead of sleeping. The map of buckets is bounded: past
 * {@code maxCallers} it is cleared, which at worst gives every caller a fresh burst.
 */
final class RateLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final int maxCallers;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst, LongSupplier nanos, int maxCallers) {
        if (perSecond < 0 || burst < 1 && perSecond > 0) throw new IllegalArgumentException("rate limit needs a rate >= 0 and a burst >= 1");
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.maxCallers = maxCallers;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Takes one request from the caller's bucket; returns 0 when allowed, else the whole seconds to wait (at least 1). */
    long acquire(String caller) {
        if (!enabled()) return 0;
        if (buckets.size() > maxCallers) buckets.clear();
        Bucket b = buckets.computeIfAbsent(caller, k -> new Bucket(burst, nanos.getAsLong()));
        synchronized (b) {
            long now = nanos.getAsLong();
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
