package dev.warden.decode;

import dev.warden.capture.LinkType;
import dev.warden.capture.PacketSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.warden.decode.DecodedPacket.ARP;
import static dev.warden.decode.DecodedPacket.FRAGMENT;
import static dev.warden.decode.DecodedPacket.GRE;
import static dev.warden.decode.DecodedPacket.ICMP;
import static dev.warden.decode.DecodedPacket.ICMPV6;
import static dev.warden.decode.DecodedPacket.INNER;
import static dev.warden.decode.DecodedPacket.IPV4;
import static dev.warden.decode.DecodedPacket.IPV6;
import static dev.warden.decode.DecodedPacket.IPV6_EXTENSIONS;
import static dev.warden.decode.DecodedPacket.LINK;
import static dev.warden.decode.DecodedPacket.MALFORMED;
import static dev.warden.decode.DecodedPacket.TCP;
import static dev.warden.decode.DecodedPacket.TRUNCATED;
import static dev.warden.decode.DecodedPacket.UDP;
import static dev.warden.decode.DecodedPacket.UNSUPPORTED;
import static dev.warden.decode.DecodedPacket.VLAN;

/**
 * Decodes link, network and transport headers into a reused {@link DecodedPacket}.
 *
 * <p>The hot path of {@code warden watch}: every read is a big-endian load straight from the capture's memory
 * segment (no copy into a buffer), every field lands in a primitive, and nothing is allocated. Every read is preceded
 * by a length check against the packet's end, so damaged bytes stop the walk with {@link DecodedPacket#problem()}
 * set and never throw; the segment's own bounds check is then never the one that fires.
 *
 * <p>Link types: Ethernet (802.1Q/802.1ad/QinQ tags, 802.3 with LLC/SNAP), raw IP (101, 12, 14, 228, 229), Linux
 * cooked SLL (113) and SLL2 (276), BSD null (0) and OpenBSD loop (108). Network: IPv4 (options skipped), IPv6 with
 * hop-by-hop, routing, fragment, destination options, AH, mobility, HIP and shim6 headers walked up to
 * {@value #MAX_IPV6_EXTENSIONS} deep, ARP. Transport: TCP with options, UDP, ICMP, ICMPv6, GRE (versions 0 and 1)
 * with the carried IPv4, IPv6 or Ethernet (0x6558) packet decoded one level deep into {@link DecodedPacket#inner()}.
 */
public final class Decoder {

    /** 802.1Q, 802.1ad and the pre-standard 0x9100 QinQ tag; more than this many tags is not a real frame. */
    static final int MAX_VLAN_TAGS = 8;
    /** IPv6 extension headers walked before giving up; real traffic has at most a few. */
    static final int MAX_IPV6_EXTENSIONS = 8;

    static final int ETH_IPV4 = 0x0800;
    static final int ETH_ARP = 0x0806;
    static final int ETH_IPV6 = 0x86DD;
    static final int ETH_TEB = 0x6558;
    static final int ETH_8021Q = 0x8100;
    static final int ETH_8021AD = 0x88A8;
    static final int ETH_QINQ = 0x9100;

    private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Decoder() {
    }

    /** Decodes the current packet of {@code source}. */
    public static boolean decode(PacketSource source, DecodedPacket out) {
        return decode(source.segment(), source.offset(), source.capturedLength(), source.linkType(), out);
    }

    /**
     * Decodes the packet of {@code length} bytes at {@code offset} in {@code seg}.
     *
     * @param linkType the LINKTYPE_ number of its first header (see {@link LinkType})
     * @return true when every header was decoded without a problem (the outer packet's; see {@link DecodedPacket#inner()})
     */
    public static boolean decode(MemorySegment seg, long offset, int length, int linkType, DecodedPacket out) {
        out.reset(linkType, offset, length);
        if (offset < 0 || length < 0 || offset > seg.byteSize() - length) {
            out.payloadOffset = offset;
            out.payloadLength = 0;
            out.fail(MALFORMED, LINK);
            return false;
        }
        long end = offset + length;
        switch (linkType) {
            case LinkType.ETHERNET -> ethernet(seg, offset, end, out, 0);
            case LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14 -> rawIp(seg, offset, end, out);
            case LinkType.IPV4 -> {
                out.layers |= LINK;
                network(seg, offset, end, ETH_IPV4, out, 0);
            }
            case LinkType.IPV6 -> {
                out.layers |= LINK;
                network(seg, offset, end, ETH_IPV6, out, 0);
            }
            case LinkType.LINUX_SLL -> sll(seg, offset, end, out);
            case LinkType.LINUX_SLL2 -> sll2(seg, offset, end, out);
            case LinkType.NULL, LinkType.LOOP -> loopback(seg, offset, end, linkType == LinkType.LOOP, out);
            default -> {
                payload(out, offset, end);
                out.fail(UNSUPPORTED, LINK);
            }
        }
        return out.problem == DecodedPacket.NONE;
    }

    // ---- link layer

    private static void ethernet(MemorySegment seg, long off, long end, DecodedPacket p, int depth) {
        if (end - off < 14) {
            truncated(p, LINK, off, end);
            return;
        }
        // two reads for the 14 bytes: destination (0-5), source (6-11), type (12-13)
        long w0 = seg.get(BE64, off), w1 = seg.get(BE64, off + 6);
        p.dstMac = w0 >>> 16;
        p.srcMac = w1 >>> 16;
        p.layers |= LINK;
        etherType(seg, off + 14, end, (int) w1 & 0xFFFF, p, depth);
    }

    /** Walks VLAN tags and an LLC/SNAP header after an EtherType field, then decodes what it names. */
    private static void etherType(MemorySegment seg, long off, long end, int type, DecodedPacket p, int depth) {
        while (type == ETH_8021Q || type == ETH_8021AD || type == ETH_QINQ) {
            p.written |= DecodedPacket.W_LINK;
            if (end - off < 4) {
                truncated(p, VLAN, off, end);
                return;
            }
            if (p.vlanCount == MAX_VLAN_TAGS) {
                payload(p, off, end);
                p.fail(UNSUPPORTED, VLAN);
                return;
            }
            int vid = u16(seg, off) & 0xFFF;
            if (p.vlanCount == 0) {
                p.outerVlan = vid;
            } else if (p.vlanCount == 1) {
                p.innerVlan = vid;
            }
            p.vlanCount++;
            p.layers |= VLAN;
            type = u16(seg, off + 2);
            off += 4;
        }
        if (type < 0x0600) {
            // An 802.3 length field: an 802.2 LLC header follows; only SNAP with a zero OUI carries an EtherType.
            if (end - off >= 8 && u16(seg, off) == 0xAAAA && u8(seg, off + 2) == 3 && (u32(seg, off + 2) & 0xFFFFFF) == 0) {
                type = u16(seg, off + 6);
                off += 8;
            } else {
                p.etherType = 0;
                payload(p, off, end);
                return;
            }
        }
        network(seg, off, end, type, p, depth);
    }

    private static void rawIp(MemorySegment seg, long off, long end, DecodedPacket p) {
        if (end - off < 1) {
            truncated(p, LINK, off, end);
            return;
        }
        p.layers |= LINK;
        int version = u8(seg, off) >>> 4;
        if (version == 4) {
            network(seg, off, end, ETH_IPV4, p, 0);
        } else if (version == 6) {
            network(seg, off, end, ETH_IPV6, p, 0);
        } else {
            payload(p, off, end);
            p.fail(MALFORMED, LINK);
        }
    }

    /** Linux cooked capture v1: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
    private static void sll(MemorySegment seg, long off, long end, DecodedPacket p) {
        p.written |= DecodedPacket.W_LINK;
        if (end - off < 16) {
            truncated(p, LINK, off, end);
            return;
        }
        p.linkPacketType = u16(seg, off);
        if (u16(seg, off + 4) == 6) p.srcMac = u48(seg, off + 6);
        p.layers |= LINK;
        cookedProtocol(seg, off + 16, end, u16(seg, off + 2), u16(seg, off + 14), p);
    }

    /** Linux cooked capture v2: protocol, reserved, interface index, ARPHRD type, packet type, address length, address. */
    private static void sll2(MemorySegment seg, long off, long end, DecodedPacket p) {
        p.written |= DecodedPacket.W_LINK;
        if (end - off < 20) {
            truncated(p, LINK, off, end);
            return;
        }
        p.linkPacketType = u8(seg, off + 10);
        if (u8(seg, off + 11) == 6) p.srcMac = u48(seg, off + 12);
        p.layers |= LINK;
        cookedProtocol(seg, off + 20, end, u16(seg, off + 8), u16(seg, off), p);
    }

    private static void cookedProtocol(MemorySegment seg, long off, long end, int arphrd, int protocol, DecodedPacket p) {
        // Netlink (ARPHRD 824) puts a netlink family in the protocol field; values under 0x0600 are Linux's
        // pseudo-protocols (802.2 LLC, 802.3 without LLC, CAN, ...), not EtherTypes.
        if (arphrd == 824 || protocol < 0x0600) {
            p.etherType = 0;
            payload(p, off, end);
            return;
        }
        etherType(seg, off, end, protocol, p, 0);
    }

    /** BSD loopback: a 4-byte address family, host order (null) or big-endian (loop). */
    private static void loopback(MemorySegment seg, long off, long end, boolean bigEndian, DecodedPacket p) {
        if (end - off < 4) {
            truncated(p, LINK, off, end);
            return;
        }
        int family = bigEndian ? u32(seg, off) : seg.get(LE32, off);
        // Families are small numbers: one that fills the high bytes was written by a host of the other order.
        if ((family & 0xFFFF_0000) != 0) family = Integer.reverseBytes(family);
        p.layers |= LINK;
        switch (family) {
            case 2 -> network(seg, off + 4, end, ETH_IPV4, p, 0);
            case 10, 24, 28, 30 -> network(seg, off + 4, end, ETH_IPV6, p, 0);  // Linux, NetBSD/OpenBSD, FreeBSD, macOS
            default -> {
                p.etherType = 0;
                payload(p, off + 4, end);
            }
        }
    }

    // ---- network layer

    private static void network(MemorySegment seg, long off, long end, int type, DecodedPacket p, int depth) {
        p.etherType = type;
        switch (type) {
            case ETH_IPV4 -> ipv4(seg, off, end, p, depth);
            case ETH_IPV6 -> ipv6(seg, off, end, p, depth);
            case ETH_ARP -> arp(seg, off, end, p);
            default -> payload(p, off, end);
        }
    }

    private static void ipv4(MemorySegment seg, long off, long end, DecodedPacket p, int depth) {
        p.written |= DecodedPacket.W_IP;
        p.networkOffset = off;
        if (end - off < 20) {
            truncated(p, IPV4, off, end);
            return;
        }
        // The fixed 20 bytes in three reads, not nine (each segment read checks bounds and the arena; ~4 ns a
        // packet): version/IHL, TOS, total length, id, flags/fragment | TTL, protocol, checksum, source | destination.
        long w0 = seg.get(BE64, off), w1 = seg.get(BE64, off + 8);
        int versionIhl = (int) (w0 >>> 56);
        int ihl = (versionIhl & 0xF) << 2;
        if ((versionIhl >>> 4) != 4 || ihl < 20) {
            malformed(p, IPV4, off, end);
            return;
        }
        if (end - off < ihl) {
            truncated(p, IPV4, off, end);
            return;
        }
        int total = (int) (w0 >>> 32) & 0xFFFF;
        int flagsFragment = (int) w0 & 0xFFFF;
        p.ipVersion = 4;
        p.tos = (int) (w0 >>> 48) & 0xFF;
        p.ipTotalLength = total;
        p.ipId = (int) (w0 >>> 16) & 0xFFFF;
        p.ipFlags = ((flagsFragment & 0x2000) != 0 ? DecodedPacket.MORE_FRAGMENTS : 0)
            | ((flagsFragment & 0x4000) != 0 ? DecodedPacket.DONT_FRAGMENT : 0);
        p.fragmentOffset = (flagsFragment & 0x1FFF) << 3;
        p.ttl = (int) (w1 >>> 56);
        p.protocol = (int) (w1 >>> 48) & 0xFF;
        p.srcIp4 = (int) w1;
        p.dstIp4 = u32(seg, off + 16);
        long ipEnd;
        if (total == 0) {
            ipEnd = end;  // segmentation offload: the stack left the length for the NIC to fill in
        } else if (total < ihl) {
            malformed(p, IPV4, off, end);
            return;
        } else {
            ipEnd = Math.min(end, off + total);
        }
        p.layers |= IPV4;
        if ((flagsFragment & 0x3FFF) != 0) p.layers |= FRAGMENT;
        if (p.fragmentOffset != 0) {
            payload(p, off + ihl, ipEnd);  // a later fragment: no transport header here
            return;
        }
        transport(seg, off + ihl, ipEnd, p.protocol, p, depth);
    }

    private static void ipv6(MemorySegment seg, long off, long end, DecodedPacket p, int depth) {
        p.written |= DecodedPacket.W_IP | DecodedPacket.W_IP6;
        p.networkOffset = off;
        if (end - off < 40) {
            truncated(p, IPV6, off, end);
            return;
        }
        int first = u32(seg, off);
        if ((first >>> 28) != 6) {
            malformed(p, IPV6, off, end);
            return;
        }
        int payloadLength = u16(seg, off + 4);
        int next = u8(seg, off + 6);
        p.ipVersion = 6;
        p.tos = (first >>> 20) & 0xFF;
        p.ipTotalLength = 40 + payloadLength;
        p.ttl = u8(seg, off + 7);
        p.srcIp6Hi = seg.get(BE64, off + 8);
        p.srcIp6Lo = seg.get(BE64, off + 16);
        p.dstIp6Hi = seg.get(BE64, off + 24);
        p.dstIp6Lo = seg.get(BE64, off + 32);
        // Payload length 0: a jumbogram (RFC 2675) or segmentation offload; take what was captured.
        long ipEnd = payloadLength == 0 ? end : Math.min(end, off + 40 + payloadLength);
        p.layers |= IPV6;
        p.protocol = next;
        long o = off + 40;
        for (int walked = 0; ; walked++) {
            int headerLength;
            switch (next) {
                case 0, 43, 60, 135, 139, 140 -> {  // hop-by-hop, routing, destination, mobility, HIP, shim6
                    if (ipEnd - o < 8) {
                        truncated(p, IPV6_EXTENSIONS, o, ipEnd);
                        return;
                    }
                    headerLength = (u8(seg, o + 1) + 1) << 3;
                }
                case 44 -> {  // fragment
                    if (ipEnd - o < 8) {
                        truncated(p, IPV6_EXTENSIONS, o, ipEnd);
                        return;
                    }
                    int offsetFlags = u16(seg, o + 2);
                    p.fragmentOffset = offsetFlags & 0xFFF8;
                    if ((offsetFlags & 1) != 0) p.ipFlags |= DecodedPacket.MORE_FRAGMENTS;
                    p.ipId = u32(seg, o + 4);
                    p.layers |= FRAGMENT;
                    headerLength = 8;
                }
                case 51 -> {  // authentication header: length in 4-byte words, minus 2
                    if (ipEnd - o < 8) {
                        truncated(p, IPV6_EXTENSIONS, o, ipEnd);
                        return;
                    }
                    headerLength = (u8(seg, o + 1) + 2) << 2;
                }
                default -> {
                    if (p.fragmentOffset != 0) {
                        payload(p, o, ipEnd);
                        return;
                    }
                    transport(seg, o, ipEnd, next, p, depth);
                    return;
                }
            }
            if (walked == MAX_IPV6_EXTENSIONS) {
                payload(p, o, ipEnd);
                p.fail(UNSUPPORTED, IPV6_EXTENSIONS);
                return;
            }
            if (ipEnd - o < headerLength) {
                truncated(p, IPV6_EXTENSIONS, o, ipEnd);
                return;
            }
            next = u8(seg, o);
            p.protocol = next;
            p.layers |= IPV6_EXTENSIONS;
            o += headerLength;
        }
    }

    private static void arp(MemorySegment seg, long off, long end, DecodedPacket p) {
        p.written |= DecodedPacket.W_ARP;
        if (end - off < 8) {
            truncated(p, ARP, off, end);
            return;
        }
        p.arpOperation = u16(seg, off + 6);
        boolean ethernetIpv4 = u16(seg, off) == 1 && u16(seg, off + 2) == ETH_IPV4
            && u8(seg, off + 4) == 6 && u8(seg, off + 5) == 4;
        if (ethernetIpv4) {
            if (end - off < 28) {
                truncated(p, ARP, off, end);
                return;
            }
            p.arpSenderIp = u32(seg, off + 14);
            p.arpTargetIp = u32(seg, off + 24);
            payload(p, off + 28, end);
        } else {
            payload(p, off + 8, end);
        }
        p.layers |= ARP;
    }

    // ---- transport layer

    private static void transport(MemorySegment seg, long off, long end, int protocol, DecodedPacket p, int depth) {
        p.written |= DecodedPacket.W_TRANSPORT;
        p.transportOffset = off;
        switch (protocol) {
            case 6 -> tcp(seg, off, end, p);
            case 17 -> udp(seg, off, end, p);
            case 1 -> icmp(seg, off, end, p, ICMP);
            case 58 -> icmp(seg, off, end, p, ICMPV6);
            case 47 -> gre(seg, off, end, p, depth);
            default -> payload(p, off, end);
        }
    }

    private static void tcp(MemorySegment seg, long off, long end, DecodedPacket p) {
        p.written |= DecodedPacket.W_TRANSPORT | DecodedPacket.W_TCP;
        if (end - off < 20) {
            truncated(p, TCP, off, end);
            return;
        }
        // ports and sequence number | acknowledgement, data offset, flags, window: two reads
        long w0 = seg.get(BE64, off), w1 = seg.get(BE64, off + 8);
        p.srcPort = (int) (w0 >>> 48);
        p.dstPort = (int) (w0 >>> 32) & 0xFFFF;
        p.tcpSeq = (int) w0;
        p.tcpAck = (int) (w1 >>> 32);
        int headerLength = ((int) (w1 >>> 28) & 0xF) << 2;
        p.tcpFlags = (int) (w1 >>> 16) & 0xFF;
        p.tcpWindow = (int) w1 & 0xFFFF;
        if (headerLength < 20) {
            malformed(p, TCP, off, end);
            return;
        }
        p.tcpOptionsLength = headerLength - 20;
        if (end - off < headerLength) {
            // Only options are cut (a snapshot length such as tcpdump's old 68 bytes ends inside a SYN's options): the
            // fixed header with ports, sequence numbers and flags is whole, so the packet is TCP, without payload.
            // Not so, its flags were lost, and a flood of SYNs with options counted as a flood without SYN (ACK).
            if (p.tcpOptionsWanted) tcpOptions(seg, off + 20, end, p);
            p.layers |= TCP;
            payload(p, end, end);
            p.fail(TRUNCATED, TCP);
            return;
        }
        if (p.tcpOptionsWanted) tcpOptions(seg, off + 20, off + headerLength, p);
        p.layers |= TCP;
        payload(p, off + headerLength, end);
    }

    private static void tcpOptions(MemorySegment seg, long o, long to, DecodedPacket p) {
        p.written |= DecodedPacket.W_TCP;
        int seen = 0;
        while (o < to) {
            int kind = u8(seg, o);
            if (kind == 0) break;
            if (kind == 1) {
                seen |= DecodedPacket.OPT_NOP;
                o++;
                continue;
            }
            if (to - o < 2) {
                seen |= DecodedPacket.OPT_MALFORMED;
                break;
            }
            int len = u8(seg, o + 1);
            if (len < 2 || to - o < len) {
                seen |= DecodedPacket.OPT_MALFORMED;
                break;
            }
            switch (kind) {
                case 2 -> {
                    if (len == 4) {
                        seen |= DecodedPacket.OPT_MSS;
                        p.tcpMss = u16(seg, o + 2);
                    } else {
                        seen |= DecodedPacket.OPT_MALFORMED;
                    }
                }
                case 3 -> {
                    if (len == 3) {
                        seen |= DecodedPacket.OPT_WINDOW_SCALE;
                        p.tcpWindowScale = u8(seg, o + 2);
                    } else {
                        seen |= DecodedPacket.OPT_MALFORMED;
                    }
                }
                case 4 -> seen |= len == 2 ? DecodedPacket.OPT_SACK_PERMITTED : DecodedPacket.OPT_MALFORMED;
                case 5 -> seen |= DecodedPacket.OPT_SACK;
                case 8 -> {
                    if (len == 10) {
                        seen |= DecodedPacket.OPT_TIMESTAMP;
                        p.tcpTsVal = u32(seg, o + 2);
                        p.tcpTsEcr = u32(seg, o + 6);
                    } else {
                        seen |= DecodedPacket.OPT_MALFORMED;
                    }
                }
                default -> seen |= DecodedPacket.OPT_OTHER;
            }
            o += len;
        }
        p.tcpOptions = seen;
    }

    private static void udp(MemorySegment seg, long off, long end, DecodedPacket p) {
        p.written |= DecodedPacket.W_TRANSPORT | DecodedPacket.W_UDP;
        if (end - off < 8) {
            truncated(p, UDP, off, end);
            return;
        }
        long w = seg.get(BE64, off); // the whole header: ports, length, checksum
        p.srcPort = (int) (w >>> 48);
        p.dstPort = (int) (w >>> 32) & 0xFFFF;
        int length = (int) (w >>> 16) & 0xFFFF;
        p.udpLength = length;
        if (length != 0 && length < 8) {  // 0 is legal only in IPv6 jumbograms; take what was captured then
            malformed(p, UDP, off, end);
            return;
        }
        p.layers |= UDP;
        payload(p, off + 8, length == 0 ? end : Math.min(end, off + length));
    }

    private static void icmp(MemorySegment seg, long off, long end, DecodedPacket p, int layer) {
        p.written |= DecodedPacket.W_ICMP;
        if (end - off < 4) {
            truncated(p, layer, off, end);
            return;
        }
        p.icmpType = u8(seg, off);
        p.icmpCode = u8(seg, off + 1);
        p.layers |= layer;
        payload(p, Math.min(end, off + 8), end);  // type, code, checksum and the 4-byte rest of header
    }

    private static void gre(MemorySegment seg, long off, long end, DecodedPacket p, int depth) {
        p.written |= DecodedPacket.W_GRE;
        if (end - off < 4) {
            truncated(p, GRE, off, end);
            return;
        }
        int flags = u16(seg, off);
        int protocol = u16(seg, off + 2);
        p.greFlags = flags;
        p.greProtocol = protocol;
        int version = flags & 7;
        int headerLength;
        if (version == 0) {
            if ((flags & 0x4000) != 0) {  // RFC 1701 source routing: obsolete, never seen in practice
                payload(p, off, end);
                p.fail(UNSUPPORTED, GRE);
                return;
            }
            headerLength = 4 + ((flags & 0x8000) != 0 ? 4 : 0) + ((flags & 0x2000) != 0 ? 4 : 0)
                + ((flags & 0x1000) != 0 ? 4 : 0);
        } else if (version == 1) {
            // Enhanced GRE (PPTP, RFC 2637): a key always (payload length, call id), then optional sequence and ack.
            headerLength = 8 + ((flags & 0x1000) != 0 ? 4 : 0) + ((flags & 0x0080) != 0 ? 4 : 0);
        } else {
            malformed(p, GRE, off, end);
            return;
        }
        if (end - off < headerLength) {
            truncated(p, GRE, off, end);
            return;
        }
        p.layers |= GRE;
        long inner = off + headerLength;
        payload(p, inner, end);
        if (depth != 0 || version != 0) return;
        DecodedPacket in = p.inner();
        switch (protocol) {
            case ETH_IPV4, ETH_IPV6 -> {
                in.reset(LinkType.RAW, inner, (int) (end - inner));
                in.layers |= LINK;
                network(seg, inner, end, protocol, in, 1);
            }
            case ETH_TEB -> {
                in.reset(LinkType.ETHERNET, inner, (int) (end - inner));
                ethernet(seg, inner, end, in, 1);
            }
            default -> {
                return;
            }
        }
        p.layers |= INNER;
    }

    // ---- helpers

    private static void payload(DecodedPacket p, long from, long to) {
        p.payloadOffset = from;
        p.payloadLength = (int) Math.max(0, to - from);
    }

    private static void truncated(DecodedPacket p, int layer, long off, long end) {
        payload(p, off, end);
        p.fail(TRUNCATED, layer);
    }

    private static void malformed(DecodedPacket p, int layer, long off, long end) {
        payload(p, off, end);
        p.fail(MALFORMED, layer);
    }

    private static int u8(MemorySegment seg, long off) {
        return seg.get(U8, off) & 0xFF;
    }

    private static int u16(MemorySegment seg, long off) {
        return seg.get(BE16, off) & 0xFFFF;
    }

    private static int u32(MemorySegment seg, long off) {
        return seg.get(BE32, off);
    }

    private static long u48(MemorySegment seg, long off) {
        return ((long) u16(seg, off) << 32) | (u32(seg, off + 2) & 0xFFFF_FFFFL);
    }
}
