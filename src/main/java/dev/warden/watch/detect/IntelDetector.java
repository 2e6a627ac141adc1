package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.incident.IncidentBook;

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

    protected DetectorContext ctx() {
        return ctx;
    }

    protected abstract Match match(FlowRecord f, Device orig, Device resp);

    /** The severity for this incident so far: subclasses raise it when data flowed. */
    protected abstract Severity severityFor(long answered, long bytesIn);

    protected abstract String sentence(Match m, long flows, long answered, long bytesIn, long bytesOut);

    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (nothingListed) return;
        Match m = match(f, orig, resp);
        if (m == null) return;
        IncidentBook.Draft d = ctx.incidents().draft(id(), m.device(), m.entry());
        d.flow(f).counterpart(m.entry());
        boolean outbound = m.device() == orig;
        long answered = count(d, "answered") + (f.state().established() || f.respPackets() > 0 ? 1 : 0);
        long in = count(d, "bytes_in") + (outbound ? f.respBytes() : f.origBytes());
        long out = count(d, "bytes_out") + (outbound ? f.origBytes() : f.respBytes());
        final IncidentBook.Draft fd = d;
        d.severity(severityFor(answered, in))
                .figure("flows", d.flows())
                .figure("answered", answered)
                .figure("bytes_in", in)
                .figure("bytes_out", out)
                .explain(() -> sentence(m, fd.flows(), answered, in, out));
        ctx.incidents().commit(d, now);
    }

    private static long count(IncidentBook.Draft d, String figure) {
        Number n = d.figureValue(figure);
        return n == null ? 0 : n.longValue();
    }
}
