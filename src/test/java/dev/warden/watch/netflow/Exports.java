package dev.warden.watch.netflow;

import dev.warden.watch.flow.FlowRecord;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A small NetFlow v5 / v9 / IPFIX exporter for tests: writes flows the way RFC 3954 and RFC 7011 lay them out, so
 * the decoder can be checked against what went in (the reference model of the fuzz test).
 */
final class Exports {
    static final long EXPORT_SECONDS = 1_700_000_100L;
    static final long UPTIME_MILLIS = 500_000;

    private Exports() {}

    static final class Buf {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u8(int v) {
            out.write(v);
            return this;
        }

        Buf u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Buf u32(long v) {
            return u16((int) (v >>> 16)).u16((int) v);
        }

        Buf u64(long v) {
            return u32(v >>> 32).u32(v);
        }

        Buf bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        byte[] done() {
            return out.toByteArray();
        }

        int size() {
            return out.size();
        }
    }

    static byte[] addr(FlowRecord f, boolean src) {
        var a = src ? f.src() : f.dst();
        if (a.isV4()) return new byte[]{(byte) (a.v4() >>> 24), (byte) (a.v4() >>> 16), (byte) (a.v4() >>> 8), (byte) a.v4()};
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) b[i] = (byte) (a.hi() >>> (56 - 8 * i));
        for (int i = 0; i < 8; i++) b[8 + i] = (byte) (a.lo() >>> (56 - 8 * i));
        return b;
    }

    /** Uptime (ms) at which a flow time (µs) happened, for v5 and v9 relative times. */
    static long uptimeAt(long micros) {
        return UPTIME_MILLIS - (EXPORT_SECONDS * 1000 - micros / 1000);
    }

    static byte[] v5(List<FlowRecord> flows, long sequence) {
        var b = new Buf().u16(5).u16(flows.size()).u32(UPTIME_MILLIS).u32(EXPORT_SECONDS).u32(0).u32(sequence).u8(0).u8(0).u16(0);
        for (FlowRecord f : flows) {
            b.bytes(addr(f, true)).bytes(addr(f, false)).u32(0).u16(1).u16(2).u32(f.origPackets()).u32(f.origBytes())
                    .u32(uptimeAt(f.startMicros())).u32(uptimeAt(f.endMicros())).u16(f.srcPort()).u16(f.dstPort()).u8(0)
                    .u8(f.tcpFlags()).u8(f.protocol()).u8(0).u16(0).u16(0).u8(24).u8(24).u16(0);
        }
        return b.done();
    }

    // v9 template 256: IPv4 addresses, ports, protocol, flags, packets, octets, first/last switched (uptime), MACs.
    static final int[][] V9_FIELDS = {{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {2, 4}, {1, 4}, {22, 4}, {21, 4}, {56, 6}, {57, 6}};

    static byte[] v9Template(int id) {
        var set = new Buf().u16(id).u16(V9_FIELDS.length);
        for (int[] f : V9_FIELDS) set.u16(f[0]).u16(f[1]);
        byte[] body = set.done();
        return new Buf().u16(0).u16(4 + body.length).bytes(body).done();
    }

    static byte[] v9Data(int id, List<FlowRecord> flows) {
        var rec = new Buf();
        for (FlowRecord f : flows) {
            rec.bytes(addr(f, true)).bytes(addr(f, false)).u16(f.srcPort()).u16(f.dstPort()).u8(f.protocol()).u8(f.tcpFlags())
                    .u32(f.origPackets()).u32(f.origBytes()).u32(uptimeAt(f.startMicros())).u32(uptimeAt(f.endMicros()))
                    .u16((int) (f.srcMac() >>> 32)).u32(f.srcMac()).u16((int) (f.dstMac() >>> 32)).u32(f.dstMac());
        }
        int pad = (4 - (rec.size() % 4)) % 4;
        for (int i = 0; i < pad; i++) rec.u8(0);
        byte[] body = rec.done();
        return new Buf().u16(id).u16(4 + body.length).bytes(body).done();
    }

    static byte[] v9Packet(long sequence, long sourceId, byte[]... sets) {
        var b = new Buf().u16(9).u16(sets.length).u32(UPTIME_MILLIS).u32(EXPORT_SECONDS).u32(sequence).u32(sourceId);
        for (byte[] s : sets) b.bytes(s);
        return b.done();
    }

    // IPFIX template 300: IPv4 or IPv6 addresses, ports, protocol, tcpControlBits (2 bytes), packets and octets (8),
    // reverse packets and octets (RFC 5103, enterprise 29305), flowStart/EndMilliseconds, and a variable-length string.
    static byte[] ipfixTemplate(int id, boolean v6) {
        var set = new Buf().u16(id).u16(13);
        set.u16(v6 ? 27 : 8).u16(v6 ? 16 : 4).u16(v6 ? 28 : 12).u16(v6 ? 16 : 4).u16(7).u16(2).u16(11).u16(2).u16(4).u16(1).u16(6).u16(2)
                .u16(2).u16(8).u16(1).u16(8)
                .u16(0x8000 | 2).u16(8).u32(29305).u16(0x8000 | 1).u16(8).u32(29305)
                .u16(152).u16(8).u16(153).u16(8)
                .u16(0x8000 | 9999).u16(65535).u32(32473); // an enterprise field Warden does not read, variable length
        byte[] body = set.done();
        return new Buf().u16(2).u16(4 + body.length).bytes(body).done();
    }

    static byte[] ipfixData(int id, List<FlowRecord> flows) {
        var rec = new Buf();
        for (FlowRecord f : flows) {
            rec.bytes(addr(f, true)).bytes(addr(f, false)).u16(f.srcPort()).u16(f.dstPort()).u8(f.protocol()).u16(f.tcpFlags())
                    .u64(f.origPackets()).u64(f.origBytes()).u64(f.respPackets()).u64(f.respBytes())
                    .u64(f.startMicros() / 1000).u64(f.endMicros() / 1000);
            byte[] note = ("flow " + f.uid()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            rec.u8(note.length).bytes(note);
        }
        byte[] body = rec.done();
        return new Buf().u16(id).u16(4 + body.length).bytes(body).done();
    }

    static byte[] ipfixMessage(long sequence, long domain, byte[]... sets) {
        int len = 16;
        for (byte[] s : sets) len += s.length;
        var b = new Buf().u16(10).u16(len).u32(EXPORT_SECONDS).u32(sequence).u32(domain);
        for (byte[] s : sets) b.bytes(s);
        return b.done();
    }
}
