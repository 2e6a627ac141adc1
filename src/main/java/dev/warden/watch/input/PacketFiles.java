package dev.warden.watch.input;

import dev.warden.capture.CaptureException;
import dev.warden.capture.LinkType;
import dev.warden.capture.OnCorrupt;
import dev.warden.capture.PacketSource;
import dev.warden.decode.DecodedPacket;
import dev.warden.decode.Decoder;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.packet.PacketEvent;
import dev.warden.watch.packet.PacketListener;

import java.io.IOException;
import java.nio.file.Path;

/**
 * pcap and pcapng files into the engine: each IP packet, decoded in place, fills the one {@link PacketEvent} that the
 * read reuses for every packet (nothing is allocated per packet). Packets that carry no IP (ARP, LLDP, EAPOL, ...) are
 * passed over and counted; packets of a link type the decoder does not know (802.11, radiotap, ...) and corrupt records
 * are skipped and counted where the reader can resync.
 */
public final class PacketFiles {
    private PacketFiles() {}

    public static ReadStats read(Path file, PacketListener packets) throws IOException {
        return read(file, packets, false);
    }

    /**
     * Reads {@code file} into {@code packets}. With {@code readAhead}, the file is read and decoded on a thread of its
     * own, up to 128 Ki packets ahead of the listener, which still sees every packet in order on the calling thread
     * ({@link ReadAhead}); the payloads the listener does not read ({@link PacketListener#readsPayload}) are not kept.
     */
    public static ReadStats read(Path file, PacketListener packets, boolean readAhead) throws IOException {
        var stats = new ReadStats(file.toString(), "packet capture");
        try (PacketSource src = PacketSource.open(file, OnCorrupt.SKIP)) {
            if (readAhead) ReadAhead.deliver(src, packets, stats);
            else deliver(src, packets, stats);
            if (src.skippedRecords() > 0) {
                var reasons = src.skipReasons();
                stats.skip(src.skippedRecords(), reasons.isEmpty() ? "corrupt record" : reasons.getFirst());
                if (src.unreadTail() != null) stats.note(src.unreadTail()); // said next to the first, never left out
                for (String r : reasons) stats.note(r);
            }
        } catch (CaptureException e) {
            throw new MalformedInputException(e.getMessage());
        }
        return stats;
    }

    /**
     * Delivers every IP packet of {@code src} until it ends: a file's last record, or a live capture stopped. The one
     * path from a {@link PacketSource} to the engine, so a file and an interface are the same to what follows.
     */
    public static void deliver(PacketSource src, PacketListener packets, ReadStats stats) throws CaptureException {
        var p = new DecodedPacket().withoutTcpOptions(); // nothing downstream reads them
        var event = new PacketEvent();
        while (src.advance()) {
            if (next(src, p, event, stats)) packets.onPacket(event);
        }
    }

    /**
     * Decodes the current packet of {@code src} into {@code event}, its payload's bytes pointing into the source's
     * memory: false (and counted in {@code stats}) when it carries no IP.
     */
    static boolean next(PacketSource src, DecodedPacket p, PacketEvent event, ReadStats stats) {
        Decoder.decode(src, p);
        boolean v4 = p.has(DecodedPacket.IPV4);
        if (!v4 && !p.has(DecodedPacket.IPV6)) {
            if (p.problem() == DecodedPacket.UNSUPPORTED && p.problemLayer() == DecodedPacket.LINK) {
                stats.skip("packets of link type " + src.linkType() + " (" + LinkType.name(src.linkType())
                        + "), which Warden does not decode (it reads Ethernet, Linux cooked, raw IP, null and loop)");
            } else {
                stats.withoutIp();
            }
            return false;
        }
        long sHi = v4 ? 0 : p.srcIp6Hi(), sLo = v4 ? IpAddress.v4Lo(p.srcIp4()) : p.srcIp6Lo();
        long dHi = v4 ? 0 : p.dstIp6Hi(), dLo = v4 ? IpAddress.v4Lo(p.dstIp4()) : p.dstIp6Lo();
        boolean tcp = p.has(DecodedPacket.TCP);
        if (p.problem() == DecodedPacket.TRUNCATED && !tcp && !p.has(DecodedPacket.UDP)
                && (p.protocol() == Protocols.TCP || p.protocol() == Protocols.UDP)) {
            stats.cutBeforeTransport(); // a snapshot length too short for the TCP/UDP header: no ports, no flags
        }
        event.set(src.timestampNanos() / 1000, p.srcMac(), p.dstMac(), sHi, sLo, dHi, dLo, p.protocol(), p.srcPort(),
                p.dstPort(), tcp ? p.tcpFlags() : 0, tcp ? p.tcpSeq() : 0, tcp ? p.tcpAck() : 0, p.ipTotalLength(), p.payloadLength())
                .payloadBytes(src.segment(), p.payloadOffset());
        stats.delivered();
        return true;
    }
}
