package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.config.Settings;
import dev.warden.watch.Traffic;
import dev.warden.watch.WatchEngine;
import dev.warden.watch.dns.ResolvedAddresses;
import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.intel.Indicators;
import dev.warden.watch.packet.PacketEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.warden.watch.Traffic.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each detector with traffic that must trigger it and traffic that must not, side by side. */
class DetectorsTest {
    static final String CAM = "192.168.7.20", PLUG = "192.168.7.30", ROUTER = "192.168.7.1";

    static Set<String> detectors(List<Incident> incidents) {
        return incidents.stream().map(Incident::detector).collect(Collectors.toSet());
    }

    @Test
    void everyDetectorHasAnIdASummaryAndADocPage() {
        var ctx = new DetectorContext(Settings.reference(), null, Indicators.none(), null, new ResolvedAddresses(16, 1, 1));
        var ids = new java.util.HashSet<String>();
        for (Detector d : Detectors.all(ctx)) {
            assertTrue(d.id().matches("[a-z0-9-]+"), d.id());
            assertTrue(ids.add(d.id()), "duplicate id " + d.id());
            assertFalse(d.summary().isBlank());
            assertTrue(java.nio.file.Files.isRegularFile(Path.of(d.docPage())), "missing doc page " + d.docPage());
        }
    }

    @Nested
    class LoginScan {
        @Test
        void manyHostsOnTelnetIsAScan() {
            var t = new Traffic();
            for (int i = 0; i < 25; i++) t.syn(i, CAM, "203.0.113." + (i + 1), i % 10 == 0 ? 2323 : 23, 1);
            var found = of(t.run(), LoginScanDetector.ID);
            assertEquals(1, found.size());
            assertEquals(25L, found.getFirst().figures().get("hosts"));
            assertEquals(CAM, found.getFirst().device().ip());
            assertEquals(Traffic.at(0), found.getFirst().firstSeen(), "the incident starts at the first probe, not at the threshold");
        }

        @Test
        void fewHostsOrSlowScanIsNot() {
            var t = new Traffic();
            for (int i = 0; i < 10; i++) t.syn(i, CAM, "203.0.113." + (i + 1), 23, 1);
            for (int i = 0; i < 30; i++) t.syn(100 + i * 60, PLUG, "203.0.113." + (i + 1), 23, 1); // 30 hosts over 30 min
            assertTrue(of(t.run(), LoginScanDetector.ID).isEmpty());
        }

        /** The bot's call to its C&C on telnet, by name, is no attempt of the scan beside it (nor, alone, a scan). */
        @Test
        void serversCalledByNameAreNoScanTargets() {
            var t = new Traffic();
            for (int i = 0; i < 25; i++) t.syn(i, CAM, "203.0.113." + (i + 1), 23, 1);
            t.add(new Traffic().flow(30, CAM, 40000, "198.18.5.5", 23, Protocols.TCP).state(ConnState.SF).serverName("cnc.example.test"));
            var found = of(t.run(), LoginScanDetector.ID);
            assertEquals(1, found.size());
            assertEquals(25L, found.getFirst().figures().get("attempts"), found.getFirst().figures().toString());
            assertFalse(found.getFirst().counterparts().contains("198.18.5.5"), found.getFirst().counterparts().toString());
        }
    }

    @Nested
    class LoginGuessing {
        @Test
        void shortSessionsToOneTelnetServer() {
            var t = new Traffic();
            for (int i = 0; i < 6; i++) t.session(i * 5, CAM, "203.0.113.50", 23, 2.5, 40, 60);
            var found = of(t.run(), LoginGuessingDetector.ID);
            assertEquals(1, found.size());
            assertEquals(6L, found.getFirst().figures().get("sessions"));
            assertTrue(found.getFirst().explanation().contains("203.0.113.50"), found.getFirst().explanation());
        }

        @Test
        void longSessionsOrSpreadOutLoginsAreNot() {
            var t = new Traffic();
            for (int i = 0; i < 6; i++) t.session(i * 5, CAM, "203.0.113.50", 22, 600, 4000, 90000); // admin at work
            for (int i = 0; i < 6; i++) t.session(i * 3600, PLUG, "203.0.113.51", 23, 2, 40, 60); // hourly, not a burst
            assertTrue(of(t.run(), LoginGuessingDetector.ID).isEmpty());
        }
    }

    @Nested
    class AddressScan {
        @Test
        void failedAttemptsToManyHostsOnOnePort() {
            var t = new Traffic();
            for (int i = 0; i < 30; i++) t.syn(i * 2, CAM, "198.18.0." + (i + 1), 37215, 1);
            var found = of(t.run(), AddressScanDetector.ID);
            assertEquals(1, found.size());
            assertEquals("tcp/37215", found.getFirst().key());
            assertEquals(30L, found.getFirst().figures().get("hosts"));
        }

        @Test
        void workingConnectionsToManyServersAreNot() {
            var t = new Traffic();
            for (int i = 0; i < 40; i++) t.session(i, PLUG, "198.18.0." + (i + 1), 443, 1, 800, 5000); // a CDN-heavy TV
            for (int i = 0; i < 24; i++) t.syn(i, CAM, "198.18.1." + (i + 1), 8080, 1); // one below the threshold
            assertTrue(of(t.run(), AddressScanDetector.ID).isEmpty());
        }

        /**
         * Packets: the camera asks its router (transaction id 0x1234), the response gives it 30 addresses of its cloud, and it then fails to
         * reach each on 443 (its uplink is down): it follows a name, no scan. The same attempts after a response it
         * never asked for (spoofed), or with no answer at all, are one.
         */
        @Test
        void attemptsToAddressesADnsAnswerGaveAreNot() {
            for (String run : List.of("asked and answered", "answered unasked", "no answer")) {
                WatchEngine e = WatchEngine.build(WatchEngine.Config.defaults(Settings.reference()));
                var dns = new java.io.ByteArrayOutputStream();
                dns.writeBytes(new byte[]{0x12, 0x34, (byte) 0x81, (byte) 0x80, 0, 1, 0, 30, 0, 0, 0, 0, 3, 'a', 'p', 'i', 0, 0, 1, 0, 1});
                for (int i = 1; i <= 30; i++) dns.writeBytes(new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 198, 18, 5, (byte) i});
                byte[] bytes = dns.toByteArray();
                if (!run.equals("answered unasked")) {
                    var query = new PacketEvent(Traffic.at(0), 0, 0, IpAddress.parse(CAM), IpAddress.parse(ROUTER), Protocols.UDP, 40000, 53, 0, 0, 0, 49, 21);
                    byte[] q = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'a', 'p', 'i', 0, 0, 1, 0, 1};
                    e.onPacket(query.payloadBytes(java.lang.foreign.MemorySegment.ofArray(q), 0));
                }
                var reply = new PacketEvent(Traffic.at(0.01), 0, 0, IpAddress.parse(ROUTER), IpAddress.parse(CAM), Protocols.UDP, 53, 40000, 0, 0, 0,
                        28 + bytes.length, bytes.length);
                if (!run.equals("no answer")) reply.payloadBytes(java.lang.foreign.MemorySegment.ofArray(bytes), 0);
                e.onPacket(reply);
                for (int i = 1; i <= 30; i++) {
                    e.onPacket(new PacketEvent(Traffic.at(1 + i * 0.5), 0, 0, IpAddress.parse(CAM), IpAddress.parse("198.18.5." + i), Protocols.TCP,
                            41000 + i, 443, TcpFlags.SYN, 1, 0, 60, 0));
                }
                e.finish();
                assertEquals(run.equals("asked and answered") ? 0 : 1, of(e.incidents(), AddressScanDetector.ID).size(), run);
            }
        }
    }

    @Nested
    class PortScan {
        @Test
        void rejectedAttemptsToManyPortsOfOneHost() {
            var t = new Traffic();
            for (int p = 1; p <= 20; p++) {
                t.add(t.flow(p * 0.2, CAM, 45000, ROUTER, p, Protocols.TCP).state(ConnState.REJ).history("Sr").orig(1, 44).resp(1, 40));
            }
            var found = of(t.run(), PortScanDetector.ID);
            assertEquals(1, found.size());
            assertEquals(ROUTER, found.getFirst().key());
        }

        @Test
        void aUdpFloodToRandomPortsIsNotAPortScan() {
            var t = new Traffic();
            for (int p = 1; p <= 40; p++) t.udp(p * 0.1, CAM, 5000, "198.51.100.88", 1000 + p, 300, 300 * 540, false);
            assertTrue(of(t.run(), PortScanDetector.ID).isEmpty());
        }
    }

    @Nested
    class Floods {
        @Test
        void synFloodNamesTheVictimAndMeasuresHarm() {
            var t = new Traffic();
            for (int i = 0; i < 60; i++) t.syn(i / 3.0, CAM, "198.51.100.77", 80, 100);
            var found = of(t.run(), SynFloodDetector.ID);
            assertEquals(1, found.size());
            Incident i = found.getFirst();
            assertEquals("198.51.100.77", i.key());
            assertEquals(6000L, i.figures().get("packets"));
            assertEquals(240000L, i.figures().get("bytes"));
            assertEquals(Severity.CRITICAL, i.severity());
            assertTrue(i.explanation().startsWith("Took part in a SYN flood against 198.51.100.77 (tcp/80): 6,000 packets"), i.explanation());
        }

        @Test
        void retriedConnectionsAreNotASynFlood() {
            var t = new Traffic();
            for (int i = 0; i < 100; i++) t.syn(i * 10, PLUG, "198.51.100.5", 443, 3); // a cloud that is down
            assertTrue(of(t.run(), SynFloodDetector.ID).isEmpty());
        }

        @Test
        void ackFloodWithBadChecksums() {
            var t = new Traffic();
            for (int i = 0; i < 6000; i++) {
                t.add(t.flow(i / 400.0, CAM, 65279, "123.59.209.185", 80, Protocols.TCP).state(ConnState.OTH).history("C"));
            }
            var found = of(t.run(), AckFloodDetector.ID);
            assertEquals(1, found.size());
            assertTrue(found.getFirst().explanation().contains("bad checksums"), found.getFirst().explanation());
        }

        @Test
        void udpFloodOneWayButNotAVideoStreamWithReplies() {
            var t = new Traffic();
            for (int i = 0; i < 50; i++) t.udp(i / 5.0, CAM, 5000 + i, "198.51.100.88", 1000 + i, 300, 300 * 540, false);
            for (int i = 0; i < 50; i++) t.udp(i / 5.0, PLUG, 6000, "198.51.100.90", 3478, 300, 300 * 1200, true); // RTP with RTCP back
            var found = of(t.run(), UdpFloodDetector.ID);
            assertEquals(1, found.size());
            assertEquals(CAM, found.getFirst().device().ip());
        }

        @Test
        void vseDnsGreAndHttpVectors() {
            var t = new Traffic();
            for (int i = 0; i < 20; i++) t.udp(i * 0.5, CAM, 7000 + i, "198.51.100.30", 27015, 100, 100 * 53, false);
            for (int i = 0; i < 600; i++) t.udp(100 + i / 40.0, CAM, 10000 + i, ROUTER, 53, 1, 70, false);
            for (int i = 0; i < 10; i++) t.add(t.flow(200 + i, CAM, 0, "198.51.100.31", 0, Protocols.GRE).duration(1_000_000).orig(1000, 1000 * 600));
            for (int i = 0; i < 400; i++) t.session(300 + i / 10.0, CAM, "198.51.100.32", 80, 0.2, 300, 500);
            Set<String> d = detectors(t.run());
            assertTrue(d.containsAll(Set.of(VseFloodDetector.ID, DnsWaterTortureDetector.ID, GreFloodDetector.ID, HttpFloodDetector.ID)), d.toString());
        }

        @Test
        void stompIsEstablishedAndFast() {
            var t = new Traffic();
            for (int i = 0; i < 10; i++) {
                t.add(t.flow(i * 2, CAM, 40000 + i, "198.51.100.40", 9000, Protocols.TCP).duration(2_000_000).state(ConnState.SF)
                        .history("ShADadF").orig(5000, 5000 * 580).resp(100, 4000));
            }
            assertEquals(1, of(t.run(), StompFloodDetector.ID).size());
        }

        @Test
        void ordinaryTrafficIsNoFlood() {
            var t = new Traffic();
            for (int i = 0; i < 1440; i++) {
                t.udp(i * 60, PLUG, 40000 + i, ROUTER, 53, 1, 70, true);
                t.udp(i * 60 + 1, PLUG, 123, "162.159.200.1", 123, 1, 76, true);
                if (i % 10 == 0) t.session(i * 60 + 2, PLUG, "52.28.0.10", 443, 30, 2000, 800000);
            }
            assertEquals(List.of(), t.run());
        }
    }

    @Nested
    class Intel {
        final Indicators intel = Indicators.load(Path.of("src/test/resources/watch/intel"));

        @Test
        void listedCncDownloadAndLoader() {
            var t = new Traffic().session(0, CAM, "198.51.100.23", 1293, 30, 30, 40)
                    .session(10, "198.51.100.66", CAM, 23, 9, 300, 800)
                    .session(20, CAM, "198.51.100.99", 80, 1, 150, 60000);
            var incidents = t.run(c -> c.withIntel(intel));
            assertEquals(Set.of(KnownCncDetector.ID, KnownLoaderDetector.ID, KnownDownloadServerDetector.ID), detectors(incidents));
            assertTrue(incidents.stream().allMatch(i -> i.device().ip().equals(CAM)));
        }

        @Test
        void cncNamesMatchWhenTheInputKnowsTheServerName() {
            var t = new Traffic().add(new Traffic().flow(0, CAM, 40000, "198.18.5.5", 4445, Protocols.TCP).state(ConnState.S0).serverName("x.c2.example.test"));
            assertEquals(1, of(t.run(c -> c.withIntel(intel)), KnownCncDetector.ID).size());
            var other = new Traffic().session(0, CAM, "198.51.100.23", 1294, 30, 30, 40); // listed address, other port
            assertTrue(other.run(c -> c.withIntel(intel)).isEmpty());
        }
    }

    @Nested
    class CncBeacon {
        @Test
        void retryingAnUnusualPortEveryFewSeconds() {
            var t = new Traffic();
            for (int i = 0; i < 60; i++) t.syn(i * 10, CAM, "178.128.185.250", 50, 3);
            var found = of(t.run(), CncBeaconDetector.ID);
            assertEquals(1, found.size());
            assertEquals("178.128.185.250:50", found.getFirst().key());
        }

        @Test
        void anIrcSessionIsReportedAtOnce() {
            var t = new Traffic().session(0, CAM, "185.244.25.235", 6667, 300, 500, 2000);
            assertEquals(1, of(t.run(), CncBeaconDetector.ID).size());
        }

        @Test
        void ordinaryPortsAndBurstsAreNot() {
            var t = new Traffic();
            for (int i = 0; i < 60; i++) t.syn(i * 10, PLUG, "52.28.0.10", 443, 3); // cloud down, retried
            for (int i = 0; i < 60; i++) t.syn(i * 0.2, CAM, "66.67.61.168", 63798, 1); // a burst: a flood, not a beacon
            for (int i = 0; i < 60; i++) t.session(i * 10, PLUG, "52.28.0.11", 50443, 1, 100, 100); // answered every time
            assertTrue(of(t.run(), CncBeaconDetector.ID).isEmpty());
        }
    }

    @Nested
    class InfectionChain {
        static final String LOADER = "198.51.100.66";

        @Test
        void loginThenWgetThenNewCnc() {
            var t = new Traffic().session(0, LOADER, CAM, 23, 9.5, 300, 800)
                    .session(15, CAM, "198.51.100.99", 80, 1.4, 150, 61000)
                    .session(60, CAM, "198.51.100.23", 1293, 50, 30, 40);
            var found = of(t.run(), InfectionChainDetector.ID);
            assertEquals(1, found.size());
            Incident i = found.getFirst();
            assertEquals(List.of(LOADER, "198.51.100.99", "198.51.100.23:1293"), i.counterparts());
            assertTrue(i.explanation().startsWith("Taken over: 198.51.100.66 logged in over telnet (9.5 s), then the bot was downloaded (61.2 KB"),
                    i.explanation());
        }

        @Test
        void theBotPushedThroughTheSessionByEcho() {
            var t = new Traffic().session(0, LOADER, CAM, 23, 40, 80_000, 3000).session(120, CAM, "198.51.100.23", 38241, 5, 30, 40);
            var found = of(t.run(), InfectionChainDetector.ID);
            assertEquals(1, found.size());
            assertTrue(found.getFirst().explanation().contains("pushed through the login session itself"), found.getFirst().explanation());
        }

        @Test
        void brokenChainsAreNot() {
            var noDownload = new Traffic().session(0, LOADER, CAM, 23, 9.5, 300, 800).session(60, CAM, "198.51.100.23", 1293, 50, 30, 40);
            var noLogin = new Traffic().session(15, CAM, "198.51.100.99", 80, 1.4, 150, 61000).session(60, CAM, "198.51.100.23", 1293, 50, 30, 40);
            var ordinaryPort = new Traffic().session(0, LOADER, CAM, 23, 9.5, 300, 800).session(15, CAM, "198.51.100.99", 80, 1.4, 150, 61000)
                    .session(60, CAM, "52.28.0.10", 443, 50, 30, 40);
            var tooLate = new Traffic().session(0, LOADER, CAM, 23, 9.5, 300, 800).session(15, CAM, "198.51.100.99", 80, 1.4, 150, 61000)
                    .session(3600, CAM, "198.51.100.23", 1293, 50, 30, 40);
            var localLogin = new Traffic().session(0, PLUG, CAM, 23, 9.5, 300, 800).session(15, CAM, "198.51.100.99", 80, 1.4, 150, 61000)
                    .session(60, CAM, "198.51.100.23", 1293, 50, 30, 40);
            for (var t : List.of(noDownload, noLogin, ordinaryPort, tooLate, localLogin)) assertTrue(of(t.run(), InfectionChainDetector.ID).isEmpty());
        }
    }

    @Nested
    class IncidentsStayOne {
        @Test
        void aLongFloodIsOneIncidentThatGrows() {
            var t = new Traffic();
            for (int burst = 0; burst < 3; burst++) {
                for (int i = 0; i < 60; i++) t.syn(burst * 900 + i / 3.0, CAM, "198.51.100.77", 80, 100);
            }
            var found = of(t.run(), SynFloodDetector.ID);
            assertEquals(1, found.size());
            assertEquals(18000L, found.getFirst().figures().get("packets"));
            assertEquals(3, found.getFirst().evidence().ranges().size(), found.getFirst().evidence().ranges().toString());
        }

        @Test
        void theSameBehaviourAfterTheIdleTimeoutIsANewIncident() {
            var t = new Traffic();
            for (int i = 0; i < 60; i++) t.syn(i / 3.0, CAM, "198.51.100.77", 80, 100);
            for (int i = 0; i < 60; i++) t.syn(7200 + i / 3.0, CAM, "198.51.100.77", 80, 100);
            assertEquals(2, of(t.run(), SynFloodDetector.ID).size());
        }
    }

    @Test
    void benignTrafficRaisesNothingAtAll() {
        var t = new Traffic();
        for (int i = 0; i < 500; i++) {
            t.udp(i * 30, PLUG, 40000 + i, ROUTER, 53, 1, 70, true);
            t.session(i * 30 + 1, PLUG, "52.28.0." + (i % 8), 443, 2, 1200, 6000);
            t.udp(i * 30 + 2, PLUG, 1900, "239.255.255.250", 1900, 3, 450, false);
        }
        List<Incident> none = t.run(c -> c.withIntel(Indicators.load(Path.of("src/test/resources/watch/intel"))));
        assertEquals(List.of(), none);
        WatchEngine e = t.engine(c -> c);
        assertEquals(2, e.devices().size(), "the plug and the router are devices; the multicast group is not");
    }
}
