package dev.warden.protocol.telnet;

import java.util.Locale;

/**
 * How a telnet client tells prompts apart, following Mirai: a line ending in ':', '>', '$', '#' or '%' is a prompt;
 * "ogin", "user", "name" or "enter" asks for the user name, "assword" for the password; "ncorrect" and its cousins
 * mean the login failed. A prompt character alone proves nothing: success is proven by running a command.
 */
public final class Prompts {
    public enum Kind { NONE, USER, PASSWORD, OTHER }

    private Prompts() {}

    /** Terminal control sequences (BusyBox ends every prompt with ESC[6n, a cursor-position query) are not text. */
    private static final java.util.regex.Pattern ANSI = java.util.regex.Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[()][A-Za-z0-9]");

    static String lastLine(String text) {
        String t = ANSI.matcher(text).replaceAll("").replaceAll("[\\s\\x00]+$", "");
        int nl = Math.max(t.lastIndexOf('\n'), t.lastIndexOf('\r'));
        return t.substring(nl + 1);
    }

    public static Kind classify(String text) {
        String line = lastLine(text);
        if (line.isEmpty()) return Kind.NONE;
        char last = line.charAt(line.length() - 1);
        if (":>$#%".indexOf(last) < 0) return Kind.NONE;
        String l = line.toLowerCase(Locale.ROOT);
        if (l.contains("assword") || l.contains("passcode")) return Kind.PASSWORD;
        if (l.contains("ogin") || l.contains("user") || l.contains("name") || l.contains("enter")) return Kind.USER;
        return Kind.OTHER;
    }

    public static boolean failed(String text) {
        String l = text.toLowerCase(Locale.ROOT);
        return l.contains("ncorrect") || l.contains("invalid") || l.contains("denied") || l.contains("fail")
                || l.contains("bad password") || l.contains("wrong");
    }
}
