package dev.warden.protocol.telnet;

import dev.warden.net.Conn;
import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;

/**
 * Recognises telnet from option negotiation (IAC) or a login prompt in the greeting. When the greeting ends in a shell
 * prompt and asks for no login, it checks on a fresh connection whether a command really runs: a banner full of '#'
 * proves nothing, an echoed token does.
 */
public final class TelnetProbe implements ServiceProbe {
    /**
     * An SSH identification or an FTP greeting belongs to those protocols even on telnet's ports: the prober asks the
     * probes usual for a port first, so on 23 and 2323 this probe sees them before the SSH and FTP probes do.
     */
    private static final java.util.regex.Pattern OTHER_PROTOCOL = java.util.regex.Pattern.compile("\\A(?:SSH-\\d+\\.\\d+-|220[ -])");

    @Override
    public String protocol() {
        return "telnet";
    }

    @Override
    public boolean usualPort(int port) {
        return port == 23 || port == 2323;
    }

    @Override
    public boolean serverSpeaksFirst() {
        return true;
    }

    @Override
    public Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) throws IOException {
        boolean iac = greeting.length > 0 && (greeting[0] & 0xff) == TelnetReader.IAC;
        String text = strip(greeting);
        if (!iac && OTHER_PROTOCOL.matcher(text).lookingAt()) return Optional.empty();
        Prompts.Kind kind = Prompts.classify(text);
        boolean printable = dev.warden.probe.ServiceProber.printable(greeting).startsWith("hex:") == false;
        if (!iac && kind != Prompts.Kind.USER && kind != Prompts.Kind.PASSWORD && !(usualPort(port) && printable && !text.isBlank())) {
            return Optional.empty();
        }
        var facts = new HashMap<String, String>();
        facts.put("telnet.negotiates", Boolean.toString(iac));
        facts.put("telnet.prompt", Prompts.lastLine(text));
        facts.put("telnet.login-prompt", Boolean.toString(kind == Prompts.Kind.USER || kind == Prompts.Kind.PASSWORD));
        if (kind == Prompts.Kind.OTHER) {
            try (Conn conn = ctx.open(host, port)) {
                var reader = new TelnetReader(conn);
                conn.readUntil(reader, r -> Prompts.classify(reader.all()) != Prompts.Kind.NONE, ctx.probeTimeout().dividedBy(2));
                if (Prompts.classify(reader.all()) == Prompts.Kind.OTHER) {
                    String proof = ShellProof.prove(conn, reader, ctx, Duration.ofSeconds(3));
                    if (proof != null) {
                        facts.put("telnet.shell-without-login", "true");
                        facts.put("telnet.shell-proof", proof);
                    }
                }
            }
        }
        return Optional.of(new Service(host, port, Service.Transport.TCP, "telnet", false,
                dev.warden.probe.ServiceProber.printable(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), facts));
    }

    /** The greeting without telnet commands (IAC sequences). */
    static String strip(byte[] g) {
        var sb = new StringBuilder();
        for (int i = 0; i < g.length; i++) {
            int b = g[i] & 0xff;
            if (b == TelnetReader.IAC && i + 1 < g.length) {
                int v = g[i + 1] & 0xff;
                if (v == TelnetReader.IAC) { sb.append((char) 255); i++; }
                else if (v == TelnetReader.SB) { while (i + 1 < g.length && !((g[i] & 0xff) == TelnetReader.IAC && (g[i + 1] & 0xff) == TelnetReader.SE)) i++; i++; }
                else if (v >= TelnetReader.WILL) i += 2;
                else i++;
            } else if (b != 0) {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
