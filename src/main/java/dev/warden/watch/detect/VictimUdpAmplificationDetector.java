package dev.warden.watch.detect;

import dev.warden.watch.device.Device;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.packet.PacketEvent;

/**
 * A monitored device receiving a UDP amplification flood (packet inputs) from the service ports of reflectors, such as
 * BACnet (47808) and the IoT service on 37810 seen abused in 2021 ({@code watch.victim.udp-amp.ports}), that it never
 * sent requests to. DNS has its own detector. Doc: docs/detectors/victim-udp-amplification.md
 */
public final class VictimUdpAmplificationDetector extends VictimFloodDetector {
    public static final String ID = "victim-udp-amplification";
    private final boolean[] ports;

    public VictimUdpAmplificationDetector(DetectorContext ctx) {
        super(ctx, "watch.victim.udp-amp");
        ports = ctx.ports("watch.victim.udp-amp.ports");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device receives UDP answers it never asked for from reflector ports (BACnet 47808, 37810, ...)";
    }


    @Override
    public int packetProtocol() {
        return Protocols.UDP;
    }

    /** Reflector ports either way (answers from them, requests to them), and fragments. */
    @Override
    public boolean looksAtUdpPort(int port) {
        return port < 0 ? takesFragments() : ports[port];
    }

    @Override
    public void onPacket(PacketEvent p, Device src, Device dst, long now) {
        count(p, src, dst, now, isRequest(p), isFloodPacket(p));
    }
    @Override
    protected boolean isFloodPacket(PacketEvent p) {
        return p.protocol() == Protocols.UDP && p.srcPort() >= 0 && ports[p.srcPort()];
    }

    /** Each request the device sends to a reflector port lets one answer through. */
    @Override
    protected boolean isRequest(PacketEvent p) {
        return p.protocol() == Protocols.UDP && p.dstPort() >= 0 && ports[p.dstPort()];
    }

    @Override
    protected boolean takesFragments() {
        return true;
    }

    @Override
    protected boolean namesPorts() {
        return true;
    }

    @Override
    protected String vector() {
        return "a UDP amplification flood";
    }

    @Override
    protected String sourcesNoun() {
        return "reflectors";
    }

    @Override
    protected String meaning() {
        return "Someone sent small requests to exposed devices (BACnet controllers and other IoT services) with this "
                + "device's address as the source; their larger answers converge on it.";
    }
}
