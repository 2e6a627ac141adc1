package dev.warden.protocol.ftp;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;
import dev.warden.probe.ServiceProber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises FTP from its "220" greeting, then asks two questions on fresh connections: does the server offer
 * {@code AUTH TLS} (RFC 4217; the connection is dropped at once after a 234, no handshake is made), and does it let
 * {@code anonymous} in. An anonymous login counts only when {@code PWD} then answers 257; nothing is listed, read or
 * written.
 */
public final class FtpProbe implements ServiceProbe {
    static final String ANONYMOUS_PASSWORD = "warden@example.invalid";
    private static final Pattern GREETING = Pattern.compile("\\A220(?:[ -]|\\r?\\n)");
    /** A product name, optionally "FTP server" and "(version", then a dotted version: "vsFTPd 3.0.3", "ProFTPD 1.3.5e". */
    private static final Pattern SOFTWARE = Pattern.compile(
            "([A-Za-z][\\w.+-]*)(?: FTP)?(?: [Ss]erver)?[ /_(]+(?:[Vv]ersion )?v?(\\d+(?:\\.\\d+)+[a-z]?\\d*)");
    /** Words that precede numbers in greetings without naming software ("ready at 192.168.1.1"). */
    private static final Set<String> NOT_SOFTWARE = Set.of("at", "on", "to", "from", "for", "by", "is", "ready", "host",
            "ip", "address", "since", "welcome", "time", "date", "version", "port");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    @Override
    public String protocol() {
        return "ftp";
    }

    @Override
    public boolean usualPort(int port) {
        return port == 21 || port == 2121;
    }

    @Override
    public boolean serverSpeaksFirst() {
        return true;
    }

    @Override
    public Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) throws IOException {
        String text = new String(greeting, StandardCharsets.ISO_8859_1);
        if (!GREETING.matcher(text).lookingAt()) return Optional.empty();
        String shown = ServiceProber.printable(greeting);
        var facts = new HashMap<String, String>();
        facts.put("ftp.greeting", shown.replaceAll("\\s*[\\r\\n]+\\s*", " / "));
        software(text).ifPresent(v -> facts.put("ftp.software", v));
        try {
            ask(host, port, ctx, facts);
        } catch (IOException e) {
            // The greeting already proved FTP; a server that hangs up on the follow-up questions stays FTP.
            facts.put("ftp.check-error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return Optional.of(new Service(host, port, Service.Transport.TCP, "ftp", false, shown, facts));
    }

    /** The software and version a greeting names, if any. */
    static Optional<String> software(String greeting) {
        Matcher m = SOFTWARE.matcher(greeting.length() > 1024 ? greeting.substring(0, 1024) : greeting);
        while (m.find()) {
            if (NOT_SOFTWARE.contains(m.group(1).toLowerCase(Locale.ROOT)) || IPV4.matcher(m.group(2)).matches()) continue;
            return Optional.of(m.group(1) + " " + m.group(2));
        }
        return Optional.empty();
    }

    private static void ask(String host, int port, ProbeContext ctx, Map<String, String> facts) throws IOException {
        FtpControl c = connect(host, port, ctx);
        if (c == null) return;
        try {
            FtpControl.Reply tls = c.command("AUTH TLS", ctx.probeTimeout());
            if (tls != null && tls.is(234)) {
                facts.put("ftp.auth-tls", "true");
                // The server now waits for a TLS handshake; anything but one is a protocol error. Hang up instead.
                c.conn().close();
                c = connect(host, port, ctx);
                if (c == null) return;
            } else if (tls != null && tls.code() >= 400) {
                facts.put("ftp.auth-tls", "false");
            }
            anonymous(c, ctx, facts);
        } finally {
            if (c != null) c.close();
        }
    }

    private static FtpControl connect(String host, int port, ProbeContext ctx) throws IOException {
        var c = new FtpControl(ctx.open(host, port));
        FtpControl.Reply greeting = c.read(ctx.probeTimeout().dividedBy(2));
        if (greeting == null || !greeting.is(220)) {
            c.conn().close();
            return null;
        }
        return c;
    }

    private static void anonymous(FtpControl c, ProbeContext ctx, Map<String, String> facts) throws IOException {
        FtpControl.Reply user = c.command("USER anonymous", ctx.probeTimeout());
        if (user == null) return;
        String evidence = "USER anonymous answered " + user.code() + " " + user.quoted();
        FtpControl.Reply pass = user;
        if (user.is(331)) {
            pass = c.command("PASS " + ANONYMOUS_PASSWORD, ctx.failureWait());
            if (pass == null) return;
            evidence += ", PASS " + ANONYMOUS_PASSWORD + " answered " + pass.code() + " " + pass.quoted();
        }
        if (pass.is(230)) {
            FtpControl.Reply pwd = c.command("PWD", ctx.probeTimeout());
            if (pwd != null && pwd.is(257)) {
                facts.put("ftp.anonymous", "true");
                facts.put("ftp.anonymous-evidence", evidence + ", PWD answered 257 " + pwd.quoted());
            }
        } else if (pass.is(530) || pass.is(332)) {
            facts.put("ftp.anonymous", "false");
        }
    }
}
