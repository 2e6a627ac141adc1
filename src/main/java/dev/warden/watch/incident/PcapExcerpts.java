package dev.warden.watch.incident;

import dev.warden.capture.CaptureException;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.capture.PcapWriter;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.input.PacketFiles;
import dev.warden.watch.input.ReadStats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes each incident's packets out of the captures it was found in, as one pcap file per incident ({@code ID.pcap}):
 * the evidence a reader can open in Wireshark. A second pass over the captures keeps a packet for an incident when it
 * is between the incident's device and one of its counterparts (any other end when the incident names more than it
 * keeps, or names a host rather than an address) and falls inside one of the incident's evidence time ranges. Each
 * excerpt is capped in packets and bytes, so a day-long flood gives a file that shows it, not a copy of the day.
 */
public final class PcapExcerpts {
    /** Caps per incident ({@code watch.excerpt.*}). */
    public record Limits(long maxPackets, long maxBytes) {}

    /**
     * One written excerpt. {@code truncated}: the caps stopped it before every matching packet was kept;
     * {@code otherLinkType}: matching packets left out because their link layer differed from the file's.
     */
    public record Excerpt(String incidentId, String deviceIp, Path file, long packets, long bytes, String sha256, boolean truncated,
                          long otherLinkType) {}

    /**
     * Every incident's file is open during the pass, so each writer's buffer is small: with the default 1 MiB, a run of
     * 1,259 incidents held 1.3 GB of buffers and ran out of a 1 GB heap.
     */
    static final int WRITER_BUFFER_BYTES = 16 * 1024;

    private PcapExcerpts() {}

    /** Writes excerpts into {@code dir} (created when missing); incidents without a matching packet get no file. */
    public static List<Excerpt> write(List<Path> captures, List<Incident> incidents, Path dir, Limits limits) throws IOException {
        var byDevice = new HashMap<IpAddress, List<Target>>();
        for (Incident i : incidents) {
            IpAddress device = IpAddress.tryParse(i.device().ip());
            if (device == null) continue;
            byDevice.computeIfAbsent(device, k -> new ArrayList<>()).add(new Target(i, dir, limits));
        }
        if (byDevice.isEmpty()) return List.of();
        Files.createDirectories(dir);
        try {
            for (Path capture : captures) {
                try (PacketSource src = PacketSource.open(capture, OnCorrupt.SKIP)) {
                    // the same decoding loop as the engine's input: the listener runs while src is at that packet
                    PacketFiles.deliver(src, e -> {
                        IpAddress s = e.src(), d = e.dst();
                        try {
                            offer(byDevice.get(s), d, e.tsMicros(), src);
                            if (!d.equals(s)) offer(byDevice.get(d), s, e.tsMicros(), src);
                        } catch (IOException x) {
                            throw new UncheckedIOException(x);
                        }
                    }, new ReadStats(capture.toString(), "packet capture"));
                } catch (CaptureException e) {
                    throw new IOException("cannot read " + capture + " for the incident excerpts: " + e.getMessage(), e);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        } finally {
            for (var targets : byDevice.values()) for (Target t : targets) t.closeQuietly();
        }
        var out = new ArrayList<Excerpt>();
        for (Incident i : incidents) {
            for (Target t : byDevice.getOrDefault(IpAddress.tryParse(i.device().ip()), List.of())) {
                if (t.incident == i && t.writer != null) {
                    out.add(new Excerpt(i.id(), i.device().ip(), t.file, t.packets, t.bytes, sha256(t.file), t.truncated, t.otherLinkType));
                }
            }
        }
        return out;
    }

    private static void offer(List<Target> targets, IpAddress other, long micros, PacketSource src) throws IOException {
        if (targets == null) return;
        for (Target t : targets) if (t.matches(other, micros)) t.write(src);
    }

    /** The counterparts' addresses ("1.2.3.4", "1.2.3.4:23", "[2001:db8::1]:80"), or null when one is not an address. */
    static Set<IpAddress> addresses(List<String> counterparts) {
        var out = new HashSet<IpAddress>();
        for (String c : counterparts) {
            IpAddress a = IpAddress.tryParse(c);
            if (a == null && c.startsWith("[") && c.indexOf(']') > 0) a = IpAddress.tryParse(c.substring(1, c.indexOf(']')));
            if (a == null && c.indexOf(':') == c.lastIndexOf(':') && c.indexOf(':') > 0) a = IpAddress.tryParse(c.substring(0, c.indexOf(':')));
            if (a == null) return null;
            out.add(a);
        }
        return out;
    }

    /** The SHA-256 of the file's bytes, in hex: what an excerpt's ledger entry seals. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            var md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One incident's filter and its file, opened at its first packet. */
    private static final class Target {
        final Incident incident;
        final Path file;
        final Limits limits;
        final Set<IpAddress> others; // null: any other end
        final long[][] ranges;
        PcapWriter writer;
        long packets, bytes, otherLinkType;
        boolean truncated;

        Target(Incident incident, Path dir, Limits limits) {
            this.incident = incident;
            this.file = dir.resolve(incident.id() + ".pcap");
            this.limits = limits;
            Set<IpAddress> named = incident.moreCounterparts() || incident.counterparts().isEmpty() ? null : addresses(incident.counterparts());
            // a counterpart equal to the device itself cannot tell its packets apart: any other end then
            this.others = named == null || named.contains(IpAddress.tryParse(incident.device().ip())) ? null : named;
            var rs = incident.evidence().ranges();
            this.ranges = new long[rs.size()][];
            for (int i = 0; i < rs.size(); i++) ranges[i] = new long[]{rs.get(i).start(), rs.get(i).end()};
        }

        boolean matches(IpAddress other, long micros) {
            if (others != null && !others.contains(other)) return false;
            if (ranges.length == 0) return micros >= incident.firstSeen() && micros <= incident.lastSeen();
            for (long[] r : ranges) if (micros >= r[0] && micros <= r[1]) return true;
            return false;
        }

        void write(PacketSource src) throws IOException {
            if (truncated) return;
            if (packets >= limits.maxPackets() || bytes + src.capturedLength() > limits.maxBytes()) {
                truncated = true;
                return;
            }
            if (writer == null) writer = PcapWriter.create(file, src.linkType(), PcapWriter.Precision.MICROS, WRITER_BUFFER_BYTES);
            if (src.linkType() != writer.linkType()) {
                otherLinkType++;
                return;
            }
            writer.write(src);
            packets++;
            bytes += src.capturedLength();
        }

        void closeQuietly() throws IOException {
            if (writer != null) writer.close();
        }
    }

    /** Excerpts by incident id, for callers that look them up. */
    public static Map<String, Excerpt> byIncident(List<Excerpt> excerpts) {
        var m = new LinkedHashMap<String, Excerpt>();
        for (Excerpt e : excerpts) m.put(e.incidentId(), e);
        return m;
    }
}
