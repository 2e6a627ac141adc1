package dev.warden.watch.packet;

import dev.warden.watch.flow.IpAddress;

import java.lang.foreign.MemorySegment;

/**
 * One decoded packet, the event packet inputs give the engine: what the capture module's decoder
 * ({@code dev.warden.decode}) produces per packet, reduced to what detectors and the {@link FlowTable} need.
 * Detectors that need packets (such as the Mirai SYN probe, whose sequence number equals the destination address)
 * read these; everything else sees the flows the flow table makes of them.
 *
 * <p>Mutable and reused: a packet input fills one event per packet with {@link #set} and hands the same object to its
 * {@link PacketListener} again for the next packet, so that reading a capture allocates nothing per packet. A listener
 * that keeps an event past its call keeps a {@link #copy()}. Addresses are held as the two longs of {@link IpAddress};
 * {@link #src()} and {@link #dst()} make the objects on first use only (evidence, rarely).
 *
 * <p>Fields: {@code tsMicros} capture time, microseconds since the epoch; {@code srcMac}/{@code dstMac} MAC in the low
 * 48 bits, 0 when the link layer has none; {@code protocol} IANA number (6 TCP, 17 UDP, 1 ICMP, 47 GRE); ports 0 when
 * the transport has none (-1 on a non-first IP fragment); {@code tcpFlags} TCP flag bits
 * ({@link dev.warden.watch.flow.TcpFlags}), 0 for other transports; {@code seq}/{@code ack} TCP sequence and
 * acknowledgement numbers (32 bits, as ints); {@code length} IP length in bytes (header included); {@code payload}
 * transport payload length in bytes. A packet input may also point the event at the transport payload's bytes
 * ({@link #payloadBytes}), valid only during the call (DNS answers are read from them); a copy has none.
 */
public final class PacketEvent {
    private long tsMicros, srcMac, dstMac, srcHi, srcLo, dstHi, dstLo;
    private int protocol, srcPort, dstPort, tcpFlags, seq, ack, length, payload;
    private IpAddress src, dst; // made on demand, dropped by set()
    private MemorySegment bytes; // the payload's bytes during this call, or null
    private long bytesOffset;
    int flowHash; // the FlowTable's hash of this packet's flow, when flowHashed: computed once (FlowTable.flowHash)
    boolean flowHashed;

    /** An empty event, to be filled with {@link #set}. */
    public PacketEvent() {}

    public PacketEvent(long tsMicros, long srcMac, long dstMac, IpAddress src, IpAddress dst, int protocol, int srcPort,
                       int dstPort, int tcpFlags, int seq, int ack, int length, int payload) {
        set(tsMicros, srcMac, dstMac, src.hi(), src.lo(), dst.hi(), dst.lo(), protocol, srcPort, dstPort, tcpFlags, seq, ack, length, payload);
        this.src = src;
        this.dst = dst;
    }

    /** Fills the event with the next packet (addresses as {@link IpAddress#hi()} and {@link IpAddress#lo()}). */
    public PacketEvent set(long tsMicros, long srcMac, long dstMac, long srcHi, long srcLo, long dstHi, long dstLo, int protocol,
                           int srcPort, int dstPort, int tcpFlags, int seq, int ack, int length, int payload) {
        this.tsMicros = tsMicros;
        this.srcMac = srcMac;
        this.dstMac = dstMac;
        this.srcHi = srcHi;
        this.srcLo = srcLo;
        this.dstHi = dstHi;
        this.dstLo = dstLo;
        this.protocol = protocol;
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.tcpFlags = tcpFlags;
        this.seq = seq;
        this.ack = ack;
        this.length = length;
        this.payload = payload;
        this.src = null;
        this.dst = null;
        this.bytes = null;
        this.flowHashed = false;
        return this;
    }

    /** The transport payload ({@link #payload()} bytes) is at {@code offset} in {@code segment}, until the next {@link #set}. */
    public PacketEvent payloadBytes(MemorySegment segment, long offset) {
        this.bytes = segment;
        this.bytesOffset = offset;
        return this;
    }

    /** The segment holding the transport payload during this call, or null when the input gave none. */
    public MemorySegment payloadSegment() {
        return bytes;
    }

    /** Where the transport payload starts in {@link #payloadSegment()}. */
    public long payloadOffset() {
        return bytesOffset;
    }

    /** An event of its own with the same values, for a listener that keeps packets. */
    public PacketEvent copy() {
        return new PacketEvent().set(tsMicros, srcMac, dstMac, srcHi, srcLo, dstHi, dstLo, protocol, srcPort, dstPort, tcpFlags, seq, ack,
                length, payload);
    }

    public long tsMicros() {
        return tsMicros;
    }

    public long srcMac() {
        return srcMac;
    }

    public long dstMac() {
        return dstMac;
    }

    public IpAddress src() {
        if (src == null) src = new IpAddress(srcHi, srcLo);
        return src;
    }

    public IpAddress dst() {
        if (dst == null) dst = new IpAddress(dstHi, dstLo);
        return dst;
    }

    public long srcHi() {
        return srcHi;
    }

    public long srcLo() {
        return srcLo;
    }

    public long dstHi() {
        return dstHi;
    }

    public long dstLo() {
        return dstLo;
    }

    /** Whether the destination is an IPv4 address (held IPv4-mapped, as {@link IpAddress#isV4()}). */
    public boolean dstIsV4() {
        return IpAddress.isV4(dstHi, dstLo);
    }

    public int protocol() {
        return protocol;
    }

    public int srcPort() {
        return srcPort;
    }

    public int dstPort() {
        return dstPort;
    }

    public int tcpFlags() {
        return tcpFlags;
    }

    public int seq() {
        return seq;
    }

    public int ack() {
        return ack;
    }

    public int length() {
        return length;
    }

    public int payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "PacketEvent[" + tsMicros + " " + src() + ":" + srcPort + " > " + dst() + ":" + dstPort + " proto " + protocol + " flags "
                + tcpFlags + " length " + length + "]";
    }
}
