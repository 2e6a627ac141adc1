package dev.warden.capture;

/** What a {@link PacketSource} does when it meets a corrupt record. */
public enum OnCorrupt {
    /** Throw a {@link CaptureException} at the first corrupt record (packets before it have been delivered). */
    STOP,
    /**
     * Skip the record, count it ({@link PacketSource#skippedRecords()}) and go on: at the next record when the framing
     * is intact, after a bounded scan for the next plausible record header when it is not. A truncated last record
     * ends the capture. Damage that cannot be resynchronised (an unreadable section header, nothing plausible within
     * the scan window) still throws.
     */
    SKIP
}
