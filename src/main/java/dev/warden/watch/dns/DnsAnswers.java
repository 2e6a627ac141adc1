package dev.warden.watch.dns;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads the addresses a DNS response hands out (its A and AAAA answer records, RFC 1035 section 4 and RFC 3596)
 * straight from the packet's bytes. Every read is checked against the message's end and every name walk is bounded,
 * so a damaged or hostile message gives fewer answers (or none), never an exception or a long loop.
 */
public final class DnsAnswers {
    /** Receives each address: an IPv4 answer as the two longs of an IPv4-mapped {@code IpAddress}. */
    public interface Sink {
        void address(long hi, long lo);
    }

    static final int HEADER = 12;
    /** Records read per message at most (questions and answers); real responses have a handful. */
    static final int MAX_RECORDS = 64;
    /** Labels or pointers followed per name at most: a 255-byte name has at most 127 labels. */
    static final int MAX_NAME_STEPS = 128;
    private static final int TYPE_A = 1, TYPE_AAAA = 28, CLASS_IN = 1;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private DnsAnswers() {
    }

    /** The message's transaction id (its first two bytes), or -1 when it is shorter than a DNS header. */
    public static int id(MemorySegment seg, long offset, int length) {
        if (offset < 0 || length < HEADER || offset > seg.byteSize() - length) return -1;
        return u16(seg, offset);
    }

    /**
     * The A and AAAA answers of the DNS message of {@code length} bytes at {@code offset}, if it is a response.
     *
     * @return the number of addresses given to {@code sink}, or -1 when the message is not a well-formed response
     */
    public static int read(MemorySegment seg, long offset, int length, Sink sink) {
        if (offset < 0 || length < HEADER || offset > seg.byteSize() - length) return -1;
        long end = offset + length;
        int flags = u16(seg, offset + 2);
        if ((flags & 0x8000) == 0 || (flags & 0x7800) != 0) return -1; // a query, or an opcode other than QUERY
        int questions = u16(seg, offset + 4), answers = u16(seg, offset + 6);
        if (questions + answers > MAX_RECORDS) return -1;
        long p = offset + HEADER;
        for (int i = 0; i < questions; i++) {
            p = skipName(seg, p, end);
            if (p < 0 || end - p < 4) return -1;
            p += 4; // type, class
        }
        int found = 0;
        for (int i = 0; i < answers; i++) {
            p = skipName(seg, p, end);
            if (p < 0 || end - p < 10) return found == 0 ? -1 : found;
            int type = u16(seg, p), klass = u16(seg, p + 2), rdLength = u16(seg, p + 8);
            p += 10;
            if (end - p < rdLength) return found == 0 ? -1 : found;
            if (klass == CLASS_IN && type == TYPE_A && rdLength == 4) {
                sink.address(0, 0xFFFF_0000_0000L | (seg.get(BE32, p) & 0xFFFF_FFFFL));
                found++;
            } else if (klass == CLASS_IN && type == TYPE_AAAA && rdLength == 16) {
                sink.address(seg.get(BE64, p), seg.get(BE64, p + 8));
                found++;
            }
            p += rdLength;
        }
        return found;
    }

    /**
     * The name a DNS query asks for (its first question), in lower case without the trailing dot, or null when the
     * message is not a standard query or its name is malformed, compressed or longer than 253 characters.
     */
    public static String queryName(MemorySegment seg, long offset, int length) {
        return questionName(seg, offset, length, false);
    }

    /**
     * The name a DNS response answers (its first question, which the device asked), as {@link #queryName} reads it,
     * or null when the message is not a standard response or the name is not one {@link #queryName} would read.
     */
    public static String answeredName(MemorySegment seg, long offset, int length) {
        return questionName(seg, offset, length, true);
    }

    private static String questionName(MemorySegment seg, long offset, int length, boolean response) {
        if (offset < 0 || length < HEADER + 5 || offset > seg.byteSize() - length) return null;
        if (!isQuestion(seg, offset, response)) return null;
        long end = offset + length, p = offset + HEADER;
        var name = new StringBuilder(64);
        for (int step = 0; step < MAX_NAME_STEPS; step++) {
            if (p >= end) return null;
            int len = seg.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (len == 0) return name.isEmpty() ? null : name.toString();
            if ((len & 0xC0) != 0 || p + 1 + len > end) return null; // a question's name is not compressed
            if (name.length() + (name.isEmpty() ? 0 : 1) + len > 253) return null; // longer than a host name can be
            if (!name.isEmpty()) name.append('.');
            for (long i = p + 1; i <= p + len; i++) {
                int c = seg.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                if (c <= ' ' || c >= 0x7F) return null; // not a host name (and nothing to print in a report)
                name.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
            }
            p += 1 + len;
        }
        return null;
    }

    /** A standard query (or response) with a question: its header, of a message at least a header long. */
    static boolean isQuestion(MemorySegment seg, long offset, boolean response) {
        int flags = u16(seg, offset + 2);
        return (flags & 0x8000) == (response ? 0x8000 : 0) && (flags & 0x7800) == 0 && u16(seg, offset + 4) != 0;
    }

    /** The offset after the name at {@code p} (a compression pointer ends it), or -1 when it runs past {@code end}. */
    private static long skipName(MemorySegment seg, long p, long end) {
        for (int step = 0; step < MAX_NAME_STEPS; step++) {
            if (p >= end) return -1;
            int len = seg.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
            if (len == 0) return p + 1;
            if ((len & 0xC0) == 0xC0) return end - p >= 2 ? p + 2 : -1;
            if ((len & 0xC0) != 0) return -1; // the reserved label types
            p += 1 + len;
        }
        return -1;
    }

    private static int u16(MemorySegment seg, long off) {
        return seg.get(BE16, off) & 0xFFFF;
    }
}
