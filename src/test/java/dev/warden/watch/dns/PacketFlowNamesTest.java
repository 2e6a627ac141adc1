package dev.warden.watch.dns;

import dev.warden.capture.PcapWriter;
import dev.warden.config.Settings;
import dev.warden.decode.Frames;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.detect.LearnedProfileDetector;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.input.PacketFiles;
import dev.warden.watch.profile.Profiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The names of packet flows, from the device's own DNS answers: a camera that talks to its cloud by name, learned for
 * an hour, then finds the name at 25 new addresses in half an hour (a CDN moving it). Read from packets with the DNS
 * traffic, the learned profile knows the name at every address: no incident. The same connections without the DNS
 * traffic are 25 hosts it never contacted: new-hosts (watch.profile.min-new-hosts is 20).
 */
class PacketFlowNamesTest {
    static final int CAM = 0x0a0a0a14, ROUTER = 0x0a0a0a01; // 10.10.10.20, 10.10.10.1
    static final long CAM_MAC = 0x02005e000014L, ROUTER_MAC = 0x00b56d0608baL;
    static final long T0 = 1_700_000_000_000_000_000L, MINUTE = 60_000_000_000L, HOUR = 3_600_000_000L;
    static final String NAME = "cloud.vendor.example";

    @Test
    void aCloudNameAtNewAddressesIsKnownWhenTheDeviceLookedItUp(@TempDir Path dir) throws Exception {
        assertEquals(List.of(), incidents(capture(dir.resolve("with-dns.pcap"), true)), "the name is known at every address");
        var without = incidents(capture(dir.resolve("without-dns.pcap"), false));
        assertEquals(List.of("new-hosts"), without.stream().map(Incident::key).toList(), without.toString());
        assertTrue(without.getFirst().explanation().startsWith("Contacted 25 hosts it had never contacted"), without.getFirst().explanation());
    }

    private static List<Incident> incidents(Path pcap) throws Exception {
        var engine = WatchEngine.build(WatchEngine.Config.defaults(Settings.reference()).withProfiles(new Profiles(HOUR)));
        PacketFiles.read(pcap, engine);
        engine.finish();
        return engine.incidents().stream().filter(i -> i.detector().equals(LearnedProfileDetector.ID)).toList();
    }

    /** An hour of look-ups and calls to 52.1.1.1, then one a minute to 52.2.0.1-25; with or without the DNS packets. */
    private static Path capture(Path file, boolean dns) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var w = new PcapWriter(out, 1, PcapWriter.DEFAULT_SNAP_LENGTH, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN)) {
            int id = 1;
            for (int m = 0; m < 60; m += 2) call(w, T0 + m * MINUTE, 0x34010101, id++, dns);
            for (int i = 1; i <= 25; i++) call(w, T0 + (70 + i) * MINUTE, 0x34020000 | i, id++, dns);
        }
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A look-up of NAME answered with {@code server}, then a short HTTPS connection to it. */
    private static void call(PcapWriter w, long t, int server, int id, boolean dns) throws Exception {
        int port = 40000 + id;
        if (dns) {
            w.write(t, Frames.ethernet(ROUTER_MAC, CAM_MAC, 0x0800, Frames.ipv4(CAM, ROUTER, 17, Frames.udp(port, 53, message(id, server, false)))));
            w.write(t + 20_000_000, Frames.ethernet(CAM_MAC, ROUTER_MAC, 0x0800, Frames.ipv4(ROUTER, CAM, 17, Frames.udp(53, port, message(id, server, true)))));
        }
        long s = t + 40_000_000;
        int[][] packets = {{0x02, 1}, {0x12, 0}, {0x10, 1}, {0x11, 1}, {0x11, 0}, {0x10, 1}}; // SYN, SYN-ACK, ACK, FIN, FIN, ACK
        for (int k = 0; k < packets.length; k++) {
            boolean fromCam = packets[k][1] == 1;
            byte[] tcp = Frames.tcp(fromCam ? port : 443, fromCam ? 443 : port, 1000 + k, 2000 + k, packets[k][0], 65535, new byte[0], new byte[0]);
            byte[] ip = fromCam ? Frames.ipv4(CAM, server, 6, tcp) : Frames.ipv4(server, CAM, 6, tcp);
            w.write(s + k * 10_000_000L, Frames.ethernet(fromCam ? ROUTER_MAC : CAM_MAC, fromCam ? CAM_MAC : ROUTER_MAC, 0x0800, ip));
        }
    }

    /** A query for NAME (type A), or its response with one A answer, {@code server}. */
    private static byte[] message(int id, int server, boolean response) {
        byte[] m = DnsAnswersTest.message(id, NAME, response);
        if (!response) return m;
        m[7] = 1; // one answer: NAME (a pointer to the question's) is at server
        return Frames.cat(m, new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4}, Frames.be32(server));
    }
}
