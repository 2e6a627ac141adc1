package dev.warden.watch.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of at most {@code maxBytes}; a longer line is consumed to its end and reported as too long instead of
 * being buffered, so a file with no newlines cannot fill memory. Accepts LF and CRLF.
 */
final class BoundedLineReader {
    /** Returned by {@link #next()} for a line longer than the bound (its bytes are dropped). */
    static final String TOO_LONG = new String("\u0000too long");

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos, limit;
    private byte[] line;
    private long lineNumber;

    BoundedLineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.line = new byte[Math.min(maxBytes, 1 << 12)];
        this.maxBytes = maxBytes;
    }

    private final int maxBytes;

    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, {@link #TOO_LONG}, or null at the end of input. */
    String next() throws IOException {
        int len = 0;
        boolean overflow = false, any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) return null;
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') pos++;
            int n = pos - start;
            if (!overflow) {
                if (len + n > maxBytes) {
                    overflow = true;
                } else {
                    if (len + n > line.length) line = java.util.Arrays.copyOf(line, Math.min(maxBytes, Math.max(len + n, line.length * 2)));
                    System.arraycopy(buf, start, line, len, n);
                    len += n;
                }
            }
            if (pos < limit) {
                pos++;
                break;
            }
        }
        lineNumber++;
        if (overflow) return TOO_LONG;
        if (len > 0 && line[len - 1] == '\r') len--;
        return new String(line, 0, len, StandardCharsets.UTF_8);
    }
}
