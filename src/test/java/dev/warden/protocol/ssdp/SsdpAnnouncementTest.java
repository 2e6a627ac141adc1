package dev.warden.protocol.ssdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SERVER header of a device's SSDP announcements and answers (as the IoT Sentinel captures carry them). */
class SsdpAnnouncementTest {
    static Optional<String> server(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return SsdpAnnouncement.server(b, b.length);
    }

    @Test
    void notifyAndSearchAnswersGiveTheirServer() {
        assertEquals(Optional.of("Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0"), server("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\n"
                + "CACHE-CONTROL: max-age=100\r\nLOCATION: http://10.10.10.6:80/description.xml\r\nSERVER: Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0\r\n"
                + "NTS: ssdp:alive\r\n\r\n"));
        assertEquals(Optional.of("Linux, UPnP/1.0 DCS-935L/1.0"), server("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\n"
                + "server:   Linux,    UPnP/1.0 DCS-935L/1.0\r\nST: upnp:rootdevice\r\n\r\n"));
    }

    @Test
    void searchesOtherMessagesAndHostileValuesGiveNothingOrAClippedValue() {
        assertEquals(Optional.empty(), server("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nSERVER: not a device\r\n\r\n"));
        assertEquals(Optional.empty(), server("NOTIFY * HTTP/1.1\r\nHOST: x\r\n\r\nSERVER: in the body\r\n"));
        assertEquals(Optional.empty(), server("NOTIFY * HTTP/1.1\r\nSERVER: \u0000\u0007\r\n\r\n"));
        assertEquals(Optional.empty(), server(""));
        assertEquals(Optional.of("evil[2Jname"), server("NOTIFY * HTTP/1.1\r\nSERVER: evil\u001b[2J\u00ffname\r\n\r\n"));
        assertEquals(SsdpAnnouncement.MAX_VALUE, server("NOTIFY * HTTP/1.1\r\nSERVER: " + "A".repeat(5000) + "\r\n\r\n").orElseThrow().length());
        assertEquals(Optional.empty(), server("NOTIFY * HTTP/1.1\r\n" + "X: y\r\n".repeat(1000) + "SERVER: beyond the head limit\r\n\r\n"));
    }
}
