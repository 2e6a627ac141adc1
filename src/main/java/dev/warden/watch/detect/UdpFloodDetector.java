package dev.warden.watch.detect;

/**
 * UDP flood (Mirai's "udp" and "udpplain"): many UDP packets to one victim, fast, and next to no replies. Doc:
 * docs/detectors/ddos-udp.md
 */
public final class UdpFloodDetector extends FloodDetector {
    public static final String ID = "ddos-udp";
    private final long minPackets;
    private final double minRate, maxReplyRatio;

    public UdpFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.UDP);
        minPackets = ctx.integer("watch.ddos.udp.min-packets");
        minRate = ctx.decimal("watch.ddos.udp.min-rate");
        maxReplyRatio = ctx.decimal("watch.ddos.udp.max-reply-ratio");
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
        return b.packets() >= minPackets && b.rate(Unit.PACKETS) >= minRate && b.replies() <= maxReplyRatio * b.packets();
    }
}
