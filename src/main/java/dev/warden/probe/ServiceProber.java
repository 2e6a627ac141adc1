package dev.warden.probe;

import dev.warden.net.Conn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identifies the protocol behind an open TCP port: read what the device says unprompted, let the server-first probes
 * recognise it, then let the client-first probes ask in turn (those usual for the port first). What nobody recognises
 * is kept as "unknown" with its banner, so that no open port is silently dropped.
 */
public final class ServiceProber {
    private final List<ServiceProbe> probes;
    private final Duration greetingWait;

    public ServiceProber(List<ServiceProbe> probes, Duration greetingWait) {
        this.probes = List.copyOf(probes);
        this.greetingWait = greetingWait;
    }

    public Service identify(String host, int port, ProbeContext ctx) {
        byte[] greeting = new byte[0];
        String failure = null;
        boolean clientFirstPort = probes.stream().anyMatch(p -> !p.serverSpeaksFirst() && p.usualPort(port));
        if (!clientFirstPort) {
            try (Conn conn = ctx.open(host, port)) {
                // Where a server-first protocol is usual (telnet, SSH, FTP), a slow device gets the whole probe budget to greet.
                boolean greeterPort = probes.stream().anyMatch(p -> p.serverSpeaksFirst() && p.usualPort(port));
                greeting = conn.readAvailable(greeterPort ? ctx.probeTimeout() : greetingWait, Duration.ofMillis(300));
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        var ordered = new ArrayList<>(probes);
        ordered.sort(Comparator.comparing((ServiceProbe p) -> !p.usualPort(port)));
        for (ServiceProbe p : ordered) {
            if (p.serverSpeaksFirst() && greeting.length == 0) continue;
            try {
                Optional<Service> s = p.probe(host, port, greeting, ctx);
                if (s.isPresent()) return s.get();
            } catch (IOException | RuntimeException e) {
                if (e instanceof dev.warden.target.OutOfScopeException oos) throw oos;
                failure = p.protocol() + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        var facts = failure == null ? Map.<String, String>of() : Map.of("probe.error", failure);
        return new Service(host, port, Service.Transport.TCP, "unknown", false, printable(greeting), facts);
    }

    /** A banner as people can read it: text when it is text, hex when it is binary, never more than 256 characters. */
    public static String printable(byte[] bytes) {
        int binary = 0;
        for (byte b : bytes) if ((b < 32 && b != '\r' && b != '\n' && b != '\t') || b == 127) binary++;
        if (bytes.length > 0 && binary * 10 > bytes.length) {
            return "hex:" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64));
        }
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[\\p{Cntrl}&&[^\r\n\t]]", "").strip();
        return s.length() > 256 ? s.substring(0, 256) : s;
    }
}
