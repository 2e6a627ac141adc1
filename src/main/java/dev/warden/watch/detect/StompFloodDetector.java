package dev.warden.watch.detect;

/**
 * STOMP flood: Mirai completes a real TCP handshake, then floods ACK+PSH segments of random data with valid sequence
 * numbers, which gets past defences that drop packets of unknown connections. In flows: established connections to one
 * victim (not web ports, which are the HTTP detector's) carrying many packets fast. Doc: docs/detectors/ddos-stomp.md
 */
public final class StompFloodDetector extends FloodDetector {
    public static final String ID = "ddos-stomp";
    private final long minPackets;
    private final double minRate;

    public StompFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.STOMP);
        minPackets = ctx.integer("watch.ddos.stomp.min-packets");
        minRate = ctx.decimal("watch.ddos.stomp.min-rate");
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
