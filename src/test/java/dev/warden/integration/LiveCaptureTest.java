package dev.warden.integration;

import dev.warden.capture.CaptureException;
import dev.warden.capture.LinkType;
import dev.warden.capture.LiveCapture;
import dev.warden.capture.PcapWriter;
import dev.warden.config.Settings;
import dev.warden.generate.MiraiTraffic;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.WatchSession;
import dev.warden.watch.WatchCommandTest;
import dev.warden.watch.detect.MiraiSynProbeDetector;
import dev.warden.watch.device.Device;
import dev.warden.watch.device.LocalNetworks;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.input.ReadStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live capture through libpcap on real interfaces, read by the same engine as files:
 * <ul>
 *   <li>a veth pair whose far end sits in a network namespace the test creates ({@value #NET}.0/24, never the machine's
 *   subnet), with real UDP from inside the namespace and a Mirai-like scan written by the project's generator replayed
 *   there by tcpreplay. The replayed frames go to a MAC nobody has, so the host's stack drops them (and the host does
 *   not forward): they never leave the veth;</li>
 *   <li>loopback, with datagrams between 127.213.91.x addresses, through the engine and through the command line
 *   (--packets, --duration, Ctrl-C);</li>
 *   <li>the permission error, by running the command without CAP_NET_RAW.</li>
 * </ul>
 * Needs root, ip, tcpreplay and setpriv (testbed/install); skipped otherwise unless WARDEN_REQUIRE_TESTBED=1.
 */
class LiveCaptureTest {
    static final String NET = "10.213.90";
    static final String NS = "wtest-live-" + ProcessHandle.current().pid();
    static final String HOST_IF = "wlv" + ProcessHandle.current().pid() % 100_000 + "h";
    static final String NS_IF = "wlv" + ProcessHandle.current().pid() % 100_000 + "d";
    static final String HOST_MAC = "02:57:4c:00:00:01";
    static final String NS_MAC = "02:57:4c:00:00:02";
    /** The replayed frames' destination: a MAC that no interface here has. */
    static final long NOBODY_MAC = 0x02574c0000feL;
    static boolean created;

    static String sh(String... cmd) throws IOException, InterruptedException {
        var p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    static boolean executable(String... paths) {
        for (String p : paths) if (Files.isExecutable(Path.of(p))) return true;
        return false;
    }

    @BeforeAll
    static void link() throws Exception {
        boolean can = "root".equals(System.getProperty("user.name")) && executable("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip")
                && executable("/usr/bin/tcpreplay") && executable("/usr/bin/setpriv")
                && Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"));
        if (!can) {
            assertTrue(!"1".equals(System.getenv("WARDEN_REQUIRE_TESTBED")),
                    "WARDEN_REQUIRE_TESTBED=1 but root, ip, tcpreplay, setpriv or libpcap0.8 is missing (testbed/install)");
            Assumptions.abort("needs root, ip, tcpreplay, setpriv and libpcap0.8 (testbed/install)");
        }
        teardown();
        created = true;
        sh("ip", "netns", "add", NS);
        sh("ip", "link", "add", HOST_IF, "address", HOST_MAC, "type", "veth", "peer", "name", NS_IF, "address", NS_MAC);
        sh("ip", "link", "set", NS_IF, "netns", NS);
        sh("ip", "addr", "add", NET + ".1/24", "dev", HOST_IF);
        sh("ip", "link", "set", HOST_IF, "up");
        sh("ip", "netns", "exec", NS, "ip", "addr", "add", NET + ".2/24", "dev", NS_IF);
        sh("ip", "netns", "exec", NS, "ip", "link", "set", NS_IF, "up");
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up");
    }

    @AfterAll
    static void teardown() throws Exception {
        if (!created) return;
        new ProcessBuilder("ip", "netns", "del", NS).start().waitFor(10, TimeUnit.SECONDS);
        new ProcessBuilder("ip", "link", "del", HOST_IF).start().waitFor(10, TimeUnit.SECONDS);
    }

    static LiveCapture.Options options(String filter, long maxPackets) {
        return new LiveCapture.Options(262_144, true, 4 << 20, 100, false, filter, maxPackets);
    }

    static WatchSession session(String local) {
        var config = WatchEngine.Config.defaults(Settings.reference()).withLocal(LocalNetworks.parse(local));
        return new WatchSession(config, null);
    }

    /** Reads {@code capture} into {@code session} on another thread; stopped after 30 s whatever happens. */
    static CompletableFuture<ReadStats> readInBackground(WatchSession session, LiveCapture capture) {
        var read = CompletableFuture.supplyAsync(() -> {
            try {
                return session.read(capture);
            } catch (CaptureException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS).execute(capture::stop);
        return read;
    }

    static Device device(WatchSession s, String ip) {
        return s.engine().devices().devices().stream().filter(d -> d.ip().toString().equals(ip)).findFirst().orElse(null);
    }

    @Test
    void udpFromInsideTheNamespaceBecomesAFlowOfItsDevice() throws Exception {
        var session = session(NET + ".0/24");
        long before = System.currentTimeMillis() * 1000;
        try (var capture = LiveCapture.open(HOST_IF, options("udp and src host " + NET + ".2", 5));
             var receiver = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral(NET + ".1"), 40123))) {
            assertEquals(LinkType.ETHERNET, capture.linkType());
            var read = readInBackground(session, capture);
            assertEquals(NET + ".1", receiver.getLocalAddress().getHostAddress()); // a listener: no ICMP unreachable cuts the sender short
            sh("ip", "netns", "exec", NS, "bash", "-c", "exec 3>/dev/udp/" + NET + ".1/40123; for i in 1 2 3 4 5; do echo warden-$i >&3; done");
            ReadStats stats = read.get(40, TimeUnit.SECONDS);
            assertEquals(5, stats.records());
            assertTrue(stats.captureStats().received() >= 5, stats.captureStats().summary());
            assertEquals(0, stats.captureStats().droppedByKernel(), stats.captureStats().summary());
        }
        session.finish();
        long after = System.currentTimeMillis() * 1000;
        assertEquals(5, session.engine().packets());
        assertEquals(1, session.engine().flows(), "five datagrams on one socket are one flow");
        Device d = device(session, NET + ".2");
        assertNotNull(d, "the sender is a device: " + session.engine().devices().devices());
        assertEquals(NS_MAC, d.macText());
        assertEquals(5, d.packets());
        // event time is the packets' capture time: between the test's start and end, in microseconds
        assertTrue(d.firstSeen() >= before && d.lastSeen() <= after, d.firstSeen() + ".." + d.lastSeen() + " not in " + before + ".." + after);
    }

    @Test
    void aGeneratedMiraiScanReplayedIntoTheVethIsAnIncident(@TempDir Path dir) throws Exception {
        int bot = (10 << 24) | (213 << 16) | (90 << 8) | 2;
        var frames = new MiraiTraffic(20160930).scan(new MiraiTraffic.Bot(bot, 0x02574c000002L, NOBODY_MAC, (bot & ~0xFF) | 1), 0, 40);
        Path scan = dir.resolve("scan.pcap");
        try (var w = PcapWriter.create(scan, LinkType.ETHERNET, PcapWriter.Precision.NANOS)) {
            for (var f : frames) w.write(f.tsNanos(), f.frame());
        }
        var session = session(NET + ".0/24");
        try (var capture = LiveCapture.open(HOST_IF, options("tcp and src host " + NET + ".2", frames.size()))) {
            var read = readInBackground(session, capture);
            sh("ip", "netns", "exec", NS, "tcpreplay", "-q", "--topspeed", "-i", NS_IF, scan.toString());
            ReadStats stats = read.get(40, TimeUnit.SECONDS);
            assertEquals(frames.size(), stats.records(), stats.captureStats().summary());
        }
        List<Incident> incidents = session.finish();
        var mirai = incidents.stream().filter(i -> i.detector().equals(MiraiSynProbeDetector.ID)).toList();
        assertEquals(1, mirai.size(), incidents.toString());
        assertEquals(NET + ".2", mirai.getFirst().device().ip());
        assertEquals(NS_MAC, mirai.getFirst().device().mac());
        assertEquals(40L, mirai.getFirst().figures().get("probes").longValue(), mirai.getFirst().figures().toString());
        assertEquals(40, session.engine().flows(), "one flow per probed address");
    }

    @Test
    void aLiveCaptureKeepsItsPacketsAndWritesEachIncidentsExcerpt(@TempDir Path dir) throws Exception {
        int bot = (10 << 24) | (213 << 16) | (90 << 8) | 2;
        var frames = new MiraiTraffic(20161021).scan(new MiraiTraffic.Bot(bot, 0x02574c000002L, NOBODY_MAC, (bot & ~0xFF) | 1), 0, 40);
        Path scan = dir.resolve("scan.pcap");
        try (var w = PcapWriter.create(scan, LinkType.ETHERNET, PcapWriter.Precision.NANOS)) {
            for (var f : frames) w.write(f.tsNanos(), f.frame());
        }
        Path out = dir.resolve("evidence");
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> dev.warden.watch.WatchCommandTest.run("watch", "--home", dir.toString(),
                "--no-store", "--excerpts", out.toString(), "--local", NET + ".0/24", "--interface", HOST_IF,
                "--filter", "tcp and src host " + NET + ".2", "--packets", Integer.toString(frames.size()), "--duration", "30s"));
        // the command opens the interface some time after it starts: replay until it has seen every frame
        for (int i = 0; i < 20 && !run.isDone(); i++) {
            Thread.sleep(500);
            sh("ip", "netns", "exec", NS, "tcpreplay", "-q", "--topspeed", "-i", NS_IF, scan.toString());
        }
        var r = run.get(40, TimeUnit.SECONDS);
        assertEquals(1, r.code(), r.err());
        Path spool = out.resolve("capture-" + HOST_IF + ".pcap");
        assertTrue(Files.exists(spool), "the captured packets are kept: " + r.err());
        Path excerpt = out.resolve("I1.pcap");
        assertTrue(Files.exists(excerpt), "the incident's excerpt: " + r.err());
        long packets = 0;
        try (var src = dev.warden.capture.PacketSource.open(excerpt)) {
            while (src.advance()) packets++;
        }
        assertEquals(frames.size(), packets, "the 40 probes of the scan, cut from the live capture");
    }

    @Test
    void loopbackTrafficThroughTheEngine() throws Exception {
        var session = session("127.213.91.0/24");
        try (var capture = LiveCapture.open("lo", options("udp and dst host 127.213.91.2", 20));
             var socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.213.91.1"), 0))) {
            var read = readInBackground(session, capture);
            byte[] payload = "warden live capture test".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) socket.send(new DatagramPacket(payload, payload.length, InetAddress.ofLiteral("127.213.91.2"), 40124));
            ReadStats stats = read.get(40, TimeUnit.SECONDS);
            assertEquals(20, stats.records());
            assertEquals("live capture (ethernet)", stats.format());
        }
        session.finish();
        assertEquals(1, session.engine().flows());
        Device sender = device(session, "127.213.91.1");
        assertNotNull(sender);
        assertEquals(20, sender.packets());
        assertEquals(20L * (20 + 8 + 24), sender.bytes(), "IP bytes of 20 datagrams of 24 bytes");
    }

    /**
     * On a link with no packet at all the capture itself wakes its reader for {@code onIdle}, at least as often as asked,
     * on the reading thread, and its waking thread ends with the capture.
     */
    @Test
    void aCaptureWithNoPacketStillRunsItsIdleWork() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var threads = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
        try (var capture = LiveCapture.open("lo", options("udp and dst host 127.213.91.250 and dst port 9", 0))) {
            capture.onIdle(() -> {
                calls.incrementAndGet();
                threads.add(Thread.currentThread().getName());
            }, java.time.Duration.ofMillis(100));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> capture.onIdle(() -> {}, java.time.Duration.ofSeconds(1)), "set once");
            var read = new java.util.concurrent.FutureTask<>(capture::advance);
            Thread.ofPlatform().daemon().name("test-reader").start(read);
            Thread.sleep(1_500);
            capture.stop();
            assertEquals(false, read.get(10, TimeUnit.SECONDS), "no packet: stopped, the read ends");
        }
        assertTrue(calls.get() >= 5, "about every 100 ms for 1.5 s, however quiet the link: " + calls.get());
        assertEquals(java.util.Set.of("test-reader"), threads, "on the reading thread");
        Thread.sleep(300);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("warden-capture-waker")),
                "the waking thread ends with the capture");
    }

    /** Three-byte datagrams from 127.213.91.1 to {@code to}:{@code port} every 20 ms until {@code done} (at most 1000). */
    static CompletableFuture<Void> sendUntil(java.util.concurrent.atomic.AtomicBoolean done, String to, int port) {
        return CompletableFuture.runAsync(() -> {
            try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.213.91.1"), 0))) {
                byte[] b = {1, 2, 3};
                for (int i = 0; i < 1000 && !done.get(); i++) {
                    socket.send(new DatagramPacket(b, b.length, InetAddress.ofLiteral(to), port));
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void theCommandStopsAfterPacketsOrDurationAndReportsDrops() throws Exception {
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        var sending = sendUntil(done, "127.213.91.3", 40125);
        var r = WatchCommandTest.run("watch", "--home", "target", "--interface", "lo", "--filter", "udp and dst host 127.213.91.3",
                "--packets", "10", "--format", "jsonl");
        done.set(true);
        sending.get(10, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"type\":\"input\",\"source\":\"lo\",\"format\":\"live capture (ethernet)\",\"records\":10,\"skipped\":0,\"received\":"),
                r.out());
        assertTrue(r.out().contains("\"droppedByKernel\":0,\"droppedByInterface\":"), r.out());
        assertTrue(r.err().contains("warden: capturing on lo (ethernet, libpcap version "), r.err());
        assertTrue(r.err().contains("warden: lo: 10 IP packets analysed; libpcap: "), r.err());

        long t0 = System.nanoTime();
        r = WatchCommandTest.run("watch", "--home", "target", "--interface", "lo", "--filter", "udp and dst host 127.213.91.4", "--duration", "1s");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.code(), r.err());
        assertTrue(took >= 1000 && took < 10_000, took + " ms");
        // "received" may count a few packets of others on lo: those that arrived before the kernel filter was in place
        assertTrue(r.out().matches("(?s).*\n  lo: \\d+ packets received, 0 dropped by the kernel, 0 dropped by the interface\n.*"), r.out());
        assertTrue(r.out().startsWith("Watched 0 flows from 1 input:"), r.out());
    }

    @Test
    void aProgressLineComesEveryStatsIntervalWhileTheCaptureRuns() throws Exception {
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        var sending = sendUntil(done, "127.213.91.6", 40127);
        var r = WatchCommandTest.run("watch", "--home", "target", "--set", "watch.capture.stats-interval=500ms", "--local", "127.213.91.0/24", "--interface", "lo",
                "--filter", "udp and dst host 127.213.91.6", "--duration", "3s");
        done.set(true);
        sending.get(10, TimeUnit.SECONDS);
        assertEquals(0, r.code(), r.err());
        var line = java.util.regex.Pattern.compile("warden: lo: after ([0-9.]+) s: (\\d+) IP packets analysed; libpcap: (\\d+) packets received, "
                + "0 dropped by the kernel, \\d+ dropped by the interface; (\\d+) flows? open, \\d+ ended; (\\d+) devices?; "
                + "0 open incidents, 0 in all");
        var progress = r.err().lines().map(line::matcher).filter(java.util.regex.Matcher::matches).toList();
        // 3 s at 500 ms: lines at 0.5 .. 2.5 s, perhaps 3 s; a loaded machine may wake late, never early. The engine
        // publishes its counters once per second of traffic, so those lag by up to a second; libpcap's are read each time
        assertTrue(progress.size() >= 4 && progress.size() <= 6, r.err());
        assertEquals("0.5", progress.getFirst().group(1), r.err());
        var last = progress.getLast();
        assertTrue(Long.parseLong(last.group(2)) > 0 && Long.parseLong(last.group(3)) > 0, "the counters move while packets come: " + r.err());
        assertEquals("1", last.group(4), "one flow, still open: " + r.err());
        assertEquals("2", last.group(5), "the sender and the receiver, both in --local: " + r.err());
        var lines = r.err().lines().toList();
        int end = lines.indexOf(lines.stream().filter(l -> l.contains(" IP packets analysed; libpcap: ") && !l.contains(" after ")).findFirst().orElseThrow());
        assertTrue(lines.subList(end, lines.size()).stream().noneMatch(l -> l.contains(": after ")), "no progress line after the final counters: " + r.err());

        r = WatchCommandTest.run("watch", "--home", "target", "--set", "watch.capture.stats-interval=0s", "--interface", "lo",
                "--filter", "udp and dst host 127.213.91.6", "--duration", "1s");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains(": after "), "0s turns the line off: " + r.err());
    }

    /** The whole program in its own JVM, as a user runs it: Ctrl-C prints the report and the counters. */
    @Test
    void ctrlCPrintsTheReportAndTheCounters() throws Exception {
        Process p = java("watch", "--home", "target", "--interface", "lo", "--filter", "udp and dst host 127.213.91.5", "--format", "jsonl").start();
        try {
            var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine();
            assertTrue(first != null && first.startsWith("warden: capturing on lo"), first);
            try (var socket = new DatagramSocket(new InetSocketAddress(InetAddress.ofLiteral("127.213.91.1"), 0))) {
                for (int i = 0; i < 7; i++) socket.send(new DatagramPacket(new byte[1], 1, InetAddress.ofLiteral("127.213.91.5"), 40126));
            }
            Thread.sleep(500); // the capture hands packets over in blocks, at most every read-timeout (100 ms)
            sh("kill", "-INT", Long.toString(p.pid()));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String rest = new String(err.readAllLines().stream().reduce("", (a, b) -> a + b + "\n"));
            assertEquals(130, p.exitValue(), "the signal's status, after the report: " + rest);
            assertTrue(out.startsWith("{\"type\":\"watch\",\"flows\":1,\"packets\":7,"), out);
            assertTrue(out.contains("\"records\":7,"), out);
            assertTrue(rest.contains("warden: lo: 7 IP packets analysed; libpcap: "), rest);
            assertFalse(rest.contains("\tat "), rest);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A port scan refused by RST, then a quiet link: the scan's flows end 5 s after their last packet by the clock, not at
     * the next packet, and the incident is announced while the capture still runs.
     */
    @Test
    void aQuietLinkStillMovesEventTimeOn() throws Exception {
        Process p = java("watch", "--no-store", "--home", "target", "--interface", "lo", "--local", "127.213.92.0/24",
                "--filter", "tcp and net 127.213.92.0/24", "--for", "40s").start();
        try {
            var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String first = err.readLine();
            assertTrue(first != null && first.startsWith("warden: capturing on lo"), first);
            Thread.sleep(300);
            for (int port = 20_001; port <= 20_030; port++) { // nothing listens there: each SYN is answered by a RST
                try (var s = new java.net.Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.ofLiteral("127.213.92.1"), 0));
                    s.connect(new InetSocketAddress(InetAddress.ofLiteral("127.213.92.2"), port), 1000);
                } catch (java.net.ConnectException refused) {
                    // expected
                }
            }
            long scanned = System.nanoTime();
            var announced = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = err.readLine()) != null; ) if (line.contains(" port-scan 127.213.92.1")) return line;
                    return null;
                } catch (IOException e) {
                    return null;
                }
            });
            String line = announced.get(20, TimeUnit.SECONDS);
            long after = (System.nanoTime() - scanned) / 1_000_000;
            assertTrue(line != null && p.isAlive(), "announced while capturing: " + line);
            assertTrue(after >= 4_000 && after < 15_000, "about 5 s after the last RST (the closed-connection linger), not at the end: " + after + " ms");
        } finally {
            sh("kill", "-INT", Long.toString(p.pid()));
            p.waitFor(30, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void withoutCapNetRawTheMessageSaysSo() throws Exception {
        var pb = java("watch", "--home", "target", "--interface", "lo");
        pb.command().addAll(0, List.of("setpriv", "--inh-caps=-all", "--bounding-set=-net_raw,-net_admin"));
        Process p = pb.redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.startsWith("warden: lo: no permission to capture: run as root, or give java CAP_NET_RAW"), out);
        assertEquals(1, out.lines().count(), out);
    }

    /** {@code java -cp <this test's class path> dev.warden.cli.Main args...}. */
    static ProcessBuilder java(String... args) {
        var cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.warden.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }
}
