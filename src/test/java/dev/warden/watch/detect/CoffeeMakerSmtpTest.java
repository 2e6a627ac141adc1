package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.input.PacketFiles;
import dev.warden.watch.packet.PacketEvent;
import dev.warden.watch.profile.Profiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coffee maker: the real SmarterCoffee set-up captures (../shared/data/iot-sentinel/SmarterCoffee, MAC
 * 5c:cf:7f:07:ae:fb, 10.10.10.146, router 10.10.10.1) are learned, then the same device opens SMTP connections to
 * three outside servers: one learned-profile incident, "first SMTP ever". Without the mail, nothing.
 */
class CoffeeMakerSmtpTest {
    static final IpAddress COFFEE = IpAddress.parse("10.10.10.146");
    static final String[] SERVERS = {"198.51.100.25", "203.0.113.25", "192.0.2.25"};

    /** Every capture of the coffee maker, each as its packets, in the order they were recorded. */
    private static List<List<PacketEvent>> captures() throws Exception {
        Path folder = SharedCaptures.folder("iot-sentinel").resolve("SmarterCoffee");
        var all = new ArrayList<List<PacketEvent>>();
        for (Path f : SharedCaptures.setups(folder)) {
            var packets = new ArrayList<PacketEvent>();
            PacketFiles.read(f, p -> packets.add(p.copy())); // the reader reuses its event
            if (!packets.isEmpty()) all.add(packets);
        }
        all.sort(Comparator.comparingLong(p -> p.getFirst().tsMicros()));
        return all;
    }

    /** Learning covers every capture: from the first packet to a minute after the last. */
    private static WatchEngine learnedEngine(List<List<PacketEvent>> captures) {
        long first = captures.getFirst().getFirst().tsMicros(), last = captures.getLast().getLast().tsMicros();
        WatchEngine e = SharedCaptures.engine(c -> c.withProfiles(new Profiles(last - first + 60_000_000L)));
        for (var capture : captures) capture.forEach(e::onPacket);
        return e;
    }

    /** One SMTP session of the coffee maker: handshake, banner, a mail of {@code bytes}, close. */
    private static void smtp(List<PacketEvent> out, long t, long coffeeMac, long routerMac, IpAddress server, int port, int bytes) {
        int seq = 1000, ack = 5000;
        out.add(tcp(t, coffeeMac, routerMac, COFFEE, server, port, 25, TcpFlags.SYN, seq, 0, 0));
        out.add(tcp(t + 40_000, routerMac, coffeeMac, server, COFFEE, 25, port, TcpFlags.SYN | TcpFlags.ACK, ack, seq + 1, 0));
        out.add(tcp(t + 41_000, coffeeMac, routerMac, COFFEE, server, port, 25, TcpFlags.ACK, seq + 1, ack + 1, 0));
        out.add(tcp(t + 90_000, routerMac, coffeeMac, server, COFFEE, 25, port, TcpFlags.PSH | TcpFlags.ACK, ack + 1, seq + 1, 60));
        out.add(tcp(t + 95_000, coffeeMac, routerMac, COFFEE, server, port, 25, TcpFlags.PSH | TcpFlags.ACK, seq + 1, ack + 61, bytes));
        out.add(tcp(t + 140_000, routerMac, coffeeMac, server, COFFEE, 25, port, TcpFlags.PSH | TcpFlags.ACK, ack + 61, seq + 1 + bytes, 40));
        out.add(tcp(t + 150_000, coffeeMac, routerMac, COFFEE, server, port, 25, TcpFlags.FIN | TcpFlags.ACK, seq + 1 + bytes, ack + 101, 0));
        out.add(tcp(t + 190_000, routerMac, coffeeMac, server, COFFEE, 25, port, TcpFlags.FIN | TcpFlags.ACK, ack + 101, seq + 2 + bytes, 0));
        out.add(tcp(t + 191_000, coffeeMac, routerMac, COFFEE, server, port, 25, TcpFlags.ACK, seq + 2 + bytes, ack + 102, 0));
    }

    private static PacketEvent tcp(long t, long srcMac, long dstMac, IpAddress src, IpAddress dst, int sp, int dp, int flags, int seq, int ack, int payload) {
        return new PacketEvent(t, srcMac, dstMac, src, dst, Protocols.TCP, sp, dp, flags, seq, ack, 40 + payload, payload);
    }

    /** The MAC a host's packets carry in the captures. */
    private static long macOf(List<List<PacketEvent>> captures, IpAddress ip) {
        return captures.stream().flatMap(List::stream).filter(p -> p.src().equals(ip) && p.srcMac() != 0)
                .findFirst().orElseThrow().srcMac();
    }

    @Test
    void learnedFromItsOwnCapturesThenSendingMail() throws Exception {
        var captures = captures();
        long coffeeMac = macOf(captures, COFFEE), routerMac = macOf(captures, IpAddress.parse("10.10.10.1"));
        assertEquals(SharedCaptures.mac(SharedCaptures.folder("iot-sentinel").resolve("SmarterCoffee")), coffeeMac);
        WatchEngine e = learnedEngine(captures);
        long start = captures.getLast().getLast().tsMicros() + 10 * 60_000_000L; // ten minutes after the last capture
        var mail = new ArrayList<PacketEvent>();
        for (int i = 0; i < 6; i++) smtp(mail, start + i * 20_000_000L, coffeeMac, routerMac, IpAddress.parse(SERVERS[i % 3]), 40000 + i, 1500);
        mail.forEach(e::onPacket);
        e.finish();

        assertEquals(1, e.incidents().size(), e.incidents().toString());
        Incident i = e.incidents().getFirst();
        assertEquals(LearnedProfileDetector.ID, i.detector());
        assertEquals("10.10.10.146", i.device().ip());
        assertEquals("5c:cf:7f:07:ae:fb", i.device().mac());
        assertEquals("service:SMTP", i.key());
        assertEquals(Severity.HIGH, i.severity());
        assertTrue(i.explanation().startsWith("First SMTP ever: 6 connections to 3 servers (tcp/25)"), i.explanation());
        assertEquals(List.of(SERVERS[0], SERVERS[1], SERVERS[2]), i.counterparts().stream().sorted(Comparator.comparing(s -> List.of(SERVERS).indexOf(s))).toList());
        assertEquals(start, i.firstSeen(), "from the first SMTP connection");
        System.out.println("coffee maker: " + i.explanation());
    }

    @Test
    void itsOwnCapturesAloneAreNoIncident() throws Exception {
        WatchEngine e = learnedEngine(captures());
        e.finish();
        assertEquals(List.of(), e.incidents());
    }
}
