package dev.warden.cli;

import dev.warden.assess.Assessment;
import dev.warden.audit.AuditListener;
import dev.warden.audit.AuditSummary;
import dev.warden.target.Target;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/** One line on the terminal that shows hosts done, devices found and failing, redrawn at most five times a second. */
final class ProgressBar implements AuditListener {
    private final PrintStream err;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger devices = new AtomicInteger();
    private final AtomicInteger failing = new AtomicInteger();
    private volatile int total;
    private volatile long lastDraw;
    private final long start = System.nanoTime();

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    @Override
    public void auditStarted(String auditId, int hosts) {
        total = hosts;
        draw(true);
    }

    @Override
    public void hostFinished(Target target, Assessment a) {
        devices.incrementAndGet();
        if (a.verdicts().stream().anyMatch(v -> v.status() == dev.warden.assess.Verdict.Status.FAIL)) failing.incrementAndGet();
    }

    @Override
    public void hostStarted(Target target) {
        draw(false);
    }

    @Override
    public void hostCompleted(Target target) {
        done.incrementAndGet();
        draw(false);
    }

    @Override
    public void hostFailed(Target target, String reason) {
        draw(false);
    }

    @Override
    public void auditFinished(AuditSummary summary) {
        done.set(total);
        draw(true);
        err.println();
    }

    private synchronized void draw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 200_000_000L) return;
        lastDraw = now;
        int width = 30;
        int d = Math.min(done.get(), total);
        int filled = total == 0 ? width : (int) ((long) d * width / total);
        err.printf("\r[%s%s] %d/%d hosts, %d devices, %d failing, %ds ", "#".repeat(filled), " ".repeat(width - filled), d, total,
                devices.get(), failing.get(), (now - start) / 1_000_000_000L);
        err.flush();
    }
}
