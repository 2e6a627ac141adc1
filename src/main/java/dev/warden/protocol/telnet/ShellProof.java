package dev.warden.protocol.telnet;

import dev.warden.net.Conn;
import dev.warden.probe.ProbeContext;

import java.io.IOException;
import java.time.Duration;

/**
 * Proves that a shell runs commands: sends {@code echo A''B} with two random halves and waits for {@code AB}. A device
 * that only echoes what it receives shows {@code A''B}; a banner full of '#' and '$' shows neither. Only a shell that
 * evaluated the quotes prints the joined token. The command changes nothing on the device.
 *
 * <p>A shell prints a command's output before its next prompt, so once the command line has come back followed by a
 * prompt, the answer is in: the proof waits only {@link ProbeContext#shellGrace()} more (for a device whose echo ran
 * ahead of a late prompt) instead of the whole wait.
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
        String command = "echo " + a + "''" + b;
        reader.mark();
        conn.write(command + "\r\n");
        long until = System.nanoTime() + wait.toNanos();
        conn.readUntil(reader, r -> reader.sinceMark().contains(expected) || answered(reader.sinceMark(), command), wait);
        long left = until - System.nanoTime();
        if (!reader.sinceMark().contains(expected) && left > 0) {
            conn.readUntil(reader, r -> reader.sinceMark().contains(expected), Duration.ofNanos(Math.min(left, ctx.shellGrace().toNanos())));
        }
        return reader.sinceMark().contains(expected) ? "ran '" + command + "', the device printed " + expected : null;
    }

    /** The command line came back and a prompt followed it on a later line: the device is done with the command. */
    static boolean answered(String reply, String command) {
        int at = reply.lastIndexOf(command);
        if (at < 0) return false;
        String after = reply.substring(at + command.length());
        int nl = after.indexOf('\n');
        int cr = after.indexOf('\r');
        if (nl < 0 || cr >= 0 && cr < nl) nl = cr;
        return nl >= 0 && Prompts.classify(after.substring(nl)) != Prompts.Kind.NONE;
    }
}
