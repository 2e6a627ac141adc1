package dev.warden.capture;

/**
 * A capture that cannot be read any further. The message names the source (a file name), the byte offset and what
 * was wrong there, for example {@code "dump.pcap: truncated record header at offset 123456 (10 of 16 bytes)"}.
 */
public final class CaptureException extends Exception {

    private final String source;
    private final long offset;

    /**
     * @param source the file (or other input) being read, as shown to the user
     * @param offset the byte offset in that input where the problem was found, or -1 when it is not about one place
     * @param detail what was wrong, already naming the offset where that reads better
     */
    public CaptureException(String source, long offset, String detail) {
        super(source + ": " + detail);
        this.source = source;
        this.offset = offset;
    }

    public CaptureException(String source, long offset, String detail, Throwable cause) {
        super(source + ": " + detail, cause);
        this.source = source;
        this.offset = offset;
    }

    /** The file or input named in the message. */
    public String source() {
        return source;
    }

    /** The byte offset of the problem, or -1 when it concerns the whole input (cannot open, unknown format). */
    public long offset() {
        return offset;
    }
}
