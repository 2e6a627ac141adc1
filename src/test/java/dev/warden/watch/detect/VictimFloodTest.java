package dev.warden.watch.detect;

import dev.warden.watch.WatchEngine;
import dev.warden.watch.incident.Incident;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The victim's side of four real floods (../shared/data/ddos-pcap, StopDDoS captures): each file gives exactly one
 * incident, of the right vector, naming the victim. The victims are 10.10.10.10 and 10.10.10.1, private addresses,
 * so the default monitored ranges apply.
 */
class VictimFloodTest {
    private static List<Incident> run(String file) throws Exception {
        WatchEngine e = SharedCaptures.engine(c -> c);
        SharedCaptures.read(e, List.of(SharedCaptures.folder("ddos-pcap").resolve(file)));
        e.finish();
        e.incidents().forEach(i -> System.out.println(file + ": " + i.detector() + " " + i.device().ip() + " " + i.figures() + " " + i.explanation()));
        return e.incidents();
    }

    private static Incident only(List<Incident> incidents, String detector, String victim) {
        assertEquals(1, incidents.size(), incidents.toString());
        Incident i = incidents.getFirst();
        assertEquals(detector, i.detector());
        assertEquals(victim, i.device().ip());
        assertEquals(victim, i.key());
        assertTrue(i.explanation().contains("Victim: " + victim), i.explanation());
        for (String f : List.of("sources", "packets", "bytes", "duration_s", "peak_rate")) assertTrue(i.figures().containsKey(f), f);
        // the counterparts are the flood's sources, the first 20 by name (watch.incident.counterparts), never the victim
        assertTrue(!i.counterparts().isEmpty() && !i.counterparts().contains(victim), i.counterparts().toString());
        assertEquals(Math.min(20, figure(i, "sources")), i.counterparts().size(), i.counterparts().toString());
        assertEquals(figure(i, "sources") > 20, i.moreCounterparts(), "more named than kept: " + i.figures());
        assertEquals(i.counterparts().size(), new java.util.HashSet<>(i.counterparts()).size(), "each once");
        return i;
    }

    private static long figure(Incident i, String name) {
        return i.figures().get(name).longValue();
    }

    @Test
    void spoofedSynFlood() throws Exception {
        Incident i = only(run("pkt.TCP.synflood.spoofed.pcap"), VictimSynFloodDetector.ID, "10.10.10.10");
        assertEquals(37_841, figure(i, "packets"));
        long sources = figure(i, "sources");
        assertTrue(sources > 37_623 * 0.9 && sources < 37_623 * 1.1, "about 37,623 spoofed sources: " + sources);
        assertTrue(i.explanation().startsWith("Is receiving a spoofed TCP SYN flood: 37,841 packets"), i.explanation());
    }

    @Test
    void synAckReflection() throws Exception {
        Incident i = only(run("amp.TCP.reflection.SYNACK.pcap"), VictimSynAckReflectionDetector.ID, "10.10.10.10");
        assertTrue(figure(i, "packets") > 6_600 && figure(i, "packets") <= 6_651, i.figures().toString()); // 6,651 SYN-ACKs in the file
        assertTrue(figure(i, "sources") > 1000, i.figures().toString());
        assertTrue(i.explanation().contains("reflecting servers"), i.explanation());
    }

    @Test
    void dnsAmplificationWithFragments() throws Exception {
        Incident i = only(run("amp.dns.RRSIG.fragmented.pcap"), VictimDnsAmplificationDetector.ID, "10.10.10.10");
        assertTrue(figure(i, "fragments") > 0, i.figures().toString());
        assertTrue(figure(i, "sources") >= 10, i.figures().toString());
        assertTrue(i.explanation().contains("IP fragments without ports"), i.explanation());
    }

    @Test
    void bacnetUdpAmplification() throws Exception {
        Incident i = only(run("amp.UDP.bacnet.IOT.37810.pcapng"), VictimUdpAmplificationDetector.ID, "10.10.10.1");
        assertTrue(figure(i, "packets") >= 9_000, i.figures().toString());
        assertTrue(i.explanation().contains("Source ports: 47808 (6,737)"), i.explanation());
        assertTrue(i.explanation().contains("37810 (2,377)"), i.explanation());
    }
}
