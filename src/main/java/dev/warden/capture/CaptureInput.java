package dev.warden.capture;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of a capture as the readers see them: file offsets {@code [start, end)} held in {@link #seg}, so the byte
 * at file offset {@code p} is at {@code seg} offset {@code p - start}.
 *
 * <p>Whole (a mapping of the entire file, or a segment the caller holds): the window is everything and
 * {@link #ensure} is a comparison. Buffered: a {@value #BUFFER_SIZE}-byte native buffer refilled with positional
 * reads; {@link #ensure} slides the window forward so that it starts at the requested offset, keeping the bytes
 * already read. A reader never needs more than {@value #BUFFER_SIZE} bytes at once: the longest record or packet
 * block plus the resynchronisation scan fits.
 */
final class CaptureInput implements AutoCloseable {

    static final int BUFFER_SIZE = 2 << 20;
    /**
     * Bytes read per refill unless a record needs more: a window this small is still in the core's L2 cache when the
     * record walk reads what the kernel just copied into it. With the whole 2 MiB at once, the walk read the window back
     * from L3, and in this shared VM's slow minutes from memory: the reading thread then took twice its CPU time
     * (bench/watch/README.md, sixth round).
     */
    static final int READ_CHUNK = 256 << 10;

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final String name;
    final long size;
    MemorySegment seg;
    long start;
    long end;

    private final Arena arena;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final ByteBuffer peek = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    private CaptureInput(String name, long size, MemorySegment seg, long end, Arena arena, FileChannel channel) {
        this.name = name;
        this.size = size;
        this.seg = seg;
        this.end = end;
        this.arena = arena;
        this.channel = channel;
        this.buffer = channel == null ? null : seg.asByteBuffer();
    }

    /** A capture held in memory by the caller. */
    static CaptureInput of(MemorySegment bytes, String name) {
        return new CaptureInput(name, bytes.byteSize(), bytes, bytes.byteSize(), null, null);
    }

    static CaptureInput open(Path file, FileAccess access) throws CaptureException {
        String name = file.toString();
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CaptureException(name, -1, "cannot read: " + dev.warden.config.IoProblems.reason(e), e);
        }
        Arena arena = Arena.ofShared();
        try {
            long size = ch.size();
            if (access == FileAccess.MAPPED) {
                try (ch) {
                    MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                    return new CaptureInput(name, size, seg, size, arena, null);
                }
            }
            CaptureInput in = new CaptureInput(name, size, arena.allocate(BUFFER_SIZE, 4096), 0, arena, ch);
            in.fill(0);
            return in;
        } catch (IOException | UnsupportedOperationException | CaptureException e) {
            arena.close();
            try {
                ch.close();
            } catch (IOException ignored) {
                // reporting the first failure matters more
            }
            if (e instanceof CaptureException ce) throw ce;
            throw new CaptureException(name, -1, (access == FileAccess.MAPPED ? "cannot map the file into memory: "
                : "cannot read: ") + e, e);
        }
    }

    /**
     * Makes file offsets {@code [pos, pos + n)} readable in {@link #seg}, sliding a buffered window; {@code n} is at
     * most {@value #BUFFER_SIZE}.
     *
     * @return false when they run past the end of the file (the window then holds what there is)
     */
    boolean ensure(long pos, long n) throws CaptureException {
        if (pos >= start && pos + n <= end) return true;
        if (channel == null || pos + n > size && end == size && pos >= start) return pos + n <= end;
        if (n > BUFFER_SIZE) throw new IllegalStateException("a reader asked for " + n + " bytes at once");
        fill(pos, n);
        return pos + n <= end;
    }

    /** The little-endian int at file offset {@code pos} (which must be inside the file) without moving the window. */
    int peekIntLe(long pos) throws CaptureException {
        if (pos >= start && pos + 4 <= end) return seg.get(LE_INT, pos - start);
        peek.clear();
        try {
            while (peek.hasRemaining()) {
                if (channel.read(peek, pos + peek.position()) < 0) {
                    throw new CaptureException(name, pos, "the file shrank while being read (offset " + pos + ")");
                }
            }
        } catch (IOException e) {
            throw new CaptureException(name, pos, "cannot read at offset " + pos + ": " + e, e);
        }
        return peek.getInt(0);
    }

    /** {@link #fill(long, long)} of a first window. */
    private void fill(long pos) throws CaptureException {
        fill(pos, 0);
    }

    /**
     * Moves the window to start at {@code pos}, keeping what is already there, and reads until it holds
     * {@value #READ_CHUNK} bytes, or {@code need} if more (at most {@value #BUFFER_SIZE}), or the file ends.
     */
    private void fill(long pos, long need) throws CaptureException {
        long keep = pos >= start && pos < end ? end - pos : 0;
        if (keep > 0 && pos != start) MemorySegment.copy(seg, pos - start, seg, 0, keep);
        start = pos;
        end = pos + keep;
        long want = Math.min(Math.max(READ_CHUNK, need), Math.min(BUFFER_SIZE, size - pos));
        try {
            while (end - start < want) {
                buffer.limit((int) want).position((int) (end - start));
                int n = channel.read(buffer, end);
                if (n < 0) break;  // the file shrank since it was opened: the readers see a truncated capture
                end += n;
            }
        } catch (IOException e) {
            throw new CaptureException(name, end, "cannot read at offset " + end + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (arena != null) arena.close();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost
            }
        }
    }
}
