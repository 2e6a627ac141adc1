package dev.warden.watch.packet;

import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowListener;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.RowIndex;
import dev.warden.watch.flow.TcpFlags;

import java.util.Arrays;

/**
 * Turns packets into flows: the table of live connections of a packet input, ended by idle and active timeouts or by
 * eviction when full, each ended flow delivered as a {@link FlowRecord} (Zeek-like states derived from both
 * directions' TCP flags).
 *
 * <p>Design, for a million concurrent flows in bounded memory and no object per flow:
 * <ul>
 *   <li><b>Rows.</b> A flow is a row of {@value #ROW} longs in one primitive array, at a row number that does not change
 *   while the flow lives: both addresses, ports, protocol and TCP flags, last and first packet time, counters, then
 *   the MACs (read only when the flow ends). Freed rows are reused. The row array starts small and doubles up to
 *   {@code watch.flow.max-flows} rows.</li>
 *   <li><b>Index.</b> Open addressing with linear probing over longs that hold a row number and the flow's 32-bit hash
 *   (the same for both directions: the sum of the endpoints' hashes), so a probe compares hashes without touching
 *   rows ({@link RowIndex}). It starts at {@value #MIN_INDEX} entries and doubles while more than a quarter of it is live,
 *   up to four entries per possible flow. While at most a quarter is live, an ended flow leaves its entry behind
 *   (a probe passes it by comparing its row's key) and the index is rebuilt from the rows when it is half full;
 *   fuller, an ended flow's entry is deleted by backward shift (Knuth's algorithm R).</li>
 *   <li><b>Expiry</b> is a timing wheel of {@value #WHEEL} one-second buckets, each a doubly linked list of rows (with
 *   the flow's hash, four ints a row). A flow is filed under the second of its deadline (last packet + idle timeout) when it starts; later
 *   packets only move its last-packet time, and a bucket whose second has passed re-files the flows that were
 *   extended meanwhile. A TCP flow that closes (RST, or FIN both ways) is re-filed at once, since its timeout
 *   shrinks to {@value #CLOSED_LINGER} µs. So a flow ends at the first {@link #expire} after its deadline, whatever
 *   the table's size or layout, in an order that depends only on the traffic.</li>
 *   <li><b>Full table:</b> the least recently active of {@value #SAMPLE} sampled rows is ended early and counted
 *   (approximate LRU, as Redis does).</li>
 * </ul>
 * About 129 bytes per flow at one million (bench/watch/README.md has the measured figure). Not thread-safe.
 */
public final class FlowTable {
    private static final long CLOSED_LINGER = 5_000_000; // a closed TCP connection is ended 5 s after its last packet
    private static final long SECOND = 1_000_000;
    private static final int SAMPLE = 8;
    private static final int MIN_ROWS = 1024, MIN_INDEX = 4096;
    private static final int WHEEL = 4096; // one-second buckets; a deadline further ahead is re-filed when its bucket comes round
    private static final int NONE = -1;
    private static final int ROW = 12; // longs per row
    // the originator's (sender of the first packet seen) address, the responder's, then
    private static final int SRC_HI = 0, SRC_LO = 1, DST_HI = 2, DST_LO = 3;
    private static final int WORD = 4; // srcPort << 48 | dstPort << 32 | (USED | protocol) << 16 | responder flags << 8 | originator flags; 0: free row
    private static final int LAST = 5, FIRST = 6;
    private static final int PACKETS = 7; // originator's packets << 32 | responder's packets (each an unsigned 32-bit count)
    private static final int ORIG_BYTES = 8, RESP_BYTES = 9, SRC_MAC = 10, DST_MAC = 11;
    private static final int USED = 0x100;
    private static final int LINKS = 4, PREV = 0, NEXT = 1, BUCKET = 2, HASH = 3; // ints per row in links

    private final int maxFlows, maxIndex;
    private final long tcpIdle, udpIdle, active;
    /** Row number + 1 in the low 32 bits, the flow's hash in the high 32; 0 is an empty entry. */
    private long[] index;
    private int indexMask;
    private long[] rows;
    /** Per row: the previous and next rows in its wheel bucket (NONE at the ends), the bucket, and the flow's hash. */
    private int[] links;
    private final int[] heads = new int[WHEEL], tails = new int[WHEEL];
    private int size, rowsUsed, free = NONE; // rows [0, rowsUsed) were handed out once; free rows chain through their next link
    /** Index entries left behind by ended flows ({@link #remove}): the index holds size + stale entries. */
    private int stale;
    /** The last wheel second swept: deadlines up to its end have been checked. */
    private long swept = Long.MIN_VALUE;
    private long sequence, evicted, random = 0x9E3779B97F4A7C15L;
    /** The row of the last packet's flow (see {@link #packet}). */
    private int lastRow = NONE;

    /**
     * @param maxFlows most flows held at once
     * @param tcpIdleMicros a TCP flow with no packet for this long is ended
     * @param udpIdleMicros the same for UDP, ICMP and other transports
     * @param activeMicros a flow older than this is reported in parts
     */
    public FlowTable(int maxFlows, long tcpIdleMicros, long udpIdleMicros, long activeMicros) {
        if (maxFlows < 1 || maxFlows > 1 << 27) throw new IllegalArgumentException("max flows " + maxFlows + " out of range (1 to " + (1 << 27) + ")");
        this.maxFlows = maxFlows;
        this.maxIndex = Math.max(MIN_INDEX, Integer.highestOneBit(maxFlows) << 2); // at most half full at maxFlows
        this.tcpIdle = tcpIdleMicros;
        this.udpIdle = udpIdleMicros;
        this.active = activeMicros;
        index = new long[MIN_INDEX];
        indexMask = MIN_INDEX - 1;
        int r = Math.min(MIN_ROWS, maxFlows);
        rows = new long[r * ROW];
        links = new int[r * LINKS];
        Arrays.fill(heads, NONE);
        Arrays.fill(tails, NONE);
    }

    public int size() {
        return size;
    }

    /** Entries of the index now (it grows with the flows, up to four per possible flow). */
    public int capacity() {
        return index.length;
    }

    /** Flows ended early because the table was full. */
    public long evicted() {
        return evicted;
    }

    /** Bytes held by the table's arrays now (for the benchmark's per-flow figure). */
    public long arrayBytes() {
        return (long) index.length * Long.BYTES + (long) rows.length * Long.BYTES + (long) links.length * Integer.BYTES
                + 2L * WHEEL * Integer.BYTES;
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

    /**
     * The same for both directions of a flow. The endpoints' hashes are already mixed, so their sum needs no third mix,
     * only its halves folded together.
     */
    private static int hash(long aHi, long aLo, int aPort, long bHi, long bLo, int bPort, int protocol) {
        long h = endpoint(aHi, aLo, aPort) + endpoint(bHi, bLo, bPort) + protocol * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    private static int proto(long word) {
        return (int) (word >>> 16) & 0xFF;
    }

    private long touched; // what touch() read, kept so that the reads are not optimised away

    /**
     * The packet's flow hash, computed once and kept in the event for {@link #packet}: a packet already hashed (on an
     * input's reading thread, by {@link #hash(PacketEvent[], int, int)}) is only read, so its lines stay clean here.
     */
    private static int flowHash(PacketEvent p) {
        if (!p.flowHashed) {
            p.flowHash = hash(p.srcHi(), p.srcLo(), p.srcPort() & 0xFFFF, p.dstHi(), p.dstLo(), p.dstPort() & 0xFFFF, p.protocol() & 0xFF);
            p.flowHashed = true;
        }
        return p.flowHash;
    }

    /**
     * Computes the flow hash of these packets and keeps it in them for {@link #touch} and {@link #packet}: a pure
     * function of each packet, so an input reading ahead does it on its reading thread.
     */
    public static void hash(PacketEvent[] events, int from, int to) {
        for (int i = from; i < to; i++) flowHash(events[i]);
    }

    /**
     * Reads the index entries, and the rows they point to, of these packets' flows, all before any is needed: their
     * cache misses then overlap instead of coming one after another in {@link #packet}. Changes nothing.
     */
    public void touch(PacketEvent[] events, int from, int to) {
        final long[] ix = index, r = rows;
        final int mask = indexMask;
        long sum = 0;
        for (int i = from; i < to; i++) {
            int h = flowHash(events[i]);
            long e = ix[h & mask];
            sum += e;
            if (e != 0 && (int) (e >>> 32) == h) {
                int k = ((int) e - 1) * ROW;
                if (k < r.length) sum += r[k + WORD];
            }
        }
        touched += sum;
    }

    /**
     * Adds one packet; flows that end because of it (active timeout, eviction) go to {@code out}. Returns whether the
     * packet began a flow (no flow of its endpoints, ports and protocol was open).
     */
    public boolean packet(PacketEvent p, FlowListener out) {
        long sHi = p.srcHi(), sLo = p.srcLo(), dHi = p.dstHi(), dLo = p.dstLo();
        int sp = p.srcPort() & 0xFFFF, dp = p.dstPort() & 0xFFFF, pr = p.protocol() & 0xFF;
        // the word's ports and protocol, both ways round (flags masked off)
        long forward = (long) sp << 48 | (long) dp << 32 | (long) (USED | pr) << 16;
        long backward = (long) dp << 48 | (long) sp << 32 | (long) (USED | pr) << 16;
        final long[] probe = rows;
        int row = NONE, h = 0, slot = 0;
        // The previous packet's flow first: packets come in runs of one connection (a transfer, a reply, a flood from
        // one reflector), and its row is still in the cache (watch: 224 -> 200 ns a packet on the bench file).
        // Comparing the row's own key is right even if the row was freed or reused since: a free row's word has no
        // USED bit.
        int dir = lastRow != NONE ? direction(probe, lastRow, forward, backward, sHi, sLo, dHi, dLo) : 0;
        if (dir != 0) {
            row = lastRow;
        } else {
            h = flowHash(p);
            final long[] ix = index;
            slot = h & indexMask;
            while (true) {
                long e = ix[slot];
                if (e == 0) break;
                if ((int) (e >>> 32) == h && (dir = direction(probe, (int) e - 1, forward, backward, sHi, sLo, dHi, dLo)) != 0) {
                    row = (int) e - 1;
                    break;
                }
                slot = (slot + 1) & indexMask;
            }
        }
        boolean reply = dir == 2, created = false;
        long ts = p.tsMicros();
        if (row == NONE) {
            if (size >= maxFlows) {
                evictOne(out);
                return packet(p, out); // the eviction may have shifted index entries: probe again
            }
            row = create(slot, h, ts, sHi, sLo, dHi, dLo, forward, p.srcMac(), p.dstMac());
            created = true;
        } else if (ts - rows[row * ROW + FIRST] >= active) {
            emit(row, out); // long flows are reported in parts so detectors see them while they last
            int k = row * ROW;
            rows[k + FIRST] = ts;
            rows[k + PACKETS] = 0;
            rows[k + ORIG_BYTES] = rows[k + RESP_BYTES] = 0;
        }
        lastRow = row;
        final long[] r = rows; // create() may have grown them
        int k = row * ROW;
        if (ts > r[k + LAST]) r[k + LAST] = ts;
        long before = r[k + WORD], after;
        if (reply) {
            long n = r[k + PACKETS];
            r[k + PACKETS] = (n & 0xFFFF_FFFF_0000_0000L) | ((n + 1) & 0xFFFF_FFFFL);
            r[k + RESP_BYTES] += p.length();
            after = before | (long) (p.tcpFlags() & 0xFF) << 8;
            if (r[k + DST_MAC] == 0) r[k + DST_MAC] = p.srcMac();
        } else {
            r[k + PACKETS] += 1L << 32;
            r[k + ORIG_BYTES] += p.length();
            after = before | p.tcpFlags() & 0xFF;
        }
        if (after != before) {
            r[k + WORD] = after;
            if (pr == Protocols.TCP && !closed(before) && closed(after)) { // its deadline came nearer: file it there now
                unlink(row);
                file(row, r[k + LAST] + CLOSED_LINGER);
            }
        }
        return created;
    }

    /** 1 when {@code row} holds this packet's flow in the packet's direction, 2 in the other direction, else 0. */
    private static int direction(long[] r, int row, long forward, long backward, long sHi, long sLo, long dHi, long dLo) {
        int k = row * ROW;
        long w = r[k + WORD] & ~0xFFFFL;
        if (w == forward && r[k + SRC_LO] == sLo && r[k + DST_LO] == dLo && r[k + SRC_HI] == sHi && r[k + DST_HI] == dHi) return 1;
        if (w == backward && r[k + SRC_LO] == dLo && r[k + DST_LO] == sLo && r[k + SRC_HI] == dHi && r[k + DST_HI] == sHi) return 2;
        return 0;
    }

    /** A new flow in a free row, indexed at the empty entry {@code slot} that its probe ended on. */
    private int create(int slot, int h, long ts, long sHi, long sLo, long dHi, long dLo, long word, long srcMac, long dstMac) {
        int row;
        if (free != NONE) {
            row = free;
            free = links[LINKS * row + NEXT];
        } else {
            if (rowsUsed * ROW == rows.length) growRows();
            row = rowsUsed++;
        }
        int k = row * ROW;
        final long[] r = rows;
        r[k + SRC_HI] = sHi;
        r[k + SRC_LO] = sLo;
        r[k + DST_HI] = dHi;
        r[k + DST_LO] = dLo;
        r[k + WORD] = word;
        r[k + LAST] = ts;
        r[k + FIRST] = ts;
        r[k + PACKETS] = 0;
        r[k + ORIG_BYTES] = 0;
        r[k + RESP_BYTES] = 0;
        r[k + SRC_MAC] = srcMac;
        r[k + DST_MAC] = dstMac;
        links[LINKS * row + HASH] = h;
        index[slot] = RowIndex.entry(h, row);
        size++;
        file(row, ts + timeout(word));
        if (size > index.length >>> 2 && index.length < maxIndex) rebuildIndex(2 * index.length); // a quarter live at most, room for stale entries
        else if (size + stale > index.length >>> 1) rebuildIndex(index.length); // half full: the stale entries go
        return row;
    }

    private void growRows() {
        int n = (int) Math.min(maxFlows, 2L * (rows.length / ROW));
        rows = Arrays.copyOf(rows, n * ROW);
        links = Arrays.copyOf(links, n * LINKS);
    }

    /**
     * A new index of {@code length} entries with one entry per flow, none of the stale ones: the rows' own hashes
     * are read, not their keys. Since ended flows leave their entries only while at most a quarter of the index is
     * live, a rebuild at the same length follows at least a quarter of its length of ended flows.
     */
    private void rebuildIndex(int length) {
        if (stale == 0 && length > index.length) { // nothing stale: the entries move without reading a row
            index = RowIndex.grown(index, length);
            indexMask = length - 1;
            return;
        }
        long[] ix = index.length == length ? index : new long[length];
        if (ix == index) Arrays.fill(ix, 0);
        final long[] r = rows;
        for (int row = 0; row < rowsUsed; row++) {
            if (r[row * ROW + WORD] != 0) RowIndex.insert(ix, RowIndex.entry(links[LINKS * row + HASH], row)); // not a free row
        }
        index = ix;
        indexMask = length - 1;
        stale = 0;
    }

    // ---- the timing wheel

    private static int bucket(long second) {
        return (int) (second & (WHEEL - 1));
    }

    /** Appends {@code row} to the bucket of {@code deadline}'s second, or of the next second to sweep if that has passed. */
    private void file(int row, long deadline) {
        long second = Math.floorDiv(deadline, SECOND);
        if (swept != Long.MIN_VALUE && second <= swept) second = swept + 1;
        int b = bucket(second), tail = tails[b], l = LINKS * row;
        links[l + PREV] = tail;
        links[l + NEXT] = NONE;
        links[l + BUCKET] = b;
        if (tail == NONE) heads[b] = row;
        else links[LINKS * tail + NEXT] = row;
        tails[b] = row;
    }

    private void unlink(int row) {
        int l = LINKS * row, prev = links[l + PREV], next = links[l + NEXT], b = links[l + BUCKET];
        if (prev == NONE) heads[b] = next;
        else links[LINKS * prev + NEXT] = next;
        if (next == NONE) tails[b] = prev;
        else links[LINKS * next + PREV] = prev;
    }

    /** Ends the flows whose idle deadline has passed by {@code now}. */
    public void expire(long now, FlowListener out) {
        long target = Math.floorDiv(now, SECOND);
        if (swept != Long.MIN_VALUE && target <= swept) return;
        long from = swept == Long.MIN_VALUE || target - swept > WHEEL ? target - WHEEL + 1 : swept + 1;
        swept = target; // re-filed flows go after it
        for (long second = from; second <= target; second++) {
            int b = bucket(second), r = heads[b];
            if (r == NONE) continue;
            heads[b] = tails[b] = NONE; // detached: re-filed flows land in later buckets
            while (r != NONE) {
                int next = links[LINKS * r + NEXT];
                long deadline = rows[r * ROW + LAST] + timeout(rows[r * ROW + WORD]);
                if (deadline < now) {
                    emit(r, out);
                    remove(r);
                } else {
                    file(r, deadline);
                }
                r = next;
            }
        }
    }

    private long timeout(long word) {
        if (proto(word) != Protocols.TCP) return udpIdle;
        return closed(word) ? Math.min(CLOSED_LINGER, tcpIdle) : tcpIdle;
    }

    private static boolean closed(long word) {
        int o = (int) word & 0xFF, r = (int) (word >>> 8) & 0xFF;
        return ((o | r) & TcpFlags.RST) != 0 || ((o & TcpFlags.FIN) != 0 && (r & TcpFlags.FIN) != 0);
    }

    private void evictOne(FlowListener out) {
        int victim = NONE;
        for (int seen = 0; seen < SAMPLE; ) {
            random ^= random << 13;
            random ^= random >>> 7;
            random ^= random << 17;
            int r = (int) ((random >>> 1) % rowsUsed);
            if (rows[r * ROW + WORD] == 0) continue;
            seen++;
            if (victim == NONE || rows[r * ROW + LAST] < rows[victim * ROW + LAST]) victim = r;
        }
        emit(victim, out);
        unlink(victim);
        remove(victim);
        evicted++;
    }

    /** The input ended: every flow is delivered, soonest deadline first. */
    public void flush(FlowListener out) {
        long from = swept == Long.MIN_VALUE ? 0 : swept + 1;
        for (long second = from; second < from + WHEEL; second++) {
            int b = bucket(second), r = heads[b];
            heads[b] = tails[b] = NONE;
            while (r != NONE) {
                int next = links[LINKS * r + NEXT];
                emit(r, out);
                remove(r);
                r = next;
            }
        }
    }

    private void emit(int row, FlowListener out) {
        final long[] r = rows;
        int k = row * ROW;
        long w = r[k + WORD], n = r[k + PACKETS];
        int pr = proto(w);
        int o = (int) w & 0xFF, rf = (int) (w >>> 8) & 0xFF;
        int origPackets = (int) (n >>> 32), respPackets = (int) n;
        long first = r[k + FIRST];
        out.onFlow(FlowRecord.numbered("P", ++sequence, first, r[k + LAST] - first, new IpAddress(r[k + SRC_HI], r[k + SRC_LO]),
                (int) (w >>> 48) & 0xFFFF, new IpAddress(r[k + DST_HI], r[k + DST_LO]), (int) (w >>> 32) & 0xFFFF, pr,
                state(pr, o, rf, respPackets), pr == Protocols.TCP ? o : 0, origPackets, r[k + ORIG_BYTES], respPackets,
                r[k + RESP_BYTES], r[k + SRC_MAC], r[k + DST_MAC]));
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

    /**
     * Frees {@code row} (already off the wheel). While at most a quarter of the index is live, its entry stays: a
     * stale entry costs a probe that passes it (its row is free or holds another flow, whose key the probe compares),
     * and deleting it was a cache miss per ended flow (8% of the engine's thread on the bench file), where a rebuild
     * at {@link #create} reads the rows in order once per quarter index of ended flows. Fuller, it is deleted by
     * backward shift, which keeps every probe short.
     */
    private void remove(int row) {
        rows[row * ROW + WORD] = 0; // free: create() sets every field again
        links[LINKS * row + NEXT] = free;
        free = row;
        size--;
        if (size < index.length >>> 2) stale++;
        else RowIndex.remove(index, RowIndex.entry(links[LINKS * row + HASH], row));
    }
}
