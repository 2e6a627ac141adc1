package dev.warden.watch.detect;

/**
 * HTTP flood: Mirai's "http" vector opens connection after connection to one web server (port 80 by default) and
 * sends GET requests. In flows: many established connections to one victim's web port, fast. Doc:
 * docs/detectors/ddos-http.md
 */
public final class HttpFloodDetector extends FloodDetector {
    public static final String ID = "ddos-http";
    private final long minConnections;
    private final double minRate;

    public HttpFloodDetector(DetectorContext ctx) {
        super(ctx, FloodVector.HTTP);
        minConnections = ctx.integer("watch.ddos.http.min-connections");
        minRate = ctx.decimal("watch.ddos.http.min-rate");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    protected Unit unit() {
        return Unit.FLOWS;
    }

    @Override
    protected String noun() {
        return "connections";
    }

    @Override
    protected boolean isFlood(State b) {
        return b.flows() >= minConnections && b.rate(Unit.FLOWS) >= minRate;
    }
}
