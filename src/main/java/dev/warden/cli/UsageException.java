package dev.warden.cli;

import java.util.function.Supplier;

/**
 * A wrong value on the command line found while a command runs (a format, a role, an address to listen on): the
 * command line was wrong, so the exit code is 2, as for an unknown option, and the message names the value.
 */
final class UsageException extends IllegalArgumentException {
    UsageException(String message) {
        super(message);
    }

    /** What {@code parse} makes of an option value, its refusal turned into a usage error. */
    static <T> T of(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
