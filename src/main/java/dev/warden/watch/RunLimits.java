package dev.warden.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bounds that keep a run's memory fixed, and what each left out when it was reached: local addresses not tracked
 * as devices ({@code watch.devices.max}), flows ended early because the flow table was full ({@code watch.flow.max-flows}),
 * keys the detectors forgot ({@code watch.state.max-keys}), and closed incidents left out of the final report
 * ({@code watch.incident.max-kept}). A report says each one that happened, so that nothing is left out silently.
 * Figures are 0 when a bound was not reached.
 *
 * @param untrackedIsEstimate whether {@code untrackedAddresses} is an estimate (past the exact count of the registry)
 */
public record RunLimits(long untrackedAddresses, boolean untrackedIsEstimate, int maxDevices, long evictedFlows, int maxFlows,
                        long forgottenKeys, int maxKeys, long droppedIncidents, int maxKept) {
    public static final RunLimits NONE = new RunLimits(0, false, 0, 0, 0, 0, 0, 0, 0);

    /** One plain sentence for each bound that was reached, in the order of the record. */
    public List<String> sentences() {
        var out = new ArrayList<String>(3);
        if (untrackedAddresses > 0) {
            out.add((untrackedIsEstimate ? "about " : "") + n(untrackedAddresses)
                    + (untrackedAddresses == 1 ? " more local address was" : " more local addresses were") + " not tracked as devices (watch.devices.max is "
                    + n(maxDevices) + "; --set watch.devices.max=N tracks more)");
        }
        if (evictedFlows > 0) {
            out.add(n(evictedFlows) + (evictedFlows == 1 ? " flow was" : " flows were") + " ended early because " + n(maxFlows)
                    + " were open at once (watch.flow.max-flows; --set watch.flow.max-flows=N holds more)");
        }
        if (forgottenKeys > 0) {
            out.add("detectors forgot " + n(forgottenKeys) + (forgottenKeys == 1 ? " key" : " keys") + " (a device and a port, a victim, ...) because one tracked more than "
                    + n(maxKeys) + " at once (watch.state.max-keys): activity spread over more keys than that may be missed");
        }
        if (droppedIncidents > 0) {
            out.add(n(droppedIncidents) + (droppedIncidents == 1 ? " closed incident was" : " closed incidents were") + " left out of this report because "
                    + n(maxKept) + " were kept (watch.incident.max-kept); the store, the ledger and the alert hooks got every incident, these without pcap excerpts");
        }
        return out;
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
