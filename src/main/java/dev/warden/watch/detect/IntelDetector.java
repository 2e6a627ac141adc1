package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.incident.IncidentBook;
import dev.warden.watch.packet.PacketEvent;

/**
 * Shared reporting of the threat-intelligence detectors: a flow between a device and a listed endpoint is evidence on
 * its own (one flow is enough), grouped per listed entry. Subclasses say which list and which direction.
 */
public abstract class IntelDetector extends Detector {
    /** A listed endpoint a flow touched, and the device on our side. */
    protected record Match(Device device, String entry, String role) {}

    private final DetectorContext ctx;
    /** No indicators loaded: every flow is passed over at once (the lists are fixed when the engine is built). */
    private final boolean nothingListed;

    protected IntelDetector(DetectorContext ctx) {
        this.ctx = ctx;
        this.nothingListed = ctx.intel().size() == 0;
    }

    /** No list can match a flow that touches no listed address (nor, for C&C names, names no server). */
    @Override
    public java.util.function.Predicate<FlowRecord> flowGate() {
        return ctx.intel().mayConcern;
    }

    protected DetectorContext ctx() {
        return ctx;
    }

    protected abstract Match match(FlowRecord f, Device orig, Device resp);

    /** The severity for this incident so far: subclasses raise it when data flowed. */
    protected abstract Severity severityFor(long answered, long bytesIn);

    protected abstract String sentence(Match m, long flows, long answered, long bytesIn, long bytesOut, long lookups, String asked);

    /** The listed entry a DNS look-up of {@code name} asks for; none by default (address lists hold no names). */
    protected Match matchLookup(Device device, String name) {
        return null;
    }

    /**
     * A device asked DNS for a listed name: evidence on its own, as a connection is (a bot resolves its C&C before it
     * calls it, and keeps asking while the C&C is down). The query packet is the evidence.
     */
    @Override
    public void onLookup(Device device, String name, PacketEvent query, long now) {
        Match m = matchLookup(device, name);
        if (m == null) return;
        IncidentBook.Draft d = ctx.incidents().draft(id(), m.device(), m.entry());
        d.evidence("packet@" + query.tsMicros() + ":" + query.dst() + ":" + query.dstPort(), query.tsMicros(), query.tsMicros())
                .counterpart(m.entry());
        long lookups = count(d, "lookups") + 1, flows = count(d, "flows"), answered = count(d, "answered"), in = count(d, "bytes_in"),
                out = count(d, "bytes_out");
        d.severity(severityFor(answered, in)).figure("lookups", lookups)
                .explain(() -> sentence(m, flows, answered, in, out, lookups, name));
        ctx.incidents().commit(d, now);
    }

    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (nothingListed) return;
        Match m = match(f, orig, resp);
        if (m == null) return;
        IncidentBook.Draft d = ctx.incidents().draft(id(), m.device(), m.entry());
        d.flow(f).counterpart(m.entry());
        boolean outbound = m.device() == orig;
        long flows = count(d, "flows") + 1; // not d.flows(): DNS look-ups are evidence too
        long answered = count(d, "answered") + (f.state().established() || f.respPackets() > 0 ? 1 : 0);
        long in = count(d, "bytes_in") + (outbound ? f.respBytes() : f.origBytes());
        long out = count(d, "bytes_out") + (outbound ? f.origBytes() : f.respBytes());
        final IncidentBook.Draft fd = d;
        final String asked = f.serverName(); // the name it connected by: from its own DNS look-up in a packet input
        d.severity(severityFor(answered, in))
                .figure("flows", flows)
                .figure("answered", answered)
                .figure("bytes_in", in)
                .figure("bytes_out", out)
                .explain(() -> sentence(m, flows, answered, in, out, count(fd, "lookups"), asked));
        ctx.incidents().commit(d, now);
    }

    private static long count(IncidentBook.Draft d, String figure) {
        Number n = d.figureValue(figure);
        return n == null ? 0 : n.longValue();
    }
}
