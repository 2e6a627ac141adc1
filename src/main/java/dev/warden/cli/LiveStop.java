package dev.warden.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a live run: stops the live source, then holds the JVM's exit (it runs shutdown
 * hooks on those signals) until the run has printed its report and stats, at most {@code grace}. The exit status is
 * then the signal's (130 for Ctrl-C), as for any interrupted command.
 */
final class LiveStop implements AutoCloseable {
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private volatile Runnable stop = () -> {};
    private volatile boolean requested;

    LiveStop(Duration grace) {
        hook = new Thread(() -> {
            requested = true;
            stop.run();
            try {
                reported.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "warden-live-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What stops the current source; run at once when the signal came already. */
    void onStop(Runnable r) {
        stop = r;
        if (requested) r.run();
    }

    boolean requested() {
        return requested;
    }

    /** The report is out: a pending exit may go on. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running and waits for the latch released above
        }
    }
}
