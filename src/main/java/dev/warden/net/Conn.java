package dev.warden.net;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A connection to a device that may be hostile. Every read runs against one overall deadline (a tarpit that drips a
 * byte a second cannot reset it) and a cap on the bytes kept (a device that floods junk is cut off). Reads never throw
 * on timeout; they return what arrived, and the caller decides.
 */
public final class Conn implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long deadlineNanos;
    private final int maxBytes;
    private int totalRead;
    private boolean eof;

    public Conn(Socket socket, Duration budget, int maxBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
        this.maxBytes = maxBytes;
    }

    public Socket socket() {
        return socket;
    }

    public boolean eof() {
        return eof;
    }

    /**
     * Starts a new budget from now, for a connection that carries several login attempts one after another (BusyBox
     * allows 3 per connection, each up to 3 s): each attempt gets the whole budget, not what the earlier ones left.
     * Only a caller that bounds its attempts may renew; a device can never renew it.
     */
    public void renew(Duration budget) {
        deadlineNanos = System.nanoTime() + budget.toNanos();
    }

    public boolean expired() {
        return System.nanoTime() >= deadlineNanos;
    }

    public boolean exhausted() {
        return totalRead >= maxBytes;
    }

    public void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads into {@code sink} until {@code done} accepts what the sink holds, the peer closes, {@code wait} elapses, the
     * overall deadline passes or the byte cap is reached. Returns true only when {@code done} accepted.
     */
    public boolean readUntil(ByteSink sink, Predicate<ByteSink> done, Duration wait) throws IOException {
        long until = Math.min(deadlineNanos, System.nanoTime() + wait.toNanos());
        byte[] buf = new byte[2048];
        while (!eof) {
            if (done.test(sink)) return true;
            long left = until - System.nanoTime();
            if (left <= 0 || totalRead >= maxBytes) return false;
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n;
            try {
                n = in.read(buf, 0, Math.min(buf.length, maxBytes - totalRead));
            } catch (SocketTimeoutException e) {
                return done.test(sink);
            } catch (IOException e) {
                // A reset after some data is an answer too: keep what arrived.
                eof = true;
                if (sink.size() == 0) throw e;
                break;
            }
            if (n < 0) {
                eof = true;
                break;
            }
            totalRead += n;
            sink.accept(buf, n);
        }
        return done.test(sink);
    }

    /** Reads whatever arrives until the peer is quiet for {@code quiet}, closes, or the wait ends. */
    public byte[] readAvailable(Duration wait, Duration quiet) throws IOException {
        var sink = new PlainSink();
        long until = Math.min(deadlineNanos, System.nanoTime() + wait.toNanos());
        byte[] buf = new byte[2048];
        while (!eof && totalRead < maxBytes) {
            long left = until - System.nanoTime();
            if (left <= 0) break;
            long slice = sink.size() == 0 ? left : Math.min(left, quiet.toNanos());
            socket.setSoTimeout((int) Math.max(1, slice / 1_000_000));
            int n;
            try {
                n = in.read(buf, 0, Math.min(buf.length, maxBytes - totalRead));
            } catch (SocketTimeoutException e) {
                if (sink.size() > 0) break;
                continue;
            } catch (IOException e) {
                eof = true;
                if (sink.size() == 0) throw e;
                break;
            }
            if (n < 0) {
                eof = true;
                break;
            }
            totalRead += n;
            sink.accept(buf, n);
        }
        return sink.bytes();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket to a device that already went away: nothing to report
        }
    }

    /** Where raw bytes go; protocol layers (telnet option handling) implement their own. */
    public interface ByteSink {
        void accept(byte[] buf, int n) throws IOException;

        int size();
    }

    public static final class PlainSink implements ByteSink {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        @Override
        public void accept(byte[] buf, int n) {
            data.write(buf, 0, n);
        }

        @Override
        public int size() {
            return data.size();
        }

        public byte[] bytes() {
            return data.toByteArray();
        }

        public String text() {
            return new String(data.toByteArray(), StandardCharsets.ISO_8859_1);
        }
    }
}
