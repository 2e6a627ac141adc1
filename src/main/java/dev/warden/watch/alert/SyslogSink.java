package dev.warden.watch.alert;

import dev.warden.assess.Severity;
import dev.warden.watch.incident.Incident;
import dev.warden.watch.incident.IncidentListener;
import dev.warden.watch.report.IncidentReport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends each incident event as an RFC 5424 syslog message over UDP (RFC 5426):
 *
 * <pre>
 * &lt;PRI&gt;1 TIMESTAMP HOSTNAME warden - incident-opened [warden@32473 id="I3" device="192.168.1.195" mac="-" detector="ddos-syn"
 *     severity="critical" key="71.61.66.148"] BOM explanation
 * </pre>
 *
 * PRI is the facility ({@code watch.alert.syslog-facility}, local0 by default) times 8 plus the severity (critical 2,
 * high 3, medium 4, low 5, info 6). TIMESTAMP is event time (when the incident opened or last grew), not this machine's
 * clock. 32473 is the private enterprise number RFC 5612 reserves for examples; a site with its own number can change
 * it. Messages longer than {@code watch.alert.syslog-max-bytes} are cut at a character boundary. A send that fails is
 * counted, never thrown: alerting must not stop detection.
 */
public final class SyslogSink implements IncidentListener {
    static final String SD_ID = "warden@32473";

    private final DatagramSocket socket;
    private final InetSocketAddress target;
    private final int facility, maxBytes;
    private final String hostname;
    private long sent, failed;

    public SyslogSink(InetSocketAddress target, int facility, int maxBytes, String hostname) throws SocketException {
        if (facility < 0 || facility > 23) throw new IllegalArgumentException("syslog facility " + facility + " is not 0-23");
        this.socket = new DatagramSocket();
        this.target = target;
        this.facility = facility;
        this.maxBytes = Math.max(480, maxBytes); // RFC 5426: every receiver takes 480 bytes
        String h = hostname == null ? "" : hostname.replaceAll("[^\\x21-\\x7E]", "");
        this.hostname = h.isEmpty() ? "-" : h.substring(0, Math.min(255, h.length()));
    }

    /** Parses HOST:PORT (an address; [v6]:port for IPv6). */
    public static InetSocketAddress parseTarget(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("--syslog '" + spec + "': expected HOST:PORT");
        String host = spec.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--syslog '" + spec + "': the port must be a number");
        }
        if (port < 1 || port > 65535) throw new IllegalArgumentException("--syslog '" + spec + "': port out of range");
        return new InetSocketAddress(host, port);
    }

    @Override
    public void opened(Incident i) {
        send(i, "incident-opened", i.detectedAt());
    }

    @Override
    public void updated(Incident i) {
        send(i, "incident-updated", i.updatedAt());
    }

    @Override
    public void closed(Incident i) {
        send(i, "incident-closed", i.updatedAt());
    }

    static int severityCode(Severity s) {
        return switch (s) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
            case INFO -> 6;
        };
    }

    /** The message bytes, as sent (exposed for tests). */
    byte[] format(Incident i, String msgId, long time) {
        var sb = new StringBuilder();
        sb.append('<').append(facility * 8 + severityCode(i.severity())).append(">1 ");
        sb.append(time == Long.MIN_VALUE ? "-" : IncidentReport.iso(time)).append(' ');
        sb.append(hostname).append(" warden - ").append(msgId).append(' ');
        sb.append('[').append(SD_ID);
        param(sb, "id", i.id());
        param(sb, "device", i.device().ip());
        param(sb, "mac", i.device().mac() == null ? "-" : i.device().mac());
        param(sb, "detector", i.detector());
        param(sb, "severity", i.severity().label());
        param(sb, "key", i.key());
        for (Map.Entry<String, Number> f : i.figures().entrySet()) param(sb, f.getKey(), String.valueOf(f.getValue()));
        sb.append("] ");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] msg = i.explanation().getBytes(StandardCharsets.UTF_8);
        int room = Math.max(0, maxBytes - head.length - 3);
        int n = Math.min(msg.length, room);
        while (n > 0 && n < msg.length && (msg[n] & 0xC0) == 0x80) n--; // never cut a UTF-8 character in half
        byte[] out = new byte[Math.min(head.length, maxBytes) + (head.length + 3 <= maxBytes ? 3 + n : 0)];
        System.arraycopy(head, 0, out, 0, Math.min(head.length, maxBytes));
        if (head.length + 3 <= maxBytes) {
            out[head.length] = (byte) 0xEF; // BOM: the message is UTF-8 (RFC 5424 6.4)
            out[head.length + 1] = (byte) 0xBB;
            out[head.length + 2] = (byte) 0xBF;
            System.arraycopy(msg, 0, out, head.length + 3, n);
        }
        return out;
    }

    private static void param(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name.replaceAll("[^\\x21-\\x7E]|[= \\]\"]", "_")).append("=\"");
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '"' || c == '\\' || c == ']') sb.append('\\');
            sb.append(c);
        }
        sb.append('"');
    }

    private void send(Incident i, String msgId, long time) {
        byte[] b = format(i, msgId, time);
        try {
            socket.send(new DatagramPacket(b, b.length, target));
            sent++;
        } catch (IOException e) {
            failed++;
        }
    }

    public long sent() {
        return sent;
    }

    public long failed() {
        return failed;
    }

    @Override
    public void close() {
        socket.close();
    }
}
