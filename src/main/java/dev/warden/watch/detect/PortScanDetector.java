package dev.warden.watch.detect;

import dev.warden.assess.Severity;
import dev.warden.watch.device.Device;
import dev.warden.watch.flow.FlowRecord;
import dev.warden.watch.flow.IpAddress;
import dev.warden.watch.flow.Protocols;
import dev.warden.watch.incident.IncidentBook;

/**
 * Vertical scan, after Zeek's scan policy: one device makes failed attempts to many distinct ports of one host (15
 * within 5 minutes by default). Doc: docs/detectors/port-scan.md
 */
public final class PortScanDetector extends Detector {
    public static final String ID = "port-scan";

    private final DetectorContext ctx;
    private final int minPorts, maxDistinct, evidence;
    private final long window, idle;
    private final BoundedMap<Key, State> state;

    private record Key(int device, IpAddress host) {}

    private static final class State {
        final SlidingDistinct<Integer> ports;
        final PendingEvidence pending;
        boolean reported;
        long last;
        long portsTotal;

        State(long window, int max, int evidence) {
            ports = new SlidingDistinct<>(window, max);
            pending = new PendingEvidence(evidence);
        }

        void reset() {
            reported = false;
            portsTotal = 0;
            pending.clear();
        }
    }

    public PortScanDetector(DetectorContext ctx) {
        this.ctx = ctx;
        minPorts = ctx.integer("watch.port-scan.min-ports");
        window = ctx.micros("watch.port-scan.window");
        maxDistinct = ctx.integer("watch.state.max-distinct");
        evidence = ctx.integer("watch.incident.evidence-flows");
        idle = ctx.micros("watch.incident.idle-timeout");
        state = new BoundedMap<>(ctx.stateBound(), () -> new State(window, maxDistinct, evidence));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "A device makes failed attempts to many ports of one host (vertical scan)";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }


    @Override
    public boolean onlyFlowsFromDevices() {
        return true;
    }
    @Override
    public void onFlow(FlowRecord f, Device orig, Device resp, long now) {
        if (orig == null || f.dst().isMulticastOrBroadcast() || !AddressScanDetector.failedAttempt(f)) return;
        State s = state.getOrMake(new Key(orig.index(), f.dst()));
        String host = f.dst().toString();
        IncidentBook.Draft d = ctx.incidents().existing(ID, orig, host);
        if (d == null && s.reported) s.reset();
        s.last = now;
        boolean fresh = s.ports.add((f.protocol() << 16) | f.dstPort(), f.endMicros());
        if (fresh) s.portsTotal++;
        if (d == null) {
            s.pending.add(f, window);
            if (s.ports.size() < minPorts) return;
            d = ctx.incidents().draft(ID, orig, host);
            s.pending.drainInto(d);
            d.counterpart(host);
            s.portsTotal = s.ports.size();
            s.reported = true;
        } else {
            d.flow(f);
        }
        final IncidentBook.Draft fd = d;
        d.severity(Severity.MEDIUM)
                .figure("ports", s.portsTotal)
                .figure("attempts", d.flows())
                .figure("duration_s", Text.seconds(d.lastSeen() - d.firstSeen()))
                .explain(() -> "Tried " + Text.plural(s.portsTotal, "port", "ports") + " of " + host + " without getting a connection ("
                        + Text.plural(fd.flows(), "attempt", "attempts") + ", last on " + Protocols.name(f.protocol()) + "/" + f.dstPort()
                        + "): a vertical scan of one host.");
        ctx.incidents().commit(d, now);
    }

    @Override
    public void advance(long now) {
        state.values().removeIf(s -> {
            s.ports.expire(now);
            return s.ports.isEmpty() && (!s.reported || now - s.last > idle);
        });
    }
}
