package dev.warden.watch.flow;

import dev.warden.watch.device.LocalNetworks;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAddressTest {
    @Test
    void parsesAndPrintsLikeTheJdk() throws Exception {
        var rnd = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextBoolean() ? 4 : 16];
            rnd.nextBytes(b);
            if (b.length == 16 && rnd.nextBoolean()) for (int k = 4; k < 12; k++) b[k] = 0; // zero runs to compress
            InetAddress jdk = InetAddress.getByAddress(b);
            IpAddress ours = IpAddress.ofBytes(b, 0, b.length);
            assertEquals(ours, IpAddress.parse(jdk.getHostAddress()), jdk.getHostAddress());
            assertEquals(ours, IpAddress.parse(ours.toString()));
        }
        assertEquals("2001:db8::1", IpAddress.parse("2001:0db8:0:0:0:0:0:1").toString());
        assertEquals("::ffff:1.2.3.4".length() > 0, true);
        assertEquals(IpAddress.parse("1.2.3.4"), IpAddress.parse("::ffff:1.2.3.4"));
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        for (String s : new String[]{"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g"}) {
            assertNull(IpAddress.tryParse(s), s);
        }
    }

    @Test
    void localNetworksAndMulticast() {
        var local = LocalNetworks.parse("10.0.0.0/8,192.168.0.0/16,fd00::/8");
        assertTrue(local.isDevice(IpAddress.parse("192.168.1.195")));
        assertTrue(local.isDevice(IpAddress.parse("fd12::5")));
        assertFalse(local.isDevice(IpAddress.parse("185.244.25.235")));
        assertFalse(local.isDevice(IpAddress.parse("192.168.255.255")), "the broadcast address of a block is not a device");
        assertFalse(local.isDevice(IpAddress.parse("239.255.255.250")));
        assertTrue(IpAddress.parse("ff02::fb").isMulticastOrBroadcast());
        assertTrue(LocalNetworks.parse("0.0.0.0/0").isDevice(IpAddress.parse("8.8.8.8")));
    }
}
