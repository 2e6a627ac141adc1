package dev.warden.target;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block such as 10.0.0.0/8 or fd00::/8. Parsing never touches the network (no DNS). */
public record AddressBlock(InetAddress base, int prefix) {

    public AddressBlock {
        int bits = base.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("prefix /" + prefix + " does not fit " + base.getHostAddress());
    }

    public static AddressBlock parse(String cidr) {
        int slash = cidr.indexOf('/');
        InetAddress base = Addresses.literal(slash < 0 ? cidr : cidr.substring(0, slash))
                .orElseThrow(() -> new TargetException("'" + cidr + "' is not an address or CIDR block"));
        int bits = base.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new TargetException("'" + cidr + "': the prefix length after '/' must be a number");
            }
            if (prefix < 0 || prefix > bits) throw new TargetException("'" + cidr + "': prefix length must be 0.." + bits);
        }
        return new AddressBlock(mask(base, prefix), prefix);
    }

    private static InetAddress mask(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public boolean contains(InetAddress a) {
        if (a.getAddress().length != base.getAddress().length) return false;
        return mask(a, prefix).equals(base);
    }

    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(base.getAddress().length * 8 - prefix);
    }

    @Override
    public String toString() {
        return base.getHostAddress() + "/" + prefix;
    }
}
