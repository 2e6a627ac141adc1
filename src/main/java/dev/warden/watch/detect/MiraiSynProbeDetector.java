package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.incident.IncidentBook;
import dev.warden.watch.packet.PacketEvent;

/**
 * Mirai's scanner fingerprint, which needs packets: a TCP SYN whose sequence number equals the destination IPv4
 * address. No ordinary TCP stack does this (sequence numbers are random); a chance match is 1 in 2^32 per SYN, so a
 * few from one device are proof. No public IDS rule checks it. Doc: docs/detectors/mirai-syn-probe.md
 */
public final class MiraiSynProbeDetector extends Detector {
    public static final String ID = "mirai-syn-probe";
    private static final String KEY = "syn-seq-equals-destination";

    private final DetectorContext ctx;
    private final int minProbes;
    private final BoundedMap<Integer, long[]> counts;

    public MiraiSynProbeDetector(DetectorContext ctx) {
        this.ctx = ctx;
        minProbes = Math.max(1, ctx.integer("watch.mirai-probe.min-probes"));
        counts = new BoundedMap<>(ctx.stateBound(), () -> new long[3 + 2 * (minProbes - 1)]);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device sends TCP SYNs whose sequence number equals the destination address: Mirai's scanner";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    /** Mirai's test, exactly: SYN without ACK, IPv4, sequence number == destination address. */
    public static boolean isMiraiProbe(PacketEvent p) {
        return p.protocol() == Protocols.TCP && (p.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN
                && p.dstIsV4() && p.seq() == (int) p.dstLo();
    }

    @Override
    public int packetProtocol() {
        return Protocols.TCP;
    }

    @Override
    public boolean looksAtTcp(int flags) {
        return (flags & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
    }

    /** The engine's call itself, not the default that forwards it (a second virtual call, 1% of the packet path). */
    @Override
    public void onPacket(PacketEvent p, Device src, Device receiver, long now) {
        if (src == null || !isMiraiProbe(p)) return;
        // probes, port-23 probes, port-2323 probes, then (time, destination << 16 | port) of the probes before the threshold
        long[] c = counts.getOrMake(src.index());
        c[0]++;
        if (p.dstPort() == 23) c[1]++;
        if (p.dstPort() == 2323) c[2]++;
        IncidentBook.Draft d = ctx.incidents().existing(ID, src, KEY);
        if (d == null && c[0] < minProbes) {
            int slot = 3 + 2 * (int) (c[0] - 1);
            c[slot] = p.tsMicros();
            c[slot + 1] = ((p.dstLo() & 0xFFFF_FFFFL) << 16) | p.dstPort();
            return;
        }
        d = ctx.incidents().draft(ID, src, KEY);
        if (!d.isOpen()) {
            // the probes before the threshold are evidence too: the incident starts at the first one
            for (int slot = 3; slot + 1 < c.length && c[slot] != 0; slot += 2) {
                String dst = IpAddress.v4((int) (c[slot + 1] >>> 16)).toString();
                d.evidence("packet@" + c[slot] + ":" + dst + ":" + (c[slot + 1] & 0xFFFF), c[slot], c[slot]).counterpart(dst);
            }
        }
        d.evidence("packet@" + p.tsMicros() + ":" + p.dst() + ":" + p.dstPort(), p.tsMicros(), p.tsMicros())
                .counterpart(p.dst().toString())
                .severity(Severity.CRITICAL)
                .figure("probes", c[0])
                .figure("port_23", c[1])
                .figure("port_2323", c[2])
                .explain(() -> "Sent " + Text.plural(c[0], "TCP SYN", "TCP SYNs") + " whose sequence number equals the destination address ("
                        + Text.count(c[1]) + " to port 23, " + Text.count(c[2]) + " to 2323): the signature of Mirai's scanner. The device runs Mirai.");
        ctx.incidents().commit(d, now);
    }
}
