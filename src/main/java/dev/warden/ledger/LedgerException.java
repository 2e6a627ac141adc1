package dev.warden.ledger;

/** The ledger cannot do what was asked; the message names the entry, tree head or input at fault. */
public final class LedgerException extends IllegalStateException {
    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
