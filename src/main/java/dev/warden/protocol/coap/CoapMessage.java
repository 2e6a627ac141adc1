package dev.warden.protocol.coap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CoAP message format (RFC 7252 section 3): a 4-byte header, a token, delta-encoded options and an optional
 * payload after 0xFF. Parsing checks every length against the datagram and rejects reserved values, so a device's
 * answer can be junk without harm.
 */
final class CoapMessage {
    static final int CON = 0, NON = 1, ACK = 2, RST = 3;
    static final int GET = 1;
    static final int URI_PATH = 11, CONTENT_FORMAT = 12, BLOCK2 = 23;
    private static final int MAX_OPTIONS = 64;

    record Option(int number, byte[] value) {
        int uint() {
            int v = 0;
            for (byte b : value) v = v << 8 | b & 0xff;
            return v;
        }
    }

    record Message(int type, int code, int messageId, byte[] token, List<Option> options, byte[] payload) {
        java.util.Optional<Option> option(int number) {
            return options.stream().filter(o -> o.number() == number).findFirst();
        }
    }

    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private CoapMessage() {}

    /** A confirmable GET for the given path segments. */
    static byte[] get(int messageId, byte[] token, String... path) {
        if (token.length > 8) throw new IllegalArgumentException("CoAP tokens are at most 8 bytes");
        var out = new ByteArrayOutputStream();
        out.write(0x40 | CON << 4 | token.length); // version 1
        out.write(GET);
        out.write(messageId >> 8 & 0xff);
        out.write(messageId & 0xff);
        out.writeBytes(token);
        int last = 0;
        for (String segment : path) {
            option(out, URI_PATH - last, segment.getBytes(StandardCharsets.UTF_8));
            last = URI_PATH;
        }
        return out.toByteArray();
    }

    private static void option(ByteArrayOutputStream out, int delta, byte[] value) {
        int d = nibble(delta), l = nibble(value.length);
        out.write(d << 4 | l);
        extended(out, delta);
        extended(out, value.length);
        out.writeBytes(value);
    }

    private static int nibble(int v) {
        return v < 13 ? v : v < 269 ? 13 : 14;
    }

    private static void extended(ByteArrayOutputStream out, int v) {
        if (v >= 269) {
            out.write(v - 269 >> 8);
            out.write(v - 269 & 0xff);
        } else if (v >= 13) {
            out.write(v - 13);
        }
    }

    static Message parse(byte[] b) throws MalformedException {
        if (b.length < 4) throw new MalformedException("shorter than a CoAP header");
        if ((b[0] & 0xff) >> 6 != 1) throw new MalformedException("not CoAP version 1");
        int type = b[0] >> 4 & 3, tkl = b[0] & 0x0f;
        if (tkl > 8) throw new MalformedException("token length " + tkl);
        int code = b[1] & 0xff, mid = (b[2] & 0xff) << 8 | b[3] & 0xff;
        if (4 + tkl > b.length) throw new MalformedException("truncated token");
        byte[] token = Arrays.copyOfRange(b, 4, 4 + tkl);
        var options = new ArrayList<Option>();
        int pos = 4 + tkl, number = 0;
        byte[] payload = new byte[0];
        while (pos < b.length) {
            int first = b[pos++] & 0xff;
            if (first == 0xff) {
                if (pos >= b.length) throw new MalformedException("payload marker without payload");
                payload = Arrays.copyOfRange(b, pos, b.length);
                break;
            }
            if (options.size() >= MAX_OPTIONS) throw new MalformedException("more than " + MAX_OPTIONS + " options");
            int[] at = {pos};
            int delta = value(b, first >> 4, at), length = value(b, first & 0x0f, at);
            pos = at[0];
            if (pos + length > b.length) throw new MalformedException("option runs past the datagram");
            number += delta;
            options.add(new Option(number, Arrays.copyOfRange(b, pos, pos + length)));
            pos += length;
        }
        return new Message(type, code, mid, token, options, payload);
    }

    /** An option delta or length: the nibble itself, or 13/14 plus one or two extension bytes; 15 is reserved. */
    private static int value(byte[] b, int nibble, int[] at) throws MalformedException {
        if (nibble < 13) return nibble;
        if (nibble == 15) throw new MalformedException("reserved option nibble 15");
        int n = nibble == 13 ? 1 : 2;
        if (at[0] + n > b.length) throw new MalformedException("truncated option header");
        int v = nibble == 13 ? (b[at[0]] & 0xff) + 13 : ((b[at[0]] & 0xff) << 8 | b[at[0] + 1] & 0xff) + 269;
        at[0] += n;
        return v;
    }

    /** A response code as RFC 7252 writes it: class.detail, "2.05". */
    static String code(int c) {
        return (c >> 5) + "." + String.format("%02d", c & 0x1f);
    }
}
