package dev.warden.output;

/** RFC 4180 fields; a leading = + - @ is prefixed with ' so that a banner cannot become a spreadsheet formula. */
public final class Csv {
    private Csv() {}

    public static String field(String s) {
        if (s == null) return "";
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) return "\"" + v.replace("\"", "\"\"") + "\"";
        return v;
    }
}
