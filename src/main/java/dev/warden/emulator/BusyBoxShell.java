package dev.warden.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of a BusyBox ash shell for an emulated device: echo (with shell quote removal), the busybox applet check
 * bots use, exit; everything else is "not found". Nothing a client types changes the emulated device.
 */
final class BusyBoxShell {
    private BusyBoxShell() {}

    static void run(LineReader in, OutputStream out, String prompt) throws IOException {
        write(out, prompt);
        String line;
        while ((line = in.readLine()) != null) {
            String cmd = line.strip();
            if (cmd.equals("exit") || cmd.equals("logout")) return;
            if (cmd.startsWith("echo ")) {
                write(out, unquote(cmd.substring(5)) + "\r\n");
            } else if (cmd.startsWith("/bin/busybox ")) {
                String applet = cmd.substring(13).strip().split("\\s+")[0];
                write(out, applet + ": applet not found\r\n");
            } else if (!cmd.isEmpty() && !cmd.equals("sh") && !cmd.equals("shell") && !cmd.equals("enable") && !cmd.equals("system")) {
                write(out, "-sh: " + cmd.split("\\s+")[0] + ": not found\r\n");
            }
            write(out, prompt);
        }
    }

    /** Removes shell quotes the way sh does for simple words: 'a''b' and "a""b" both become ab. */
    static String unquote(String s) {
        var sb = new StringBuilder();
        char quote = 0;
        for (char c : s.toCharArray()) {
            if (quote == 0 && (c == '\'' || c == '"')) quote = c;
            else if (c == quote) quote = 0;
            else sb.append(c);
        }
        return sb.toString();
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
