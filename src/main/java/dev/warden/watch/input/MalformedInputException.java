package dev.warden.watch.input;

/** An input that cannot be read at all (no header, unknown format); a single bad record is counted, not thrown. */
public final class MalformedInputException extends IllegalArgumentException {
    public MalformedInputException(String message) {
        super(message);
    }
}
