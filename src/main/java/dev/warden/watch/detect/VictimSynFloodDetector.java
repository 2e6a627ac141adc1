package dev.warden.watch.detect;

import dev.warden.watch.device.Device;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.packet.PacketEvent;

/**
 * A monitored device receiving a spoofed TCP SYN flood (packet inputs): SYNs without ACK from many sources, far more
 * than the device could serve. Doc: docs/detectors/victim-syn-flood.md
 */
public final class VictimSynFloodDetector extends VictimFloodDetector {
    public static final String ID = "victim-syn-flood";

    public VictimSynFloodDetector(DetectorContext ctx) {
        super(ctx, "watch.victim.syn");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device receives a TCP SYN flood from many (spoofed) sources";
    }


    @Override
    public int packetProtocol() {
        return Protocols.TCP;
    }

    /** SYNs without ACK: the flood packets (no request makes one legitimate). */
    @Override
    public boolean looksAtTcp(int flags) {
        return (flags & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
    }

    @Override
    public void onPacket(PacketEvent p, Device src, Device dst, long now) {
        count(p, src, dst, now, isRequest(p), isFloodPacket(p));
    }
    @Override
    protected boolean isFloodPacket(PacketEvent p) {
        return p.protocol() == Protocols.TCP && (p.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
    }

    /** Nothing a device sends makes a SYN to it legitimate: SYNs are never replies. */
    @Override
    protected boolean isRequest(PacketEvent p) {
        return false;
    }

    @Override
    protected String vector() {
        return "a spoofed TCP SYN flood";
    }

    @Override
    protected String sourcesNoun() {
        return "source addresses (spoofed)";
    }

    @Override
    protected String meaning() {
        return "Each SYN asks the device to open a connection and hold it half-open; this many from this many addresses is "
                + "an attack on the device, not clients, and can exhaust its connection table.";
    }
}
