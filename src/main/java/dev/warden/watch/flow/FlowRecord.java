package dev.warden.watch.flow;

/**
 * One finished flow, the event every input becomes: a Zeek conn.log record, a NetFlow/IPFIX record, or a flow the
 * {@link dev.warden.watch.packet.FlowTable} closed. Detectors see only this, never where it came from.
 *
 * <p>Times are microseconds since the epoch (event time; nothing here reads a clock). The originator ({@code src}) is
 * the side that sent first; byte counts are at the IP layer (Zeek's {@code *_ip_bytes}, NetFlow octets), falling back
 * to payload bytes when a source gives only those. A MAC of 0 means not seen. {@code serverName} is a DNS or TLS name
 * for the responder when the source knows one.
 *
 * <p>Immutable (a listener may keep one); a class rather than a record only so that a made-up uid is built on demand.
 */
public final class FlowRecord {
    private final long startMicros, durationMicros, origPackets, origBytes, respPackets, respBytes, srcMac, dstMac;
    private final IpAddress src, dst;
    private final int srcPort, dstPort, protocol, tcpFlags;
    private final String service, history, serverName, uidPrefix;
    private final ConnState state;
    private final long uidNumber;
    private String uid; // made from uidPrefix and uidNumber when first asked for (most flows are never named)

    public FlowRecord(String uid, long startMicros, long durationMicros, IpAddress src, int srcPort, IpAddress dst,
                      int dstPort, int protocol, String service, ConnState state, String history, int tcpFlags,
                      long origPackets, long origBytes, long respPackets, long respBytes, long srcMac, long dstMac,
                      String serverName) {
        this(uid, null, 0, startMicros, durationMicros, src, srcPort, dst, dstPort, protocol, service, state, history, tcpFlags,
                origPackets, origBytes, respPackets, respBytes, srcMac, dstMac, serverName);
    }

    private FlowRecord(String uid, String uidPrefix, long uidNumber, long startMicros, long durationMicros, IpAddress src,
                       int srcPort, IpAddress dst, int dstPort, int protocol, String service, ConnState state, String history,
                       int tcpFlags, long origPackets, long origBytes, long respPackets, long respBytes, long srcMac, long dstMac,
                       String serverName) {
        if (src == null || dst == null) throw new IllegalArgumentException("a flow needs both addresses");
        this.uid = uid;
        this.uidPrefix = uidPrefix;
        this.uidNumber = uidNumber;
        this.startMicros = startMicros;
        this.durationMicros = Math.max(0, durationMicros);
        this.src = src;
        this.srcPort = srcPort;
        this.dst = dst;
        this.dstPort = dstPort;
        this.protocol = protocol;
        this.service = service;
        this.state = state == null ? ConnState.UNKNOWN : state;
        this.history = history == null ? "" : history;
        this.tcpFlags = tcpFlags;
        this.origPackets = origPackets;
        this.origBytes = origBytes;
        this.respPackets = respPackets;
        this.respBytes = respBytes;
        this.srcMac = srcMac;
        this.dstMac = dstMac;
        this.serverName = serverName;
    }

    /**
     * A flow whose uid is {@code uidPrefix + uidNumber} ("P17"), made only if someone asks for it: a packet input ends
     * a flow every few packets, and only the few kept as incident evidence are ever named (bench/watch/README.md).
     */
    public static FlowRecord numbered(String uidPrefix, long uidNumber, long startMicros, long durationMicros, IpAddress src,
                                      int srcPort, IpAddress dst, int dstPort, int protocol, ConnState state, int tcpFlags,
                                      long origPackets, long origBytes, long respPackets, long respBytes, long srcMac, long dstMac) {
        return new FlowRecord(null, uidPrefix, uidNumber, startMicros, durationMicros, src, srcPort, dst, dstPort, protocol, null,
                state, "", tcpFlags, origPackets, origBytes, respPackets, respBytes, srcMac, dstMac, null);
    }

    /** This flow with {@code serverName} as the name of its responder (a packet input learns it from DNS answers). */
    public FlowRecord withServerName(String serverName) {
        return new FlowRecord(uid, uidPrefix, uidNumber, startMicros, durationMicros, src, srcPort, dst, dstPort, protocol, service,
                state, history, tcpFlags, origPackets, origBytes, respPackets, respBytes, srcMac, dstMac, serverName);
    }

    /**
     * The uid as text if it is so already (the source's own, or made by an earlier {@link #uid()}), else null: then it
     * is {@link #uidPrefix()} followed by {@link #uidNumber()}, for a holder that may never need the text.
     */
    public String uidIfMade() {
        return uid;
    }

    /** What a made-up uid begins with ({@link #numbered}), or null for a source's own uid. */
    public String uidPrefix() {
        return uidPrefix;
    }

    /** The number of a made-up uid ({@link #numbered}). */
    public long uidNumber() {
        return uidNumber;
    }

    /** The source's identifier for the flow (Zeek uid, or one Warden made): evidence in incidents. */
    public String uid() {
        String u = uid;
        if (u == null) uid = u = madeUid(uidPrefix, uidNumber);
        return u;
    }

    /** The text of a made-up uid ({@link #numbered}): its prefix, then its number ("P17"). */
    public static String madeUid(String prefix, long number) {
        return prefix + number;
    }

    public long startMicros() { return startMicros; }
    public long durationMicros() { return durationMicros; }
    public IpAddress src() { return src; }
    public int srcPort() { return srcPort; }
    public IpAddress dst() { return dst; }
    public int dstPort() { return dstPort; }
    public int protocol() { return protocol; }
    public String service() { return service; }
    public ConnState state() { return state; }
    /** Zeek's history letters, or "" when the source has none. */
    public String history() { return history; }
    /** The OR of the TCP flags the originator sent ({@link TcpFlags}), 0 when unknown or not TCP. */
    public int tcpFlags() { return tcpFlags; }
    public long origPackets() { return origPackets; }
    public long origBytes() { return origBytes; }
    public long respPackets() { return respPackets; }
    public long respBytes() { return respBytes; }
    public long srcMac() { return srcMac; }
    public long dstMac() { return dstMac; }
    public String serverName() { return serverName; }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowRecord f && startMicros == f.startMicros && durationMicros == f.durationMicros
                && srcPort == f.srcPort && dstPort == f.dstPort && protocol == f.protocol && tcpFlags == f.tcpFlags
                && origPackets == f.origPackets && origBytes == f.origBytes && respPackets == f.respPackets
                && respBytes == f.respBytes && srcMac == f.srcMac && dstMac == f.dstMac && src.equals(f.src) && dst.equals(f.dst)
                && state == f.state && history.equals(f.history) && java.util.Objects.equals(uid(), f.uid())
                && java.util.Objects.equals(service, f.service) && java.util.Objects.equals(serverName, f.serverName);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(uid(), startMicros, durationMicros, src, srcPort, dst, dstPort, protocol, service, state,
                history, tcpFlags, origPackets, origBytes, respPackets, respBytes, srcMac, dstMac, serverName);
    }

    @Override
    public String toString() {
        return "FlowRecord[uid=" + uid() + ", startMicros=" + startMicros + ", durationMicros=" + durationMicros + ", src=" + src
                + ", srcPort=" + srcPort + ", dst=" + dst + ", dstPort=" + dstPort + ", protocol=" + protocol + ", service=" + service
                + ", state=" + state + ", history=" + history + ", tcpFlags=" + tcpFlags + ", origPackets=" + origPackets
                + ", origBytes=" + origBytes + ", respPackets=" + respPackets + ", respBytes=" + respBytes + ", srcMac=" + srcMac
                + ", dstMac=" + dstMac + ", serverName=" + serverName + "]";
    }

    public long endMicros() {
        return startMicros + durationMicros;
    }

    public boolean isTcp() {
        return protocol == Protocols.TCP;
    }

    public boolean isUdp() {
        return protocol == Protocols.UDP;
    }

    /**
     * A TCP attempt that never completed its handshake: Zeek says so by state or history (a SYN and no SYN-ACK), flow
     * exports by flags (SYN without ACK).
     */
    public boolean tcpAttemptOnly() {
        if (!isTcp()) return false;
        if (state.attemptFailed()) return true;
        if (state == ConnState.UNKNOWN && tcpFlags != 0) return (tcpFlags & TcpFlags.SYN) != 0 && (tcpFlags & TcpFlags.ACK) == 0;
        return false;
    }

    /** TCP traffic with no SYN from the originator at all: an ACK/PSH flood or traffic picked up midstream. */
    public boolean tcpWithoutSyn() {
        if (!isTcp()) return false;
        if (state == ConnState.OTH) return history.indexOf('S') < 0;
        if (state == ConnState.UNKNOWN && tcpFlags != 0) return (tcpFlags & TcpFlags.SYN) == 0;
        return false;
    }

    /** Zeek's history says some packets had bad checksums ('C'): typical of raw-socket floods. */
    public boolean badChecksums() {
        return history.indexOf('C') >= 0;
    }

    /** Packets the originator sent; a record always stands for at least one (Zeek counts none when checksums are bad). */
    public long packetsAtLeastOne() {
        return Math.max(1, origPackets);
    }

    public Builder toBuilder() {
        return new Builder().uid(uid()).start(startMicros).duration(durationMicros).src(src, srcPort).dst(dst, dstPort)
                .protocol(protocol).service(service).state(state).history(history).tcpFlags(tcpFlags)
                .orig(origPackets, origBytes).resp(respPackets, respBytes).macs(srcMac, dstMac).serverName(serverName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** For decoders and tests: every field defaults to "not known". */
    public static final class Builder {
        private String uid = "";
        private long start, duration;
        private IpAddress src, dst;
        private int srcPort, dstPort, protocol = Protocols.TCP, tcpFlags;
        private String service, history = "", serverName;
        private ConnState state = ConnState.UNKNOWN;
        private long origPackets, origBytes, respPackets, respBytes, srcMac, dstMac;

        public Builder uid(String v) { uid = v; return this; }
        public Builder start(long micros) { start = micros; return this; }
        public Builder duration(long micros) { duration = micros; return this; }
        public Builder src(IpAddress ip, int port) { src = ip; srcPort = port; return this; }
        public Builder dst(IpAddress ip, int port) { dst = ip; dstPort = port; return this; }
        public Builder src(String ip, int port) { return src(IpAddress.parse(ip), port); }
        public Builder dst(String ip, int port) { return dst(IpAddress.parse(ip), port); }
        public Builder protocol(int v) { protocol = v; return this; }
        public Builder service(String v) { service = v; return this; }
        public Builder state(ConnState v) { state = v; return this; }
        public Builder history(String v) { history = v; return this; }
        public Builder tcpFlags(int v) { tcpFlags = v; return this; }
        public Builder orig(long packets, long bytes) { origPackets = packets; origBytes = bytes; return this; }
        public Builder resp(long packets, long bytes) { respPackets = packets; respBytes = bytes; return this; }
        public Builder macs(long source, long destination) { srcMac = source; dstMac = destination; return this; }
        public Builder serverName(String v) { serverName = v; return this; }

        public FlowRecord build() {
            return new FlowRecord(uid, start, duration, src, srcPort, dst, dstPort, protocol, service, state, history, tcpFlags,
                    origPackets, origBytes, respPackets, respBytes, srcMac, dstMac, serverName);
        }
    }
}
