package dev.warden.watch.device;

import dev.warden.watch.flow.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalNetworksTest {
    /** What contains() means, written out plainly: the reference the fast path must agree with. */
    private static boolean inBlock(IpAddress a, String cidr) {
        int slash = cidr.indexOf('/');
        IpAddress base = IpAddress.parse(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1)) + (base.isV4() ? 96 : 0);
        for (int bit = 0; bit < prefix; bit++) {
            long x = bit < 64 ? a.hi() >>> (63 - bit) : a.lo() >>> (127 - bit);
            long y = bit < 64 ? base.hi() >>> (63 - bit) : base.lo() >>> (127 - bit);
            if ((x & 1) != (y & 1)) return false;
        }
        return true;
    }

    @Test
    void theOneBitTestForIpv4AgreesWithTheBlocks() {
        String[] blocks = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "203.0.113.128/25",
                "198.51.100.7/32", "fc00::/7", "fe80::/10"};
        var local = LocalNetworks.parse(String.join(",", blocks));
        var random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // half anywhere, half near the blocks' edges, where a /16 bitmap could go wrong
            int v = i % 2 == 0 ? random.nextInt() : IpAddress.parse(blocks[random.nextInt(7)].split("/")[0]).v4() + random.nextInt(-70000, 70000);
            IpAddress a = IpAddress.v4(v);
            boolean expected = false;
            for (String b : blocks) expected |= inBlock(a, b);
            assertEquals(expected, local.contains(a), a.toString());
            if (expected) assertFalse(local.surelyOutside(a.hi(), a.lo()), a + " is local: never 'surely outside'");
        }
        assertTrue(local.contains(IpAddress.parse("203.0.113.200")));
        assertFalse(local.contains(IpAddress.parse("203.0.113.127")), "just below a /25 in a /16 the bitmap marks");
        assertTrue(local.surelyOutside(IpAddress.parse("8.8.8.8").hi(), IpAddress.parse("8.8.8.8").lo()));
    }

    @Test
    void anIpv6BlockThatCoversIpv4MappedAddressesStillMatchesThem() {
        var local = LocalNetworks.parse("::/64"); // every IPv4(-mapped) address has a zero upper half
        IpAddress a = IpAddress.parse("8.8.8.8");
        assertFalse(local.surelyOutside(a.hi(), a.lo()));
        assertTrue(local.contains(a));
        var everything = LocalNetworks.parse("::/0");
        assertTrue(everything.contains(IpAddress.parse("1.2.3.4")));
        assertTrue(everything.contains(IpAddress.parse("2001:db8::1")));
    }

    @Test
    void ipv6AddressesAreNeverDecidedByTheIpv4Bitmap() {
        var local = LocalNetworks.parse("fd00::/8");
        IpAddress in = IpAddress.parse("fd12::1"), out = IpAddress.parse("2001:db8::1");
        assertFalse(local.surelyOutside(in.hi(), in.lo()));
        assertFalse(local.surelyOutside(out.hi(), out.lo()));
        assertTrue(local.contains(in));
        assertFalse(local.contains(out));
    }
}
