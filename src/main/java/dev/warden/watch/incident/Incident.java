package dev.warden.watch.incident;

import dev.warden.assess.Severity;
import dev.warden.watch.device.DeviceRef;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code warden watch} reports: one device, one detector, one thing it did (keyed, so that a flood of one victim
 * is one incident however long it lasts), with the figures that measure it, the flows that show it and a sentence a
 * person can act on. An incident is a snapshot: the {@link IncidentBook} issues a new one, with a higher
 * {@code revision}, each time it grows.
 *
 * @param id           stable for the life of the incident, in the order incidents were opened ("I1", "I2", ...)
 * @param key          what makes it one incident for its detector (a victim address, a port, a service)
 * @param firstSeen    start of the first evidence flow, microseconds since the epoch
 * @param lastSeen     end of the latest evidence flow
 * @param detectedAt   the event time at which the detector first reported it (for time-to-detect)
 * @param counterparts the other ends (victims, servers, scanned hosts), the first few in order of appearance
 * @param moreCounterparts whether there were more than those kept (the detector's figures say how many)
 * @param figures      measured amounts in the order the detector gives them (packets, bytes, duration_s, ...)
 * @param anomalyScore the device's anomaly score when last updated (0-100, corroboration only), or -1 without one
 */
public record Incident(String id, DeviceRef device, String detector, String key, Severity severity, long firstSeen,
                       long lastSeen, long detectedAt, List<String> counterparts, boolean moreCounterparts,
                       Map<String, Number> figures, Evidence evidence, String explanation, double anomalyScore,
                       boolean open, int revision) {
    public Incident {
        counterparts = List.copyOf(counterparts);
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /**
     * When an update or the end of the incident happened, for a sink that stamps it: the latest evidence, but never
     * before the incident opened. A flow is known when it ends, up to its idle timeout after its last packet, so an
     * incident can open after the traffic it reports was last seen, and a timeline must not run backwards.
     */
    public long updatedAt() {
        return Math.max(lastSeen, detectedAt);
    }

    /** The flows that show an incident: the first few ids, how many there were, and the time ranges they cover. */
    public record Evidence(List<String> flowIds, long flows, List<TimeRange> ranges) {
        public Evidence {
            flowIds = List.copyOf(flowIds);
            ranges = List.copyOf(ranges);
        }
    }

    /** Microseconds since the epoch, start and end inclusive. */
    public record TimeRange(long start, long end) {}
}
