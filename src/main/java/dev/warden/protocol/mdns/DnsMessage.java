package dev.warden.protocol.mdns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the DNS wire format (RFC 1035 4.1) for mDNS discovery: build a one-question query, read the records
 * of an answer. The answer comes from a device that may lie, so every length is checked against the packet, names are
 * capped at 255 bytes, compression pointers must point backwards and at most {@link #MAX_JUMPS} are followed, and a
 * packet that breaks any rule is rejected whole.
 */
final class DnsMessage {
    static final int A = 1, PTR = 12, TXT = 16, AAAA = 28, SRV = 33;
    static final int MAX_RECORDS = 256;
    static final int MAX_JUMPS = 16;
    private static final int MAX_NAME = 255;

    /** One resource record; {@code data} is the target name (PTR, SRV) or the address (A, AAAA), else null. */
    record Record(String name, int type, String data) {}

    record Message(int id, boolean response, int rcode, List<Record> records) {}

    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    private DnsMessage() {}

    static byte[] query(int id, String name, int type) {
        var out = new ByteArrayOutputStream();
        out.write(id >> 8 & 0xff);
        out.write(id & 0xff);
        out.writeBytes(new byte[]{0, 0, 0, 1, 0, 0, 0, 0, 0, 0}); // no flags, one question
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0 || b.length > 63) throw new IllegalArgumentException("bad DNS label in " + name);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
        out.write(type >> 8);
        out.write(type & 0xff);
        out.write(0);
        out.write(1); // class IN
        return out.toByteArray();
    }

    static Message parse(byte[] b) throws MalformedException {
        if (b.length < 12) throw new MalformedException("shorter than a DNS header");
        int id = u16(b, 0), flags = u16(b, 2);
        int questions = u16(b, 4);
        int records = u16(b, 6) + u16(b, 8) + u16(b, 10);
        // Each question takes at least 5 bytes and each record 11: counts the packet cannot hold are lies.
        if (questions * 5L + records * 11L > b.length - 12L) throw new MalformedException("counts larger than the packet");
        int[] pos = {12};
        for (int i = 0; i < questions; i++) {
            name(b, pos);
            need(b, pos[0], 4);
            pos[0] += 4;
        }
        var out = new ArrayList<Record>();
        for (int i = 0; i < records && i < MAX_RECORDS; i++) {
            String owner = name(b, pos);
            need(b, pos[0], 10);
            int type = u16(b, pos[0]);
            int length = u16(b, pos[0] + 8);
            int start = pos[0] + 10;
            need(b, start, length);
            String data = switch (type) {
                case PTR -> name(b, new int[]{start}, start + length);
                case SRV -> {
                    if (length < 7) throw new MalformedException("SRV record too short");
                    yield name(b, new int[]{start + 6}, start + length);
                }
                case A -> {
                    if (length != 4) throw new MalformedException("A record of " + length + " bytes");
                    yield (b[start] & 0xff) + "." + (b[start + 1] & 0xff) + "." + (b[start + 2] & 0xff) + "." + (b[start + 3] & 0xff);
                }
                case AAAA -> {
                    if (length != 16) throw new MalformedException("AAAA record of " + length + " bytes");
                    var sb = new StringBuilder();
                    for (int j = 0; j < 16; j += 2) sb.append(j == 0 ? "" : ":").append(Integer.toHexString(u16(b, start + j)));
                    yield sb.toString();
                }
                default -> null;
            };
            out.add(new Record(owner, type, data));
            pos[0] = start + length;
        }
        return new Message(id, (flags & 0x8000) != 0, flags & 0x000f, out);
    }

    private static String name(byte[] b, int[] pos) throws MalformedException {
        return name(b, pos, b.length);
    }

    /**
     * Reads a (possibly compressed) name starting at {@code pos[0]} and leaves {@code pos[0]} just after it. Labels
     * of the name itself must end before {@code limit} (the end of the record data it sits in).
     */
    private static String name(byte[] b, int[] pos, int limit) throws MalformedException {
        var sb = new StringBuilder();
        int p = pos[0], after = -1, jumps = 0, length = 0, end = limit;
        while (true) {
            need(b, p, 1);
            if (p >= end) throw new MalformedException("name runs past its record");
            int l = b[p] & 0xff;
            if (l == 0) {
                if (after < 0) after = p + 1;
                break;
            }
            if ((l & 0xc0) == 0xc0) {
                need(b, p, 2);
                if (p + 1 >= end) throw new MalformedException("name runs past its record");
                int target = (l & 0x3f) << 8 | b[p + 1] & 0xff;
                if (target >= p) throw new MalformedException("compression pointer does not point backwards");
                if (++jumps > MAX_JUMPS) throw new MalformedException("too many compression pointers");
                if (after < 0) after = p + 2;
                p = target;
                end = b.length; // earlier parts of the packet may be anywhere before
                continue;
            }
            if ((l & 0xc0) != 0) throw new MalformedException("unknown label type");
            need(b, p + 1, l);
            if (p + 1 + l > end) throw new MalformedException("label runs past its record");
            length += l + 1;
            if (length > MAX_NAME) throw new MalformedException("name longer than 255 bytes");
            if (!sb.isEmpty()) sb.append('.');
            for (int i = 0; i < l; i++) {
                int c = b[p + 1 + i] & 0xff;
                sb.append(c > 32 && c < 127 ? (char) c : '?');
            }
            p += 1 + l;
        }
        pos[0] = after;
        return sb.toString();
    }

    private static void need(byte[] b, int at, int n) throws MalformedException {
        if (at < 0 || n < 0 || at + n > b.length) throw new MalformedException("truncated at byte " + at);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }
}
