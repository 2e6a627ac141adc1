package dev.warden.protocol.ssh;

import dev.warden.probe.ProbeContext;
import dev.warden.probe.Service;
import dev.warden.probe.ServiceProbe;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises SSH from the identification line the server sends first ({@code SSH-2.0-dropbear_2019.78}, RFC 4253
 * 4.2). Nothing is sent: the greeting the prober already read names the protocol version and the software.
 */
public final class SshProbe implements ServiceProbe {
    /** RFC 4253 caps the line at 255 characters; anything longer is not an SSH server speaking. */
    static final int MAX_LINE = 255;
    private static final Pattern IDENT = Pattern.compile("SSH-(\\d+\\.\\d+)-([\\x21-\\x7e]+)(?: (.*))?");

    public record Identification(String line, String protocol, String software, String comments) {}

    @Override
    public String protocol() {
        return "ssh";
    }

    @Override
    public boolean usualPort(int port) {
        return port == 22 || port == 2222;
    }

    @Override
    public boolean serverSpeaksFirst() {
        return true;
    }

    @Override
    public Optional<Service> probe(String host, int port, byte[] greeting, ProbeContext ctx) {
        return identification(greeting).map(id -> {
            var facts = new HashMap<String, String>();
            facts.put("ssh.version", id.line());
            facts.put("ssh.protocol", id.protocol());
            facts.put("ssh.software", id.software());
            if (id.comments() != null) facts.put("ssh.comments", id.comments());
            return new Service(host, port, Service.Transport.TCP, "ssh", false, id.line(), facts);
        });
    }

    /**
     * The identification line from a greeting. RFC 4253 lets a server send other lines first, so every line is looked
     * at; a line longer than {@link #MAX_LINE} is ignored, so a flood of junk proves nothing. The software name may
     * contain '-' although the RFC forbids it: real devices send {@code SSH-2.0-Cisco-1.25}.
     */
    public static Optional<Identification> identification(byte[] greeting) {
        String text = new String(greeting, StandardCharsets.ISO_8859_1);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            String line = (nl < 0 ? text.substring(start) : text.substring(start, nl));
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.startsWith("SSH-") && line.length() <= MAX_LINE) {
                Matcher m = IDENT.matcher(line);
                if (m.matches()) {
                    String comments = m.group(3) == null ? null : m.group(3).replaceAll("\\p{Cntrl}", "").strip();
                    return Optional.of(new Identification(line.replaceAll("\\p{Cntrl}", ""), m.group(1), m.group(2),
                            comments == null || comments.isEmpty() ? null : comments));
                }
            }
            if (nl < 0) break;
            start = nl + 1;
        }
        return Optional.empty();
    }
}
