package dev.warden.watch;

import dev.warden.capture.CaptureException;
import dev.warden.capture.CaptureStats;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The progress line of a live capture, every {@code watch.capture.stats-interval} of the reader's clock
 * (docs/live-capture.md): IP packets analysed, libpcap's received and dropped counters so far, flows, devices and
 * incidents.
 *
 * <p>The packet path pays nothing for it: no clock read and no check per packet. A thread of its own wakes once per
 * interval and only reads: the engine's {@link WatchEngine#progress()}, which the capture thread publishes once per
 * second of event time, and libpcap's counters (pcap_stats, which on Linux asks the socket for its statistics and adds
 * them to a running total that the reading calls do not touch). The schedule and the line are worked out here from an
 * injected ticker, so that tests move time by hand.
 */
public final class CaptureProgress {
    /** libpcap's counters, as {@link dev.warden.capture.LiveCapture#stats()} reads them. */
    @FunctionalInterface
    public interface Counters {
        CaptureStats read() throws CaptureException;
    }

    private final String source;
    private final long interval;
    private final LongSupplier ticker;
    private final long start;
    private long next;

    /**
     * @param source   the interface, named at the start of each line
     * @param interval time between lines; positive
     * @param ticker   nanoseconds from a fixed origin (System::nanoTime)
     */
    public CaptureProgress(String source, Duration interval, LongSupplier ticker) {
        if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("the interval must be positive (got " + interval + ")");
        this.source = source;
        this.interval = interval.toNanos();
        this.ticker = ticker;
        this.start = ticker.getAsLong();
        this.next = start + this.interval;
    }

    /** Nanoseconds until the next line is due; 0 or less when it is due now. */
    public long nanosToNext() {
        return next - ticker.getAsLong();
    }

    /**
     * The line due now, or null when none is. Lines fall on whole multiples of the interval from the start; when more
     * than one was missed (a stalled thread, a suspended machine) one line stands for them all, never a burst.
     */
    public String poll(WatchEngine.Progress engine, Counters kernel) {
        long now = ticker.getAsLong();
        if (now < next) return null;
        long due = next + (now - next) / interval * interval; // the latest slot that has passed
        next = due + interval;
        String counters;
        try {
            counters = kernel.read().summary();
        } catch (CaptureException | IllegalStateException e) {
            counters = "no counters (" + e.getMessage() + ")";
        }
        return line(source, due - start, engine, counters);
    }

    /**
     * "warden: eth1: after 10 s: 1843 IP packets analysed; libpcap: 1850 packets received, 0 dropped by the kernel, 0
     * dropped by the interface; 12 flows open, 40 ended; 5 devices; 1 open incident, 3 in all".
     */
    static String line(String source, long elapsedNanos, WatchEngine.Progress p, String counters) {
        return "warden: " + source + ": after " + elapsed(elapsedNanos) + ": " + p.packets() + " IP packets analysed; libpcap: " + counters
                + "; " + p.flowsOpen() + (p.flowsOpen() == 1 ? " flow" : " flows") + " open, " + p.flowsEnded() + " ended; "
                + p.devices() + (p.devices() == 1 ? " device; " : " devices; ")
                + p.openIncidents() + (p.openIncidents() == 1 ? " open incident, " : " open incidents, ") + p.incidents() + " in all";
    }

    /** 0.5 s, 10 s, 2 min 5 s, 1 h 2 min: as long as a line's time needs and no longer. */
    static String elapsed(long nanos) {
        long ms = nanos / 1_000_000;
        if (ms < 10_000 && ms % 1000 != 0) return String.format(Locale.ROOT, "%.1f s", ms / 1e3);
        long s = ms / 1000;
        if (s < 120) return s + " s";
        if (s < 3600) return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        return s / 3600 + " h" + (s / 60 % 60 == 0 ? "" : " " + s / 60 % 60 + " min");
    }

    /**
     * Prints a line to {@code out} every {@code interval} on a daemon thread, until closed; a zero interval prints
     * nothing (the setting's "off"). Close it before the capture, so that no line follows the final counters.
     */
    public static Running start(String source, Duration interval, LongSupplier ticker, Supplier<WatchEngine.Progress> engine, Counters kernel,
                                Consumer<String> out) {
        if (interval.isZero()) return new Running(null);
        var progress = new CaptureProgress(source, interval, ticker);
        Thread t = Thread.ofPlatform().daemon().name("warden-capture-progress").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long wait = progress.nanosToNext();
                try {
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                        continue;
                    }
                } catch (InterruptedException e) {
                    return; // closed
                }
                String line = progress.poll(engine.get(), kernel);
                if (line != null) out.accept(line);
            }
        });
        return new Running(t);
    }

    /** The printing thread; closing stops it and waits for it, so that a line being printed is finished first. */
    public static final class Running implements AutoCloseable {
        private final Thread thread;

        private Running(Thread thread) {
            this.thread = thread;
        }

        @Override
        public void close() {
            if (thread == null) return;
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
