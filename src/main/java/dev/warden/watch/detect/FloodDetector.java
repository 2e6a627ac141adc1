package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.IncidentBook;

import java.util.Locale;
import java.util.Map;

/**
 * Shared accounting of the DDoS detectors: one per vector, each a small subclass that names its thresholds. Traffic
 * from a device to one victim in one vector is gathered into bursts (a burst ends after {@code watch.ddos.gap} of
 * silence); a burst that crosses the vector's volume and rate thresholds opens an incident naming the victim, and
 * later bursts to the same victim add to it while it is open. Harm is measured as packets, bytes, active duration and
 * peak rate. A flow record counts as at least one packet: Zeek counts none when checksums are bad, which is what
 * raw-socket floods produce.
 */
public abstract class FloodDetector extends Detector {
    /** What a vector counts: packets, or flows (queries, connections). */
    protected enum Unit { PACKETS, FLOWS }

    private final DetectorContext ctx;
    private final FloodVector vector;
    private final long gap, idle;
    private final int evidence;
    private final BoundedMap<Key, State> state;

    private record Key(int device, IpAddress victim) {}

    /** A burst in progress, and the totals of earlier bursts of the same incident. */
    protected static final class State {
        long burstStart = Long.MAX_VALUE, burstEnd = Long.MIN_VALUE, lastEnd, flows, packets, bytes, replies;
        long totalFlows, totalPackets, totalBytes, activeMicros, badChecksums;
        double peakRate;
        int lastPort = -1;
        boolean manyPorts, reported;
        String victim; // the victim's address as text (the key's), made once
        final PendingEvidence pending;

        State(int evidence) {
            pending = new PendingEvidence(evidence);
        }

        /** The burst's duration, at least one second so that a rate stays finite. */
        public long spanMicros() {
            return Math.max(1_000_000, burstEnd - burstStart);
        }

        public double rate(Unit unit) {
            return (unit == Unit.PACKETS ? packets : flows) / (spanMicros() / 1e6);
        }

        void endBurst(Unit unit) {
            if (flows == 0) return;
            if (reported) {
                peakRate = Math.max(peakRate, rate(unit));
                totalFlows += flows;
                totalPackets += packets;
                totalBytes += bytes;
                activeMicros += burstEnd - burstStart;
            }
            burstStart = Long.MAX_VALUE;
            burstEnd = Long.MIN_VALUE;
            flows = packets = bytes = replies = 0;
        }

        void resetIncident() {
            reported = false;
            totalFlows = totalPackets = totalBytes = activeMicros = 0;
            peakRate = 0;
            manyPorts = false;
            lastPort = -1;
            badChecksums = 0;
        }

        public long flows() {
            return flows;
        }

        public long packets() {
            return packets;
        }

        public long replies() {
            return replies;
        }
    }

    protected FloodDetector(DetectorContext ctx, FloodVector vector) {
        this.ctx = ctx;
        this.vector = vector;
        gap = ctx.micros("watch.ddos.gap");
        idle = ctx.micros("watch.incident.idle-timeout");
        evidence = ctx.integer("watch.incident.evidence-flows");
        state = new BoundedMap<>(ctx.stateBound(), () -> new State(evidence));
    }

    public FloodVector vector() {
        return vector;
    }

    /** What this vector counts, for rates and figures. */
    protected abstract Unit unit();

    /** Whether the burst so far is a flood by this vector's thresholds. */
    protected abstract boolean isFlood(State burst);

    /** The noun for a unit of this vector: "packets", "queries", "connections". */
    protected String noun() {
        return unit() == Unit.PACKETS ? "packets" : "flows";
    }

    @Override
    public String summary() {
        return "A device takes part in " + vector.withArticle() + ", naming the victim and measuring the harm";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }


    @Override
    public boolean onlyFlowsFromDevices() {
        return true;
    }
    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (orig != null && FloodVector.classify(f) == vector) onFlowOfVector(f, orig, now);
    }

    /**
     * A flow from device {@code orig} that {@link FloodVector#classify} puts in this detector's vector: what
     * {@link #onFlow} does after classifying, for an engine that classifies each flow once for all the flood detectors.
     */
    public void onFlowOfVector(FlowRecord f, Device orig, long now) {
        State s = state.getOrMake(new Key(orig.index(), f.dst()));
        if (s.flows > 0 && f.startMicros() - s.burstEnd > gap) s.endBurst(unit());
        if (s.victim == null) s.victim = f.dst().toString();
        String victim = s.victim;
        IncidentBook.Draft d = ctx.incidents().existing(id(), orig, victim);
        if (d == null && s.reported) s.resetIncident();
        s.burstStart = Math.min(s.burstStart, f.startMicros());
        s.burstEnd = Math.max(s.burstEnd, f.endMicros());
        s.lastEnd = Math.max(s.lastEnd, s.burstEnd);
        s.flows++;
        s.packets += f.packetsAtLeastOne();
        s.bytes += f.origBytes();
        s.replies += f.respPackets();
        if (f.badChecksums()) s.badChecksums++;
        if (s.lastPort >= 0 && s.lastPort != f.dstPort()) s.manyPorts = true;
        s.lastPort = f.dstPort();
        if (d == null) {
            s.pending.add(f, gap);
            if (!isFlood(s)) return;
            d = ctx.incidents().draft(id(), orig, victim);
            s.pending.drainInto(d);
            d.counterpart(victim);
            s.reported = true;
        } else {
            d.flow(f);
        }
        // figures and sentence as plain fields, made into text only when the incident is published (per flow of a flood)
        Figures fig = (Figures) d.facts();
        if (fig == null) d.facts(fig = new Figures());
        fig.s = s;
        fig.victim = victim;
        fig.flows = s.totalFlows + s.flows;
        fig.packets = s.totalPackets + s.packets;
        fig.bytes = s.totalBytes + s.bytes;
        fig.active = s.activeMicros + (s.burstEnd - s.burstStart);
        fig.peak = Math.max(s.peakRate, s.rate(unit()));
        fig.manyPorts = s.manyPorts;
        fig.protocol = f.protocol();
        fig.port = f.dstPort();
        d.severity(Severity.CRITICAL);
        ctx.incidents().commit(d, now);
    }

    /** One incident's figures as of its last commit; {@code s} is read live for the bad-checksum count. */
    private final class Figures implements IncidentBook.Facts {
        State s;
        String victim;
        long flows, packets, bytes, active;
        double peak;
        boolean manyPorts;
        int protocol, port;

        @Override
        public void figures(Map<String, Number> into) {
            into.put("flows", flows);
            into.put("packets", packets);
            into.put("bytes", bytes);
            into.put("duration_s", Text.seconds(active));
            into.put("peak_rate", Text.round1(peak));
        }

        @Override
        public String explanation() {
            String target = victim + (manyPorts ? " (many ports)" : " (" + Protocols.name(protocol) + (protocol == Protocols.GRE ? "" : "/" + port) + ")");
            return sentence(target, flows, packets, bytes, active, peak, s);
        }
    }

    /** The incident's plain-language sentence; vectors that count flows say so. */
    protected String sentence(String target, long flows, long packets, long bytes, long active, double peak, State s) {
        String amount = unit() == Unit.PACKETS
                ? Text.plural(packets, "packet", "packets") + " (" + Text.bytes(bytes) + ")"
                : Text.count(flows) + " " + noun() + " (" + Text.plural(packets, "packet", "packets") + ", " + Text.bytes(bytes) + ")";
        String crafted = s.badChecksums > 0
                ? " " + Text.count(s.badChecksums) + " of the records had bad checksums, the mark of packets written on a raw socket"
                + (bytes == 0 ? " (the log counted none of their bytes)." : ".")
                : "";
        return "Took part in " + vector.withArticle() + " " + preposition() + " " + target + ": " + amount + " over "
                + Text.duration(Math.max(active, 1_000_000)) + ", peak " + String.format(Locale.ROOT, "%,.0f", peak) + " " + noun()
                + "/s." + crafted + " " + consequence();
    }

    /** "against" the victim; DNS water torture goes "through" a resolver. */
    protected String preposition() {
        return "against";
    }

    protected String consequence() {
        return "The device is being used as a weapon against that address.";
    }

    @Override
    public void advance(long now) {
        state.values().removeIf(s -> {
            if (s.flows > 0 && now - s.burstEnd > gap) s.endBurst(unit());
            return s.flows == 0 && (!s.reported || now - s.lastEnd > idle);
        });
    }
}
