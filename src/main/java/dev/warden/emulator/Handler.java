package dev.warden.emulator;

import java.io.IOException;
import java.net.Socket;

/** Serves one accepted connection of an emulated device. The fleet closes the socket afterwards. */
@FunctionalInterface
public interface Handler {
    void serve(Socket socket) throws IOException;
}
