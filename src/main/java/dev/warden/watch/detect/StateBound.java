package dev.warden.watch.detect;

/**
 * The bound on the keys each detector tracks at once ({@code watch.state.max-keys}) and how many keys all detectors
 * together forgot because of it: the least recently used goes, so slow activity spread over more keys than the bound
 * may be missed, and the report says when that happened. One per engine (one thread).
 */
public final class StateBound {
    private final int max;
    private long evicted;

    public StateBound(int max) {
        this.max = max;
    }

    public int max() {
        return max;
    }

    /** Keys forgotten so far, by every detector. */
    public long evicted() {
        return evicted;
    }

    void evict() {
        evicted++;
    }
}
