package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.intel.Indicators;

/**
 * A listed loader (the machine that logs into a device and drops the bot, {@code loaderlist}) connects to a device,
 * or the device to it; critical when a session was established. Doc: docs/detectors/intel-loader.md
 */
public final class KnownLoaderDetector extends IntelDetector {
    public static final String ID = "intel-loader";

    public KnownLoaderDetector(DetectorContext ctx) {
        super(ctx);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A known malware loader connects to a device (" + Indicators.LOADER_FILE + ")";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    protected Match match(FlowRecord f, Device orig, Device resp) {
        if (resp != null && orig == null && ctx().intel().isLoader(f.src())) return new Match(resp, f.src().toString(), "loader");
        if (orig != null && resp == null && ctx().intel().isLoader(f.dst())) return new Match(orig, f.dst().toString(), "loader");
        return null;
    }

    @Override
    protected Severity severityFor(long answered, long bytesIn) {
        return answered > 0 ? Severity.CRITICAL : Severity.HIGH;
    }

    @Override
    protected String sentence(Match m, long flows, long answered, long bytesIn, long bytesOut, long lookups, String asked) {
        return "Exchanged traffic with " + m.entry() + ", listed as a malware loader (it logs into devices and drops the bot): "
                + Text.plural(flows, "connection", "connections") + ", " + Text.count(answered) + " established"
                + (answered > 0 ? ". Treat the device as taken over." : ".");
    }
}
