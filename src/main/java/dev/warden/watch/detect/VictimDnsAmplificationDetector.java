package dev.warden.watch.detect;

import dev.warden.watch.device.Device;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.packet.PacketEvent;

/**
 * A monitored device receiving a DNS amplification flood (packet inputs): DNS answers (UDP from source port 53) it
 * never asked for, from many resolvers, with the IP fragments of the large answers that follow them.
 * Doc: docs/detectors/victim-dns-amplification.md
 */
public final class VictimDnsAmplificationDetector extends VictimFloodDetector {
    public static final String ID = "victim-dns-amplification";

    public VictimDnsAmplificationDetector(DetectorContext ctx) {
        super(ctx, "watch.victim.dns");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device receives DNS answers it never asked for, from many resolvers (DNS amplification)";
    }


    @Override
    public int packetProtocol() {
        return Protocols.UDP;
    }

    /** Answers from port 53, queries to it, and fragments. */
    @Override
    public boolean looksAtUdpPort(int port) {
        return port == 53 || port < 0 && takesFragments();
    }

    @Override
    public void onPacket(PacketEvent p, Device src, Device dst, long now) {
        count(p, src, dst, now, isRequest(p), isFloodPacket(p));
    }
    @Override
    protected boolean isFloodPacket(PacketEvent p) {
        return p.protocol() == Protocols.UDP && p.srcPort() == 53;
    }

    /** Each DNS query the device sends lets one answer through. */
    @Override
    protected boolean isRequest(PacketEvent p) {
        return p.protocol() == Protocols.UDP && p.dstPort() == 53;
    }

    @Override
    protected boolean takesFragments() {
        return true;
    }

    @Override
    protected String vector() {
        return "a DNS amplification flood";
    }

    @Override
    protected String sourcesNoun() {
        return "resolvers";
    }

    @Override
    protected String meaning() {
        return "Someone sent small queries with large answers (such as RRSIG records) to open resolvers with the device's "
                + "address as the source; the answers, too large for one packet, arrive in fragments.";
    }
}
