package dev.warden.net;

import dev.warden.target.ScopeGuard;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only way Warden code reaches a device. Each call passes the scope guard before a packet leaves, then the global
 * rate limit; the counters let tests prove that an out-of-scope address was never contacted.
 */
public final class Dialer {
    private final ScopeGuard guard;
    private final RateLimiter limiter;
    private final Duration connectTimeout;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong datagrams = new AtomicLong();

    public Dialer(ScopeGuard guard, RateLimiter limiter, Duration connectTimeout) {
        this.guard = guard;
        this.limiter = limiter;
        this.connectTimeout = connectTimeout;
    }

    public ScopeGuard guard() {
        return guard;
    }

    /** Opens a TCP connection; the caller owns the socket. */
    public Socket connect(InetAddress address, int port) throws IOException {
        guard.require(address);
        limiter.acquire();
        connects.incrementAndGet();
        var socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Opens a connection wrapped with a deadline for all reads and a cap on the bytes read. */
    public Conn open(InetAddress address, int port, Duration budget, int maxBytes) throws IOException {
        return new Conn(connect(address, port), budget, maxBytes);
    }

    /** Sends one datagram and waits for one answer, or empty when none arrives in time. */
    public Optional<byte[]> request(InetAddress address, int port, byte[] payload, Duration wait) throws IOException {
        guard.require(address);
        limiter.acquire();
        datagrams.incrementAndGet();
        try (var socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            socket.send(new DatagramPacket(payload, payload.length, address, port));
            var buf = new byte[65_507];
            long until = System.nanoTime() + wait.toNanos();
            // Only the asked host's answer counts (from any port: SSDP answers from another one); strays are dropped.
            while (true) {
                var packet = new DatagramPacket(buf, buf.length);
                long left = until - System.nanoTime();
                if (left <= 0) return Optional.empty();
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return Optional.empty();
                }
                if (packet.getAddress().equals(address)) return Optional.of(java.util.Arrays.copyOf(buf, packet.getLength()));
            }
        }
    }

    public long connectsAttempted() {
        return connects.get();
    }

    public long datagramsSent() {
        return datagrams.get();
    }
}
