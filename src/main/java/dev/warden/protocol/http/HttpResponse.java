package dev.warden.protocol.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed HTTP (or RTSP) response head and the start of its body; tolerant of what embedded servers send. */
public record HttpResponse(String version, int status, String reason, List<String[]> headers, String body) {
    private static final Pattern STATUS = Pattern.compile("^((?:HTTP|RTSP)/\\d\\.\\d)\\s+(\\d{3})\\s*(.*)$");
    private static final Pattern TITLE = Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    public static Optional<HttpResponse> parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int sep = 4;
        if (end < 0) {
            end = text.indexOf("\n\n");
            sep = 2;
        }
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + sep);
        String[] lines = head.split("\r?\n");
        Matcher m = STATUS.matcher(lines[0]);
        if (!m.matches()) return Optional.empty();
        var headers = new ArrayList<String[]>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.add(new String[]{lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
        }
        return Optional.of(new HttpResponse(m.group(1), Integer.parseInt(m.group(2)), m.group(3).trim(), headers, body));
    }

    public Optional<String> header(String name) {
        for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return Optional.of(h[1]);
        return Optional.empty();
    }

    public List<String> headers(String name) {
        var out = new ArrayList<String>();
        for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) out.add(h[1]);
        return out;
    }

    public Optional<String> title() {
        Matcher m = TITLE.matcher(body);
        if (!m.find()) return Optional.empty();
        String t = m.group(1).replaceAll("\\s+", " ").strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t.length() > 120 ? t.substring(0, 120) : t);
    }

    /** The authentication scheme the server asks for (basic, digest, ...), lower case. */
    public Optional<String> authScheme() {
        for (String c : headers("WWW-Authenticate")) {
            String scheme = c.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            if (!scheme.isEmpty()) return Optional.of(scheme);
        }
        return Optional.empty();
    }

    public Optional<String> challenge(String scheme) {
        for (String c : headers("WWW-Authenticate")) if (c.regionMatches(true, 0, scheme, 0, scheme.length())) return Optional.of(c);
        return Optional.empty();
    }

    /** A parameter of a challenge such as {@code Digest realm="x", nonce="y"}. */
    public static Optional<String> param(String challenge, String name) {
        Matcher m = Pattern.compile("(?i)(?:^|[\\s,])" + Pattern.quote(name) + "\\s*=\\s*(?:\"([^\"]*)\"|([^,\\s]+))").matcher(challenge);
        if (!m.find()) return Optional.empty();
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }
}
