package dev.warden.ledger.verify;

import java.util.HexFormat;

/** Lower-case hex, the only spelling of a hash the proof format accepts. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {}

    public static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /** Decodes a 32-byte hash; {@code what} names the field in the error. */
    public static byte[] hash(String text, String what) {
        if (text.length() != 2 * MerkleHash.LENGTH || !text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException(what + " is not 64 lower-case hex digits: '" + abbreviate(text) + "'");
        }
        return HEX.parseHex(text);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
