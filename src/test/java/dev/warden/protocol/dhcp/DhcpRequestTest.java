package dev.warden.protocol.dhcp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host name and hardware address a DHCP client sends, and what a damaged or hostile request gives: nothing. */
class DhcpRequestTest {
    static final long MAC = 0x5ccf7f07aefbL;

    /** A BOOTREQUEST from {@code mac} with these options (code, length, bytes...) after the magic cookie. */
    static byte[] request(int op, long mac, byte[]... options) {
        var out = new ByteArrayOutputStream();
        byte[] fixed = new byte[DhcpRequest.FIXED];
        fixed[0] = (byte) op;
        fixed[1] = 1;
        fixed[2] = 6;
        for (int i = 0; i < 6; i++) fixed[28 + i] = (byte) (mac >>> (40 - 8 * i));
        out.writeBytes(fixed);
        out.writeBytes(new byte[]{0x63, (byte) 0x82, 0x53, 0x63});
        for (byte[] o : options) out.writeBytes(o);
        return out.toByteArray();
    }

    static byte[] option(int code, String value) {
        byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
        byte[] o = new byte[2 + v.length];
        o[0] = (byte) code;
        o[1] = (byte) v.length;
        System.arraycopy(v, 0, o, 2, v.length);
        return o;
    }

    static Optional<DhcpRequest.Request> parse(byte[] b) {
        return DhcpRequest.parse(b, b.length);
    }

    @Test
    void aDiscoverGivesItsClientsMacAndHostName() {
        byte[] b = request(1, MAC, option(53, "\u0001"), new byte[]{0, 0}, option(60, "udhcp 1.19.4"), option(12, "ESP_07AEFB"), new byte[]{(byte) 255});
        var r = parse(b).orElseThrow();
        assertEquals(MAC, r.mac());
        assertEquals("ESP_07AEFB", r.hostName());
    }

    @Test
    void aRequestWithoutAHostNameStillNamesItsClient() {
        var r = parse(request(1, MAC, option(53, "\u0003"), new byte[]{(byte) 255})).orElseThrow();
        assertEquals(MAC, r.mac());
        assertNull(r.hostName());
    }

    @Test
    void controlCharactersAndNonAsciiAreLeftOutAndLongNamesClipped() {
        var r = parse(request(1, MAC, option(12, " cam\u0000\u001b[31m\u00e9ra "), new byte[]{(byte) 255})).orElseThrow();
        assertEquals("cam[31mra", r.hostName());
        var longName = parse(request(1, MAC, option(12, "x".repeat(200)))).orElseThrow();
        assertEquals(DhcpRequest.MAX_NAME, longName.hostName().length());
        assertNull(parse(request(1, MAC, option(12, "\u0001\u0002 "))).orElseThrow().hostName());
    }

    @Test
    void repliesOtherHardwareAndDamagedRequestsGiveNothing() {
        assertTrue(parse(request(2, MAC, option(12, "server-said"))).isEmpty(), "a BOOTREPLY is the server's, not the device's");
        byte[] tokenRing = request(1, MAC, option(12, "x"));
        tokenRing[1] = 6;
        assertTrue(parse(tokenRing).isEmpty());
        byte[] noCookie = request(1, MAC, option(12, "x"));
        noCookie[DhcpRequest.FIXED] = 0;
        assertTrue(parse(noCookie).isEmpty(), "BOOTP without the DHCP magic cookie");
        assertTrue(parse(request(1, 0, option(12, "x"))).isEmpty(), "no hardware address");
        byte[] runsPast = request(1, MAC, option(12, "ESP_07AEFB"));
        runsPast[DhcpRequest.FIXED + 5] = (byte) 200; // the host name option claims 200 bytes
        assertTrue(parse(runsPast).isEmpty());
        byte[] b = request(1, MAC, option(12, "ESP_07AEFB"));
        for (int cut = 0; cut < b.length; cut++) { // every truncation: a name only when its option is whole
            var r = DhcpRequest.parse(b, cut);
            assertTrue(r.isEmpty() || r.get().hostName() == null || r.get().hostName().equals("ESP_07AEFB"), "cut at " + cut);
        }
        assertTrue(DhcpRequest.parse(b, b.length + 1).isEmpty(), "a length beyond the array");
    }
}
