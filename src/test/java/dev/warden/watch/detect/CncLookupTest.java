package dev.warden.watch.detect;

import dev.warden.capture.Captures;
import dev.warden.capture.PcapWriter;
import dev.warden.decode.Frames;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.intel.Indicators;
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
 * intel-cnc from DNS look-ups (packet inputs): a device that asks DNS for a name on the C&C list is flagged, by the
 * query alone, whether or not it ever connects. On a real capture, the Philips Hue bridge of IoT Sentinel asks its
 * gateway for bridge.meethue.com 47 times while it sets up; with meethue.com listed (as a stand-in C&C), the bridge is
 * flagged with those 47 look-ups, and the gateway, which other devices send their queries to, is not flagged for
 * forwarding the name upstream.
 */
class CncLookupTest {
    private static final long T = 1_465_478_200_000_000_000L; // after the capture

    @Test
    void aDeviceThatLooksUpAListedNameIsFlaggedAndItsResolverIsNot(@TempDir Path dir) throws Exception {
        Path hue = SharedCaptures.folder("iot-sentinel").resolve("HueBridge").resolve("Setup-A-1-STA.pcap");
        Files.writeString(dir.resolve(Indicators.CNC_FILE), "meethue.com:443\n");
        // the gateway (10.10.10.1) forwarding the same name to a public resolver, and a device asking for an unlisted name
        long gatewayMac = 0x00b56d0608baL;
        byte[] forward = Frames.ethernet(0x020000000001L, gatewayMac, 0x0800,
                Frames.ipv4(0x0a0a0a01, 0x08080808, 17, Frames.udp(53001, 53, query(0x4242, "bridge.meethue.com"))));
        byte[] other = Frames.ethernet(gatewayMac, 0x4419b6aabbccL, 0x0800,
                Frames.ipv4(0x0a0a0a07, 0x0a0a0a01, 17, Frames.udp(53002, 53, query(0x4343, "www.example.org"))));
        Path extra = dir.resolve("forward.pcap");
        Files.write(extra, Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T, forward, other));

        WatchEngine engine = SharedCaptures.engine(c -> c.withIntel(Indicators.load(dir)));
        SharedCaptures.read(engine, List.of(hue, extra));
        engine.finish();
        List<Incident> cnc = engine.incidents().stream().filter(i -> i.detector().equals(KnownCncDetector.ID)).toList();
        assertEquals(1, cnc.size(), "only the bridge: " + cnc);
        Incident i = cnc.getFirst();
        assertEquals("10.10.10.6", i.device().ip());
        assertEquals("meethue.com:443", i.key());
        assertEquals(47, i.figures().get("lookups").intValue(), i.figures().toString());
        assertTrue(i.explanation().startsWith("Looked up meethue.com:443, listed as a botnet command-and-control server: asked DNS for "
                + "bridge.meethue.com 47 times."), i.explanation());
        assertTrue(i.evidence().flowIds().getFirst().matches("packet@\\d+:10\\.10\\.10\\.1:53"), i.evidence().flowIds().toString());
    }

    /** Without a listed name, no query is decoded, and the same capture gives no intel incident. */
    @Test
    void addressOnlyListsLeaveLookupsAlone(@TempDir Path dir) throws Exception {
        Path hue = SharedCaptures.folder("iot-sentinel").resolve("HueBridge").resolve("Setup-A-1-STA.pcap");
        Files.writeString(dir.resolve(Indicators.CNC_FILE), "185.196.9.244:1293\n");
        WatchEngine engine = SharedCaptures.engine(c -> c.withIntel(Indicators.load(dir)));
        SharedCaptures.read(engine, List.of(hue));
        engine.finish();
        assertTrue(engine.incidents().isEmpty(), engine.incidents().toString());
    }

    /**
     * Generated bots that call their C&C as Mirai does on start (warden generate --cnc: a DNS look-up via the resolver,
     * then TCP 23 to the answer), watched with the name on the C&C list: every bot is flagged with intel-cnc from its
     * look-up and from its call to the address the answer gave (the packet flow carries the name), besides its scan and
     * its flood; the resolver that answered is not; and the same capture without the
     * name listed gives no intel incident, with the rest unchanged.
     */
    @Test
    void generatedBotsThatLookUpTheirCncAreFlagged(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("bots.pcap");
        assertEquals(0, dev.warden.cli.Main.run("generate", "--out", pcap.toString(), "--vectors", "udp,syn,http", "--cnc", "CNC.Botnet-Test.example"));
        Path intel = Files.createDirectories(dir.resolve("intel"));
        Files.writeString(intel.resolve(Indicators.CNC_FILE), "botnet-test.example:23\n");
        WatchEngine listed = SharedCaptures.engine(c -> c.withIntel(Indicators.load(intel)));
        SharedCaptures.read(listed, List.of(pcap));
        listed.finish();
        var byBot = new java.util.TreeMap<String, java.util.TreeSet<String>>();
        for (Incident i : listed.incidents()) byBot.computeIfAbsent(i.device().ip(), k -> new java.util.TreeSet<>()).add(i.detector());
        assertEquals(java.util.Map.of("10.10.10.201", new java.util.TreeSet<>(List.of("ddos-udp", "intel-cnc", "login-scan", "mirai-syn-probe")),
                "10.10.10.202", new java.util.TreeSet<>(List.of("ddos-syn", "intel-cnc", "login-scan", "mirai-syn-probe")),
                "10.10.10.203", new java.util.TreeSet<>(List.of("ddos-http", "intel-cnc", "login-scan", "mirai-syn-probe"))), byBot);
        for (Incident i : listed.incidents()) {
            if (!i.detector().equals(KnownCncDetector.ID)) continue;
            assertEquals("botnet-test.example:23", i.key());
            assertEquals(1, i.figures().get("lookups").intValue(), i.figures().toString());
            // the call to the address the answer gave counts too: a packet flow carries the name the device asked for
            assertEquals(1, i.figures().get("flows").intValue(), i.figures().toString());
            assertTrue(i.explanation().startsWith("Contacted botnet-test.example:23, listed as a botnet command-and-control server: 1 connection")
                    && i.explanation().contains("asked DNS for cnc.botnet-test.example once."), i.explanation());
        }
        WatchEngine unlisted = SharedCaptures.engine(c -> c);
        SharedCaptures.read(unlisted, List.of(pcap));
        unlisted.finish();
        assertEquals(listed.incidents().size() - 3, unlisted.incidents().size());
        assertTrue(unlisted.incidents().stream().noneMatch(i -> i.detector().startsWith("intel-")));
    }

    /**
     * One stray datagram to a device's port 53 (a scan, another device's mistake) makes it a possible resolver for the
     * reply window only: its own look-up a minute later is flagged; one a second later (it may be forwarding) is not.
     */
    @Test
    void aStrayQueryHidesADevicesLookUpsForTheReplyWindowOnly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Indicators.CNC_FILE), "cnc.evil.example\n");
        long bot = 0x02005e000050L, other = 0x02005e000051L, gateway = 0x00b56d0608baL;
        byte[] stray = Frames.ethernet(bot, other, 0x0800, Frames.ipv4(0x0a0a0a33, 0x0a0a0a32, 17, Frames.udp(50000, 53, query(1, "example.org"))));
        byte[] lookup = Frames.ethernet(gateway, bot, 0x0800, Frames.ipv4(0x0a0a0a32, 0x08080808, 17, Frames.udp(50001, 53, query(2, "cnc.evil.example"))));
        for (long after : new long[]{1, 60}) {
            Path pcap = dir.resolve("stray-" + after + ".pcap");
            Files.write(pcap, Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T, stray));
            Path later = dir.resolve("lookup-" + after + ".pcap");
            Files.write(later, Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T + after * 1_000_000_000L, lookup));
            WatchEngine engine = SharedCaptures.engine(c -> c.withIntel(Indicators.load(dir)));
            SharedCaptures.read(engine, List.of(pcap, later));
            engine.finish();
            long flagged = engine.incidents().stream().filter(i -> i.detector().equals(KnownCncDetector.ID)).count();
            assertEquals(after == 1 ? 0 : 1, flagged, "look-up " + after + " s after the stray query");
        }
        // a datagram from port 53 that answers no query (the bot's own, to hide) makes no resolver
        byte[] fake = Frames.ethernet(other, bot, 0x0800, Frames.ipv4(0x0a0a0a32, 0x0a0a0a33, 17, Frames.udp(53, 50002, query(9, "x.example"))));
        Path first = dir.resolve("fake.pcap"), then = dir.resolve("lookup-after-fake.pcap");
        Files.write(first, Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T, fake));
        Files.write(then, Captures.pcap(1, PcapWriter.Precision.MICROS, ByteOrder.LITTLE_ENDIAN, T + 3_600_000_000_000L, lookup));
        WatchEngine engine = SharedCaptures.engine(c -> c.withIntel(Indicators.load(dir)));
        SharedCaptures.read(engine, List.of(first, then));
        engine.finish();
        assertEquals(1, engine.incidents().stream().filter(i -> i.detector().equals(KnownCncDetector.ID)).count());
    }

    /** A standard query for {@code name}, type A, class IN. */
    static byte[] query(int id, String name) {
        var b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{(byte) (id >>> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        b.writeBytes(new byte[]{0, 0, 1, 0, 1});
        return b.toByteArray();
    }
}
