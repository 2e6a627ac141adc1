package dev.warden.watch.device;

import dev.warden.watch.flow.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The address blocks whose hosts are monitored devices; every other address is a counterpart. By default the private
 * and link-local ranges ({@code watch.local}); {@code --local CIDR,...} replaces them. Matching is on the two-long form
 * of {@link IpAddress}, so an IPv4 block is an IPv4-mapped IPv6 block with 96 more prefix bits.
 */
public final class LocalNetworks {
    private final long[] hi, lo, maskHi, maskLo;
    private final List<String> text;
    /**
     * One bit per IPv4 /16: set when some block holds an address in it. Most addresses a flood or a scan shows are
     * counterparts, and one bit test tells so for an IPv4 one without walking the blocks (2% of the packet pipeline).
     */
    private final long[] v4Slash16 = new long[65536 / 64];

    private LocalNetworks(List<String> blocks) {
        int n = blocks.size();
        hi = new long[n];
        lo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        text = List.copyOf(blocks);
        for (int i = 0; i < n; i++) {
            String cidr = blocks.get(i).trim();
            int slash = cidr.indexOf('/');
            IpAddress base;
            try {
                base = IpAddress.parse(slash < 0 ? cidr : cidr.substring(0, slash));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + cidr + "' is not a CIDR block (like 192.168.0.0/16 or fd00::/8)");
            }
            int bits = base.isV4() ? 32 : 128;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + cidr + "': the prefix length after '/' must be a number");
                }
                if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("'" + cidr + "': prefix length must be 0.." + bits);
            }
            int p = base.isV4() ? prefix + 96 : prefix;
            maskHi[i] = p >= 64 ? -1L : p == 0 ? 0 : -1L << (64 - p);
            maskLo[i] = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
            hi[i] = base.hi() & maskHi[i];
            lo[i] = base.lo() & maskLo[i];
        }
        // Two prefix blocks meet when they agree under the shorter prefix's mask (the AND of both masks).
        long slashHi = -1L, slashLo = -1L << 16; // an IPv4 /16 as a 112-bit prefix
        for (int p = 0; p < 65536; p++) {
            long baseLo = IpAddress.v4Lo(p << 16);
            for (int i = 0; i < n; i++) {
                long mh = maskHi[i] & slashHi, ml = maskLo[i] & slashLo;
                if ((hi[i] & mh) == 0 && (lo[i] & ml) == (baseLo & ml)) { // an IPv4 address has hi == 0
                    v4Slash16[p >>> 6] |= 1L << p;
                    break;
                }
            }
        }
    }

    /** Parses a comma-separated list of CIDR blocks. */
    public static LocalNetworks parse(String list) {
        var blocks = new ArrayList<String>();
        for (String s : list.split(",")) if (!s.isBlank()) blocks.add(s.trim());
        if (blocks.isEmpty()) throw new IllegalArgumentException("no local network given");
        return new LocalNetworks(blocks);
    }

    public boolean contains(IpAddress a) {
        return contains(a.hi(), a.lo());
    }

    /** True for an IPv4 address in a /16 that no block reaches: surely not local (one bit test). */
    public boolean surelyOutside(long aHi, long aLo) {
        if (!IpAddress.isV4(aHi, aLo)) return false;
        int slash16 = (int) aLo >>> 16;
        return (v4Slash16[slash16 >>> 6] & 1L << slash16) == 0;
    }

    /** {@link #contains(IpAddress)} of the address with these two longs. */
    public boolean contains(long aHi, long aLo) {
        if (surelyOutside(aHi, aLo)) return false;
        for (int i = 0; i < hi.length; i++) {
            if ((aHi & maskHi[i]) == hi[i] && (aLo & maskLo[i]) == lo[i]) return true;
        }
        return false;
    }

    /** A monitored device: local, and not a multicast or broadcast group. */
    public boolean isDevice(IpAddress a) {
        return isDevice(a.hi(), a.lo());
    }

    /** {@link #isDevice(IpAddress)} of the address with these two longs (packet inputs: no object per packet). */
    public boolean isDevice(long aHi, long aLo) {
        return contains(aHi, aLo) && !IpAddress.isMulticastOrBroadcast(aHi, aLo) && !isBroadcastOfBlock(aHi, aLo);
    }

    private boolean isBroadcastOfBlock(long aHi, long aLo) {
        if (!IpAddress.isV4(aHi, aLo)) return false;
        for (int i = 0; i < hi.length; i++) {
            if ((aHi & maskHi[i]) != hi[i] || (aLo & maskLo[i]) != lo[i]) continue;
            long host = aLo & ~maskLo[i] & 0xFFFF_FFFFL;
            if (host != 0 && host == (~maskLo[i] & 0xFFFF_FFFFL)) return true;
        }
        return false;
    }

    public List<String> blocks() {
        return text;
    }

    @Override
    public String toString() {
        return String.join(",", text);
    }
}
