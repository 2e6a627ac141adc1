package dev.warden.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes libpcap files (version 2.4), with microsecond or nanosecond timestamps, for incident excerpts and
 * generated traffic. Packets longer than the snapshot length are cut to it; the wire length is kept.
 *
 * <p>Records are assembled in one reusable buffer; nothing is allocated per packet.
 */
public final class PcapWriter implements Closeable {

    /** Timestamp resolution of the file: the magic number a1b2c3d4 (micro) or a1b23c4d (nano). */
    public enum Precision { MICROS, NANOS }

    /** The snapshot length written when none is given: libpcap's maximum. */
    public static final int DEFAULT_SNAP_LENGTH = PcapReader.MAX_PACKET;

    /** The record buffer of a writer made without a size: large, for one big output file. */
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;
    /** The smallest record buffer: the file header and a record header fit in it. */
    public static final int MIN_BUFFER_BYTES = 64;

    private final OutputStream out;
    private final int linkType;
    private final int snapLength;
    private final Precision precision;
    private final boolean bigEndian;
    private final byte[] buf;
    private final MemorySegment bufSegment;
    private final ValueLayout.OfInt intLayout;
    private int used;
    private long packets;
    private boolean closed;

    /**
     * Writes the file header to {@code out} at once. The stream is closed by {@link #close()}.
     *
     * @param order the byte order of the file; readers accept both, little-endian is what x86 tcpdump writes
     */
    public PcapWriter(OutputStream out, int linkType, int snapLength, Precision precision, ByteOrder order)
        throws IOException {
        this(out, linkType, snapLength, precision, order, DEFAULT_BUFFER_BYTES);
    }

    /**
     * As above, with a record buffer of {@code bufferBytes} (at least {@link #MIN_BUFFER_BYTES}): small for files that
     * are written side by side in numbers, as incident excerpts are.
     */
    public PcapWriter(OutputStream out, int linkType, int snapLength, Precision precision, ByteOrder order, int bufferBytes)
        throws IOException {
        if (linkType < 0 || linkType > 0xFFFF) throw new IllegalArgumentException("link type " + linkType + " is not 16-bit");
        if (bufferBytes < MIN_BUFFER_BYTES) throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes: at least " + MIN_BUFFER_BYTES);
        this.buf = new byte[bufferBytes];
        this.bufSegment = MemorySegment.ofArray(buf);
        if (snapLength <= 0) throw new IllegalArgumentException("snapshot length " + snapLength + " must be positive");
        this.out = out;
        this.linkType = linkType;
        this.snapLength = snapLength;
        this.precision = precision;
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        this.intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        putInt(precision == Precision.NANOS ? CaptureFormat.PCAP_NANOS : CaptureFormat.PCAP_MICROS);
        putShort(2);
        putShort(4);
        putInt(0);
        putInt(0);
        putInt(snapLength);
        putInt(linkType);
    }

    /** Creates (or replaces) {@code file}, little-endian, with the default snapshot length. */
    public static PcapWriter create(Path file, int linkType, Precision precision) throws IOException {
        return create(file, linkType, precision, DEFAULT_BUFFER_BYTES);
    }

    /** Creates (or replaces) {@code file} as above, with a record buffer of {@code bufferBytes}. */
    public static PcapWriter create(Path file, int linkType, Precision precision, int bufferBytes) throws IOException {
        return new PcapWriter(Files.newOutputStream(file), linkType, DEFAULT_SNAP_LENGTH, precision, ByteOrder.LITTLE_ENDIAN, bufferBytes);
    }

    /** Writes a whole packet captured in full. */
    public void write(long timestampNanos, byte[] packet) throws IOException {
        write(timestampNanos, MemorySegment.ofArray(packet), 0, packet.length, packet.length);
    }

    /** Writes the current packet of {@code source}, which must have this writer's link type. */
    public void write(PacketSource source) throws IOException {
        if (source.linkType() != linkType) {
            throw new IllegalArgumentException("packet " + source.packetCount() + " of " + source.name() + " has link type "
                + source.linkType() + ", this file " + linkType);
        }
        write(source.timestampNanos(), source.segment(), source.offset(), source.capturedLength(), source.wireLength());
    }

    /**
     * Writes one record.
     *
     * @param timestampNanos nanoseconds since the epoch; must lie between 1970 and 2106 (unsigned 32-bit seconds)
     * @param length bytes to take from {@code data}; more than the snapshot length are cut
     * @param wireLength the packet's length on the wire, at least {@code length}
     */
    public void write(long timestampNanos, MemorySegment data, long offset, int length, long wireLength) throws IOException {
        if (closed) throw new IOException("pcap writer is closed");
        if (length < 0 || wireLength < length || wireLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bad lengths: captured " + length + ", wire " + wireLength);
        }
        long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        long nanos = Math.floorMod(timestampNanos, 1_000_000_000L);
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp " + timestampNanos + " ns is outside what pcap can hold (1970-2106)");
        }
        int captured = Math.min(length, snapLength);
        if (buf.length - used < PcapReader.RECORD_HEADER) flushBuffer();
        putInt((int) seconds);
        putInt((int) (precision == Precision.NANOS ? nanos : nanos / 1000));
        putInt(captured);
        putInt((int) wireLength);
        long from = offset;
        int left = captured;
        while (left > 0) {
            if (used == buf.length) flushBuffer();
            int n = Math.min(left, buf.length - used);
            MemorySegment.copy(data, from, bufSegment, used, n);
            used += n;
            from += n;
            left -= n;
        }
        packets++;
    }

    /** Records written so far. */
    /** The LINKTYPE_ number every packet of this file has. */
    public int linkType() {
        return linkType;
    }

    public long packetsWritten() {
        return packets;
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            flush();
        } finally {
            closed = true;
            out.close();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, used);
        used = 0;
    }

    private void putInt(int v) {
        bufSegment.set(intLayout, used, v);
        used += 4;
    }

    private void putShort(int v) {
        buf[used] = (byte) (bigEndian ? v >>> 8 : v);
        buf[used + 1] = (byte) (bigEndian ? v : v >>> 8);
        used += 2;
    }
}
