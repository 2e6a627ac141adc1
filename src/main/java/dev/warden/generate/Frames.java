package dev.warden.generate;

import java.nio.ByteBuffer;

/** Ethernet, IPv4, TCP, UDP and GRE frames as bytes, with correct IPv4, TCP and UDP checksums. Written to files only. */
final class Frames {
    static final int TCP = 6, UDP = 17, GRE = 47;
    static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;

    private Frames() {}

    static byte[] ethernet(long dstMac, long srcMac, int etherType, byte[] payload) {
        var b = ByteBuffer.allocate(14 + payload.length);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) etherType);
        b.put(payload);
        return b.array();
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int i = 5; i >= 0; i--) b.put((byte) (mac >>> (8 * i)));
    }

    static byte[] ipv4(int src, int dst, int protocol, int ttl, int id, byte[] payload) {
        var b = ByteBuffer.allocate(20 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putShort((short) id).putShort((short) 0x4000)
                .put((byte) ttl).put((byte) protocol).putShort((short) 0).putInt(src).putInt(dst);
        b.putShort(10, (short) checksum(b.array(), 0, 20, 0));
        b.position(20);
        b.put(payload);
        return b.array();
    }

    static byte[] tcp(int src, int dst, int srcPort, int dstPort, int seq, int ack, int flags, int window, byte[] options, byte[] payload) {
        int header = 20 + options.length;
        var b = ByteBuffer.allocate(header + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(ack).put((byte) ((header / 4) << 4)).put((byte) flags)
                .putShort((short) window).putShort((short) 0).putShort((short) 0).put(options).put(payload);
        b.putShort(16, (short) checksum(b.array(), 0, b.capacity(), pseudo(src, dst, TCP, b.capacity())));
        return b.array();
    }

    static byte[] udp(int src, int dst, int srcPort, int dstPort, byte[] payload) {
        var b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        int sum = checksum(b.array(), 0, b.capacity(), pseudo(src, dst, UDP, b.capacity()));
        b.putShort(6, (short) (sum == 0 ? 0xFFFF : sum));
        return b.array();
    }

    /** GRE (RFC 2784) without options, carrying {@code protocolType} (0x0800 IPv4, 0x6558 transparent Ethernet). */
    static byte[] gre(int protocolType, byte[] inner) {
        var b = ByteBuffer.allocate(4 + inner.length);
        b.putShort((short) 0).putShort((short) protocolType).put(inner);
        return b.array();
    }

    private static long pseudo(int src, int dst, int protocol, int length) {
        return (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
    }

    static int checksum(byte[] data, int off, int len, long initial) {
        long sum = initial;
        for (int i = 0; i + 1 < len; i += 2) sum += ((data[off + i] & 0xFF) << 8) | (data[off + i + 1] & 0xFF);
        if ((len & 1) == 1) sum += (data[off + len - 1] & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }
}
