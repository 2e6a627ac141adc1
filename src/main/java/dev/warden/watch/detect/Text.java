package dev.warden.watch.detect;

import java.util.Locale;

/** Numbers as incident explanations print them: 12,345 packets, 7.3 MB, 22 s. */
public final class Text {
    private Text() {}

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public static String bytes(long b) {
        if (b < 10_000) return count(b) + " bytes";
        if (b < 1_000_000) return String.format(Locale.ROOT, "%.1f KB", b / 1e3);
        if (b < 1_000_000_000L) return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        return String.format(Locale.ROOT, "%.1f GB", b / 1e9);
    }

    public static String duration(long micros) {
        double s = micros / 1e6;
        if (s < 10) return String.format(Locale.ROOT, "%.1f s", s);
        if (s < 120) return String.format(Locale.ROOT, "%.0f s", s);
        if (s < 7200) return String.format(Locale.ROOT, "%.0f min", s / 60);
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }

    /** Seconds with one decimal, for figures. */
    public static double seconds(long micros) {
        return Math.round(micros / 1e5) / 10.0;
    }

    public static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public static String plural(long n, String one, String many) {
        return count(n) + " " + (n == 1 ? one : many);
    }
}
