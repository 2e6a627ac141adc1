package dev.warden.cli;

/** Exit codes, documented in {@code warden --help} and docs/cli.md. */
public final class ExitCodes {
    /** The command did what was asked; for audit: no device failed a provision. */
    public static final int OK = 0;
    /** The audit completed and at least one device failed a provision (or a label did not verify). */
    public static final int FINDINGS = 1;
    /** The command line was wrong (unknown option, bad value). */
    public static final int USAGE = 2;
    /** The command could not run: unreadable file, bad configuration, database error. */
    public static final int ERROR = 3;
    /** A target lies outside the audit scope; nothing was sent to it. */
    public static final int OUT_OF_SCOPE = 4;

    private ExitCodes() {}
}
