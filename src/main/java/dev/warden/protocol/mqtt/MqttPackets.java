package dev.warden.protocol.mqtt;

import dev.warden.net.Conn;
import dev.warden.net.Tls;
import dev.warden.probe.ProbeContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The three MQTT 3.1.1 packets Warden ever handles (OASIS MQTT 3.1.1, section 3): CONNECT out, CONNACK in, DISCONNECT
 * out. SUBSCRIBE and PUBLISH are deliberately absent: Warden checks who may connect, never what a broker carries.
 */
final class MqttPackets {
    static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};
    static final int KEEP_ALIVE_SECONDS = 10;
    private static final int MAX_REMAINING_LENGTH = 268_435_455;

    enum State { INCOMPLETE, CONNACK, INVALID }

    /** What arrived so far: a complete CONNACK with its return code, not yet enough bytes, or something else. */
    record Connack(State state, int code) {
        static final Connack INCOMPLETE = new Connack(State.INCOMPLETE, -1);
        static final Connack INVALID = new Connack(State.INVALID, -1);
    }

    private MqttPackets() {}

    /** A clean-session CONNECT; {@code user} and {@code password} may be null for an anonymous one. */
    static byte[] connect(String clientId, String user, String password) {
        var body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(4); // protocol level 4 = MQTT 3.1.1
        int flags = 0x02; // clean session: leave no state behind on the broker
        if (user != null) flags |= 0x80;
        if (user != null && password != null) flags |= 0x40; // 3.1.1 allows a password only with a user name
        body.write(flags);
        body.write(KEEP_ALIVE_SECONDS >> 8);
        body.write(KEEP_ALIVE_SECONDS & 0xff);
        string(body, clientId);
        if (user != null) string(body, user);
        if (user != null && password != null) string(body, password);
        var packet = new ByteArrayOutputStream();
        packet.write(0x10);
        remainingLength(packet, body.size());
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    /** The variable-length "remaining length" (section 2.2.3): seven bits a byte, high bit set while more follow. */
    static void remainingLength(ByteArrayOutputStream out, int n) {
        if (n < 0 || n > MAX_REMAINING_LENGTH) throw new IllegalArgumentException("MQTT remaining length out of range: " + n);
        do {
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 65_535) throw new IllegalArgumentException("MQTT string longer than 65535 bytes");
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }

    /**
     * Reads a CONNACK from the start of {@code b}: type 2 with no flags, remaining length exactly 2, reserved bits clear
     * and a return code of 0 to 5. Anything else is INVALID as soon as it shows, so junk is never read further.
     */
    static Connack connack(byte[] b) {
        if (b.length == 0) return Connack.INCOMPLETE;
        if ((b[0] & 0xff) != 0x20) return Connack.INVALID;
        int length = 0, i = 1;
        while (true) {
            if (i > 4) return Connack.INVALID; // at most four length bytes
            if (i >= b.length) return Connack.INCOMPLETE;
            int digit = b[i] & 0xff;
            length += (digit & 0x7f) << (7 * (i - 1));
            i++;
            if ((digit & 0x80) == 0) break;
        }
        if (length != 2) return Connack.INVALID;
        if (b.length < i + 2) return Connack.INCOMPLETE;
        int ackFlags = b[i] & 0xff, code = b[i + 1] & 0xff;
        if ((ackFlags & 0xfe) != 0 || code > 5) return Connack.INVALID;
        return new Connack(State.CONNACK, code);
    }

    static String meaning(int code) {
        return switch (code) {
            case 0 -> "connection accepted";
            case 1 -> "unacceptable protocol version";
            case 2 -> "identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorized";
            default -> "unknown";
        };
    }

    /** Opens a connection through the dialer, with TLS when asked (port 8883), reads bounded as always. */
    static Conn open(ProbeContext ctx, String host, int port, boolean tls) throws IOException {
        Socket socket = ctx.dialer().connect(InetAddress.ofLiteral(host), port);
        if (tls) {
            try {
                socket = Tls.wrap(socket, host, port, ctx.probeTimeout());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }
        return new Conn(socket, ctx.probeTimeout(), ctx.maxBannerBytes());
    }

    /** Sends a CONNECT and reads until a CONNACK is complete or clearly is not one. */
    static Connack exchange(Conn conn, byte[] connect, ProbeContext ctx) throws IOException {
        conn.write(connect);
        var sink = new Conn.PlainSink();
        conn.readUntil(sink, s -> connack(sink.bytes()).state() != State.INCOMPLETE, ctx.probeTimeout());
        return connack(sink.bytes());
    }
}
