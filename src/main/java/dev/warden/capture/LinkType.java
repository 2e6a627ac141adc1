package dev.warden.capture;

/**
 * Link-layer header types (the tcpdump.org LINKTYPE_ registry numbers used in pcap and pcapng files), for the ones
 * Warden decodes. Other values pass through {@link PacketSource#linkType()} unchanged.
 */
public final class LinkType {

    /** BSD loopback: a 4-byte address family in the byte order of the capturing host. */
    public static final int NULL = 0;
    /** Ethernet II and IEEE 802.3, optionally with 802.1Q / 802.1ad VLAN tags. */
    public static final int ETHERNET = 1;
    /** Raw IP as DLT_RAW on most platforms wrote it in old files. */
    public static final int RAW_12 = 12;
    /** Raw IP as DLT_RAW on OpenBSD wrote it in old files. */
    public static final int RAW_14 = 14;
    /** Raw IP, IPv4 or IPv6 told apart by the version nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: like {@link #NULL} but the family is always big-endian. */
    public static final int LOOP = 108;
    /** Linux "cooked" capture (tcpdump -i any), 16-byte header. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4 only. */
    public static final int IPV4 = 228;
    /** Raw IPv6 only. */
    public static final int IPV6 = 229;
    /** Linux "cooked" capture version 2, 20-byte header with the interface index. */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** A short name for messages and reports, {@code "linktype 147"} for ones without a name here. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "null";
            case ETHERNET -> "ethernet";
            case RAW_12, RAW_14, RAW -> "raw";
            case LOOP -> "loop";
            case LINUX_SLL -> "linux-sll";
            case IPV4 -> "ipv4";
            case IPV6 -> "ipv6";
            case LINUX_SLL2 -> "linux-sll2";
            case 105 -> "802.11";
            case 127 -> "802.11 radiotap";
            case 192 -> "802.11 PPI";
            default -> "linktype " + linkType;
        };
    }
}
