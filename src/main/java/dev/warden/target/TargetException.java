package dev.warden.target;

/** A target specification that cannot be used, with a message naming the offending part. */
public final class TargetException extends RuntimeException {
    public TargetException(String message) {
        super(message);
    }
}
