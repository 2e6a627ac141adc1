package dev.warden.protocol.ssdp;

import java.util.Optional;

/**
 * What a device says about itself over SSDP (UPnP Device Architecture 1.1, section 1): the SERVER header of its
 * NOTIFY announcements and of its answers to M-SEARCH, "OS/version UPnP/1.0 product/version" ("Linux/3.14.0 UPnP/1.0
 * IpBridge/1.9.0", "Linux, UPnP/1.0 DCS-935L/1.0"). Only the message head is read (up to {@link #MAX_HEAD} bytes);
 * control and non-ASCII bytes are dropped, runs of spaces made one, and the value is clipped, since the device may be
 * hostile. No regular expression and no string per line: a busy network carries many of these.
 */
public final class SsdpAnnouncement {
    public static final int MAX_HEAD = 2048, MAX_VALUE = 128;
    private static final byte[] NOTIFY = {'N', 'O', 'T', 'I', 'F', 'Y', ' '}, HTTP = {'H', 'T', 'T', 'P', '/', '1', '.'};
    private static final byte[] SERVER = {'s', 'e', 'r', 'v', 'e', 'r'};

    private SsdpAnnouncement() {}

    /** Whether the message starts as a NOTIFY or a search answer does (asked before copying a packet out). */
    public static boolean looksLikeOne(byte first) {
        return first == 'N' || first == 'H';
    }

    /** The SERVER header of an SSDP NOTIFY or M-SEARCH answer ({@code length} bytes of {@code b}); empty for others. */
    public static Optional<String> server(byte[] b, int length) {
        int end = Math.min(Math.min(length, b.length), MAX_HEAD);
        if (!startsWith(b, 0, end, NOTIFY) && !startsWith(b, 0, end, HTTP)) return Optional.empty();
        int line = next(b, 0, end);
        while (line < end) {
            int eol = line;
            while (eol < end && b[eol] != '\n') eol++;
            int stop = eol > line && b[eol - 1] == '\r' ? eol - 1 : eol;
            if (stop == line) break; // the blank line: the head ended
            int colon = line;
            while (colon < stop && b[colon] != ':') colon++;
            if (colon < stop && isServer(b, line, colon)) return value(b, colon + 1, stop);
            line = eol + 1;
        }
        return Optional.empty();
    }

    private static int next(byte[] b, int from, int end) {
        int i = from;
        while (i < end && b[i] != '\n') i++;
        return i + 1;
    }

    private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (b[at + i] != prefix[i]) return false;
        return true;
    }

    /** The header name between {@code from} and {@code colon}, spaces around it ignored, is SERVER in any case. */
    private static boolean isServer(byte[] b, int from, int colon) {
        while (from < colon && b[from] == ' ') from++;
        while (colon > from && b[colon - 1] == ' ') colon--;
        if (colon - from != SERVER.length) return false;
        for (int i = 0; i < SERVER.length; i++) if ((b[from + i] | 0x20) != SERVER[i]) return false;
        return true;
    }

    private static Optional<String> value(byte[] b, int from, int to) {
        var sb = new StringBuilder(Math.min(to - from, MAX_VALUE));
        boolean space = true; // drops leading spaces and makes runs of them one
        for (int i = from; i < to && sb.length() < MAX_VALUE; i++) {
            int c = b[i] & 0xFF;
            if (c == ' ' || c == '\t') {
                if (!space) sb.append(' ');
                space = true;
            } else if (c > 0x20 && c < 0x7F) {
                sb.append((char) c);
                space = false;
            }
        }
        String v = sb.toString().strip();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
