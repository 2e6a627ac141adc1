package dev.warden.watch.netflow;

import dev.warden.watch.flow.FlowListener;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Receives NetFlow v5/v9 and IPFIX datagrams on a UDP socket and decodes them into the engine, on the calling thread
 * (the engine is single-threaded). Templates are kept per exporter address. Each datagram's export time, not this
 * machine's clock, moves time on.
 */
public final class NetFlowCollector implements AutoCloseable {
    private final DatagramSocket socket;
    private final FlowDecoder decoder;
    private final byte[] buf;

    /** Binds to {@code address} (use port 0 for any free port). */
    public NetFlowCollector(InetSocketAddress address, FlowDecoder.Limits limits, int maxDatagram) throws SocketException {
        this.socket = new DatagramSocket(address);
        this.decoder = new FlowDecoder(limits);
        this.buf = new byte[Math.min(Math.max(maxDatagram, 1500), 65535)];
    }

    public int port() {
        return socket.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public DecodeStats stats() {
        return decoder.stats();
    }

    /**
     * Receives and decodes until {@code stop} says so (checked at least every {@code pollMillis}) or the socket is
     * closed.
     */
    public void run(FlowListener out, BooleanSupplier stop, int pollMillis) throws IOException {
        socket.setSoTimeout(Math.max(1, pollMillis));
        var packet = new DatagramPacket(buf, buf.length);
        while (!stop.getAsBoolean()) {
            packet.setLength(buf.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (SocketException e) {
                if (socket.isClosed()) return;
                throw e;
            }
            decoder.decode(packet.getData(), packet.getOffset(), packet.getLength(), packet.getAddress().getHostAddress(), out);
        }
    }

    /** Counts what still waits for templates as skipped. */
    public void finish() {
        decoder.finish();
    }

    @Override
    public void close() {
        socket.close();
    }
}
