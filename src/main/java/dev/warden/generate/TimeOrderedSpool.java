package dev.warden.generate;

import dev.warden.capture.PcapWriter;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Frames kept in a temporary file in the order they come, then written out in time order. The sort is stable (frames
 * with equal times keep their order of arrival), and it holds 28 bytes per frame in the heap. The frames themselves
 * never all sit in memory, so a mix is bounded by the disk rather than the heap. The file is deleted on close.
 */
final class TimeOrderedSpool implements Closeable {
    /** Heap per frame: its time, offset and length, and the two int arrays the sort uses. */
    static final int HEAP_BYTES_PER_FRAME = 8 + 8 + 4 + 4 + 4;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    /** The whole of {@link #buffer}, made while its position is 0 (a segment of a buffer starts at the position). */
    private final MemorySegment bufferSegment = MemorySegment.ofBuffer(buffer);
    private final long heapBudget;
    private long[] times = new long[4096];
    private long[] offsets = new long[4096];
    private int[] lengths = new int[4096];
    private int count;
    private long bytes;

    /**
     * A spool in {@code directory} (the output's, so that the temporary file lands on the disk meant to hold the
     * result). {@code heapBudget} is the heap it may use for its index; past it, {@link #add} fails with a named error.
     */
    TimeOrderedSpool(Path directory, long heapBudget) throws IOException {
        this.file = Files.createTempFile(directory, ".warden-mix-", ".spool");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        this.heapBudget = heapBudget;
    }

    int size() {
        return count;
    }

    void add(long timestampNanos, byte[] frame) throws IOException {
        add(timestampNanos, MemorySegment.ofArray(frame), 0, frame.length);
    }

    void add(long timestampNanos, MemorySegment data, long offset, int length) throws IOException {
        if (count == times.length) grow();
        times[count] = timestampNanos;
        offsets[count] = bytes;
        lengths[count] = length;
        count++;
        bytes += length;
        for (int done = 0; done < length; ) {
            if (!buffer.hasRemaining()) drain();
            int n = Math.min(buffer.remaining(), length - done);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset + done, bufferSegment, ValueLayout.JAVA_BYTE, buffer.position(), n);
            buffer.position(buffer.position() + n);
            done += n;
        }
    }

    private void grow() throws IOException {
        int capacity = (int) Math.min(Integer.MAX_VALUE - 8, times.length * 2L);
        if (capacity == times.length || (long) capacity * HEAP_BYTES_PER_FRAME > heapBudget) {
            throw new IOException("cannot put more than " + String.format("%,d", count) + " packets in time order with this heap (about "
                    + HEAP_BYTES_PER_FRAME + " bytes a packet; Java may use " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB): mix fewer or shorter captures, write fewer bots, or give Java more heap (WARDEN_JAVA_OPTS=\"-Xmx4g -XX:+UseParallelGC\")");
        }
        times = Arrays.copyOf(times, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
    }

    /** Writes every frame in time order to {@code out} (captured length = wire length); returns how many. */
    long writeTo(PcapWriter out) throws IOException {
        drain();
        int[] order = order();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment spooled = bytes == 0 ? MemorySegment.NULL : channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
            for (int k = 0; k < count; k++) {
                int i = order[k];
                out.write(times[i], spooled, offsets[i], lengths[i], lengths[i]);
            }
        }
        return count;
    }

    /** Frame indices by time, equal times in arrival order: a bottom-up merge sort, which is stable. */
    private int[] order() {
        int[] a = new int[count], b = new int[count];
        for (int i = 0; i < count; i++) a[i] = i;
        for (int width = 1; width < count; width *= 2) {
            for (int lo = 0; lo < count; lo += 2 * width) {
                int mid = Math.min(lo + width, count), hi = Math.min(lo + 2 * width, count);
                if (mid == hi || times[a[mid - 1]] <= times[a[mid]]) { // already in order: the common case for captures
                    System.arraycopy(a, lo, b, lo, hi - lo);
                    continue;
                }
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) b[k++] = times[a[j]] < times[a[i]] ? a[j++] : a[i++];
                while (i < mid) b[k++] = a[i++];
                while (j < hi) b[k++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }
}
