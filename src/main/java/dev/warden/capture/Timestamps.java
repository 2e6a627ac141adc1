package dev.warden.capture;

import java.util.Arrays;

/**
 * Converts pcapng timestamps, counted in each interface's own unit, to nanoseconds since the epoch.
 *
 * <p>{@code if_tsresol} is one byte: with the top bit clear the unit is 10^-n seconds, with it set 2^-n seconds.
 * Decimal units down to nanoseconds are a multiplication, finer ones a division; binary units split the count into
 * whole seconds and a fraction so that the 128-bit product of fraction and 10^9 never overflows.
 * {@code if_tsoffset} adds whole seconds.
 */
final class Timestamps {

    private static final int MULTIPLY = 0;
    private static final int DIVIDE = 1;
    private static final int BINARY = 2;
    private static final long NANOS = 1_000_000_000L;

    private int[] mode = new int[4];
    private long[] factor = new long[4];
    private int[] shift = new int[4];
    private long[] offsetNanos = new long[4];

    /** Records interface {@code id}'s unit; false when the resolution is finer than 10^-18 or 2^-63 s. */
    boolean set(int id, int tsresol, long offsetSeconds) {
        if (id >= mode.length) {
            int n = Math.max(id + 1, mode.length * 2);
            mode = Arrays.copyOf(mode, n);
            factor = Arrays.copyOf(factor, n);
            shift = Arrays.copyOf(shift, n);
            offsetNanos = Arrays.copyOf(offsetNanos, n);
        }
        int n = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) {
            if (n > 63) return false;
            mode[id] = BINARY;
            shift[id] = n;
        } else if (n <= 9) {
            mode[id] = MULTIPLY;
            factor[id] = pow10(9 - n);
        } else if (n <= 18) {
            mode[id] = DIVIDE;
            factor[id] = pow10(n - 9);
        } else {
            return false;
        }
        offsetNanos[id] = offsetSeconds * NANOS;  // wraps only for offsets beyond 292 years: a corrupt option
        return true;
    }

    long toNanos(int id, long units) {
        long nanos = switch (mode[id]) {
            case MULTIPLY -> units * factor[id];
            case DIVIDE -> Long.divideUnsigned(units, factor[id]);
            default -> {
                int k = shift[id];
                if (k == 0) yield units * NANOS;
                long seconds = units >>> k;
                long fraction = units & ((1L << k) - 1);
                long high = Math.unsignedMultiplyHigh(fraction, NANOS);
                long low = fraction * NANOS;
                yield seconds * NANOS + ((high << (64 - k)) | (low >>> k));
            }
        };
        return nanos + offsetNanos[id];
    }

    private static long pow10(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) v *= 10;
        return v;
    }
}
