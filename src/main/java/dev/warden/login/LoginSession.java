package dev.warden.login;

import java.io.IOException;

/** One connection on which login attempts are made; some protocols allow several attempts per connection. */
public interface LoginSession extends AutoCloseable {
    Attempt attempt(Credential credential) throws IOException;

    /** Whether another attempt may be made on this connection. */
    boolean reusable();

    /** Logs out cleanly where the protocol has a way to, then closes. Never throws. */
    @Override
    void close();
}
