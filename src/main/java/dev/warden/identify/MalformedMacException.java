package dev.warden.identify;

/** A MAC address string that cannot be parsed; the message quotes it and lists the accepted forms. */
public final class MalformedMacException extends IllegalArgumentException {
    public MalformedMacException(String message) {
        super(message);
    }
}
