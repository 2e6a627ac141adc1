package dev.warden.generate;

import dev.warden.capture.CaptureException;
import dev.warden.capture.LinkType;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.capture.PcapWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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

    public static long mix(List<Path> benign, List<MiraiTraffic.Packet> generated, Path out) throws IOException {
        var all = new ArrayList<MiraiTraffic.Packet>(generated);
        for (Path p : benign) {
            try (PacketSource src = PacketSource.open(p, OnCorrupt.SKIP)) {
                while (src.advance()) {
                    if (src.linkType() != LinkType.ETHERNET) continue;
                    byte[] bytes = src.segment().asSlice(src.offset(), src.capturedLength()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                    all.add(new MiraiTraffic.Packet(src.timestampNanos(), bytes));
                }
            } catch (CaptureException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        all.sort(Comparator.comparingLong(MiraiTraffic.Packet::tsNanos));
        try (PcapWriter w = PcapWriter.create(out, LinkType.ETHERNET, PcapWriter.Precision.NANOS)) {
            for (var p : all) w.write(p.tsNanos(), p.frame());
            return w.packetsWritten();
        }
    }
}
