package dev.warden.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A handler that runs its own listener (an embedded SSH server) instead of the fleet's accept loop. */
public interface SelfListening extends Handler {
    AutoCloseable listen(InetSocketAddress address) throws IOException;

    @Override
    default void serve(java.net.Socket socket) {
        throw new UnsupportedOperationException("listens by itself");
    }
}
