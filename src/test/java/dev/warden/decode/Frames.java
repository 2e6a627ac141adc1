package dev.warden.decode;

import java.io.ByteArrayOutputStream;

/**
 * Builds packets byte by byte for tests, each layer a call that wraps the one inside it, so a test shows exactly the
 * bytes it relies on: {@code ethernet(MAC_A, MAC_B, 0x0800, ipv4(A, B, 6, tcp(1234, 23, ...)))}.
 */
public final class Frames {

    public static final long MAC_A = 0x0200_0000_0001L;
    public static final long MAC_B = 0x0200_0000_0002L;
    public static final int IP_A = 0xC0A8_0105;   // 192.168.1.5
    public static final int IP_B = 0x0A00_0001;   // 10.0.0.1

    private Frames() {
    }

    /** Joins byte arrays. */
    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** Bytes from ints 0-255. */
    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    public static byte[] be16(int v) {
        return bytes(v >>> 8 & 255, v & 255);
    }

    public static byte[] be32(int v) {
        return bytes(v >>> 24 & 255, v >>> 16 & 255, v >>> 8 & 255, v & 255);
    }

    public static byte[] be48(long v) {
        return cat(be16((int) (v >>> 32)), be32((int) v));
    }

    public static byte[] be64(long v) {
        return cat(be32((int) (v >>> 32)), be32((int) v));
    }

    public static byte[] ethernet(long dst, long src, int etherType, byte[] payload) {
        return cat(be48(dst), be48(src), be16(etherType), payload);
    }

    /** A VLAN tag (TPID already written by the caller's EtherType): priority 0, {@code vid}, then the next type. */
    public static byte[] vlanTag(int vid, int nextType, byte[] payload) {
        return cat(be16(vid & 0xFFF), be16(nextType), payload);
    }

    public static byte[] ipv4(int src, int dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, 64, 0x1234, 0x4000, new byte[0], payload);
    }

    /** IPv4 with explicit TTL, id, the flags+fragment-offset word and options (a multiple of 4 bytes). */
    public static byte[] ipv4(int src, int dst, int protocol, int ttl, int id, int flagsFragment, byte[] options, byte[] payload) {
        int ihl = 20 + options.length;
        return cat(bytes(0x40 | ihl / 4, 0), be16(ihl + payload.length), be16(id), be16(flagsFragment),
            bytes(ttl, protocol), be16(0), be32(src), be32(dst), options, payload);
    }

    /** IPv6 whose payload starts with the header {@code next} names (extension headers included in {@code payload}). */
    public static byte[] ipv6(long srcHi, long srcLo, long dstHi, long dstLo, int next, byte[] payload) {
        return cat(be32(0x6000_0000 | 0x2A << 20 | 0x12345), be16(payload.length), bytes(next, 64),
            be64(srcHi), be64(srcLo), be64(dstHi), be64(dstLo), payload);
    }

    /** A hop-by-hop, routing or destination-options header padded to {@code 8 * units} bytes. */
    public static byte[] extension(int next, int units, byte[] payload) {
        byte[] h = new byte[8 * units];
        h[0] = (byte) next;
        h[1] = (byte) (units - 1);
        h[2] = 1;  // PadN option filling the rest
        h[3] = (byte) (h.length - 4);
        return cat(h, payload);
    }

    /** An IPv6 fragment header. */
    public static byte[] fragment(int next, int offsetBytes, boolean more, int id, byte[] payload) {
        return cat(bytes(next, 0), be16(offsetBytes | (more ? 1 : 0)), be32(id), payload);
    }

    public static byte[] tcp(int src, int dst, int seq, int ack, int flags, int window, byte[] options, byte[] payload) {
        int hl = 20 + options.length;
        return cat(be16(src), be16(dst), be32(seq), be32(ack), bytes((hl / 4) << 4, flags), be16(window),
            be16(0), be16(0), options, payload);
    }

    /** The 20 option bytes Mirai's SYN flood sends: MSS, SACK-permitted, timestamp, NOP, window scale. */
    public static byte[] miraiSynOptions(int mss, int tsVal) {
        return cat(bytes(2, 4), be16(mss), bytes(4, 2), bytes(8, 10), be32(tsVal), be32(0), bytes(1, 3, 3, 6));
    }

    public static byte[] udp(int src, int dst, byte[] payload) {
        return cat(be16(src), be16(dst), be16(8 + payload.length), be16(0), payload);
    }

    public static byte[] icmp(int type, int code, byte[] payload) {
        return cat(bytes(type, code), be16(0), be32(0x0001_0002), payload);
    }

    /** GRE version 0; {@code flags} may set checksum (0x8000), key (0x2000), sequence (0x1000); their words are zero-filled with the key 0x11223344. */
    public static byte[] gre(int flags, int protocol, byte[] payload) {
        byte[] h = cat(be16(flags), be16(protocol));
        if ((flags & 0x8000) != 0) h = cat(h, be32(0));
        if ((flags & 0x2000) != 0) h = cat(h, be32(0x1122_3344));
        if ((flags & 0x1000) != 0) h = cat(h, be32(7));
        return cat(h, payload);
    }

    public static byte[] arp(int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        return cat(be16(1), be16(0x0800), bytes(6, 4), be16(op), be48(senderMac), be32(senderIp), be48(targetMac), be32(targetIp));
    }

    /** Linux cooked v1 header with a 6-byte address. */
    public static byte[] sll(int packetType, long mac, int protocol, byte[] payload) {
        return cat(be16(packetType), be16(1), be16(6), be48(mac), be16(0), be16(protocol), payload);
    }

    /** Linux cooked v2 header with a 6-byte address. */
    public static byte[] sll2(int packetType, long mac, int protocol, int ifIndex, byte[] payload) {
        return cat(be16(protocol), be16(0), be32(ifIndex), be16(1), bytes(packetType, 6), be48(mac), be16(0), payload);
    }

    /** A TCP SYN from A:40000 to B:23, in IPv4 in Ethernet. */
    public static byte[] synFrame(int seq) {
        return ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 6,
            tcp(40000, 23, seq, 0, 0x02, 14600, miraiSynOptions(1460, 1), new byte[0])));
    }

    /** A UDP datagram from A:5353 to B:53 carrying {@code payload}, in IPv4 in Ethernet. */
    public static byte[] udpFrame(byte[] payload) {
        return ethernet(MAC_B, MAC_A, 0x0800, ipv4(IP_A, IP_B, 17, udp(5353, 53, payload)));
    }
}
