package dev.warden.watch.detect;

/**
 * ACK flood: TCP packets to one victim with no SYN at all (Zeek state OTH, no 'S' in the history), often with bad
 * checksums (history 'C') because a raw socket wrote them. Doc: docs/detectors/ddos-ack.md
 */
public final class AckFloodDetector extends FloodDetector {
    public static final String ID = "ddos-ack";
    private final long minPackets;
    private final double minRate;

    public AckFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.ACK);
        minPackets = ctx.integer("watch.ddos.ack.min-packets");
        minRate = ctx.decimal("watch.ddos.ack.min-rate");
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
