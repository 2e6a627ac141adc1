package dev.warden.watch.detect;

/**
 * VSE flood: Mirai's "vse" vector sends "TSource Engine Query" to UDP 27015 of a game server. Doc:
 * docs/detectors/ddos-vse.md
 */
public final class VseFloodDetector extends FloodDetector {
    public static final String ID = "ddos-vse";
    private final long minPackets;
    private final double minRate;

    public VseFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.VSE);
        minPackets = ctx.integer("watch.ddos.vse.min-packets");
        minRate = ctx.decimal("watch.ddos.vse.min-rate");
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
