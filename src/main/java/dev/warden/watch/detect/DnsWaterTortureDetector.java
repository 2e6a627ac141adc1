package dev.warden.watch.detect;

/**
 * DNS water torture: Mirai's "dns" vector asks the device's own resolver for random names under the victim's domain,
 * so the flood reaches the victim's name servers through the resolver. In flow records it shows as a burst of DNS
 * queries (each from a new source port, so each its own flow) to one resolver; the victim domain is only named when
 * the input carries query names. Doc: docs/detectors/ddos-dns.md
 */
public final class DnsWaterTortureDetector extends FloodDetector {
    public static final String ID = "ddos-dns";
    private final long minQueries;
    private final double minRate;

    public DnsWaterTortureDetector(DetectorContext ctx) {
        super(ctx, FloodVector.DNS);
        minQueries = ctx.integer("watch.ddos.dns.min-queries");
        minRate = ctx.decimal("watch.ddos.dns.min-rate");
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
        return "queries";
    }

    @Override
    protected boolean isFlood(State b) {
        return b.flows() >= minQueries && b.rate(Unit.FLOWS) >= minRate;
    }

    @Override
    protected String preposition() {
        return "through resolver";
    }

    @Override
    protected String consequence() {
        return "The victim is the domain being queried (random names under it): the resolver carries the flood to its name servers.";
    }
}
