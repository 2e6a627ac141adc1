package dev.warden.protocol.ssdp;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.protocol.TestNet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsdpTest {
    static final int ADDR = 8, OTHER = 9;

    static final String DESCRIPTION = """
            <?xml version="1.0"?>
            <root xmlns="urn:schemas-upnp-org:device-1-0">
              <specVersion><major>1</major><minor>0</minor></specVersion>
              <device>
                <deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>
                <friendlyName>Living room router</friendlyName>
                <manufacturer>Netgear</manufacturer>
                <modelName>R7000</modelName>
                <modelNumber>V1.0.9.88</modelNumber>
                <serialNumber>4XH1234567</serialNumber>
                <deviceList><device><manufacturer>Embedded Inc</manufacturer></device></deviceList>
              </device>
            </root>
            """;

    static final String BOMB = """
            <?xml version="1.0"?>
            <!DOCTYPE root [
             <!ENTITY a "lollollollollollollollollollol">
             <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
             <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
             <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
             <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
             <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
             <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
             <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
             <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
            ]>
            <root xmlns="urn:schemas-upnp-org:device-1-0"><device><manufacturer>&i;</manufacturer></device></root>
            """;

    /** An HTTP server that serves one body for every GET. */
    static TestNet.Tcp http(int addr, String body) throws IOException {
        return new TestNet.Tcp(addr, (s, in, out) -> {
            String line;
            while ((line = TestNet.readLine(in)) != null && !line.isEmpty()) {
                // read the request head
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            TestNet.send(out, "HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + b.length + "\r\n\r\n");
            out.write(b);
            out.flush();
        });
    }

    static TestNet.Udp ssdp(String location) throws IOException {
        String reply = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=120\r\nST: upnp:rootdevice\r\n"
                + "USN: uuid:824ff22b-8c7d-41c5-a131-44f534e12555::upnp:rootdevice\r\nEXT:\r\n"
                + "SERVER: Linux/2.6.36.4, UPnP/1.0, Portable SDK for UPnP devices/1.6.18\r\n"
                + "LOCATION: " + location + "\r\n\r\n";
        return new TestNet.Udp(ADDR, req -> List.of(reply.getBytes(StandardCharsets.US_ASCII)));
    }

    static Optional<Service> probe(TestNet.Udp u, ProbeContext ctx) throws IOException {
        return new SsdpProbe(Duration.ofMillis(300), u.port()).probe(u.host(), ctx);
    }

    @Test
    void recordsTheSsdpAnswerAndTheDeviceDescription() throws IOException {
        try (var web = http(ADDR, DESCRIPTION); var u = ssdp("http://127.30.0.8:" + web.port() + "/rootDesc.xml")) {
            Service s = probe(u, TestNet.ctx()).orElseThrow();
            assertEquals("ssdp", s.protocol());
            assertEquals(Service.Transport.UDP, s.transport());
            assertEquals(u.port(), s.port());
            assertEquals("Linux/2.6.36.4, UPnP/1.0, Portable SDK for UPnP devices/1.6.18", s.fact("ssdp.server"));
            assertEquals("upnp:rootdevice", s.fact("ssdp.st"));
            assertTrue(s.fact("ssdp.usn").startsWith("uuid:824ff22b"));
            assertEquals("Netgear", s.fact("upnp.manufacturer"), "the root device, not the embedded one");
            assertEquals("R7000", s.fact("upnp.model"));
            assertEquals("V1.0.9.88", s.fact("upnp.model-number"));
            assertEquals("Living room router", s.fact("upnp.friendly-name"));
            assertEquals("urn:schemas-upnp-org:device:InternetGatewayDevice:1", s.fact("upnp.device-type"));
            assertEquals("4XH1234567", s.fact("upnp.serial-number"));
            assertNull(s.fact("upnp.description-error"));
            String search = new String(u.received.peek(), StandardCharsets.US_ASCII);
            assertTrue(search.startsWith("M-SEARCH * HTTP/1.1\r\n") && search.contains("ST: ssdp:all\r\n")
                    && search.contains("MX: 1\r\n") && search.contains("MAN: \"ssdp:discover\"\r\n") && search.endsWith("\r\n\r\n"), search);
        }
    }

    @Test
    void neverFollowsLocationToAnotherHostOrAName() throws IOException {
        try (var elsewhere = http(OTHER, DESCRIPTION)) {
            for (String location : List.of("http://127.30.0.9:" + elsewhere.port() + "/rootDesc.xml",
                    "http://localhost:" + elsewhere.port() + "/rootDesc.xml", "https://127.30.0.8/x.xml", "not a url at all")) {
                try (var u = ssdp(location)) {
                    Service s = probe(u, TestNet.ctx()).orElseThrow();
                    assertNull(s.fact("upnp.manufacturer"), location);
                    assertTrue(s.fact("upnp.description-error").startsWith("not fetched"), s.fact("upnp.description-error"));
                }
            }
            assertEquals(0, elsewhere.connections.get());
        }
    }

    @Test
    void entityExpansionBombIsRefusedUnexpanded() throws IOException {
        try (var web = http(ADDR, BOMB); var u = ssdp("http://127.30.0.8:" + web.port() + "/rootDesc.xml")) {
            long t0 = System.nanoTime();
            Service s = probe(u, TestNet.ctx()).orElseThrow();
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
            assertNull(s.fact("upnp.manufacturer"));
            assertTrue(s.fact("upnp.description-error").contains("DOCTYPE"), s.fact("upnp.description-error"));
            assertTrue(s.facts().values().stream().noneMatch(v -> v.contains("lol")));
        }
    }

    @Test
    void externalEntitiesAreNeverFetched() throws IOException {
        try (var canary = http(OTHER, "secret-from-canary")) {
            String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE root [ <!ENTITY net SYSTEM \"http://127.30.0.9:" + canary.port() + "/x\">"
                    + " <!ENTITY file SYSTEM \"file:///etc/hostname\"> <!ENTITY % dtd SYSTEM \"http://127.30.0.9:" + canary.port()
                    + "/evil.dtd\"> %dtd; ]>\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><manufacturer>&net;</manufacturer>"
                    + "<modelName>&file;</modelName></device></root>";
            try (var web = http(ADDR, xxe); var u = ssdp("http://127.30.0.8:" + web.port() + "/rootDesc.xml")) {
                Service s = probe(u, TestNet.ctx()).orElseThrow();
                assertNull(s.fact("upnp.manufacturer"));
                assertNull(s.fact("upnp.model"));
                assertTrue(s.fact("upnp.description-error").contains("DOCTYPE"), s.fact("upnp.description-error"));
            }
            assertEquals(0, canary.connections.get(), "the parser must not reach out");
        }
        // without any DOCTYPE an undeclared entity is a plain error, still nothing fetched
        var r = UpnpDescription.parse("<root><device><manufacturer>&x;</manufacturer></device></root>".getBytes(StandardCharsets.UTF_8));
        assertTrue(r.facts().isEmpty());
        assertTrue(r.error() != null);
    }

    @Test
    void silenceAndJunkAreNotSsdp() throws IOException {
        var ctx = TestNet.quickCtx();
        try (var mute = new TestNet.Udp(ADDR, req -> List.of())) {
            long t0 = System.nanoTime();
            assertTrue(probe(mute, ctx).isEmpty());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2500);
        }
        byte[] junk = new byte[1400];
        new java.util.Random(5).nextBytes(junk);
        try (var noise = new TestNet.Udp(ADDR, req -> List.of(junk))) {
            assertTrue(probe(noise, ctx).isEmpty());
        }
    }

    @Test
    void floodingDescriptionServerIsCutOff() throws IOException {
        try (var web = new TestNet.Tcp(ADDR, (s, in, out) -> {
            TestNet.readLine(in);
            TestNet.send(out, "HTTP/1.0 200 OK\r\n\r\n<root><device><manufacturer>");
            TestNet.flood(out);
        }); var u = ssdp("http://127.30.0.8:" + web.port() + "/rootDesc.xml")) {
            long t0 = System.nanoTime();
            Service s = probe(u, TestNet.quickCtx()).orElseThrow();
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
            assertNull(s.fact("upnp.manufacturer"));
            assertFalse(s.fact("upnp.description-error").isEmpty());
        }
    }

    @Test
    void defaultPortIs1900() {
        assertEquals(1900, new SsdpProbe(Duration.ofSeconds(1)).port());
        assertEquals("ssdp", new SsdpProbe(Duration.ofSeconds(1)).protocol());
    }
}
