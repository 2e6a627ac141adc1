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
 * <p>Design, for a million concurrent flows in bounded memory: no object per flow. A flow is a row of six longs in
 * each of two primitive arrays indexed by slot: {@code keys} holds what a lookup and the expiry walk read (both
 * addresses, ports, protocol, TCP flags, last packet time), {@code values} the counters; so a packet touches about two
 * cache lines, where one array per field cost one miss per field (the flow table was the top of the profile of the
 * packet pipeline, bench/watch/README.md). Slots are found by open addressing with linear probing on a hash that is
 * the same for both directions (the sum of the two endpoints' hashes), and freed by backward-shift deletion (Knuth's
 * algorithm R), so there are no tombstones and probe chains stay short. The capacity is the power of two that keeps
 * the load at or under 3/4 at {@code watch.flow.max-flows}; 96 bytes per slot gives about 200 bytes per flow at one
 * million (bench/watch/README.md has the measured figure). When the table is full, the least recently active of 8
 * sampled slots is ended early and counted (approximate LRU, as Redis does, instead of a linked list that would cost
 * 16 bytes per flow). Expiry walks an eighth of the table per call, so each flow is checked every eight seconds of
 * event time. Not thread-safe.
 */
public final class FlowTable {
    private static final int EMPTY = 0, USED = 0x100;
    private static final long CLOSED_LINGER = 5_000_000; // a closed TCP connection is ended 5 s after its last packet
    private static final int SAMPLE = 8;
    private static final int ROW = 6; // longs per slot in each array
    // keys row: the originator's (sender of the first packet seen) address, the responder's, then
    private static final int SRC_HI = 0, SRC_LO = 1, DST_HI = 2, DST_LO = 3;
    private static final int WORD = 4; // srcPort << 48 | dstPort << 32 | (USED | protocol, or EMPTY) << 16 | responder flags << 8 | originator flags
    private static final int LAST = 5;
    // values row
    private static final int FIRST = 0, ORIG_BYTES = 1, RESP_BYTES = 2, SRC_MAC = 3, DST_MAC = 4;
    private static final int PACKETS = 5; // originator's packets << 32 | responder's packets (each an unsigned 32-bit count)

    private final int capacity, mask, maxFlows;
    private final long tcpIdle, udpIdle, active;
    private final long[] keys, values;
    /** One bit per slot, set while the slot holds a flow: the expiry walk skips empty stretches 64 slots at a time. */
    private final long[] used;
    private int size, cursor;
    private long sequence, evicted, random = 0x9E3779B97F4A7C15L;

    /**
     * @param maxFlows most flows held at once
     * @param tcpIdleMicros a TCP flow with no packet for this long is ended
     * @param udpIdleMicros the same for UDP, ICMP and other transports
     * @param activeMicros a flow older than this is reported in parts
     */
    public FlowTable(int maxFlows, long tcpIdleMicros, long udpIdleMicros, long activeMicros) {
        if (maxFlows < 1 || maxFlows > 1 << 27) throw new IllegalArgumentException("max flows " + maxFlows + " out of range (1 to " + (1 << 27) + ")");
        this.maxFlows = maxFlows;
        this.capacity = Integer.highestOneBit((int) Math.min(1 << 30, (long) Math.ceil(maxFlows / 0.75)) * 2 - 1);
        this.mask = capacity - 1;
        this.tcpIdle = tcpIdleMicros;
        this.udpIdle = udpIdleMicros;
        this.active = activeMicros;
        keys = new long[capacity * ROW];
        values = new long[capacity * ROW];
        used = new long[Math.max(1, capacity >>> 6)];
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
        return (long) capacity * ROW * 2 * Long.BYTES + (long) used.length * Long.BYTES;
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

    private static int proto(long word) {
        return (int) (word >>> 16) & 0xFFFF;
    }

    private int home(int slot) {
        int k = slot * ROW;
        long w = keys[k + WORD];
        return hash(keys[k + SRC_HI], keys[k + SRC_LO], (int) (w >>> 48) & 0xFFFF, keys[k + DST_HI], keys[k + DST_LO],
                (int) (w >>> 32) & 0xFFFF, proto(w) & 0xFF) & mask;
    }

    /** Adds one packet; flows that end because of it (active timeout, eviction) go to {@code out}. */
    public void packet(PacketEvent p, FlowListener out) {
        long sHi = p.srcHi(), sLo = p.srcLo(), dHi = p.dstHi(), dLo = p.dstLo();
        int sp = p.srcPort() & 0xFFFF, dp = p.dstPort() & 0xFFFF, pr = p.protocol() & 0xFF;
        int slot = hash(sHi, sLo, sp, dHi, dLo, dp, pr) & mask;
        // the word's ports and protocol, both ways round (flags masked off)
        long forward = (long) sp << 48 | (long) dp << 32 | (long) (USED | pr) << 16;
        long backward = (long) dp << 48 | (long) sp << 32 | (long) (USED | pr) << 16;
        final long[] keys = this.keys;
        boolean reply = false;
        int k;
        while (true) {
            k = slot * ROW;
            long w = keys[k + WORD] & ~0xFFFFL;
            if (w == 0) break; // EMPTY
            if (w == forward && keys[k + SRC_LO] == sLo && keys[k + DST_LO] == dLo && keys[k + SRC_HI] == sHi && keys[k + DST_HI] == dHi) break;
            if (w == backward && keys[k + SRC_LO] == dLo && keys[k + DST_LO] == sLo && keys[k + SRC_HI] == dHi && keys[k + DST_HI] == sHi) {
                reply = true;
                break;
            }
            slot = (slot + 1) & mask;
        }
        long ts = p.tsMicros();
        int v = slot * ROW;
        if (keys[k + WORD] == EMPTY) {
            if (size >= maxFlows) {
                evictOne(out);
                packet(p, out); // the eviction may have shifted slots: probe again
                return;
            }
            keys[k + SRC_HI] = sHi;
            keys[k + SRC_LO] = sLo;
            keys[k + DST_HI] = dHi;
            keys[k + DST_LO] = dLo;
            keys[k + WORD] = forward;
            used[slot >>> 6] |= 1L << slot;
            values[v + FIRST] = ts;
            values[v + SRC_MAC] = p.srcMac();
            values[v + DST_MAC] = p.dstMac();
            size++;
        } else if (ts - values[v + FIRST] >= active) {
            emit(slot, out); // long flows are reported in parts so detectors see them while they last
            values[v + FIRST] = ts;
            values[v + PACKETS] = 0;
            values[v + ORIG_BYTES] = values[v + RESP_BYTES] = 0;
        }
        keys[k + LAST] = Math.max(keys[k + LAST], ts);
        if (reply) {
            long n = values[v + PACKETS];
            values[v + PACKETS] = (n & 0xFFFF_FFFF_0000_0000L) | ((n + 1) & 0xFFFF_FFFFL);
            values[v + RESP_BYTES] += p.length();
            keys[k + WORD] |= (long) (p.tcpFlags() & 0xFF) << 8;
            if (values[v + DST_MAC] == 0) values[v + DST_MAC] = p.srcMac();
        } else {
            values[v + PACKETS] += 1L << 32;
            values[v + ORIG_BYTES] += p.length();
            keys[k + WORD] |= p.tcpFlags() & 0xFF;
        }
    }

    private void evictOne(FlowListener out) {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        int start = (int) random & mask, victim = -1;
        for (int i = 0, seen = 0; i < capacity && seen < SAMPLE; i++) {
            int s = (start + i) & mask;
            if (keys[s * ROW + WORD] == EMPTY) continue;
            seen++;
            if (victim < 0 || keys[s * ROW + LAST] < keys[victim * ROW + LAST]) victim = s;
        }
        emit(victim, out);
        delete(victim);
        evicted++;
    }

    /** Ends flows idle past their timeout; walks an eighth of the table per call. */
    public void expire(long now, FlowListener out) {
        int steps = Math.max(1, capacity / 8);
        for (int i = 0; i < steps && size > 0; ) {
            int s = cursor;
            if ((used[s >>> 6] & 1L << s) == 0) { // a stretch of empty slots counts as that many steps
                int skip = Math.min(emptyFrom(s), steps - i);
                i += skip;
                cursor = (cursor + skip) & mask;
                continue;
            }
            i++;
            long w = keys[s * ROW + WORD];
            if (now - keys[s * ROW + LAST] > timeout(w)) {
                emit(s, out);
                delete(s); // the next entry may have shifted into s: look at s again
                continue;
            }
            cursor = (cursor + 1) & mask;
        }
    }

    /** How many empty slots follow from {@code s} (empty) on, up to the end of the table. */
    private int emptyFrom(int s) {
        int word = s >>> 6;
        long bits = used[word] >>> s; // shifts by s mod 64
        if (bits != 0) return Long.numberOfTrailingZeros(bits);
        int run = 64 - (s & 63);
        for (word++; word < used.length; word++, run += 64) {
            if (used[word] != 0) return run + Long.numberOfTrailingZeros(used[word]);
        }
        return Math.min(run, capacity - s);
    }

    private long timeout(long word) {
        int pr = proto(word) & 0xFF;
        if (pr != Protocols.TCP) return udpIdle;
        int o = (int) word & 0xFF, r = (int) (word >>> 8) & 0xFF;
        boolean closed = ((o | r) & TcpFlags.RST) != 0 || ((o & TcpFlags.FIN) != 0 && (r & TcpFlags.FIN) != 0);
        return closed ? Math.min(CLOSED_LINGER, tcpIdle) : tcpIdle;
    }

    /** The input ended: every flow is delivered. */
    public void flush(FlowListener out) {
        for (int s = 0; s < capacity; s++) {
            if (keys[s * ROW + WORD] != EMPTY) {
                emit(s, out);
                clear(s);
            }
        }
        size = 0;
    }

    private void emit(int s, FlowListener out) {
        int k = s * ROW;
        long w = keys[k + WORD], n = values[k + PACKETS];
        int pr = proto(w) & 0xFF;
        int o = (int) w & 0xFF, r = (int) (w >>> 8) & 0xFF;
        int origPackets = (int) (n >>> 32), respPackets = (int) n;
        long first = values[k + FIRST];
        out.onFlow(FlowRecord.numbered("P", ++sequence, first, keys[k + LAST] - first, new IpAddress(keys[k + SRC_HI], keys[k + SRC_LO]),
                (int) (w >>> 48) & 0xFFFF, new IpAddress(keys[k + DST_HI], keys[k + DST_LO]), (int) (w >>> 32) & 0xFFFF, pr,
                state(pr, o, r, respPackets), pr == Protocols.TCP ? o : 0, origPackets, values[k + ORIG_BYTES], respPackets,
                values[k + RESP_BYTES], values[k + SRC_MAC], values[k + DST_MAC]));
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
            if (keys[j * ROW + WORD] == EMPTY) break;
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
        System.arraycopy(keys, from * ROW, keys, to * ROW, ROW);
        System.arraycopy(values, from * ROW, values, to * ROW, ROW);
    }

    private void clear(int s) {
        used[s >>> 6] &= ~(1L << s);
        java.util.Arrays.fill(keys, s * ROW, s * ROW + ROW, 0);
        java.util.Arrays.fill(values, s * ROW, s * ROW + ROW, 0);
    }
}
