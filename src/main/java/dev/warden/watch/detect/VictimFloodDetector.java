package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.DistinctEstimate;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.IncidentBook;
import dev.warden.watch.packet.PacketEvent;

import java.util.Locale;
import java.util.Map;

/**
 * Shared accounting of the victim-side flood detectors (packet inputs): a monitored device RECEIVING a flood, one
 * subclass per vector. Each packet a device receives that belongs to the vector and that the device did not ask for
 * counts; a packet the device asked for is one its own request (a SYN, a DNS query, a request to the reflector port)
 * made legitimate within {@code watch.victim.reply-window}: every request lets one reply through. Unsolicited
 * packets are gathered into bursts (a burst ends after {@code watch.ddos.gap} of silence); a burst that crosses the
 * vector's packets, rate and distinct-source thresholds opens an incident keyed by the victim.
 *
 * <p>Memory per victim is fixed: counters, a 1 KB distinct-source estimate ({@link DistinctEstimate}) and a few source
 * ports; victims are bounded by {@code watch.state.max-keys}.
 */
public abstract class VictimFloodDetector extends Detector {
    private final DetectorContext ctx;
    private final long gap, idle, replyWindow;
    private final long minPackets, minSources;
    private final int evidenceIds;
    private final double minRate;
    private final DeviceStates<State> state;
    /** {@link #takesFragments()}, asked once: per packet it was a call through the four subclasses (not inlined). */
    private final boolean fragments;

    /** What one victim has received in this vector. */
    private static final class State {
        long burstStart = Long.MAX_VALUE, burstEnd = Long.MIN_VALUE, packets, bytes, fragments;
        long totalPackets, totalBytes, totalFragments, activeMicros, lastSeen;
        long second = Long.MIN_VALUE, inSecond, peak;
        long credit, lastRequest = Long.MIN_VALUE, answered;
        boolean reported;
        IpAddress victimIp; // the victim's address as text, made again only when the device's address changes
        String victim;
        /** The open incident for {@link #victim}, kept so that a flood's packets need not find it in the book. */
        IncidentBook.Draft draft;
        final DistinctEstimate sources = new DistinctEstimate();
        final int[] ports = new int[4], portCounts = new int[4];
        /**
         * The first distinct sources of the incident (or of the burst before it): the counterparts it names, the
         * reflectors of a reflection flood; {@code moreNamed} once more came than {@code watch.incident.counterparts}.
         */
        final long[] namedHi, namedLo;
        int named;
        boolean moreNamed;

        State(int counterparts) {
            namedHi = new long[counterparts];
            namedLo = new long[counterparts];
        }

        /** Keeps the source among the named ones: 1 when it is new, 2 when it is the first past the bound, else 0. */
        int name(long hi, long lo) {
            if (moreNamed) return 0;
            for (int i = 0; i < named; i++) if (namedLo[i] == lo && namedHi[i] == hi) return 0;
            if (named == namedHi.length) {
                moreNamed = true;
                return 2;
            }
            namedHi[named] = hi;
            namedLo[named] = lo;
            named++;
            return 1;
        }

        double rate() {
            return packets / (Math.max(1_000_000, burstEnd - burstStart) / 1e6);
        }

        void endBurst() {
            if (packets == 0) return;
            if (reported) {
                totalPackets += packets;
                totalBytes += bytes;
                totalFragments += fragments;
                activeMicros += burstEnd - burstStart;
            } else {
                forgetSources();
            }
            burstStart = Long.MAX_VALUE;
            burstEnd = Long.MIN_VALUE;
            packets = bytes = fragments = 0;
        }

        void resetIncident() {
            reported = false;
            totalPackets = totalBytes = totalFragments = activeMicros = answered = 0;
            forgetSources();
        }

        /** Forgets who sent and how fast: the distinct sources, their ports, the named ones and the peak. */
        void forgetSources() {
            sources.clear();
            peak = 0;
            java.util.Arrays.fill(portCounts, 0);
            named = 0;
            moreNamed = false;
        }

        void port(int p) {
            for (int i = 0; i < ports.length; i++) {
                if (portCounts[i] > 0 && ports[i] == p) {
                    portCounts[i]++;
                    return;
                }
            }
            for (int i = 0; i < ports.length; i++) {
                if (portCounts[i] == 0) {
                    ports[i] = p;
                    portCounts[i] = 1;
                    return;
                }
            }
        }

        /** The source ports seen most, most first ("47808 (6,735), 37810 (2,377)"). */
        String topPorts() {
            var b = new StringBuilder();
            boolean[] used = new boolean[ports.length];
            for (int n = 0; n < ports.length; n++) {
                int best = -1;
                for (int i = 0; i < ports.length; i++) if (!used[i] && portCounts[i] > 0 && (best < 0 || portCounts[i] > portCounts[best])) best = i;
                if (best < 0) break;
                used[best] = true;
                if (!b.isEmpty()) b.append(", ");
                b.append(ports[best]).append(" (").append(Text.count(portCounts[best])).append(")");
            }
            return b.toString();
        }
    }

    /** @param prefix the thresholds' prefix in reference.conf, such as {@code watch.victim.syn} */
    protected VictimFloodDetector(DetectorContext ctx, String prefix) {
        this.ctx = ctx;
        gap = ctx.micros("watch.ddos.gap");
        idle = ctx.micros("watch.incident.idle-timeout");
        replyWindow = ctx.micros("watch.victim.reply-window");
        minPackets = ctx.integer(prefix + ".min-packets");
        minRate = ctx.decimal(prefix + ".min-rate");
        minSources = ctx.integer(prefix + ".min-sources");
        evidenceIds = ctx.integer("watch.incident.evidence-flows");
        int counterparts = ctx.integer("watch.incident.counterparts");
        state = new DeviceStates<>(ctx.stateBound(), () -> new State(counterparts));
        fragments = takesFragments();
    }

    /** A packet the victim receives that belongs to this vector (before asking whether the victim asked for it). */
    protected abstract boolean isFloodPacket(PacketEvent p);

    /** A packet the victim sends that makes one such packet a legitimate reply. */
    protected abstract boolean isRequest(PacketEvent p);

    /**
     * Whether IP fragments without ports that follow this vector's packets belong to it (large UDP answers): a constant
     * of the subclass, asked once when this detector is made.
     */
    protected boolean takesFragments() {
        return false;
    }

    /** The vector with its article, as in "Is receiving a spoofed TCP SYN flood". */
    protected abstract String vector();

    /** What the sources are: "spoofed sources", "reflectors". */
    protected abstract String sourcesNoun();

    /** The plain-language part after the figures: what this means for the device. */
    protected abstract String meaning();

    /** Whether the explanation names the source ports (reflected UDP). */
    protected boolean namesPorts() {
        return false;
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    /** A non-first IP fragment of a UDP datagram: no ports. */
    static boolean isUdpFragment(PacketEvent p) {
        return p.protocol() == Protocols.UDP && p.srcPort() < 0;
    }

    /**
     * Each subclass's {@code onPacket}: {@code request} and {@code flood} are its {@link #isRequest} and
     * {@link #isFloodPacket} of the packet, asked there so that those small tests are inlined (called from here, one
     * call site for four classes, they were not).
     */
    protected final void count(PacketEvent p, Device src, Device dst, long now, boolean request, boolean flood) {
        if (src != null && request) {
            State s = state.getOrMake(src.index());
            if (s.lastRequest != Long.MIN_VALUE && p.tsMicros() - s.lastRequest > replyWindow) s.credit = 0;
            s.credit++;
            s.lastRequest = p.tsMicros();
            return;
        }
        if (dst == null) return;
        boolean fragment = fragments && isUdpFragment(p);
        if (!fragment && !flood) return;
        State s = fragment ? state.get(dst.index()) : state.getOrMake(dst.index());
        if (fragment) {
            // a fragment follows the unsolicited first part of its datagram, shortly before
            if (s == null || s.packets + s.totalPackets == 0 || p.tsMicros() - s.lastSeen > 1_000_000) return;
        } else if (s.credit > 0 && p.tsMicros() - s.lastRequest <= replyWindow) {
            s.credit--;
            s.answered++;
            return;
        }
        long ts = p.tsMicros();
        if (s.packets > 0 && ts - s.burstEnd > gap) s.endBurst();
        if (s.victimIp != dst.ip()) {
            s.victimIp = dst.ip();
            s.victim = s.victimIp.toString();
        }
        String victim = s.victim;
        IncidentBook.Draft d = s.draft;
        if (d == null || d.isClosed() || !victim.equals(d.key())) s.draft = d = ctx.incidents().existing(id(), dst, victim);
        if (d == null && s.reported) s.resetIncident();
        s.burstStart = Math.min(s.burstStart, ts);
        s.burstEnd = Math.max(s.burstEnd, ts);
        s.lastSeen = ts;
        s.packets++;
        s.bytes += p.length();
        long sec = ts / 1_000_000;
        if (sec != s.second) {
            s.second = sec;
            s.inSecond = 0;
        }
        s.inSecond++;
        s.peak = Math.max(s.peak, s.inSecond);
        int named;
        if (fragment) {
            s.fragments++;
            named = 0;
        } else {
            s.sources.add(p.srcHi(), p.srcLo());
            s.port(p.srcPort());
            named = s.name(p.srcHi(), p.srcLo());
        }
        if (d == null) {
            if (s.packets < minPackets || s.rate() < minRate || s.sources.estimate() < minSources) return;
            s.draft = d = ctx.incidents().draft(id(), dst, victim);
            d.evidence("packets@" + s.burstStart, s.burstStart, ts);
            // the counterparts are the flood's sources (spoofed or reflecting), the first few by name
            for (int i = 0; i < s.named; i++) d.counterpart(new IpAddress(s.namedHi[i], s.namedLo[i]).toString());
            if (s.moreNamed) d.moreCounterparts();
            s.reported = true;
        } else {
            if (named == 1) d.counterpart(p.src().toString());
            else if (named == 2) d.moreCounterparts();
            // an incident keeps the first few ids only (every id of this draft is one of ours): no text for the rest
            d.evidence(d.flows() < evidenceIds ? "packet@" + ts + ":" + p.src() : null, ts, ts);
        }
        // figures and sentence as plain fields, made into text only when the incident is published (per packet of a flood)
        Figures fig = (Figures) d.facts();
        if (fig == null) d.facts(fig = new Figures());
        fig.s = s;
        fig.victim = victim;
        fig.packets = s.totalPackets + s.packets;
        fig.bytes = s.totalBytes + s.bytes;
        fig.fragments = s.totalFragments + s.fragments;
        fig.active = s.activeMicros + (s.burstEnd - s.burstStart);
        fig.sources = s.sources.estimate();
        fig.peak = Math.max(s.peak, s.rate());
        if (s.answered > 0) fig.answered = s.answered; // once shown, a figure stays (as Draft.figure would keep it)
        d.severity(Severity.HIGH);
        ctx.incidents().commit(d, now);
    }

    /** One incident's figures as of its last commit; {@code s} is read live for the ports and answered requests. */
    private final class Figures implements IncidentBook.Facts {
        State s;
        String victim;
        long sources, packets, bytes, fragments, active, answered;
        double peak;

        @Override
        public void figures(Map<String, Number> into) {
            into.put("sources", sources);
            into.put("packets", packets);
            into.put("bytes", bytes);
            into.put("duration_s", active < 1_000_000 ? Math.round(active / 1e3) / 1e3 : Text.seconds(active));
            into.put("peak_rate", Text.round1(peak));
            if (takesFragments()) into.put("fragments", fragments);
            if (answered > 0) into.put("answered", answered);
        }

        @Override
        public String explanation() {
            return sentence(victim, sources, packets, bytes, fragments, active, peak, s);
        }
    }

    private String sentence(String victim, long sources, long packets, long bytes, long fragments, long active, double peak, State s) {
        String frag = takesFragments() && fragments > 0 ? ", " + Text.count(fragments) + " of them IP fragments without ports" : "";
        String ports = namesPorts() ? " Source ports: " + s.topPorts() + "." : "";
        String answered = s.answered > 0 ? " (" + Text.plural(s.answered, "packet answered", "packets answered") + " its own requests and are not counted)" : "";
        return "Is receiving " + vector() + ": " + Text.plural(packets, "packet", "packets") + " (" + Text.bytes(bytes) + frag + ") from about "
                + Text.count(sources) + " " + sourcesNoun() + " " + span(active) + ", peak "
                + String.format(Locale.ROOT, "%,.0f", peak) + " packets/s (the busiest second), none of which it asked for" + answered + "." + ports + " "
                + meaning() + " Victim: " + victim + ".";
    }

    private static String span(long active) {
        return active < 1_000_000 ? "within " + Math.max(1, Math.round(active / 1e3)) + " ms" : "over " + Text.duration(active);
    }

    @Override
    public void advance(long now) {
        state.removeIf(s -> {
            if (s.packets > 0 && now - s.burstEnd > gap) s.endBurst();
            boolean requestsExpired = s.lastRequest == Long.MIN_VALUE || now - s.lastRequest > replyWindow;
            return s.packets == 0 && requestsExpired && (!s.reported || now - s.lastSeen > idle);
        });
    }
}
