package dev.warden.emulator;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Devices that misbehave on purpose, to prove an audit cannot be stalled, flooded or crashed by them. */
public final class Hostile {
    private Hostile() {}

    /** Drips a login banner one byte a second, forever: a tarpit. */
    public static Handler tarpit() {
        return socket -> {
            var out = socket.getOutputStream();
            byte[] text = "Welcome to the slowest device on your network. login: ".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; ; i++) {
                out.write(text[i % text.length]);
                out.flush();
                TelnetDevice.sleep(1000);
            }
        };
    }

    /** Sends random binary junk as fast as the client reads it, for up to a minute. */
    public static Handler junk(long seed) {
        return socket -> {
            var out = socket.getOutputStream();
            var random = new SplittableRandom(seed);
            byte[] buf = new byte[4096];
            long end = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < end) {
                random.nextBytes(buf);
                out.write(buf);
            }
        };
    }

    /** Accepts and resets at once (RST instead of FIN). */
    public static Handler reset() {
        return socket -> socket.setSoLinger(true, 0);
    }

    /**
     * A banner full of '#', '$' and '>' that looks like prompts and a shell but has no login: whatever is typed is echoed
     * back verbatim, nothing is evaluated. Mirai-style prompt matching would call this a login; Warden must not.
     */
    public static Handler promptDecoy() {
        return socket -> {
            var out = socket.getOutputStream();
            BusyBoxShell.write(out, "#################################\r\n# $$$ WELCOME $$$ >>> SYSTEM >>> #\r\n"
                    + "#################################\r\nstatus> ok #\r\n$ ");
            var in = new LineReader(socket.getInputStream());
            String line;
            int n = 0;
            while ((line = in.readLine()) != null && n++ < 200) {
                BusyBoxShell.write(out, line + "\r\n>>> unknown input #\r\n$ ");
            }
        };
    }
}
