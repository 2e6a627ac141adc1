package dev.warden.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.watch.WatchCommandTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real flow exporter, softflowd (Debian's), reads a capture of generated Mirai-like bots and exports its flows over
 * NetFlow v5, v9 and IPFIX to {@code warden watch --netflow} on a loopback address, as a router would: every record it
 * says it exported arrives, the flows keep the capture's times, and the same bots are flagged with the same detectors
 * as when Warden reads the capture itself (all but the packet-only ones). And a real export with datagrams taken out
 * tells how much never arrived. Everything is sent to 127.10.0.x only.
 */
class SoftflowdExportTest {
    private static final Path SOFTFLOWD = Path.of("/usr/sbin/softflowd");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the generated capture gives read as packets, less the detectors that need packets (docs/watch.md). */
    private static Set<String> flowFindings;
    private static Instant first, last;
    private static Path bots;

    @BeforeAll
    static void capture(@TempDir Path dir) throws Exception {
        boolean present = Files.isExecutable(SOFTFLOWD);
        if (!present && "1".equals(System.getenv("WARDEN_REQUIRE_TESTBED"))) {
            throw new IllegalStateException("WARDEN_REQUIRE_TESTBED=1 but softflowd is missing: run testbed/install");
        }
        Assumptions.assumeTrue(present, "softflowd is not installed (testbed/install installs it)");
        bots = dir.resolve("bots.pcap");
        var gen = WatchCommandTest.run("generate", "--out", bots.toString(), "--seed", "7");
        assertEquals(0, gen.code(), gen.err());
        var packets = WatchCommandTest.run("watch", "--no-store", "--format", "jsonl", bots.toString());
        assertEquals(1, packets.code(), packets.err());
        var lines = lines(packets.out());
        first = Instant.parse(lines.getFirst().get("from").asText());
        last = Instant.parse(lines.getFirst().get("to").asText());
        flowFindings = findings(lines);
        flowFindings.removeIf(f -> f.endsWith(" mirai-syn-probe") || f.contains(" victim-"));
        assertEquals(20, flowFindings.size(), "ten bots, each scanning and flooding: " + flowFindings);
    }

    @ParameterizedTest(name = "NetFlow v{0}")
    @ValueSource(ints = {5, 9, 10})
    void everyExportedRecordArrivesAndTheSameBotsAreFlagged(int version) throws Exception {
        var address = new InetSocketAddress("127.10.0.40", freePort("127.10.0.40"));
        var watch = CompletableFuture.supplyAsync(() -> WatchCommandTest.run("watch", "--no-store", "--format", "jsonl",
                "--netflow", address.getHostString() + ":" + address.getPort(), "--for", "6s"));
        awaitBound(address, watch);
        long exported = softflowd(version, address);
        var r = watch.get(60, TimeUnit.SECONDS);
        assertEquals(1, r.code(), r.err());
        var lines = lines(r.out());
        JsonNode input = lines.get(1);
        assertEquals("udp:" + address.getPort(), input.get("source").asText());
        assertEquals(exported, input.get("records").asLong(), "every record softflowd exported: " + r.err());
        assertEquals(0, input.get("lostRecords").asLong(), r.err());
        assertEquals(0, input.get("lostDatagrams").asLong(), r.err());
        // the capture's times, not the export's: NetFlow v9 headers have whole seconds only
        var from = Instant.parse(lines.getFirst().get("from").asText());
        var to = Instant.parse(lines.getFirst().get("to").asText());
        assertTrue(!from.isBefore(first.minusSeconds(1)) && !from.isAfter(first.plusSeconds(1)), from + " against the capture's " + first);
        assertTrue(!to.isBefore(last.minusSeconds(1)) && !to.isAfter(last.plusSeconds(1)), to + " against the capture's " + last);
        assertEquals(flowFindings, findings(lines));
    }

    /**
     * The same real export, received by this test and written to a datagram file with some data datagrams left out:
     * Warden reads the file and says how much never arrived, from the export's sequence numbers.
     */
    @ParameterizedTest(name = "NetFlow v{0}")
    @ValueSource(ints = {5, 9, 10})
    void whatNeverArrivedIsCountedFromSequenceNumbers(int version, @TempDir Path dir) throws Exception {
        var datagrams = new ArrayList<byte[]>();
        long exported;
        try (var socket = new DatagramSocket(null)) {
            socket.setReceiveBufferSize(8 << 20);
            socket.bind(new InetSocketAddress("127.10.0.41", 0));
            var address = (InetSocketAddress) socket.getLocalSocketAddress();
            var receiver = CompletableFuture.runAsync(() -> receive(socket, datagrams));
            exported = softflowd(version, address);
            receiver.get(30, TimeUnit.SECONDS);
        }
        long total = 0;
        var lengths = new java.util.HashMap<Integer, Integer>();
        var records = new ArrayList<Long>();
        for (byte[] d : datagrams) {
            records.add(dataRecords(d, version, lengths));
            total += records.getLast();
        }
        Assumptions.assumeTrue(total == exported, "this test's own receiver lost datagrams (" + total + " of " + exported + " records)");
        // leave out every 10th datagram that carries flows and no template (so that what follows still decodes)
        var kept = new ByteArrayOutputStream();
        var out = new DataOutputStream(kept);
        long leftOut = 0, leftOutRecords = 0;
        for (int i = 0; i < datagrams.size(); i++) {
            byte[] d = datagrams.get(i);
            if (i % 10 == 5 && i < datagrams.size() - 1 && !hasTemplate(d, version) && records.get(i) > 0) {
                leftOut++;
                leftOutRecords += records.get(i);
                continue;
            }
            out.writeInt(d.length);
            out.write(d);
        }
        Path file = dir.resolve("export-v" + version + ".bin");
        Files.write(file, kept.toByteArray());
        var r = WatchCommandTest.run("watch", "--no-store", "--format", "jsonl", file.toString());
        JsonNode input = lines(r.out()).get(1);
        assertEquals(exported - leftOutRecords, input.get("records").asLong(), r.err());
        assertTrue(leftOut >= 10, "datagrams left out: " + leftOut);
        if (version == 9) {
            assertEquals(leftOut, input.get("lostDatagrams").asLong(), "v9 numbers export packets: " + r.err());
        } else if (version == 5) {
            assertEquals(leftOutRecords, input.get("lostRecords").asLong(), "v5 numbers flows: " + r.err());
        } else {
            // softflowd's IPFIX numbers count each message's own records too: the figure is a lower bound
            long lost = input.get("lostRecords").asLong();
            assertTrue(lost <= leftOutRecords && lost >= leftOutRecords * 9 / 10, lost + " of " + leftOutRecords + ": " + r.err());
        }
        assertTrue(r.err().contains("were not decoded (the exporters' sequence numbers skip them)"), r.err());
    }

    /**
     * A one-way export has no reply counts: every UDP record looks unanswered. Read directly, the Hue bridge's real
     * set-up capture (IoT Sentinel) raises nothing; exported by softflowd it used to raise a port scan by its gateway,
     * whose DNS answers went to 56 of the bridge's short-lived ports. It raises nothing in any version.
     */
    @ParameterizedTest(name = "NetFlow v{0}")
    @ValueSource(ints = {5, 9, 10})
    void aOneWayExportOfARealDevicesSetUpRaisesNothing(int version, @TempDir Path dir) throws Exception {
        Path hue = Path.of("../shared/data/iot-sentinel/HueBridge/Setup-A-1-STA.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(hue), "../shared/data/iot-sentinel not present");
        var direct = WatchCommandTest.run("watch", "--no-store", "--format", "jsonl", hue.toString());
        assertEquals(0, direct.code(), direct.out());
        var datagrams = new ArrayList<byte[]>();
        long exported;
        try (var socket = new DatagramSocket(null)) {
            socket.setReceiveBufferSize(8 << 20);
            socket.bind(new InetSocketAddress("127.10.0.42", 0));
            var receiver = CompletableFuture.runAsync(() -> receive(socket, datagrams));
            exported = softflowd(version, hue, (InetSocketAddress) socket.getLocalSocketAddress());
            receiver.get(30, TimeUnit.SECONDS);
        }
        var file = new ByteArrayOutputStream();
        var out = new DataOutputStream(file);
        for (byte[] d : datagrams) {
            out.writeInt(d.length);
            out.write(d);
        }
        Path export = Files.write(dir.resolve("hue-v" + version + ".bin"), file.toByteArray());
        var r = WatchCommandTest.run("watch", "--no-store", "--format", "jsonl", export.toString());
        assertEquals(exported, lines(r.out()).get(1).get("records").asLong(), r.err());
        assertEquals(0, r.code(), "no incident: " + r.out());
    }

    private static void receive(DatagramSocket socket, List<byte[]> into) {
        byte[] buf = new byte[65535];
        try {
            socket.setSoTimeout(2_000);
            while (true) {
                var p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                into.add(java.util.Arrays.copyOf(buf, p.getLength()));
            }
        } catch (SocketTimeoutException e) {
            // softflowd is done
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs softflowd over the generated capture (-a: the capture's times), returns the records it says it exported. */
    private static long softflowd(int version, InetSocketAddress to) throws Exception {
        return softflowd(version, bots, to);
    }

    private static long softflowd(int version, Path capture, InetSocketAddress to) throws Exception {
        var p = new ProcessBuilder(SOFTFLOWD.toString(), "-a", "-d", "-c", "none", "-r", capture.toString(),
                "-n", to.getHostString() + ":" + to.getPort(), "-v", Integer.toString(version)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        var m = Pattern.compile("Flows exported: \\d+ \\((\\d+) records\\) in \\d+ packets \\(0 failures\\)").matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1));
    }

    private static int freePort(String host) throws IOException {
        try (var s = new DatagramSocket(new InetSocketAddress(host, 0))) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits until the command has bound the port (a datagram sent before would be lost, and softflowd sends once). It
     * looks in the kernel's table of UDP sockets rather than trying to bind the port itself: a probe that held the port
     * for a moment made the command's own bind fail now and then ("Address already in use").
     */
    private static void awaitBound(InetSocketAddress address, CompletableFuture<?> watch) throws Exception {
        byte[] ip = address.getAddress().getAddress();
        String local = String.format("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], address.getPort()); // little-endian, as x86 Linux prints it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !watch.isDone()) {
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) { // Java's sockets are IPv6 ones, ::ffff:127.10.0.40
                if (Files.readAllLines(Path.of(table)).stream().anyMatch(line -> line.trim().split("\\s+")[1].endsWith(local))) return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("warden watch --netflow never bound " + address + (watch.isDone() ? ": " + watch.get() : ""));
    }

    private static boolean hasTemplate(byte[] d, int version) {
        if (version == 5) return false;
        int p = version == 9 ? 20 : 16;
        while (p + 4 <= d.length) {
            int id = u16(d, p), len = u16(d, p + 2);
            if (id < 256) return true;
            if (len < 4) break;
            p += len;
        }
        return false;
    }

    /**
     * Flow records in one datagram: v5 says so; v9 and IPFIX data sets hold as many records as their length allows by
     * the record length of their template (from the template sets seen so far, {@code lengths}; options data too).
     */
    private static long dataRecords(byte[] d, int version, java.util.Map<Integer, Integer> lengths) {
        if (version == 5) return u16(d, 2);
        int p = version == 9 ? 20 : 16;
        long n = 0;
        while (p + 4 <= d.length) {
            int id = u16(d, p), len = u16(d, p + 2);
            if (len < 4) break;
            if (id == (version == 9 ? 0 : 2)) {
                for (int q = p + 4; q + 4 <= p + len; ) { // template records: id, field count, (type, length) pairs
                    int template = u16(d, q), fields = u16(d, q + 2), size = 0;
                    q += 4;
                    for (int f = 0; f < fields; f++, q += 4) size += u16(d, q + 2);
                    lengths.put(template, size);
                }
            } else if (id >= 256 && lengths.containsKey(id)) {
                n += (len - 4) / lengths.get(id);
            }
            p += len;
        }
        return n;
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static List<JsonNode> lines(String jsonl) throws IOException {
        var out = new ArrayList<JsonNode>();
        for (String line : jsonl.split("\n")) if (!line.isBlank()) out.add(JSON.readTree(line));
        return out;
    }

    private static Set<String> findings(List<JsonNode> lines) {
        var out = new TreeSet<String>();
        for (JsonNode n : lines) if ("incident".equals(n.get("type").asText())) out.add(n.get("device").get("ip").asText() + " " + n.get("detector").asText());
        return out;
    }
}
