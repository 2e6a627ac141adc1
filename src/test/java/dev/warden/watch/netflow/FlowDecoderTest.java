package dev.warden.watch.netflow;

import dev.warden.config.Settings;
import dev.warden.watch.Traffic;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.detect.SynFloodDetector;
import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.input.InputFiles;
import dev.warden.watch.input.LabelListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowDecoderTest {
    static final FlowDecoder.Limits LIMITS = new FlowDecoder.Limits(4096, 1 << 20, 600_000_000L);
    static final long T = Exports.EXPORT_SECONDS * 1_000_000 - 60_000_000; // a minute before export

    static List<FlowRecord> sample(boolean v6) {
        var out = new ArrayList<FlowRecord>();
        for (int i = 0; i < 5; i++) {
            out.add(FlowRecord.builder().uid("s" + i).start(T + i * 1_000_000).duration(2_000_000 + i * 1000)
                    .src(v6 ? "fd00::20" : "192.168.7.20", 40000 + i).dst(v6 ? "2001:db8::77" : "198.51.100.77", 80)
                    .protocol(Protocols.TCP).tcpFlags(TcpFlags.SYN).orig(100 + i, 4000 + i).resp(i, i * 40L)
                    .macs(0x4419b6aabbccL, 0x001132000001L).build());
        }
        return out;
    }

    static List<FlowRecord> decode(FlowDecoder d, byte[]... datagrams) {
        var out = new ArrayList<FlowRecord>();
        for (byte[] g : datagrams) d.decode(g, 0, g.length, "127.0.0.1", out::add);
        return out;
    }

    static void sameFlow(FlowRecord expected, FlowRecord actual, boolean reverse) {
        assertEquals(expected.src(), actual.src());
        assertEquals(expected.dst(), actual.dst());
        assertEquals(expected.srcPort(), actual.srcPort());
        assertEquals(expected.dstPort(), actual.dstPort());
        assertEquals(expected.protocol(), actual.protocol());
        assertEquals(expected.tcpFlags(), actual.tcpFlags());
        assertEquals(expected.origPackets(), actual.origPackets());
        assertEquals(expected.origBytes(), actual.origBytes());
        assertEquals(expected.startMicros() / 1000, actual.startMicros() / 1000, "start, to the millisecond");
        assertEquals(expected.endMicros() / 1000, actual.endMicros() / 1000, "end, to the millisecond");
        if (reverse) {
            assertEquals(expected.respPackets(), actual.respPackets());
            assertEquals(expected.respBytes(), actual.respBytes());
        }
    }

    @Test
    void netflowV5() {
        var d = new FlowDecoder(LIMITS);
        var in = sample(false);
        var out = decode(d, Exports.v5(in, 1000));
        assertEquals(5, out.size());
        for (int i = 0; i < 5; i++) sameFlow(in.get(i), out.get(i), false);
        assertEquals("nf5-127.0.0.1-1002", out.get(2).uid());
        assertEquals(ConnState.S0, out.getFirst().state(), "a SYN without ACK is an attempt");
    }

    @Test
    void netflowV9TemplateFirstAndDataWaitingForItsTemplate() {
        var d = new FlowDecoder(LIMITS);
        var in = sample(false);
        var out = decode(d, Exports.v9Packet(1, 7, Exports.v9Template(256), Exports.v9Data(256, in.subList(0, 2))));
        assertEquals(2, out.size());
        sameFlow(in.getFirst(), out.getFirst(), false);
        assertEquals(0x4419b6aabbccL, out.getFirst().srcMac());

        var late = new FlowDecoder(LIMITS);
        var first = decode(late, Exports.v9Packet(1, 7, Exports.v9Data(256, in)));
        assertEquals(0, first.size(), "no template yet: the data waits");
        assertTrue(late.pendingBytes() > 0);
        var then = decode(late, Exports.v9Packet(2, 7, Exports.v9Template(256)));
        assertEquals(5, then.size(), "decoded when the template came");
        assertEquals(1, late.stats().replayedSets());
        assertEquals(0, late.pendingBytes());
    }

    @Test
    void templatesThatNeverArriveAreCountedAndMemoryStaysBounded() {
        var d = new FlowDecoder(new FlowDecoder.Limits(16, 10_000, 600_000_000L));
        byte[] data = Exports.v9Packet(1, 7, Exports.v9Data(300, sample(false))); // ~250 bytes of data
        for (int i = 0; i < 1000; i++) d.decode(data, 0, data.length, "10.0.0." + (i % 200), f -> { });
        assertTrue(d.pendingBytes() <= 10_000, "pending data is bounded: " + d.pendingBytes());
        assertTrue(d.stats().skippedSets() > 900, d.stats().summary());
        d.finish();
        assertEquals(1000, d.stats().skippedSets());
        assertEquals(0, d.pendingBytes());
        assertEquals(0, d.stats().records());
    }

    @Test
    void pendingDataTimesOutByExportTime() {
        var d = new FlowDecoder(new FlowDecoder.Limits(16, 1 << 20, 60_000_000L));
        byte[] early = Exports.v9Packet(1, 7, Exports.v9Data(256, sample(false)));
        d.decode(early, 0, early.length, "e", f -> { });
        byte[] later = Exports.v9Packet(2, 7, Exports.v9Template(999));
        later[8] = (byte) ((Exports.EXPORT_SECONDS + 120) >>> 24); // export time two minutes later
        later[9] = (byte) ((Exports.EXPORT_SECONDS + 120) >>> 16);
        later[10] = (byte) ((Exports.EXPORT_SECONDS + 120) >>> 8);
        later[11] = (byte) (Exports.EXPORT_SECONDS + 120);
        d.decode(later, 0, later.length, "e", f -> { });
        assertEquals(1, d.stats().skippedSets());
    }

    @Test
    void ipfixWithReverseCountersVariableFieldsAndIpv6() {
        var d = new FlowDecoder(LIMITS);
        for (boolean v6 : new boolean[]{false, true}) {
            var in = sample(v6);
            var out = decode(d, Exports.ipfixMessage(5, v6 ? 2 : 1, Exports.ipfixTemplate(300, v6), Exports.ipfixData(300, in)));
            assertEquals(5, out.size());
            for (int i = 0; i < 5; i++) sameFlow(in.get(i), out.get(i), true);
            assertEquals(ConnState.S0, out.getFirst().state(), "SYN only, no reverse packets");
            assertEquals(ConnState.S1, out.get(1).state(), "SYN only from the originator, but the responder answered");
        }
        assertEquals(IpAddress.parse("2001:db8::77"), decode(d, Exports.ipfixMessage(6, 2, Exports.ipfixData(300, sample(true)))).getFirst().dst());
    }

    /** Sequence numbers that skip say what never arrived: flow records for v5 and IPFIX, export packets for v9. */
    @Test
    void sequenceGapsCountWhatNeverArrived() {
        var in = sample(false);
        var v5 = new FlowDecoder(LIMITS);
        decode(v5, Exports.v5(in, 0), Exports.v5(in, 5), Exports.v5(in, 20), Exports.v5(in, 25));
        assertEquals(10, v5.stats().lostRecords(), "the datagrams of flows 10-19 never came");
        assertEquals(0, v5.stats().lostDatagrams());
        assertTrue(v5.stats().summary().contains("at least 10 flow records were not decoded"), v5.stats().summary());

        var v9 = new FlowDecoder(LIMITS);
        decode(v9, Exports.v9Packet(1, 7, Exports.v9Template(256), Exports.v9Data(256, in)), Exports.v9Packet(2, 7, Exports.v9Data(256, in)),
                Exports.v9Packet(5, 7, Exports.v9Data(256, in)), Exports.v9Packet(1, 8, Exports.v9Template(256)));
        assertEquals(2, v9.stats().lostDatagrams(), "packets 3 and 4; source id 8 is a stream of its own");
        assertEquals(0, v9.stats().lostRecords());

        var ipfix = new FlowDecoder(LIMITS);
        byte[] t = Exports.ipfixTemplate(300, false);
        decode(ipfix, Exports.ipfixMessage(0, 1, t, Exports.ipfixData(300, in)), Exports.ipfixMessage(5, 1, Exports.ipfixData(300, in)),
                Exports.ipfixMessage(25, 1, Exports.ipfixData(300, in)));
        assertEquals(15, ipfix.stats().lostRecords(), "records 10-24");
        // an exporter that restarts after a long run begins again at 0: no loss, a restart, and counting goes on from there
        decode(ipfix, Exports.ipfixMessage(100_000, 1, Exports.ipfixData(300, in)));
        long before = ipfix.stats().lostRecords();
        decode(ipfix, Exports.ipfixMessage(0, 1, t, Exports.ipfixData(300, in)), Exports.ipfixMessage(5, 1, Exports.ipfixData(300, in)),
                Exports.ipfixMessage(20, 1, Exports.ipfixData(300, in)));
        assertEquals(1, ipfix.stats().sequenceResets());
        assertEquals(before + 10, ipfix.stats().lostRecords(), "records 10-19 of the new run");

        // softflowd numbers an IPFIX message by the records sent including its own (RFC 7011: before it): no false loss
        var after = new FlowDecoder(LIMITS);
        decode(after, Exports.ipfixMessage(5, 1, t, Exports.ipfixData(300, in)), Exports.ipfixMessage(7, 1, Exports.ipfixData(300, in.subList(0, 2))),
                Exports.ipfixMessage(12, 1, Exports.ipfixData(300, in)));
        assertEquals(0, after.stats().lostRecords(), after.stats().summary());
    }

    /** UDP reorders: a late datagram inside a gap already counted takes it back, so nothing is reported lost. */
    @Test
    void lateDatagramsAreNotLoss() {
        var in = sample(false);
        var v9 = new FlowDecoder(LIMITS);
        decode(v9, Exports.v9Packet(2, 7, Exports.v9Template(256), Exports.v9Data(256, in)), Exports.v9Packet(4, 7, Exports.v9Data(256, in)),
                Exports.v9Packet(3, 7, Exports.v9Data(256, in)), Exports.v9Packet(5, 7, Exports.v9Data(256, in)));
        assertEquals(0, v9.stats().lostDatagrams(), v9.stats().summary());
        assertEquals(0, v9.stats().sequenceResets());
        var ipfix = new FlowDecoder(LIMITS);
        byte[] t = Exports.ipfixTemplate(300, false);
        decode(ipfix, Exports.ipfixMessage(0, 1, t, Exports.ipfixData(300, in)), Exports.ipfixMessage(10, 1, Exports.ipfixData(300, in)),
                Exports.ipfixMessage(5, 1, Exports.ipfixData(300, in)), Exports.ipfixMessage(15, 1, Exports.ipfixData(300, in)));
        assertEquals(0, ipfix.stats().lostRecords(), ipfix.stats().summary());
        assertEquals(20, ipfix.stats().records());

        // late outside the last gap: 10, 14, 18, 12, 19 misses 11, 13, 15, 16 and 17; a repeat of 14 takes nothing back
        var late = new FlowDecoder(LIMITS);
        for (int seq : new int[]{10, 14, 18, 12, 19, 14}) decode(late, Exports.v9Packet(seq, 7, Exports.v9Template(256), Exports.v9Data(256, in)));
        assertEquals(5, late.stats().lostDatagrams(), late.stats().summary());
        assertEquals(0, late.stats().sequenceResets());
        // IPFIX numbered as the RFC says, growing messages: 0 (2 records), 7, 2, 12 (5 each) lost nothing
        var growing = new FlowDecoder(LIMITS);
        decode(growing, Exports.ipfixMessage(0, 1, t, Exports.ipfixData(300, in.subList(0, 2))), Exports.ipfixMessage(7, 1, Exports.ipfixData(300, in)),
                Exports.ipfixMessage(2, 1, Exports.ipfixData(300, in)), Exports.ipfixMessage(12, 1, Exports.ipfixData(300, in)));
        assertEquals(0, growing.stats().lostRecords(), growing.stats().summary());
    }

    /**
     * NetFlow v5/v9 flow times are uptime counters that wrap at 2^32 ms (49.7 days); a flow that started before the
     * wrap and was exported after it is two seconds old, not 49 days in the future.
     */
    @Test
    void uptimeCountersThatWrapStillGiveRecentFlows() {
        long uptime = 1_000, first = (1L << 32) - 1_000;
        var b = new Exports.Buf().u16(5).u16(1).u32(uptime).u32(Exports.EXPORT_SECONDS).u32(0).u32(0).u8(0).u8(0).u16(0)
                .bytes(new byte[]{(byte) 192, (byte) 168, 7, 20}).bytes(new byte[]{(byte) 198, 51, 100, 77}).u32(0).u16(1).u16(2)
                .u32(3).u32(180).u32(first).u32(uptime).u16(40000).u16(23).u8(0).u8(TcpFlags.SYN).u8(Protocols.TCP).u8(0)
                .u16(0).u16(0).u8(24).u8(24).u16(0);
        var out = decode(new FlowDecoder(LIMITS), b.done());
        assertEquals(1, out.size());
        assertEquals(Exports.EXPORT_SECONDS * 1_000_000 - 2_000_000, out.getFirst().startMicros());
        assertEquals(Exports.EXPORT_SECONDS * 1_000_000, out.getFirst().endMicros());
    }

    /**
     * pmacct (nfprobe_tstamp_usec) sends flowStart/EndMicroseconds as 16 bytes: seconds since 1970, then microseconds;
     * they are read as such. A time field of a length no exporter documents is counted, and the flow timed by its export.
     */
    @Test
    void pmacctsSixteenByteMicrosecondTimesAndUnreadableOnes() {
        long start = 1_700_000_005L, startUs = 75_000;
        var template = new Exports.Buf().u16(2).u16(4 + 4 + 5 * 4).u16(300).u16(5).u16(8).u16(4).u16(12).u16(4).u16(4).u16(1)
                .u16(154).u16(16).u16(155).u16(16).done();
        var data = new Exports.Buf().u16(300).u16(4 + 41).bytes(new byte[]{(byte) 192, (byte) 168, 7, 20})
                .bytes(new byte[]{(byte) 198, 51, 100, 77}).u8(Protocols.UDP).u64(start).u64(startUs).u64(start + 2).u64(0).done();
        var d = new FlowDecoder(LIMITS);
        var out = decode(d, Exports.ipfixMessage(0, 1, template, data));
        assertEquals(1, out.size(), d.stats().summary());
        assertEquals(start * 1_000_000 + startUs, out.getFirst().startMicros());
        assertEquals(2_000_000 - startUs, out.getFirst().durationMicros());

        var odd = new Exports.Buf().u16(2).u16(4 + 4 + 4 * 4).u16(301).u16(4).u16(8).u16(4).u16(12).u16(4).u16(4).u16(1)
                .u16(154).u16(12).done();
        var oddData = new Exports.Buf().u16(301).u16(4 + 21).bytes(new byte[]{(byte) 192, (byte) 168, 7, 20})
                .bytes(new byte[]{(byte) 198, 51, 100, 77}).u8(Protocols.UDP).bytes(new byte[12]).done();
        out = decode(d, Exports.ipfixMessage(1, 1, odd, oddData));
        assertEquals(Exports.EXPORT_SECONDS * 1_000_000, out.getFirst().startMicros(), "timed by the export");
        var negative = data.clone();
        negative[4 + 9 + 8] = (byte) 0x80; // microseconds with the top bit set: not a time
        out = decode(d, Exports.ipfixMessage(2, 1, negative));
        assertEquals(Exports.EXPORT_SECONDS * 1_000_000, out.getFirst().startMicros(), "timed by the export");

    }

    /**
     * IPFIX flow times relative to the exporter's start (flowStart/EndSysUpTime, as softflowd sends them) count from
     * the systemInitTimeMilliseconds of the exporter's options data, not from the export time.
     */
    @Test
    void ipfixUptimeTimesCountFromTheInitTimeInOptionsData() {
        long init = Exports.EXPORT_SECONDS * 1000 - 3_600_000; // started an hour before the export
        var optionsTemplate = new Exports.Buf().u16(3).u16(4 + 6 + 8).u16(256).u16(2).u16(1)
                .u16(149).u16(4).u16(160).u16(8).done(); // scope observationDomainId, then systemInitTimeMilliseconds
        var optionsData = new Exports.Buf().u16(256).u16(4 + 12).u32(1).u64(init).done();
        var template = new Exports.Buf().u16(2).u16(4 + 4 + 6 * 4).u16(300).u16(6).u16(8).u16(4).u16(12).u16(4).u16(4).u16(1)
                .u16(22).u16(4).u16(21).u16(4).u16(2).u16(4).done();
        var data = new Exports.Buf().u16(300).u16(4 + 21).bytes(new byte[]{(byte) 192, (byte) 168, 7, 20})
                .bytes(new byte[]{(byte) 198, 51, 100, 77}).u8(Protocols.UDP).u32(1_000_000).u32(1_005_000).u32(12).done();
        var d = new FlowDecoder(LIMITS);
        var out = decode(d, Exports.ipfixMessage(0, 1, optionsTemplate, optionsData, template, data));
        assertEquals(1, out.size(), d.stats().summary());
        assertEquals((init + 1_000_000) * 1000, out.getFirst().startMicros(), "init time + flowStartSysUpTime");
        assertEquals(5_000_000, out.getFirst().durationMicros());
        assertEquals(0, d.stats().lostRecords());

        // an exporter up for 50 days: flowStartSysUpTime wrapped at 2^32 ms; the flow is a minute old, not 49.7 days
        long longAgo = Exports.EXPORT_SECONDS * 1000 - 50L * 86_400_000;
        var lateInit = new Exports.Buf().u16(256).u16(4 + 12).u32(1).u64(longAgo).done();
        long up = (50L * 86_400_000 - 60_000) & 0xFFFF_FFFFL;
        var wrapped = new Exports.Buf().u16(300).u16(4 + 21).bytes(new byte[]{(byte) 192, (byte) 168, 7, 20})
                .bytes(new byte[]{(byte) 198, 51, 100, 77}).u8(Protocols.UDP).u32(up).u32(up + 1000).u32(12).done();
        var w = new FlowDecoder(LIMITS);
        out = decode(w, Exports.ipfixMessage(0, 1, optionsTemplate, lateInit, template, wrapped));
        assertEquals((Exports.EXPORT_SECONDS - 60) * 1_000_000, out.getFirst().startMicros());

        // data before the exporter said when it started: timed by the export, and counted
        var early = new FlowDecoder(LIMITS);
        out = decode(early, Exports.ipfixMessage(0, 1, template, data));
        assertEquals(Exports.EXPORT_SECONDS * 1_000_000, out.getFirst().startMicros());
        assertTrue(early.stats().summary().contains("1 flows timed by their export"), early.stats().summary());
        assertTrue(early.stats().problems().getFirst().contains("systemInitTimeMilliseconds"), early.stats().problems().toString());
    }

    @Test
    void ipfixTemplateWithdrawal() {
        var d = new FlowDecoder(LIMITS);
        decode(d, Exports.ipfixMessage(1, 1, Exports.ipfixTemplate(300, false)));
        assertEquals(1, d.templateCount());
        byte[] withdraw = new Exports.Buf().u16(2).u16(8).u16(300).u16(0).done();
        decode(d, Exports.ipfixMessage(2, 1, withdraw));
        assertEquals(0, d.templateCount());
    }

    @Test
    void malformedDatagramsAreCountedNotThrown() {
        var d = new FlowDecoder(LIMITS);
        decode(d, new byte[]{0, 7, 1, 2, 3}, new byte[]{0, 5}, Exports.ipfixMessage(1, 1, new byte[]{1, 44, 0, 99}));
        assertEquals(3, d.stats().malformed(), d.stats().problems().toString());
        assertTrue(d.stats().problems().getFirst().contains("version 7 is not NetFlow v5, v9 or IPFIX"), d.stats().problems().toString());
    }

    @Test
    void aDatagramFileIsRecognisedAndRead(@TempDir Path dir) throws Exception {
        var buf = new ByteArrayOutputStream();
        byte[] a = Exports.v5(sample(false), 1);
        byte[] b = Exports.v9Packet(1, 7, Exports.v9Data(256, sample(false)));
        byte[] c = Exports.v9Packet(2, 7, Exports.v9Template(256));
        byte[] e = Exports.v9Packet(3, 7, Exports.v9Data(257, sample(false))); // never gets a template
        for (byte[] g : List.of(a, b, c, e)) DatagramFiles.write(buf, g, 0, g.length);
        Path file = dir.resolve("flows.bin");
        Files.write(file, buf.toByteArray());
        var flows = new ArrayList<FlowRecord>();
        var stats = new InputFiles(65536, new DatagramFiles(LIMITS, 65535)).read(file, flows::add, LabelListener.NONE);
        assertEquals("NetFlow/IPFIX datagrams", stats.format());
        assertEquals(10, flows.size());
        assertEquals(1, stats.skipped());
        assertTrue(stats.problems().getFirst().contains("template never arrived"), stats.problems().toString());

        Path ipfix = dir.resolve("export.ipfix");
        var msgs = new ByteArrayOutputStream();
        msgs.writeBytes(Exports.ipfixMessage(1, 1, Exports.ipfixTemplate(300, false)));
        msgs.writeBytes(Exports.ipfixMessage(2, 1, Exports.ipfixData(300, sample(false))));
        Files.write(ipfix, msgs.toByteArray());
        flows.clear();
        stats = new InputFiles(65536, new DatagramFiles(LIMITS, 65535)).read(ipfix, flows::add, LabelListener.NONE);
        assertEquals("IPFIX file", stats.format());
        assertEquals(5, flows.size());
    }

    /** Detectors do not know the source: a SYN flood exported as NetFlow v9 over UDP is reported like one in a conn.log. */
    /**
     * While decoding is held up, the queue holds what queue-bytes allows (here 5 exports), empty datagrams included (each costs its
     * bytes and an overhead), and the rest is dropped and counted once: the sequence gap they leave is the same loss,
     * said as "of them", not added to it.
     */
    @Test
    void aFullQueueDropsAndCountsOnce() throws Exception {
        var flows = sample(false);
        byte[] first = Exports.v9Packet(1, 7, Exports.v9Template(256), Exports.v9Data(256, flows));
        int each = first.length + NetFlowCollector.DATAGRAM_OVERHEAD;
        try (var collector = new NetFlowCollector(new InetSocketAddress("127.0.0.1", 0), LIMITS, 1500, 1 << 20, 5L * each);
             var sender = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            var to = new InetSocketAddress("127.0.0.1", collector.port());
            var calls = new java.util.concurrent.atomic.AtomicInteger();
            long start = System.nanoTime();
            var out = new ArrayList<FlowRecord>();
            var sending = new Thread(() -> {
                try {
                    Thread.sleep(200);
                    for (int seq = 1; seq <= 50; seq++) {
                        byte[] m = Exports.v9Packet(seq, 7, Exports.v9Template(256), Exports.v9Data(256, flows));
                        sender.send(new java.net.DatagramPacket(m, m.length, to));
                    }
                    for (int i = 0; i < 200; i++) sender.send(new java.net.DatagramPacket(new byte[0], 0, to)); // empty: not free
                    Thread.sleep(1_500);
                    byte[] last = Exports.v9Packet(51, 7, Exports.v9Template(256), Exports.v9Data(256, flows));
                    sender.send(new java.net.DatagramPacket(last, last.length, to));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            sending.start();
            collector.run(out::add, () -> {
                if (calls.incrementAndGet() == 1) { // the engine is busy for a second: the queue fills
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return System.nanoTime() - start > 3_000_000_000L;
            }, 50);
            sending.join();
            var s = collector.stats();
            assertEquals(6 * flows.size(), out.size(), s.summary());
            assertEquals(245, s.droppedDatagrams(), "45 exports and 200 empty datagrams: " + s.summary());
            assertEquals(45, s.lostDatagrams(), "the gap from 5 to 51: " + s.summary());
            assertEquals("45 NetFlow v9 export packets were not decoded (the exporters' sequence numbers skip them); 245 datagrams were "
                    + "dropped here because decoding fell behind (watch.netflow.queue-bytes), which the sequence numbers count among the "
                    + "missing where they can", s.lossSummary());
        }
    }

    /** A steady exporter never leaves the socket quiet: a stop still ends the run at once (the drain is bounded). */
    @Test
    void aStopUnderSteadyTrafficEndsPromptly() throws Exception {
        byte[] m = Exports.v9Packet(1, 7, Exports.v9Template(256), Exports.v9Data(256, sample(false)));
        try (var collector = new NetFlowCollector(new InetSocketAddress("127.0.0.1", 0), LIMITS, 65535, 1 << 20, 1 << 24);
             var sender = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            var to = new InetSocketAddress("127.0.0.1", collector.port());
            var sending = new AtomicBoolean(true);
            var t = new Thread(() -> {
                while (sending.get()) {
                    try {
                        sender.send(new java.net.DatagramPacket(m, m.length, to));
                        Thread.sleep(5);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.start();
            long stopAt = System.nanoTime() + 1_000_000_000L;
            collector.run(f -> { }, () -> System.nanoTime() > stopAt, 50);
            long late = (System.nanoTime() - stopAt) / 1_000_000;
            sending.set(false);
            t.join();
            assertTrue(late < 1_500, "run() returned " + late + " ms after the stop");
            assertTrue(collector.stats().records() > 0, collector.stats().summary());
        }
    }

    @Test
    void aSynFloodOverUdpNetflowOnLoopback() throws Exception {
        WatchEngine engine = WatchEngine.build(WatchEngine.Config.defaults(Settings.reference()));
        try (var collector = new NetFlowCollector(new InetSocketAddress("127.0.0.1", 0), LIMITS, 65535, 1 << 20, 1 << 24);
             var sender = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            var flood = new ArrayList<FlowRecord>();
            for (int i = 0; i < 60; i++) {
                flood.add(FlowRecord.builder().uid("x").start(T + i * 300_000L).duration(300_000).src("192.168.7.20", 1024 + i)
                        .dst("198.51.100.77", 80).protocol(Protocols.TCP).tcpFlags(TcpFlags.SYN).orig(100, 4000).build());
            }
            var packets = new ArrayList<byte[]>();
            packets.add(Exports.v9Packet(1, 7, Exports.v9Template(256)));
            for (int i = 0; i < 60; i += 20) packets.add(Exports.v9Packet(2 + i, 7, Exports.v9Data(256, flood.subList(i, i + 20))));
            var target = collector.address();
            for (byte[] p : packets) sender.send(new DatagramPacket(p, p.length, target));
            var done = new AtomicBoolean();
            long deadline = System.nanoTime() + 5_000_000_000L;
            collector.run(f -> {
                engine.onFlow(f);
                if (collector.stats().records() == 60) done.set(true);
            }, () -> done.get() || System.nanoTime() > deadline, 50);
            collector.finish();
            engine.finish();
            assertEquals(60, collector.stats().records(), collector.stats().summary());
        }
        var found = Traffic.of(engine.incidents(), SynFloodDetector.ID);
        assertEquals(1, found.size());
        assertEquals(6000L, found.getFirst().figures().get("packets"));
        assertEquals("192.168.7.20", found.getFirst().device().ip());
    }
}
