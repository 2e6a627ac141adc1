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
    private boolean payloadVetted;

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
        this.payloadVetted = false;
        return this;
    }

    /** The transport payload ({@link #payload()} bytes) is at {@code offset} in {@code segment}, until the next {@link #set}. */
    public PacketEvent payloadBytes(MemorySegment segment, long offset) {
        this.bytes = segment;
        this.bytesOffset = offset;
        this.payloadVetted = false;
        return this;
    }

    /**
     * Marks the payload as looked at already by the listener's {@link PacketListener#prepare} on an input's reading
     * thread and found worth reading (what it means is the listener's: the engine's device namer asks
     * {@code DeviceNamer.mayBeAnnouncement}), so that the listener need not touch its bytes to ask again. Cleared by
     * {@link #set} and by {@link #payloadBytes}; carried by {@link #pack}.
     */
    public PacketEvent payloadVetted(boolean vetted) {
        this.payloadVetted = vetted && bytes != null;
        return this;
    }

    /** Whether {@link #payloadVetted(boolean)} marked the payload. */
    public boolean payloadVetted() {
        return payloadVetted;
    }

    /** The segment holding the transport payload during this call, or null when the input gave none. */
    public MemorySegment payloadSegment() {
        return bytes;
    }

    /** Where the transport payload starts in {@link #payloadSegment()}. */
    public long payloadOffset() {
        return bytesOffset;
    }

    /** Longs {@link #pack} writes for one packet at most: 8 when both addresses are IPv4, 11 otherwise. */
    public static final int MAX_PACKED = 11;
    private static final long MAC = 0xFFFF_FFFF_FFFFL, LOW = 0xFFFF_FFFFL;
    private static final int V6 = 1, HASHED = 2, BYTES = 4, VETTED = 8; // marks, in the top byte of a record's second long

    /**
     * Writes this packet into {@code into} from {@code at} as a record of 8 longs (both addresses IPv4) or 11, with its
     * flow hash when it has one and the offset of its payload bytes (and whether they were vetted) when it points at
     * some; returns where the record
     * ends. For an input that hands packets to another thread: a record is half the memory of an event, and so half
     * the cache lines that move from one core to the other ({@link #unpack} on the other side). The payload offset must
     * be below 2<sup>32</sup>: a record keeps it, not the segment.
     */
    public int pack(long[] into, int at) {
        boolean v4 = IpAddress.isV4(srcHi, srcLo) && IpAddress.isV4(dstHi, dstLo);
        int marks = (v4 ? 0 : V6) | (flowHashed ? HASHED : 0) | (bytes != null ? BYTES : 0) | (payloadVetted ? VETTED : 0);
        if (bytes != null && bytesOffset >>> 32 != 0) throw new IllegalArgumentException("payload offset " + bytesOffset + " does not fit a record");
        into[at] = tsMicros;
        into[at + 1] = srcMac & MAC | (long) (protocol & 0xFF) << 48 | (long) marks << 56;
        into[at + 2] = dstMac & MAC | (long) (tcpFlags & 0xFFFF) << 48;
        into[at + 3] = srcPort & LOW | (long) dstPort << 32;
        into[at + 4] = seq & LOW | (long) ack << 32;
        into[at + 5] = length & LOW | (long) payload << 32;
        into[at + 6] = flowHash & LOW | (bytes != null ? bytesOffset : 0) << 32;
        if (v4) {
            into[at + 7] = srcLo & LOW | dstLo << 32;
            return at + 8;
        }
        into[at + 7] = srcHi;
        into[at + 8] = srcLo;
        into[at + 9] = dstHi;
        into[at + 10] = dstLo;
        return at + 11;
    }

    /**
     * Fills this event from the record {@link #pack} wrote at {@code at}, as {@link #set} would with the same values
     * (and the flow hash, when the record has it); a record with payload bytes points into {@code payloads}, the
     * segment its bytes were kept in. Returns where the record ends.
     */
    public int unpack(long[] from, int at, MemorySegment payloads) {
        long w1 = from[at + 1], w2 = from[at + 2], w3 = from[at + 3], w4 = from[at + 4], w5 = from[at + 5], w6 = from[at + 6];
        int marks = (int) (w1 >>> 56), end;
        long sHi, sLo, dHi, dLo;
        if ((marks & V6) == 0) {
            long a = from[at + 7];
            sHi = 0;
            sLo = IpAddress.v4Lo((int) a);
            dHi = 0;
            dLo = IpAddress.v4Lo((int) (a >>> 32));
            end = at + 8;
        } else {
            sHi = from[at + 7];
            sLo = from[at + 8];
            dHi = from[at + 9];
            dLo = from[at + 10];
            end = at + 11;
        }
        set(from[at], w1 & MAC, w2 & MAC, sHi, sLo, dHi, dLo, (int) (w1 >>> 48) & 0xFF, (int) w3, (int) (w3 >>> 32),
                (int) (w2 >>> 48) & 0xFFFF, (int) w4, (int) (w4 >>> 32), (int) w5, (int) (w5 >>> 32));
        if ((marks & HASHED) != 0) {
            flowHash = (int) w6;
            flowHashed = true;
        }
        if ((marks & BYTES) != 0) {
            payloadBytes(payloads, w6 >>> 32);
            payloadVetted = (marks & VETTED) != 0;
        }
        return end;
    }

    /**
     * Hands the first {@code count} records of {@code records} ({@link #pack}, one after another) to {@code to}, unpacked
     * {@code view.length} at a time into {@code view}'s events (the receiving thread's own, reused), with
     * {@link PacketListener#onPackets}.
     */
    public static void deliver(long[] records, int count, MemorySegment payloads, PacketEvent[] view, PacketListener to) {
        for (int i = 0, at = 0; i < count; ) {
            int n = Math.min(view.length, count - i);
            for (int k = 0; k < n; k++) at = view[k].unpack(records, at, payloads);
            to.onPackets(view, 0, n);
            i += n;
        }
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
