package dev.warden.watch.netflow;

import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowListener;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) datagrams into {@link FlowRecord}s.
 *
 * <p>Every read is bounds-checked against the datagram and the set that contains it; a datagram that breaks its own
 * lengths is counted as malformed and the rest of it dropped, never thrown. Templates are kept per (exporter, version,
 * source/domain id, template id) in an LRU cache of {@code watch.netflow.max-templates}. A data set whose template has
 * not arrived yet (exporters send templates every few minutes, and a collector may start in between) waits, copied,
 * in a buffer of at most {@code watch.netflow.pending-bytes}, and is decoded when its template comes; sets that wait
 * longer than {@code watch.netflow.pending-timeout} (export time) or do not fit are dropped and counted. Memory is
 * therefore bounded whatever arrives.
 *
 * <p>Time comes from the datagrams (export time, system uptime, absolute flow times), never from this machine.
 * Single-threaded.
 */
public final class FlowDecoder {
    // Information elements (IANA IPFIX registry; NetFlow v9 uses the same numbers for these).
    static final int OCTETS = 1, PACKETS = 2, PROTOCOL = 4, TCP_FLAGS = 6, SRC_PORT = 7, SRC_V4 = 8, DST_PORT = 11, DST_V4 = 12,
            END_UPTIME = 21, START_UPTIME = 22, SRC_V6 = 27, DST_V6 = 28, SRC_MAC = 56, DST_MAC_V9 = 57, DST_MAC = 80,
            OCTETS_TOTAL = 85, PACKETS_TOTAL = 86, START_SECONDS = 150, END_SECONDS = 151, START_MILLIS = 152, END_MILLIS = 153,
            START_MICROS = 154, END_MICROS = 155, INIT_MILLIS = 160;
    /** RFC 5103 reverse information elements: enterprise 29305, same element numbers for the reverse direction. */
    static final int REVERSE_PEN = 29305;
    private static final int MAX_FIELDS = 512;

    public record Limits(int maxTemplates, long pendingBytes, long pendingTimeoutMicros) {}

    private final Limits limits;
    private final DecodeStats stats = new DecodeStats();
    private final LinkedHashMap<String, Template> templates;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** Per export stream (exporter, version, source id or observation domain): sequence numbers and init time. */
    private final LinkedHashMap<String, Stream> streams;

    /**
     * What one export stream said last: its sequence number and data records, to find what never arrived; and for
     * IPFIX the exporter's systemInitTimeMilliseconds from an options record, which uptime-relative flow times need.
     */
    private static final class Stream {
        long lastSeq = -1;
        /** Data records of the last message; -1 when some of its sets waited for a template (count unknown). */
        long lastRecords;
        long initMillis = -1;
        /**
         * The last {@value #GAPS} gaps counted: the sequence numbers strictly between gapAfter and gapBefore (mod 2^32)
         * were missing, and gapLost of what was counted for them is not yet taken back by a late message.
         */
        final long[] gapAfter = new long[GAPS], gapBefore = new long[GAPS], gapLost = new long[GAPS];
        int nextGap;

        void forgetGaps() {
            java.util.Arrays.fill(gapLost, 0);
        }
    }

    private static final int GAPS = 8;

    /** How far back (v9 packets; v5 and IPFIX records) a sequence number is taken for a late message, not a restart. */
    private static final int LATE_PACKETS = 64, LATE_RECORDS = 4096;

    /** A data set waiting for its template, with what its header said about time. */
    private record Pending(String key, byte[] set, int version, long exportMicros, long uptimeMillis, String exporter, long sequence,
                           long domain) {}

    public FlowDecoder(Limits limits) {
        this.limits = limits;
        this.templates = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
                return size() > limits.maxTemplates();
            }
        };
        this.streams = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stream> eldest) {
                return size() > limits.maxTemplates();
            }
        };
    }

    public DecodeStats stats() {
        return stats;
    }

    /** Bytes of data sets currently waiting for templates (for tests of the bound). */
    public long pendingBytes() {
        return pendingBytes;
    }

    public int templateCount() {
        return templates.size();
    }

    /** Decodes one datagram from {@code exporter} (an address, or a file name), delivering flows in record order. */
    public void decode(byte[] b, int off, int len, String exporter, FlowListener out) {
        stats.datagrams++;
        if (len < 4 || off < 0 || off + len > b.length) {
            malformed(exporter, "datagram of " + len + " bytes is too short for any header");
            return;
        }
        int version = u16(b, off);
        switch (version) {
            case 5 -> v5(b, off, len, exporter, out);
            case 9 -> v9(b, off, len, exporter, out);
            case 10 -> ipfix(b, off, len, exporter, out);
            default -> malformed(exporter, "version " + version + " is not NetFlow v5, v9 or IPFIX (10)");
        }
    }

    /** Drops sets that waited too long; called with the export time of each datagram and at the end of input. */
    public void expire(long nowMicros) {
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (nowMicros - p.exportMicros() <= limits.pendingTimeoutMicros()) break;
            it.remove();
            drop(p);
        }
    }

    /** The input ended: whatever still waits for a template will never be decoded. */
    public void finish() {
        while (!pending.isEmpty()) drop(pending.removeFirst());
    }

    private void drop(Pending p) {
        pendingBytes -= p.set().length;
        skipped(p);
    }

    private void skipped(Pending p) {
        stats.skippedSets++;
        stats.skippedSetBytes += p.set().length;
        stats.problem("data set for template " + p.key().substring(p.key().lastIndexOf('/') + 1) + " from " + p.exporter()
                + ": its template never arrived");
    }

    private void malformed(String exporter, String why) {
        stats.malformed++;
        stats.problem(exporter + ": " + why);
    }

    // ---- NetFlow v5 --------------------------------------------------------------------------------------------

    private void v5(byte[] b, int off, int len, String exporter, FlowListener out) {
        if (len < 24) {
            malformed(exporter, "NetFlow v5 header needs 24 bytes, got " + len);
            return;
        }
        int count = u16(b, off + 2);
        long uptime = u32(b, off + 4), secs = u32(b, off + 8), nsecs = u32(b, off + 12), seq = u32(b, off + 16);
        if (count == 0 || count > 30 || 24 + 48L * count > len) {
            malformed(exporter, "NetFlow v5 says " + count + " records but the datagram holds " + Math.max(0, (len - 24) / 48));
            count = Math.min(Math.max(0, (len - 24) / 48), 30);
        }
        sequence(stream(exporter, 5, u16(b, off + 20)), 5, seq, count); // engine type and id: v5's source
        long exportMillis = secs * 1000 + nsecs / 1_000_000;
        for (int i = 0; i < count; i++) {
            int r = off + 24 + 48 * i;
            long first = u32(b, r + 24), last = u32(b, r + 28);
            long start = (exportMillis - age(uptime, first)) * 1000, end = (exportMillis - age(uptime, last)) * 1000;
            int proto = b[r + 38] & 0xFF, flags = b[r + 37] & 0xFF;
            long packets = u32(b, r + 16), octets = u32(b, r + 20);
            emit(out, FlowRecord.builder().uid("nf5-" + exporter + "-" + (seq + i)).start(start).duration(Math.max(0, end - start))
                    .src(IpAddress.v4(s32(b, r)), u16(b, r + 32)).dst(IpAddress.v4(s32(b, r + 4)), u16(b, r + 34)).protocol(proto)
                    .tcpFlags(proto == Protocols.TCP ? flags : 0).state(state(proto, flags, 0, false)).orig(packets, octets));
        }
    }

    // ---- NetFlow v9 --------------------------------------------------------------------------------------------

    private void v9(byte[] b, int off, int len, String exporter, FlowListener out) {
        if (len < 20) {
            malformed(exporter, "NetFlow v9 header needs 20 bytes, got " + len);
            return;
        }
        long uptime = u32(b, off + 4), secs = u32(b, off + 8), seq = u32(b, off + 12), source = u32(b, off + 16);
        long export = secs * 1_000_000;
        expire(export);
        Stream st = stream(exporter, 9, source);
        sequence(st, 9, seq, 0);
        sets(b, off + 20, off + len, 9, export, uptime, exporter, seq, source, st, out);
    }

    /**
     * Milliseconds between a flow time and the header's uptime, both uptime counters that wrap at 2^32 ms (49.7 days):
     * the difference is taken modulo 2^32 and read as signed, so that a counter that wrapped between the flow and the
     * export still gives a flow in the recent past, and a flow time a little after the header's (some exporters) a
     * little in the future.
     */
    static long age(long uptimeMillis, long flowMillis) {
        return (int) (uptimeMillis - flowMillis);
    }

    // ---- IPFIX -------------------------------------------------------------------------------------------------

    private void ipfix(byte[] b, int off, int len, String exporter, FlowListener out) {
        if (len < 16) {
            malformed(exporter, "IPFIX header needs 16 bytes, got " + len);
            return;
        }
        int msgLen = u16(b, off + 2);
        if (msgLen < 16 || msgLen > len) {
            malformed(exporter, "IPFIX message length " + msgLen + " does not fit the " + len + " bytes received");
            return;
        }
        long export = u32(b, off + 4) * 1_000_000, seq = u32(b, off + 8), domain = u32(b, off + 12);
        expire(export);
        Stream st = stream(exporter, 10, domain);
        long records = sets(b, off + 16, off + msgLen, 10, export, -1, exporter, seq, domain, st, out);
        sequence(st, 10, seq, records);
    }

    private static String streamKey(String exporter, int version, long domain) {
        return exporter + "/" + version + "/" + domain;
    }

    /** The sequence-number stream of an exporter's observation domain (v9 source id, v5 engine), made on first sight. */
    private Stream stream(String exporter, int version, long domain) {
        return streams.computeIfAbsent(streamKey(exporter, version, domain), k -> new Stream());
    }

    /**
     * Compares a message's sequence number with the last of its stream and counts what never arrived (RFC 3954 5.1,
     * RFC 7011 3.1). NetFlow v9 numbers export packets, one each. NetFlow v5 and IPFIX number data records: v5 the
     * flows sent before the datagram; IPFIX the same by the RFC, but some exporters (softflowd) count the message's
     * own records too, so a gap up to the larger of the two messages' counts is no loss, and what passes it is lost
     * for certain: the figure is a lower bound. A number a little behind the newest (at most {@value #LATE_PACKETS}
     * packets or {@value #LATE_RECORDS} records) is a late or repeated message: inside one of the last gaps counted it
     * takes back what it brings, elsewhere it changes nothing; a number further back is an exporter that started again,
     * and counting starts afresh. {@code records} is -1 when the message's count is unknown (a set waited for its
     * template): the next message is then not compared.
     */
    private void sequence(Stream st, int version, long seq, long records) {
        if (st.lastSeq < 0) {
            st.lastSeq = seq;
            st.lastRecords = records;
            return;
        }
        long delta = (int) (seq - st.lastSeq);
        if (delta < 0) {
            if (-delta > (version == 9 ? LATE_PACKETS : LATE_RECORDS)) { // far back: the exporter started again
                stats.sequenceResets++;
                st.forgetGaps();
                st.lastSeq = seq;
                st.lastRecords = records;
                return;
            }
            // a late (or repeated) message: it takes back what a gap it falls in counted, and the stream goes on from
            // its newest number; outside every counted gap it changes nothing
            for (int g = 0; g < GAPS; g++) {
                long into = (int) (seq - st.gapAfter[g]), span = (int) (st.gapBefore[g] - st.gapAfter[g]);
                if (st.gapLost[g] > 0 && into > 0 && into < span) {
                    long back = Math.min(st.gapLost[g], version == 9 ? 1 : Math.max(0, records));
                    st.gapLost[g] -= back;
                    if (version == 9) stats.lostDatagrams -= back;
                    else stats.lostRecords -= back;
                    break;
                }
            }
            return;
        }
        long lost = 0;
        if (version == 9) {
            lost = Math.max(0, delta - 1);
            stats.lostDatagrams += lost;
        } else if (st.lastRecords >= 0 && records >= 0) {
            long expected = version == 5 ? st.lastRecords : Math.max(st.lastRecords, records);
            lost = Math.max(0, delta - expected);
            stats.lostRecords += lost;
        }
        if (lost > 0) { // where a late message would fall: strictly between the last number and this one
            int g = st.nextGap;
            st.nextGap = (g + 1) % GAPS;
            st.gapAfter[g] = st.lastSeq;
            st.gapBefore[g] = seq;
            st.gapLost[g] = lost;
        }
        st.lastSeq = seq;
        st.lastRecords = records;
    }

    /**
     * Walks the sets of a v9 packet or IPFIX message: templates first come, data decoded or parked. Returns the data
     * records read (flows and options), or -1 when that is unknown: a set waited for its template, or broke its lengths.
     */
    private long sets(byte[] b, int p, int end, int version, long export, long uptime, String exporter, long seq, long domain, Stream stream,
                      FlowListener out) {
        int templateSet = version == 9 ? 0 : 2, optionsSet = version == 9 ? 1 : 3;
        long records = 0;
        while (p + 4 <= end) {
            int id = u16(b, p), setLen = u16(b, p + 2);
            if (setLen < 4 || p + setLen > end) {
                malformed(exporter, "set " + id + " of length " + setLen + " runs past the end of the " + (version == 9 ? "packet" : "message"));
                return -1;
            }
            int body = p + 4, setEnd = p + setLen;
            if (id == templateSet) {
                if (!templates(b, body, setEnd, version, false, exporter, domain, out)) return -1;
            } else if (id == optionsSet) {
                if (!templates(b, body, setEnd, version, true, exporter, domain, out)) return -1;
            } else if (id >= 256) {
                String key = key(exporter, version, domain, id);
                Template t = templates.get(key);
                if (t != null) {
                    int n = data(b, body, setEnd, t, version, export, uptime, exporter, seq, stream, out);
                    records = records < 0 || n < 0 ? -1 : records + n;
                } else {
                    park(new Pending(key, Arrays.copyOfRange(b, body, setEnd), version, export, uptime, exporter, seq, domain));
                    records = -1;
                }
            } else {
                stats.unsupported++; // reserved set ids: skip, as RFC 7011 says
            }
            p = setEnd;
        }
        return records;
    }

    private static String key(String exporter, int version, long domain, int templateId) {
        return streamKey(exporter, version, domain) + "/" + templateId;
    }

    private void park(Pending p) {
        if (p.set().length > limits.pendingBytes()) {
            skipped(p); // larger than the whole buffer: it can never wait
            return;
        }
        while (pendingBytes + p.set().length > limits.pendingBytes() && !pending.isEmpty()) drop(pending.removeFirst());
        pending.addLast(p);
        pendingBytes += p.set().length;
        stats.pendingSets++;
    }

    /** Reads template (or options template) records; false when the set is malformed. */
    private boolean templates(byte[] b, int p, int end, int version, boolean options, String exporter, long domain, FlowListener out) {
        while (p + 4 <= end) {
            int id = u16(b, p), count = u16(b, p + 2);
            if (id == 0 && count == 0) return true; // padding at the end of the set
            p += 4;
            int scopeCount = 0;
            if (options) {
                if (version == 9) {
                    // v9 options template: scope length and option length in bytes, then (type, length) pairs
                    if (p + 4 > end) return bad(exporter, "options template " + id + " is cut short");
                    int scopeLen = count, optionLen = u16(b, p);
                    p += 2;
                    if (scopeLen % 4 != 0 || optionLen % 4 != 0) return bad(exporter, "options template " + id + " has odd field lengths");
                    count = (scopeLen + optionLen) / 4;
                } else {
                    if (count == 0) { // withdrawal has no scope count
                        templates.remove(key(exporter, version, domain, id));
                        continue;
                    }
                    if (p + 2 > end) return bad(exporter, "options template " + id + " is cut short");
                    scopeCount = u16(b, p);
                    p += 2;
                }
            }
            if (id < 256) return bad(exporter, "template id " + id + " is below 256");
            if (count == 0) { // IPFIX template withdrawal (RFC 7011 8.1)
                templates.remove(key(exporter, version, domain, id));
                continue;
            }
            if (count > MAX_FIELDS) return bad(exporter, "template " + id + " declares " + count + " fields (at most " + MAX_FIELDS + ")");
            int[] elements = new int[count], enterprises = new int[count], lengths = new int[count];
            for (int i = 0; i < count; i++) {
                if (p + 4 > end) return bad(exporter, "template " + id + " is cut short after " + i + " of " + count + " fields");
                int type = u16(b, p), length = u16(b, p + 2);
                p += 4;
                if (version == 10 && (type & 0x8000) != 0) {
                    if (p + 4 > end) return bad(exporter, "template " + id + " is cut short in an enterprise number");
                    enterprises[i] = s32(b, p);
                    type &= 0x7FFF;
                    p += 4;
                }
                if (length == 0 || (version == 9 && length == Template.VARIABLE)) {
                    return bad(exporter, "template " + id + " field " + type + " has length " + length);
                }
                elements[i] = type;
                lengths[i] = length;
            }
            if (scopeCount > count) return bad(exporter, "options template " + id + " has more scope fields than fields");
            Template t = Template.of(id, elements, enterprises, lengths, options);
            String key = key(exporter, version, domain, id);
            templates.put(key, t);
            stats.templates++;
            replay(key, t, out);
        }
        return true;
    }

    private boolean bad(String exporter, String why) {
        malformed(exporter, why);
        return false;
    }

    /** Decodes the sets that waited for the template that just arrived. */
    private void replay(String key, Template t, FlowListener out) {
        if (pending.isEmpty()) return;
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (!p.key().equals(key)) continue;
            it.remove();
            pendingBytes -= p.set().length;
            stats.replayedSets++;
            data(p.set(), 0, p.set().length, t, p.version(), p.exportMicros(), p.uptimeMillis(), p.exporter(), p.sequence(),
                    stream(p.exporter(), p.version(), p.domain()), out);
        }
    }

    /**
     * Data records of one set; returns how many, or -1 when a record broke the set. Options data have no flows: of
     * them Warden reads the exporter's systemInitTimeMilliseconds (IPFIX uptime-relative flow times count from it).
     */
    private int data(byte[] b, int p, int end, Template t, int version, long export, long uptime, String exporter, long seq, Stream stream,
                     FlowListener out) {
        int index = 0;
        while (end - p >= t.minRecordLength()) {
            var r = new RecordFields();
            int start = p;
            for (int i = 0; i < t.elements().length; i++) {
                int len = t.lengths()[i];
                if (len == Template.VARIABLE) { // IPFIX only (a v9 template with this length is refused)
                    if (p + 1 > end) return runsPast(exporter, t);
                    len = b[p] & 0xFF;
                    p++;
                    if (len == 255) {
                        if (p + 2 > end) return runsPast(exporter, t);
                        len = u16(b, p);
                        p += 2;
                    }
                }
                if (p + len > end) {
                    if (start == p || version == 10) return runsPast(exporter, t);
                    return index; // v9 pads sets to 4 bytes with zeros that may look like the start of a record
                }
                r.set(t.elements()[i], t.enterprises()[i], b, p, len);
                p += len;
            }
            if (p == start) return -1; // cannot happen (minRecordLength >= 1), but never loop without progress
            index++;
            if (t.options()) {
                if (r.init >= 0) stream.initMillis = r.init;
                continue;
            }
            FlowRecord f = r.toFlow((version == 9 ? "nf9-" : "ipfix-") + exporter + "-" + seq + "-" + (index - 1), export, uptime,
                    stream.initMillis);
            if (r.timedByExport) {
                stats.exportTimed++;
                stats.problem(exporter + ": template " + t.id() + (r.unreadableTime ? " carries flow times Warden cannot read"
                        : " gives times since the exporter's start, which it had not yet said (systemInitTimeMilliseconds)")
                        + "; such flows are timed by their export");
            }
            if (f != null) emit(out, f);
        }
        return index; // what is left is padding (RFC 7011: less than the minimum record length)
    }

    private int runsPast(String exporter, Template t) {
        malformed(exporter, "data record of template " + t.id() + " runs past its set");
        return -1;
    }

    private void emit(FlowListener out, FlowRecord.Builder b) {
        emit(out, b.build());
    }

    private void emit(FlowListener out, FlowRecord f) {
        stats.records++;
        out.onFlow(f);
    }

    static ConnState state(int proto, int flags, long replies, boolean bidirectional) {
        if (proto == Protocols.TCP) return ConnState.fromTcpFlags(flags, replies);
        if (bidirectional) return replies > 0 ? ConnState.SF : ConnState.S0;
        return ConnState.UNKNOWN;
    }

    /** The fields of one data record that Warden uses, as they are read. */
    private static final class RecordFields {
        IpAddress src, dst;
        int srcPort, dstPort, proto, flags;
        long octets, packets, revOctets, revPackets;
        boolean reverse;
        long srcMac, dstMac;
        long startUp = -1, endUp = -1, startAbs = -1, endAbs = -1, init = -1;
        /** A time field Warden cannot read (a length no exporter documents): the flow is timed by its export instead. */
        boolean unreadableTime;
        /** The record had times that could not be used (unreadable, or uptime-relative before the init time came). */
        boolean timedByExport;

        /**
         * A flowStart/EndSysUpTime (unsigned 32-bit milliseconds since the exporter's init, so it wraps every 49.7 days)
         * as milliseconds since 1970: the wrap count that puts it nearest the export, not after it by half a period.
         */
        static long sinceInit(long initMillis, long upMillis, long exportMillis) {
            long t = initMillis + upMillis, behind = exportMillis - t;
            if (behind > 1L << 31) t += ((behind + (1L << 31)) >>> 32) << 32;
            return t;
        }

        void set(int element, int enterprise, byte[] b, int p, int len) {
            if (enterprise == REVERSE_PEN) {
                if (element == OCTETS || element == OCTETS_TOTAL) {
                    revOctets = uint(b, p, len);
                    reverse = true;
                } else if (element == PACKETS || element == PACKETS_TOTAL) {
                    revPackets = uint(b, p, len);
                    reverse = true;
                }
                return;
            }
            if (enterprise != 0) return;
            switch (element) {
                case OCTETS, OCTETS_TOTAL -> octets = uint(b, p, len);
                case PACKETS, PACKETS_TOTAL -> packets = uint(b, p, len);
                case PROTOCOL -> proto = (int) uint(b, p, len) & 0xFF;
                case TCP_FLAGS -> flags = (int) uint(b, p, len) & 0xFF; // 1 byte (v9) or 2 (IPFIX, flags in the low byte)
                case SRC_PORT -> srcPort = (int) uint(b, p, len) & 0xFFFF;
                case DST_PORT -> dstPort = (int) uint(b, p, len) & 0xFFFF;
                case SRC_V4 -> { if (len == 4) src = IpAddress.ofBytes(b, p, 4); }
                case DST_V4 -> { if (len == 4) dst = IpAddress.ofBytes(b, p, 4); }
                case SRC_V6 -> { if (len == 16) src = IpAddress.ofBytes(b, p, 16); }
                case DST_V6 -> { if (len == 16) dst = IpAddress.ofBytes(b, p, 16); }
                case SRC_MAC -> { if (len == 6) srcMac = uint(b, p, 6); }
                case DST_MAC, DST_MAC_V9 -> { if (len == 6) dstMac = uint(b, p, 6); }
                case START_UPTIME -> startUp = uint(b, p, len);
                case END_UPTIME -> endUp = uint(b, p, len);
                case START_SECONDS -> startAbs = uint(b, p, len) * 1_000_000;
                case END_SECONDS -> endAbs = uint(b, p, len) * 1_000_000;
                case START_MILLIS -> startAbs = uint(b, p, len) * 1000;
                case END_MILLIS -> endAbs = uint(b, p, len) * 1000;
                case START_MICROS -> {
                    startAbs = ntp(b, p, len);
                    if (startAbs < 0) unreadableTime = true;
                }
                case END_MICROS -> {
                    endAbs = ntp(b, p, len);
                    if (endAbs < 0) unreadableTime = true;
                }
                case INIT_MILLIS -> init = uint(b, p, len);
                default -> { }
            }
        }

        /**
         * dateTimeMicroseconds to microseconds since 1970: the NTP 64-bit timestamp of RFC 7011 (seconds since 1900,
         * fraction), or the 16 bytes pmacct sends (seconds since 1970, then microseconds, 8 bytes each); -1 otherwise.
         */
        private static long ntp(byte[] b, int p, int len) {
            if (len == 16) {
                long secs = uint(b, p, 8), micros = uint(b, p + 8, 8);
                return secs >= 0 && secs < 1L << 40 && micros >= 0 && micros < 1_000_000 ? secs * 1_000_000 + micros : -1;
            }
            if (len != 8) return -1;
            long secs = ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFFL) << 16) | ((b[p + 2] & 0xFFL) << 8) | (b[p + 3] & 0xFFL);
            long frac = ((b[p + 4] & 0xFFL) << 24) | ((b[p + 5] & 0xFFL) << 16) | ((b[p + 6] & 0xFFL) << 8) | (b[p + 7] & 0xFFL);
            return (secs - 2_208_988_800L) * 1_000_000 + (frac * 1_000_000 >>> 32);
        }

        /** {@code streamInit}: the exporter's init time from its options data, for a record that does not carry its own. */
        FlowRecord toFlow(String uid, long export, long uptimeMillis, long streamInit) {
            long init = this.init >= 0 ? this.init : streamInit;
            if (src == null || dst == null) return null; // a record without addresses (e.g. MPLS-only) is not a flow Warden reads
            long start, end;
            if (startAbs >= 0) {
                start = startAbs;
                end = endAbs >= 0 ? endAbs : startAbs;
            } else if (startUp >= 0 && uptimeMillis >= 0) { // v9: relative to the exporter's uptime in the header
                start = export - age(uptimeMillis, startUp) * 1000;
                end = endUp >= 0 ? export - age(uptimeMillis, endUp) * 1000 : start;
            } else if (startUp >= 0 && init >= 0) { // IPFIX: relative to systemInitTimeMilliseconds
                start = sinceInit(init, startUp, export / 1000) * 1000;
                end = endUp >= 0 ? sinceInit(init, endUp, export / 1000) * 1000 : start;
            } else {
                start = end = export;
                timedByExport = startUp >= 0 || unreadableTime; // it had times, which could not be read
            }
            return FlowRecord.builder().uid(uid).start(start).duration(Math.max(0, end - start)).src(src, srcPort).dst(dst, dstPort)
                    .protocol(proto).tcpFlags(proto == Protocols.TCP ? flags : 0).state(state(proto, flags, revPackets, reverse))
                    .orig(packets, octets).resp(revPackets, revOctets).macs(srcMac, dstMac).build();
        }
    }

    // ---- bytes -------------------------------------------------------------------------------------------------

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
    }

    static int s32(byte[] b, int p) {
        return (int) u32(b, p);
    }

    /** An unsigned big-endian number of 1 to 8 bytes (reduced-size encoding, RFC 7011 6.2); longer fields give 0. */
    static long uint(byte[] b, int p, int len) {
        if (len > 8) return 0;
        long v = 0;
        for (int i = 0; i < len; i++) v = (v << 8) | (b[p + i] & 0xFF);
        return v;
    }
}
