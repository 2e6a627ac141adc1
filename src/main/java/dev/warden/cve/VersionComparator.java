package dev.warden.cve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders firmware and software version strings the way vendors write them, which is rarely semver:
 * "1.04b12", "1.0.7.2_1.1.93", "V5.4.0 build 160530", "4.02.R11.7601".
 *
 * <p>A version is cut into tokens at every character that is not a letter or digit (so '.', '-', '_'
 * and spaces all separate), and each piece again where digits meet letters ("04b12" becomes 04, b, 12).
 * Numeric tokens compare by value (leading zeros and length do not matter), letter tokens compare
 * case-insensitively. Trailing zero tokens are dropped first, so "1.0" equals "1.0.0", and a leading
 * "v" before a digit is ignored, so "V5.4.0" equals "5.4.0".
 *
 * <p>At one position the kinds rank: nothing &lt; letters &lt; number. That makes "1.04" &lt; "1.04b12"
 * (IoT firmware suffixes like b12 or "build 160530" name later builds, not pre-releases) and
 * "1.0.beta" &lt; "1.0.1". Because the order is a plain lexicographic order over canonical tokens it is
 * total and transitive, which a sorted index and range checks rely on.
 */
public final class VersionComparator implements Comparator<String> {

    public static final VersionComparator INSTANCE = new VersionComparator();

    private VersionComparator() {
    }

    @Override
    public int compare(String a, String b) {
        return compareVersions(a, b);
    }

    /** Negative, zero or positive as {@code a} is older than, the same as, or newer than {@code b}. */
    public static int compareVersions(String a, String b) {
        List<String> ta = tokens(a);
        List<String> tb = tokens(b);
        int n = Math.max(ta.size(), tb.size());
        for (int i = 0; i < n; i++) {
            int c = compareToken(i < ta.size() ? ta.get(i) : null, i < tb.size() ? tb.get(i) : null);
            if (c != 0) return c;
        }
        return 0;
    }

    /** True when both strings name the same version ("5.4.0" and "V5.4" do). */
    public static boolean same(String a, String b) {
        return compareVersions(a, b) == 0;
    }

    static List<String> tokens(String version) {
        if (version == null) throw new IllegalArgumentException("version is null");
        String v = version.strip();
        if (v.length() > 1 && (v.charAt(0) == 'v' || v.charAt(0) == 'V') && Character.isDigit(v.charAt(1))) {
            v = v.substring(1);
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (isDigit(c)) {
                int j = i;
                while (j < v.length() && isDigit(v.charAt(j))) j++;
                out.add(stripLeadingZeros(v.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < v.length() && Character.isLetter(v.charAt(j))) j++;
                out.add(v.substring(i, j).toLowerCase(java.util.Locale.ROOT));
                i = j;
            } else {
                i++;
            }
        }
        // Trailing zeros carry no meaning ("1.0" is "1.0.0"); dropping them keeps equality transitive.
        while (!out.isEmpty() && out.getLast().equals("0")) out.removeLast();
        return out;
    }

    private static int compareToken(String x, String y) {
        int kx = kind(x);
        int ky = kind(y);
        if (kx != ky) return Integer.compare(kx, ky);
        if (x == null) return 0;
        if (kx == NUMBER) {
            // Compare digit strings without parsing: build numbers overflow long in the wild.
            if (x.length() != y.length()) return Integer.compare(x.length(), y.length());
            return x.compareTo(y);
        }
        return x.compareTo(y);
    }

    private static final int MISSING = 0;
    private static final int LETTERS = 1;
    private static final int NUMBER = 2;

    private static int kind(String token) {
        if (token == null) return MISSING;
        return isDigit(token.charAt(0)) ? NUMBER : LETTERS;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String stripLeadingZeros(String digits) {
        int k = 0;
        while (k < digits.length() - 1 && digits.charAt(k) == '0') k++;
        return digits.substring(k);
    }
}
