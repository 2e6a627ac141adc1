package dev.warden.identify;

/** An OUI listing that cannot be read; the message names the file and, for bad content, the line. */
public final class OuiRegistryException extends Exception {
    public OuiRegistryException(String message) {
        super(message);
    }

    public OuiRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
