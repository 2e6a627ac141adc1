package dev.warden.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.cli.Main;
import dev.warden.generate.MiraiTraffic.Bot;
import dev.warden.generate.MiraiTraffic.Vector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mirai-like bots made by the generator (scan with seq == destination, one attack vector each) mixed into real benign
 * set-up captures of IoT Sentinel devices (10.10.10.0/24): every bot is flagged as a Mirai scanner and with its vector,
 * and no real device is flagged at all.
 */
class MiraiMixTest {
    static final Path SENTINEL = Path.of("../shared/data/iot-sentinel");
    static final long GATEWAY_MAC = 0x00b56d0608baL;

    static int ip(int last) {
        return (10 << 24) | (10 << 16) | (10 << 8) | last;
    }

    @Test
    void everyGeneratedBotIsFlaggedWithItsVectorAndNoRealDeviceIs(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(SENTINEL), "../shared/data/iot-sentinel not present");
        var benign = new ArrayList<Path>();
        for (String device : List.of("SmarterCoffee", "HueBridge", "D-LinkCam", "EdimaxPlug1101W", "TP-LinkPlugHS110", "WeMoSwitch")) {
            for (int i = 1; i <= 3; i++) benign.add(SENTINEL.resolve(device).resolve("Setup-A-" + i + "-STA.pcap"));
        }
        // The benign set-ups were recorded on different days; the bots start right after the last of them, in the same file.
        long t0 = Mixer.lastTimestamp(benign) + 5_000_000_000L;
        var gen = new MiraiTraffic(2016_09_30L);
        Map<Vector, int[]> plan = new java.util.LinkedHashMap<>();
        plan.put(Vector.UDP, new int[]{12_000, 1_000});
        plan.put(Vector.VSE, new int[]{2_000, 200});
        plan.put(Vector.DNS, new int[]{1_000, 100});
        plan.put(Vector.SYN, new int[]{6_000, 500});
        plan.put(Vector.ACK, new int[]{6_000, 500});
        plan.put(Vector.STOMP, new int[]{22_000, 4_000});
        plan.put(Vector.GRE_IP, new int[]{6_000, 1_000});
        plan.put(Vector.HTTP, new int[]{400, 50});
        Map<String, String> expected = new HashMap<>();
        var packets = new ArrayList<MiraiTraffic.Packet>();
        int n = 0;
        for (var e : plan.entrySet()) {
            var bot = new Bot(ip(201 + n), 0x02005e000001L + n, GATEWAY_MAC, ip(1));
            packets.addAll(gen.scan(bot, t0 + n * 1_000_000_000L, 40));
            packets.addAll(gen.flood(bot, e.getKey(), (203 << 24) | (113 << 8) | (10 + n), t0 + 60_000_000_000L + n * 1_000_000_000L,
                    e.getValue()[0], e.getValue()[1]));
            expected.put("10.10.10." + (201 + n), switch (e.getKey()) {
                case UDP, UDP_PLAIN -> "ddos-udp";
                case VSE -> "ddos-vse";
                case DNS -> "ddos-dns";
                case SYN -> "ddos-syn";
                case ACK -> "ddos-ack";
                case STOMP -> "ddos-stomp";
                case GRE_IP, GRE_ETH -> "ddos-gre";
                case HTTP -> "ddos-http";
            });
            n++;
        }
        Path mixed = dir.resolve("mixed.pcap");
        long written = Mixer.mix(benign, packets, mixed);
        assertTrue(written > packets.size());

        var out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run("watch", "--home", dir.resolve("home").toString(), "--format", "jsonl", mixed.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(1, code, "incidents found");
        Map<String, Set<String>> byDevice = new HashMap<>();
        var mapper = new ObjectMapper();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.contains("\"type\":\"incident\"")) continue;
            JsonNode i = mapper.readTree(line);
            byDevice.computeIfAbsent(i.path("device").path("ip").asText(), k -> new HashSet<>()).add(i.path("detector").asText());
            // a bot's behaviour changed from its benign past: the anomaly score corroborates every one of its incidents
            assertTrue(i.path("anomalyScore").asDouble() > 50, "anomaly score of " + i.path("id").asText() + ": " + line);
        }
        for (var e : expected.entrySet()) {
            Set<String> got = byDevice.getOrDefault(e.getKey(), Set.of());
            assertTrue(got.contains("mirai-syn-probe"), e.getKey() + " not flagged as a Mirai scanner: " + got);
            assertTrue(got.contains(e.getValue()), e.getKey() + " should be flagged " + e.getValue() + ": " + got);
        }
        var wrong = new HashMap<>(byDevice);
        wrong.keySet().removeAll(expected.keySet());
        assertEquals(Map.of(), wrong, "real devices flagged");
    }
}
