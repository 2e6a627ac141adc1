package dev.warden.protocol;

import dev.warden.net.Dialer;
import dev.warden.net.RateLimiter;
import dev.warden.probe.ProbeContext;
import dev.warden.target.ScopeGuard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Loopback-only fixtures for the protocol tests: tiny servers on 127.30.0.x that speak just enough of a protocol, and
 * probe contexts whose scope is 127.0.0.0/8, so no test can reach any other address.
 */
public final class TestNet {
    private TestNet() {}

    /** The context the protocol tests use: 3 s probes and failure waits, 16 KiB reads. */
    public static ProbeContext ctx() {
        return new ProbeContext(new Dialer(ScopeGuard.parse("127.0.0.0/8"), RateLimiter.unlimited(), Duration.ofSeconds(2)),
                Duration.ofSeconds(3), Duration.ofSeconds(3), 16384, new Random(1), Duration.ofMillis(300));
    }

    /** Short timeouts for the hostile cases (silent and flooding servers), so they stay fast. */
    public static ProbeContext quickCtx() {
        return new ProbeContext(new Dialer(ScopeGuard.parse("127.0.0.0/8"), RateLimiter.unlimited(), Duration.ofSeconds(1)),
                Duration.ofMillis(800), Duration.ofMillis(800), 16384, new Random(2), Duration.ofMillis(300));
    }

    public static InetAddress addr(int last) {
        return InetAddress.ofLiteral("127.30.0." + last);
    }

    public interface Handler {
        void handle(Socket s, InputStream in, OutputStream out) throws IOException;
    }

    /** A TCP server; each connection runs the handler on its own virtual thread. */
    public static final class Tcp implements AutoCloseable {
        private final ServerSocket server;
        private final ConcurrentLinkedQueue<Socket> clients = new ConcurrentLinkedQueue<>();
        public final AtomicInteger connections = new AtomicInteger();

        public Tcp(int last, Handler handler) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(addr(last), 0));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (IOException e) {
                        return;
                    }
                    connections.incrementAndGet();
                    clients.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            handler.handle(s, s.getInputStream(), s.getOutputStream());
                        } catch (IOException ignored) {
                            // the client went away: normal for a fixture
                        }
                    });
                }
            });
        }

        public String host() {
            return server.getInetAddress().getHostAddress();
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : clients) s.close();
        }
    }

    /** A UDP server answering each datagram with the datagrams {@code reply} returns (none for silence). */
    public static final class Udp implements AutoCloseable {
        private final DatagramSocket socket;
        public final ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();

        public Udp(int last, Function<byte[], List<byte[]>> reply) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(addr(last), 0));
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[65_535];
                while (!socket.isClosed()) {
                    var p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                        byte[] req = java.util.Arrays.copyOf(buf, p.getLength());
                        received.add(req);
                        for (byte[] r : reply.apply(req)) socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        public String host() {
            return socket.getLocalAddress().getHostAddress();
        }

        public int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Reads one CRLF- or LF-terminated line (at most 4 KiB), or null at end of stream. */
    public static String readLine(InputStream in) throws IOException {
        var sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && sb.length() < 4096) {
            if (b == '\n') return sb.toString().replaceAll("\r$", "");
            sb.append((char) b);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    public static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Writes junk until the peer goes away (or 64 MiB, so a broken test cannot run forever). */
    public static void flood(OutputStream out) throws IOException {
        byte[] junk = new byte[8192];
        new Random(7).nextBytes(junk);
        for (int i = 0; i < 8192; i++) out.write(junk);
    }

    /** Holds the connection open without a word until the peer closes. */
    public static void silence(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
            // swallow what the client says
        }
    }
}
