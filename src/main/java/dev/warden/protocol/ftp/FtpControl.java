package dev.warden.protocol.ftp;

import dev.warden.net.Conn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The FTP control connection: commands out, replies in (RFC 959 4.2). A reply is one line {@code 220 text} or several,
 * {@code 220-first ... 220 last}. Every read goes through the {@link Conn}, so its deadline and byte cap hold; a reply
 * that never completes comes back as null.
 */
final class FtpControl implements AutoCloseable {
    /** One reply; {@code code} is -1 when the server sent a line that is not an FTP reply at all. */
    record Reply(int code, String text) {
        boolean is(int c) {
            return code == c;
        }

        /** The reply as evidence: code and first line, control characters removed, at most 100 characters. */
        String quoted() {
            String first = text.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "").strip();
            return "\"" + (first.length() > 100 ? first.substring(0, 100) + "..." : first) + "\"";
        }
    }

    private final Conn conn;
    private final Conn.PlainSink sink = new Conn.PlainSink();
    private int pos;

    FtpControl(Conn conn) {
        this.conn = conn;
    }

    Conn conn() {
        return conn;
    }

    /** The next reply, or null when none completes within {@code wait} (silence, end of stream, byte cap). */
    Reply read(Duration wait) throws IOException {
        conn.readUntil(sink, s -> parse(false) != null, wait);
        return parse(true);
    }

    /** Sends one command line. Refuses line breaks inside it, which would smuggle in a second command. */
    void send(String command) throws IOException {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) throw new IllegalArgumentException("line break in an FTP command");
        conn.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    Reply command(String command, Duration wait) throws IOException {
        send(command);
        return read(wait);
    }

    boolean usable() {
        return !conn.eof() && !conn.expired() && !conn.exhausted();
    }

    private Reply parse(boolean consume) {
        String text = sink.text();
        int lineStart = pos;
        int code = -2;
        var sb = new StringBuilder();
        while (true) {
            int nl = text.indexOf('\n', lineStart);
            if (nl < 0) return null;
            String line = text.substring(lineStart, nl).replaceAll("\r$", "");
            lineStart = nl + 1;
            if (code == -2) {
                if (line.length() < 3 || !isCode(line) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                    if (consume) pos = lineStart;
                    return new Reply(-1, line);
                }
                code = Integer.parseInt(line.substring(0, 3));
                sb.append(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) == ' ') break;
            } else {
                boolean last = line.startsWith(code + " ") || line.equals(String.valueOf(code));
                sb.append('\n').append(line.startsWith(code + " ") || line.startsWith(code + "-") ? line.substring(4) : line);
                if (last) break;
            }
        }
        if (consume) pos = lineStart;
        return new Reply(code, sb.toString());
    }

    private static boolean isCode(String line) {
        for (int i = 0; i < 3; i++) if (line.charAt(i) < '0' || line.charAt(i) > '9') return false;
        return line.charAt(0) >= '1' && line.charAt(0) <= '5';
    }

    /** Says goodbye where the protocol has a way to, then closes. Never throws. */
    @Override
    public void close() {
        try {
            if (!conn.eof()) send("QUIT");
        } catch (IOException ignored) {
            // the server hung up first; there is nobody left to say goodbye to
        }
        conn.close();
    }
}
