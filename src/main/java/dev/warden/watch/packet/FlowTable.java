package dev.warden.watch.packet;

import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowListener;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;

/**
 * Turns packets into flows: the table of live connections of a packet input, ended by idle and active timeouts or by
 * eviction when full, each ended flow delivered as a {@link FlowRecord} (Zeek-like states derived from both
 * directions' TCP flags).
 *
 * <p>Design, for a million concurrent flows in bounded memory: no object per flow. Every field is a column in a
 * primitive array indexed by slot; slots are found by open addressing with linear probing on a hash that is the same
 * for both directions (the sum of the two endpoints' hashes), and freed by backward-shift deletion (Knuth's algorithm
 * R), so there are no tombstones and probe chains stay short. The capacity is the power of two that keeps the load at
 * or under 3/4 at {@code watch.flow.max-flows}; 96 bytes per slot gives about 200 bytes per flow at one million
 * (bench/watch/README.md has the measured figure). When the table is full, the least recently active of 8 sampled
 * slots is ended early and counted (approximate LRU, as Redis does, instead of a linked list that would cost 16 bytes
 * per flow). Expiry walks an eighth of the table per call, so each flow is checked every eight seconds of event time.
 * Not thread-safe.
 */
public final class FlowTable {
    private static final int EMPTY = 0, USED = 0x100;
    private static final long CLOSED_LINGER = 5_000_000; // a closed TCP connection is ended 5 s after its last packet
    private static final int SAMPLE = 8;

    private final int capacity, mask, maxFlows;
    private final long tcpIdle, udpIdle, active;
    // keys, in the originator's direction (the sender of the first packet seen)
    private final long[] srcHi, srcLo, dstHi, dstLo;
    private final int[] ports; // srcPort << 16 | dstPort
    private final short[] proto; // USED | protocol number, or EMPTY
    // values
    private final long[] first, last, origBytes, respBytes, srcMac, dstMac;
    private final int[] origPackets, respPackets;
    private final short[] flags; // originator's TCP flags in the low byte, responder's in the high byte
    private int size, cursor;
    private long sequence, evicted, random = 0x9E3779B97F4A7C15L;

    /**
     * @param maxFlows most flows held at once
     * @param tcpIdleMicros a TCP flow with no packet for this long is ended
     * @param udpIdleMicros the same for UDP, ICMP and other transports
     * @param activeMicros a flow older than this is reported in parts
     */
    public FlowTable(int maxFlows, long tcpIdleMicros, long udpIdleMicros, long activeMicros) {
        if (maxFlows < 1 || maxFlows > 1 << 28) throw new IllegalArgumentException("max flows " + maxFlows + " out of range");
        this.maxFlows = maxFlows;
        this.capacity = Integer.highestOneBit((int) Math.min(1 << 30, (long) Math.ceil(maxFlows / 0.75)) * 2 - 1);
        this.mask = capacity - 1;
        this.tcpIdle = tcpIdleMicros;
        this.udpIdle = udpIdleMicros;
        this.active = activeMicros;
        srcHi = new long[capacity];
        srcLo = new long[capacity];
        dstHi = new long[capacity];
        dstLo = new long[capacity];
        ports = new int[capacity];
        proto = new short[capacity];
        first = new long[capacity];
        last = new long[capacity];
        origBytes = new long[capacity];
        respBytes = new long[capacity];
        srcMac = new long[capacity];
        dstMac = new long[capacity];
        origPackets = new int[capacity];
        respPackets = new int[capacity];
        flags = new short[capacity];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    /** Flows ended early because the table was full. */
    public long evicted() {
        return evicted;
    }

    /** Bytes held by the table's arrays, whatever its fill (for the benchmark's per-flow figure). */
    public long arrayBytes() {
        return (long) capacity * (8 * 4 + 4 + 2 + 8 * 6 + 4 * 2 + 2);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    private static long endpoint(long hi, long lo, int port) {
        return mix(hi * 0x9E3779B97F4A7C15L ^ lo ^ ((long) port << 48 | port));
    }

    /** The same for both directions of a flow. */
    private static int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int protocol) {
        return (int) mix(endpoint(aHi, aLo, aPort) + endpoint(bHi, bLo, bPort) + protocol);
    }

    private int home(int slot) {
        int pp = ports[slot];
        return hash(srcHi[slot], srcLo[slot], pp >>> 16, dstHi[slot], dstLo[slot], pp & 0xFFFF, proto[slot] & 0xFF) & mask;
    }

    /** Adds one packet; flows that end because of it (active timeout, eviction) go to {@code out}. */
    public void packet(PacketEvent p, FlowListener out) {
        long sHi = p.srcHi(), sLo = p.srcLo(), dHi = p.dstHi(), dLo = p.dstLo();
        int sp = p.srcPort() & 0xFFFF, dp = p.dstPort() & 0xFFFF, pr = p.protocol() & 0xFF;
        int h = hash(sHi, sLo, sp, dHi, dLo, dp, pr);
        int slot = h & mask;
        int forward = (sp << 16) | dp, backward = (dp << 16) | sp;
        boolean reply = false;
        while (proto[slot] != EMPTY) {
            if ((proto[slot] & 0xFF) == pr) {
                if (ports[slot] == forward && srcLo[slot] == sLo && dstLo[slot] == dLo && srcHi[slot] == sHi && dstHi[slot] == dHi) break;
                if (ports[slot] == backward && srcLo[slot] == dLo && dstLo[slot] == sLo && srcHi[slot] == dHi && dstHi[slot] == sHi) {
                    reply = true;
                    break;
                }
            }
            slot = (slot + 1) & mask;
        }
        if (proto[slot] == EMPTY) {
            if (size >= maxFlows) {
                evictOne(out);
                packet(p, out); // the eviction may have shifted slots: probe again
                return;
            }
            srcHi[slot] = sHi;
            srcLo[slot] = sLo;
            dstHi[slot] = dHi;
            dstLo[slot] = dLo;
            ports[slot] = forward;
            proto[slot] = (short) (USED | pr);
            first[slot] = p.tsMicros();
            srcMac[slot] = p.srcMac();
            dstMac[slot] = p.dstMac();
            size++;
        } else if (p.tsMicros() - first[slot] >= active) {
            emit(slot, out); // long flows are reported in parts so detectors see them while they last
            first[slot] = p.tsMicros();
            origPackets[slot] = respPackets[slot] = 0;
            origBytes[slot] = respBytes[slot] = 0;
        }
        last[slot] = Math.max(last[slot], p.tsMicros());
        if (reply) {
            respPackets[slot]++;
            respBytes[slot] += p.length();
            flags[slot] |= (short) ((p.tcpFlags() & 0xFF) << 8);
            if (dstMac[slot] == 0) dstMac[slot] = p.srcMac();
        } else {
            origPackets[slot]++;
            origBytes[slot] += p.length();
            flags[slot] |= (short) (p.tcpFlags() & 0xFF);
        }
    }

    private void evictOne(FlowListener out) {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        int start = (int) random & mask, victim = -1;
        for (int i = 0, seen = 0; i < capacity && seen < SAMPLE; i++) {
            int s = (start + i) & mask;
            if (proto[s] == EMPTY) continue;
            seen++;
            if (victim < 0 || last[s] < last[victim]) victim = s;
        }
        emit(victim, out);
        delete(victim);
        evicted++;
    }

    /** Ends flows idle past their timeout; walks an eighth of the table per call. */
    public void expire(long now, FlowListener out) {
        int steps = Math.max(1, capacity / 8);
        for (int i = 0; i < steps && size > 0; i++) {
            int s = cursor;
            if (proto[s] != EMPTY && now - last[s] > timeout(s)) {
                emit(s, out);
                delete(s); // the next entry may have shifted into s: look at s again
                continue;
            }
            cursor = (cursor + 1) & mask;
        }
    }

    private long timeout(int s) {
        int pr = proto[s] & 0xFF;
        if (pr != Protocols.TCP) return udpIdle;
        int o = flags[s] & 0xFF, r = (flags[s] >>> 8) & 0xFF;
        boolean closed = ((o | r) & TcpFlags.RST) != 0 || ((o & TcpFlags.FIN) != 0 && (r & TcpFlags.FIN) != 0);
        return closed ? Math.min(CLOSED_LINGER, tcpIdle) : tcpIdle;
    }

    /** The input ended: every flow is delivered. */
    public void flush(FlowListener out) {
        for (int s = 0; s < capacity; s++) {
            if (proto[s] != EMPTY) {
                emit(s, out);
                clear(s);
            }
        }
        size = 0;
    }

    private void emit(int s, FlowListener out) {
        int pr = proto[s] & 0xFF, pp = ports[s];
        int o = flags[s] & 0xFF, r = (flags[s] >>> 8) & 0xFF;
        out.onFlow(new FlowRecord("P" + (++sequence), first[s], last[s] - first[s], new IpAddress(srcHi[s], srcLo[s]), pp >>> 16,
                new IpAddress(dstHi[s], dstLo[s]), pp & 0xFFFF, pr, null, state(pr, o, r, respPackets[s]), "", pr == Protocols.TCP ? o : 0,
                origPackets[s], origBytes[s], respPackets[s], respBytes[s], srcMac[s], dstMac[s], null));
    }

    /** Zeek's connection states from the flags each side sent. */
    static ConnState state(int protocol, int o, int r, long replies) {
        if (protocol != Protocols.TCP) return replies > 0 ? ConnState.SF : ConnState.S0;
        if ((o & TcpFlags.SYN) == 0) return ConnState.OTH;
        boolean synAck = (r & (TcpFlags.SYN | TcpFlags.ACK)) == (TcpFlags.SYN | TcpFlags.ACK);
        if (!synAck) {
            if ((r & TcpFlags.RST) != 0) return ConnState.REJ;
            if ((o & TcpFlags.RST) != 0) return ConnState.RSTOS0;
            if ((o & TcpFlags.FIN) != 0) return ConnState.SH;
            return ConnState.S0;
        }
        if ((o & TcpFlags.RST) != 0) return ConnState.RSTO;
        if ((r & TcpFlags.RST) != 0) return ConnState.RSTR;
        boolean finO = (o & TcpFlags.FIN) != 0, finR = (r & TcpFlags.FIN) != 0;
        if (finO && finR) return ConnState.SF;
        if (finO) return ConnState.S2;
        if (finR) return ConnState.S3;
        return ConnState.S1;
    }

    /** Backward-shift deletion: entries after the hole that may live there move up, so lookups never cross a gap. */
    private void delete(int hole) {
        int i = hole, j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (proto[j] == EMPTY) break;
            int k = home(j);
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (stays) continue;
            move(j, i);
            i = j;
        }
        clear(i);
        size--;
    }

    private void move(int from, int to) {
        srcHi[to] = srcHi[from];
        srcLo[to] = srcLo[from];
        dstHi[to] = dstHi[from];
        dstLo[to] = dstLo[from];
        ports[to] = ports[from];
        proto[to] = proto[from];
        first[to] = first[from];
        last[to] = last[from];
        origBytes[to] = origBytes[from];
        respBytes[to] = respBytes[from];
        srcMac[to] = srcMac[from];
        dstMac[to] = dstMac[from];
        origPackets[to] = origPackets[from];
        respPackets[to] = respPackets[from];
        flags[to] = flags[from];
    }

    private void clear(int s) {
        proto[s] = EMPTY;
        origPackets[s] = respPackets[s] = 0;
        origBytes[s] = respBytes[s] = 0;
        flags[s] = 0;
        last[s] = 0;
        srcMac[s] = dstMac[s] = 0;
    }
}
