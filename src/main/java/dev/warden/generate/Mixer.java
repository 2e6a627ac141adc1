package dev.warden.generate;

import dev.warden.capture.CaptureException;
import dev.warden.capture.LinkType;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Real benign Ethernet captures and generated packets, merged in time order into one pcap (nanosecond stamps). */
public final class Mixer {
    private Mixer() {}

    /** The earliest timestamp of the benign captures, to start generated traffic inside their time span. */
    public static long firstTimestamp(List<Path> benign) throws IOException {
        long first = Long.MAX_VALUE;
        for (Path p : benign) {
            try (PacketSource src = PacketSource.open(p, OnCorrupt.SKIP)) {
                if (src.advance()) first = Math.min(first, src.timestampNanos());
            } catch (CaptureException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return first == Long.MAX_VALUE ? 0 : first;
    }

    /** The latest timestamp of the benign captures. */
    public static long lastTimestamp(List<Path> benign) throws IOException {
        long last = 0;
        for (Path p : benign) {
            try (PacketSource src = PacketSource.open(p, OnCorrupt.SKIP)) {
                while (src.advance()) last = Math.max(last, src.timestampNanos());
            } catch (CaptureException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        return last;
    }

    /** Where generated packets go, in any order: the mix puts everything in time order. */
    @FunctionalInterface
    public interface Sink {
        void add(List<MiraiTraffic.Packet> packets) throws IOException;
    }

    /** What writes the generated packets into a {@link Sink}, a batch at a time (a bot, say). */
    @FunctionalInterface
    public interface Generator {
        void generate(Sink sink) throws IOException;
    }

    /**
     * The spool beside {@code out}; a folder that is missing or not writable is said of {@code out}, the file the user
     * named, not of the temporary file.
     */
    private static TimeOrderedSpool spoolFor(Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        try {
            return new TimeOrderedSpool(dir, Runtime.getRuntime().maxMemory() / 2);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.nio.file.NoSuchFileException(out.toString());
        } catch (java.nio.file.AccessDeniedException e) {
            throw new java.nio.file.AccessDeniedException(out.toString());
        } catch (java.nio.file.FileSystemException e) {
            throw new java.nio.file.FileSystemException(out.toString(), null, e.getReason());
        }
    }

    /** {@link #mix(List, Generator, Path)} of packets already made. */
    public static long mix(List<Path> benign, List<MiraiTraffic.Packet> generated, Path out) throws IOException {
        return mix(benign, sink -> sink.add(generated), out);
    }

    /**
     * Writes the generated packets and the Ethernet packets of {@code benign} to {@code out} in time order (equal times:
     * generated first, then the captures in order); returns the packets written. The packets wait in a temporary file
     * beside {@code out}, not in the heap: memory grows by {@value TimeOrderedSpool#HEAP_BYTES_PER_FRAME} bytes a
     * packet, and a mix too large for the heap is refused with a named error before anything is written.
     */
    public static long mix(List<Path> benign, Generator generated, Path out) throws IOException {
        try (var spool = spoolFor(out)) {
            generated.generate(packets -> {
                for (var p : packets) spool.add(p.tsNanos(), p.frame());
            });
            for (Path p : benign) {
                try (PacketSource src = PacketSource.open(p, OnCorrupt.SKIP)) {
                    while (src.advance()) {
                        if (src.linkType() == LinkType.ETHERNET) spool.add(src.timestampNanos(), src.segment(), src.offset(), src.capturedLength());
                    }
                } catch (CaptureException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            try (PcapWriter w = PcapWriter.create(out, LinkType.ETHERNET, PcapWriter.Precision.NANOS)) {
                return spool.writeTo(w);
            }
        }
    }
}
