package dev.warden.watch.packet;

import dev.warden.config.Settings;
import dev.warden.watch.Traffic;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.detect.MiraiSynProbeDetector;
import dev.warden.watch.detect.SynFloodDetector;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.incident.Incident;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packets as the capture module's decoder will deliver them: the Mirai scanner's SYN (sequence number = destination
 * address) is seen per packet, and a SYN flood reaches the flow detectors through the flow table.
 */
class PacketPathTest {
    static final IpAddress BOT = IpAddress.parse("192.168.7.20"), LAPTOP = IpAddress.parse("192.168.7.30");
    static final long BOT_MAC = 0x4419b6aabbccL;

    static WatchEngine engine() {
        return WatchEngine.build(WatchEngine.Config.defaults(Settings.reference().with("watch.flow.max-flows", "10000")));
    }

    static PacketEvent syn(double t, IpAddress src, IpAddress dst, int dport, int seq) {
        return new PacketEvent(Traffic.at(t), src == BOT ? BOT_MAC : 0, 0, src, dst, Protocols.TCP, 40000, dport, TcpFlags.SYN, seq, 0, 60, 0);
    }

    @Test
    void miraiScannerSynsAreRecognisedByTheirSequenceNumber() {
        var e = engine();
        var rnd = new Random(3);
        for (int i = 0; i < 50; i++) {
            IpAddress target = IpAddress.v4(rnd.nextInt());
            e.onPacket(syn(i * 0.006, BOT, target, i % 10 == 0 ? 2323 : 23, target.v4()));
            IpAddress server = IpAddress.parse("52.28.0." + (i % 3));
            e.onPacket(syn(i * 0.006, LAPTOP, server, 443, rnd.nextInt())); // an ordinary stack: random sequence numbers
        }
        e.finish();
        List<Incident> found = Traffic.of(e.incidents(), MiraiSynProbeDetector.ID);
        assertEquals(1, found.size());
        Incident i = found.getFirst();
        assertEquals("192.168.7.20", i.device().ip());
        assertEquals("44:19:b6:aa:bb:cc", i.device().mac());
        assertEquals(50L, i.figures().get("probes"));
        assertEquals(5L, i.figures().get("port_2323"));
        assertTrue(e.incidents().stream().noneMatch(x -> x.device().ip().equals("192.168.7.30")));
    }

    @Test
    void aSynFloodOfPacketsBecomesFlowsAndAnIncident() {
        var e = engine();
        IpAddress victim = IpAddress.parse("198.51.100.77");
        var rnd = new Random(4);
        for (int i = 0; i < 6000; i++) {
            e.onPacket(new PacketEvent(Traffic.at(i / 300.0), BOT_MAC, 0, BOT, victim, Protocols.TCP, 1024 + rnd.nextInt(60000), 80,
                    TcpFlags.SYN, rnd.nextInt(), 0, 60, 0));
        }
        e.finish();
        var found = Traffic.of(e.incidents(), SynFloodDetector.ID);
        assertEquals(1, found.size(), e.incidents().toString());
        assertTrue((Long) found.getFirst().figures().get("packets") >= 5000);
    }
}
