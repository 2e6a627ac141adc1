package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.intel.Indicators;

/**
 * A device talks to a listed malware download server ({@code downloadserverlist}); critical once data came back
 * (a download), high for attempts. Doc: docs/detectors/intel-download.md
 */
public final class KnownDownloadServerDetector extends IntelDetector {
    public static final String ID = "intel-download";

    public KnownDownloadServerDetector(DetectorContext ctx) {
        super(ctx);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device fetches from a known malware download server (" + Indicators.DOWNLOAD_FILE + ")";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    protected Match match(FlowRecord f, Device orig, Device resp) {
        if (orig != null && resp == null && ctx().intel().isDownloadServer(f.dst())) return new Match(orig, f.dst().toString(), "download server");
        if (resp != null && orig == null && ctx().intel().isDownloadServer(f.src())) return new Match(resp, f.src().toString(), "download server");
        return null;
    }

    @Override
    protected Severity severityFor(long answered, long bytesIn) {
        return bytesIn > 1000 ? Severity.CRITICAL : Severity.HIGH;
    }

    @Override
    protected String sentence(Match m, long flows, long answered, long bytesIn, long bytesOut, long lookups, String asked) {
        return "Talked to " + m.entry() + ", listed as a malware download server: " + Text.plural(flows, "connection", "connections")
                + ", " + Text.bytes(bytesIn) + " received" + (bytesIn > 1000 ? " (a download: likely the bot itself)." : ".");
    }
}
