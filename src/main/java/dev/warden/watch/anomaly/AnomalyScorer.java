package dev.warden.watch.anomaly;

import dev.warden.watch.flow.FlowRecord;

import java.util.Arrays;

/**
 * A per-device anomaly score from incremental damped statistics, after Kitsune's AfterImage (Mirsky et al., NDSS 2018):
 * for each of several half-lives the device keeps a decayed flow count {@code w}, and decayed linear and squared sums
 * of the flow size (log bytes), updated in O(1) per flow with the decay {@code 2^(-Δt / halfLife)}. Kitsune feeds such
 * statistics to an autoencoder ensemble; Warden keeps it simpler and explainable: the score is how far the device's
 * short-window behaviour (flow rate and typical flow size) has moved from its own longer-window behaviour, beyond a dead
 * zone of a doubling of the rate and one standard deviation of the size, squashed to 0-100. It ranks and corroborates incidents; it never raises one.
 *
 * <p>State is primitive arrays indexed by device (five doubles per half-life), grown on demand.
 */
public final class AnomalyScorer {
    private static final int W = 0, LS = 1, SS = 2, STRIDE = 3;
    /** Decayed flows below which the longest window is still warming up and the score stays 0. */
    private static final double WARM = 20;

    private final double[] halfLives; // seconds, ascending
    private double[] stats = new double[0];
    private long[] last = new long[0];
    private double[] best = new double[0];
    private long[] scored = new long[0];
    /** Whether flows were added since the device's last sample: its peak is settled before anyone reads it. */
    private boolean[] unsampled = new boolean[0];
    private long lastSize = -1;
    private double lastLog;

    public AnomalyScorer(double[] halfLivesSeconds) {
        if (halfLivesSeconds.length < 2) throw new IllegalArgumentException("the anomaly score needs at least two half-lives");
        halfLives = halfLivesSeconds.clone();
        Arrays.sort(halfLives);
    }

    private void ensure(int device) {
        if (device < last.length) return;
        int n = Math.max(device + 1, last.length * 2);
        int old = last.length;
        last = Arrays.copyOf(last, n);
        Arrays.fill(last, old, n, Long.MIN_VALUE);
        stats = Arrays.copyOf(stats, n * halfLives.length * STRIDE);
        best = Arrays.copyOf(best, n);
        scored = Arrays.copyOf(scored, n);
        unsampled = Arrays.copyOf(unsampled, n);
        Arrays.fill(scored, old, n, Long.MIN_VALUE);
    }

    /** Adds one flow of the device at its end time, the event time being the flow's end. */
    public void observe(int device, FlowRecord f) {
        observe(device, f, f.endMicros());
    }

    /**
     * Adds one flow of the device at its end time; {@code now} is the engine's event time, which only moves forward
     * (a flow table ends flows by deadline, so their end times do not).
     */
    public void observe(int device, FlowRecord f, long now) {
        ensure(device);
        long t = f.endMicros();
        long size = f.origBytes() + f.respBytes();
        if (size != lastSize) { // a flood's flows are alike: log1p is a fifth of the score's cost when asked per flow
            lastSize = size;
            lastLog = Math.log1p(size);
        }
        double x = lastLog;
        int base = device * halfLives.length * STRIDE;
        double dt = last[device] == Long.MIN_VALUE ? 0 : Math.max(0, (t - last[device]) / 1e6);
        if (last[device] == Long.MIN_VALUE || t > last[device]) last[device] = t;
        for (int i = 0; i < halfLives.length; i++) {
            int o = base + i * STRIDE;
            // no pow within the same microsecond (2^-0 is exactly 1): a flood's flows often end together
            double decay = dt > 0 ? Math.pow(2, -dt / halfLives[i]) : 1;
            stats[o + W] = stats[o + W] * decay + 1;
            stats[o + LS] = stats[o + LS] * decay + x;
            stats[o + SS] = stats[o + SS] * decay + x * x;
        }
        // The peak is sampled once per second of event time per device: scoring every flow of a flood costs more than
        // the flood's detection (measured: a third of the engine's time on the IoT-23 replay). Event time, not the
        // flow's end: flows from a flow table end out of order, and sampling by their ends scored nearly every flow.
        // Flows that come later in the same second (all of a device's flows when the input ends and the table is
        // flushed) are sampled when the peak is next read.
        if (scored[device] == Long.MIN_VALUE || now - scored[device] >= 1_000_000 || now < scored[device]) {
            scored[device] = now;
            best[device] = Math.max(best[device], current(device));
            unsampled[device] = false;
        } else {
            unsampled[device] = true;
        }
    }

    /** The device's score now (0-100); 0 while its longest window is warming up. */
    public double current(int device) {
        if (device >= last.length || last[device] == Long.MIN_VALUE) return 0;
        int base = device * halfLives.length * STRIDE;
        int longest = base + (halfLives.length - 1) * STRIDE;
        if (stats[longest + W] < WARM) return 0;
        double deviation = 0;
        for (int i = 0; i + 1 < halfLives.length; i++) {
            for (int j = i + 1; j < halfLives.length; j++) {
                int sh = base + i * STRIDE, lg = base + j * STRIDE;
                // Rates: a decayed count over a half-life h approximates rate * h / ln 2 (the factor cancels in the ratio).
                double rateShort = stats[sh + W] / halfLives[i], rateLong = stats[lg + W] / halfLives[j];
                double rateShift = Math.abs(Math.log(rateShort / rateLong) / Math.log(2));
                double meanS = stats[sh + LS] / stats[sh + W], meanL = stats[lg + LS] / stats[lg + W];
                double varL = Math.max(0, stats[lg + SS] / stats[lg + W] - meanL * meanL);
                double sizeShift = Math.abs(meanS - meanL) / (Math.sqrt(varL) + 0.5);
                // A dead zone of one doubling and one standard deviation: a short window sees periodic traffic in lumps.
                deviation = Math.max(deviation, Math.max(0, rateShift - 1) / 2 + Math.max(0, sizeShift - 1) / 2);
            }
        }
        return Math.round(1000 * (1 - Math.exp(-deviation))) / 10.0;
    }

    /** The highest score the device has had: what incidents carry, since the moment of the incident may have passed. */
    public double peak(int device) {
        if (device >= best.length) return 0;
        if (unsampled[device]) {
            best[device] = Math.max(best[device], current(device));
            unsampled[device] = false;
        }
        return best[device];
    }

    public static double[] parseHalfLives(String list) {
        String[] parts = list.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = dev.warden.config.Settings.parseDuration(parts[i].strip()).toMillis() / 1000.0;
            if (out[i] <= 0) throw new IllegalArgumentException("half-life '" + parts[i].strip() + "' must be positive");
        }
        return out;
    }
}
