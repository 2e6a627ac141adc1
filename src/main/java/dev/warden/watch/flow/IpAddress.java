package dev.warden.watch.flow;

/**
 * An IPv4 or IPv6 address as two longs, so that flows, keys and sets of addresses need no {@code InetAddress} objects
 * and no DNS. IPv4 is held in its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}), which makes one comparison and one
 * hash serve both families.
 */
public record IpAddress(long hi, long lo) implements Comparable<IpAddress> {
    private static final long V4_MARK = 0x0000_FFFF_0000_0000L;

    public static IpAddress v4(int address) {
        return new IpAddress(0, v4Lo(address));
    }

    /** The low long of an IPv4 address ({@link #hi()} is 0), for code that keeps addresses as longs. */
    public static long v4Lo(int address) {
        return V4_MARK | (address & 0xFFFF_FFFFL);
    }

    public static IpAddress v4(int a, int b, int c, int d) {
        return v4((a << 24) | (b << 16) | (c << 8) | d);
    }

    public boolean isV4() {
        return isV4(hi, lo);
    }

    /** {@link #isV4()} of the address with these two longs. */
    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MARK;
    }

    /** The IPv4 address as a 32-bit number; only meaningful when {@link #isV4()}. */
    public int v4() {
        return (int) lo;
    }

    /**
     * Parses dotted IPv4 or textual IPv6 (RFC 4291 forms, including {@code ::} and a trailing dotted quad).
     *
     * @throws IllegalArgumentException quoting the text
     */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty address");
        if (text.indexOf(':') < 0) {
            int v = parseV4(text, 0, text.length());
            return v4(v);
        }
        return parseV6(text);
    }

    /** Like {@link #parse} but returns null instead of throwing, for hot reading loops. */
    public static IpAddress tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int parseV4(String s, int from, int to) {
        int value = 0, parts = 0, octet = -1;
        for (int i = from; i <= to; i++) {
            char c = i < to ? s.charAt(i) : '.';
            if (c == '.') {
                if (octet < 0 || parts == 4) throw bad(s);
                value = (value << 8) | octet;
                parts++;
                octet = -1;
            } else if (c >= '0' && c <= '9') {
                octet = octet < 0 ? c - '0' : octet * 10 + (c - '0');
                if (octet > 255) throw bad(s);
            } else {
                throw bad(s);
            }
        }
        if (parts != 4) throw bad(s);
        return value;
    }

    private static IpAddress parseV6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) s = s.substring(0, zone);
        int[] groups = new int[8];
        int count = 0, gap = -1, i = 0, n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int end = s.indexOf(':', i);
            if (end < 0) end = n;
            String part = s.substring(i, end);
            if (part.indexOf('.') >= 0) {
                if (end != n || count > 6) throw bad(s);
                int v4 = parseV4(part, 0, part.length());
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xFFFF;
                i = n;
                break;
            }
            if (part.isEmpty() || part.length() > 4 || count == 8) throw bad(s);
            int g = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = Character.digit(part.charAt(k), 16);
                if (d < 0) throw bad(s);
                g = (g << 4) | d;
            }
            groups[count++] = g;
            i = end + 1;
            if (end < n - 1 && s.charAt(end + 1) == ':') {
                if (gap >= 0) throw bad(s);
                gap = count;
                i = end + 2;
            } else if (end == n - 1) {
                throw bad(s);
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (count > 7) throw bad(s);
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (count - gap), count - gap);
        } else {
            if (count != 8) throw bad(s);
            full = groups;
        }
        long hi = 0, lo = 0;
        for (int k = 0; k < 4; k++) hi = (hi << 16) | full[k];
        for (int k = 4; k < 8; k++) lo = (lo << 16) | full[k];
        return new IpAddress(hi, lo);
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("'" + s + "' is not an IPv4 or IPv6 address");
    }

    /** From 4 or 16 network-order bytes. */
    public static IpAddress ofBytes(byte[] b, int off, int len) {
        if (len == 4) {
            return v4(((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF));
        }
        if (len != 16) throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + len);
        long hi = 0, lo = 0;
        for (int k = 0; k < 8; k++) hi = (hi << 8) | (b[off + k] & 0xFF);
        for (int k = 8; k < 16; k++) lo = (lo << 8) | (b[off + k] & 0xFF);
        return new IpAddress(hi, lo);
    }

    public boolean isMulticastOrBroadcast() {
        return isMulticastOrBroadcast(hi, lo);
    }

    /** {@link #isMulticastOrBroadcast()} of the address with these two longs. */
    public static boolean isMulticastOrBroadcast(long hi, long lo) {
        if (isV4(hi, lo)) {
            int v = (int) lo;
            return (v >>> 28) == 0xE || v == -1;
        }
        return (hi >>> 56) == 0xFF;
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        if (isV4()) {
            int v = v4();
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) g[k] = (int) (hi >>> (48 - 16 * k)) & 0xFFFF;
        for (int k = 0; k < 4; k++) g[4 + k] = (int) (lo >>> (48 - 16 * k)) & 0xFFFF;
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1, bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int start = k;
            while (k < 8 && g[k] == 0) k++;
            if (k - start > bestLen) {
                bestStart = start;
                bestLen = k - start;
            }
        }
        var sb = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
