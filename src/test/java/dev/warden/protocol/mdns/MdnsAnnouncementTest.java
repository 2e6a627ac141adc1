package dev.warden.protocol.mdns;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The names a device announces over mDNS (as the Philips Hue bridge of the IoT Sentinel captures does). */
class MdnsAnnouncementTest {
    /** A DNS message with these flags and records (already encoded) in the answer section. */
    static byte[] message(int flags, byte[]... records) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0, 0, (byte) (flags >> 8), (byte) flags, 0, 0, 0, (byte) records.length, 0, 0, 0, 0});
        for (byte[] r : records) out.writeBytes(r);
        return out.toByteArray();
    }

    static byte[] name(String dotted) {
        var out = new ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.UTF_8);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
        return out.toByteArray();
    }

    static byte[] record(String owner, int type, byte[] data) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(name(owner));
        out.writeBytes(new byte[]{0, (byte) type, (byte) 0x80, 1, 0, 0, 0x11, (byte) 0x94, (byte) (data.length >> 8), (byte) data.length});
        out.writeBytes(data);
        return out.toByteArray();
    }

    static final byte[] HUE = {10, 10, 10, 6};

    @Test
    void hostAndInstanceNamesOfTheSenderAreRead() {
        byte[] m = message(0x8400,
                record("Philips-hue.local", DnsMessage.A, HUE),
                record("_hap._tcp.local", DnsMessage.PTR, name("Philips hue - 2476FF._hap._tcp.local")),
                record("_services._dns-sd._udp.local", DnsMessage.PTR, name("_hap._tcp.local")),
                record("other-host.local", DnsMessage.A, new byte[]{10, 10, 10, 99}),
                record("6.10.10.10.in-addr.arpa", DnsMessage.PTR, name("Philips-hue.local")),
                record("_http._tcp.local", DnsMessage.PTR, name("Config Utility (2)._http._tcp.local")));
        assertEquals(List.of("Philips-hue", "Philips hue - 2476FF", "Config Utility"), MdnsAnnouncement.names(m, "10.10.10.6"));
        assertEquals(List.of("Philips hue - 2476FF", "Config Utility"), MdnsAnnouncement.names(m, "10.10.10.7"),
                "an address record for another address names another host");
    }

    @Test
    void anIpv6SenderIsMatchedWhateverTheFormOfItsAddress() {
        byte[] fe80 = new byte[16];
        fe80[0] = (byte) 0xfe;
        fe80[1] = (byte) 0x80;
        fe80[15] = 1;
        byte[] m = message(0x8400, record("Philips-hue.local", DnsMessage.AAAA, fe80));
        assertEquals(List.of("Philips-hue"), MdnsAnnouncement.names(m, "fe80::1"));
        assertEquals(List.of("Philips-hue"), MdnsAnnouncement.names(m, "fe80:0:0:0:0:0:0:1"));
        assertEquals(List.of(), MdnsAnnouncement.names(m, "fe80::2"));
        assertEquals(List.of(), MdnsAnnouncement.names(m, "not an address"));
    }

    @Test
    void queriesAndDamagedMessagesGiveNoNames() {
        assertEquals(List.of(), MdnsAnnouncement.names(message(0x0000, record("Philips-hue.local", DnsMessage.A, HUE)), "10.10.10.6"));
        byte[] m = message(0x8400, record("Philips-hue.local", DnsMessage.A, HUE));
        for (int cut = 0; cut < m.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(m, cut);
            assertEquals(List.of(), MdnsAnnouncement.names(part, "10.10.10.6"), "cut at " + cut);
        }
        // a name whose compression pointer points at itself
        byte[] loop = message(0x8400, new byte[]{(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 10, 10, 10, 6});
        assertEquals(List.of(), MdnsAnnouncement.names(loop, "10.10.10.6"));
    }

    @Test
    void namesAreClippedAndUnprintableBytesBlanked() {
        String longLabel = "x".repeat(63);
        byte[] m = message(0x8400, record(longLabel + "." + longLabel + ".local", DnsMessage.A, HUE),
                record("_hap._tcp.local", DnsMessage.PTR, name("Bad\u0007Name._hap._tcp.local")));
        var names = MdnsAnnouncement.names(m, "10.10.10.6");
        assertEquals(MdnsAnnouncement.MAX_NAME, names.get(0).length());
        assertEquals("Bad Name", names.get(1));
        assertTrue(names.size() <= MdnsAnnouncement.MAX_NAMES);
    }
}
