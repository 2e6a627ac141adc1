package dev.warden.protocol.dhcp;

import java.util.Optional;

/**
 * What a DHCP client says about itself in a request (RFC 2131 section 2, options of RFC 2132): its hardware address
 * ({@code chaddr}) and the host name it asks to be known by (option 12), which embedded devices fill with their model
 * or maker ("DCS-935L", "HS110(EU)", "Philips-hue", "ESP_07AEFB"). The packet comes from the device and may be damaged
 * or hostile: every read is checked against its length, the option walk is bounded by the packet, and a packet that
 * breaks a rule gives nothing.
 */
public final class DhcpRequest {
    /** op, htype, hlen, hops, xid, secs, flags, 4 addresses, chaddr (16), sname (64), file (128): the fixed part. */
    static final int FIXED = 236;
    static final int MAGIC = 0x63825363;
    static final int BOOTREQUEST = 1, ETHERNET = 1, PAD = 0, END = 255, HOST_NAME = 12;
    /** Longest host name kept (the option can hold 255 bytes; names are labels of at most 63). */
    public static final int MAX_NAME = 64;

    /** A client's request: its MAC as the low 48 bits of a long, and the host name it sent, or null. */
    public record Request(long mac, String hostName) {}

    private DhcpRequest() {}

    /** The client's MAC and host name of the BOOTP/DHCP message {@code b}, when it is an Ethernet client's request. */
    public static Optional<Request> parse(byte[] b, int length) {
        if (length > b.length || length < FIXED + 4) return Optional.empty();
        if ((b[0] & 0xFF) != BOOTREQUEST || (b[1] & 0xFF) != ETHERNET || (b[2] & 0xFF) != 6) return Optional.empty();
        if (int32(b, FIXED) != MAGIC) return Optional.empty();
        long mac = 0;
        for (int i = 0; i < 6; i++) mac = mac << 8 | (b[28 + i] & 0xFF);
        if (mac == 0) return Optional.empty();
        String name = null;
        int p = FIXED + 4;
        while (p < length) {
            int code = b[p] & 0xFF;
            if (code == END) break;
            if (code == PAD) {
                p++;
                continue;
            }
            if (p + 1 >= length) return Optional.empty();
            int len = b[p + 1] & 0xFF;
            if (p + 2 + len > length) return Optional.empty(); // the option runs past the packet: damaged
            if (code == HOST_NAME && len > 0) name = printable(b, p + 2, len);
            p += 2 + len;
        }
        return Optional.of(new Request(mac, name));
    }

    /** The bytes as text with control and non-ASCII bytes left out, trimmed, at most {@link #MAX_NAME}; null if empty. */
    static String printable(byte[] b, int from, int len) {
        var sb = new StringBuilder(Math.min(len, MAX_NAME));
        for (int i = from; i < from + len && sb.length() < MAX_NAME; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) sb.append((char) c);
        }
        String s = sb.toString().strip();
        return s.isEmpty() ? null : s;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
