package dev.warden.watch.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.warden.assess.Severity;
import dev.warden.watch.WatchCommandTest;
import dev.warden.watch.device.DeviceRef;
import dev.warden.watch.incident.Incident;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Syslog and webhook sinks against real receivers on loopback. */
class AlertSinksTest {
    static Incident incident(String explanation) {
        var figures = new LinkedHashMap<String, Number>();
        figures.put("packets", 6000L);
        figures.put("peak_rate", 301.0);
        return new Incident("I6", new DeviceRef("192.168.7.20", "44:19:b6:aa:bb:cc", "Hikvision", List.of(), null), "ddos-syn",
                "198.51.100.77", Severity.CRITICAL, 1_700_000_900_000_000L, 1_700_000_919_333_333L, 1_700_000_903_000_000L,
                List.of("198.51.100.77"), false, figures, new Incident.Evidence(List.of("CW1"), 60, List.of()), explanation, 55.0, true, 1);
    }

    static List<String> receive(DatagramSocket socket, int n) throws Exception {
        var out = new ArrayList<String>();
        byte[] buf = new byte[4096];
        for (int k = 0; k < n; k++) {
            var p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            out.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void syslogRfc5424OverUdp() throws Exception {
        try (var receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             var sink = new SyslogSink(new InetSocketAddress("127.0.0.1", receiver.getLocalPort()), 16, 2048, "warden-box")) {
            receiver.setSoTimeout(5000);
            sink.opened(incident("Took part in a SYN flood against 198.51.100.77 \"quoted\" ] ok."));
            sink.closed(incident("done"));
            var got = receive(receiver, 2);
            assertEquals("<130>1 2023-11-14T22:28:23Z warden-box warden - incident-opened [warden@32473 id=\"I6\" device=\"192.168.7.20\" "
                    + "mac=\"44:19:b6:aa:bb:cc\" detector=\"ddos-syn\" severity=\"critical\" key=\"198.51.100.77\" packets=\"6000\" peak_rate=\"301.0\"] "
                    + "\uFEFFTook part in a SYN flood against 198.51.100.77 \"quoted\" ] ok.", got.get(0));
            assertTrue(got.get(1).startsWith("<130>1 2023-11-14T22:28:39.333333Z warden-box warden - incident-closed [warden@32473 id=\"I6\""), got.get(1));
            assertEquals(2, sink.sent());
        }
    }

    @Test
    void syslogEscapesParameterValuesAndCutsLongMessagesAtACharacter() throws Exception {
        var sink = new SyslogSink(new InetSocketAddress("127.0.0.1", 9), 16, 480, "h");
        var i = incident("é".repeat(1000));
        var withQuotes = new Incident(i.id(), i.device(), i.detector(), "a\"b]c\\d", i.severity(), i.firstSeen(), i.lastSeen(), i.detectedAt(),
                i.counterparts(), false, i.figures(), i.evidence(), i.explanation(), -1, true, 1);
        byte[] b = sink.format(withQuotes, "incident-opened", withQuotes.detectedAt());
        assertTrue(b.length <= 480, "cut to the limit: " + b.length);
        String s = new String(b, StandardCharsets.UTF_8);
        assertTrue(s.contains("key=\"a\\\"b\\]c\\\\d\""), s);
        assertTrue(s.endsWith("é"), "no half character at the end");
        sink.close();
    }

    @Test
    void webhookPostsJsonAndSurvivesAFailingReceiver() throws Exception {
        var bodies = Collections.synchronizedList(new ArrayList<String>());
        var got = new CountDownLatch(3);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " " + ex.getRequestHeaders().getFirst("Content-Type"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
            got.countDown();
        });
        server.createContext("/broken", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            var sink = new WebhookSink(URI.create(base + "/hook"), Duration.ofSeconds(5), 100);
            sink.opened(incident("first"));
            sink.updated(incident("grown"));
            sink.closed(incident("done"));
            assertTrue(got.await(10, TimeUnit.SECONDS));
            sink.close();
            assertEquals(3, sink.sent());
            var first = new ObjectMapper().readTree(bodies.getFirst().substring(0, bodies.getFirst().lastIndexOf(' ')));
            assertEquals("opened", first.get("event").asText());
            assertEquals("incident", first.get("type").asText());
            assertEquals("192.168.7.20", first.get("device").get("ip").asText());
            assertEquals("44:19:b6:aa:bb:cc", first.get("device").get("mac").asText());
            assertTrue(bodies.getFirst().endsWith(" application/json"));

            var broken = new WebhookSink(URI.create(base + "/broken"), Duration.ofSeconds(5), 100);
            broken.opened(incident("x"));
            broken.close();
            assertEquals(1, broken.failed());
            var nobody = new WebhookSink(URI.create("http://127.0.0.1:9/none"), Duration.ofSeconds(2), 1);
            for (int k = 0; k < 5; k++) nobody.opened(incident("y"));
            nobody.close();
            assertTrue(nobody.failed() + nobody.dropped() == 5, nobody.failed() + " failed, " + nobody.dropped() + " dropped");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theCommandSendsToBothSinks(@TempDir Path home) throws Exception {
        var posts = Collections.synchronizedList(new ArrayList<String>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            posts.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try (var receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            receiver.setSoTimeout(200);
            var r = WatchCommandTest.run("watch", "--home", home.toString(), "--syslog", "127.0.0.1:" + receiver.getLocalPort(),
                    "--webhook", "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts", "src/test/resources/watch/mixed.conn.log");
            assertEquals(1, r.code(), r.err());
            var messages = new ArrayList<String>();
            try {
                while (true) messages.addAll(receive(receiver, 1));
            } catch (SocketTimeoutException e) {
                // all received
            }
            assertTrue(messages.stream().anyMatch(m -> m.contains("incident-opened") && m.contains("detector=\"ddos-syn\"")), messages.toString());
            // per incident, the messages' timestamps never go back (a SIEM sorting by them sees opened, then updates, then closed)
            var last = new java.util.HashMap<String, java.time.Instant>();
            var id = java.util.regex.Pattern.compile(" id=\"([^\"]+)\"");
            for (String m : messages) {
                var matcher = id.matcher(m);
                assertTrue(matcher.find(), m);
                var at = java.time.Instant.parse(m.split(" ")[1]);
                var before = last.put(matcher.group(1), at);
                assertTrue(before == null || !at.isBefore(before), "time went back for " + matcher.group(1) + ": " + m);
            }
            assertTrue(posts.stream().anyMatch(p -> p.contains("\"event\":\"opened\"") && p.contains("\"detector\":\"login-scan\"")), posts.toString());
        } finally {
            server.stop(0);
        }
        var bad = WatchCommandTest.run("watch", "--home", home.toString(), "--webhook", "ftp://example.test/x", "src/test/resources/watch/mixed.conn.log");
        assertEquals(2, bad.code(), "a wrong option value is a wrong command line");
        assertTrue(bad.err().contains("expected an http:// or https:// URL"), bad.err());
    }

    /** A receiver that refuses every event: the run says how many failed and why, and the counts add up. */
    @org.junit.jupiter.api.Test
    void aFailingReceiverIsNamedWithWhy(@TempDir Path home) throws Exception {
        var posts = new java.util.concurrent.atomic.AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            posts.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
            var r = WatchCommandTest.run("watch", "--home", home.toString(), "--no-store", "--webhook", url, "src/test/resources/watch/mixed.conn.log");
            assertEquals(1, r.code(), r.err());
            var m = java.util.regex.Pattern.compile("warden: webhook " + java.util.regex.Pattern.quote(url)
                    + ": (\\d+) sent, (\\d+) failed \\(last: the receiver answered HTTP 500\\), (\\d+) dropped \\(queue full\\), (\\d+) not sent")
                    .matcher(r.err());
            assertTrue(m.find(), r.err());
            assertEquals(0, Integer.parseInt(m.group(1)));
            assertEquals(posts.get(), Integer.parseInt(m.group(2)), "every event the receiver saw failed");
            assertTrue(Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4)) >= 20, "an opening and a closing for each of the 10 incidents: " + r.err());
        } finally {
            server.stop(0);
        }
    }
}
