package dev.warden.decode;

import dev.warden.capture.LinkType;

/**
 * The headers of one packet, filled in place by {@link Decoder#decode}: one instance is reused for every packet, and
 * every field is a primitive, so decoding allocates nothing.
 *
 * <p>{@link #layers()} says which headers were decoded completely; a field of a layer that is not in it holds its
 * reset value (0, or -1 where 0 is a valid value). When decoding stops early {@link #problem()} says why and
 * {@link #problemLayer()} where. Offsets are absolute positions in the memory segment that was decoded, so a detector
 * can read a payload in place.
 *
 * <p>For GRE, the outer packet is described here and the packet it carries, one level deep, by {@link #inner()}.
 */
public final class DecodedPacket {

    // Layers: bits of layers() and the value of problemLayer().
    public static final int LINK = 1;
    public static final int VLAN = 1 << 1;
    public static final int ARP = 1 << 2;
    public static final int IPV4 = 1 << 3;
    public static final int IPV6 = 1 << 4;
    /** IPv6 extension headers were walked. */
    public static final int IPV6_EXTENSIONS = 1 << 5;
    /** An IP fragment: {@link #fragmentOffset()} says which part; transport headers only in the first. */
    public static final int FRAGMENT = 1 << 6;
    public static final int TCP = 1 << 7;
    public static final int UDP = 1 << 8;
    public static final int ICMP = 1 << 9;
    public static final int ICMPV6 = 1 << 10;
    public static final int GRE = 1 << 11;
    /** {@link #inner()} holds the packet carried by GRE. */
    public static final int INNER = 1 << 12;

    // Problems: the value of problem().
    public static final int NONE = 0;
    /** The capture ends inside a header (a short snapshot length or a cut record). */
    public static final int TRUNCATED = 1;
    /** A header contradicts itself or the packet (a bad version, a length shorter than the header). */
    public static final int MALFORMED = 2;
    /** Valid, but not something Warden decodes (a link type, more VLAN tags or extension headers than the bounds). */
    public static final int UNSUPPORTED = 3;

    // TCP options: bits of tcpOptions().
    public static final int OPT_MSS = 1;
    public static final int OPT_WINDOW_SCALE = 1 << 1;
    public static final int OPT_SACK_PERMITTED = 1 << 2;
    public static final int OPT_SACK = 1 << 3;
    public static final int OPT_TIMESTAMP = 1 << 4;
    public static final int OPT_NOP = 1 << 5;
    /** An option kind other than the ones above. */
    public static final int OPT_OTHER = 1 << 6;
    /** The option list is damaged (a length that runs past the header); the walk stopped there. */
    public static final int OPT_MALFORMED = 1 << 7;

    // TCP flags: bits of tcpFlags().
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    // IPv4 flags: bits of ipFlags().
    public static final int MORE_FRAGMENTS = 1;
    public static final int DONT_FRAGMENT = 2;

    private final DecodedPacket inner;

    int linkType;
    int layers;
    int problem;
    int problemLayer;
    long offset;
    int length;

    long srcMac;
    long dstMac;
    int linkPacketType;
    int vlanCount;
    int outerVlan;
    int innerVlan;
    int etherType;

    int arpOperation;
    int arpSenderIp;
    int arpTargetIp;

    long networkOffset;
    int ipVersion;
    int tos;
    int ttl;
    int ipId;
    int ipFlags;
    int fragmentOffset;
    int protocol;
    int ipTotalLength;
    int srcIp4;
    int dstIp4;
    long srcIp6Hi;
    long srcIp6Lo;
    long dstIp6Hi;
    long dstIp6Lo;

    long transportOffset;
    int srcPort;
    int dstPort;
    int tcpSeq;
    int tcpAck;
    int tcpFlags;
    int tcpWindow;
    int tcpOptionsLength;
    int tcpOptions;
    int tcpMss;
    int tcpWindowScale;
    int tcpTsVal;
    int tcpTsEcr;
    int udpLength;
    int icmpType;
    int icmpCode;
    int greProtocol;
    int greFlags;

    long payloadOffset;
    int payloadLength;

    /** Whether the decoder walks TCP options into {@link #tcpOptions()} and the option values (a setting, not reset). */
    boolean tcpOptionsWanted = true;

    /** A holder for an outer packet, with room for the packet a GRE tunnel carries. */
    public DecodedPacket() {
        this(true);
    }

    private DecodedPacket(boolean withInner) {
        inner = withInner ? new DecodedPacket(false) : null;
    }

    /**
     * A holder whose packets' TCP options are skipped: {@link #tcpOptions()} stays 0 and the option values unset
     * ({@link #tcpOptionsLength()} is still filled). For readers that never look at them, such as {@code warden watch}
     * (about 10 ns a TCP packet).
     */
    public DecodedPacket withoutTcpOptions() {
        tcpOptionsWanted = false;
        if (inner != null) inner.tcpOptionsWanted = false;
        return this;
    }

    // Groups of fields, bits of {@link #written}: what a decode may have set beyond the fields every decode sets.
    static final int W_LINK = 1, W_ARP = 1 << 1, W_IP = 1 << 2, W_IP6 = 1 << 3, W_TRANSPORT = 1 << 4, W_TCP = 1 << 5,
            W_UDP = 1 << 6, W_ICMP = 1 << 7, W_GRE = 1 << 8;
    /**
     * The groups of fields the decoder may have written since the last {@link #reset}: each decoder step marks its group
     * before it writes, and reset() sets exactly those groups back (CaptureFuzzTest checks, on every fuzzed packet, that
     * a reused holder reads the same as a fresh one).
     */
    int written = -1;

    /**
     * Sets every field to its reset value: the ones every decode sets always, the groups of {@link #written} when the
     * last decode wrote them. An Ethernet/IPv4/TCP packet after another then resets 30 fields, not all 48 (the full
     * reset was 3% of the watch pipeline).
     */
    void reset(int linkType, long offset, int length) {
        this.linkType = linkType;
        this.offset = offset;
        this.length = length;
        layers = 0;
        problem = NONE;
        problemLayer = 0;
        srcMac = 0;
        dstMac = 0;
        etherType = -1;
        payloadOffset = offset + length;
        payloadLength = 0;
        int w = written;
        written = 0;
        if (w == 0) return;
        if ((w & W_LINK) != 0) {
            linkPacketType = -1;
            vlanCount = 0;
            outerVlan = -1;
            innerVlan = -1;
        }
        if ((w & W_ARP) != 0) {
            arpOperation = 0;
            arpSenderIp = 0;
            arpTargetIp = 0;
        }
        if ((w & W_IP) != 0) {
            networkOffset = -1;
            ipVersion = 0;
            tos = 0;
            ttl = 0;
            ipId = 0;
            ipFlags = 0;
            fragmentOffset = 0;
            protocol = -1;
            ipTotalLength = 0;
            srcIp4 = 0;
            dstIp4 = 0;
        }
        if ((w & W_IP6) != 0) {
            srcIp6Hi = 0;
            srcIp6Lo = 0;
            dstIp6Hi = 0;
            dstIp6Lo = 0;
        }
        if ((w & W_TRANSPORT) != 0) {
            transportOffset = -1;
            srcPort = -1;
            dstPort = -1;
        }
        if ((w & W_TCP) != 0) {
            tcpSeq = 0;
            tcpAck = 0;
            tcpFlags = 0;
            tcpWindow = 0;
            tcpOptionsLength = 0;
            tcpOptions = 0;
            tcpMss = -1;
            tcpWindowScale = -1;
            tcpTsVal = 0;
            tcpTsEcr = 0;
        }
        if ((w & W_UDP) != 0) udpLength = 0;
        if ((w & W_ICMP) != 0) {
            icmpType = -1;
            icmpCode = -1;
        }
        if ((w & W_GRE) != 0) {
            greProtocol = -1;
            greFlags = 0;
        }
    }

    /** Records why decoding stopped; the first problem wins. */
    void fail(int problem, int layer) {
        if (this.problem == NONE) {
            this.problem = problem;
            this.problemLayer = layer;
        }
    }

    // ---- the packet and its decoding

    /** The packet carried by GRE, valid when {@code has(INNER)}; null on an inner packet itself. */
    public DecodedPacket inner() {
        return inner;
    }

    /** The LINKTYPE_ number decoded with; for an inner packet {@link LinkType#ETHERNET} or {@link LinkType#RAW}. */
    public int linkType() {
        return linkType;
    }

    /** Bits for the layers decoded completely ({@link #IPV4}, {@link #TCP}, ...). */
    public int layers() {
        return layers;
    }

    /** True when all the given layer bits were decoded. */
    public boolean has(int layerBits) {
        return (layers & layerBits) == layerBits;
    }

    /** {@link #NONE}, {@link #TRUNCATED}, {@link #MALFORMED} or {@link #UNSUPPORTED}. */
    public int problem() {
        return problem;
    }

    /** The layer bit where decoding stopped, 0 when there was no problem. */
    public int problemLayer() {
        return problemLayer;
    }

    /** Offset of the packet's first byte (the link header) in the decoded segment. */
    public long offset() {
        return offset;
    }

    /** Captured bytes decoded. */
    public int length() {
        return length;
    }

    // ---- link layer

    /** Source MAC in the low 48 bits (Ethernet, or the SLL/SLL2 address when it is 6 bytes), else 0. */
    public long srcMac() {
        return srcMac;
    }

    /** Destination MAC in the low 48 bits (Ethernet only), else 0. */
    public long dstMac() {
        return dstMac;
    }

    /** SLL/SLL2 packet type (0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us), else -1. */
    public int linkPacketType() {
        return linkPacketType;
    }

    /** 802.1Q / 802.1ad tags seen (all of them, though only two VLAN ids are kept). */
    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN id of the first (outer) tag, or -1. */
    public int outerVlan() {
        return outerVlan;
    }

    /** VLAN id of the second tag (QinQ), or -1. */
    public int innerVlan() {
        return innerVlan;
    }

    /**
     * The network protocol as an EtherType after any VLAN tags: from the Ethernet or SLL header, or 0x0800/0x86dd for
     * raw IP and loopback. 0 for 802.3 frames with an LLC header, -1 when the link header was not decoded.
     */
    public int etherType() {
        return etherType;
    }

    // ---- ARP (Ethernet/IPv4 ARP only)

    /** 1 request, 2 reply; 0 when not ARP. */
    public int arpOperation() {
        return arpOperation;
    }

    public int arpSenderIp() {
        return arpSenderIp;
    }

    public int arpTargetIp() {
        return arpTargetIp;
    }

    // ---- network layer

    /** Offset of the IP header, or -1. */
    public long networkOffset() {
        return networkOffset;
    }

    /** 4, 6, or 0 when there is no IP header. */
    public int ipVersion() {
        return ipVersion;
    }

    /** IPv4 type of service or IPv6 traffic class (DSCP and ECN). */
    public int tos() {
        return tos;
    }

    /** IPv4 TTL or IPv6 hop limit. */
    public int ttl() {
        return ttl;
    }

    /** IPv4 identification (16 bits), or the IPv6 fragment header's identification (32 bits). */
    public int ipId() {
        return ipId;
    }

    /** {@link #MORE_FRAGMENTS} and {@link #DONT_FRAGMENT}. */
    public int ipFlags() {
        return ipFlags;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return fragmentOffset;
    }

    /** The upper-layer protocol number (after IPv6 extension headers): 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 47 GRE; -1 without IP. */
    public int protocol() {
        return protocol;
    }

    /** IPv4 total length, or 40 + the IPv6 payload length, as the header says (the capture may hold less). */
    public int ipTotalLength() {
        return ipTotalLength;
    }

    /** IPv4 source address, first octet most significant. */
    public int srcIp4() {
        return srcIp4;
    }

    public int dstIp4() {
        return dstIp4;
    }

    /** First 8 bytes of the IPv6 source address, big-endian. */
    public long srcIp6Hi() {
        return srcIp6Hi;
    }

    public long srcIp6Lo() {
        return srcIp6Lo;
    }

    public long dstIp6Hi() {
        return dstIp6Hi;
    }

    public long dstIp6Lo() {
        return dstIp6Lo;
    }

    // ---- transport layer

    /** Offset of the TCP/UDP/ICMP/GRE header, or -1. */
    public long transportOffset() {
        return transportOffset;
    }

    /** TCP or UDP source port, -1 otherwise. */
    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    /** Sequence number; compare with {@link Integer#toUnsignedLong} or as wrapping 32-bit arithmetic. */
    public int tcpSeq() {
        return tcpSeq;
    }

    public int tcpAck() {
        return tcpAck;
    }

    /** The eight flag bits, {@link #FIN} to {@link #CWR}. */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** True when exactly the given flags are set among SYN, ACK, FIN, RST (so a SYN is {@code SYN}, not SYN-ACK). */
    public boolean tcpControl(int flags) {
        return (tcpFlags & (SYN | ACK | FIN | RST)) == flags;
    }

    /** Window field as sent (not scaled). */
    public int tcpWindow() {
        return tcpWindow;
    }

    /** Bytes of options: the header length minus 20. Mirai's SYN flood sends exactly 20. */
    public int tcpOptionsLength() {
        return tcpOptionsLength;
    }

    /** Bits for the options present: {@link #OPT_MSS}, {@link #OPT_SACK_PERMITTED}, ... */
    public int tcpOptions() {
        return tcpOptions;
    }

    /** MSS option value, or -1. */
    public int tcpMss() {
        return tcpMss;
    }

    /** Window-scale shift, or -1. */
    public int tcpWindowScale() {
        return tcpWindowScale;
    }

    public int tcpTsVal() {
        return tcpTsVal;
    }

    public int tcpTsEcr() {
        return tcpTsEcr;
    }

    /** The UDP header's length field. */
    public int udpLength() {
        return udpLength;
    }

    /** ICMP or ICMPv6 type (tell them apart by {@link #protocol()}), or -1. */
    public int icmpType() {
        return icmpType;
    }

    public int icmpCode() {
        return icmpCode;
    }

    /** The EtherType GRE carries (0x0800, 0x86dd, 0x6558 transparent Ethernet bridging, ...), or -1. */
    public int greProtocol() {
        return greProtocol;
    }

    /** The GRE flags and version word (checksum 0x8000, key 0x2000, sequence 0x1000, version in the low 3 bits). */
    public int greFlags() {
        return greFlags;
    }

    // ---- payload

    /**
     * Offset of the payload: after the TCP/UDP header, after the ICMP header's first 8 bytes, after GRE's header, or
     * after the deepest header decoded (the IP payload of a non-first fragment or an unknown protocol).
     */
    public long payloadOffset() {
        return payloadOffset;
    }

    /** Payload bytes present in the capture, bounded by the IP (and UDP) length: Ethernet padding is excluded. */
    public int payloadLength() {
        return payloadLength;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DecodedPacket[").append(LinkType.name(linkType));
        if (ipVersion == 4) {
            sb.append(' ').append(ip4(srcIp4)).append(" > ").append(ip4(dstIp4));
        } else if (ipVersion == 6) {
            sb.append(" ipv6");
        }
        sb.append(" proto=").append(protocol);
        if (srcPort >= 0) sb.append(' ').append(srcPort).append(" > ").append(dstPort);
        if (has(TCP)) sb.append(" flags=0x").append(Integer.toHexString(tcpFlags));
        sb.append(" payload=").append(payloadLength);
        if (problem != NONE) sb.append(" problem=").append(problem).append(" at layer 0x").append(Integer.toHexString(problemLayer));
        if (has(INNER)) sb.append(" inner=").append(inner);
        return sb.append(']').toString();
    }

    private static String ip4(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }
}
