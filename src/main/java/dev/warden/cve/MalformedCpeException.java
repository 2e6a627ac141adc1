package dev.warden.cve;

/** A CPE 2.3 formatted string that cannot be used; the message quotes it and says what is wrong. */
public final class MalformedCpeException extends IllegalArgumentException {
    public MalformedCpeException(String message) {
        super(message);
    }
}
