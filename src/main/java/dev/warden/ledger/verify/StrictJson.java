package dev.warden.ledger.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader (RFC 8259) for the proof format, so that the verifier needs nothing but the JDK. Strict on purpose:
 * a forged file gains nothing from leniency, so duplicate member names, trailing content, comments, leading zeros, bad
 * escapes, unescaped control characters and lone surrogates are all errors, each with the offset where it was found.
 * Objects become LinkedHashMap, arrays ArrayList, integers Long (BigDecimal when fractional or too large), and null
 * becomes {@link #NULL}.
 */
public final class StrictJson {
    /** JSON null, distinct from a missing member. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };
    private static final int MAX_DEPTH = 64;
    private final String text;
    private int pos;

    private StrictJson(String text) {
        this.text = text;
    }

    public static final class JsonException extends Exception {
        JsonException(String message) {
            super(message);
        }
    }

    public static Object parse(String text) throws JsonException {
        var p = new StrictJson(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected content after the JSON value");
        return value;
    }

    private Object value(int depth) throws JsonException {
        if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH + " levels");
        if (pos >= text.length()) throw error("unexpected end of input (the file is truncated)");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) throws JsonException {
        var m = new LinkedHashMap<String, Object>();
        pos++; // {
        skipSpace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') throw error("expected a member name in quotes");
            int at = pos;
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth + 1);
            if (m.putIfAbsent(name, v) != null) {
                pos = at;
                throw error("duplicate member \"" + name + "\"");
            }
            skipSpace();
            char c = next("',' or '}'");
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}' after a member", -1);
        }
    }

    private List<Object> array(int depth) throws JsonException {
        var a = new ArrayList<Object>();
        pos++; // [
        skipSpace();
        if (peek() == ']') {
            pos++;
            return a;
        }
        while (true) {
            skipSpace();
            a.add(value(depth + 1));
            skipSpace();
            char c = next("',' or ']'");
            if (c == ']') return a;
            if (c != ',') throw error("expected ',' or ']' after an element", -1);
        }
    }

    private String string() throws JsonException {
        var sb = new StringBuilder();
        pos++; // opening quote
        while (true) {
            char c = next("a closing quote");
            if (c == '"') return sb.toString();
            if (c < 0x20) throw error("unescaped control character in a string", -1);
            if (Character.isSurrogate(c)) {
                // a surrogate pair read raw must be whole, or the UTF-8 bytes would not round-trip
                if (!Character.isHighSurrogate(c) || pos >= text.length() || !Character.isLowSurrogate(text.charAt(pos))) {
                    throw error("lone surrogate in a string", -1);
                }
                sb.append(c).append(text.charAt(pos++));
                continue;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next("an escape");
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = unicodeEscape();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) throw error("lone surrogate escape in a string");
                        pos += 2;
                        char low = unicodeEscape();
                        if (!Character.isLowSurrogate(low)) throw error("lone surrogate escape in a string");
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("lone surrogate escape in a string");
                    } else {
                        sb.append(u);
                    }
                }
                default -> throw error("bad escape '\\" + e + "'", -1);
            }
        }
    }

    private char unicodeEscape() throws JsonException {
        if (pos + 4 > text.length()) throw error("unexpected end of input (the file is truncated)");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) throw error("bad \\u escape");
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() throws JsonException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
            if (Character.isDigit(peek())) throw error("leading zero in a number");
        } else if (!digits()) {
            throw error("expected a digit");
        }
        boolean integer = true;
        if (peek() == '.') {
            pos++;
            integer = false;
            if (!digits()) throw error("expected a digit after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            integer = false;
            if (peek() == '+' || peek() == '-') pos++;
            if (!digits()) throw error("expected a digit in the exponent");
        }
        String n = text.substring(start, pos);
        if (integer) {
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException tooLarge) {
                return new BigDecimal(n);
            }
        }
        return new BigDecimal(n);
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') pos++;
        return pos > start;
    }

    private Object literal(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            if (word.startsWith(text.substring(pos))) throw error("unexpected end of input (the file is truncated)");
            throw error("unexpected character '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private char next(String expected) throws JsonException {
        if (pos >= text.length()) throw error("expected " + expected);
        return text.charAt(pos++);
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            if (pos >= text.length()) throw error("unexpected end of input (the file is truncated)");
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private JsonException error(String what) {
        return error(what, 0);
    }

    private JsonException error(String what, int shift) {
        int at = Math.max(0, pos + shift);
        if (at >= text.length() && !what.startsWith("unexpected end")) what = "unexpected end of input (the file is truncated): " + what;
        int line = 1;
        int col = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new JsonException(what + " at line " + line + ", column " + col);
    }
}
