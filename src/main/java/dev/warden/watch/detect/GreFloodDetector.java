package dev.warden.watch.detect;

/**
 * GRE flood: Mirai's "greip" and "greeth" vectors wrap UDP (or a whole Ethernet frame) in GRE, protocol 47, which
 * many firewalls pass. Doc: docs/detectors/ddos-gre.md
 */
public final class GreFloodDetector extends FloodDetector {
    public static final String ID = "ddos-gre";
    private final long minPackets;
    private final double minRate;

    public GreFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.GRE);
        minPackets = ctx.integer("watch.ddos.gre.min-packets");
        minRate = ctx.decimal("watch.ddos.gre.min-rate");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected Unit unit() {
        return Unit.PACKETS;
    }

    @Override
    protected boolean isFlood(State b) {
        return b.packets() >= minPackets && b.rate(Unit.PACKETS) >= minRate;
    }
}
