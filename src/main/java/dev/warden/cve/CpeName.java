package dev.warden.cve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CPE 2.3 name parsed from its formatted-string binding
 * ({@code cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other}).
 *
 * <p>Attribute values are stored unescaped ({@code ds-2cd2412f-i\(w\)_firmware} becomes
 * {@code ds-2cd2412f-i(w)_firmware}) so that a device CPE written by hand without escapes still compares
 * equal to NVD's escaped criteria. The logical values ANY and NA are kept as the strings {@link #ANY}
 * ("*") and {@link #NA} ("-"); no real CPE uses a bare asterisk or hyphen as a literal value, so the
 * overlap is harmless.
 */
public record CpeName(String part, String vendor, String product, String version, String update,
                      String edition, String language, String swEdition, String targetSw, String targetHw,
                      String other) {

    public static final String ANY = "*";
    public static final String NA = "-";

    private static final String PREFIX = "cpe:2.3:";
    private static final String[] NAMES = {
        "part", "vendor", "product", "version", "update", "edition", "language",
        "sw_edition", "target_sw", "target_hw", "other"
    };

    /**
     * Parses a CPE 2.3 formatted string.
     *
     * @throws MalformedCpeException naming the string and the first problem found
     */
    public static CpeName parse(String cpe) {
        if (cpe == null || cpe.isBlank()) throw new MalformedCpeException("CPE is empty");
        if (cpe.regionMatches(true, 0, "cpe:/", 0, 5)) {
            throw bad(cpe, "is a CPE 2.2 URI; a CPE 2.3 formatted string starting with \"cpe:2.3:\" is needed");
        }
        if (!cpe.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw bad(cpe, "does not start with \"cpe:2.3:\"");
        }
        List<String> raw = split(cpe, cpe.substring(PREFIX.length()));
        if (raw.size() != NAMES.length) {
            throw bad(cpe, "has " + raw.size() + " components after \"cpe:2.3:\", expected " + NAMES.length
                + " (part:vendor:product:version:update:edition:language:sw_edition:target_sw:target_hw:other)");
        }
        String[] v = new String[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) v[i] = unescape(cpe, NAMES[i], raw.get(i));
        String part = v[0].toLowerCase(Locale.ROOT);
        if (!part.equals("a") && !part.equals("o") && !part.equals("h") && !part.equals(ANY) && !part.equals(NA)) {
            throw bad(cpe, "has part \"" + v[0] + "\"; it must be a (application), o (operating system/firmware) or h (hardware)");
        }
        return new CpeName(part, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    }

    /** The lowercase "vendor:product" key that feeds are indexed by. */
    public String vendorProduct() {
        return vendor.toLowerCase(Locale.ROOT) + ":" + product.toLowerCase(Locale.ROOT);
    }

    /** True if the value is ANY or NA, i.e. carries no concrete value. */
    public static boolean isLogical(String value) {
        return ANY.equals(value) || NA.equals(value);
    }

    /** All eleven attribute values in binding order. */
    public List<String> attributes() {
        return List.of(part, vendor, product, version, update, edition, language, swEdition, targetSw, targetHw, other);
    }

    /** The name bound back to a formatted string, escaping punctuation as CPE 2.3 requires. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(PREFIX);
        List<String> attrs = attributes();
        for (int i = 0; i < attrs.size(); i++) {
            if (i > 0) sb.append(':');
            String a = attrs.get(i);
            if (isLogical(a)) {
                sb.append(a);
                continue;
            }
            for (int k = 0; k < a.length(); k++) {
                char c = a.charAt(k);
                if (!Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != '.') sb.append('\\');
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static List<String> split(String cpe, String body) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                if (i + 1 >= body.length()) throw bad(cpe, "ends with a lone backslash");
                cur.append(c).append(body.charAt(++i));
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unescape(String cpe, String name, String raw) {
        if (raw.isEmpty()) throw bad(cpe, "has an empty " + name + " component (use * for any)");
        if (raw.equals(ANY) || raw.equals(NA)) return raw;
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                sb.append(raw.charAt(++i));
            } else if (c == '*' || c == '?') {
                // Embedded wildcards are legal CPE 2.3 but never used by NVD; refusing them keeps matching exact.
                throw bad(cpe, "has a wildcard '" + c + "' inside its " + name + " value \"" + raw
                    + "\"; only a whole-value * is supported (escape it as \\" + c + " if literal)");
            } else if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw bad(cpe, "has whitespace or a control character in its " + name + " value \"" + raw + "\"");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static MalformedCpeException bad(String cpe, String what) {
        return new MalformedCpeException("CPE \"" + cpe + "\" " + what);
    }
}
