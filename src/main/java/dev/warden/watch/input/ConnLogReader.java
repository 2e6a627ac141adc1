package dev.warden.watch.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.warden.identify.MacAddress;
import dev.warden.watch.flow.ConnState;
import dev.warden.watch.flow.FlowListener;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Zeek conn.log records in the three forms they travel in (TSV with its self-describing header, JSON lines, and
 * CSV with a header of Zeek field names such as the IoT-23 labelled files) and turns each into a {@link FlowRecord}.
 *
 * <p>Every form is mapped onto the same field slots and converted by one method, so the three cannot disagree. A line
 * that does not parse (a bad address, a port out of range, a missing required field, a line longer than the bound) is
 * skipped and counted with its line number; only an input with no usable header fails as a whole.
 */
public final class ConnLogReader {
    // Field slots: the conn.log fields Warden reads, whatever their order in a file.
    static final int TS = 0, UID = 1, ORIG_H = 2, ORIG_P = 3, RESP_H = 4, RESP_P = 5, PROTO = 6, SERVICE = 7, DURATION = 8,
            ORIG_BYTES = 9, RESP_BYTES = 10, CONN_STATE = 11, HISTORY = 12, ORIG_PKTS = 13, ORIG_IP_BYTES = 14, RESP_PKTS = 15,
            RESP_IP_BYTES = 16, ORIG_L2 = 17, RESP_L2 = 18, LABEL = 19, DETAILED_LABEL = 20, SERVER_NAME = 21, SLOTS = 22;
    static final String[] NAMES = {"ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "service",
            "duration", "orig_bytes", "resp_bytes", "conn_state", "history", "orig_pkts", "orig_ip_bytes", "resp_pkts",
            "resp_ip_bytes", "orig_l2_addr", "resp_l2_addr", "label", "detailed-label", "server_name"};
    private static final int[] REQUIRED = {TS, ORIG_H, ORIG_P, RESP_H, RESP_P, PROTO};
    private static final JsonFactory JSON = new JsonFactory();

    private final int maxLineBytes;

    public ConnLogReader(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads {@code in} in the given format (see {@link InputFormat#sniff}), delivering flows and any labels. */
    public ReadStats read(InputStream in, String name, InputFormat format, FlowListener flows, LabelListener labels) throws IOException {
        var stats = new ReadStats(name, format.description());
        var lines = new BoundedLineReader(in, maxLineBytes);
        var parser = switch (format) {
            case ZEEK_TSV -> new TsvLines();
            case ZEEK_JSON -> new JsonLines();
            case ZEEK_CSV -> new CsvLines();
            default -> throw new IllegalArgumentException(format + " is not a conn.log format");
        };
        String[] v = new String[SLOTS];
        String line;
        while ((line = lines.next()) != null) {
            long n = lines.lineNumber();
            if (line == BoundedLineReader.TOO_LONG) {
                stats.skip("line " + n + ": longer than " + maxLineBytes + " bytes");
                continue;
            }
            if (line.isEmpty()) continue;
            Arrays.fill(v, null);
            String problem;
            try {
                problem = parser.line(line, n, name, v);
            } catch (MalformedInputException e) {
                throw e;
            } catch (RuntimeException e) {
                problem = "line " + n + ": " + e.getMessage();
            }
            if (problem == SKIP_QUIETLY) continue;
            if (problem != null) {
                stats.skip(problem);
                continue;
            }
            FlowRecord f;
            try {
                f = toFlow(v, name, n);
            } catch (IllegalArgumentException e) {
                stats.skip("line " + n + ": " + e.getMessage());
                continue;
            }
            stats.delivered();
            if (v[LABEL] != null || v[DETAILED_LABEL] != null) labels.onLabel(f, v[LABEL], v[DETAILED_LABEL]);
            flows.onFlow(f);
        }
        if (parser instanceof TsvLines t && t.slotOf == null) {
            throw new MalformedInputException(name + ": no #fields header: a Zeek conn.log in TSV declares its fields before its records");
        }
        return stats;
    }

    private static final String SKIP_QUIETLY = new String("skip");

    /** One form of conn.log: fills the slots from a line, or says why it cannot. */
    private interface LineParser {
        /** Null when the slots were filled; {@link #SKIP_QUIETLY} for header and comment lines; else the problem. */
        String line(String line, long number, String source, String[] slots);
    }

    // ---- TSV ---------------------------------------------------------------------------------------------------

    private static final class TsvLines implements LineParser {
        private char separator = '\t';
        private String unset = "-", empty = "(empty)";
        private int[] slotOf; // column -> slot, -1 when not read
        private int mergedColumn = -1;

        @Override
        public String line(String line, long number, String source, String[] v) {
            if (line.charAt(0) == '#') {
                header(line, source);
                return SKIP_QUIETLY;
            }
            if (slotOf == null) throw new MalformedInputException(source + ": line " + number + " is a record but no #fields header came before it");
            int col = 0, start = 0, len = line.length();
            for (int i = 0; i <= len; i++) {
                if (i == len || line.charAt(i) == separator) {
                    if (col < slotOf.length) {
                        if (col == mergedColumn) {
                            splitMerged(line.substring(start, i), v);
                        } else if (slotOf[col] >= 0) {
                            String s = line.substring(start, i);
                            v[slotOf[col]] = s.equals(unset) || s.equals(empty) || s.isEmpty() ? null : s;
                        }
                    }
                    col++;
                    start = i + 1;
                }
            }
            if (col != slotOf.length) return "line " + number + ": " + col + " fields where the header declares " + slotOf.length;
            return null;
        }

        private void splitMerged(String s, String[] v) {
            String[] parts = s.trim().split("\\s+");
            if (parts.length >= 3) {
                v[LABEL] = parts[1];
                v[DETAILED_LABEL] = parts[2].equals("-") ? null : parts[2];
            }
        }

        private void header(String line, String source) {
            if (line.startsWith("#separator")) {
                String s = line.substring("#separator".length()).trim();
                separator = s.startsWith("\\x") ? (char) Integer.parseInt(s.substring(2, 4), 16) : s.isEmpty() ? '\t' : s.charAt(0);
                return;
            }
            int cut = line.indexOf(separator);
            if (cut < 0) return;
            String key = line.substring(0, cut), rest = line.substring(cut + 1);
            switch (key) {
                case "#unset_field" -> unset = rest;
                case "#empty_field" -> empty = rest;
                case "#fields" -> {
                    String[] cols = rest.split(String.valueOf(separator), -1);
                    slotOf = new int[cols.length];
                    mergedColumn = -1;
                    for (int c = 0; c < cols.length; c++) {
                        slotOf[c] = slot(cols[c]);
                        if (cols[c].trim().contains(" ") && cols[c].contains("label")) {
                            mergedColumn = c;
                        }
                    }
                    for (int r : REQUIRED) {
                        if (Arrays.stream(slotOf).noneMatch(s -> s == r)) {
                            throw new MalformedInputException(source + ": the #fields header has no '" + NAMES[r] + "' field; is this a conn.log?");
                        }
                    }
                }
                default -> { }
            }
        }
    }

    static int slot(String field) {
        String f = field.trim();
        for (int s = 0; s < SLOTS; s++) if (NAMES[s].equals(f)) return s;
        if (f.equals("detailed_label")) return DETAILED_LABEL;
        return -1;
    }

    // ---- CSV ---------------------------------------------------------------------------------------------------

    private static final class CsvLines implements LineParser {
        private int[] slotOf;
        private final List<String> cells = new ArrayList<>();

        @Override
        public String line(String line, long number, String source, String[] v) {
            split(line);
            if (slotOf == null) {
                slotOf = new int[cells.size()];
                for (int c = 0; c < cells.size(); c++) slotOf[c] = slot(cells.get(c));
                for (int r : REQUIRED) {
                    if (Arrays.stream(slotOf).noneMatch(s -> s == r)) {
                        throw new MalformedInputException(source + ": the CSV header has no '" + NAMES[r] + "' column; is this a conn.log?");
                    }
                }
                return SKIP_QUIETLY;
            }
            if (cells.size() != slotOf.length) return "line " + number + ": " + cells.size() + " cells where the header has " + slotOf.length;
            for (int c = 0; c < slotOf.length; c++) {
                if (slotOf[c] < 0) continue;
                String s = cells.get(c);
                v[slotOf[c]] = s.isEmpty() || s.equals("-") || s.equals("(empty)") ? null : s;
            }
            return null;
        }

        /** RFC 4180 cells: commas inside double quotes, doubled quotes for a quote. */
        private void split(String line) {
            cells.clear();
            int i = 0, n = line.length();
            while (true) {
                if (i < n && line.charAt(i) == '"') {
                    var sb = new StringBuilder();
                    i++;
                    while (i < n) {
                        char c = line.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && line.charAt(i + 1) == '"') {
                                sb.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            break;
                        }
                        sb.append(c);
                        i++;
                    }
                    cells.add(sb.toString());
                    while (i < n && line.charAt(i) != ',') i++;
                } else {
                    int end = line.indexOf(',', i);
                    if (end < 0) end = n;
                    cells.add(line.substring(i, end));
                    i = end;
                }
                if (i >= n) break;
                i++; // the comma
                if (i == n) {
                    cells.add("");
                    break;
                }
            }
        }
    }

    // ---- JSON --------------------------------------------------------------------------------------------------

    private static final class JsonLines implements LineParser {
        @Override
        public String line(String line, long number, String source, String[] v) {
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return "line " + number + ": not a JSON object";
                object(p, "", v);
                if (p.nextToken() != null) return "line " + number + ": text after the JSON object";
            } catch (IOException e) {
                return "line " + number + ": not valid JSON (" + firstLine(e.getMessage()) + ")";
            }
            return null;
        }

        private static void object(JsonParser p, String prefix, String[] v) throws IOException {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = prefix + p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT) {
                    object(p, name + ".", v);
                } else if (value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else {
                    int s = slot(name);
                    if (s >= 0 && value != JsonToken.VALUE_NULL) v[s] = p.getText();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new com.fasterxml.jackson.core.JsonParseException(p, "unbalanced object");
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    // ---- conversion --------------------------------------------------------------------------------------------

    static FlowRecord toFlow(String[] v, String source, long line) {
        for (int r : REQUIRED) if (v[r] == null) throw new IllegalArgumentException("no " + NAMES[r]);
        IpAddress src = IpAddress.tryParse(v[ORIG_H]);
        if (src == null) throw new IllegalArgumentException(NAMES[ORIG_H] + " '" + clip(v[ORIG_H]) + "' is not an address");
        IpAddress dst = IpAddress.tryParse(v[RESP_H]);
        if (dst == null) throw new IllegalArgumentException(NAMES[RESP_H] + " '" + clip(v[RESP_H]) + "' is not an address");
        int proto = Protocols.parse(v[PROTO]);
        if (proto < 0) throw new IllegalArgumentException("proto '" + clip(v[PROTO]) + "' is not tcp, udp, icmp or a number");
        String uid = v[UID] != null ? v[UID] : source + ":" + line;
        return new FlowRecord(uid, time(v[TS]), seconds(v[DURATION], NAMES[DURATION]), src, port(v[ORIG_P], NAMES[ORIG_P]), dst,
                port(v[RESP_P], NAMES[RESP_P]), proto, v[SERVICE], ConnState.parse(v[CONN_STATE]), v[HISTORY], 0,
                count(v[ORIG_PKTS], NAMES[ORIG_PKTS]),
                v[ORIG_IP_BYTES] != null ? count(v[ORIG_IP_BYTES], NAMES[ORIG_IP_BYTES]) : count(v[ORIG_BYTES], NAMES[ORIG_BYTES]),
                count(v[RESP_PKTS], NAMES[RESP_PKTS]),
                v[RESP_IP_BYTES] != null ? count(v[RESP_IP_BYTES], NAMES[RESP_IP_BYTES]) : count(v[RESP_BYTES], NAMES[RESP_BYTES]),
                mac(v[ORIG_L2]), mac(v[RESP_L2]), v[SERVER_NAME]);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static int port(String s, String field) {
        int p = 0;
        if (s.isEmpty() || s.length() > 5) throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a port");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a port");
            p = p * 10 + (c - '0');
        }
        if (p > 65535) throw new IllegalArgumentException(field + " '" + s + "' is not a port (0-65535)");
        return p;
    }

    static long count(String s, String field) {
        if (s == null) return 0;
        long n = 0;
        if (s.isEmpty() || s.length() > 18) throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a count");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a count");
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Seconds with up to microsecond digits ("3.139211") to microseconds, without going through a double. */
    static long seconds(String s, String field) {
        if (s == null) return 0;
        long whole = 0, frac = 0;
        int i = 0, n = s.length(), digits = 0;
        if (n == 0 || n > 24) throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a number of seconds");
        boolean exponent = s.indexOf('e') >= 0 || s.indexOf('E') >= 0;
        if (exponent) {
            try {
                double d = Double.parseDouble(s);
                if (!(d >= 0) || d > 9.2e12) throw new NumberFormatException();
                return Math.round(d * 1e6);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a number of seconds");
            }
        }
        for (; i < n && s.charAt(i) != '.'; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a number of seconds");
            whole = whole * 10 + (c - '0');
        }
        if (i == 0 && (n == 1 || s.charAt(0) != '.')) throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a number of seconds");
        for (i++; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException(field + " '" + clip(s) + "' is not a number of seconds");
            if (digits < 6) {
                frac = frac * 10 + (c - '0');
                digits++;
            }
        }
        while (digits++ < 6) frac *= 10;
        if (whole > 9_000_000_000_000L) throw new IllegalArgumentException(field + " '" + clip(s) + "' is too large");
        return whole * 1_000_000 + frac;
    }

    /** Epoch seconds ("1545403816.962094") or ISO 8601 ("2018-12-21T15:50:16.962094Z", Zeek's JSON time option). */
    static long time(String s) {
        if (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.indexOf('-') < 0) return seconds(s, "ts");
        try {
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ts '" + clip(s) + "' is neither epoch seconds nor an ISO 8601 time");
        }
    }

    static long mac(String s) {
        if (s == null) return 0;
        try {
            return MacAddress.parse(s).value();
        } catch (RuntimeException e) {
            return 0; // a MAC is a hint for the device registry; a bad one is not worth dropping the flow
        }
    }
}
