package dev.warden.capture;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * A cursor over the packets of a capture. {@link #advance()} moves to the next packet; the accessors then describe it
 * until the next call. Nothing is allocated per packet: the bytes are read in place from {@link #segment()} at
 * {@link #offset()}. For a file that segment is a read window ({@link FileAccess#BUFFERED}, the default) or a mapping
 * of the whole file ({@link FileAccess#MAPPED}); offsets in the file are longs, so files beyond 4 GiB work.
 *
 * <pre>{@code
 * try (PacketSource src = PacketSource.open(path, OnCorrupt.SKIP)) {
 *     while (src.advance()) {
 *         Decoder.decode(src.segment(), src.offset(), src.capturedLength(), src.linkType(), packet);
 *     }
 * }
 * }</pre>
 *
 * <p>A source is not thread-safe; it may be handed from one thread to another between calls. The packet's bytes are
 * valid until the next {@link #advance()} (a buffered window slides) or {@link #close()}: copy what must outlive that.
 */
public interface PacketSource extends AutoCloseable {

    /** Opens {@code file} in the format its magic number says, stopping at the first corrupt record. */
    static PacketSource open(Path file) throws CaptureException {
        return open(file, OnCorrupt.STOP);
    }

    /** Opens {@code file} in the format its magic number says, with buffered reads. */
    static PacketSource open(Path file, OnCorrupt onCorrupt) throws CaptureException {
        return open(file, onCorrupt, FileAccess.BUFFERED);
    }

    /** Opens {@code file} in the format its magic number says. */
    static PacketSource open(Path file, OnCorrupt onCorrupt, FileAccess access) throws CaptureException {
        return switch (CaptureFormat.detect(file)) {
            case PCAP -> PcapReader.open(file, onCorrupt, access);
            case PCAPNG -> PcapngReader.open(file, onCorrupt, access);
        };
    }

    /** Reads a capture held in memory (a test buffer, a received excerpt); {@code name} is used in messages. */
    static PacketSource of(MemorySegment bytes, String name, OnCorrupt onCorrupt) throws CaptureException {
        return switch (CaptureFormat.detect(bytes, name)) {
            case PCAP -> PcapReader.of(bytes, name, onCorrupt);
            case PCAPNG -> PcapngReader.of(bytes, name, onCorrupt);
        };
    }

    CaptureFormat format();

    /** The file name (or given name) used in messages. */
    String name();

    /**
     * Moves to the next packet.
     *
     * @return false at the end of the capture
     * @throws CaptureException at a corrupt record under {@link OnCorrupt#STOP}, or at damage that cannot be skipped
     */
    boolean advance() throws CaptureException;

    /** Capture time of the current packet in nanoseconds since 1970-01-01T00:00Z. */
    long timestampNanos();

    /** The LINKTYPE_ number of the current packet's link layer (see {@link LinkType}). */
    int linkType();

    /** The pcapng interface the current packet was captured on; always 0 for pcap. */
    int interfaceId();

    /** Bytes of the current packet present in the capture. */
    int capturedLength();

    /** Length of the current packet on the wire, as recorded; may exceed {@link #capturedLength()}. */
    long wireLength();

    /** The memory holding the current packet; valid until the next {@link #advance()} or {@link #close()}. */
    MemorySegment segment();

    /** Offset of the current packet's first byte in {@link #segment()}. */
    long offset();

    /** Byte offset in the file of the current packet's record (pcap) or block (pcapng), for messages and excerpts. */
    long recordOffset();

    /** Packets delivered so far. */
    long packetCount();

    /** Corrupt records skipped so far under {@link OnCorrupt#SKIP}. */
    long skippedRecords();

    /** Why records were skipped, for the first {@value SkipLog#MAX_REASONS} skips. */
    List<String> skipReasons();

    /**
     * When damage could not be read past: where, and how much of the file was left unread; null when the whole file
     * was read (every skip was resynchronised past).
     */
    default String unreadTail() {
        return null;
    }

    /** Releases the file and its buffer or mapping. Idempotent. */
    @Override
    void close();
}
