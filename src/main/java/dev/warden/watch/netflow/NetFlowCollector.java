package dev.warden.watch.netflow;

import dev.warden.watch.flow.FlowListener;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Receives NetFlow v5/v9 and IPFIX datagrams on a UDP socket and decodes them into the engine. Templates are kept per
 * exporter address. Each datagram's export time, not this machine's clock, moves time on.
 *
 * <p>Exporters send in bursts (every flow of a cache flush at once), faster than the engine takes them in while it is
 * busy: a datagram the socket's buffer has no room for is lost without a trace. So one thread does nothing but move
 * datagrams from the socket into a queue of at most {@code queueBytes}, and the calling thread decodes them (the
 * engine is single-threaded); the socket asks the kernel for a receive buffer of {@code receiveBufferBytes}, and what
 * the kernel granted is told by {@link #receiveBufferBytes()}. What is lost all the same is counted: datagrams the
 * full queue turned away, and, from the exporters' sequence numbers, what never reached this machine.
 */
public final class NetFlowCollector implements AutoCloseable {
    private final DatagramSocket socket;
    private final FlowDecoder decoder;
    private final int maxDatagram;
    private final long queueBytes;
    private final InetSocketAddress bound;
    private final LinkedBlockingQueue<Datagram> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong(), dropped = new AtomicLong();
    private volatile IOException receiveFailure;
    /** Set when the run stops: the receiving thread empties the socket's buffer, then ends. */
    private volatile boolean stopping;
    private Thread receiver;
    /** Heap a queued datagram costs beside its bytes (its record, array header, queue node): empty datagrams are not free. */
    static final int DATAGRAM_OVERHEAD = 96;
    /** How long the receiving thread waits on a quiet socket before it looks whether the run stopped. */
    private static final int RECEIVE_POLL_MILLIS = 50;
    /** At a stop, the longest the receiving thread goes on emptying the socket's buffer. */
    static final int STOP_DRAIN_MILLIS = 200;
    private volatile long stopUntil;

    private record Datagram(byte[] data, String exporter) {}

    /** Binds to {@code address} (use port 0 for any free port). */
    public NetFlowCollector(InetSocketAddress address, FlowDecoder.Limits limits, int maxDatagram, int receiveBufferBytes, long queueBytes)
            throws SocketException {
        int largest = Math.min(Math.max(maxDatagram, 1500), 65535);
        if (receiveBufferBytes < 1) throw new IllegalArgumentException("watch.netflow.receive-buffer-bytes must be at least 1, not " + receiveBufferBytes);
        if (queueBytes < largest + DATAGRAM_OVERHEAD) { // a smaller queue would turn every datagram away without a word
            throw new IllegalArgumentException("watch.netflow.queue-bytes (" + queueBytes + ") must hold at least one datagram of "
                    + "watch.netflow.max-datagram-bytes (" + largest + ") and " + DATAGRAM_OVERHEAD + " bytes: at least " + (largest + DATAGRAM_OVERHEAD));
        }
        this.socket = new DatagramSocket(null);
        try {
            socket.setReceiveBufferSize(receiveBufferBytes);
            socket.setSoTimeout(RECEIVE_POLL_MILLIS);
            socket.bind(address);
        } catch (SocketException | RuntimeException e) {
            socket.close();
            throw e;
        }
        this.bound = (InetSocketAddress) socket.getLocalSocketAddress();
        this.decoder = new FlowDecoder(limits);
        this.maxDatagram = largest;
        this.queueBytes = queueBytes;
    }

    /** The port listened on (also after the socket closed). */
    public int port() {
        return bound.getPort();
    }

    public InetSocketAddress address() {
        return bound;
    }

    /** The receive buffer the kernel granted (Linux caps the request at {@code net.core.rmem_max}, and doubles it). */
    public int receiveBufferBytes() {
        try {
            return socket.getReceiveBufferSize();
        } catch (SocketException e) {
            return -1;
        }
    }

    /** The decoder's counters; call from the thread that runs {@link #run}. */
    public DecodeStats stats() {
        return decoder.stats();
    }

    /**
     * Receives and decodes until {@code stop} says so (checked at least every {@code pollMillis}) or the socket is
     * closed; then stops receiving and decodes what was already received.
     */
    public void run(FlowListener out, BooleanSupplier stop, int pollMillis) throws IOException {
        startReceiver();
        try {
            while (!stop.getAsBoolean() && !socket.isClosed()) {
                Datagram d;
                try {
                    d = queue.poll(Math.max(1, pollMillis), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (d != null) decode(d, out);
                if (receiveFailure != null) throw receiveFailure;
            }
        } finally {
            // what the socket's buffer still holds arrived before the stop: the receiving thread takes it in first,
            // for at most STOP_DRAIN_MILLIS (a steady exporter never leaves the socket quiet)
            stopUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_DRAIN_MILLIS);
            stopping = true;
            try {
                receiver.join(STOP_DRAIN_MILLIS + 2L * RECEIVE_POLL_MILLIS);
                socket.close();
                receiver.join(1_000); // it has ended, so nothing is queued or counted after the drain below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                socket.close();
            }
        }
        for (Datagram d; (d = queue.poll()) != null; ) decode(d, out); // what arrived before the stop is not lost
        decoder.stats().dropped(dropped.getAndSet(0));
        if (receiveFailure != null) throw receiveFailure;
    }

    private void decode(Datagram d, FlowListener out) {
        queued.addAndGet(-(d.data().length + DATAGRAM_OVERHEAD));
        decoder.decode(d.data(), 0, d.data().length, d.exporter(), out);
    }

    private void startReceiver() {
        if (receiver != null) return;
        receiver = Thread.ofPlatform().name("warden-netflow-receiver").daemon().start(this::receive);
    }

    /** The receiving thread: socket to queue, nothing else, so that the socket's buffer empties as fast as it can. */
    private void receive() {
        try {
            receiveUntilStopped();
        } catch (RuntimeException | Error e) { // never end silently while the run goes on polling an empty queue
            receiveFailure = new IOException("the NetFlow receiving thread failed: " + e, e);
        }
    }

    private void receiveUntilStopped() {
        byte[] buf = new byte[maxDatagram];
        var packet = new DatagramPacket(buf, buf.length);
        InetAddress lastAddress = null;
        String lastExporter = null;
        while (!socket.isClosed()) {
            if (stopping && System.nanoTime() - stopUntil > 0) return; // drained as long as a stop allows
            packet.setLength(buf.length);
            try {
                socket.receive(packet);
            } catch (java.net.SocketTimeoutException quiet) {
                if (stopping) return; // the buffer is empty and the run stopped
                continue;
            } catch (IOException e) {
                if (!socket.isClosed()) receiveFailure = e;
                return;
            }
            int len = packet.getLength();
            if (queued.get() + len + DATAGRAM_OVERHEAD > queueBytes) {
                dropped.incrementAndGet();
                continue;
            }
            if (!packet.getAddress().equals(lastAddress)) {
                lastAddress = packet.getAddress();
                lastExporter = lastAddress.getHostAddress();
            }
            queued.addAndGet(len + DATAGRAM_OVERHEAD);
            queue.add(new Datagram(Arrays.copyOf(buf, len), lastExporter));
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
