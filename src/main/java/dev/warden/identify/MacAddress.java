package dev.warden.identify;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A 48-bit MAC address.
 *
 * @param value the address in the low 48 bits, first octet most significant
 */
public record MacAddress(long value) {

    // One or two hex digits per octet: macOS and some BSD tools print 0:c:29:a:b:c.
    private static final Pattern COLON = Pattern.compile("\\p{XDigit}{1,2}(:\\p{XDigit}{1,2}){5}");
    private static final Pattern DASH = Pattern.compile("\\p{XDigit}{1,2}(-\\p{XDigit}{1,2}){5}");
    private static final Pattern DOTTED = Pattern.compile("\\p{XDigit}{4}\\.\\p{XDigit}{4}\\.\\p{XDigit}{4}");
    private static final Pattern BARE = Pattern.compile("\\p{XDigit}{12}");

    public MacAddress {
        if ((value & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new MalformedMacException("MAC address value " + Long.toHexString(value) + " does not fit in 48 bits");
        }
    }

    /**
     * Parses aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff (Cisco) or aabbccddeeff, in any case.
     *
     * @throws MalformedMacException quoting the input and the accepted forms
     */
    public static MacAddress parse(String mac) {
        if (mac == null) throw new MalformedMacException("MAC address is missing (null)");
        String s = mac.strip();
        long v;
        if (COLON.matcher(s).matches()) {
            v = octets(s.split(":"));
        } else if (DASH.matcher(s).matches()) {
            v = octets(s.split("-"));
        } else if (DOTTED.matcher(s).matches() || BARE.matcher(s).matches()) {
            v = Long.parseLong(s.replace(".", ""), 16);
        } else {
            throw new MalformedMacException("MAC address \"" + mac + "\" is malformed: expected six hex octets written as"
                + " aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff or aabbccddeeff");
        }
        return new MacAddress(v);
    }

    private static long octets(String[] parts) {
        long v = 0;
        for (String p : parts) v = (v << 8) | Integer.parseInt(p, 16);
        return v;
    }

    /** The first three octets, the IEEE MA-L assignment (OUI) when the address is universally administered. */
    public int oui() {
        return (int) (value >>> 24);
    }

    /**
     * True when bit 0x02 of the first octet is set: the address was not assigned from a vendor's block
     * but chosen locally, today almost always a phone or laptop randomising its address for privacy.
     */
    public boolean locallyAdministered() {
        return (firstOctet() & 0x02) != 0;
    }

    /** True when bit 0x01 of the first octet is set: a group (multicast or broadcast) address. */
    public boolean multicast() {
        return (firstOctet() & 0x01) != 0;
    }

    private int firstOctet() {
        return (int) (value >>> 40) & 0xFF;
    }

    /** Lower-case colon form, aa:bb:cc:dd:ee:ff. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift < 40) sb.append(':');
            sb.append(String.format(Locale.ROOT, "%02x", (value >>> shift) & 0xFF));
        }
        return sb.toString();
    }
}
