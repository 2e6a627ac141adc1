package dev.warden.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the lines a telnet client types, dropping option negotiation (IAC sequences), as a device's telnetd does. */
final class LineReader {
    private final InputStream in;
    private int pushback = -1;

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its end, or null at end of stream. Lines longer than 1 KiB are cut, as small devices do. */
    String readLine() throws IOException {
        var line = new ByteArrayOutputStream();
        while (true) {
            int b = pushback >= 0 ? pushback : in.read();
            pushback = -1;
            if (b < 0) return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            if (b == 255) {
                skipCommand();
                continue;
            }
            if (b == '\r' || b == '\n') {
                if (b == '\r') {
                    int next = in.read();
                    if (next != '\n' && next != 0 && next >= 0) pushback = next;
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != 0 && line.size() < 1024) line.write(b);
        }
    }

    private void skipCommand() throws IOException {
        int verb = in.read();
        if (verb >= 251 && verb <= 254) {
            in.read();
        } else if (verb == 250) {
            int prev = 0, b;
            while ((b = in.read()) >= 0) {
                if (prev == 255 && b == 240) return;
                prev = b;
            }
        }
    }
}
