package dev.warden.watch.detect;

import dev.warden.watch.device.Device;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.flow.TcpFlags;
import dev.warden.watch.packet.PacketEvent;

/**
 * A monitored device receiving a TCP SYN-ACK reflection flood (packet inputs): SYN-ACKs that answer SYNs it never
 * sent. The attacker sends SYNs to many servers with the device's address as the source; their answers converge on
 * it. Doc: docs/detectors/victim-synack-reflection.md
 */
public final class VictimSynAckReflectionDetector extends VictimFloodDetector {
    public static final String ID = "victim-synack-reflection";

    public VictimSynAckReflectionDetector(DetectorContext ctx) {
        super(ctx, "watch.victim.synack");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device receives SYN-ACKs from many servers answering SYNs it never sent (TCP reflection)";
    }


    @Override
    public int packetProtocol() {
        return Protocols.TCP;
    }

    /** SYN-ACKs (the flood packets) and SYNs (the requests): every packet with SYN set. */
    @Override
    public boolean looksAtTcp(int flags) {
        return (flags & TcpFlags.SYN) != 0;
    }

    @Override
    public void onPacket(PacketEvent p, Device src, Device dst, long now) {
        count(p, src, dst, now, isRequest(p), isFloodPacket(p));
    }
    @Override
    protected boolean isFloodPacket(PacketEvent p) {
        return p.protocol() == Protocols.TCP && (p.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK)) == (TcpFlags.SYN | TcpFlags.ACK);
    }

    /** Each SYN the device sends lets one SYN-ACK through. */
    @Override
    protected boolean isRequest(PacketEvent p) {
        return p.protocol() == Protocols.TCP && (p.tcpFlags() & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
    }

    @Override
    protected String vector() {
        return "a TCP SYN-ACK reflection flood";
    }

    @Override
    protected String sourcesNoun() {
        return "reflecting servers";
    }

    @Override
    protected String meaning() {
        return "Someone sent SYNs to these servers with the device's address as the source, and their answers converge on "
                + "the device: it is the target of a reflection attack.";
    }
}
