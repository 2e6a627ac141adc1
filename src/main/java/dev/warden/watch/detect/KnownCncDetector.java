package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.intel.Indicators;

/**
 * A device contacts an endpoint listed as a botnet command-and-control server ({@code cncserverlist}: address or name,
 * and port). Names match when the input carries the server's name (DNS or TLS). Doc: docs/detectors/intel-cnc.md
 */
public final class KnownCncDetector extends IntelDetector {
    public static final String ID = "intel-cnc";

    public KnownCncDetector(DetectorContext ctx) {
        super(ctx);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device contacts a known botnet command-and-control server (" + Indicators.CNC_FILE + ")";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    protected Match match(FlowRecord f, Device orig, Device resp) {
        if (orig == null || resp != null) return null;
        String entry = ctx().intel().cncEntry(f.dst(), f.dstPort(), f.serverName());
        return entry == null ? null : new Match(orig, entry, "C&C");
    }

    @Override
    protected Severity severityFor(long answered, long bytesIn) {
        return Severity.CRITICAL;
    }

    @Override
    protected String sentence(Match m, long flows, long answered, long bytesIn, long bytesOut) {
        return "Contacted " + m.entry() + ", listed as a botnet command-and-control server: " + Text.plural(flows, "connection", "connections")
                + ", " + Text.count(answered) + " answered, " + Text.bytes(bytesIn) + " received. A device that calls a C&C server is taken over.";
    }
}
