package dev.warden.cve;

/** A CVE feed that cannot be read; the message names the file and, for bad JSON, the line and column. */
public final class CveFeedException extends Exception {
    public CveFeedException(String message) {
        super(message);
    }

    public CveFeedException(String message, Throwable cause) {
        super(message, cause);
    }
}
