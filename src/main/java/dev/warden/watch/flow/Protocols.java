package dev.warden.watch.flow;

/** IANA protocol numbers Warden names, and Zeek's names for them. */
public final class Protocols {
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int GRE = 47;
    public static final int ICMPV6 = 58;

    private Protocols() {}

    /** Zeek's conn.log {@code proto} (tcp, udp, icmp, unknown_transport) or a number; -1 when unreadable. */
    public static int parse(String s) {
        if (s == null) return -1;
        return switch (s) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            case "icmp" -> ICMP;
            case "icmp6", "icmpv6" -> ICMPV6;
            case "gre" -> GRE;
            case "unknown_transport" -> 255;
            default -> {
                try {
                    int n = Integer.parseInt(s);
                    yield n >= 0 && n <= 255 ? n : -1;
                } catch (NumberFormatException e) {
                    yield -1;
                }
            }
        };
    }

    public static String name(int protocol) {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case ICMP -> "icmp";
            case ICMPV6 -> "icmp6";
            case GRE -> "gre";
            default -> "proto" + protocol;
        };
    }
}
