package dev.warden.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A packet source that also writes every packet it passes on to a pcap file, up to a byte budget: a live capture's
 * packets kept so that incidents can get their pcap excerpts afterwards, as they do for capture files. Past the budget
 * packets are still passed on, only no longer written (counted in {@link #notWritten()}).
 */
public final class SpooledSource implements PacketSource {
    private final PacketSource source;
    private final PcapWriter spool;
    private final long maxBytes;
    private long written, notWritten;

    public SpooledSource(PacketSource source, PcapWriter spool, long maxBytes) {
        if (source.linkType() != spool.linkType()) throw new IllegalArgumentException("the spool's link type differs from the source's");
        this.source = source;
        this.spool = spool;
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean advance() throws CaptureException {
        if (!source.advance()) return false;
        if (written + source.capturedLength() <= maxBytes && source.linkType() == spool.linkType()) {
            try {
                spool.write(source);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the capture spool: " + e.getMessage(), e);
            }
            written += source.capturedLength() + 16;
        } else {
            notWritten++;
        }
        return true;
    }

    /** Packets passed on but not written because the byte budget was spent. */
    public long notWritten() {
        return notWritten;
    }

    @Override
    public CaptureFormat format() {
        return source.format();
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public long timestampNanos() {
        return source.timestampNanos();
    }

    @Override
    public int linkType() {
        return source.linkType();
    }

    @Override
    public int interfaceId() {
        return source.interfaceId();
    }

    @Override
    public int capturedLength() {
        return source.capturedLength();
    }

    @Override
    public long wireLength() {
        return source.wireLength();
    }

    @Override
    public MemorySegment segment() {
        return source.segment();
    }

    @Override
    public long offset() {
        return source.offset();
    }

    @Override
    public long recordOffset() {
        return source.recordOffset();
    }

    @Override
    public long packetCount() {
        return source.packetCount();
    }

    @Override
    public long skippedRecords() {
        return source.skippedRecords();
    }

    @Override
    public List<String> skipReasons() {
        return source.skipReasons();
    }

    /** Closes the spool; the source stays the caller's to close. */
    @Override
    public void close() {
        try {
            spool.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the capture spool: " + e.getMessage(), e);
        }
    }
}
