package dev.warden.report;

import java.util.List;
import java.util.Map;

/**
 * Renders a report document as self-contained XHTML (no scripts, no external resources), which both browsers and the
 * PDF renderer accept. Objects become definition tables, lists of objects become tables; everything is escaped.
 */
public final class HtmlRenderer {
    private static final String STYLE = """
            body{font-family:sans-serif;font-size:10pt;margin:1.5em;color:#222}
            h1{font-size:16pt;border-bottom:2px solid #444}h2{font-size:12pt;margin-top:1.4em}
            table{border-collapse:collapse;margin:.4em 0;width:100%}table.fixed{table-layout:fixed}th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top;word-wrap:break-word}
            th{background:#eee}td.k{width:22%;font-weight:bold}.grade-F{color:#b00;font-weight:bold}.fail{color:#b00}.pass{color:#070}
            """;

    private HtmlRenderer() {}

    public static String render(String title, Map<String, Object> doc) {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"UTF-8\"/><title>")
                .append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body><h1>").append(esc(title)).append("</h1>");
        for (var e : doc.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?>) {
                sb.append("<h2>").append(esc(heading(e.getKey()))).append("</h2>");
            }
            value(sb, e.getKey(), e.getValue(), true);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static boolean nested(Object row) {
        return row instanceof Map<?, ?> m && m.values().stream().anyMatch(x -> x instanceof Map<?, ?> || x instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Map<?, ?>);
    }

    /** A list of rich records (a manufacturer with its devices): one section each, instead of tables inside tables. */
    private static void sections(StringBuilder sb, List<?> list) {
        for (Object row : list) {
            var m = (Map<?, ?>) row;
            String title = m.values().stream().filter(x -> x instanceof String).limit(2).map(String::valueOf).reduce((a, b) -> a + " " + b).orElse("");
            sb.append("<h3>").append(esc(title)).append("</h3><table>");
            for (var e : m.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Map<?, ?>) continue;
                sb.append("<tr><td class=\"k\">").append(esc(heading(String.valueOf(e.getKey())))).append("</td><td>");
                cell(sb, e.getValue());
                sb.append("</td></tr>");
            }
            sb.append("</table>");
            for (var e : m.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Map<?, ?>) {
                    sb.append("<h4>").append(esc(heading(String.valueOf(e.getKey())))).append("</h4>");
                    value(sb, String.valueOf(e.getKey()), e.getValue(), false);
                }
            }
        }
    }

    private static void value(StringBuilder sb, String key, Object v, boolean top) {
        if (top && v instanceof List<?> l && !l.isEmpty() && nested(l.getFirst())) {
            sections(sb, l);
            return;
        }
        if (v instanceof Map<?, ?> m) {
            sb.append("<table>");
            for (var e : m.entrySet()) {
                sb.append("<tr><td class=\"k\">").append(esc(heading(String.valueOf(e.getKey())))).append("</td><td>");
                cell(sb, e.getValue());
                sb.append("</td></tr>");
            }
            sb.append("</table>");
        } else if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("<p>none</p>");
            } else if (list.getFirst() instanceof Map<?, ?>) {
                // the columns of every row, in the order they first appear: a timeline's first event ("opened") has
                // no "by" or "note", which later ones (acknowledged, closed) do
                var columns = new java.util.LinkedHashSet<Object>();
                boolean longToken = false;
                for (Object row : list) {
                    if (!(row instanceof Map<?, ?> r)) continue;
                    columns.addAll(r.keySet());
                    for (Object cellValue : r.values()) longToken |= cellValue instanceof String t && hasLongToken(t);
                }
                // A value with no break in it (a 64-digit ledger hash) made the PDF layout widen its column past the page;
                // such a table gets columns of fixed width, in which long values wrap. Others keep widths by content.
                sb.append(longToken ? "<table class=\"fixed\"><tr>" : "<table><tr>");
                for (Object k : columns) sb.append("<th>").append(esc(heading(String.valueOf(k)))).append("</th>");
                sb.append("</tr>");
                for (Object row : list) {
                    sb.append("<tr>");
                    for (Object k : columns) {
                        sb.append("<td>");
                        cell(sb, ((Map<?, ?>) row).get(k));
                        sb.append("</td>");
                    }
                    sb.append("</tr>");
                }
                sb.append("</table>");
            } else {
                sb.append("<p>");
                cell(sb, v);
                sb.append("</p>");
            }
        } else if (top) {
            sb.append("<p><b>").append(esc(heading(key))).append(":</b> ");
            cell(sb, v);
            sb.append("</p>");
        }
    }

    /** Whether {@code s} holds a run of more than 32 characters without a space (hashes, long ids). */
    static boolean hasLongToken(String s) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = Character.isWhitespace(s.charAt(i)) ? 0 : run + 1;
            if (run > 32) return true;
        }
        return false;
    }

    private static void cell(StringBuilder sb, Object v) {
        if (v == null) return;
        if (v instanceof Map<?, ?> || v instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Map<?, ?>) {
            value(sb, "", v, false);
        } else if (v instanceof List<?> l) {
            sb.append(esc(String.join(", ", l.stream().map(String::valueOf).toList())));
        } else {
            String s = String.valueOf(v);
            String cls = s.equals("fail") ? "fail" : s.equals("pass") ? "pass" : null;
            if (cls != null) sb.append("<span class=\"").append(cls).append("\">").append(esc(s)).append("</span>");
            else sb.append(esc(s));
        }
    }

    /** lastSeen -> Last seen */
    static String heading(String key) {
        String s = key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
        s = s.replaceAll("\\b(ip|mac|cpe|id|pcap|sth)\\b", "\u0000$1").replaceAll("\u0000([a-z]+)", "$1").trim();
        for (String acronym : new String[]{"ip", "mac", "cpe", "id", "pcap", "sth"}) s = s.replaceAll("\\b" + acronym + "\\b", acronym.toUpperCase());
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String esc(String s) {
        var sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 32 && c != '\n' && c != '\t') sb.append('?');
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}
