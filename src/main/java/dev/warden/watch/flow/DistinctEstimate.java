package dev.warden.watch.flow;

/**
 * How many distinct addresses were seen, in fixed memory: a HyperLogLog of 2^10 one-byte registers (1 KB, standard
 * error about 3 %), with linear counting while few registers are used, so that small counts are practically exact.
 * A spoofed flood brings tens of thousands of source addresses; a set would grow with every one of them.
 */
public final class DistinctEstimate {
    private static final int BITS = 10, M = 1 << BITS;
    /** 2^-rank for every rank a register can hold (Math.pow is exact for these, so the sums are as before). */
    private static final double[] POWERS = new double[66];

    /** The linear-counting estimate for each number of empty registers (computed once: the same values as per call). */
    private static final long[] LINEAR = new long[M + 1];

    static {
        for (int r = 0; r < POWERS.length; r++) POWERS[r] = Math.pow(2, -r);
        for (int zeros = 1; zeros <= M; zeros++) LINEAR[zeros] = Math.round(M * Math.log((double) M / zeros));
    }

    /** Made on the first address: a victim-side state that only counts its device's requests never needs them. */
    private byte[] registers;
    /** How many registers hold each rank: the estimate's sum is over these 66 counts, not the 1,024 registers. */
    private int[] ranks;
    private int zeros = M;
    /** The highest rank any register holds: the estimate's sum stops there (the counts above it are 0). */
    private int maxRank;
    /** The last estimate, valid until a register changes: victim-side detectors ask on every packet of a flood. */
    private long estimate;
    private boolean changed;


    public void add(IpAddress a) {
        add(a.hi(), a.lo());
    }

    /** The address as its two longs ({@link IpAddress#hi()}, {@link IpAddress#lo()}): no object per packet. */
    public void add(long hi, long lo) {
        long h = mix(hi * 0x9E3779B97F4A7C15L ^ mix(lo));
        int index = (int) (h >>> (64 - BITS));
        int rank = Long.numberOfLeadingZeros((h << BITS) | (1L << (BITS - 1))) + 1;
        if (registers == null) {
            registers = new byte[M];
            ranks = new int[POWERS.length];
            ranks[0] = M;
        }
        if (rank > registers[index]) {
            if (registers[index] == 0) zeros--;
            ranks[registers[index]]--;
            ranks[rank]++;
            registers[index] = (byte) rank;
            if (rank > maxRank) maxRank = rank;
            changed = true;
        }
    }

    /** The estimate, kept until a register changes: victim-side detectors ask on every packet of a flood. */
    public long estimate() {
        if (changed || estimate == 0) {
            estimate = compute();
            changed = false;
        }
        return estimate;
    }

    private long compute() {
        if (registers == null) return 0;
        double sum = 0;
        for (int r = 0; r <= maxRank; r++) sum += ranks[r] * POWERS[r]; // adding the zero terms above would change nothing
        double alpha = 0.7213 / (1 + 1.079 / M);
        double raw = alpha * M * M / sum;
        if (raw <= 2.5 * M && zeros > 0) return LINEAR[zeros];
        return Math.round(raw);
    }

    public void clear() {
        if (registers != null) {
            java.util.Arrays.fill(registers, (byte) 0);
            java.util.Arrays.fill(ranks, 0);
            ranks[0] = M;
        }
        zeros = M;
        maxRank = 0;
        estimate = 0;
        changed = false;
    }

    /** A 64-bit finaliser (after SplitMix64), so that neighbouring addresses spread over the registers. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
