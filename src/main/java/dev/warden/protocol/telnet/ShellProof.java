package dev.warden.protocol.telnet;

import dev.warden.net.Conn;
import dev.warden.probe.ProbeContext;

import java.io.IOException;
import java.time.Duration;

/**
 * Proves that a shell runs commands: sends {@code echo A''B} with two random halves and waits for {@code AB}. A device
 * that only echoes what it receives shows {@code A''B}; a banner full of '#' and '$' shows neither. Only a shell that
 * evaluated the quotes prints the joined token. The command changes nothing on the device.
 */
public final class ShellProof {
    private ShellProof() {}

    /** Returns the evidence line when proven, or null. Tries Mirai's escalation words once when the first echo fails. */
    public static String prove(Conn conn, TelnetReader reader, ProbeContext ctx, Duration wait) throws IOException {
        if (echo(conn, reader, ctx, wait) instanceof String proof) return proof;
        if (conn.eof()) return null;
        // Some CLIs need "enable", "system", "shell" or "sh" before a shell answers (Mirai sends all four).
        for (String word : new String[]{"enable", "system", "shell", "sh"}) conn.write(word + "\r\n");
        return echo(conn, reader, ctx, wait);
    }

    private static String echo(Conn conn, TelnetReader reader, ProbeContext ctx, Duration wait) throws IOException {
        String a = ctx.token(4), b = ctx.token(4);
        String expected = a + b;
        reader.mark();
        conn.write("echo " + a + "''" + b + "\r\n");
        boolean seen = conn.readUntil(reader, r -> reader.sinceMark().contains(expected), wait);
        return seen ? "ran 'echo " + a + "''" + b + "', the device printed " + expected : null;
    }
}
