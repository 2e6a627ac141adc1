package dev.warden.watch.packet;

import dev.warden.watch.Traffic;
import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowTableTest {
    static final long MIN = 60_000_000L;

    static PacketEvent tcp(double t, String src, int sp, String dst, int dp, int flags, int len) {
        return new PacketEvent(Traffic.at(t), 0, 0, IpAddress.parse(src), IpAddress.parse(dst), Protocols.TCP, sp, dp, flags, 1, 0, len, 0);
    }

    static PacketEvent udp(double t, String src, int sp, String dst, int dp, int len) {
        return new PacketEvent(Traffic.at(t), 0, 0, IpAddress.parse(src), IpAddress.parse(dst), Protocols.UDP, sp, dp, 0, 0, 0, len, 0);
    }

    @Test
    void bothDirectionsAreOneFlowWithZeekStates() {
        var table = new FlowTable(1000, 5 * MIN, MIN, 60 * MIN);
        var out = new ArrayList<FlowRecord>();
        String a = "192.168.7.20", b = "198.51.100.9";
        assertTrue(table.packet(tcp(0, a, 40000, b, 80, TcpFlags.SYN, 60), out::add), "the first packet begins a flow");
        assertFalse(table.packet(tcp(0.01, b, 80, a, 40000, TcpFlags.SYN | TcpFlags.ACK, 60), out::add), "the reply is the same flow");
        assertFalse(table.packet(tcp(0.02, a, 40000, b, 80, TcpFlags.ACK | TcpFlags.PSH, 500), out::add));
        table.packet(tcp(0.03, a, 40000, b, 80, TcpFlags.FIN | TcpFlags.ACK, 40), out::add);
        table.packet(tcp(0.04, b, 80, a, 40000, TcpFlags.FIN | TcpFlags.ACK, 40), out::add);
        table.packet(tcp(1, a, 40001, b, 81, TcpFlags.SYN, 60), out::add);
        table.packet(tcp(1.01, b, 81, a, 40001, TcpFlags.RST | TcpFlags.ACK, 40), out::add);
        table.packet(tcp(2, a, 40002, b, 82, TcpFlags.SYN, 60), out::add);
        table.packet(tcp(3, a, 40003, b, 83, TcpFlags.ACK, 552), out::add);
        assertEquals(4, table.size());
        table.expire(Traffic.at(12), out::add); // closed connections linger 5 s
        for (int i = 0; i < 8; i++) table.expire(Traffic.at(12), out::add);
        assertEquals(java.util.Set.of(ConnState.SF, ConnState.REJ), out.stream().map(FlowRecord::state).collect(java.util.stream.Collectors.toSet()));
        FlowRecord f = out.stream().filter(x -> x.state() == ConnState.SF).findFirst().orElseThrow();
        assertEquals(a, f.src().toString());
        assertEquals(3, f.origPackets());
        assertEquals(600, f.origBytes());
        assertEquals(2, f.respPackets());
        table.flush(out::add);
        assertEquals(List.of(ConnState.S0, ConnState.OTH), out.subList(2, 4).stream().map(FlowRecord::state).sorted().toList());
        assertEquals(0, table.size());
    }

    @Test
    void idleAndActiveTimeouts() {
        var table = new FlowTable(1000, 5 * MIN, MIN, 2 * MIN);
        var out = new ArrayList<FlowRecord>();
        for (int i = 0; i < 300; i++) table.packet(udp(i, "192.168.7.20", 5000, "198.51.100.9", 53, 100), out::add);
        assertEquals(2, out.size(), "a five-minute stream is reported every two minutes while it lasts");
        assertEquals(120, out.getFirst().origPackets());
        for (int i = 0; i < 8; i++) table.expire(Traffic.at(299 + 61), out::add);
        assertEquals(3, out.size());
        assertEquals(60, out.get(2).origPackets());
    }

    @Test
    void fullTableEvictsAndStaysBounded() {
        var table = new FlowTable(100, 5 * MIN, MIN, 60 * MIN);
        var out = new ArrayList<FlowRecord>();
        for (int i = 0; i < 1000; i++) table.packet(udp(i * 0.001, "192.168.7.20", 1024 + i, "198.51.100.9", 53, 100), out::add);
        assertEquals(100, table.size());
        assertEquals(900, table.evicted());
        table.flush(out::add);
        assertEquals(1000, out.size());
        assertEquals(1000, out.stream().map(FlowRecord::srcPort).distinct().count());
    }

    /**
     * Ended flows leave their index entries behind while the index is mostly empty; a rebuild clears them. Many
     * flows coming and going, a few hundred at a time, must neither grow the index nor confuse a later flow with an
     * earlier one in the same row or of the same connection.
     */
    @Test
    void endedFlowsLeaveNoLastingTraceInTheIndex() {
        var table = new FlowTable(1_000_000, MIN, MIN, 60 * MIN);
        var out = new ArrayList<FlowRecord>();
        int start = table.capacity();
        double t = 0;
        for (int round = 0; round < 200; round++) {
            out.clear();
            for (int i = 0; i < 600; i++) {
                // every tenth round the first round's connections again, the others new ones
                int host = round % 10 == 0 ? i : round * 600 + i;
                String dst = "10.99." + (host >> 8 & 0xFF) + "." + (host & 0xFF);
                table.packet(udp(t, "192.168.7.20", 4000 + host % 7, dst, 53, 100), out::add);
                if (i % 3 == 0) table.packet(udp(t, dst, 53, "192.168.7.20", 4000 + host % 7, 300), out::add); // an answer
            }
            t += 120;
            table.expire(Traffic.at(t), out::add);
            assertEquals(0, table.size(), "round " + round);
            assertEquals(600, out.size(), "every flow of round " + round + " ends once");
            for (int i = 0; i < 600; i++) {
                FlowRecord f = out.get(i);
                assertEquals(1, f.origPackets(), "round " + round + " flow " + i);
                assertEquals(i % 3 == 0 ? 1 : 0, f.respPackets(), "round " + round + " flow " + i + ": only its own answer");
            }
        }
        assertEquals(start, table.capacity(), "120,000 flows, 600 at a time: the index did not grow");
    }

    /**
     * The table against a plain HashMap model of the same semantics, on random traffic among few endpoints (so that
     * probes collide and both directions occur) with idle sweeps that delete from the middle of probe chains.
     */
    @Test
    void agreesWithAReferenceModel() {
        var rnd = new Random(42);
        long timeout = MIN;
        var table = new FlowTable(100_000, timeout, timeout, Long.MAX_VALUE / 4);
        var model = new HashMap<String, long[]>(); // canonical key -> first, last, op, ob, rp, rb; orientation in keys below
        var orient = new HashMap<String, String>();
        var fromTable = new ArrayList<String>();
        var fromModel = new ArrayList<String>();
        String[] hosts = {"192.168.7.20", "192.168.7.21", "198.51.100.9", "2001:db8::1", "203.0.113.5"};
        double t = 0;
        String[] prev = null;
        for (int step = 0; step < 60_000; step++) {
            t += rnd.nextDouble() * 0.05;
            if (rnd.nextInt(2000) == 0) {
                t += 61; // everything idle now, except nothing: a sweep deletes everything older
                for (int k = 0; k < 20; k++) table.expire(Traffic.at(t), f -> fromTable.add(describe(f)));
                long now = Traffic.at(t);
                var it = model.entrySet().iterator();
                while (it.hasNext()) {
                    var e = it.next();
                    if (now - e.getValue()[1] > timeout) {
                        fromModel.add(orient.get(e.getKey()) + " " + e.getValue()[2] + " " + e.getValue()[3] + " " + e.getValue()[4] + " " + e.getValue()[5]);
                        it.remove();
                    }
                }
            }
            // half the packets repeat the previous one's connection, either way round, as real traffic comes in runs
            // (the table tries the previous packet's row first; after a sweep that row may be free or someone else's)
            String a, b;
            int pa, pb, pr;
            if (prev != null && rnd.nextBoolean()) {
                boolean swap = rnd.nextBoolean();
                a = swap ? prev[1] : prev[0];
                b = swap ? prev[0] : prev[1];
                pa = Integer.parseInt(swap ? prev[3] : prev[2]);
                pb = Integer.parseInt(swap ? prev[2] : prev[3]);
                pr = Integer.parseInt(prev[4]);
            } else {
                a = hosts[rnd.nextInt(hosts.length)];
                b = hosts[rnd.nextInt(hosts.length)];
                pa = 1000 + rnd.nextInt(30);
                pb = 1000 + rnd.nextInt(30);
                pr = rnd.nextBoolean() ? Protocols.TCP : Protocols.UDP;
            }
            prev = new String[]{a, b, "" + pa, "" + pb, "" + pr};
            int len = 40 + rnd.nextInt(1400);
            var p = new PacketEvent(Traffic.at(t), 0, 0, IpAddress.parse(a), IpAddress.parse(b), pr, pa, pb,
                    pr == Protocols.TCP ? TcpFlags.ACK : 0, 0, 0, len, 0);
            table.packet(p, f -> fromTable.add(describe(f)));
            String fwd = IpAddress.parse(a) + ":" + pa + ">" + IpAddress.parse(b) + ":" + pb + "/" + pr;
            String rev = IpAddress.parse(b) + ":" + pb + ">" + IpAddress.parse(a) + ":" + pa + "/" + pr;
            String key = fwd.compareTo(rev) <= 0 ? fwd + "|" + rev : rev + "|" + fwd;
            long[] v = model.get(key);
            if (v == null) {
                v = new long[]{p.tsMicros(), 0, 0, 0, 0, 0};
                model.put(key, v);
                orient.put(key, fwd);
            }
            v[1] = p.tsMicros();
            boolean reply = !orient.get(key).equals(fwd) || (fwd.equals(rev) && false);
            v[reply ? 4 : 2]++;
            v[reply ? 5 : 3] += len;
        }
        table.flush(f -> fromTable.add(describe(f)));
        for (var e : model.entrySet()) fromModel.add(orient.get(e.getKey()) + " " + e.getValue()[2] + " " + e.getValue()[3] + " " + e.getValue()[4] + " " + e.getValue()[5]);
        fromTable.sort(null);
        fromModel.sort(null);
        assertTrue(fromModel.size() > 1000, "enough flows to mean something: " + fromModel.size());
        assertEquals(0, table.evicted());
        assertEquals(fromModel.size(), fromTable.size(), "flows ended");
        for (int i = 0; i < fromModel.size(); i++) assertEquals(fromModel.get(i), fromTable.get(i), "flow " + i);
    }

    /**
     * A flow ends at the first expiry call after its idle deadline (closed TCP ones 5 s after their last packet), whatever
     * the table's size: the same traffic through a table bounded at 3,000 flows and one bounded at a million (whose
     * index grows differently) gives the same flows in the same order, and each call ends exactly the flows a model
     * says are idle past their timeout.
     */
    @Test
    void expiryIsExactAndIndependentOfTableSize() {
        var rnd = new Random(7);
        var small = new FlowTable(3_000, MIN, 30_000_000L, Long.MAX_VALUE / 4);
        var large = new FlowTable(1_000_000, MIN, 30_000_000L, Long.MAX_VALUE / 4);
        var fromSmall = new ArrayList<String>();
        var fromLarge = new ArrayList<String>();
        var model = new HashMap<String, double[]>(); // flow -> last packet time, idle timeout in seconds
        double t = 0;
        int checked = 0;
        for (int second = 0; second < 400; second++) {
            for (int i = 0; i < 100; i++) {
                t = second + i / 100.0;
                String dst = "10.213.0." + rnd.nextInt(40);
                int sp = 1024 + rnd.nextInt(60);
                boolean tcp = rnd.nextBoolean(), close = tcp && rnd.nextInt(4) == 0;
                var p = tcp ? tcp(t, "192.168.7.20", sp, dst, 80, close ? TcpFlags.RST : TcpFlags.ACK, 60) : udp(t, "192.168.7.20", sp, dst, 53, 60);
                small.packet(p, f -> fromSmall.add(describe(f)));
                large.packet(p, f -> fromLarge.add(describe(f)));
                String key = "192.168.7.20:" + sp + ">" + dst + ":" + (tcp ? 80 : 53) + "/" + (tcp ? Protocols.TCP : Protocols.UDP);
                double[] m = model.computeIfAbsent(key, x -> new double[]{0, tcp ? 60 : 30});
                m[0] = t;
                if (close) m[1] = 5;
            }
            long now = Traffic.at(t + 0.5);
            int before = fromSmall.size();
            small.expire(now, f -> fromSmall.add(describe(f)));
            large.expire(now, f -> fromLarge.add(describe(f)));
            var ended = new java.util.TreeSet<String>();
            for (var f : fromSmall.subList(before, fromSmall.size())) ended.add(f.substring(0, f.indexOf(' ')));
            var idle = new java.util.TreeSet<String>();
            for (var e : model.entrySet()) if (now - Traffic.at(e.getValue()[0]) > e.getValue()[1] * 1e6) idle.add(e.getKey());
            model.keySet().removeAll(idle);
            assertEquals(idle, ended, "flows ended at second " + second);
            checked += ended.size();
        }
        assertTrue(checked > 1000, "enough flows ended by expiry to mean something: " + checked);
        small.flush(f -> fromSmall.add(describe(f)));
        large.flush(f -> fromLarge.add(describe(f)));
        assertEquals(0, small.evicted());
        assertEquals(fromSmall, fromLarge);
    }

    /** A million concurrent flows: the table grows to hold them all, and every one comes out once. */
    @Test
    void growsToAMillionFlows() {
        var table = new FlowTable(1_000_000, 5 * MIN, MIN, 60 * MIN);
        long[] ended = {0};
        var p = new PacketEvent();
        for (int i = 0; i < 1_000_000; i++) {
            p.set(Traffic.at(i * 1e-5), 0, 0, 0, IpAddress.v4Lo(0xC0A80714), 0, IpAddress.v4Lo(0x0A000000 + i), Protocols.TCP, 40000, 23,
                    TcpFlags.SYN, 0, 0, 60, 0);
            table.packet(p, f -> ended[0]++);
        }
        assertEquals(1_000_000, table.size());
        assertEquals(0, ended[0]);
        assertEquals(0, table.evicted());
        table.flush(f -> ended[0]++);
        assertEquals(1_000_000, ended[0]);
        assertEquals(0, table.size());
    }

    static String describe(FlowRecord f) {
        return f.src() + ":" + f.srcPort() + ">" + f.dst() + ":" + f.dstPort() + "/" + f.protocol() + " " + f.origPackets() + " " + f.origBytes()
                + " " + f.respPackets() + " " + f.respBytes();
    }
}
