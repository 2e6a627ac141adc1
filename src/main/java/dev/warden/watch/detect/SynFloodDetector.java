package dev.warden.watch.detect;

/**
 * SYN flood: many TCP SYNs to one victim that never become connections (Zeek states S0, REJ, RSTOS0, SH; SYN without
 * ACK in flow exports). Doc: docs/detectors/ddos-syn.md
 */
public final class SynFloodDetector extends FloodDetector {
    public static final String ID = "ddos-syn";
    private final long minPackets;
    private final double minRate;

    public SynFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.SYN);
        minPackets = ctx.integer("watch.ddos.syn.min-packets");
        minRate = ctx.decimal("watch.ddos.syn.min-rate");
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
