package dev.warden.watch.netflow;

import dev.warden.watch.WatchCommandTest;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code warden watch --netflow} on a loopback port: a router's export of a flooding device becomes an incident. */
class NetFlowCommandTest {
    @Test
    void listensOnLoopbackAndReports(@TempDir Path home) throws Exception {
        int port;
        try (var probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        var run = CompletableFuture.supplyAsync(() -> WatchCommandTest.run("watch", "--home", home.toString(), "--netflow", "127.0.0.1:" + port,
                "--for", "6s", "--format", "jsonl"));
        var flood = new ArrayList<FlowRecord>();
        for (int i = 0; i < 60; i++) {
            flood.add(FlowRecord.builder().start(FlowDecoderTest.T + i * 300_000L).duration(300_000).src("192.168.7.20", 1024 + i)
                    .dst("198.51.100.77", 80).protocol(Protocols.TCP).tcpFlags(TcpFlags.SYN).orig(100, 4000).build());
        }
        // The command binds the port some time after it starts; UDP sent before that is lost, so send until it is done
        // (repeats only make the flood bigger).
        try (var sender = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] m = Exports.ipfixMessage(1, 1, Exports.ipfixTemplate(300, false), Exports.ipfixData(300, flood));
            while (!run.isDone()) {
                sender.send(new DatagramPacket(m, m.length, new InetSocketAddress("127.0.0.1", port)));
                Thread.sleep(250);
            }
        }
        var r = run.get();
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("listening for NetFlow/IPFIX on udp 127.0.0.1:" + port), r.err());
        assertTrue(r.err().contains("incident W1-I1 critical ddos-syn 192.168.7.20"), r.err());
        assertTrue(r.out().contains("\"detector\":\"ddos-syn\""), r.out());
        assertTrue(r.out().contains("\"source\":\"udp:" + port + "\""), r.out());
        assertTrue(r.out().startsWith("{\"type\":\"watch\"") && r.out().lines().findFirst().orElseThrow().contains("\"from\":\"20"),
                "the traffic's time span: " + r.out());
    }

    /** In its own JVM, as a user runs it: Ctrl-C stops the listening, and the report is printed before the exit (130). */
    @Test
    void ctrlCPrintsTheReport(@TempDir Path home) throws Exception {
        int port;
        try (var probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = probe.getLocalPort();
        }
        var cmd = new ArrayList<>(java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.warden.cli.Main", "watch", "--no-store", "--home", home.toString(),
                "--netflow", "127.0.0.1:" + port, "--format", "jsonl"));
        Process p = new ProcessBuilder(cmd).start();
        try {
            var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(), java.nio.charset.StandardCharsets.UTF_8));
            String first = err.readLine();
            assertTrue(first != null && first.startsWith("warden: listening for NetFlow/IPFIX on udp 127.0.0.1:" + port), first);
            var flows = new ArrayList<FlowRecord>();
            for (int i = 0; i < 3; i++) {
                flows.add(FlowRecord.builder().start(FlowDecoderTest.T + i * 1_000_000L).duration(1000).src("192.168.7.20", 40000 + i)
                        .dst("198.51.100.7", 443).protocol(Protocols.TCP).tcpFlags(TcpFlags.SYN | TcpFlags.ACK).orig(5, 600).build());
            }
            try (var sender = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                byte[] m = Exports.ipfixMessage(1, 1, Exports.ipfixTemplate(300, false), Exports.ipfixData(300, flows));
                sender.send(new DatagramPacket(m, m.length, new InetSocketAddress("127.0.0.1", port)));
            }
            Thread.sleep(1000); // the collector polls every 200 ms
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String rest = String.join("\n", err.lines().toList());
            assertEquals(130, p.exitValue(), "the signal's status, after the report: " + rest);
            assertTrue(out.startsWith("{\"type\":\"watch\",\"flows\":3,"), "the report: " + out + rest);
            assertTrue(out.contains("\"source\":\"udp:" + port + "\""), out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aBadListenAddressIsNamed() {
        var r = WatchCommandTest.run("watch", "--netflow", "localhost:99999");
        assertEquals(2, r.code(), "a wrong option value is a wrong command line");
        assertTrue(r.err().contains("port out of range"), r.err());
    }
}
