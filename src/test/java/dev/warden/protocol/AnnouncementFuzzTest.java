package dev.warden.protocol;

import dev.warden.protocol.dhcp.DhcpRequest;
import dev.warden.protocol.mdns.MdnsAnnouncement;
import dev.warden.protocol.ssdp.SsdpAnnouncement;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers of what devices announce about themselves (DHCP requests, mDNS responses, SSDP messages) read bytes from
 * the network that any device, hostile or broken, may send: a seeded mutator (bit flips, random bytes, length fields
 * set to extremes, cuts, appended noise, spliced samples) feeds each 40,000 variants of real-looking samples; every
 * answer must come back without an exception and within the documented bounds.
 */
class AnnouncementFuzzTest {
    static final long SEED = 0xA11_0C_EDL;
    static final int ROUNDS = 40_000;

    static byte[] dhcp() {
        var out = new ByteArrayOutputStream();
        byte[] fixed = new byte[236];
        fixed[0] = 1;
        fixed[1] = 1;
        fixed[2] = 6;
        byte[] mac = {0x00, 0x17, (byte) 0x88, 0x24, 0x76, (byte) 0xff};
        System.arraycopy(mac, 0, fixed, 28, 6);
        out.writeBytes(fixed);
        out.writeBytes(new byte[]{0x63, (byte) 0x82, 0x53, 0x63, 53, 1, 1, 12, 11});
        out.writeBytes("Philips-hue".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[]{60, 12});
        out.writeBytes("udhcp 1.19.4".getBytes(StandardCharsets.US_ASCII));
        out.write(255);
        return out.toByteArray();
    }

    static byte[] mdns() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0, 0, (byte) 0x84, 0, 0, 0, 0, 3, 0, 0, 0, 0});
        int hostAt = out.size();
        label(out, "Philips-hue", "local");
        out.writeBytes(new byte[]{0, 1, (byte) 0x80, 1, 0, 0, 0, 120, 0, 4, 10, 10, 10, 6});
        int typeAt = out.size();
        label(out, "_hap", "_tcp");
        out.writeBytes(new byte[]{(byte) 0xC0, (byte) (hostAt + 12)}); // -> "local"
        int rdlength = 1 + 20 + 2;
        out.writeBytes(new byte[]{0, 12, 0, 1, 0, 0, 0, 120, 0, (byte) rdlength});
        out.write(20);
        out.writeBytes("Philips hue - 2476FF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[]{(byte) 0xC0, (byte) typeAt});
        out.writeBytes(new byte[]{(byte) 0xC0, (byte) hostAt, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10, 10, 10, 6});
        return out.toByteArray();
    }

    private static void label(ByteArrayOutputStream out, String... labels) {
        for (String l : labels) {
            out.write(l.length());
            out.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        if (labels[labels.length - 1].equals("local")) out.write(0);
    }

    static byte[] ssdp() {
        return ("NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nLOCATION: http://10.10.10.6:80/description.xml\r\n"
                + "SERVER: Linux/3.14.0 UPnP/1.0 IpBridge/1.9.0\r\nNTS: ssdp:alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] mutate(byte[] in, Random r, List<byte[]> corpus) {
        byte[] b = in.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
            if (b.length == 0) b = new byte[]{(byte) r.nextInt()};
            switch (r.nextInt(6)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt();
                case 2 -> b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0xFF : 0xC0 | r.nextInt(64)); // lengths, pointers
                case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> {
                    byte[] e = Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
                    for (int i = b.length; i < e.length; i++) e[i] = (byte) r.nextInt();
                    b = e;
                }
                default -> {
                    byte[] other = corpus.get(r.nextInt(corpus.size()));
                    int at = r.nextInt(b.length), from = r.nextInt(other.length), n = Math.min(b.length - at, other.length - from);
                    System.arraycopy(other, from, b, at, r.nextInt(n + 1));
                }
            }
        }
        return b;
    }

    @Test
    void mutatedAnnouncementsNeverThrowAndStayBounded() {
        var corpus = List.of(dhcp(), mdns(), ssdp());
        // the samples themselves are read as the devices meant them
        assertTrue(DhcpRequest.parse(dhcp(), dhcp().length).orElseThrow().hostName().equals("Philips-hue"));
        assertTrue(MdnsAnnouncement.names(mdns(), "10.10.10.6").equals(List.of("Philips-hue", "Philips hue - 2476FF")),
                MdnsAnnouncement.names(mdns(), "10.10.10.6").toString());
        assertTrue(SsdpAnnouncement.server(ssdp(), ssdp().length).isPresent());
        var r = new Random(SEED);
        int dhcpNames = 0, mdnsNames = 0, ssdpNames = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] b = mutate(corpus.get(i % 3), r, corpus);
            var d = DhcpRequest.parse(b, b.length);
            if (d.isPresent() && d.get().hostName() != null) {
                dhcpNames++;
                assertTrue(d.get().hostName().length() <= DhcpRequest.MAX_NAME && d.get().hostName().chars().allMatch(c -> c >= 0x20 && c < 0x7F));
            }
            var names = MdnsAnnouncement.names(b, "10.10.10.6");
            mdnsNames += names.size();
            assertTrue(names.size() <= MdnsAnnouncement.MAX_NAMES);
            for (String n : names) assertTrue(!n.isBlank() && n.length() <= MdnsAnnouncement.MAX_NAME, n);
            var s = SsdpAnnouncement.server(b, b.length);
            if (s.isPresent()) {
                ssdpNames++;
                assertTrue(s.get().length() <= SsdpAnnouncement.MAX_VALUE && s.get().chars().noneMatch(Character::isISOControl), s.get());
            }
        }
        // the mutations are mild enough that many variants still parse: the fuzzing reaches past the first checks
        assertTrue(dhcpNames > 1000 && mdnsNames > 1000 && ssdpNames > 1000, dhcpNames + " " + mdnsNames + " " + ssdpNames);
    }
}
