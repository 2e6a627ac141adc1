package dev.warden.capture;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only into one {@link MemorySegment}. Segments are addressed with long offsets, so one
 * mapping covers files beyond 2 GiB (a {@code MappedByteBuffer} would need windows). The arena is shared so that a
 * reader opened on one thread can be consumed on another.
 */
record MappedFile(Arena arena, MemorySegment segment) {

    static MappedFile map(Path file) throws CaptureException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return new MappedFile(arena, seg);
        } catch (IOException | UnsupportedOperationException e) {
            arena.close();
            throw new CaptureException(file.toString(), -1, "cannot map the file into memory: " + e, e);
        }
    }
}
