package dev.warden.watch.detect;

import dev.warden.config.Settings;
import dev.warden.watch.dns.ResolvedAddresses;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.packet.PacketEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine hands a TCP packet only to the detectors whose {@link Detector#looksAtTcp} accepts its flags, and a UDP
 * packet only to those whose {@link Detector#looksAtUdpPort} accepts one of its ports: a packet a detector declines
 * must be one its own tests would have ignored, or a flood would go unseen. Checked for every flag value and every
 * port against the predicates the detectors act on.
 */
class PacketInterestTest {
    private static final IpAddress DEVICE = IpAddress.parse("192.168.7.20"), OTHER = IpAddress.parse("203.0.113.9");

    private static List<Detector> packetDetectors() {
        var ctx = new DetectorContext(Settings.reference(), null, Indicators.none(), null, new ResolvedAddresses(16, 1, 1));
        return Detectors.all(ctx).stream().filter(dev.warden.watch.WatchEngine::looksAtPackets).toList();
    }

    private static PacketEvent tcp(int flags, IpAddress src, IpAddress dst) {
        // the sequence number equals the destination, as Mirai's probes do, so that the probe test can say yes
        return new PacketEvent(1, 0, 0, src, dst, Protocols.TCP, 40000, 23, flags, (int) dst.lo(), 0, 40, 0);
    }

    private static PacketEvent udp(int srcPort, int dstPort) {
        return new PacketEvent(1, 0, 0, OTHER, DEVICE, Protocols.UDP, srcPort, dstPort, 0, 0, 0, 100, 72);
    }

    /** Whether the detector's own tests would act on the packet. */
    private static boolean acts(Detector d, PacketEvent p) {
        if (d instanceof VictimFloodDetector v) {
            return v.isFloodPacket(p) || v.isRequest(p) || v.takesFragments() && VictimFloodDetector.isUdpFragment(p);
        }
        if (d instanceof MiraiSynProbeDetector) return MiraiSynProbeDetector.isMiraiProbe(p);
        return fail(d.id() + " looks at packets: add its tests here, next to what it declares it looks at");
    }

    @Test
    void aTcpPacketADetectorDeclinesIsOneItWouldIgnore() {
        int checked = 0;
        for (Detector d : packetDetectors()) {
            if (d.packetProtocol() >= 0 && d.packetProtocol() != Protocols.TCP) continue;
            for (int flags = 0; flags < 256; flags++) {
                if (d.looksAtTcp(flags)) continue;
                checked++;
                for (var p : List.of(tcp(flags, OTHER, DEVICE), tcp(flags, DEVICE, OTHER))) {
                    assertFalse(acts(d, p), d.id() + " declines TCP flags 0x" + Integer.toHexString(flags) + " but acts on " + p);
                }
            }
        }
        assertTrue(checked >= 500, "the three SYN detectors decline most flag values: " + checked);
    }

    @Test
    void aUdpPacketADetectorDeclinesOnBothPortsIsOneItWouldIgnore() {
        int checked = 0;
        for (Detector d : packetDetectors()) {
            if (d.packetProtocol() >= 0 && d.packetProtocol() != Protocols.UDP) continue;
            int unwanted = 1;
            while (d.looksAtUdpPort(unwanted)) unwanted++;
            for (int port = -1; port <= 65535; port++) {
                if (d.looksAtUdpPort(port)) continue;
                checked++;
                int other = port < 0 ? -1 : unwanted; // a fragment has no ports on either side
                for (var p : List.of(udp(port, other), udp(other, port))) {
                    assertFalse(acts(d, p), d.id() + " declines UDP port " + port + " but acts on " + p);
                }
            }
            assertTrue(d.looksAtUdpPort(-1) || !acts(d, udp(-1, -1)), d.id() + " takes fragments, so it must look at them");
        }
        assertTrue(checked > 2 * 60000, "the UDP detectors decline most ports: " + checked);
    }
}
